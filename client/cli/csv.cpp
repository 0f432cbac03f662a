#include "client/cli/csv.hpp"

namespace knowset::cli {

namespace {

// Reads the text once, byte by byte, keeping the position for error messages.
class CsvParser {
public:
    explicit CsvParser(std::string_view text)
        : m_text(text) {
        if (m_text.starts_with("\xEF\xBB\xBF")) {
            m_text.remove_prefix(3);
        }
    }

    Result<std::vector<CsvRow>> parse() {
        std::vector<CsvRow> rows;
        while (!atEnd()) {
            if (atLineEnd()) {
                skipLineEnd();
                continue;
            }
            CsvRow row;
            row.line = m_line;
            for (;;) {
                auto cell = !atEnd() && peek() == '"' ? quotedField() : plainField();
                if (!cell) {
                    return unexpected(cell.error());
                }
                row.cells.push_back(std::move(*cell));
                if (atEnd() || atLineEnd()) {
                    break;
                }
                advance(); // the comma
            }
            rows.push_back(std::move(row));
            if (!atEnd()) {
                skipLineEnd();
            }
        }
        return rows;
    }

private:
    bool atEnd() const { return m_position >= m_text.size(); }
    char peek() const { return m_text[m_position]; }
    bool atLineEnd() const { return peek() == '\n' || peek() == '\r'; }

    void advance() {
        if (m_text[m_position] == '\n') {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
        ++m_position;
    }

    void skipLineEnd() {
        if (peek() == '\r') {
            ++m_position;
            m_column = 1;
            if (atEnd() || peek() != '\n') {
                ++m_line; // a lone CR ends the line too
                return;
            }
        }
        advance();
    }

    Unexpected<Error> error(std::size_t line, std::size_t column, const std::string& what) const {
        return fail(ErrorCode::InvalidChange,
                    "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
    }

    Result<std::string> plainField() {
        std::string cell;
        while (!atEnd() && peek() != ',' && !atLineEnd()) {
            if (peek() == '"') {
                return error(m_line, m_column,
                             "a quote inside an unquoted field (quote the whole field and double the quote)");
            }
            cell += peek();
            advance();
        }
        return cell;
    }

    Result<std::string> quotedField() {
        const std::size_t startLine = m_line;
        const std::size_t startColumn = m_column;
        advance(); // the opening quote
        std::string cell;
        for (;;) {
            if (atEnd()) {
                return error(startLine, startColumn, "the quoted field starting here is never closed");
            }
            const char next = peek();
            advance();
            if (next != '"') {
                cell += next;
                continue;
            }
            if (!atEnd() && peek() == '"') {
                cell += '"';
                advance();
                continue;
            }
            break;
        }
        if (!atEnd() && peek() != ',' && !atLineEnd()) {
            return error(m_line, m_column,
                         "unexpected text after a closing quote (a quote inside a quoted field "
                         "is written twice: \"\")");
        }
        return cell;
    }

    std::string_view m_text;
    std::size_t m_position = 0;
    std::size_t m_line = 1;
    std::size_t m_column = 1;
};

bool needsQuotes(std::string_view cell) {
    return cell.find_first_of(",\"\r\n") != std::string_view::npos ||
           (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
}

} // namespace

Result<std::vector<CsvRow>> parseCsv(std::string_view text) {
    return CsvParser(text).parse();
}

std::string csvRecord(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            line += ',';
        }
        const std::string& cell = cells[i];
        if (!needsQuotes(cell)) {
            line += cell;
            continue;
        }
        line += '"';
        for (const char c : cell) {
            line += c;
            if (c == '"') {
                line += '"';
            }
        }
        line += '"';
    }
    line += '\n';
    return line;
}

} // namespace knowset::cli
