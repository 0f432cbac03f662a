// `sync --live`: runs the sync engine until SIGINT or SIGTERM, printing each state change.
#pragma once

#include "knowset/sync/sync_engine.hpp"

#include "client/cli/command_context.hpp"

namespace knowset::cli {

// Prints "state: live" (or one JSON object per line with --json) whenever the state or its
// reason changes; returns once a signal asked it to stop and the engine has stopped.
Outcome runLiveSync(Context& context, sync::SyncOptions options);

} // namespace knowset::cli
