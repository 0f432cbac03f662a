// `sync`: once (push, pull until caught up, exit) or --live.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineSyncCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
