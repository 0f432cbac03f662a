// The knowset-server command line (CLI11): `serve` with its flags, which may also come from a
// config file (`--config FILE` before the command; INI/TOML with a [serve] section of
// `key = value` lines, the long flag names without dashes), and the admin subcommands (among them
// `dump`, the store in a client replica's canonical dump format, and `demo-data`). Parsing only:
// what each command does lives in admin/ and net/server.
#pragma once

#include "knowset/domain/demo_data.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "server/config/server_config.hpp"
#include "server/store/server_store.hpp"

namespace knowset::server {

struct CommandLine {
    ServerConfig serve;
    std::string logLevel = "info";

    std::filesystem::path dataDirectory; // for init and admin commands
    std::string adminName = "admin";
    bool passwordFromStdin = false;

    std::string userName;
    std::string roleName = "agent";
    std::vector<std::string> branches;
    std::string branchName;

    bool dumpHistory = false;   // dump: the history instead of the current records
    std::string dumpCollection; // dump: only this collection ("" for all)

    // demo-data, and serve --demo-data (the standard sizes, the default seed)
    domain::DemoSpec demo;
    std::string demoUntil; // YYYY-MM-DD, "" for today
    bool demoForce = false;
    bool demoOnFirstStart = false;

    CLI::App* serveCommand = nullptr;
    CLI::App* initCommand = nullptr;
    CLI::App* userAddCommand = nullptr;
    CLI::App* userPasswdCommand = nullptr;
    CLI::App* userDisableCommand = nullptr;
    CLI::App* userEnableCommand = nullptr;
    CLI::App* userListCommand = nullptr;
    CLI::App* branchAddCommand = nullptr;
    CLI::App* branchListCommand = nullptr;
    CLI::App* dumpCommand = nullptr;
    CLI::App* demoDataCommand = nullptr;
};

// Declares every subcommand and option on `app`, storing into `line`.
void defineCommandLine(CLI::App& app, CommandLine& line);

} // namespace knowset::server
