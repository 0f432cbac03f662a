// Golden protocol vectors: every tests/data/protocol/*.json must decode, re-encode to the same
// JSON value, and survive decode(encode(m)) == m. A new file in that folder is checked
// without touching this test.
#include "knowset/protocol/codec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace knowset;
using namespace knowset::protocol;

std::filesystem::path goldenDir() {
    return std::filesystem::path(KNOWSET_TEST_DATA_DIR) / "protocol";
}

std::vector<std::filesystem::path> goldenFiles() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(goldenDir())) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("golden protocol vectors round-trip", "[protocol][golden]") {
    const auto files = goldenFiles();
    std::set<std::string> types;
    std::size_t checked = 0;
    for (const auto& path : files) {
        INFO("golden file " << path.filename().string());
        const std::string text = readFile(path);
        REQUIRE_FALSE(text.empty());

        const auto decoded = decode(text);
        if (!decoded) {
            FAIL("refused: " << toString(decoded.error().kind) << " " << decoded.error().describe());
        }
        const Message& message = *decoded;
        types.insert(std::string(messageType(message)));

        // The file's JSON is exactly what the encoder writes for the decoded message.
        const Json expected = Json::parse(text);
        CHECK(toJson(message) == expected);
        const std::string encoded = encode(message);
        CHECK(Json::parse(encoded) == expected);
        CHECK(expected.at("type").get<std::string>() == messageType(message));

        // And the encoded text decodes to the same message.
        const auto again = decode(encoded);
        REQUIRE(again.hasValue());
        CHECK(*again == message);
        ++checked;
    }
    CHECK(checked >= 13);
    // Every message type of protocol v1 has at least one vector.
    for (const std::string_view type : kMessageTypes) {
        INFO("message type " << type);
        CHECK(types.count(std::string(type)) == 1);
    }
}

TEST_CASE("encode writes compact JSON", "[protocol][golden]") {
    Pull pull;
    pull.id = "0193a1b2-c3e1-7a02-9b2c-3d4e5f607183";
    pull.cursor = 42;
    pull.limit = 500;
    const std::string text = encode(pull);
    CHECK(text.find(' ') == std::string::npos);
    CHECK(text.find('\n') == std::string::npos);
    CHECK(Json::parse(text) == Json{{"type", "pull"},
                                    {"id", "0193a1b2-c3e1-7a02-9b2c-3d4e5f607183"},
                                    {"cursor", 42},
                                    {"limit", 500}});
}

TEST_CASE("messages built in code round-trip through the codec", "[protocol][golden]") {
    const auto version = Version::parse("0193a1b2c3d40000-8f3e2a1b4c5d6e7f").value();

    Hello hello;
    hello.id = "h1";
    hello.node = NodeId(0x8f3e2a1b4c5d6e7fULL);
    hello.schema = 3;
    hello.cursor = 9223372036854775807LL;
    hello.auth = PasswordAuth{"maria.lopez", std::string("p\"w\\d\n\x01 ü", 10)};

    RecordPatch patch;
    patch.collection = "kpi";
    patch.id = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    patch.fields["target"] = FieldChange{Json(0.95), version, std::nullopt};
    patch.fields["tolerance"] = FieldChange{Json(-0.05), version, version};
    Push push;
    push.id = "p1";
    push.seqFrom = 9223372036854775807LL; // one change: the last journal number is still int64
    push.changes = {patch};

    Changes live;
    live.records = {patch};
    live.cursor = 7;

    Welcome welcome;
    welcome.id = "h1";
    welcome.server = "knowset-server/0.1.0";
    welcome.user = "admin";
    welcome.roles = {"admin"};
    welcome.time = 0;
    welcome.maxMessageBytes = 1;

    ErrorMessage error;
    error.code = ErrorCode::NotFound;
    error.message = "";

    HistoryReply history;
    history.id = "q";
    history.collection = "article";
    history.recordId = "r";
    history.entries.push_back(HistoryEntry{"_deleted", Json(true), version, 1, "", 0});

    Resolve resolve;
    resolve.id = "r1";
    resolve.conflict = "c1";
    resolve.value = nullptr; // clearing the field is a valid resolution

    const std::vector<Message> messages{hello,
                                        push,
                                        live,
                                        welcome,
                                        error,
                                        history,
                                        resolve,
                                        Ack{"a", 0, {}},
                                        Revoke{{RecordRef{"customer", "x"}}}};
    for (const Message& message : messages) {
        INFO(encode(message));
        const auto decoded = decode(encode(message));
        if (!decoded) {
            FAIL(decoded.error().describe());
        }
        CHECK(*decoded == message);
    }
}
