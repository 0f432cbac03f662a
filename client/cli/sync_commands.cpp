#include "client/cli/sync_commands.hpp"

#include <charconv>
#include <limits>
#include <memory>
#include <ostream>

#include "client/cli/live_sync.hpp"
#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"
#include "client/cli/sync_report.hpp"

namespace knowset::cli {

namespace {

struct SyncCommandOptions {
    bool live = false;
    int pullLimit = sync::SyncOptions{}.pullLimit;
};

void warnAboutStoredOffset(Context& context, const sync::Profile& profile) {
    auto store = openReplica(profile);
    if (!store) {
        return;
    }
    const auto offset = (*store)->syncValue("server_offset_ms");
    if (!offset || !offset->has_value()) {
        return;
    }
    const std::string& text = **offset;
    std::int64_t millis = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), millis).ec == std::errc()) {
        warnAboutClock(context.err, millis);
    }
}

Outcome runSync(Context& context, const SyncCommandOptions& command) {
    auto profile = requireSignedIn(context);
    if (!profile) {
        return unexpected(profile.error());
    }
    sync::SyncOptions options = syncOptionsFor(*profile);
    options.pullLimit = command.pullLimit;
    if (command.live) {
        return runLiveSync(context, std::move(options));
    }
    auto report = sync::syncOnce(options);
    if (!report) {
        return serverFailure(report.error());
    }
    if (context.json) {
        printJson(context.out, reportJson(*report));
    } else {
        printReport(context.out, *report);
    }
    warnAboutStoredOffset(context, *profile);
    return Done{};
}

} // namespace

void defineSyncCommands(CLI::App& app, Action& action) {
    auto options = std::make_shared<SyncCommandOptions>();
    CLI::App* command = app.add_subcommand(
        "sync", "push local changes and pull the server's until caught up (or stay --live)");
    command->add_flag(
        "--live", options->live,
        "stay connected, reconnect with backoff and print each state change until SIGINT/SIGTERM");
    command->add_option("--pull-limit", options->pullLimit, "records per pull request")
        ->check(CLI::Range(1, std::numeric_limits<int>::max()))
        ->capture_default_str();
    command->callback([options, &action] {
        action = [options](Context& context) {
            return runSync(context, *options);
        };
    });
}

} // namespace knowset::cli
