#include "knowset/core/patch.hpp"

#include <algorithm>

namespace knowset {

namespace {

Unexpected<DecodeError> refuse(DecodeErrorKind kind, std::string path, std::string message) {
    return {DecodeError{kind, std::move(path), std::move(message)}};
}

std::string join(const std::string& path, std::string_view member) {
    return path.empty() ? std::string(member) : path + "." + std::string(member);
}

// A member name from hostile input, safe to put into an error path that may be logged or
// sent back: short printable ASCII as it is, anything else replaced by a placeholder.
std::string_view printable(std::string_view name) {
    const bool plain =
        name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
            return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
        });
    return plain ? name : std::string_view("<unprintable or over-long name>");
}

Expected<Version, DecodeError> versionFrom(const Json& json, const std::string& path) {
    if (!json.is_string()) {
        return refuse(DecodeErrorKind::WrongType, path, "expected a version string");
    }
    const auto version = Version::parse(json.get_ref<const std::string&>());
    if (!version) {
        return refuse(DecodeErrorKind::InvalidValue, path,
                      "expected a version of the form <16 hex digits>-<16 hex digits>");
    }
    return *version;
}

} // namespace

bool isValidName(std::string_view name, std::size_t maxLength) {
    if (name.empty() || name.size() > maxLength) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (!(letter || (i > 0 && digit))) {
            return false;
        }
    }
    return true;
}

Json toJson(const RecordPatch& patch) {
    Json fields = Json::object();
    for (const auto& [name, change] : patch.fields) {
        Json field = {{"v", change.value}, {"ver", change.version.toString()}};
        field["base"] = change.base ? Json(change.base->toString()) : Json(nullptr);
        fields[name] = std::move(field);
    }
    Json json = {{"c", patch.collection}, {"id", patch.id}, {"fields", std::move(fields)}};
    if (!patch.seen.empty()) {
        Json seen = Json::object();
        for (const auto& [name, version] : patch.seen) {
            seen[name] = version.toString();
        }
        json["seen"] = std::move(seen);
    }
    return json;
}

namespace {

// The length of `text` as a JSON string, quotes included, as nlohmann::json::dump writes it:
// '"' and '\\' and the short escapes take two bytes, other control characters six.
std::size_t quotedSize(std::string_view text) {
    std::size_t size = text.size() + 2;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == '"' || byte == '\\' || byte == '\b' || byte == '\f' || byte == '\n' || byte == '\r' ||
            byte == '\t') {
            size += 1;
        } else if (byte < 0x20) {
            size += 5;
        }
    }
    return size;
}

std::size_t textSizeBound(const Json& value) {
    switch (value.type()) {
    case Json::value_t::string:
        return quotedSize(value.get_ref<const std::string&>());
    case Json::value_t::object: {
        std::size_t size = 2 + (value.empty() ? 0 : value.size() - 1); // braces and commas
        for (const auto& [key, member] : value.items()) {
            size += quotedSize(key) + 1 + textSizeBound(member);
        }
        return size;
    }
    case Json::value_t::array: {
        std::size_t size = 2 + (value.empty() ? 0 : value.size() - 1);
        for (const Json& element : value) {
            size += textSizeBound(element);
        }
        return size;
    }
    case Json::value_t::boolean:
        return value.get<bool>() ? 4 : 5;
    case Json::value_t::null:
    case Json::value_t::discarded:
        return 4;
    default:
        return 24; // the longest integer (-9223372036854775808: 20) or double (%.17g with exponent)
    }
}

} // namespace

std::size_t encodedSizeBound(const RecordPatch& patch) {
    constexpr std::size_t kVersionText = Version::kTextLength + 2;
    // {"c":..,"id":..,"fields":{..}}
    std::size_t size = 24 + quotedSize(patch.collection) + quotedSize(patch.id);
    for (const auto& [name, change] : patch.fields) {
        // "name":{"v":..,"ver":"..","base":".."|null}
        size += quotedSize(name) + 13 + textSizeBound(change.value) + kVersionText + 8 +
                (change.base ? kVersionText : 4) + 1;
    }
    size += patch.fields.empty() ? 0 : patch.fields.size() - 1; // commas
    if (!patch.seen.empty()) {
        size += 10 + patch.seen.size() - 1; // ,"seen":{} and commas
        for (const auto& [name, version] : patch.seen) {
            size += quotedSize(name) + 1 + kVersionText;
        }
    }
    return size;
}

