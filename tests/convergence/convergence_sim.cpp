#include "convergence_sim.hpp"

#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "convergence_model.hpp"
#include "server/admin/admin_commands.hpp"
#include "server/auth/tokens.hpp"
#include "server/observe/log.hpp"
#include "server/store/sqlite_server_store.hpp"
#include "server/sync/server_context.hpp"
#include "sim_network.hpp"

namespace knowset::convergence {

namespace {

using server::Role;
using sync::SyncSession;

constexpr std::uint64_t kEpochMillis = 1'750'000'000'000;
constexpr std::size_t kTraceShown = 60;

// What one seed's run looks like: its size and how hostile its network is.
struct Scenario {
    int replicas = 2;
    int records = 2;
    int steps = 100;
    double lose = 0;   // a frame is lost (its direction stalls until the link is cut)
    double repeat = 0; // a frame is delivered twice
    std::size_t maxPullRecords = 1000;
};

struct Account {
    std::string name;
    Role role = Role::Agent;
    std::string token;
};

struct Replica {
    int index = 0;
    NodeId node;
    int account = 0;
    std::filesystem::path file;
    std::int64_t clockOffset = 0;
    std::unique_ptr<LocalStore> store;

    sync::SyncOptions options;
    sync::SyncReport report;
    std::unique_ptr<SyncSession> session;
    std::unique_ptr<SimClientConnection> connection;
    std::shared_ptr<Link> link;
    bool running = false;
    bool live = false;
    std::optional<Error> failure; // how the last session ended, when it failed
};

class Random {
public:
    explicit Random(std::uint64_t seed)
        : m_engine(seed) {}
    // The engine's output is fixed by the standard; reduce it ourselves so that every standard
    // library replays a seed alike.
    std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : m_engine() % bound; }
    int below(int bound) { return static_cast<int>(below(static_cast<std::uint64_t>(bound))); }
    bool chance(double probability) {
        return static_cast<double>(m_engine() >> 11U) * 0x1.0p-53 < probability;
    }
    template <typename T> const T& pick(const std::vector<T>& items) {
        return items.at(static_cast<std::size_t>(below(items.size())));
    }

private:
    std::mt19937_64 m_engine;
};

std::string recordId(int index) {
    // A fixed UUIDv7-shaped id per record slot.
    char text[40];
    std::snprintf(text, sizeof text, "0190a000-0000-7000-8000-%012d", index + 1);
    return text;
}

const std::vector<Json>& namesDomain() {
    static const std::vector<Json> values = {"Billing", "Roaming", "Refunds", "Outages"};
    return values;
}
const std::vector<Json>& descriptionsDomain() {
    static const std::vector<Json> values = {"first line", "escalate", "see the FAQ", nullptr};
    return values;
}
const std::vector<Json>& positionsDomain() {
    static const std::vector<Json> values = {0, 1, 2, 3};
    return values;
}

Json freshValue(Random& random, const std::string& field) {
    if (field == "name") {
        return random.pick(namesDomain());
    }
    if (field == "description") {
        return random.pick(descriptionsDomain());
    }
    if (field == "position") {
        return random.pick(positionsDomain());
    }
    return random.chance(0.5); // _deleted
}

class World {
public:
    World(std::uint64_t seed, std::filesystem::path directory, const SimulationOptions& options);
    ~World();
    SimulationReport run();

private:
    // ---- setup ----
    void openServer();
    void closeServer();
    void openReplica(Replica& replica);

    // ---- the random phase ----
    void step();
    void writeSomething(Replica& replica);
    void connect(Replica& replica);
    // Queues resolutions of conflicts the replica sees open (supervisors and admins, as the
    // app and the CLI do); returns a description for the trace.
    std::string queueResolutions(Replica& replica);
    bool deliverToServer();
    bool deliverToClient();
    void runSmoothly();
    void cutLink();
    void reapLink();
    void commit();
    void restartServer(bool crash);

    // ---- frames ----
    void serverReceives(const std::shared_ptr<SimServerEnd>& end, const std::string& frame);
    void clientReceives(const std::shared_ptr<Link>& link, std::string frame);
    void onClientRead(int replica, const std::string& frame);

    // ---- sessions ----
    void startSession(Replica& replica, SyncSession::Mode mode);
    boost::asio::awaitable<void> runSession(Replica& replica, SyncSession::Mode mode);
    void settle();
    void endServerSide(const std::shared_ptr<SimServerEnd>& end);
    std::shared_ptr<SimServerEnd> serverEndOf(const Link& link);

    // ---- healing and the checks ----
    void heal();
    sync::SyncReport cleanSync(Replica& replica);
    void checkServerAgainstModel(const std::string& when);
    void checkFinalState();
    void checkReplayChangesNothing();
    std::string serverDump(bool withConflicts);
    std::string historyDump();

    void trace(const std::string& line);
    [[noreturn]] void fail(const std::string& what);

    std::uint64_t m_seed;
    std::filesystem::path m_directory;
    SimulationOptions m_options;
    Random m_random;
    Scenario m_scenario;
    SimulationReport m_report;
    std::uint64_t m_now = kEpochMillis;
    NodeId m_serverNode;

    boost::asio::io_context m_io;
    std::shared_ptr<server::ServerContext> m_server;
    std::vector<std::shared_ptr<SimServerEnd>> m_ends; // server sides not yet ended
    std::uint64_t m_links = 0;

