// CSV as RFC 4180 has it: fields separated by commas, records by CRLF or LF; a field may be
// quoted, and then holds commas, line breaks and doubled quotes ("" for "). A byte order mark
// at the start is skipped. Blank lines are skipped.
#pragma once

#include "knowset/core/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::cli {

struct CsvRow {
    std::size_t line = 0; // the line the row starts on, from 1
    std::vector<std::string> cells;
};

// Errors (InvalidChange) give the line and column, from 1: "line 3, column 7: ...".
Result<std::vector<CsvRow>> parseCsv(std::string_view text);

// One record, quoting only the fields that need it, ended by "\n".
std::string csvRecord(const std::vector<std::string>& cells);

} // namespace knowset::cli
