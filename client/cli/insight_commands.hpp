// `insights` (trends, rising topics, repeated comments, FAQ candidates, satisfaction) and
// `kpi` (add, list, evaluate): read-only queries over the local replica, except `kpi add`.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineInsightCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
