#include "client/cli/export_records.hpp"

#include <set>

#include "client/cli/csv.hpp"
#include "client/cli/field_values.hpp"

namespace knowset::cli {

namespace {

Result<Done> requireKnown(const schema::SchemaRegistry& registry, std::string_view collection) {
    if (registry.collection(collection) != nullptr) {
        return Done{};
    }
    std::string known;
    for (const auto& spec : registry.collections()) {
        known += (known.empty() ? "" : ", ") + spec.name;
    }
    return fail(ErrorCode::InvalidChange,
                "unknown collection '" + std::string(collection) + "' (known: " + known + ")");
}

Json exportedFields(const Record& record) {
    Json fields = Json::object();
    for (const auto& [name, value] : record.fields.items()) {
        if (!isSystemField(name)) {
            fields[name] = value;
        }
    }
    return fields;
}

} // namespace

Result<ExportText> exportJson(LocalStore& store, const schema::SchemaRegistry& registry,
                              const std::optional<std::string>& collection) {
    std::vector<std::string> collections;
    if (collection) {
        if (auto known = requireKnown(registry, *collection); !known) {
            return unexpected(known.error());
        }
        collections.push_back(*collection);
    } else {
        for (const auto& spec : registry.collections()) {
            if (!spec.serverWritten) {
                collections.push_back(spec.name);
            }
        }
    }
    Json array = Json::array();
    for (const auto& name : collections) {
        auto records = store.list(name);
        if (!records) {
            return unexpected(records.error());
        }
        for (const auto& record : *records) {
            array.push_back(Json{
                {"collection", record.collection}, {"id", record.id}, {"fields", exportedFields(record)}});
        }
    }
    return ExportText{array.dump(2) + "\n", array.size()};
}

Result<ExportText> exportCsv(LocalStore& store, const schema::SchemaRegistry& registry,
                             std::string_view collection) {
    if (auto known = requireKnown(registry, collection); !known) {
        return unexpected(known.error());
    }
    const schema::CollectionSpec& spec = *registry.collection(collection);
    auto records = store.list(collection);
    if (!records) {
        return unexpected(records.error());
    }
    std::vector<std::string> columns;
    for (const auto& field : spec.fields) {
        columns.push_back(field.name);
    }
    std::set<std::string> unknown;
    for (const auto& record : *records) {
        for (const auto& [name, value] : record.fields.items()) {
            if (!isSystemField(name) && spec.field(name) == nullptr) {
                unknown.insert(name);
            }
        }
    }
    columns.insert(columns.end(), unknown.begin(), unknown.end());

    std::vector<std::string> header{"id"};
    header.insert(header.end(), columns.begin(), columns.end());
    ExportText exported{csvRecord(header), records->size()};
    for (const auto& record : *records) {
        std::vector<std::string> cells{record.id};
        for (const auto& column : columns) {
            const auto found = record.fields.find(column);
            cells.push_back(found == record.fields.end() ? std::string()
                                                         : valueText(spec.field(column), *found));
        }
        exported.text += csvRecord(cells);
    }
    return exported;
}

} // namespace knowset::cli
