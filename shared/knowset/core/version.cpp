#include "knowset/core/version.hpp"

namespace knowset {

std::string Version::toString() const {
    std::string text = hlc.toHex();
    text += '-';
    text += node.toHex();
    return text;
}

std::optional<Version> Version::parse(std::string_view text) {
    if (text.size() != kTextLength || text[16] != '-') {
        return std::nullopt;
    }
    const auto hlc = Hlc::fromHex(text.substr(0, 16));
    const auto node = NodeId::fromHex(text.substr(17));
    if (!hlc || !node) {
        return std::nullopt;
    }
    return Version{*hlc, *node};
}

} // namespace knowset
