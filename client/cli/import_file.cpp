#include "client/cli/import_file.hpp"

#include <algorithm>
#include <cctype>

#include "client/cli/csv.hpp"
#include "client/cli/field_values.hpp"

namespace knowset::cli {

namespace {

// A byte offset of the text as "line L, column C" (both from 1).
std::string position(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Unexpected<Error> invalid(std::string message) {
    return fail(ErrorCode::InvalidChange, std::move(message));
}

Result<ImportRow> rowOf(const Json& element, std::size_t index,
                        const std::optional<std::string>& collection) {
    ImportRow row;
    row.where = "record " + std::to_string(index + 1);
    if (!element.is_object()) {
        return invalid(row.where + ": expected an object {\"collection\", \"id\", \"fields\"}");
    }
    for (const auto& [key, value] : element.items()) {
        if (key != "collection" && key != "id" && key != "fields") {
            return invalid(row.where + ": unknown key '" + key + "' (expected collection, id, fields)");
        }
    }
    if (const auto found = element.find("collection"); found != element.end()) {
        if (!found->is_string() || found->get<std::string>().empty()) {
            return invalid(row.where + ": 'collection' must be a collection name");
        }
        row.write.collection = found->get<std::string>();
        if (collection && row.write.collection != *collection) {
            return invalid(row.where + ": a " + row.write.collection + " record, but --collection is " +
                           *collection);
        }
    } else if (collection) {
        row.write.collection = *collection;
    } else {
        return invalid(row.where + ": no 'collection' (or give --collection)");
    }
    if (const auto found = element.find("id"); found != element.end() && !found->is_null()) {
        if (!found->is_string()) {
            return invalid(row.where + ": 'id' must be a string");
        }
        row.write.id = found->get<std::string>();
    }
    const auto fields = element.find("fields");
    if (fields == element.end() || !fields->is_object()) {
        return invalid(row.where + ": 'fields' must be an object of field values");
    }
    row.write.fields = *fields;
    return row;
}

std::string knownColumns(const schema::CollectionSpec& spec) {
    std::string names = "id";
    for (const auto& field : spec.fields) {
        names += ", " + field.name;
    }
    return names;
}

} // namespace

ImportFormat detectImportFormat(const std::filesystem::path& file, std::string_view text) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".json") {
        return ImportFormat::Json;
    }
    if (extension == ".csv") {
        return ImportFormat::Csv;
    }
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] == '[' ? ImportFormat::Json : ImportFormat::Csv;
}

Result<std::vector<ImportRow>> parseJsonImport(std::string_view text,
                                               const std::optional<std::string>& collection) {
    Json document;
    try {
        document = Json::parse(text);
    } catch (const Json::parse_error& error) {
        const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
        return invalid("not valid JSON at " + position(text, offset));
    }
    if (!document.is_array()) {
        return invalid("expected a JSON array of {\"collection\", \"id\", \"fields\"} (the export format)");
    }
    std::vector<ImportRow> rows;
    rows.reserve(document.size());
    for (std::size_t index = 0; index < document.size(); ++index) {
        auto row = rowOf(document[index], index, collection);
        if (!row) {
            return unexpected(row.error());
        }
        rows.push_back(std::move(*row));
    }
    return rows;
}

Result<std::vector<ImportRow>> parseCsvImport(std::string_view text, const schema::SchemaRegistry& registry,
                                              std::string_view collection) {
    const schema::CollectionSpec* spec = registry.collection(collection);
    if (spec == nullptr) {
        return invalid("unknown collection '" + std::string(collection) + "'");
    }
    auto table = parseCsv(text);
    if (!table) {
        return unexpected(table.error());
    }
    if (table->empty()) {
        return invalid("the file is empty; it needs a header row naming the fields");
    }
    const CsvRow& header = table->front();
    std::optional<std::size_t> idColumn;
    for (std::size_t column = 0; column < header.cells.size(); ++column) {
        const std::string& name = header.cells[column];
        const std::string where = "line " + std::to_string(header.line) + ", column '" + name + "'";
        if (std::count(header.cells.begin(), header.cells.end(), name) > 1) {
            return invalid(where + ": the header names it twice");
        }
        if (name == "id") {
            idColumn = column;
        } else if (spec->field(name) == nullptr) {
            return invalid(where + ": " + std::string(collection) +
                           " has no such field (it has: " + knownColumns(*spec) + ")");
        }
    }

    std::vector<ImportRow> rows;
    rows.reserve(table->size() - 1);
    for (auto row = table->begin() + 1; row != table->end(); ++row) {
        ImportRow imported;
        imported.where = "line " + std::to_string(row->line);
        if (row->cells.size() != header.cells.size()) {
            return invalid(imported.where + ": " + std::to_string(row->cells.size()) +
                           " fields, but the header has " + std::to_string(header.cells.size()));
        }
        imported.write.collection = std::string(collection);
        for (std::size_t column = 0; column < row->cells.size(); ++column) {
            const std::string& cell = row->cells[column];
            if (column == idColumn) {
                imported.write.id = cell;
                continue;
            }
            if (cell.empty()) {
                continue; // not given
            }
            auto value = typedValue(registry, collection, header.cells[column], cell);
            if (!value) {
                return invalid(imported.where + ": " + value.error().message);
            }
            imported.write.fields[header.cells[column]] = std::move(*value);
        }
        if (imported.write.fields.empty()) {
            return invalid(imported.where + ": the row has no values");
        }
        rows.push_back(std::move(imported));
    }
    return rows;
}

} // namespace knowset::cli
