#include <catch2/catch.hpp>

#include "client/cli/csv.hpp"

using namespace knowset;
using namespace knowset::cli;

namespace {

std::vector<std::vector<std::string>> cellsOf(std::string_view text) {
    auto rows = parseCsv(text);
    REQUIRE(rows);
    std::vector<std::vector<std::string>> cells;
    for (const auto& row : *rows) {
        cells.push_back(row.cells);
    }
    return cells;
}

std::string errorOf(std::string_view text) {
    auto rows = parseCsv(text);
    REQUIRE_FALSE(rows);
    CHECK(rows.error().code == ErrorCode::InvalidChange);
    return rows.error().message;
}

using Cells = std::vector<std::vector<std::string>>;

} // namespace

TEST_CASE("CSV: plain fields, LF and CRLF line endings, a missing final line ending", "[cli][csv]") {
    CHECK(cellsOf("a,b,c\n1,2,3\n") == Cells{{"a", "b", "c"}, {"1", "2", "3"}});
    CHECK(cellsOf("a,b\r\n1,2\r\n") == Cells{{"a", "b"}, {"1", "2"}});
    CHECK(cellsOf("a,b\n1,2") == Cells{{"a", "b"}, {"1", "2"}});
    CHECK(cellsOf("a,,c\n,,\n") == Cells{{"a", "", "c"}, {"", "", ""}});
    CHECK(cellsOf("a,b,\n") == Cells{{"a", "b", ""}});
    CHECK(cellsOf("").empty());
}

TEST_CASE("CSV: quoted fields hold commas, doubled quotes and line breaks", "[cli][csv]") {
    CHECK(cellsOf("\"a,b\",c\n") == Cells{{"a,b", "c"}});
    CHECK(cellsOf("\"say \"\"hi\"\"\",x\n") == Cells{{"say \"hi\"", "x"}});
    CHECK(cellsOf("\"\"\n") == Cells{{""}});
    CHECK(cellsOf("\"line one\nline two\",x\r\n\"a\r\nb\",y") ==
          Cells{{"line one\nline two", "x"}, {"a\r\nb", "y"}});
}

TEST_CASE("CSV: rows know the line they start on, across quoted line breaks and blank lines", "[cli][csv]") {
    auto rows = parseCsv("h1,h2\n\"multi\nline\",x\n\nlast,y\n");
    REQUIRE(rows);
    REQUIRE(rows->size() == 3);
    CHECK((*rows)[0].line == 1);
    CHECK((*rows)[1].line == 2);
    CHECK((*rows)[2].line == 5);
}

TEST_CASE("CSV: a byte order mark at the start is skipped", "[cli][csv]") {
    CHECK(cellsOf("\xEF\xBB\xBFid,title\n") == Cells{{"id", "title"}});
}

TEST_CASE("CSV: malformed input is refused with its line and column", "[cli][csv]") {
    CHECK(errorOf("a,b\n1,\"open\n2,3\n") ==
          "line 2, column 3: the quoted field starting here is never closed");
    CHECK(errorOf("a,b\nx,ab\"c\n").starts_with("line 2, column 5: a quote inside an unquoted field"));
    CHECK(errorOf("\"a\"b,c\n").starts_with("line 1, column 4: unexpected text after a closing quote"));
}

TEST_CASE("CSV: records written by csvRecord read back the same", "[cli][csv]") {
    const std::vector<std::string> cells{"plain", "with,comma", "with \"quotes\"", "two\nlines",
                                         "",      " padded ",   "[\"a\",\"b\"]",   "ünïcødé"};
    const std::string line = csvRecord(cells);
    CHECK(line.ends_with("\n"));
    CHECK(line.starts_with("plain,\"with,comma\",\"with \"\"quotes\"\"\",\"two\nlines\",,\" padded \","));
    CHECK(cellsOf(line) == Cells{cells});
    CHECK(csvRecord({"a", "b"}) == "a,b\n");
}
