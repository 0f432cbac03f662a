#include "client/cli/demo_command.hpp"

#include "knowset/domain/actor.hpp"
#include "knowset/domain/demo_data.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"

namespace knowset::cli {

namespace {

struct DemoOptions {
    domain::DemoSpec spec;
    std::string until; // empty: today
    bool force = false;
};

std::string_view roleName(domain::Role role) {
    switch (role) {
    case domain::Role::Admin:
        return "admin";
    case domain::Role::Supervisor:
        return "supervisor";
    case domain::Role::Agent:
        break;
    }
    return "agent";
}

std::string secondsText(double seconds) {
    std::array<char, 32> text{};
    const int length = std::snprintf(text.data(), text.size(), "%.1f s", seconds);
    return {text.data(), static_cast<std::size_t>(length)};
}

void printSummary(Context& context, const domain::DemoSpec& spec, const domain::DemoSummary& summary,
                  double seconds) {
    if (context.json) {
        printJson(context.out, Json{{"seed", spec.seed},
                                    {"until", domain::formatDay(spec.until)},
                                    {"records", summary.records},
                                    {"counts", summary.counts},
                                    {"checksum", summary.checksum},
                                    {"seconds", seconds}});
        return;
    }
    context.out << "Wrote " << summary.records << " demo records in " << secondsText(seconds) << " (seed "
                << spec.seed << ", interactions until " << domain::formatDay(spec.until) << ")\n";
    Table table({"COLLECTION", "RECORDS"});
    for (const auto& [collection, count] : summary.counts) {
        table.addRow({collection, std::to_string(count)});
    }
    table.print(context.out);
    context.out << "Checksum " << summary.checksum << "\n"
                << "Run `knowset-cli sync` to send them to the server.\n";
}

Outcome runDemoData(Context& context, DemoOptions options) {
    auto profile = requireSignedIn(context);
    if (!profile) {
        return unexpected(profile.error());
    }
    const domain::Role role = domain::roleFromNames(profile->roles);
    if (role != domain::Role::Admin) {
        return localFailure(
            "demo-data is for admins: it publishes articles, defines KPIs and writes customers "
            "of every branch, and " +
                profile->user + " is " + std::string(roleName(role)),
            "sign in as an admin: knowset-cli login URL USER");
    }
    if (options.until.empty()) {
        options.spec.until = domain::today(clientClock());
    } else if (const auto until = domain::parseDay(options.until); until && options.until.size() == 10) {
        options.spec.until = *until;
    } else {
        return localFailure("--until: '" + options.until + "' is not a date", "give it as YYYY-MM-DD");
    }

    auto store = openReplica(*profile);
    if (!store) {
        return unexpected(store.error());
    }
    if (!options.force) {
        auto counts = (*store)->countByCollection();
        if (!counts) {
            return storeFailure(counts.error());
        }
        std::int64_t records = 0;
        for (const auto& [collection, count] : *counts) {
            records += count;
        }
        if (records > 0) {
            return localFailure("the replica already holds " + std::to_string(records) +
                                    (records == 1 ? " record" : " records"),
                                "use a new profile for the demo, or add --force to write it beside them");
        }
    }
    const auto started = std::chrono::steady_clock::now();
    auto summary = domain::writeDemoData(**store, options.spec);
    if (!summary) {
        return storeFailure(summary.error());
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    printSummary(context, options.spec, *summary, took.count());
    return Done{};
}

} // namespace

void defineDemoCommand(CLI::App& app, Action& action) {
    auto options = std::make_shared<DemoOptions>();
    CLI::App* command = app.add_subcommand(
        "demo-data", "fill the replica with the demo organisation, Tidewater Broadband (admins only)");
    command->add_option("--seed", options->spec.seed, "the same seed gives the same data")
        ->capture_default_str();
    command->add_option("--until", options->until,
                        "the last day of the 26 weeks of interactions, YYYY-MM-DD (default: today)");
    command->add_option("--articles", options->spec.articles, "articles, including the 8 key messages")
        ->check(CLI::Range(9, 10'000'000))
        ->capture_default_str();
    command
        ->add_option("--customers", options->spec.customers, "customers, spread over north, south and east")
        ->check(CLI::Range(3, 10'000'000))
        ->capture_default_str();
    command->add_option("--interactions", options->spec.interactions, "interactions over the 26 weeks")
        ->check(CLI::Range(0, 100'000'000))
        ->capture_default_str();
    command->add_flag("--force", options->force, "write even when the replica already holds records");
    command->callback([options, &action] {
        action = [options](Context& context) {
            return runDemoData(context, *options);
        };
    });
}

} // namespace knowset::cli
