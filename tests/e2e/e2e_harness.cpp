#include "e2e_harness.hpp"

#include "knowset/core/ids.hpp"
#include "knowset/store/local_store.hpp"

#include <SQLiteCpp/Database.h>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <mutex>
#include <netinet/in.h>
#include <random>
#include <spawn.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "spawn_child.hpp"

extern char** environ;

namespace knowset::e2e {

namespace {

using namespace std::chrono_literals;

// Files of the harness itself (captured output, standard input), removed at exit.
const std::filesystem::path& scratchDirectory() {
    static const test::TempDir directory;
    return directory.path();
}

std::filesystem::path scratchFile(const std::string& stem) {
    static std::atomic<unsigned> counter{0};
    return scratchDirectory() / (stem + "-" + std::to_string(++counter));
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string joined(const std::vector<std::string>& args) {
    std::string line;
    for (const std::string& arg : args) {
        if (!line.empty()) {
            line += ' ';
        }
        line += arg.find_first_of(" \t\"'") == std::string::npos ? arg : "'" + arg + "'";
    }
    return line;
}

std::string tail(const std::string& text, std::size_t limit = 4000) {
    return text.size() <= limit ? text : "..." + text.substr(text.size() - limit);
}

// The test's environment without KNOWSET_* (each test says what it wants), plus `extra`.
std::vector<std::string> childEnvironment(const std::map<std::string, std::string>& extra) {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const std::string key(text.substr(0, text.find('=')));
        if (key.starts_with("KNOWSET_") || extra.contains(key)) {
            continue;
        }
        entries.emplace_back(text);
    }
    for (const auto& [key, value] : extra) {
        entries.push_back(key + "=" + value);
    }
    return entries;
}

// Starts `args` with stdin from `inputFile` (or /dev/null) and stdout/stderr into files.
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::filesystem::path& inputFile, const std::filesystem::path& outFile,
            const std::filesystem::path& errFile) {
    try {
        return test::spawnChild(args, childEnvironment(env), inputFile, outFile, errFile);
    } catch (const std::runtime_error& error) {
        FAIL(error.what());
    }
    return -1;
}

int statusToCode(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Polls for the child's exit until `deadline`; nullopt if it still runs.
std::optional<int> waitUntil(pid_t pid, std::chrono::steady_clock::time_point deadline) {
    auto pause = 1ms;
    while (true) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            return statusToCode(status);
        }
        if (done < 0 && errno != EINTR) {
            return -1000; // not our child any more (reaped elsewhere)
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_for(pause);
        pause = std::min<std::chrono::milliseconds>(pause * 2, 20ms);
    }
}

std::filesystem::path writeInput(const std::string& input) {
    if (input.empty()) {
        return {};
    }
    const auto file = scratchFile("stdin");
    writeFile(file, input);
    return file;
}

bool tcpConnects(std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    close(fd);
    return connected;
}

// GET /healthz on a plain server; true on a 200 answer.
bool healthy(std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    timeval timeout{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = false;
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
        const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
            std::string reply;
            char buffer[512];
            ssize_t got = 0;
            while ((got = recv(fd, buffer, sizeof(buffer), 0)) > 0 && reply.size() < 4096) {
                reply.append(buffer, static_cast<std::size_t>(got));
            }
            ok = reply.starts_with("HTTP/1.1 200");
        }
    }
    close(fd);
    return ok;
}

} // namespace

const std::string& serverBinary() {
    static const std::string path = KNOWSET_SERVER_BINARY;
    return path;
}

const std::string& cliBinary() {
    static const std::string path = KNOWSET_CLI_BINARY;
    return path;
}

std::uint16_t freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    socklen_t length = sizeof(address);
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    close(fd);
    return ntohs(address.sin_port);
}

std::string RunResult::describe() const {
    std::ostringstream text;
    text << "$ " << joined(args) << "\nexit code " << exitCode << " after " << elapsed.count() << " ms"
         << "\n--- stdout ---\n"
         << tail(out) << "\n--- stderr ---\n"
         << tail(err);
    return text.str();
}

Json RunResult::json() const {
    try {
        return Json::parse(out);
    } catch (const std::exception& error) {
        FAIL("stdout is not JSON (" << error.what() << ")\n" << describe());
    }
    return {};
}

RunOptions withInput(std::string text) {
    RunOptions options;
    options.input = std::move(text);
    return options;
}

