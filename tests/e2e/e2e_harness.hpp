// The end-to-end harness: real knowset-server and knowset-cli processes on loopback, on
// ephemeral ports, in temporary directories (RELIABILITY.md T2/T3).
//
//   run()      runs a process to completion with arguments, standard input text and extra
//              environment, capturing stdout, stderr and the exit code; on timeout it kills
//              the process and FAILs the test.
//   Process    a process in the background (a server, `knowset-cli sync --live`), its output
//              going to files; signal it, kill -9 it, wait for it.
//   Server     `knowset-server serve` on 127.0.0.1: plain ws (`--plain --port P`) or TLS (the
//              certificate `init` made); start, stop (SIGTERM), kill -9, restart on the same
//              port and data directory; `dump`.
//   E2e        a test's world: a temporary directory, a data directory with the standard users,
//              a Server, and client profiles driven through `knowset-cli --profile DIR`.
//
// Users (all with kPassword): root (admin, every branch), alice (agent, north), bob (agent,
// south), sam (supervisor, north), sue (supervisor, south).
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/store/local_store.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <tuple>
#include <vector>

#include "test_support.hpp"

namespace knowset::e2e {

inline const std::string kPassword = "correct horse battery";

const std::string& serverBinary();
const std::string& cliBinary();

// A port on 127.0.0.1 that was free a moment ago.
std::uint16_t freePort();

struct RunOptions {
    std::string input;                          // written to the child's standard input
    std::map<std::string, std::string> env;     // set in the child's environment (beside the test's own)
    std::chrono::milliseconds timeout{120'000}; // run(): killed and FAILed after this
};

struct RunResult {
    std::vector<std::string> args;
    int exitCode = -1; // the exit status, or -signal
    std::string out;
    std::string err;
    std::chrono::milliseconds elapsed{0};

    // The command, its exit code and its output, for failure messages.
    std::string describe() const;
    // stdout parsed as JSON; FAILs (with describe()) when it is not.
    Json json() const;
};

// Options that only feed `text` to standard input.
RunOptions withInput(std::string text);
// Options that only allow a long-running command (an import or a sync of many records) `timeout`.
RunOptions withTimeout(std::chrono::milliseconds timeout);

// Runs `args` (args[0] is the binary's path) to completion.
RunResult run(const std::vector<std::string>& args, const RunOptions& options = {});

// REQUIREs exit code 0, showing the command and its output when not; returns the result.
const RunResult& requireOk(const RunResult& result);

// A child process in the background; stdout and stderr go to files under `logDirectory`.
class Process {
public:
    Process(std::vector<std::string> args, const std::filesystem::path& logDirectory,
            const RunOptions& options = {});
    ~Process(); // kill -9 and reap if it still runs
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return m_pid; }
    // Reaps the child if it has exited; true while it runs.
    bool running();
    void signal(int number);
    // The exit code (or -signal), or nullopt if it still runs after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    // SIGKILL and reap; returns true when the process was still running at the kill.
    bool kill9();
    std::optional<int> exitCode() const { return m_exit; }
    std::string out() const;
    std::string err() const;
    std::string describe() const;

private:
    std::vector<std::string> m_args;
    std::filesystem::path m_outFile;
    std::filesystem::path m_errFile;
    pid_t m_pid = -1;
    std::optional<int> m_exit;
};

struct UserSpec {
    std::string name;
    std::string role;
    std::vector<std::string> branches;
};

// The standard users (beside root, the admin `init` creates).
const std::vector<UserSpec>& standardUsers();

// Makes `data` a server data directory holding the branches north and south and the standard
// users (copied from a template made once per test run: user creation hashes passwords).
void prepareDataDirectory(const std::filesystem::path& data);

class Server {
public:
    Server(std::filesystem::path data, std::filesystem::path logDirectory, bool tls = false);
    ~Server();

    // Starts serving on port() (chosen on the first start, kept for restarts) and waits until
    // it answers; FAILs when it exits or does not answer within 30 s.
    void start(const std::vector<std::string>& extraArgs = {});
    // SIGTERM; CHECKs a clean exit (0) within 20 s.
    void stop();
    // kill -9: no chance to close anything.
    void kill9();
    bool running();

    std::uint16_t port() const { return m_port; }
    bool tls() const { return m_tls; }
    std::string url() const; // ws://127.0.0.1:P or wss://127.0.0.1:P
    std::filesystem::path certificate() const { return m_data / "tls" / "cert.pem"; }
    const std::filesystem::path& data() const { return m_data; }
    std::string log() const; // the current process's stderr

