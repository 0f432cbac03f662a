// A cheap, non-recursive look at a JSON text before it is handed to a real parser.
//
// Depth: hostile input such as 100000 '[' in a row is refused after one linear pass, so no
// parser, DOM or destructor ever gets to recurse over it. The scan counts '[' and '{'
// against ']' and '}' outside string literals (a '"' opens or closes a string unless a
// backslash inside the string escapes it). It does not validate: on well-formed JSON the
// depth is exact (a scalar is depth 0, "[]" is depth 1); on malformed JSON it is some number
// the parser will not need, since the parser refuses the text anyway.
//
// Members: the ':' outside strings. In well-formed JSON each one separates exactly one
// object member's name from its value, so the count is the number of members *written*.
// A parser keeps one member per name, so a parsed document holding fewer members than the
// text wrote means some object repeated a name (see countMembers).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <limits>
#include <string_view>

namespace knowset::protocol {

struct JsonPrescan {
    std::size_t depth = 0;   // the deepest nesting seen (capped at stopAboveDepth + 1)
    std::size_t members = 0; // object members written (exact for well-formed JSON)
    bool tooDeep = false;    // the scan stopped early: depth exceeded stopAboveDepth
};

// Scans `text`; stops as soon as the depth exceeds `stopAboveDepth`.
JsonPrescan prescanJson(std::string_view text,
                        std::size_t stopAboveDepth = std::numeric_limits<std::size_t>::max() - 1);

// The deepest nesting of arrays and objects in `text`, or stopAbove + 1 once beyond it.
inline std::size_t jsonNestingDepth(std::string_view text,
                                    std::size_t stopAbove = std::numeric_limits<std::size_t>::max() - 1) {
    return prescanJson(text, stopAbove).depth;
}

// The number of object members in a parsed document, counted without recursion.
std::size_t countMembers(const nlohmann::json& json);

} // namespace knowset::protocol