RunOptions withTimeout(std::chrono::milliseconds timeout) {
    RunOptions options;
    options.timeout = timeout;
    return options;
}

RunResult run(const std::vector<std::string>& args, const RunOptions& options) {
    RunResult result;
    result.args = args;
    const auto input = writeInput(options.input);
    const auto outFile = scratchFile("out");
    const auto errFile = scratchFile("err");
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = spawn(args, options.env, input, outFile, errFile);
    const auto code = waitUntil(pid, start + options.timeout);
    if (!code) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    result.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    result.out = readFile(outFile);
    result.err = readFile(errFile);
    std::error_code ignored;
    std::filesystem::remove(outFile, ignored);
    std::filesystem::remove(errFile, ignored);
    if (!input.empty()) {
        std::filesystem::remove(input, ignored);
    }
    if (!code) {
        FAIL("timed out after " << options.timeout.count() << " ms and was killed\n" << result.describe());
    }
    result.exitCode = *code;
    return result;
}

const RunResult& requireOk(const RunResult& result) {
    INFO(result.describe());
    REQUIRE(result.exitCode == 0);
    return result;
}

// ---- Process ----

Process::Process(std::vector<std::string> args, const std::filesystem::path& logDirectory,
                 const RunOptions& options)
    : m_args(std::move(args)) {
    std::filesystem::create_directories(logDirectory);
    static std::atomic<unsigned> counter{0};
    const std::string stem = std::filesystem::path(m_args.at(0)).filename().string() + "-" +
                             std::to_string(getpid()) + "-" + std::to_string(++counter);
    m_outFile = logDirectory / (stem + ".out");
    m_errFile = logDirectory / (stem + ".err");
    m_pid = spawn(m_args, options.env, writeInput(options.input), m_outFile, m_errFile);
}

Process::~Process() {
    if (m_pid > 0 && !m_exit) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
}

bool Process::running() {
    if (m_exit) {
        return false;
    }
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_exit = statusToCode(status);
        return false;
    }
    return true;
}

void Process::signal(int number) {
    if (running()) {
        kill(m_pid, number);
    }
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
    if (m_exit) {
        return m_exit;
    }
    m_exit = waitUntil(m_pid, std::chrono::steady_clock::now() + timeout);
    return m_exit;
}

bool Process::kill9() {
    const bool wasRunning = running();
    if (wasRunning) {
        kill(m_pid, SIGKILL);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_exit = statusToCode(status);
    }
    return wasRunning;
}

std::string Process::out() const {
    return readFile(m_outFile);
}

std::string Process::err() const {
    return readFile(m_errFile);
}

std::string Process::describe() const {
    std::ostringstream text;
    text << "$ " << joined(m_args) << " (pid " << m_pid
         << ")\nexit: " << (m_exit ? std::to_string(*m_exit) : std::string("still running"))
         << "\n--- stdout ---\n"
         << tail(out()) << "\n--- stderr ---\n"
         << tail(err());
    return text.str();
}

// ---- data directories and the server ----

const std::vector<UserSpec>& standardUsers() {
    static const std::vector<UserSpec> users{
        {"alice", "agent", {"north"}},
        {"bob", "agent", {"south"}},
        {"sam", "supervisor", {"north"}},
        {"sue", "supervisor", {"south"}},
    };
    return users;
}

void prepareDataDirectory(const std::filesystem::path& data) {
    static std::mutex mutex;
    static std::unique_ptr<test::TempDir> templateDirectory;
    const std::lock_guard lock(mutex);
    if (!templateDirectory) {
        auto made = std::make_unique<test::TempDir>();
        const std::string dir = (made->path() / "data").string();
        requireOk(run({serverBinary(), "--log-level", "warning", "init", "--data", dir, "--admin", "root",
                       "--password-stdin"},
                      withInput(kPassword + "\n")));
        for (const char* branch : {"north", "south"}) {
            requireOk(run({serverBinary(), "branch", "add", branch, "--data", dir}));
        }
        for (const UserSpec& user : standardUsers()) {
            std::vector<std::string> args{serverBinary(), "user", "add", user.name, "--role", user.role};
            for (const std::string& branch : user.branches) {
                args.insert(args.end(), {"--branch", branch});
            }
            args.insert(args.end(), {"--data", dir});
            requireOk(run(args, withInput(kPassword + "\n")));
        }
        templateDirectory = std::move(made);
    }
    std::filesystem::copy(templateDirectory->path() / "data", data, std::filesystem::copy_options::recursive);
}

