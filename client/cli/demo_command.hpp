// The demo-data command.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineDemoCommand(CLI::App& app, Action& action);

} // namespace knowset::cli
