// `status`: who is signed in where, the last known sync state and what waits to be synced.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineStatusCommand(CLI::App& app, Action& action);

} // namespace knowset::cli