Server::Server(std::filesystem::path data, std::filesystem::path logDirectory, bool tls)
    : m_data(std::move(data))
    , m_logs(std::move(logDirectory))
    , m_tls(tls) {}

Server::~Server() = default;

void Server::start(const std::vector<std::string>& extraArgs) {
    REQUIRE((!m_process || !m_process->running()));
    if (m_port == 0) {
        m_port = freePort();
    }
    std::vector<std::string> args{serverBinary(), "--log-level",         "warning",   "serve",
                                  "--data",       m_data.string(),       "--address", "127.0.0.1",
                                  "--port",       std::to_string(m_port)};
    if (!m_tls) {
        args.emplace_back("--plain");
    }
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    // A restart right after a kill may find the port briefly taken: try again a few times.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_process = std::make_unique<Process>(args, m_logs);
        while (std::chrono::steady_clock::now() < deadline) {
            if (!m_process->running()) {
                break;
            }
            if (m_tls ? tcpConnects(m_port) : healthy(m_port)) {
                return;
            }
            std::this_thread::sleep_for(20ms);
        }
        if (m_process->running()) {
            break; // running but not answering: give up
        }
        std::this_thread::sleep_for(200ms);
    }
    FAIL("the server did not come up on port " << m_port << "\n" << m_process->describe());
}

void Server::stop() {
    if (!m_process || !m_process->running()) {
        return;
    }
    m_process->signal(SIGTERM);
    const auto code = m_process->wait(20s);
    INFO(m_process->describe());
    if (!code) {
        m_process->kill9();
        FAIL("the server did not stop within 20 s of SIGTERM");
    }
    CHECK(*code == 0);
}

void Server::kill9() {
    REQUIRE(m_process);
    REQUIRE(m_process->kill9());
}

bool Server::running() {
    return m_process && m_process->running();
}

std::string Server::url() const {
    return std::string(m_tls ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(m_port);
}

std::string Server::log() const {
    return m_process ? m_process->err() : std::string();
}

std::string Server::dump(const std::vector<std::string>& extraArgs) const {
    std::vector<std::string> args{serverBinary(), "dump", "--data", m_data.string()};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    return requireOk(run(args)).out;
}

RunResult Server::admin(std::vector<std::string> args, const RunOptions& options) const {
    args.insert(args.begin(), serverBinary());
    args.insert(args.end(), {"--data", m_data.string()});
    return run(args, options);
}

// ---- dumps and files ----

std::map<std::pair<std::string, std::string>, DumpLine> parseDump(const std::string& dump) {
    std::map<std::pair<std::string, std::string>, DumpLine> lines;
    std::istringstream in(dump);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> parts;
        std::size_t start = 0;
        for (std::size_t tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', start)) {
            parts.push_back(line.substr(start, tab - start));
            start = tab + 1;
        }
        parts.push_back(line.substr(start));
        INFO("dump line: " << line);
        REQUIRE(parts.size() == 4);
        DumpLine parsed{parts[0], parts[1], Json::parse(parts[2]), Json::parse(parts[3])};
        const auto key = std::make_pair(parsed.collection, parsed.id);
        REQUIRE(lines.emplace(key, std::move(parsed)).second);
    }
    return lines;
}

std::string dumpLinesOf(const std::string& dump, const std::string& collection) {
    std::istringstream in(dump);
    std::string line;
    std::string selected;
    const std::string prefix = collection + "\t";
    while (std::getline(in, line)) {
        if (line.starts_with(prefix)) {
            selected += line;
            selected += '\n';
        }
    }
    return selected;
}

std::size_t lineCount(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<HistoryLine> parseHistory(const std::string& text) {
    std::vector<HistoryLine> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> parts;
        std::size_t start = 0;
        for (std::size_t tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', start)) {
            parts.push_back(line.substr(start, tab - start));
            start = tab + 1;
        }
        parts.push_back(line.substr(start));
        INFO("history line: " << line);
        REQUIRE(parts.size() == 5);
        lines.push_back(HistoryLine{parts[0], parts[1], parts[2], parts[3], std::stoll(parts[4])});
    }
    return lines;
}

