// Printing for people (aligned text) and for scripts (--json: one JSON document on stdout).
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/schema/registry.hpp"
#include "knowset/store/local_store.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::cli {

// The document, indented by 2, and a newline. The documents of domain results and records
// come from knowset/domain/domain_json.hpp (shared with the desktop client).
void printJson(std::ostream& out, const Json& document);

// Strings as they are, anything else as compact JSON.
std::string displayValue(const Json& value);
// At most `width` characters (UTF-8 code points) on one line, cut with "…".
std::string shortened(std::string_view text, std::size_t width);
// "a, b, c"
std::string joinedList(const std::vector<std::string>& items);
// "2026-11-23 09:30:00 UTC"
std::string formatTime(std::int64_t millisSinceEpoch);

// The record's fields (system fields left out) in the schema's order, then unknown ones by name.
std::vector<std::pair<std::string, Json>> orderedFields(const Record& record,
                                                        const schema::SchemaRegistry& registry);

// "title   How do I ..." one line per field, names aligned; values over several lines are
// indented to the value column.
void printFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& rows,
                 std::string_view indent = "  ");
// A heading line ("article 0190... (deleted)") then the fields.
void printRecord(std::ostream& out, const Record& record, const schema::SchemaRegistry& registry);

// A compact table with a header row and columns padded to their widest cell; long cells are
// shortened to keep every row on one line.
class Table {
public:
    explicit Table(std::vector<std::string> headers);
    void addRow(std::vector<std::string> cells);
    bool empty() const { return m_rows.empty(); }
    void print(std::ostream& out) const;

private:
    std::vector<std::string> m_headers;
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace knowset::cli
