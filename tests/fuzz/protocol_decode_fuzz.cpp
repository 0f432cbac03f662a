// Fuzz target: the protocol v1 decoder (codec, json_prescan, json_reader, patchFromJson) on
// hostile frames. One input is one WebSocket text frame, decoded with a server's limits.
//
// Beyond "never crashes, never throws, no sanitizer report", it checks:
//   - an accepted frame is a message that survives encode and decode unchanged, and each of
//     its patches survives toJson and patchFromJson unchanged;
//   - a refused frame gets an error the peer can be told: too_large or protocol, and a
//     description that is valid UTF-8 without control characters (it goes into logs and into
//     the `error` message sent back), short enough for an `error` message, which round-trips.
#include "knowset/protocol/codec.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

namespace {

using namespace knowset;
using namespace knowset::protocol;

const std::vector<RecordPatch>* patchesOf(const Message& message) {
    if (const auto* push = std::get_if<Push>(&message)) {
        return &push->changes;
    }
    if (const auto* changes = std::get_if<Changes>(&message)) {
        return &changes->records;
    }
    return nullptr;
}

void checkAccepted(const Message& message, const DecodeLimits& limits) {
    const std::string encoded = encode(message);
    const auto again = decode(encoded, limits);
    FUZZ_CHECK(again.hasValue(), "the encoding of an accepted message is refused: " +
                                     again.error().describe() + "\n  encoded: " + encoded);
    FUZZ_CHECK(*again == message, "decode(encode(m)) != m for " + encoded);

    if (const auto* patches = patchesOf(message)) {
        for (const RecordPatch& patch : *patches) {
            const auto decoded = patchFromJson(toJson(patch), {}, limits.patch);
            FUZZ_CHECK(decoded.hasValue(), "patchFromJson(toJson(p)) refused: " + decoded.error().describe());
            FUZZ_CHECK(*decoded == patch, "patchFromJson(toJson(p)) != p for " + toJson(patch).dump());
        }
    }
}

bool hasControlCharacter(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20U || byte == 0x7fU) {
            return true;
        }
    }
    return false;
}

void checkRefused(const DecodeError& error, const DecodeLimits& limits) {
    const std::string description = error.describe();
    FUZZ_CHECK(!description.empty(), "a refusal without a description");
    FUZZ_CHECK(fuzz::isValidUtf8(description),
               "the refusal is not valid UTF-8: " +
                   Json(description).dump(-1, ' ', true, Json::error_handler_t::replace));
    FUZZ_CHECK(!hasControlCharacter(description),
               "the refusal holds a control character: " + Json(description).dump(-1, ' ', true));
    const ErrorCode code = errorCodeFor(error);
    FUZZ_CHECK(code == ErrorCode::TooLarge || code == ErrorCode::Protocol,
               "unexpected error code " + std::string(toString(code)));

    // What a server answers before closing (server/sync/sync_connection.cpp) must reach the peer
    // as it was written.
    const Message reply = ErrorMessage{code, description, std::nullopt};
    const auto received = decode(encode(reply), limits);
    FUZZ_CHECK(received.hasValue(), "the error reply is refused: " + received.error().describe());
    FUZZ_CHECK(*received == reply, "the error reply changed on the way: " + encode(reply));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const DecodeLimits limits;
    const auto decoded = decode(text, limits);
    if (decoded) {
        checkAccepted(*decoded, limits);
    } else {
        checkRefused(decoded.error(), limits);
    }
    return 0;
}