std::string replicaDump(const std::filesystem::path& profile) {
    const auto file = profile / "replica.sqlite";
    INFO("replica " << file);
    REQUIRE(std::filesystem::exists(file));
    StoreOptions options;
    options.path = file;
    auto store = LocalStore::open(options);
    REQUIRE(store);
    auto dump = (*store)->canonicalDump();
    REQUIRE(dump);
    return *dump;
}

ReplicaState replicaState(const std::filesystem::path& profile, bool withDump) {
    const auto file = profile / "replica.sqlite";
    INFO("replica " << file);
    StoreOptions options;
    options.path = file;
    auto store = LocalStore::open(options);
    REQUIRE(store);
    ReplicaState state;
    auto pending = (*store)->pendingJournal(std::numeric_limits<std::size_t>::max());
    auto cursor = (*store)->cursor();
    REQUIRE(pending);
    REQUIRE(cursor);
    state.pending = std::move(*pending);
    state.cursor = *cursor;
    if (withDump) {
        auto dump = (*store)->canonicalDump();
        REQUIRE(dump);
        state.dump = std::move(*dump);
    }
    return state;
}

std::int64_t replicaPendingCount(const std::filesystem::path& profile) {
    SQLite::Database db((profile / "replica.sqlite").string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    return db.execAndGet("SELECT count(*) FROM journal").getInt64();
}

std::int64_t replicaCursor(const std::filesystem::path& profile) {
    const auto file = profile / "replica.sqlite";
    if (!std::filesystem::exists(file)) {
        return 0;
    }
    try {
        SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
        db.setBusyTimeout(5000);
        SQLite::Statement select(db, "SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'cursor'");
        return select.executeStep() ? select.getColumn(0).getInt64() : 0;
    } catch (const SQLite::Exception&) {
        return 0; // the schema is not there yet
    }
}

std::map<std::string, std::int64_t> nodeProgress(const std::filesystem::path& serverData) {
    SQLite::Database db((serverData / "knowset.db").string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    SQLite::Statement select(db, "SELECT node, through FROM node_progress");
    std::map<std::string, std::int64_t> progress;
    while (select.executeStep()) {
        progress[select.getColumn(0).getString()] = select.getColumn(1).getInt64();
    }
    return progress;
}

HistoryCounts historyCounts(const Server& server) {
    HistoryCounts counts;
    for (HistoryLine& line : parseHistory(server.dump({"--history"}))) {
        ++counts[{std::move(line.collection), std::move(line.id), std::move(line.field),
                  std::move(line.version)}];
    }
    return counts;
}

namespace {

SQLite::Database openServerStore(const std::filesystem::path& serverData) {
    SQLite::Database db((serverData / "knowset.db").string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    return db;
}

} // namespace

HistoryCounts storedHistory(const std::filesystem::path& serverData, std::int64_t afterSeq) {
    SQLite::Database db = openServerStore(serverData);
    SQLite::Statement select(db, "SELECT collection, id, field, version FROM changes WHERE seq > ?");
    select.bind(1, afterSeq);
    HistoryCounts counts;
    while (select.executeStep()) {
        ++counts[{select.getColumn(0).getString(), select.getColumn(1).getString(),
                  select.getColumn(2).getString(), select.getColumn(3).getString()}];
    }
    return counts;
}

std::int64_t storedHead(const std::filesystem::path& serverData) {
    SQLite::Database db = openServerStore(serverData);
    return db.execAndGet("SELECT coalesce(max(seq), 0) FROM changes").getInt64();
}

std::int64_t storedDuplicates(const std::filesystem::path& serverData) {
    SQLite::Database db = openServerStore(serverData);
    return db
        .execAndGet("SELECT count(*) FROM (SELECT 1 FROM changes GROUP BY collection, id, field, version "
                    "HAVING count(*) > 1)")
        .getInt64();
}

std::vector<std::string> filesContaining(const std::filesystem::path& directory, const std::string& needle) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (entry.is_regular_file() && readFile(entry.path()).find(needle) != std::string::npos) {
            found.push_back(entry.path().filename().string());
        }
    }
    return found;
}

bool filesContain(const std::filesystem::path& directory, const std::string& needle) {
    return !filesContaining(directory, needle).empty();
}

std::string marker(const std::string& prefix) {
    static std::mt19937_64 random{std::random_device{}()};
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    return prefix + "-" + std::to_string(random() % 1'000'000'000ULL);
}

std::string readText(const std::filesystem::path& file) {
    return readFile(file);
}

void writeFile(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    REQUIRE(out.good());
}

std::int64_t millisSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
        .count();
}

std::string integrityCheck(const std::filesystem::path& database) {
    INFO("integrity check of " << database);
    SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    return db.execAndGet("PRAGMA integrity_check").getString();
}

int countFromEnvironment(const char* name, int fallback) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') {
        return fallback;
    }
    int count = 0;
    const std::string_view value(text);
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), count);
    INFO(name << "=" << value);
    REQUIRE(error == std::errc());
    REQUIRE(end == value.data() + value.size());
    REQUIRE(count > 0);
    return count;
}

