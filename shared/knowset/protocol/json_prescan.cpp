#include "knowset/protocol/json_prescan.hpp"

#include <vector>

namespace knowset::protocol {

JsonPrescan prescanJson(std::string_view text, std::size_t stopAboveDepth) {
    JsonPrescan scan;
    std::size_t depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case ':':
            ++scan.members;
            break;
        case '[':
        case '{':
            ++depth;
            if (depth > scan.depth) {
                scan.depth = depth;
                if (depth > stopAboveDepth) {
                    scan.depth = stopAboveDepth + 1;
                    scan.tooDeep = true;
                    return scan;
                }
            }
            break;
        case ']':
        case '}':
            if (depth > 0) { // an unbalanced closer is the parser's to refuse
                --depth;
            }
            break;
        default:
            break;
        }
    }
    return scan;
}

std::size_t countMembers(const nlohmann::json& json) {
    std::size_t members = 0;
    std::vector<const nlohmann::json*> pending{&json};
    while (!pending.empty()) {
        const nlohmann::json* value = pending.back();
        pending.pop_back();
        if (value->is_object()) {
            members += value->size();
        }
        if (value->is_structured()) {
            for (const auto& child : *value) {
                if (child.is_structured()) {
                    pending.push_back(&child);
                }
            }
        }
    }
    return members;
}

} // namespace knowset::protocol