Expected<RecordPatch, DecodeError> patchFromJson(const Json& json, const std::string& path,
                                                 const PatchLimits& limits) {
    if (!json.is_object()) {
        return refuse(DecodeErrorKind::NotAnObject, path, "a patch must be an object");
    }
    RecordPatch patch;

    const auto collection = json.find("c");
    if (collection == json.end()) {
        return refuse(DecodeErrorKind::MissingField, join(path, "c"), "missing collection");
    }
    if (!collection->is_string()) {
        return refuse(DecodeErrorKind::WrongType, join(path, "c"), "expected a collection name");
    }
    patch.collection = collection->get<std::string>();
    if (!isValidName(patch.collection, limits.maxNameLength)) {
        return refuse(DecodeErrorKind::InvalidValue, join(path, "c"), "not a valid collection name");
    }

    const auto id = json.find("id");
    if (id == json.end()) {
        return refuse(DecodeErrorKind::MissingField, join(path, "id"), "missing record id");
    }
    if (!id->is_string()) {
        return refuse(DecodeErrorKind::WrongType, join(path, "id"), "expected a record id string");
    }
    patch.id = id->get<std::string>();
    if (patch.id.empty() || patch.id.size() > limits.maxIdLength) {
        return refuse(DecodeErrorKind::InvalidValue, join(path, "id"),
                      "a record id must have 1 to " + std::to_string(limits.maxIdLength) + " characters");
    }

    const auto fields = json.find("fields");
    const std::string fieldsPath = join(path, "fields");
    if (fields == json.end()) {
        return refuse(DecodeErrorKind::MissingField, fieldsPath, "missing fields");
    }
    if (!fields->is_object()) {
        return refuse(DecodeErrorKind::WrongType, fieldsPath, "expected an object of field changes");
    }
    if (fields->empty()) {
        return refuse(DecodeErrorKind::InvalidValue, fieldsPath, "a patch must change at least one field");
    }
    if (fields->size() > limits.maxFields) {
        return refuse(DecodeErrorKind::TooLarge, fieldsPath,
                      "more than " + std::to_string(limits.maxFields) + " fields in one patch");
    }
    for (const auto& [name, change] : fields->items()) {
        const std::string fieldPath = join(fieldsPath, printable(name));
        if (!isValidName(name, limits.maxNameLength)) {
            return refuse(DecodeErrorKind::InvalidValue, fieldPath, "not a valid field name");
        }
        if (!change.is_object()) {
            return refuse(DecodeErrorKind::NotAnObject, fieldPath, "a field change must be an object");
        }
        FieldChange decoded;
        const auto value = change.find("v");
        if (value == change.end()) {
            return refuse(DecodeErrorKind::MissingField, join(fieldPath, "v"), "missing value");
        }
        decoded.value = *value;
        const auto ver = change.find("ver");
        if (ver == change.end()) {
            return refuse(DecodeErrorKind::MissingField, join(fieldPath, "ver"), "missing version");
        }
        auto version = versionFrom(*ver, join(fieldPath, "ver"));
        if (!version) {
            return unexpected(version.error());
        }
        decoded.version = *version;
        const auto base = change.find("base");
        if (base != change.end() && !base->is_null()) {
            auto baseVersion = versionFrom(*base, join(fieldPath, "base"));
            if (!baseVersion) {
                return unexpected(baseVersion.error());
            }
            decoded.base = *baseVersion;
        }
        patch.fields.emplace(name, std::move(decoded));
    }

    const auto seen = json.find("seen");
    if (seen != json.end()) {
        const std::string seenPath = join(path, "seen");
        if (!seen->is_object()) {
            return refuse(DecodeErrorKind::WrongType, seenPath, "expected an object of versions");
        }
        if (seen->size() > limits.maxFields) {
            return refuse(DecodeErrorKind::TooLarge, seenPath,
                          "more than " + std::to_string(limits.maxFields) + " fields");
        }
        for (const auto& [name, version] : seen->items()) {
            if (!isValidName(name, limits.maxNameLength)) {
                return refuse(DecodeErrorKind::InvalidValue, join(seenPath, printable(name)),
                              "not a valid field name");
            }
            auto decoded = versionFrom(version, join(seenPath, name));
            if (!decoded) {
                return unexpected(decoded.error());
            }
            patch.seen.emplace(name, *decoded);
        }
    }
    return patch;
}

} // namespace knowset
