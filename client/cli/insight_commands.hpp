// Insights and KPI commands.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineInsightCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
