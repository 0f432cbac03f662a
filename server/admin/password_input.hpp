// Reads a password from standard input: one line, without its line ending. On a terminal it
// prompts on stderr and turns echo off while the user types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knowset::server::admin {

std::optional<std::string> readPassword(std::string_view prompt);

} // namespace knowset::server::admin
