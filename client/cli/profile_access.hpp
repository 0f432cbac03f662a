// The profile and the replica of an invocation, with failures the user can act on.
#pragma once

#include "knowset/domain/actor.hpp"
#include "knowset/store/local_store.hpp"
#include "knowset/sync/profile.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <filesystem>
#include <memory>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

// $KNOWSET_PROFILE, else the profile directory of sync::defaultProfileDirectory(); absolute.
std::filesystem::path defaultProfileDirectory();

Expected<sync::Profile, Failure> loadCurrentProfile(const Context& context);
// The profile, refused (exit code 1) when it holds no session token.
Expected<sync::Profile, Failure> requireSignedIn(const Context& context);

// Creates the profile directory with mode 0700 (the token and the replica are the owner's).
Outcome ensureProfileDirectory(const std::filesystem::path& directory);

// Opens the replica that login created; refused (exit code 1) when there is none yet, so a
// mistyped --profile does not quietly create an empty one.
Expected<std::unique_ptr<LocalStore>, Failure> openReplica(const sync::Profile& profile);
// The replica of the invocation's profile (see openReplica).
Expected<std::unique_ptr<LocalStore>, Failure> openCurrentReplica(const Context& context);
// Opens the replica, creating it (and the profile directory) when needed.
Expected<std::unique_ptr<LocalStore>, Failure> openOrCreateReplica(const sync::Profile& profile);

// The replica of the invocation's profile and the signed-in user who acts on it.
struct Workspace {
    std::unique_ptr<LocalStore> store;
    domain::Actor actor;
};
Expected<Workspace, Failure> openWorkspace(const Context& context);

// The system clock, shifted by $KNOWSET_CLOCK_OFFSET_MS when set (tests simulate a computer
// whose clock is wrong with it).
PhysicalClock clientClock();

sync::SyncOptions syncOptionsFor(const sync::Profile& profile);

} // namespace knowset::cli
