#include "client/cli/output.hpp"

#include <algorithm>
#include <ctime>
#include <ostream>

#include "client/cli/field_values.hpp"

namespace knowset::cli {

namespace {

bool isContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::size_t displayWidth(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !isContinuationByte(c); }));
}

std::string padded(const std::string& text, std::size_t width) {
    const std::size_t current = displayWidth(text);
    return current >= width ? text : text + std::string(width - current, ' ');
}

} // namespace

void printJson(std::ostream& out, const Json& document) {
    out << document.dump(2) << '\n';
}

std::string displayValue(const Json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string shortened(std::string_view text, std::size_t width) {
    std::string line;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!isContinuationByte(c)) {
            if (characters == width) {
                // Keep room for the ellipsis: drop the last character written.
                while (!line.empty() && isContinuationByte(line.back())) {
                    line.pop_back();
                }
                if (!line.empty()) {
                    line.pop_back();
                }
                return line + "…";
            }
            ++characters;
        }
        line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    return line;
}

std::string joinedList(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

std::string formatTime(std::int64_t millisSinceEpoch) {
    const std::time_t seconds = static_cast<std::time_t>(millisSinceEpoch / 1000);
    std::tm parts{};
    if (gmtime_r(&seconds, &parts) == nullptr) {
        return std::to_string(millisSinceEpoch);
    }
    char text[32];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
    return std::string(text, length);
}

std::vector<std::pair<std::string, Json>> orderedFields(const Record& record,
                                                        const schema::SchemaRegistry& registry) {
    std::vector<std::pair<std::string, Json>> fields;
    if (const auto* spec = registry.collection(record.collection); spec != nullptr) {
        for (const auto& field : spec->fields) {
            if (const auto found = record.fields.find(field.name); found != record.fields.end()) {
                fields.emplace_back(field.name, *found);
            }
        }
    }
    // nlohmann::json objects iterate in name order.
    for (const auto& [name, value] : record.fields.items()) {
        const bool listed = std::any_of(fields.begin(), fields.end(),
                                        [&name](const auto& field) { return field.first == name; });
        if (!listed && !isSystemField(name)) {
            fields.emplace_back(name, value);
        }
    }
    return fields;
}

void printFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& rows,
                 std::string_view indent) {
    std::size_t width = 0;
    for (const auto& row : rows) {
        width = std::max(width, displayWidth(row.first));
    }
    const std::string continuation = std::string(indent) + std::string(width + 2, ' ');
    for (const auto& [name, value] : rows) {
        out << indent << padded(name, width) << "  ";
        for (const char c : value) {
            out << c;
            if (c == '\n') {
                out << continuation;
            }
        }
        out << '\n';
    }
}

void printRecord(std::ostream& out, const Record& record, const schema::SchemaRegistry& registry) {
    out << record.collection << ' ' << record.id << (record.deleted ? " (deleted)" : "") << '\n';
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& [name, value] : orderedFields(record, registry)) {
        rows.emplace_back(name, displayValue(value));
    }
    printFields(out, rows);
}

Table::Table(std::vector<std::string> headers)
    : m_headers(std::move(headers)) {}

void Table::addRow(std::vector<std::string> cells) {
    constexpr std::size_t kMaxCellWidth = 60; // keeps a row on one line of a usual terminal
    cells.resize(m_headers.size());
    for (auto& cell : cells) {
        cell = shortened(cell, kMaxCellWidth);
    }
    m_rows.push_back(std::move(cells));
}

void Table::print(std::ostream& out) const {
    std::vector<std::size_t> widths(m_headers.size(), 0);
    auto measure = [&widths](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            widths[i] = std::max(widths[i], displayWidth(cells[i]));
        }
    };
    measure(m_headers);
    for (const auto& row : m_rows) {
        measure(row);
    }
    auto printRow = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            line += i + 1 == cells.size() ? cells[i] : padded(cells[i], widths[i]) + "  ";
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    };
    printRow(m_headers);
    for (const auto& row : m_rows) {
        printRow(row);
    }
}

} // namespace knowset::cli
