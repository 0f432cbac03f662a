// `knowset-cli demo-data`: fills the replica with the demo organisation (knowset/domain/
// demo_data.hpp), journalled so that the next `sync` sends it to the server. Admins only: it
// publishes articles, defines KPIs and writes customers of every branch.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineDemoCommand(CLI::App& app, Action& action);

} // namespace knowset::cli
