// Conflict records: what the server keeps when a concurrent edit overwrites a value or loses.
//
// Two kinds (DESIGN.md "Conflict flags"):
//   field        two writers changed one field without seeing each other's value;
//   edit_delete  a field was edited concurrently with the record's deletion (the record
//                stays deleted; the edited value is kept under the tombstone and a
//                supervisor may restore the record).
//
// A conflict's id is derived from what it is about — kind, collection, record, field and the
// two versions — so the same pair of changes meeting again (a push re-sent after a lost ack,
// or the same pair met in the other order) always yields the same id and never a second
// conflict.
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/core/version.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace knowset {

inline constexpr std::string_view kConflictCollection = "conflict";

enum class ConflictKind { Field, EditDelete };

std::string_view toString(ConflictKind kind);

struct ConflictSide {
    Json value;
    Version version;
    std::string author;
    std::int64_t receivedAt = 0; // when the server received it (ms since the epoch), 0 if unknown

    Json toJson() const;
    bool operator==(const ConflictSide&) const = default;
};

struct Conflict {
    std::string id;
    ConflictKind kind = ConflictKind::Field;
    std::string collection;
    std::string recordId;
    std::string field;
    ConflictSide winner;
    ConflictSide loser;

    // The fields of the open `conflict` record that stores it.
    Json toFields() const;
    bool operator==(const Conflict&) const = default;
};

// A UUID-formatted id (version 8, RFC 9562) from a BLAKE2b hash of the conflict's identity.
// The two versions may be given in either order.
std::string conflictId(ConflictKind kind, std::string_view collection, std::string_view recordId,
                       std::string_view field, const Version& first, const Version& second);

} // namespace knowset
