#include "client/cli/profile_access.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace knowset::cli {

namespace {

Expected<std::unique_ptr<LocalStore>, Failure> openStore(const std::filesystem::path& path) {
    StoreOptions options;
    options.path = path;
    options.clock = clientClock();
    auto store = LocalStore::open(options);
    if (!store) {
        return localFailure("cannot open the replica " + path.string() + ": " + store.error().message,
                            "check the file's permissions, or sign in again to rebuild it");
    }
    return std::move(*store);
}

} // namespace

std::filesystem::path defaultProfileDirectory() {
    if (const char* chosen = std::getenv("KNOWSET_PROFILE"); chosen != nullptr && *chosen != '\0') {
        return std::filesystem::absolute(chosen);
    }
    return std::filesystem::absolute(sync::defaultProfileDirectory());
}

Expected<sync::Profile, Failure> loadCurrentProfile(const Context& context) {
    auto profile = sync::loadProfile(context.profileDirectory);
    if (!profile) {
        return localFailure(profile.error().message,
                            "repair or delete it, then sign in again: knowset-cli login URL USER");
    }
    return std::move(*profile);
}

Expected<sync::Profile, Failure> requireSignedIn(const Context& context) {
    auto profile = loadCurrentProfile(context);
    if (profile && !profile->signedIn()) {
        return localFailure("not signed in (profile " + context.profileDirectory.string() + ")",
                            "sign in first: knowset-cli login URL USER");
    }
    return profile;
}

Outcome ensureProfileDirectory(const std::filesystem::path& directory) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (!error) {
        std::filesystem::permissions(directory, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, error);
    }
    if (error) {
        return localFailure("cannot create the profile directory " + directory.string() + ": " +
                                error.message(),
                            "check its permissions or choose another with --profile");
    }
    return Done{};
}

Expected<std::unique_ptr<LocalStore>, Failure> openReplica(const sync::Profile& profile) {
    std::error_code ignored;
    if (!std::filesystem::exists(profile.replicaPath(), ignored)) {
        return localFailure(
            "no replica in " + profile.directory.string() + " yet",
            "sign in first (knowset-cli login URL USER) or choose the profile with --profile");
    }
    return openStore(profile.replicaPath());
}

Expected<std::unique_ptr<LocalStore>, Failure> openCurrentReplica(const Context& context) {
    auto profile = loadCurrentProfile(context);
    if (!profile) {
        return unexpected(profile.error());
    }
    return openReplica(*profile);
}

Expected<Workspace, Failure> openWorkspace(const Context& context) {
    auto profile = loadCurrentProfile(context);
    if (!profile) {
        return unexpected(profile.error());
    }
    auto store = openReplica(*profile);
    if (!store) {
        return unexpected(store.error());
    }
    return Workspace{std::move(*store),
                     domain::Actor{profile->user, domain::roleFromNames(profile->roles), profile->branches}};
}

Expected<std::unique_ptr<LocalStore>, Failure> openOrCreateReplica(const sync::Profile& profile) {
    if (auto made = ensureProfileDirectory(profile.directory); !made) {
        return unexpected(made.error());
    }
    return openStore(profile.replicaPath());
}

PhysicalClock clientClock() {
    const char* text = std::getenv("KNOWSET_CLOCK_OFFSET_MS");
    std::int64_t offset = 0;
    if (text == nullptr || std::from_chars(text, text + std::strlen(text), offset).ec != std::errc() ||
        offset == 0) {
        return systemClockMillis;
    }
    return [offset] {
        return static_cast<std::uint64_t>(static_cast<std::int64_t>(systemClockMillis()) + offset);
    };
}

sync::SyncOptions syncOptionsFor(const sync::Profile& profile) {
    sync::SyncOptions options;
    options.clock = clientClock();
    options.replicaPath = profile.replicaPath();
    options.server = sync::ServerAddress{profile.url, profile.trustedCertificate};
    options.token = profile.token;
    return options;
}

} // namespace knowset::cli
