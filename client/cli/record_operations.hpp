// Adding, editing and reading records of the local replica: what `article`, `customer` and
// `interaction` have in common. Writes are validated strictly (unknown fields refused) and
// journalled by the store; they never wait for the network.
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/schema/registry.hpp"
#include "knowset/store/local_store.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

// A field given by an option of its own (--title T), as the user wrote it.
struct FieldInput {
    std::string field;
    std::string text;
    bool commaList = false; // "a,b" is the list ["a", "b"] (--tags)
};

struct WriteInput {
    std::vector<FieldInput> given;        // in the order of the options
    std::vector<std::string> assignments; // --set NAME=VALUE, applied after `given`
    Json defaults = Json::object();       // a new record's values for fields not given
};

// The fields to write, typed by the schema: unknown fields and values of the wrong type are
// refused here with the field named (exit code 1).
Expected<Json, Failure> fieldsOf(const schema::SchemaRegistry& registry, std::string_view collection,
                                 const WriteInput& input, bool creating);

// A column of a list: its heading and the field it shows.
using Column = std::pair<std::string, std::string>;
// Records whose `field` equals the given string.
using Condition = std::pair<std::string, std::string>;

Outcome addRecord(Context& context, std::string_view collection, const WriteInput& input);
Outcome editRecord(Context& context, std::string_view collection, std::string_view id,
                   const WriteInput& input);
Outcome showRecord(Context& context, std::string_view collection, std::string_view id);
Outcome listRecords(Context& context, std::string_view collection, const std::vector<Condition>& where,
                    const std::vector<Column>& columns);
// Records with `text` in any string value.
Outcome findRecords(Context& context, std::string_view collection, std::string_view text, std::size_t limit,
                    const std::vector<Column>& columns);
// Full-text search over articles, best match first.
Outcome searchArticles(Context& context, std::string_view query, std::size_t limit);

} // namespace knowset::cli
