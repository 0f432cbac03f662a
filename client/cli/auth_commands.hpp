// `login` and `logout`.
//
// A profile belongs to one user: signing in as another user replaces the replica (a new node
// id, a fresh download), which is refused while the replica holds changes not yet synced.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineAuthCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