void writeArticleImport(const std::filesystem::path& file, const std::string& name, int count,
                        std::size_t bodyBytes, std::vector<std::string>& ids) {
    Json rows = Json::array();
    const std::string filler(bodyBytes, 'x');
    for (int i = 0; i < count; ++i) {
        ids.push_back(newUuidV7());
        Json fields = {{"kind", "faq"}, {"title", name + " " + std::to_string(i)}, {"status", "draft"}};
        if (bodyBytes > 0) {
            fields["body"] = "Answer " + std::to_string(i) + " " + filler;
        }
        rows.push_back({{"collection", "article"}, {"id", ids.back()}, {"fields", std::move(fields)}});
    }
    writeFile(file, rows.dump());
}

// ---- E2e ----

E2e::E2e(bool tls) {
    const auto data = m_dir.path() / "server-data";
    prepareDataDirectory(data);
    m_server = std::make_unique<Server>(data, m_dir.path() / "logs", tls);
}

E2e::~E2e() = default;

std::filesystem::path E2e::profile(const std::string& name) const {
    return m_dir.path() / "profiles" / name;
}

RunResult E2e::cli(const std::filesystem::path& profile, std::vector<std::string> args,
                   RunOptions options) const {
    if (const auto env = m_clientEnv.find(profile); env != m_clientEnv.end()) {
        for (const auto& [key, value] : env->second) {
            options.env.emplace(key, value);
        }
    }
    args.insert(args.begin(), {cliBinary(), "--profile", profile.string()});
    return run(args, options);
}

Json E2e::cliJson(const std::filesystem::path& profile, std::vector<std::string> args,
                  RunOptions options) const {
    args.emplace_back("--json");
    return requireOk(cli(profile, std::move(args), std::move(options))).json();
}

std::unique_ptr<Process> E2e::cliBackground(const std::filesystem::path& profile,
                                            std::vector<std::string> args, RunOptions options) const {
    if (const auto env = m_clientEnv.find(profile); env != m_clientEnv.end()) {
        for (const auto& [key, value] : env->second) {
            options.env.emplace(key, value);
        }
    }
    args.insert(args.begin(), {cliBinary(), "--profile", profile.string()});
    return std::make_unique<Process>(std::move(args), m_dir.path() / "logs", options);
}

void E2e::setClientEnv(const std::filesystem::path& profile, std::map<std::string, std::string> env) {
    m_clientEnv[profile] = std::move(env);
}

void E2e::login(const std::filesystem::path& profile, const std::string& user, const std::string& url) const {
    std::vector<std::string> args{"login", url.empty() ? m_server->url() : url, user, "--password-stdin"};
    if (m_server->tls()) {
        args.insert(args.end(), {"--trust-cert", m_server->certificate().string()});
    }
    RunOptions options;
    options.input = kPassword + "\n";
    requireOk(cli(profile, args, options));
}

std::filesystem::path E2e::signedIn(const std::string& user, const std::string& profileName) const {
    const auto directory = profile(profileName.empty() ? user : profileName);
    login(directory, user);
    return directory;
}

Json E2e::status(const std::filesystem::path& profile) const {
    return cliJson(profile, {"status"});
}

std::int64_t E2e::pending(const std::filesystem::path& profile) const {
    return status(profile).at("pending").get<std::int64_t>();
}

Json E2e::sync(const std::filesystem::path& profile, std::vector<std::string> extra,
               RunOptions options) const {
    extra.insert(extra.begin(), "sync");
    return cliJson(profile, std::move(extra), std::move(options));
}

Json E2e::article(const std::filesystem::path& profile, const std::string& id) const {
    return cliJson(profile, {"article", "show", id});
}

} // namespace knowset::e2e
