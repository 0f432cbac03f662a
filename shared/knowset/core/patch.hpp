// Field changes and record patches: the unit of replication.
//
// A patch is one record's changed fields, each with its value, its new version and its base
// (the version the writer saw when editing; absent when the writer saw no value). On the
// wire: {"c": collection, "id": id, "fields": {name: {"v": value, "ver": v, "base": b}}}
// plus, on deletions only, "seen": {name: version} — every field version the deleter saw,
// so the server can tell a deletion apart from edits it never saw (edit_delete conflicts).
#pragma once

#include "knowset/core/decode_error.hpp"
#include "knowset/core/expected.hpp"
#include "knowset/core/version.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace knowset {

using Json = nlohmann::json;

// Field names starting with '_' are the system's; `_deleted` is the tombstone flag.
inline constexpr std::string_view kDeletedField = "_deleted";

struct FieldChange {
    Json value;
    Version version;
    std::optional<Version> base;

    bool operator==(const FieldChange&) const = default;
};

struct RecordPatch {
    std::string collection;
    std::string id;
    std::map<std::string, FieldChange, std::less<>> fields;
    std::map<std::string, Version, std::less<>> seen;

    bool operator==(const RecordPatch&) const = default;
};

// Bounds that keep a hostile patch from costing more than a frame's worth of work.
struct PatchLimits {
    std::size_t maxFields = 256;
    std::size_t maxIdLength = 128;
    std::size_t maxNameLength = 64;
};

bool isValidName(std::string_view name, std::size_t maxLength = PatchLimits{}.maxNameLength);

Json toJson(const RecordPatch& patch);
// At least toJson(patch).dump().size() (exact but for numbers, which count as their longest
// text), computed without building the text: for filling a message up to a byte budget.
std::size_t encodedSizeBound(const RecordPatch& patch);
// `path` prefixes error paths, e.g. "changes[2]".
Expected<RecordPatch, DecodeError> patchFromJson(const Json& json, const std::string& path = {},
                                                 const PatchLimits& limits = {});

} // namespace knowset
