// The whole command line of knowset-cli (docs/cli.md) and the run of one invocation.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iosfwd>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

struct CommandLine {
    std::filesystem::path profile; // empty: the default profile
    bool json = false;
    Action action; // set by the subcommand that was given
};

// --profile and --json are accepted anywhere on the line: subcommands pass what they do not
// know up to the top (CLI11's fallthrough).
void defineCommandLine(CLI::App& app, CommandLine& line);

// Parses the arguments and runs the command. Errors are one line on `err`,
// "knowset-cli: <what happened>; <what to do>". Returns the exit code (0, 1 or 2).
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, std::istream& in);

} // namespace knowset::cli
