// The replica's records as an export file (`export`), in the format `import` reads back.
//
// Deleted records and system fields ('_' prefix) are left out. Without a collection, every
// collection a client may write is exported (conflicts, written by the server, only when
// named); collections come in the schema's order, records by id.
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/schema/registry.hpp"
#include "knowset/store/local_store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace knowset::cli {

struct ExportText {
    std::string text;
    std::size_t records = 0;
};

// [{"collection", "id", "fields"}], indented.
Result<ExportText> exportJson(LocalStore& store, const schema::SchemaRegistry& registry,
                              const std::optional<std::string>& collection);

// One collection: the header "id,<fields...>" (the schema's fields, then fields the schema
// does not know that records carry), then one row per record; text-like values as written,
// the others as JSON, absent ones empty.
Result<ExportText> exportCsv(LocalStore& store, const schema::SchemaRegistry& registry,
                             std::string_view collection);

} // namespace knowset::cli
