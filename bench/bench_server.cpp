#include "bench_server.hpp"

#include "knowset/core/ids.hpp"

#include <csignal>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "bench_support.hpp"
#include "server/auth/tokens.hpp"
#include "server/config/data_directory.hpp"
#include "server/store/sqlite_server_store.hpp"
#include "server_fixture.hpp"
#include "ws_test_client.hpp"

namespace knowset::bench {

namespace {

template <typename T> T orThrow(Result<T> result, const std::string& what) {
    if (!result) {
        throw std::runtime_error(what + ": " + result.error().message);
    }
    return std::move(*result);
}

std::int64_t nowMillis() {
    return static_cast<std::int64_t>(systemClockMillis());
}

} // namespace

NodeId benchNode() {
    return NodeId{0x62656e63686e6f64ULL}; // "benchnod"
}

BenchServer::BenchServer(const std::filesystem::path& directory)
    : m_data(directory / "data")
    , m_logs(directory / "logs") {
    runToCompletion({serverBinary(), "--log-level", "warning", "init", "--data", m_data.string(), "--admin",
                     "root", "--password-stdin"},
                    m_logs, "init", kBenchPassword + "\n");
    m_store = orThrow(server::SqliteServerStore::openDataDirectory(server::DataDirectory{m_data}),
                      "open the store");
    for (const char* branch : {"north", "south", "east"}) {
        orThrow(m_store->addBranch(branch), "add a branch");
    }
    auto root = orThrow(m_store->findUser("root"), "read the admin");
    if (!root) {
        throw std::runtime_error("init made no admin");
    }
    m_passwordHash = root->passwordHash;
}

BenchServer::~BenchServer() {
    if (m_process && m_process->running()) {
        m_process->signal(SIGTERM);
        try {
            m_process->wait(std::chrono::seconds(30));
        } catch (const std::exception&) {
            // the destructor of the process kills it
        }
    }
}

server::ServerStore& BenchServer::store() {
    if (!m_store) {
        throw std::runtime_error("the store is only prepared before the server starts");
    }
    return *m_store;
}

std::vector<BenchUser> BenchServer::addUsers(const std::string& prefix, std::size_t count,
                                             const std::string& role,
                                             const std::vector<std::string>& branches) {
    const auto parsedRole = server::roleFromString(role);
    if (!parsedRole) {
        throw std::runtime_error("no role " + role);
    }
    std::vector<BenchUser> users;
    for (std::size_t i = 1; i <= count; ++i) {
        server::User user;
        user.name = prefix + std::to_string(i);
        user.role = *parsedRole;
        user.branches = branches;
        std::sort(user.branches.begin(), user.branches.end());
        user.passwordHash = m_passwordHash;
        user.createdAt = nowMillis();
        orThrow(store().putUser(user), "add a user");
        BenchUser made{user.name, server::newSessionToken()};
        orThrow(store().addSession(server::Session{server::hashToken(made.token), user.name, nowMillis(),
                                                   nowMillis() + 24LL * 3600 * 1000}),
                "add a session");
        users.push_back(std::move(made));
    }
    return users;
}

double BenchServer::seed(const std::string& collection, std::size_t count, const RecordMaker& make) {
    const auto started = std::chrono::steady_clock::now();
    HybridClock clock(systemClockMillis, orThrow(store().maxHlc(), "read the clock"));
    std::vector<RecordPatch> batch;
    for (std::size_t i = 0; i < count; ++i) {
        RecordPatch patch;
        patch.collection = collection;
        patch.id = newUuidV7();
        const Version version{clock.now(), benchNode()};
        Json fields = make(i);
        for (auto field = fields.begin(); field != fields.end(); ++field) {
            patch.fields.emplace(field.key(), FieldChange{std::move(field.value()), version, std::nullopt});
        }
        batch.push_back(std::move(patch));
        if (batch.size() == 1000 || i + 1 == count) {
            seedPatches(std::move(batch));
            batch.clear();
        }
    }
    return seconds(std::chrono::steady_clock::now() - started);
}

void BenchServer::seedPatches(std::vector<RecordPatch> patches) {
    HybridClock clock(systemClockMillis, orThrow(store().maxHlc(), "read the clock"));
    server::PushBatch push;
    push.node = benchNode();
    push.seqFrom = m_nextSeq;
    push.author = "bench";
    push.receivedAt = nowMillis();
    push.changes = std::move(patches);
    m_nextSeq += static_cast<std::int64_t>(push.changes.size());
    orThrow(store().commitPushes({std::move(push)}, clock), "seed records");
}

void BenchServer::start() {
    m_store.reset(); // the server process owns the database from here
    m_port = test::unusedLoopbackPort();
    m_process = std::make_unique<ChildProcess>(
        std::vector<std::string>{serverBinary(), "--log-level", "warning", "serve", "--data", m_data.string(),
                                 "--address", "127.0.0.1", "--port", std::to_string(m_port), "--plain"},
        m_logs, "server");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!m_process->running()) {
            throw std::runtime_error("the server exited: " + m_process->describe());
        }
        try {
            if (test::httpGet(m_port, "/healthz").first == 200) {
                return;
            }
        } catch (const std::exception&) {
            // not listening yet
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("the server did not come up: " + m_process->describe());
}

void BenchServer::stop() {
    if (m_process && m_process->running()) {
        m_process->signal(SIGTERM);
        m_process->wait(std::chrono::seconds(60));
    }
}

bool BenchServer::running() {
    return m_process && m_process->running();
}

std::string BenchServer::url() const {
    return "ws://127.0.0.1:" + std::to_string(m_port) + "/sync";
}

long BenchServer::peakRssKilobytes() {
    return m_process ? m_process->peakRssKilobytes() : 0;
}

double BenchServer::cpuSeconds() {
    return m_process ? m_process->cpuSeconds() : 0;
}

long BenchServer::currentRssKilobytes() {
    if (!m_process || !m_process->running()) {
        return 0;
    }
    std::ifstream status("/proc/" + std::to_string(m_process->pid()) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

} // namespace knowset::bench
