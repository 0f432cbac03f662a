#include "client/cli/field_values.hpp"

namespace knowset::cli {

namespace {

std::string knownFields(const schema::CollectionSpec& spec) {
    std::string names;
    for (const auto& field : spec.fields) {
        names += (names.empty() ? "" : ", ") + field.name;
    }
    return names;
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

} // namespace

bool isTextLike(schema::FieldType type) {
    using enum schema::FieldType;
    return type == String || type == Text || type == Id || type == Enum || type == Date || type == Timestamp;
}

bool isSystemField(std::string_view name) {
    return name.starts_with('_');
}

Result<Json> typedValue(const schema::SchemaRegistry& registry, std::string_view collection,
                        std::string_view name, std::string_view text) {
    const schema::CollectionSpec* spec = registry.collection(collection);
    if (spec == nullptr) {
        return fail(ErrorCode::InvalidChange, "unknown collection '" + std::string(collection) + "'");
    }
    const schema::FieldSpec* field = spec->field(name);
    if (field == nullptr) {
        return fail(ErrorCode::InvalidChange, std::string(collection) + "." + std::string(name) +
                                                  ": unknown field (" + std::string(collection) +
                                                  " has: " + knownFields(*spec) + ")");
    }
    Json value;
    if (isTextLike(field->type)) {
        value = std::string(text);
    } else {
        value = Json::parse(text, nullptr, false);
        if (value.is_discarded()) {
            return fail(ErrorCode::InvalidChange, std::string(collection) + "." + std::string(name) + ": '" +
                                                      std::string(text) + "' is not JSON, as a " +
                                                      std::string(schema::toString(field->type)) +
                                                      " field needs (e.g. 4, true, [\"a\"], {\"k\": 1})");
        }
    }
    // An existing (empty) record: only the type of this one field is checked, not whether
    // the record's required fields are all there.
    const Json existing = Json::object();
    const auto issues = registry.validateWrite(collection, Json{{std::string(name), value}}, &existing,
                                               schema::UnknownFields::Refuse);
    if (!issues.empty()) {
        return fail(ErrorCode::InvalidChange, schema::describe(issues));
    }
    return value;
}

Result<std::pair<std::string, Json>> parseAssignment(const schema::SchemaRegistry& registry,
                                                     std::string_view collection,
                                                     std::string_view assignment) {
    const auto equals = assignment.find('=');
    if (equals == std::string_view::npos || equals == 0) {
        return fail(ErrorCode::InvalidChange,
                    "--set " + std::string(assignment) + ": expected NAME=VALUE, e.g. --set owner=alice");
    }
    std::string name(assignment.substr(0, equals));
    auto value = typedValue(registry, collection, name, assignment.substr(equals + 1));
    if (!value) {
        return unexpected(value.error());
    }
    return std::pair<std::string, Json>(std::move(name), std::move(*value));
}

std::string valueText(const schema::FieldSpec* spec, const Json& value) {
    const bool asWritten = value.is_string() && (spec == nullptr || isTextLike(spec->type));
    return asWritten ? value.get<std::string>() : value.dump();
}

Json commaList(std::string_view text) {
    Json items = Json::array();
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = trimmed(text.substr(0, comma));
        if (!item.empty()) {
            items.push_back(std::string(item));
        }
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return items;
}

} // namespace knowset::cli
