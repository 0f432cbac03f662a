// The `article`, `customer` and `interaction` commands.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineRecordCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
