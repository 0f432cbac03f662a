#include "client/cli/command_line.hpp"

#include <exception>
#include <ostream>

#include "client/cli/auth_commands.hpp"
#include "client/cli/conflict_commands.hpp"
#include "client/cli/customer_commands.hpp"
#include "client/cli/demo_command.hpp"
#include "client/cli/insight_commands.hpp"
#include "client/cli/knowledge_commands.hpp"
#include "client/cli/profile_access.hpp"
#include "client/cli/record_commands.hpp"
#include "client/cli/search_command.hpp"
#include "client/cli/status_command.hpp"
#include "client/cli/sync_commands.hpp"
#include "client/cli/transfer_commands.hpp"

namespace knowset::cli {

namespace {

std::string oneLine(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

// "knowset-cli article add": where to ask for --help after a usage error.
std::string commandPath(const CLI::App& app) {
    std::string path = "knowset-cli";
    const CLI::App* current = &app;
    for (;;) {
        const auto chosen = current->get_subcommands();
        if (chosen.empty()) {
            return path;
        }
        current = chosen.front();
        path += " " + current->get_name();
    }
}

void printFailure(std::ostream& err, const Failure& failure) {
    err << "knowset-cli: " << oneLine(failure.line()) << '\n';
}

} // namespace

void defineCommandLine(CLI::App& app, CommandLine& line) {
    app.require_subcommand(1);
    app.fallthrough();
    app.add_option(
        "--profile", line.profile,
        "the profile directory (default: $KNOWSET_PROFILE, else $XDG_DATA_HOME/knowset/default, else "
        "~/.local/share/knowset/default)");
    app.add_flag("--json", line.json, "machine-readable output on stdout (one JSON document)");
    defineAuthCommands(app, line.action);
    defineSyncCommands(app, line.action);
    defineStatusCommand(app, line.action);
    defineRecordCommands(app, line.action);
    defineConflictCommands(app, line.action);
    defineTransferCommands(app, line.action);
    // These extend `article`, `customer` and `interaction`, so they come after them.
    defineKnowledgeCommands(app, line.action);
    defineSearchCommand(app, line.action);
    defineCustomerCommands(app, line.action);
    defineInsightCommands(app, line.action);
    defineDemoCommand(app, line.action);
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, std::istream& in) {
    CLI::App app(
        "knowset-cli: the Knowset knowledge base from a terminal. Works offline on the local replica; "
        "`sync` exchanges changes with the server.",
        "knowset-cli");
    CommandLine line;
    defineCommandLine(app, line);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) { // --help
        return app.exit(done, out, err);
    } catch (const CLI::ParseError& error) {
        std::string what = oneLine(error.what());
        // CLI11 checks for a missing subcommand before it looks at the words it did not know.
        if (const auto unknown = app.remaining(true);
            !unknown.empty() && what.starts_with("A subcommand is required")) {
            what = "unknown command '" + unknown.front() + "'";
        }
        printFailure(err, Failure{kExitLocal, what, "see " + commandPath(app) + " --help"});
        return kExitLocal;
    }
    try {
        Context context{line.profile.empty() ? defaultProfileDirectory()
                                             : std::filesystem::absolute(line.profile),
                        line.json, out, err, in};
        Outcome outcome = line.action ? line.action(context) : Outcome(Done{});
        out.flush();
        if (!outcome) {
            printFailure(err, outcome.error());
            return outcome.error().exitCode;
        }
        return 0;
    } catch (const std::exception& error) {
        printFailure(err, Failure{kExitLocal, std::string("unexpected error: ") + error.what(),
                                  "please report it with the command you ran"});
        return kExitLocal;
    }
}

} // namespace knowset::cli
