#include "client/cli/conflict_commands.hpp"

#include "knowset/core/version.hpp"
#include "knowset/domain/domain_json.hpp"
#include "knowset/merge/conflict.hpp"
#include "knowset/store/local_store.hpp"

#include <algorithm>
#include <memory>
#include <ostream>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"
#include "client/cli/sync_report.hpp"

namespace knowset::cli {

namespace {

struct ConflictOptions {
    std::string id;
    bool all = false;
    std::string take;
    std::string value;
    CLI::Option* valueOption = nullptr;
};

std::string textOf(const Json& fields, const char* name) {
    const auto found = fields.find(name);
    return found != fields.end() && found->is_string() ? found->get<std::string>() : std::string();
}

Json sideOf(const Json& fields, const char* name) {
    const auto found = fields.find(name);
    return found != fields.end() && found->is_object() ? *found : Json::object();
}

Unexpected<Failure> unknownConflict(const std::string& id) {
    return localFailure("no conflict " + id + " in this replica",
                        "run sync first (knowset-cli sync), then check the id (knowset-cli conflicts list)");
}

Outcome listConflicts(Context& context, const ConflictOptions& options) {
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto records = (*store)->list(kConflictCollection);
    if (!records) {
        return storeFailure(records.error());
    }
    Json array = Json::array();
    Table table({"ID", "STATUS", "KIND", "COLLECTION", "RECORD", "FIELD", "WINNER", "LOSER"});
    for (const auto& record : *records) {
        const Json& fields = record.fields;
        if (!options.all && textOf(fields, "status") != "open") {
            continue;
        }
        table.addRow({record.id, textOf(fields, "status"), textOf(fields, "kind"),
                      textOf(fields, "collection"), textOf(fields, "record_id"), textOf(fields, "field"),
                      displayValue(sideOf(fields, "winner").value("value", Json())),
                      displayValue(sideOf(fields, "loser").value("value", Json()))});
        array.push_back(domain::conflictJson(record));
    }
    if (context.json) {
        printJson(context.out, array);
    } else if (table.empty()) {
        context.out << (options.all ? "No conflicts.\n" : "No open conflicts.\n");
    } else {
        table.print(context.out);
    }
    return Done{};
}

// "value", then "by alice, typed ..., received ..., version ..." for one side.
std::string describeSide(const Json& side) {
    std::vector<std::string> details;
    if (const std::string author = side.value("author", std::string()); !author.empty()) {
        details.push_back("by " + author);
    }
    const std::string versionText = side.value("version", std::string());
    if (const auto version = Version::parse(versionText)) {
        details.push_back("typed " + formatTime(static_cast<std::int64_t>(version->hlc.millis())));
    }
    if (const auto received = side.find("received_at");
        received != side.end() && received->is_number_integer() && received->get<std::int64_t>() > 0) {
        details.push_back("received " + formatTime(received->get<std::int64_t>()));
    }
    if (!versionText.empty()) {
        details.push_back("version " + versionText);
    }
    std::string text = displayValue(side.value("value", Json()));
    for (std::size_t i = 0; i < details.size(); ++i) {
        text += (i == 0 ? "\n" : ", ") + details[i];
    }
    return text;
}

Outcome showConflict(Context& context, const ConflictOptions& options) {
    auto profile = loadCurrentProfile(context);
    if (!profile) {
        return unexpected(profile.error());
    }
    auto store = openReplica(*profile);
    if (!store) {
        return unexpected(store.error());
    }
    auto record = (*store)->get(kConflictCollection, options.id);
    if (!record) {
        return storeFailure(record.error());
    }
    if (!record->has_value()) {
        return unknownConflict(options.id);
    }
    const Record& conflict = **record;
    const Json& fields = conflict.fields;
    if (context.json) {
        printJson(context.out, domain::conflictDetailJson(conflict));
        return Done{};
    }
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back("status", textOf(fields, "status"));
    rows.emplace_back("kind", textOf(fields, "kind"));
    rows.emplace_back("record", textOf(fields, "collection") + " " + textOf(fields, "record_id"));
    rows.emplace_back("field", textOf(fields, "field"));
    rows.emplace_back("winner", describeSide(sideOf(fields, "winner")));
    rows.emplace_back("loser", describeSide(sideOf(fields, "loser")));
    if (const auto resolution = fields.find("resolution"); resolution != fields.end()) {
        rows.emplace_back("resolution", displayValue(*resolution));
    }
    if (const std::string by = textOf(fields, "resolved_by"); !by.empty()) {
        rows.emplace_back("resolved by", by + " at " + textOf(fields, "resolved_at"));
    }
    context.out << "conflict " << conflict.id << '\n';
    printFields(context.out, rows);
    return Done{};
}

Outcome resolveConflict(Context& context, const ConflictOptions& options) {
    auto profile = requireSignedIn(context);
    if (!profile) {
        return unexpected(profile.error());
    }
    // Decided locally (exit code 1); the server checks again.
    if (!profile->hasRole("supervisor") && !profile->hasRole("admin")) {
        return localFailure("only supervisors and admins may resolve conflicts",
                            "ask a supervisor to resolve conflict " + options.id);
    }
    auto store = openReplica(*profile);
    if (!store) {
        return unexpected(store.error());
    }
    Json value;
    if (options.valueOption->count() > 0) {
        value = Json::parse(options.value, nullptr, false);
        if (value.is_discarded()) {
            return localFailure("--value " + options.value + " is not JSON",
                                "quote it as JSON, e.g. --value '\"the text\"' or --value 42");
        }
    } else {
        auto record = (*store)->get(kConflictCollection, options.id);
        if (!record) {
            return storeFailure(record.error());
        }
        if (!record->has_value()) {
            return unknownConflict(options.id);
        }
        value =
            sideOf((**record).fields, options.take == "winner" ? "winner" : "loser").value("value", Json());
    }

    // Saved in the replica first, as the app does: the sync session sends it, now or later.
    if (auto queued = (*store)->queueResolution(options.id, value); !queued) {
        return storeFailure(queued.error());
    }
    auto report = sync::syncOnce(syncOptionsFor(*profile));
    if (!report) {
        if (report.error().code == ErrorCode::Unavailable) {
            return remoteFailure(report.error().message,
                                 "the choice is saved in this replica and goes to the server at the next "
                                 "sync (knowset-cli sync, or the app when it is online)");
        }
        return serverFailure(report.error());
    }
    for (const auto& [conflict, refusal] : report->refused) {
        if (conflict == options.id) {
            return serverFailure(Error{refusal.code, "the server refused the resolution of conflict " +
                                                         conflict + ": " + refusal.message});
        }
    }
    const bool resolvedHere =
        std::find(report->resolved.begin(), report->resolved.end(), options.id) != report->resolved.end();
    if (!resolvedHere) {
        // Another session of this replica (the app) sent it first: the queue tells how it went.
        auto queued = (*store)->queuedResolutions();
        if (!queued) {
            return storeFailure(queued.error());
        }
        for (const QueuedResolution& entry : *queued) {
            if (entry.conflictId == options.id && entry.refusal) {
                return remoteFailure("the server refused the resolution of conflict " + options.id + ": " +
                                         *entry.refusal,
                                     "");
            }
        }
    }
    if (context.json) {
        printJson(context.out,
                  Json{{"resolved", options.id}, {"value", value}, {"sync", reportJson(*report)}});
    } else {
        context.out << "Resolved conflict " << options.id << " with " << displayValue(value) << '\n';
        printReport(context.out, *report);
    }
    return Done{};
}

} // namespace

void defineConflictCommands(CLI::App& app, Action& action) {
    CLI::App* conflicts = app.add_subcommand("conflicts", "concurrent edits the server flagged");
    conflicts->require_subcommand(1);

    auto options = std::make_shared<ConflictOptions>();
    CLI::App* command = conflicts->add_subcommand("list", "open conflicts");
    command->add_flag("--all", options->all, "resolved ones too");
    command->callback([options, &action] {
        action = [options](Context& context) {
            return listConflicts(context, *options);
        };
    });

    options = std::make_shared<ConflictOptions>();
    command =
        conflicts->add_subcommand("show", "both sides: values, versions, authors, when typed and received");
    command->add_option("ID", options->id, "the conflict's id")->required();
    command->callback([options, &action] {
        action = [options](Context& context) {
            return showConflict(context, *options);
        };
    });

    options = std::make_shared<ConflictOptions>();
    command = conflicts->add_subcommand(
        "resolve", "choose a value (supervisors and admins; sent at once, or saved until the next sync)");
    command->add_option("ID", options->id, "the conflict's id")->required();
    CLI::Option* take = command->add_option("--take", options->take, "keep the winner's or the loser's value")
                            ->check(CLI::IsMember({"winner", "loser"}));
    options->valueOption = command->add_option("--value", options->value, "this value instead (JSON)");
    take->excludes(options->valueOption);
    command->callback([options, &action, take] {
        if (take->count() == 0 && options->valueOption->count() == 0) {
            throw CLI::ValidationError("conflicts resolve", "give --take winner|loser or --value JSON");
        }
        action = [options](Context& context) {
            return resolveConflict(context, *options);
        };
    });
}

} // namespace knowset::cli