    std::vector<Account> m_accounts;
    std::vector<std::unique_ptr<Replica>> m_replicas;
    std::vector<int> m_creators;                           // per record slot: the replica that creates it
    std::vector<std::pair<int, std::string>> m_pushFrames; // every push a server accepted
    std::unique_ptr<Model> m_model;
    std::optional<std::string> m_sessionProblem;
    std::vector<std::string> m_trace;
};

World::World(std::uint64_t seed, std::filesystem::path directory, const SimulationOptions& options)
    : m_seed(seed)
    , m_directory(std::move(directory))
    , m_options(options)
    , m_random(seed) {
    server::setMinimumLogLevel(server::LogLevel::Warning);
    m_scenario.replicas = 2 + m_random.below(7);
    m_scenario.records = 2 + m_random.below(4);
    m_scenario.steps = 200 + m_random.below(200);
    static const double loseRates[] = {0, 0.01, 0.04};
    static const double repeatRates[] = {0, 0.02, 0.05};
    m_scenario.lose = loseRates[m_random.below(3)];
    m_scenario.repeat = repeatRates[m_random.below(3)];
    static const std::size_t pullPages[] = {1, 2, 5, 1000};
    m_scenario.maxPullRecords = pullPages[m_random.below(4)];
    m_now += m_random.below(std::uint64_t{1'000'000});

    m_report.replicas = m_scenario.replicas;
    m_report.records = m_scenario.records;
    m_report.steps = m_scenario.steps;
    m_serverNode = NodeId(0x5e7e700000000000ULL | (seed & 0xffffU));

    // Replica 0 belongs to a supervisor; the others to agents, supervisors or admins, and now
    // and then two replicas are one person's two devices.
    std::vector<NodeId> nodes;
    for (int i = 0; i < m_scenario.replicas; ++i) {
        auto replica = std::make_unique<Replica>();
        replica->index = i;
        replica->node =
            NodeId(0x1000000000000000ULL + (static_cast<std::uint64_t>(i) << 32U) + (seed & 0xffffffU));
        if (i > 0 && m_random.chance(0.2)) {
            replica->account = m_replicas[static_cast<std::size_t>(m_random.below(i))]->account;
        } else {
            static const Role roles[] = {Role::Agent, Role::Supervisor, Role::Admin};
            const Role role = i == 0 ? Role::Supervisor : roles[m_random.below(3)];
            replica->account = static_cast<int>(m_accounts.size());
            m_accounts.push_back(Account{"user" + std::to_string(i), role, "sim-token-" + std::to_string(i)});
        }
        replica->file = m_directory / ("replica-" + std::to_string(i) + ".sqlite");
        static const std::int64_t offsets[] = {0, 0, 1500, -2500, 45'000, -90'000, 150'000};
        replica->clockOffset = offsets[m_random.below(7)];
        static const int pullLimits[] = {1, 3, 1000};
        replica->options.pullLimit = pullLimits[m_random.below(3)];
        replica->options.pollInterval = std::chrono::hours(24); // only wake() makes a live session push
        replica->options.server.url = "ws://simulated/sync";
        replica->options.token = m_accounts[static_cast<std::size_t>(replica->account)].token;
        replica->options.clock = [this, offset = replica->clockOffset] {
            return static_cast<std::uint64_t>(static_cast<std::int64_t>(m_now) + offset);
        };
        nodes.push_back(replica->node);
        m_replicas.push_back(std::move(replica));
    }
    for (int k = 0; k < m_scenario.records; ++k) {
        m_creators.push_back(m_random.below(m_scenario.replicas));
    }
    m_model = std::make_unique<Model>(nodes);
}

World::~World() {
    // After a failure: end every session the normal way (their links break) before the stores
    // and connections they use go.
    for (auto& replica : m_replicas) {
        if (replica->link) {
            replica->link->cut = true;
            replica->link->wake();
        }
    }
    for (int round = 0; round < 1000; ++round) {
        try {
            m_io.restart();
            if (m_io.poll() == 0) {
                break;
            }
        } catch (...) {
        }
    }
    for (auto& replica : m_replicas) {
        if (replica->running) {
            // Still suspended inside the io_context: leave its objects to the process rather
            // than destroy them under it.
            (void)replica->session.release();
            (void)replica->connection.release();
            (void)replica->store.release();
        }
    }
    for (const auto& end : m_ends) {
        end->end();
    }
}

void World::trace(const std::string& line) {
    m_trace.push_back(line);
    if (m_options.verbose) {
        std::cout << "  " << line << '\n';
    }
}

void World::fail(const std::string& what) {
    std::ostringstream out;
    out << what << "\n  scenario: " << m_scenario.replicas << " replicas, " << m_scenario.records
        << " records, " << m_scenario.steps << " steps, lose " << m_scenario.lose << ", repeat "
        << m_scenario.repeat << ", server pages of " << m_scenario.maxPullRecords << "\n  last actions:";
    const std::size_t first = m_trace.size() > kTraceShown ? m_trace.size() - kTraceShown : 0;
    for (std::size_t i = first; i < m_trace.size(); ++i) {
        out << "\n    " << m_trace[i];
    }
    failSimulation(out.str());
}

// ---------------------------------------------------------------------------------------------
// setup

void World::openServer() {
    server::SqliteStoreOptions storeOptions;
    storeOptions.synchronous = Synchronous::Off; // a simulated crash never loses the OS's cache
    storeOptions.node = m_serverNode;
    storeOptions.readConnections = 1;
    auto store = server::SqliteServerStore::open(m_directory / "server.sqlite", storeOptions);
    if (!store) {
        fail("the server store did not open: " + store.error().message);
    }
    if (!(*store)->findUser(m_accounts.front().name).value().has_value()) {
        (void)(*store)->addBranch("north").value();
        for (const Account& account : m_accounts) {
            server::User user;
            user.name = account.name;
            user.role = account.role;
            user.branches = {"north"};
            user.passwordHash = "$argon2id$never-used-the-simulation-signs-in-with-tokens";
            (void)(*store)->putUser(user).value();
            (void)(*store)
                ->addSession(server::Session{server::hashToken(account.token), account.name, 0,
                                             std::numeric_limits<std::int64_t>::max() / 2})
                .value();
        }
    }
    server::ServerConfig config;
    config.limits.messagesPerSecond = 1e12; // rate limits are other tests' subject
    config.limits.messageBurst = 1e12;
    config.limits.connectionsPerUser = 10'000;
    config.limits.maxPullRecords = m_scenario.maxPullRecords;
    m_server = server::makeServerContext(std::move(config), std::move(*store), [this] { return m_now; });
}

void World::closeServer() {
    for (const auto& end : m_ends) {
        end->link()->cut = true;
        end->link()->wake();
    }
    settle();
    for (const auto& end : m_ends) {
        end->end();
    }
    m_ends.clear();
    settle();
    if (m_server.use_count() != 1) {
        fail("the server context is still in use after every connection ended");
    }
    m_server.reset();
}

void World::openReplica(Replica& replica) {
    StoreOptions options;
    options.path = replica.file;
    options.clock = replica.options.clock;
    options.synchronous = Synchronous::Off;
    options.node = replica.node;
    auto store = LocalStore::open(options);
    if (!store) {
        fail("replica " + std::to_string(replica.index) + " did not open: " + store.error().message);
    }
    replica.store = std::move(*store);
    if (replica.store->nodeId() != replica.node) {
        fail("replica " + std::to_string(replica.index) + " did not keep its node id");
    }
}

// ---------------------------------------------------------------------------------------------
// sessions and frames

void World::startSession(Replica& replica, SyncSession::Mode mode) {
    auto link = std::make_shared<Link>();
    link->replica = replica.index;
    link->number = ++m_links;
    m_ends.push_back(std::make_shared<SimServerEnd>(m_server, link, m_io));
    replica.link = link;
    replica.connection = std::make_unique<SimClientConnection>(
        link, m_io, [this, index = replica.index](const std::string& frame) { onClientRead(index, frame); });
    replica.report = {};
    replica.session = std::make_unique<SyncSession>(
        *replica.store, replica.options, replica.report,
        [status = std::make_shared<sync::SyncStatus>()](
            const std::function<void(sync::SyncStatus&)>& change) { change(*status); });
    replica.running = true;
    replica.live = mode == SyncSession::Mode::Live;
    replica.failure.reset();
    ++m_report.sessions;
    boost::asio::co_spawn(m_io, runSession(replica, mode), boost::asio::detached);
}

boost::asio::awaitable<void> World::runSession(Replica& replica, SyncSession::Mode mode) {
    Result<Done> outcome = co_await replica.session->run(*replica.connection, mode);
    replica.running = false;
    if (!outcome) {
        replica.failure = outcome.error();
        const ErrorCode code = outcome.error().code;
        // Broken links and frames out of the order a session expects end a session; nothing
        // else may (a refused resolution is set aside in the replica's queue, not a failure).
        const bool expected = code == ErrorCode::Unavailable || code == ErrorCode::Protocol;
        if (!expected && !m_sessionProblem) {
            m_sessionProblem = "the session of replica " + std::to_string(replica.index) + " failed with " +
                               std::string(toString(code)) + ": " + outcome.error().message;
        }
    }
}

void World::settle() {
    for (int round = 0; round < 100'000; ++round) {
        m_io.restart();
        if (m_io.poll() == 0) {
            break;
        }
    }
    if (m_sessionProblem) {
        fail(*m_sessionProblem);
    }
    for (auto& replica : m_replicas) {
        if (!replica->running && replica->session) {
            trace("replica " + std::to_string(replica->index) + " session ended" +
                  (replica->failure ? " (" + std::string(toString(replica->failure->code)) + ": " +
                                          replica->failure->message + ")"
                                    : ""));
            replica->session.reset();
            replica->connection.reset();
            replica->link.reset();
        }
    }
}

std::shared_ptr<SimServerEnd> World::serverEndOf(const Link& link) {
    for (const auto& end : m_ends) {
        if (end->link().get() == &link) {
            return end;
        }
    }
    return nullptr;
}

void World::endServerSide(const std::shared_ptr<SimServerEnd>& end) {
    end->end();
    std::erase(m_ends, end);
}

void World::serverReceives(const std::shared_ptr<SimServerEnd>& end, const std::string& frame) {
    const std::shared_ptr<Link>& link = end->link();
    if (link->serverEnded) {
        return;
    }
    const Json message = Json::parse(frame);
    const std::string type = message.value("type", "");
    const bool accepting = !link->serverClosing && end->sync().signedIn();
    const std::size_t answered = link->toClient.size();
    end->sync().onText(frame);
    if (!accepting || (type != "push" && type != "resolve")) {
        return;
    }
    // A push or resolution the server refuses at once is answered before onText returns.
    for (std::size_t i = answered; i < link->toClient.size(); ++i) {
        const Json reply = Json::parse(link->toClient[i]);
        if (reply.value("type", "") == "error" && reply.value("ref", "") == message.value("id", "")) {
            fail("the server refused a valid " + type + " of replica " + std::to_string(link->replica) +
                 ": " + reply.dump());
        }
    }
    if (type == "push") {
        m_model->queuePush(link->replica, message);
        m_pushFrames.emplace_back(link->replica, frame);
    } else {
        m_model->queueResolution(message);
    }
}

void World::clientReceives(const std::shared_ptr<Link>& link, std::string frame) {
    link->inbox.push_back(std::move(frame));
    link->wake();
}

void World::onClientRead(int replica, const std::string& frame) {
    try {
        m_model->onClientRead(replica, Json::parse(frame));
    } catch (const SimulationFailure& failure) {
        if (!m_sessionProblem) {
            m_sessionProblem = failure.what();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// the random phase

void World::writeSomething(Replica& replica) {
    const int slot = m_random.below(m_scenario.records);
    const std::string id = recordId(slot);
    const int r = replica.index;
    const bool known = m_model->knows(r, id);
    const bool deleted = known && m_model->seesDeleted(r, id);
    enum class Op { Write, Remove, Restore };
    Op op = Op::Write;
    Json request = Json::object();
    bool expectRefusal = false;
    const auto someFields = [&] {
        static const char* const names[] = {"name", "description", "position"};
        const int count = 1 + m_random.below(3);
        for (int i = 0; i < count; ++i) {
            const std::string field = names[m_random.below(3)];
            request[field] = freshValue(m_random, field);
        }
    };
    if (!known) {
        if (m_creators[static_cast<std::size_t>(slot)] != r) {
            return;
        }
        request["name"] = freshValue(m_random, "name");
        if (m_random.chance(0.5)) {
            someFields();
        }
    } else if (deleted) {
        const int roll = m_random.below(100);
        if (roll < 50) {
            op = Op::Restore;
            request = {{"_deleted", false}};
        } else if (roll < 70) {
            someFields();
            request["_deleted"] = false;
        } else if (roll < 85) {
            someFields();
            expectRefusal = true; // a replica refuses to edit what it sees deleted
        } else {
            op = Op::Remove;
            request = {{"_deleted", true}};
        }
    } else {
        const int roll = m_random.below(100);
        if (roll < 78) {
            someFields();
        } else if (roll < 93) {
            op = Op::Remove;
            request = {{"_deleted", true}};
        } else {
            op = Op::Restore;
            request = {{"_deleted", false}};
        }
    }
    const auto changed = m_model->changedFields(r, id, request);
    const Result<LocalWrite> written = op == Op::Remove    ? replica.store->remove(kCollection, id)
                                       : op == Op::Restore ? replica.store->restore(kCollection, id)
                                                           : replica.store->write(kCollection, id, request);
    trace("replica " + std::to_string(r) + " writes " + id.substr(24) + " " + request.dump() +
          (written ? " -> entry " + std::to_string(written->journalSeq) + " at " + written->version.toString()
                   : " -> refused: " + written.error().message));
    if (expectRefusal) {
        if (written) {
            fail("replica " + std::to_string(r) + " accepted an edit of " + id + ", which it sees deleted");
        }
        if (written.error().code != ErrorCode::InvalidChange) {
            fail("replica " + std::to_string(r) +
                 " refused an edit of a deleted record with the wrong code: " + written.error().message);
        }
        return;
    }
    if (!written) {
        fail("replica " + std::to_string(r) + " refused a valid write: " + written.error().message);
    }
    m_model->recordLocalWrite(r, id, changed, written->version, written->journalSeq);
    if (written->journalSeq != 0) {
        ++m_report.writes;
    }
    if (replica.running && replica.live && m_random.chance(0.85)) {
        replica.session->wake(); // what the engine's nudge() does after a local write
    }
}

std::string World::queueResolutions(Replica& replica) {
    std::string chosen;
    const Role role = m_accounts[static_cast<std::size_t>(replica.account)].role;
    if (role == Role::Agent || !m_random.chance(0.8)) {
        return chosen;
    }
    auto flagged = replica.store->list("conflict");
    if (!flagged) {
        fail("replica " + std::to_string(replica.index) +
             " could not list its conflicts: " + flagged.error().message);
    }
    std::vector<Record> open;
    for (Record& record : *flagged) {
        if (record.fields.value("status", "") == "open") {
            open.push_back(std::move(record));
        }
    }
    trace("replica " + std::to_string(replica.index) + " sees " + std::to_string(flagged->size()) +
          " conflicts, " + std::to_string(open.size()) + " open");
    const int count = std::min<int>(static_cast<int>(open.size()), 1 + m_random.below(2));
    for (int i = 0; i < count; ++i) {
        const Record& conflict =
            open[static_cast<std::size_t>(m_random.below(static_cast<int>(open.size())))];
        const Json& fields = conflict.fields;
        const std::string field = fields.at("field").get<std::string>();
        const auto winner = Version::parse(fields.at("winner").at("version").get<std::string>());
        const auto loser = Version::parse(fields.at("loser").at("version").get<std::string>());
        if (!winner || !loser) {
            fail("conflict " + conflict.id + " holds unreadable versions: " + fields.dump());
        }
        const bool editDelete = fields.at("kind") == "edit_delete";
        ConflictKey key{editDelete ? ExpectedKind::EditDelete : ExpectedKind::Field,
                        FieldKey{fields.at("record_id").get<std::string>(), field}, std::min(*winner, *loser),
                        std::max(*winner, *loser)};
        m_model->nameConflict(conflict.id, key);
        Json value;
        const int roll = m_random.below(100);
        if (editDelete) {
            value = roll < 70 ? fields.at("loser").at("value") : freshValue(m_random, field); // keep the edit
        } else {
            value = roll < 40   ? fields.at("winner").at("value")
                    : roll < 80 ? fields.at("loser").at("value")
                                : freshValue(m_random, field);
        }
        // Choosing again replaces the earlier choice, as in the app.
        if (auto queued = replica.store->queueResolution(conflict.id, value); !queued) {
            fail("replica " + std::to_string(replica.index) +
                 " could not queue a resolution: " + queued.error().message);
        }
        chosen += " resolve " + conflict.id.substr(0, 8) + "=" + value.dump();
    }
    return chosen;
}

void World::connect(Replica& replica) {
    if (replica.running || replica.session) {
        return;
    }
    const auto mode = m_random.chance(0.5) ? SyncSession::Mode::Live : SyncSession::Mode::Once;
    const std::string resolving = queueResolutions(replica);
    trace("replica " + std::to_string(replica.index) + " connects (" +
          (mode == SyncSession::Mode::Live ? "live" : "once") + ", link " + std::to_string(m_links + 1) +
          ")" + resolving);
    startSession(replica, mode);
}

bool World::deliverToServer() {
    // Frames of one connection arrive in order (TCP); frames of different connections in any
    // order, those of a connection the client already gave up included.
    std::vector<std::shared_ptr<SimServerEnd>> ready;
    for (const auto& end : m_ends) {
        const Link& link = *end->link();
        if (!link.toServer.empty() && !link.toServerStalled && !link.serverEnded) {
            ready.push_back(end);
        }
    }
    if (ready.empty()) {
        return false;
    }
    const auto end = m_random.pick(ready);
    Link& link = *end->link();
    const std::string where = "link " + std::to_string(link.number) + " -> server: ";
    if (m_random.chance(m_scenario.lose)) {
        ++m_report.framesLost;
        trace(where + "lost " + link.toServer.front().substr(0, 40) + ", the link stalls");
        link.toServer.pop_front();
        link.toServerStalled = true;
        return true;
    }
    const std::string frame = link.toServer.front();
    link.toServer.pop_front();
    const bool stale = link.cut || link.clientEnded;
    if (stale) {
        ++m_report.framesStale;
    }
    const bool repeat = m_random.chance(m_scenario.repeat);
    trace(where + (stale ? "(after the client left) " : "") + (repeat ? "(twice) " : "") +
          frame.substr(0, 120));
    serverReceives(end, frame);
    if (repeat) {
        ++m_report.framesRepeated;
        serverReceives(end, frame);
    }
    return true;
}

bool World::deliverToClient() {
    std::vector<std::shared_ptr<SimServerEnd>> ready;
    for (const auto& end : m_ends) {
        const Link& link = *end->link();
        if (!link.toClient.empty() && !link.toClientStalled && !link.clientEnded && !link.cut) {
            ready.push_back(end);
        }
    }
    if (ready.empty()) {
        return false;
    }
    const auto end = m_random.pick(ready);
    const std::shared_ptr<Link>& link = end->link();
    const std::string where =
        "link " + std::to_string(link->number) + " -> replica " + std::to_string(link->replica) + ": ";
    if (m_random.chance(m_scenario.lose)) {
        ++m_report.framesLost;
        trace(where + "lost " + link->toClient.front().substr(0, 40) + ", the link stalls");
        link->toClient.pop_front();
        link->toClientStalled = true;
        return true;
    }
    std::string frame = link->toClient.front();
    link->toClient.pop_front();
    const bool repeat = m_random.chance(m_scenario.repeat);
    trace(where + (repeat ? "(twice) " : "") + frame.substr(0, 120));
    if (repeat) {
        ++m_report.framesRepeated;
        clientReceives(link, frame);
    }
    clientReceives(link, std::move(frame));
    if (link->toClient.empty()) {
        end->post([end] { end->sync().onDrained(); });
    }
    return true;
}

void World::runSmoothly() {
    // For a while every frame arrives (links already stalled stay stalled) and the writer keeps
    // up: sessions finish, and conflicts reach the supervisors.
    trace("the network runs smoothly for a while");
    for (int round = 0; round < 12; ++round) {
        for (const auto& end : std::vector(m_ends)) {
            const std::shared_ptr<Link> link = end->link();
            while (!link->toServer.empty() && !link->toServerStalled && !link->serverEnded) {
                const std::string frame = link->toServer.front();
                link->toServer.pop_front();
                serverReceives(end, frame);
            }
        }
        settle();
        commit();
        settle();
        for (const auto& end : std::vector(m_ends)) {
            const std::shared_ptr<Link> link = end->link();
            while (!link->toClient.empty() && !link->toClientStalled && !link->clientEnded && !link->cut) {
                clientReceives(link, link->toClient.front());
                link->toClient.pop_front();
            }
        }
        settle();
    }
}

void World::cutLink() {
    std::vector<std::shared_ptr<Link>> open;
    for (const auto& end : m_ends) {
        if (!end->link()->cut && !end->link()->clientEnded) {
            open.push_back(end->link());
        }
    }
    if (open.empty()) {
        return;
    }
    const auto link = m_random.pick(open);
    ++m_report.cuts;
    trace("link " + std::to_string(link->number) + " is cut");
    link->cut = true;
    link->wake();
}

void World::reapLink() {
    // The server notices a connection has gone: after the frames still on their way to it,
    // or (now and then) before them, which are then lost.
    std::vector<std::shared_ptr<SimServerEnd>> gone;
    for (const auto& end : m_ends) {
        const Link& link = *end->link();
        if ((link.cut || link.clientEnded) &&
            (link.toServer.empty() || link.toServerStalled || m_random.chance(0.2))) {
            gone.push_back(end);
        }
    }
    if (gone.empty()) {
        return;
    }
    const auto end = m_random.pick(gone);
    trace("the server sees link " + std::to_string(end->link()->number) + " end");
    endServerSide(end);
}

void World::commit() {
    // The writer commits whatever the server queued; the model expects what it saw accepted.
    const bool expected = m_model->hasQueued();
    m_server->committer->commitQueued();
    if (!expected) {
        return;
    }
    trace("the writer commits");
    m_model->commitQueued([this](const std::string& conflictId) {
        auto record = m_server->store->readRecord(kConflictCollection, conflictId);
        if (!record || !record->has_value()) {
            fail("conflict " + conflictId + " was resolved but the server has no such record");
        }
        const auto status = (*record)->fields.find("status");
        if (status == (*record)->fields.end() || status->second.value != "resolved") {
            fail("conflict " + conflictId + " was resolved but is not marked resolved");
        }
        return status->second.version;
    });
    checkServerAgainstModel("after a commit");
}

void World::restartServer(bool crash) {
    ++m_report.restarts;
    if (crash) {
        trace("the server crashes (queued pushes are lost) and restarts from its file");
        m_model->dropQueued();
    } else {
        commit();
        trace("the server restarts from its file");
    }
    closeServer();
    openServer();
    checkServerAgainstModel("after the server restarted");
}

void World::step() {
    Replica& replica = *m_replicas[static_cast<std::size_t>(m_random.below(m_scenario.replicas))];
    const int roll = m_random.below(1000);
    if (roll < 220) {
        writeSomething(replica);
    } else if (roll < 300) {
        connect(replica);
    } else if (roll < 700) {
        // The network moves a few frames, each answered before the next moves.
        for (int frames = 1 + m_random.below(4); frames > 0; --frames) {
            if (m_random.chance(0.5) ? !deliverToServer() : !deliverToClient()) {
                break;
            }
            settle();
        }
    } else if (roll < 712) {
        runSmoothly();
    } else if (roll < 720) {
        cutLink();
    } else if (roll < 750) {
        reapLink();
    } else if (roll < 850) {
        commit();
    } else if (roll < 856) {
        restartServer(m_random.chance(0.5));
    } else if (roll < 990) {
        const std::uint64_t elapsed = 1 + m_random.below(std::uint64_t{4000});
        m_now += elapsed;
        trace("time passes: " + std::to_string(elapsed) + " ms");
    } else if (!replica.session) {
        trace("replica " + std::to_string(replica.index) + " restarts its app");
        replica.store.reset();
        openReplica(replica);
    }
    settle();
}

// ---------------------------------------------------------------------------------------------
// healing

sync::SyncReport World::cleanSync(Replica& replica) {
    trace("replica " + std::to_string(replica.index) + " syncs over a healthy network");
    startSession(replica, SyncSession::Mode::Once);
    const std::shared_ptr<Link> link = replica.link;
    const auto end = serverEndOf(*link);
    for (int round = 0; replica.session; ++round) {
        if (round > 10'000) {
            fail("a sync over a healthy network never finished");
        }
        settle();
        while (!link->toServer.empty() && !link->serverEnded) {
            const std::string frame = link->toServer.front();
            link->toServer.pop_front();
            serverReceives(end, frame);
        }
        settle();
        commit();
        settle();
        while (!link->toClient.empty() && !link->clientEnded) {
            clientReceives(link, link->toClient.front());
            link->toClient.pop_front();
        }
        if (link->toClient.empty()) {
            end->post([end] { end->sync().onDrained(); });
        }
        settle();
    }
    if (replica.failure) {
        fail("replica " + std::to_string(replica.index) +
             " could not sync over a healthy network: " + replica.failure->message);
    }
    endServerSide(end);
    settle();
    return replica.report;
}

void World::heal() {
    trace("--- the network heals ---");
    for (auto& replica : m_replicas) {
        if (replica->link) {
            replica->link->cut = true;
            replica->link->wake();
        }
    }
    settle();
    // The server reads what already reached it, then sees every old connection end.
    for (const auto& end : std::vector(m_ends)) {
        while (!end->link()->toServer.empty() && !end->link()->toServerStalled) {
            const std::string frame = end->link()->toServer.front();
            end->link()->toServer.pop_front();
            serverReceives(end, frame);
        }
        endServerSide(end);
    }
    settle();
    commit();
    if (m_random.chance(0.3)) {
        restartServer(false);
    }
    // Sync everyone, round after round, until a round moves nothing.
    for (int round = 1;; ++round) {
        bool moved = false;
        for (auto& replica : m_replicas) {
            const sync::SyncReport report = cleanSync(*replica);
            moved = moved || report.pushed > 0 || report.received > 0;
        }
        if (!moved) {
            break;
        }
        if (round >= 6) {
            fail("the replicas were still exchanging changes after 6 rounds of syncing everyone");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// checks

void World::checkServerAgainstModel(const std::string& when) {
    std::map<FieldKey, StoredField> actual;
    auto visited = m_server->store->forEachRecord(kCollection, [&](const server::ServerRecord& record) {
        for (const auto& [name, field] : record.fields) {
            actual.emplace(FieldKey{record.id, name}, field);
        }
    });
    if (!visited) {
        fail("the server store could not be read: " + visited.error().message);
    }
    const auto& expected = m_model->serverCurrent();
    for (const auto& [key, version] : expected) {
        const auto found = actual.find(key);
        if (found == actual.end()) {
            fail(when + ": the server lost " + key.record + "." + key.field + " (expected " +
                 version.toString() + ")");
        }
        if (found->second.version != version || found->second.value != m_model->valueOf(key, version)) {
            fail(when + ": the server holds " + key.record + "." + key.field + " = " +
                 found->second.value.dump() + " at " + found->second.version.toString() +
                 ", the model expects " + m_model->valueOf(key, version).dump() + " at " +
                 version.toString());
        }
    }
    if (actual.size() != expected.size()) {
        fail(when + ": the server holds " + std::to_string(actual.size()) + " fields, the model expects " +
             std::to_string(expected.size()));
    }
}

std::string World::serverDump(bool withConflicts) {
    std::string dump;
    auto visited = m_server->store->forEachRecord("", [&](const server::ServerRecord& record) {
        if (withConflicts || record.collection != kConflictCollection) {
            dump += server::admin::canonicalDumpLine(record);
        }
    });
    if (!visited) {
        fail("the server store could not be dumped: " + visited.error().message);
    }
    return dump;
}

std::string World::historyDump() {
    std::string dump;
    auto visited = m_server->store->forEachChange("", [&](const server::ChangeRow& row) {
        dump += row.collection + '\t' + row.id + '\t' + row.change.field + '\t' +
                row.change.version.toString() + '\t' + std::to_string(row.change.seq) + '\n';
    });
    if (!visited) {
        fail("the server history could not be read: " + visited.error().message);
    }
    return dump;
}

void World::checkFinalState() {
    // Nothing waits in a journal; everything written reached the server exactly once.
    for (const auto& replica : m_replicas) {
        const int r = replica->index;
        const std::string who = "replica " + std::to_string(r);
        const auto pending = replica->store->pendingCount();
        const auto parked = replica->store->parkedEntries();
        if (!pending || *pending != 0 || !parked || !parked->empty()) {
            fail(who + " still has journal entries after syncing to quiescence");
        }
        const ModelReplica& model = m_model->replica(r);
        if (m_model->appliedThrough(r) != model.lastSeq) {
            fail(who + " wrote journal entries through " + std::to_string(model.lastSeq) +
                 " but the server applied through " + std::to_string(m_model->appliedThrough(r)));
        }
        auto applied = m_server->store->lastApplied(replica->node);
        if (!applied || *applied != model.lastSeq || model.ackedThrough > *applied) {
            fail(who + ": the server's progress for its node is " +
                 (applied ? std::to_string(*applied) : "?") + ", acknowledged through " +
                 std::to_string(model.ackedThrough) + ", written through " + std::to_string(model.lastSeq));
        }
    }
    checkServerAgainstModel("at the end");

    // The history holds every change the server applied, each once.
    std::vector<std::pair<FieldKey, Version>> history;
    auto visited = m_server->store->forEachChange(kCollection, [&](const server::ChangeRow& row) {
        history.emplace_back(FieldKey{row.id, row.change.field}, row.change.version);
    });
    if (!visited) {
        fail("the server history could not be read: " + visited.error().message);
    }
    auto expectedHistory = m_model->appliedChanges();
    std::sort(history.begin(), history.end());
    std::sort(expectedHistory.begin(), expectedHistory.end());
    if (const auto repeated = std::adjacent_find(history.begin(), history.end()); repeated != history.end()) {
        fail("the server applied " + repeated->first.record + "." + repeated->first.field + " at " +
             repeated->second.toString() + " twice");
    }
    if (history != expectedHistory) {
        fail("the server history holds " + std::to_string(history.size()) + " changes, the model expects " +
             std::to_string(expectedHistory.size()));
    }

    // The conflicts recorded are exactly the concurrent overwrites the model found.
    std::map<ConflictKey, ExpectedConflict> recorded;
    visited = m_server->store->forEachRecord(kConflictCollection, [&](const server::ServerRecord& record) {
        const auto text = [&](const char* name) -> Json {
            const auto found = record.fields.find(name);
            return found == record.fields.end() ? Json() : found->second.value;
        };
        const auto winner = Version::parse(text("winner").value("version", ""));
        const auto loser = Version::parse(text("loser").value("version", ""));
        if (!winner || !loser || text("collection") != kCollection) {
            fail("conflict " + record.id + " is unreadable");
        }
        const ConflictKey key{
            text("kind") == "edit_delete" ? ExpectedKind::EditDelete : ExpectedKind::Field,
            FieldKey{text("record_id").get<std::string>(), text("field").get<std::string>()},
            std::min(*winner, *loser), std::max(*winner, *loser)};
        const bool resolved = text("status") == "resolved";
        if (!recorded
                 .emplace(key,
                          ExpectedConflict{*winner, *loser, resolved, resolved ? text("resolution") : Json()})
                 .second) {
            fail("two conflict records hold the same pair of changes (" + record.id + ")");
        }
    });
    if (!visited) {
        fail("the conflicts could not be read: " + visited.error().message);
    }
    const auto& expected = m_model->conflicts();
    for (const auto& [key, conflict] : expected) {
        const std::string what = std::string(key.kind == ExpectedKind::Field ? "field" : "edit_delete") +
                                 " conflict on " + key.target.record + "." + key.target.field + " between " +
                                 conflict.winner.toString() + " (winner) and " + conflict.loser.toString();
        const auto found = recorded.find(key);
        if (found == recorded.end()) {
            fail("the server recorded no " + what);
        }
        if (found->second.winner != conflict.winner || found->second.loser != conflict.loser) {
            fail("the server recorded the " + what + " with the winner " + found->second.winner.toString());
        }
        if (found->second.resolved != conflict.resolved || found->second.resolution != conflict.resolution) {
            fail("the " + what + " is " + (found->second.resolved ? "resolved" : "open") +
                 " on the server, the model expects " + (conflict.resolved ? "resolved" : "open"));
        }
    }
    for (const auto& [key, conflict] : recorded) {
        if (!expected.contains(key)) {
            fail("the server recorded a conflict no concurrent overwrite explains: " + key.target.record +
                 "." + key.target.field + " between " + conflict.winner.toString() + " and " +
                 conflict.loser.toString());
        }
    }
    m_report.conflicts = recorded.size();
    m_report.resolutions = static_cast<std::size_t>(std::count_if(
        recorded.begin(), recorded.end(), [](const auto& item) { return item.second.resolved; }));

    // Every replica equals the server: all of it for supervisors and admins, all but the
    // conflicts for agents.
    const std::string full = serverDump(true);
    const std::string withoutConflicts = serverDump(false);
    for (const auto& replica : m_replicas) {
        const Role role = m_accounts[static_cast<std::size_t>(replica->account)].role;
        const std::string& expectedDump = role == Role::Agent ? withoutConflicts : full;
        const auto dump = replica->store->canonicalDump();
        if (!dump || *dump != expectedDump) {
            fail("replica " + std::to_string(replica->index) + " differs from the server.\n--- server:\n" +
                 expectedDump + "--- replica:\n" + (dump ? *dump : dump.error().message));
        }
    }
}

void World::checkReplayChangesNothing() {
    if (m_pushFrames.empty()) {
        return;
    }
    const std::string dumpBefore = serverDump(true);
    const std::string historyBefore = historyDump();
    const auto& [index, frame] = m_pushFrames[static_cast<std::size_t>(m_random.below(m_pushFrames.size()))];
    const Replica& replica = *m_replicas[static_cast<std::size_t>(index)];
    trace("replica " + std::to_string(index) + "'s push is replayed: " + frame.substr(0, 80));
    auto link = std::make_shared<Link>();
    link->replica = index;
    link->number = ++m_links;
    const auto end = std::make_shared<SimServerEnd>(m_server, link, m_io);
    m_ends.push_back(end);
    const Json hello = {{"type", "hello"},
                        {"id", "replay"},
                        {"protocol", 1},
                        {"node", replica.node.toHex()},
                        {"schema", 1},
                        {"cursor", 0},
                        {"auth", {{"token", replica.options.token}}}};
    serverReceives(end, hello.dump());
    serverReceives(end, frame);
    commit();
    settle();
    bool acknowledged = false;
    for (const std::string& reply : link->toClient) {
        const Json message = Json::parse(reply);
        if (message.value("type", "") == "error") {
            fail("a replayed push was refused: " + reply);
        }
        acknowledged = acknowledged || message.value("type", "") == "ack";
    }
    if (!acknowledged) {
        fail("a replayed push was not acknowledged");
    }
    endServerSide(end);
    settle();
    if (serverDump(true) != dumpBefore || historyDump() != historyBefore) {
        fail("replaying an acknowledged push changed the server");
    }
}

SimulationReport World::run() {
    openServer();
    for (auto& replica : m_replicas) {
        openReplica(*replica);
    }
    for (int i = 0; i < m_scenario.steps; ++i) {
        if ((i == m_scenario.steps / 3 || i == 2 * m_scenario.steps / 3) && m_random.chance(0.5)) {
            // Now and then everyone catches up once, so that supervisors see conflicts to
            // resolve while the faults go on.
            trace("--- everyone syncs once ---");
            for (auto& replica : m_replicas) {
                if (!replica->session) {
                    cleanSync(*replica);
                }
            }
        }
        step();
    }
    heal();
    checkFinalState();
    checkReplayChangesNothing();
    // Everything survives the store being closed and opened again.
    const std::string dump = serverDump(true);
    const std::string history = historyDump();
    closeServer();
    openServer();
    if (serverDump(true) != dump || historyDump() != history) {
        fail("the server store reads differently after it was reopened");
    }
    m_report.actions = m_trace.size();
    m_report.fingerprint = std::hash<std::string>{}(dump + history);
    return m_report;
}

} // namespace

SimulationReport runSimulation(std::uint64_t seed, const std::filesystem::path& directory,
                               const SimulationOptions& options) {
    World world(seed, directory, options);
    return world.run();
}

} // namespace knowset::convergence
