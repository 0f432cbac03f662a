#include "knowset/core/password_input.hpp"

#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace knowset {

std::optional<std::string> readPassword(std::string_view prompt, bool fromStdin) {
    termios saved{};
    const bool silenced = !fromStdin && isatty(STDIN_FILENO) != 0 && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (silenced) {
        std::cerr << prompt << std::flush;
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (silenced) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::cerr << '\n';
    }
    if (!read) {
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

} // namespace knowset
