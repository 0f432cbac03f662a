#include "knowset/schema/registry.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace knowset::schema {

std::string_view toString(FieldType type) {
    switch (type) {
    case FieldType::String:
        return "string";
    case FieldType::Text:
        return "text";
    case FieldType::Integer:
        return "integer";
    case FieldType::Number:
        return "number";
    case FieldType::Boolean:
        return "boolean";
    case FieldType::Enum:
        return "enum";
    case FieldType::EnumList:
        return "enum_list";
    case FieldType::Id:
        return "id";
    case FieldType::IdList:
        return "id_list";
    case FieldType::Timestamp:
        return "timestamp";
    case FieldType::Date:
        return "date";
    case FieldType::StringList:
        return "string_list";
    case FieldType::Object:
        return "object";
    case FieldType::Any:
        return "any";
    }
    return "unknown"; // a value cast from an out-of-range integer
}

const FieldSpec* CollectionSpec::field(std::string_view fieldName) const {
    const auto found = std::find_if(fields.begin(), fields.end(),
                                    [&](const FieldSpec& spec) { return spec.name == fieldName; });
    return found == fields.end() ? nullptr : &*found;
}

namespace {

template <typename Predicate>
std::vector<std::string> namesWhere(const std::vector<FieldSpec>& fields, Predicate predicate) {
    std::vector<std::string> names;
    for (const FieldSpec& spec : fields) {
        if (predicate(spec)) {
            names.push_back(spec.name);
        }
    }
    return names;
}

// A registry with two collections or two fields of the same name is a programming error.
[[maybe_unused]] bool hasUniqueNames(const std::vector<CollectionSpec>& collections) {
    const auto unique = [](std::vector<std::string> names) {
        std::sort(names.begin(), names.end());
        return std::adjacent_find(names.begin(), names.end()) == names.end();
    };
    std::vector<std::string> collectionNames;
    for (const CollectionSpec& collection : collections) {
        collectionNames.push_back(collection.name);
        if (!unique(namesWhere(collection.fields, [](const FieldSpec&) { return true; }))) {
            return false;
        }
    }
    return unique(std::move(collectionNames));
}

} // namespace

std::vector<std::string> CollectionSpec::fullTextFields() const {
    return namesWhere(fields, [](const FieldSpec& spec) { return spec.fullText; });
}

std::vector<std::string> CollectionSpec::restrictedFields() const {
    return namesWhere(fields, [](const FieldSpec& spec) { return spec.restricted; });
}

std::vector<std::string> CollectionSpec::requiredFields() const {
    return namesWhere(fields, [](const FieldSpec& spec) { return spec.required; });
}

const SchemaRegistry& SchemaRegistry::builtin() {
    static const SchemaRegistry registry(builtinCollections());
    return registry;
}

SchemaRegistry::SchemaRegistry(std::vector<CollectionSpec> collections)
    : m_collections(std::move(collections)) {
    assert(hasUniqueNames(m_collections));
}

const CollectionSpec* SchemaRegistry::collection(std::string_view name) const {
    const auto found = std::find_if(m_collections.begin(), m_collections.end(),
                                    [&](const CollectionSpec& spec) { return spec.name == name; });
    return found == m_collections.end() ? nullptr : &*found;
}

std::string describe(const std::vector<ValidationIssue>& issues) {
    std::string text;
    for (const ValidationIssue& issue : issues) {
        if (!text.empty()) {
            text += "; ";
        }
        text += issue.message;
    }
    return text;
}

} // namespace knowset::schema
