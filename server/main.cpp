// knowset-server: wires the command line to the server library. No logic here.
#include "knowset/core/password_input.hpp"

#include <chrono>
#include <iomanip>
#include <iostream>

#include "server/admin/admin_commands.hpp"
#include "server/admin/demo_data_loader.hpp"
#include "server/config/command_line.hpp"
#include "server/net/server.hpp"
#include "server/observe/log.hpp"
#include "server/store/sqlite_server_store.hpp"

namespace {

using namespace knowset;
using namespace knowset::server;

// Exit codes: 0 success, 1 usage or validation error, 2 runtime error (store, network).
int report(const Error& error) {
    std::cerr << "knowset-server: " << error.message << '\n';
    return error.code == ErrorCode::Internal ? 2 : 1;
}

LogLevel logLevelOf(const std::string& name) {
    if (name == "debug") {
        return LogLevel::Debug;
    }
    if (name == "warning") {
        return LogLevel::Warning;
    }
    return name == "error" ? LogLevel::Error : LogLevel::Info;
}

domain::DemoSpec demoSpecOf(const CommandLine& line) {
    domain::DemoSpec spec = line.demo;
    spec.until = line.demoUntil.empty() ? domain::today() : *domain::parseDay(line.demoUntil);
    return spec;
}

int serve(const CommandLine& line) {
    if (line.demoOnFirstStart) {
        auto loaded =
            admin::loadDemoDataOnFirstStart(DataDirectory{line.serve.dataDirectory}, demoSpecOf(line));
        if (!loaded) {
            return report(loaded.error());
        }
        if (*loaded) {
            logEvent(LogLevel::Info, "demo.loaded",
                     {{"records", std::to_string((*loaded)->records)}, {"checksum", (*loaded)->checksum}});
        }
    }
    auto server = Server::create(line.serve);
    if (!server) {
        return report(server.error());
    }
    if (auto started = (*server)->start(); !started) {
        return report(started.error());
    }
    (*server)->stopOnSignals();
    (*server)->wait();
    logEvent(LogLevel::Info, "server.stopped");
    return 0;
}

int init(const CommandLine& line) {
    admin::InitOptions options;
    options.adminName = line.adminName;
    if (line.passwordFromStdin) {
        options.adminPassword = readPassword("Password for " + line.adminName + ": ");
        if (!options.adminPassword) {
            return report(Error{ErrorCode::InvalidChange, "no password on standard input"});
        }
    }
    auto report_ = admin::initDataDirectory(line.dataDirectory, options);
    if (!report_) {
        return report(report_.error());
    }
    std::cout << "Created " << line.dataDirectory.string() << "\n"
              << "TLS certificate fingerprint: " << report_->certificateFingerprint << "\n"
              << "Admin user: " << report_->adminName << "\n";
    if (report_->passwordGenerated) {
        std::cout << "Admin password (shown once): " << report_->adminPassword << "\n";
    }
    return 0;
}

int loadDemo(const CommandLine& line) {
    const auto started = std::chrono::steady_clock::now();
    const domain::DemoSpec spec = demoSpecOf(line);
    auto summary = admin::loadDemoDataInto(DataDirectory{line.dataDirectory}, spec, line.demoForce, "cli");
    if (!summary) {
        return report(summary.error());
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    std::cout << "Loaded " << summary->records << " demo records into " << line.dataDirectory.string()
              << " in " << std::fixed << std::setprecision(1) << took.count() << " s (seed " << spec.seed
              << ", interactions until " << domain::formatDay(spec.until) << ")\n";
    for (const auto& [collection, count] : summary->counts) {
        std::cout << collection << '\t' << count << '\n';
    }
    std::cout << "Checksum " << summary->checksum << '\n';
    return 0;
}

int administer(const CommandLine& line) {
    auto store = SqliteServerStore::openDataDirectory(DataDirectory{line.dataDirectory});
    if (!store) {
        return report(store.error());
    }
    ServerStore& db = **store;
    const std::string actor = "cli";
    Result<Done> done = Done{};
    if (line.userAddCommand->parsed() || line.userPasswdCommand->parsed()) {
        const auto password = readPassword("Password for " + line.userName + ": ");
        if (!password) {
            return report(Error{ErrorCode::InvalidChange, "no password on standard input"});
        }
        done = line.userAddCommand->parsed()
                   ? admin::addUser(db, line.userName, *roleFromString(line.roleName), line.branches,
                                    *password, actor)
                   : admin::setPassword(db, line.userName, *password, actor);
    } else if (line.userDisableCommand->parsed()) {
        done = admin::disableUser(db, line.userName, actor);
    } else if (line.userEnableCommand->parsed()) {
        done = admin::enableUser(db, line.userName, actor);
    } else if (line.branchAddCommand->parsed()) {
        done = admin::addBranch(db, line.branchName, actor);
    } else if (line.userListCommand->parsed()) {
        auto users = admin::listUsers(db);
        if (!users) {
            return report(users.error());
        }
        for (const User& user : *users) {
            std::cout << user.name << '\t' << toString(user.role) << '\t';
            for (std::size_t i = 0; i < user.branches.size(); ++i) {
                std::cout << (i > 0 ? "," : "") << user.branches[i];
            }
            std::cout << '\t' << (user.disabled ? "disabled" : "active") << '\n';
        }
    } else if (line.dumpCommand->parsed()) {
        std::ios::sync_with_stdio(false);
        auto dumped = line.dumpHistory ? admin::dumpHistory(db, line.dumpCollection, std::cout, actor)
                                       : admin::dumpRecords(db, line.dumpCollection, std::cout, actor);
        std::cout.flush();
        if (!dumped) {
            return report(dumped.error());
        }
        if (!std::cout) {
            return report(Error{ErrorCode::Internal, "cannot write the dump to standard output"});
        }
    } else if (line.branchListCommand->parsed()) {
        auto branches = db.branches();
        if (!branches) {
            return report(branches.error());
        }
        for (const std::string& branch : *branches) {
            std::cout << branch << '\n';
        }
    }
    return done ? 0 : report(done.error());
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"knowset-server: the Knowset sync server"};
    CommandLine line;
    defineCommandLine(app, line);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 1;
    }
    setMinimumLogLevel(logLevelOf(line.logLevel));
    if (line.serveCommand->parsed()) {
        return serve(line);
    }
    if (line.initCommand->parsed()) {
        return init(line);
    }
    if (line.demoDataCommand->parsed()) {
        return loadDemo(line);
    }
    return administer(line);
}
