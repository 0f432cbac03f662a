#include "knowset/merge/conflict.hpp"

#include "knowset/core/ids.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace knowset {

std::string_view toString(ConflictKind kind) {
    return kind == ConflictKind::Field ? "field" : "edit_delete";
}

Json ConflictSide::toJson() const {
    return {
        {"value", value}, {"version", version.toString()}, {"author", author}, {"received_at", receivedAt}};
}

Json Conflict::toFields() const {
    return {{"collection", collection}, {"record_id", recordId},     {"field", field},
            {"kind", toString(kind)},   {"winner", winner.toJson()}, {"loser", loser.toJson()},
            {"status", "open"}};
}

std::string conflictId(ConflictKind kind, std::string_view collection, std::string_view recordId,
                       std::string_view field, const Version& first, const Version& second) {
    const auto [low, high] = std::minmax(first, second);
    // '\n' cannot occur in any part (names and versions are validated), so the join is unambiguous.
    std::string identity;
    for (const std::string_view part : {toString(kind), collection, recordId, field}) {
        identity.append(part);
        identity.push_back('\n');
    }
    identity += low.toString() + '\n' + high.toString();

    ensureSodium();
    std::array<unsigned char, 16> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(identity.data()),
                       identity.size(), nullptr, 0);
    hash[6] = static_cast<unsigned char>((hash[6] & 0x0fU) | 0x80U); // version 8: custom
    hash[8] = static_cast<unsigned char>((hash[8] & 0x3fU) | 0x80U); // RFC 9562 variant

    std::array<char, 37> text{};
    std::snprintf(text.data(), text.size(),
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", hash[0], hash[1],
                  hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9], hash[10], hash[11],
                  hash[12], hash[13], hash[14], hash[15]);
    return {text.data(), 36};
}

} // namespace knowset
