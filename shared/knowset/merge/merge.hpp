// The merge rule and conflict detection: pure functions, the same code on client and server.
//
// Merge rule (last writer wins per field). For an incoming change (x, v) against the current
// (y, w) of the same field:
//   1. no current value      -> take x
//   2. v >  w                -> take x
//   3. v <= w                -> keep y   (v == w is the same change again: a no-op)
// Versions are (hlc, node), compared hlc first, node second, so the order is total and every
// replica picks the same winner. The state of a record is therefore a pure function of the
// SET of changes it has seen, whatever their order, batching or repetition.
//
// Conflict detection (authoritative on the server). The incoming change also carries its base
// b: the version of the field the writer saw. It is concurrent with the current value when
// b != w (the writer had not seen w) and x != y. Then the merge rule still decides, and the
// side that lost — the overwritten current value or the refused incoming one — is kept in a
// Conflict. A fast-forward (b == w) that wins is never a conflict. (A fast-forward that loses
// cannot happen with hybrid clocks, because the writer's clock had received w; should a broken
// clock make it happen, it is flagged too, since nothing may be dropped silently.)
//
// Edit versus delete (`_deleted` is an ordinary field, so delete against restore is a field
// conflict). Two further cases are flagged as kind edit_delete, one conflict per edited field:
//   A. an edit arrives for a record that is deleted, and does not itself restore it: the
//      writer had not seen the deletion (a replica refuses edits to records it sees deleted);
//   B. a deletion wins over a record whose field versions differ from what the deleter saw
//      (the patch's `seen` map): the deleter had not seen those edits.
// Both use the id of the pair (deletion version, edit version), so the two arrival orders of
// the same edit and deletion produce the same conflict.
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/merge/conflict.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace knowset {

enum class MergeDecision { Apply, Keep };

MergeDecision mergeField(const std::optional<Version>& current, const Version& incoming);

// A field as a store holds it: value, version and, on the server, who wrote it and when it
// arrived (conflicts show both "when typed" and "when it arrived").
struct StoredField {
    Json value;
    Version version;
    std::string author;
    std::int64_t receivedAt = 0;

    bool operator==(const StoredField&) const = default;
};

using StoredFields = std::map<std::string, StoredField, std::less<>>;

bool isDeleted(const StoredFields& fields);
bool isSystemField(std::string_view name);

// Who sent an incoming patch and when the server received it.
struct IncomingContext {
    std::string author;
    std::int64_t receivedAt = 0;
};

struct FieldVerdict {
    MergeDecision decision = MergeDecision::Keep;
    std::optional<Conflict> conflict;
};

// One field change against the current state of that field (nullptr: no current value).
FieldVerdict judgeFieldChange(std::string_view collection, std::string_view recordId, std::string_view field,
                              const StoredField* current, const FieldChange& incoming,
                              const IncomingContext& context);

struct PatchVerdict {
    std::vector<std::string> applied; // the fields whose incoming change wins
    std::vector<Conflict> conflicts;  // at most one per field
};

// A whole patch against the record's current fields (empty when the record is new).
PatchVerdict judgePatch(const StoredFields& current, const RecordPatch& patch,
                        const IncomingContext& context);

// Writes the winning changes of `verdict` into `fields`.
void applyVerdict(StoredFields& fields, const RecordPatch& patch, const PatchVerdict& verdict,
                  const IncomingContext& context);

} // namespace knowset
