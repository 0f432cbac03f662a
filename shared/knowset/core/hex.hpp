// Fixed-width lower-case hex for 64-bit values: 16 characters, so text order equals
// numeric order. Parsing accepts exactly that form and nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace knowset {

std::string toFixedHex(std::uint64_t value);
std::optional<std::uint64_t> parseFixedHex(std::string_view text);

} // namespace knowset
