#include "knowset/core/hex.hpp"

namespace knowset {

std::string toFixedHex(std::uint64_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 15; i >= 0; --i) {
        text[static_cast<std::size_t>(i)] = kDigits[value & 0xfU];
        value >>= 4U;
    }
    return text;
}

std::optional<std::uint64_t> parseFixedHex(std::string_view text) {
    if (text.size() != 16) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (const char c : text) {
        std::uint64_t digit = 0;
        if (c >= '0' && c <= '9') {
            digit = static_cast<std::uint64_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = static_cast<std::uint64_t>(c - 'a' + 10);
        } else {
            return std::nullopt; // upper case would break the text order, so it is refused
        }
        value = (value << 4U) | digit;
    }
    return value;
}

} // namespace knowset
