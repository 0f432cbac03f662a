// Field values typed by a person (--set NAME=VALUE, a CSV cell) and back (a CSV cell).
//
// Text-like fields (string, text, id, enum, date, timestamp) take the text as written, so
// `--set title=42` is the string "42"; every other type parses it as JSON (`--set score=4`,
// `--set tags='["a"]'`). Unknown fields and values of the wrong type are refused with the
// field named, before anything is written.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/schema/registry.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace knowset::cli {

bool isTextLike(schema::FieldType type);

// Names starting with '_' are the system's (`_deleted`): never shown, exported or typed.
bool isSystemField(std::string_view name);

// The value of field `name` of `collection` from its text.
Result<Json> typedValue(const schema::SchemaRegistry& registry, std::string_view collection,
                        std::string_view name, std::string_view text);

// "NAME=VALUE" as the field name and its typed value.
Result<std::pair<std::string, Json>> parseAssignment(const schema::SchemaRegistry& registry,
                                                     std::string_view collection,
                                                     std::string_view assignment);

// The text that typedValue() turns back into `value`: text-like fields' strings as written,
// everything else as JSON. `spec` is nullptr for a field the schema does not know.
std::string valueText(const schema::FieldSpec* spec, const Json& value);

// "a, b,,c" as ["a", "b", "c"] (the --tags option).
Json commaList(std::string_view text);

} // namespace knowset::cli
