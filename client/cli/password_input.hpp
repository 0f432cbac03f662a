// Reads a password: one line of standard input without its line ending. On a terminal (and
// unless `fromStdin`), it prompts on stderr and turns echo off while the user types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knowset::cli {

// nullopt when standard input ends before a line.
std::optional<std::string> readPassword(std::string_view prompt, bool fromStdin);

} // namespace knowset::cli
