// Reads a password (server admin commands, knowset-cli login): one line of standard input without its line
// ending. On a terminal (and unless `fromStdin`), it prompts on stderr and turns echo off while the user
// types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knowset {

// nullopt when standard input ends before a line.
std::optional<std::string> readPassword(std::string_view prompt, bool fromStdin = false);

} // namespace knowset
