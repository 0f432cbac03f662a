// `conflicts list | show | resolve`.
//
// Conflict records are written by the server (collection "conflict") and replicated to
// supervisors and admins. Resolving needs the server: the resolution is sent in a sync
// session, and the server writes the chosen value and closes the conflict.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineConflictCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
