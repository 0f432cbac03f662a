#include "client/cli/status_command.hpp"

#include "knowset/store/local_store.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <ostream>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"
#include "client/cli/sync_report.hpp"

namespace knowset::cli {

namespace {

// What the replica knows; all empty when there is no replica yet.
struct ReplicaStatus {
    std::int64_t pending = 0;
    std::vector<ParkedEntry> parked;
    std::vector<QueuedResolution> resolutions;
    std::int64_t cursor = 0;
    std::map<std::string, std::int64_t, std::less<>> records;
    std::optional<std::string> lastSync;
    std::optional<std::string> serverOffset;
    std::optional<std::string> state;
    std::optional<std::string> reason;
};

std::optional<std::int64_t> asInteger(const std::optional<std::string>& text) {
    std::int64_t value = 0;
    if (!text || text->empty() ||
        std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc()) {
        return std::nullopt;
    }
    return value;
}

Json jsonOf(const std::optional<std::string>& text) {
    if (!text) {
        return nullptr;
    }
    if (const auto number = asInteger(text)) {
        return *number;
    }
    return *text;
}

Expected<ReplicaStatus, Failure> readReplica(const sync::Profile& profile) {
    ReplicaStatus status;
    std::error_code ignored;
    if (!std::filesystem::exists(profile.replicaPath(), ignored)) {
        return status;
    }
    auto opened = openReplica(profile);
    if (!opened) {
        return unexpected(opened.error());
    }
    LocalStore& store = **opened;
    auto pending = store.pendingCount();
    auto parked = store.parkedEntries();
    auto resolutions = store.queuedResolutions();
    auto cursor = store.cursor();
    auto records = store.countByCollection();
    auto lastSync = store.syncValue("last_sync");
    auto offset = store.syncValue("server_offset_ms");
    auto state = store.syncValue("state");
    auto reason = store.syncValue("state_reason");
    for (const Error* error : {pending ? nullptr : &pending.error(), parked ? nullptr : &parked.error(),
                               resolutions ? nullptr : &resolutions.error(),
                               cursor ? nullptr : &cursor.error(), records ? nullptr : &records.error(),
                               lastSync ? nullptr : &lastSync.error(), offset ? nullptr : &offset.error(),
                               state ? nullptr : &state.error(), reason ? nullptr : &reason.error()}) {
        if (error != nullptr) {
            return storeFailure(*error);
        }
    }
    status.pending = *pending;
    status.parked = std::move(*parked);
    status.resolutions = std::move(*resolutions);
    status.cursor = *cursor;
    status.records = std::move(*records);
    status.lastSync = *lastSync;
    status.serverOffset = *offset;
    status.state = *state;
    status.reason = *reason;
    return status;
}

std::string changes(std::int64_t count) {
    return std::to_string(count) + (count == 1 ? " change" : " changes");
}

std::int64_t waitingResolutions(const ReplicaStatus& status) {
    return std::count_if(status.resolutions.begin(), status.resolutions.end(),
                         [](const QueuedResolution& resolution) { return resolution.waiting(); });
}

void printHuman(Context& context, const sync::Profile& profile, const ReplicaStatus& status) {
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back("profile", context.profileDirectory.string());
    rows.emplace_back("server", profile.url.empty() ? "none" : profile.url);
    std::string user = profile.user.empty() ? "none" : profile.user;
    if (!profile.roles.empty() || !profile.branches.empty()) {
        user += " (" + joinedList(profile.roles) +
                (profile.branches.empty() ? "" : "; branches " + joinedList(profile.branches)) + ")";
    }
    rows.emplace_back("user", user);
    rows.emplace_back("signed in", profile.signedIn() ? "yes" : "no (knowset-cli login URL USER)");
    std::string state = status.state.value_or("unknown");
    if (status.reason && !status.reason->empty()) {
        state += " (" + *status.reason + ")";
    }
    rows.emplace_back("state", state);
    rows.emplace_back("pending", changes(status.pending) + " to push");
    rows.emplace_back("parked", changes(static_cast<std::int64_t>(status.parked.size())) +
                                    (status.parked.empty() ? "" : " refused by the server, set aside"));
    const std::int64_t waiting = waitingResolutions(status);
    const auto refused = static_cast<std::int64_t>(status.resolutions.size()) - waiting;
    rows.emplace_back("resolutions",
                      std::to_string(waiting) + " to send" +
                          (refused == 0 ? "" : ", " + std::to_string(refused) + " refused by the server"));
    rows.emplace_back("cursor", std::to_string(status.cursor));
    std::string lastSync = "never";
    if (const auto millis = asInteger(status.lastSync)) {
        lastSync = formatTime(*millis);
    } else if (status.lastSync) {
        lastSync = *status.lastSync;
    }
    rows.emplace_back("last sync", lastSync);
    std::string offset = "unknown";
    if (const auto millis = asInteger(status.serverOffset)) {
        offset = (*millis > 0 ? "+" : "") + std::to_string(*millis) + " ms (server minus this computer)";
    }
    rows.emplace_back("clock offset", offset);
    printFields(context.out, rows, "");

    if (!status.parked.empty()) {
        context.out << "parked changes:\n";
        for (const auto& entry : status.parked) {
            context.out << "  " << entry.patch.collection << ' ' << entry.patch.id << ": " << entry.reason
                        << '\n';
        }
    }
    if (refused > 0) {
        context.out << "refused resolutions:\n";
        for (const auto& entry : status.resolutions) {
            if (entry.refusal) {
                context.out << "  conflict " << entry.conflictId << ": " << *entry.refusal << '\n';
            }
        }
    }
    context.out << "records:\n";
    if (status.records.empty()) {
        context.out << "  none\n";
    }
    std::vector<std::pair<std::string, std::string>> counts;
    for (const auto& [collection, count] : status.records) {
        counts.emplace_back(collection, std::to_string(count));
    }
    printFields(context.out, counts);
}

Json statusJson(Context& context, const sync::Profile& profile, const ReplicaStatus& status) {
    Json records = Json::object();
    for (const auto& [collection, count] : status.records) {
        records[collection] = count;
    }
    return Json{{"profile", context.profileDirectory.string()},
                {"url", profile.url},
                {"user", profile.user},
                {"roles", profile.roles},
                {"branches", profile.branches},
                {"signed_in", profile.signedIn()},
                {"state", status.state ? Json(*status.state) : Json(nullptr)},
                {"reason", status.reason ? Json(*status.reason) : Json(nullptr)},
                {"pending", status.pending},
                {"parked", status.parked.size()},
                {"resolutions_waiting", waitingResolutions(status)},
                {"resolutions_refused",
                 static_cast<std::int64_t>(status.resolutions.size()) - waitingResolutions(status)},
                {"cursor", status.cursor},
                {"last_sync", jsonOf(status.lastSync)},
                {"server_offset_ms", jsonOf(status.serverOffset)},
                {"records", std::move(records)}};
}

Outcome showStatus(Context& context) {
    auto profile = loadCurrentProfile(context);
    if (!profile) {
        return unexpected(profile.error());
    }
    auto status = readReplica(*profile);
    if (!status) {
        return unexpected(status.error());
    }
    if (context.json) {
        printJson(context.out, statusJson(context, *profile, *status));
    } else {
        printHuman(context, *profile, *status);
    }
    if (const auto offset = asInteger(status->serverOffset)) {
        warnAboutClock(context.err, *offset);
    }
    return Done{};
}

} // namespace

void defineStatusCommand(CLI::App& app, Action& action) {
    CLI::App* command = app.add_subcommand(
        "status", "user, server, sync state, pending and parked changes, cursor, last sync, records");
    command->callback([&action] {
        action = [](Context& context) {
            return showStatus(context);
        };
    });
}

} // namespace knowset::cli
