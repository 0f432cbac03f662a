// Reading an import file into the writes it asks for, before anything is written.
//
// JSON: the export format, an array of {"collection", "id" (optional), "fields"}; values are
// taken as they are. CSV: one collection, a header row naming the fields and optionally "id";
// cells typed like --set (text-like fields as written, others as JSON), an empty cell meaning
// "not given". A row without an id creates a record with a new one.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/schema/registry.hpp"
#include "knowset/store/local_store.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::cli {

struct ImportRow {
    std::string where; // "line 4" (CSV) or "record 3" (JSON, from 1): for messages
    WriteRequest write;
};

enum class ImportFormat { Json, Csv };

// By the extension (.json, .csv), else by the first character that is not white space.
ImportFormat detectImportFormat(const std::filesystem::path& file, std::string_view text);

// A malformed file is an error with its line and column; `collection`, when given, is the
// collection of elements that name none, and elements naming another one are refused.
Result<std::vector<ImportRow>> parseJsonImport(std::string_view text,
                                               const std::optional<std::string>& collection);

// Errors name the line and, for a value that cannot be typed or an unknown column, the field.
Result<std::vector<ImportRow>> parseCsvImport(std::string_view text, const schema::SchemaRegistry& registry,
                                              std::string_view collection);

} // namespace knowset::cli