    // `knowset-server dump --data DIR ...`: exit 0 REQUIREd; returns stdout.
    std::string dump(const std::vector<std::string>& extraArgs = {}) const;
    // `knowset-server ARGS... --data DIR` (an admin command).
    RunResult admin(std::vector<std::string> args, const RunOptions& options = {}) const;

private:
    std::filesystem::path m_data;
    std::filesystem::path m_logs;
    bool m_tls = false;
    std::uint16_t m_port = 0;
    std::unique_ptr<Process> m_process;
};

// One line of a canonical dump, split at its tabs.
struct DumpLine {
    std::string collection;
    std::string id;
    Json doc;
    Json versions;
};

// Parses a canonical dump (client or server): key (collection, id). FAILs on a malformed line.
std::map<std::pair<std::string, std::string>, DumpLine> parseDump(const std::string& dump);
// The lines of `dump` whose collection is `collection`, unchanged.
std::string dumpLinesOf(const std::string& dump, const std::string& collection);
// Number of lines.
std::size_t lineCount(const std::string& text);

// One line of `knowset-server dump --history`.
struct HistoryLine {
    std::string collection;
    std::string id;
    std::string field;
    std::string version;
    std::int64_t seq = 0;
};
std::vector<HistoryLine> parseHistory(const std::string& text);

// The canonical dump of a profile's replica, read with LocalStore in this process (call it
// only while no CLI process uses the profile).
std::string replicaDump(const std::filesystem::path& profile);

// A replica read beside a running CLI process (LocalStore allows several connections to one
// replica file): the journal entries not yet acknowledged, the pull cursor, and (when asked
// for) the canonical dump.
struct ReplicaState {
    std::vector<JournalEntry> pending;
    std::int64_t cursor = 0;
    std::string dump;
};
ReplicaState replicaState(const std::filesystem::path& profile, bool withDump = false);
// Just the number of pending journal entries (cheaper, for polling).
std::int64_t replicaPendingCount(const std::filesystem::path& profile);
// The pull cursor, read without preparing the file (a CLI process may be creating it): 0 while
// there is no replica or no cursor yet.
std::int64_t replicaCursor(const std::filesystem::path& profile);

// The server's applied-through journal seq per client node (hex), read from its store.
std::map<std::string, std::int64_t> nodeProgress(const std::filesystem::path& serverData);

// How many times each (collection, id, field, version) is in `knowset-server dump --history`.
using HistoryCounts = std::map<std::tuple<std::string, std::string, std::string, std::string>, int>;
HistoryCounts historyCounts(const Server& server);
// The same for the changes stored after seq `afterSeq`, read straight from the server's store
// file (a WAL reader: safe while it serves, and after a kill -9 it sees what had committed).
// Cheaper than the dump when the history is long.
HistoryCounts storedHistory(const std::filesystem::path& serverData, std::int64_t afterSeq);
// The newest seq in the server's store (0 when empty).
std::int64_t storedHead(const std::filesystem::path& serverData);
// Field changes stored more than once (same record, field and version) in the whole history.
std::int64_t storedDuplicates(const std::filesystem::path& serverData);

// True when any file directly in `directory` (replica, WAL, profile...) contains `needle`.
bool filesContain(const std::filesystem::path& directory, const std::string& needle);
// The names of the files in `directory` that contain `needle`.
std::vector<std::string> filesContaining(const std::filesystem::path& directory, const std::string& needle);

// A short random marker for greppable strings.
std::string marker(const std::string& prefix);

// The bytes of `file` ("" when it cannot be read).
std::string readText(const std::filesystem::path& file);

// Writes `text` to `file`.
void writeFile(const std::filesystem::path& file, const std::string& text);

// Milliseconds since `start`.
std::int64_t millisSince(std::chrono::steady_clock::time_point start);

// `PRAGMA integrity_check` of a SQLite file: "ok" when intact.
std::string integrityCheck(const std::filesystem::path& database);

// The count in the environment variable `name` (for long runs from bench/), or `fallback`
// when it is not set; FAILs when it is set but not a positive number.
int countFromEnvironment(const char* name, int fallback);

// Writes `count` new articles in the import format to `file` ("NAME i" titles, a body of about
// `bodyBytes` when not 0) and appends their ids to `ids`.
void writeArticleImport(const std::filesystem::path& file, const std::string& name, int count,
                        std::size_t bodyBytes, std::vector<std::string>& ids);

class E2e {
public:
    // A temporary directory with a prepared data directory and a Server (not started).
    explicit E2e(bool tls = false);
    ~E2e();
    E2e(const E2e&) = delete;
    E2e& operator=(const E2e&) = delete;

    Server& server() { return *m_server; }
    const std::filesystem::path& root() const { return m_dir.path(); }

    // The profile directory named `name` (not created: the CLI makes it).
    std::filesystem::path profile(const std::string& name) const;

    // `knowset-cli --profile PROFILE ARGS...` with env from `options` plus the client env of
    // the profile (see setClientEnv).
    RunResult cli(const std::filesystem::path& profile, std::vector<std::string> args,
                  RunOptions options = {}) const;
    // The same with --json; REQUIREs exit 0 and returns the parsed stdout.
    Json cliJson(const std::filesystem::path& profile, std::vector<std::string> args,
                 RunOptions options = {}) const;
    // `knowset-cli ... sync --live` in the background.
    std::unique_ptr<Process> cliBackground(const std::filesystem::path& profile,
                                           std::vector<std::string> args, RunOptions options = {}) const;

    // Environment every CLI run of `profile` gets (say KNOWSET_CLOCK_OFFSET_MS).
    void setClientEnv(const std::filesystem::path& profile, std::map<std::string, std::string> env);

    // Signs `profile` in as `user` (kPassword) to this server, or to `url` (a proxy in front of
    // it); REQUIREs success. Creates the profile directory. TLS servers: trusts the server's
    // certificate.
    void login(const std::filesystem::path& profile, const std::string& user,
               const std::string& url = {}) const;
    // A new profile named after the user (or `profileName`) signed in as `user`.
    std::filesystem::path signedIn(const std::string& user, const std::string& profileName = {}) const;

    // `status --json`
    Json status(const std::filesystem::path& profile) const;
    std::int64_t pending(const std::filesystem::path& profile) const;
    // `sync --json`, REQUIREd to succeed.
    Json sync(const std::filesystem::path& profile, std::vector<std::string> extra = {},
              RunOptions options = {}) const;
    // `article show ID --json`.
    Json article(const std::filesystem::path& profile, const std::string& id) const;

private:
    test::TempDir m_dir;
    std::unique_ptr<Server> m_server;
    std::map<std::filesystem::path, std::map<std::string, std::string>> m_clientEnv;
};

} // namespace knowset::e2e
