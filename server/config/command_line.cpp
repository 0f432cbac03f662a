#include "server/config/command_line.hpp"

#include "knowset/domain/calendar.hpp"

namespace knowset::server {

namespace {

// CLI11 validator: a calendar date written YYYY-MM-DD.
std::string dateProblem(const std::string& text) {
    return text.size() == 10 && domain::parseDay(text) ? std::string()
                                                       : "'" + text + "' is not a date (YYYY-MM-DD)";
}

template <typename Rep, typename Period>
void addMillisecondsOption(CLI::App& command, const std::string& name,
                           std::chrono::duration<Rep, Period>& value, const std::string& help) {
    command
        .add_option_function<std::int64_t>(
            name, [&value](std::int64_t millis) { value = std::chrono::milliseconds(millis); }, help)
        ->check(CLI::PositiveNumber);
}

} // namespace

void defineCommandLine(CLI::App& app, CommandLine& line) {
    app.require_subcommand(1);
    // Options may come from a file: `key = value` lines, a command's options under its section,
    // e.g. [serve] then port = 8443 (CLI11's INI/TOML format).
    app.set_config("--config", "", "read options from this file (INI/TOML: [serve] then key = value)");
    app.add_option("--log-level", line.logLevel, "debug, info, warning or error")
        ->check(CLI::IsMember({"debug", "info", "warning", "error"}));

    ServerConfig& serve = line.serve;
    ServerLimits& limits = serve.limits;
    CLI::App* command = app.add_subcommand("serve", "run the sync server");
    line.serveCommand = command;
    command->add_option("--data", serve.dataDirectory, "the data directory made by init")->required();
    command->add_option("--address", serve.address, "address to listen on")->capture_default_str();
    command->add_option("--port", serve.port, "port to listen on (0: any free port)")->capture_default_str();
    command->add_flag("--plain", serve.plainWebSocket, "serve ws:// without TLS (loopback addresses only)");
    command->add_option("--allow-origin", serve.allowedOrigins,
                        "accept WebSocket upgrades only from these Origins (repeat the flag)");
    command->add_option("--threads", serve.threads, "I/O threads")
        ->check(CLI::Range(1U, 64U))
        ->capture_default_str();
    command
        ->add_option_function<int>(
            "--session-hours", [&serve](int hours) { serve.sessionLifetime = std::chrono::hours(hours); },
            "how long a sign-in stays valid")
        ->check(CLI::PositiveNumber);
    command->add_option("--max-message-bytes", limits.maxMessageBytes, "largest message after sign-in")
        ->capture_default_str();
    command
        ->add_option("--pre-auth-message-bytes", limits.preAuthMessageBytes, "largest message before sign-in")
        ->capture_default_str();
    command->add_option("--messages-per-second", limits.messagesPerSecond, "per connection")
        ->capture_default_str();
    command->add_option("--message-burst", limits.messageBurst, "messages allowed at once")
        ->capture_default_str();
    command->add_option("--connections-per-user", limits.connectionsPerUser, "simultaneous connections")
        ->capture_default_str();
    command->add_option("--max-queued-bytes", limits.maxQueuedBytes, "bytes queued for a slow reader")
        ->capture_default_str();
    addMillisecondsOption(*command, "--handshake-timeout-ms", limits.handshakeTimeout,
                          "TLS and HTTP handshake");
    addMillisecondsOption(*command, "--hello-timeout-ms", limits.helloTimeout,
                          "time to send hello after upgrade");
    addMillisecondsOption(*command, "--idle-timeout-ms", limits.idleTimeout,
                          "idle time before a dead peer is dropped");
    addMillisecondsOption(*command, "--max-clock-skew-ms", limits.maxClockSkew,
                          "refuse changes stamped further ahead");
    addMillisecondsOption(*command, "--revalidate-ms", limits.revalidateInterval,
                          "how often live sessions are checked against revocations");
    command->add_flag("--demo-data", line.demoOnFirstStart,
                      "on first start (a store without records), load the demo organisation first");

    command = app.add_subcommand("init", "create a data directory: store, TLS certificate, first admin");
    line.initCommand = command;
    command->add_option("--data", line.dataDirectory, "the directory to create")->required();
    command->add_option("--admin", line.adminName, "name of the first admin")->capture_default_str();
    command->add_flag("--password-stdin", line.passwordFromStdin,
                      "read the admin's password from standard input (else one is generated and printed)");

    CLI::App* user = app.add_subcommand("user", "manage users");
    user->require_subcommand(1);
    command = user->add_subcommand("add", "add a user (password read from standard input)");
    line.userAddCommand = command;
    command->add_option("name", line.userName, "user name")->required();
    command->add_option("--role", line.roleName, "agent, supervisor or admin")
        ->check(CLI::IsMember({"agent", "supervisor", "admin"}))
        ->capture_default_str();
    command->add_option("--branch", line.branches, "a branch the user works in (repeat the flag)");
    command->add_option("--data", line.dataDirectory, "the data directory")->required();
    command = user->add_subcommand("passwd", "set a user's password (read from standard input)");
    line.userPasswdCommand = command;
    command->add_option("name", line.userName, "user name")->required();
    command->add_option("--data", line.dataDirectory, "the data directory")->required();
    command = user->add_subcommand("disable", "disable a user and end their sessions");
    line.userDisableCommand = command;
    command->add_option("name", line.userName, "user name")->required();
    command->add_option("--data", line.dataDirectory, "the data directory")->required();
    command = user->add_subcommand("enable", "enable a disabled user");
    line.userEnableCommand = command;
    command->add_option("name", line.userName, "user name")->required();
    command->add_option("--data", line.dataDirectory, "the data directory")->required();
    command = user->add_subcommand("list", "list users");
    line.userListCommand = command;
    command->add_option("--data", line.dataDirectory, "the data directory")->required();

    CLI::App* branch = app.add_subcommand("branch", "manage branches");
    branch->require_subcommand(1);
    command = branch->add_subcommand("add", "add a branch");
    line.branchAddCommand = command;
    command->add_option("name", line.branchName, "branch name")->required();
    command->add_option("--data", line.dataDirectory, "the data directory")->required();
    command = branch->add_subcommand("list", "list branches");
    line.branchListCommand = command;
    command->add_option("--data", line.dataDirectory, "the data directory")->required();

    command = app.add_subcommand(
        "dump", "print every record as a client replica's canonical dump does (safe while serving)");
    line.dumpCommand = command;
    command->add_option("--data", line.dataDirectory, "the data directory")->required();
    command->add_option("--collection", line.dumpCollection, "only this collection");
    command->add_flag("--history", line.dumpHistory,
                      "print every stored field change instead: collection, id, field, version, seq");

    domain::DemoSpec& demo = line.demo;
    command = app.add_subcommand(
        "demo-data", "write the demo organisation (Tidewater Broadband) into the store as changes "
                     "clients will pull");
    line.demoDataCommand = command;
    command->add_option("--data", line.dataDirectory, "the data directory")->required();
    command->add_option("--seed", demo.seed, "the same seed gives the same data")->capture_default_str();
    command
        ->add_option("--until", line.demoUntil,
                     "the last day of the 26 weeks of interactions (default: today)")
        ->check(dateProblem);
    command->add_option("--articles", demo.articles, "articles, including the 8 key messages")
        ->check(CLI::Range(9, 10'000'000))
        ->capture_default_str();
    command->add_option("--customers", demo.customers, "customers, spread over north, south and east")
        ->check(CLI::Range(3, 10'000'000))
        ->capture_default_str();
    command->add_option("--interactions", demo.interactions, "interactions over the 26 weeks")
        ->check(CLI::Range(0, 100'000'000))
        ->capture_default_str();
    command->add_flag("--force", line.demoForce, "write even when the store already holds records");
}

} // namespace knowset::server
