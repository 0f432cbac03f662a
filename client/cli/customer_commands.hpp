// Customer, interaction and feedback commands beyond add/edit/show/list.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineCustomerCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
