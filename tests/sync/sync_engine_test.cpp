// The client sync engine against an in-process server on loopback: real WebSocket frames,
// real SQLite replicas on both sides.
#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "server_fixture.hpp"
#include "test_support.hpp"

namespace knowset::test {

namespace {

using namespace std::chrono_literals;
using sync::SyncState;

// A replica signed in as one user: a file, a node id and a session token.
struct Replica {
    std::filesystem::path path;
    std::string token;

    std::unique_ptr<LocalStore> open(PhysicalClock clock = systemClockMillis) const {
        auto store = LocalStore::open(StoreOptions{path, std::move(clock)});
        REQUIRE(store);
        return std::move(*store);
    }
};

Replica signedInReplica(const ServerFixture& server, TempDir& dir, const std::string& name,
                        const std::string& user, PhysicalClock clock = systemClockMillis) {
    Replica replica{dir.file(name + ".sqlite"), {}};
    const auto node = replica.open(clock)->nodeId();
    auto login = sync::login({server.url(), {}}, user, kPassword, node, 5s, clock);
    REQUIRE(login);
    replica.token = login->token;
    return replica;
}

sync::SyncOptions optionsFor(const ServerFixture& server, const Replica& replica,
                             PhysicalClock clock = systemClockMillis) {
    sync::SyncOptions options;
    options.replicaPath = replica.path;
    options.server.url = server.url();
    options.token = replica.token;
    options.clock = std::move(clock);
    options.backoffInitial = 50ms;
    options.backoffCap = 400ms;
    options.pollInterval = 20ms;
    return options;
}

Json article(const std::string& title) {
    return {{"kind", "answer"}, {"title", title}, {"status", "draft"}};
}

template <typename Predicate> bool eventually(Predicate predicate, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (predicate()) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return predicate();
}

std::string dumpOf(const Replica& replica) {
    auto dump = replica.open()->canonicalDump();
    REQUIRE(dump);
    return *dump;
}

} // namespace

TEST_CASE("syncOnce pushes offline writes and another replica pulls them", "[sync]") {
    ServerFixture server;
    TempDir dir;
    const Replica a = signedInReplica(server, dir, "a", "alice");
    const Replica b = signedInReplica(server, dir, "b", "alice");

    std::string id;
    {
        auto store = a.open();
        auto created = store->create("article", article("Resetting a router"));
        REQUIRE(created);
        id = created->id;
        REQUIRE(store->write("article", id, Json{{"body", "Hold the button for ten seconds."}}));
        REQUIRE(*store->pendingCount() == 2);
    }

    auto pushed = sync::syncOnce(optionsFor(server, a));
    REQUIRE(pushed);
    CHECK(pushed->pushed == 2);
    CHECK(pushed->conflicts.empty());
    CHECK(*a.open()->pendingCount() == 0);

    auto pulled = sync::syncOnce(optionsFor(server, b));
    REQUIRE(pulled);
    CHECK(pulled->resumedFrom == 0);
    CHECK(pulled->received >= 1);
    auto record = b.open()->get("article", id);
    REQUIRE(record);
    REQUIRE(record->has_value());
    CHECK((*record)->fields["body"] == "Hold the button for ten seconds.");

    // A has not pulled its own changes back yet; once it has, both replicas are identical.
    REQUIRE(sync::syncOnce(optionsFor(server, a)));
    CHECK(dumpOf(a) == dumpOf(b));

    // Nothing new: a second sync resumes from its cursor and receives nothing.
    auto again = sync::syncOnce(optionsFor(server, b));
    REQUIRE(again);
    CHECK(again->resumedFrom == pulled->cursor);
    CHECK(again->received == 0);
}

TEST_CASE("pushes are split to fit the server's frame limit", "[sync]") {
    auto limits = ServerFixture::testLimits();
    limits.maxMessageBytes = 64 * 1024;
    ServerFixture server(limits);
    TempDir dir;
    const Replica a = signedInReplica(server, dir, "a", "alice");
    const Replica b = signedInReplica(server, dir, "b", "alice");
    {
        auto store = a.open();
        std::vector<WriteRequest> writes;
        for (int i = 0; i < 1500; ++i) {
            Json fields = article("Article " + std::to_string(i));
            fields["body"] = std::string(300, static_cast<char>('a' + i % 26));
            writes.push_back(WriteRequest{"article", "", fields});
        }
        REQUIRE(store->writeAll(writes));
    }
    // One push of 1,500 entries would be about 700 KB: the server would refuse it as too large.
    auto report = sync::syncOnce(optionsFor(server, a));
    REQUIRE(report);
    CHECK(report->pushed == 1500);
    REQUIRE(sync::syncOnce(optionsFor(server, b)));
    auto articles = b.open()->countByCollection();
    REQUIRE(articles);
    CHECK((*articles)["article"] == 1500);
}

TEST_CASE("live engines carry a change from one replica to another", "[sync]") {
    ServerFixture server;
    TempDir dir;
    const Replica a = signedInReplica(server, dir, "a", "alice");
    const Replica b = signedInReplica(server, dir, "b", "sam");

    std::mutex mutex;
    std::vector<SyncState> statesOfB;
    auto optionsB = optionsFor(server, b);
    optionsB.onStatus = [&](const sync::SyncStatus& status) {
        const std::lock_guard lock(mutex);
        if (statesOfB.empty() || statesOfB.back() != status.state) {
            statesOfB.push_back(status.state);
        }
    };
    auto engineA = sync::SyncEngine::create(optionsFor(server, a));
    auto engineB = sync::SyncEngine::create(optionsB);
    REQUIRE(engineA);
    REQUIRE(engineB);
    (*engineA)->start();
    (*engineB)->start();
    REQUIRE(eventually([&] { return (*engineA)->status().state == SyncState::Live; }));
    REQUIRE(eventually([&] { return (*engineB)->status().state == SyncState::Live; }));

    // The GUI writes through its own connection to the replica and nudges the engine.
    auto writer = a.open();
    auto created = writer->create("article", article("Live edit"));
    REQUIRE(created);
    (*engineA)->nudge();
    auto reader = b.open();
    CHECK(eventually([&] {
        auto record = reader->get("article", created->id);
        return record && record->has_value();
    }));
    CHECK(eventually([&] { return (*engineA)->status().pending == 0; }));

    // Written without a nudge: the engine finds it at its next poll.
    REQUIRE(writer->write("article", created->id, Json{{"summary", "found by polling"}}));
    CHECK(eventually([&] {
        auto record = reader->get("article", created->id);
        return record && record->has_value() && (*record)->fields.value("summary", "") == "found by polling";
    }));

    (*engineB)->stop();
    CHECK((*engineB)->status().state == SyncState::Offline);
    const std::lock_guard lock(mutex);
    REQUIRE(statesOfB.size() >= 3);
    CHECK(statesOfB[0] == SyncState::Connecting);
    CHECK(statesOfB[1] == SyncState::Syncing);
    CHECK(statesOfB[2] == SyncState::Live);
}

TEST_CASE("an engine rides out a server restart and pushes what was written meanwhile", "[sync]") {
    ServerFixture server;
    TempDir dir;
    const Replica a = signedInReplica(server, dir, "a", "alice");
    auto engine = sync::SyncEngine::create(optionsFor(server, a));
    REQUIRE(engine);
    (*engine)->start();
    REQUIRE(eventually([&] { return (*engine)->status().state == SyncState::Live; }));

    server.stop();
    REQUIRE(eventually([&] { return (*engine)->status().state == SyncState::Offline; }));
    auto store = a.open();
    std::vector<std::string> ids;
    for (int i = 0; i < 20; ++i) {
        auto created = store->create("article", article("Written offline " + std::to_string(i)));
        REQUIRE(created);
        ids.push_back(created->id);
    }
    // Retries while the server is down are spaced by the backoff, never beyond its cap.
    REQUIRE(eventually([&] { return (*engine)->status().failedAttempts >= 3; }));
    const auto offline = (*engine)->status();
    CHECK(offline.state == SyncState::Offline);
    CHECK(offline.retryIn <= 400ms);
    CHECK(offline.reason.find("cannot connect") != std::string::npos);

    server.restart();
    (*engine)->retryNow();
    REQUIRE(eventually([&] { return (*engine)->status().state == SyncState::Live; }));
    REQUIRE(eventually([&] { return (*engine)->status().pending == 0; }));
    (*engine)->stop();

    TempDir other;
    const Replica b = signedInReplica(server, other, "b", "sam");
    REQUIRE(sync::syncOnce(optionsFor(server, b)));
    auto reader = b.open();
    for (const auto& id : ids) {
        auto record = reader->get("article", id);
        REQUIRE(record);
        CHECK(record->has_value());
    }
}

TEST_CASE("a clock two hours ahead is refused, corrected, and loses to a later edit", "[sync]") {
    ServerFixture server;
    TempDir dir;
    const PhysicalClock ahead = [] {
        return systemClockMillis() + 2 * 60 * 60 * 1000;
    };
    const Replica fast = signedInReplica(server, dir, "fast", "alice", ahead);
    const Replica right = signedInReplica(server, dir, "right", "alice");

    std::string id;
    {
        auto store = right.open();
        auto created = store->create("article", article("Opening hours"));
        REQUIRE(created);
        id = created->id;
    }
    REQUIRE(sync::syncOnce(optionsFor(server, right)));

    // Written offline before the fast replica ever met the server: stamped two hours ahead.
    std::string offlineId;
    {
        auto store = fast.open(ahead);
        auto created = store->create("article", article("Written on a fast clock"));
        REQUIRE(created);
        offlineId = created->id;
        CHECK(created->version.hlc.millis() > systemClockMillis() + 60 * 60 * 1000);
    }
    auto report = sync::syncOnce(optionsFor(server, fast, ahead));
    REQUIRE(report);
    CHECK(report->restamped == 1);
    CHECK(report->pushed == 1);
    CHECK(*fast.open(ahead)->pendingCount() == 0);
    {
        auto record = fast.open(ahead)->get("article", offlineId);
        REQUIRE(record);
        REQUIRE(record->has_value());
        const auto version = (*record)->versions.at("title");
        CHECK(version.hlc.millis() < systemClockMillis() + 60 * 1000); // re-stamped near the true time
    }

    // Edits from now on are stamped from the corrected clock.
    {
        auto store = fast.open(ahead);
        REQUIRE(store->write("article", id, Json{{"title", "Opening hours (fast clock)"}}));
    }
    REQUIRE(sync::syncOnce(optionsFor(server, fast, ahead)));

    // The correct clock edits afterwards: it must win everywhere.
    std::this_thread::sleep_for(5ms);
    {
        auto store = right.open();
        REQUIRE(sync::syncOnce(optionsFor(server, right)));
        REQUIRE(store->write("article", id, Json{{"title", "Opening hours (later edit)"}}));
    }
    REQUIRE(sync::syncOnce(optionsFor(server, right)));
    REQUIRE(sync::syncOnce(optionsFor(server, fast, ahead)));
    for (const Replica* replica : {&fast, &right}) {
        auto record = replica->open()->get("article", id);
        REQUIRE(record);
        REQUIRE(record->has_value());
        CHECK((*record)->fields["title"] == "Opening hours (later edit)");
    }
    // The corrected replica keeps stamping from the corrected clock.
    auto correction = fast.open(ahead)->clockCorrection();
    REQUIRE(correction);
    CHECK(*correction < -(2 * 60 * 60 * 1000 - 60 * 1000));
}

TEST_CASE("an entry the server refuses is parked and the rest of the journal syncs", "[sync]") {
    ServerFixture server;
    TempDir dir;
    const Replica a = signedInReplica(server, dir, "a", "alice"); // agent of north
    std::string articleId;
    {
        auto store = a.open();
        REQUIRE(store->create("article", article("Before")));
        // Alice may not write customers of branch south: the server refuses this one.
        REQUIRE(store->create("customer", Json{{"name", "Somebody Else"}, {"branch", "south"}}));
        auto created = store->create("article", article("After"));
        REQUIRE(created);
        articleId = created->id;
    }
    auto report = sync::syncOnce(optionsFor(server, a));
    REQUIRE(report);
    CHECK(report->pushed == 2);
    REQUIRE(report->parked.size() == 1);
    CHECK(report->parked[0].find("your own branches") != std::string::npos);
    auto store = a.open();
    CHECK(*store->pendingCount() == 0);
    auto parked = store->parkedEntries();
    REQUIRE(parked);
    REQUIRE(parked->size() == 1);
    CHECK(parked->front().patch.collection == "customer");

    TempDir other;
    const Replica b = signedInReplica(server, other, "b", "sam");
    REQUIRE(sync::syncOnce(optionsFor(server, b)));
    auto record = b.open()->get("article", articleId);
    REQUIRE(record);
    CHECK(record->has_value());
}

TEST_CASE("a supervisor resolves a conflict in a sync session, an agent is refused", "[sync]") {
    ServerFixture server;
    TempDir dir;
    const Replica one = signedInReplica(server, dir, "one", "alice");
    const Replica two = signedInReplica(server, dir, "two", "alice");
    const Replica supervisor = signedInReplica(server, dir, "sup", "sam");
    std::string id;
    {
        auto store = one.open();
        auto created = store->create("article", article("Refund policy"));
        REQUIRE(created);
        id = created->id;
    }
    REQUIRE(sync::syncOnce(optionsFor(server, one)));
    REQUIRE(sync::syncOnce(optionsFor(server, two)));
    REQUIRE(one.open()->write("article", id, Json{{"title", "Refunds within 30 days"}}));
    REQUIRE(two.open()->write("article", id, Json{{"title", "Refunds within 14 days"}}));
    REQUIRE(sync::syncOnce(optionsFor(server, one)));
    auto second = sync::syncOnce(optionsFor(server, two));
    REQUIRE(second);
    REQUIRE(second->conflicts.size() == 1);
    const std::string conflictId = second->conflicts.front();

    auto refused = sync::syncOnce(optionsFor(server, two), {{{conflictId, "Refunds within 21 days"}}});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::Forbidden);

    auto resolved =
        sync::syncOnce(optionsFor(server, supervisor), {{{conflictId, "Refunds within 21 days"}}});
    REQUIRE(resolved);
    auto flag = supervisor.open()->get("conflict", conflictId);
    REQUIRE(flag);
    REQUIRE(flag->has_value());
    CHECK((*flag)->fields["status"] == "resolved");
    for (const Replica* replica : {&one, &two}) {
        REQUIRE(sync::syncOnce(optionsFor(server, *replica)));
        auto record = replica->open()->get("article", id);
        REQUIRE(record);
        CHECK((*record)->fields["title"] == "Refunds within 21 days");
    }
}

TEST_CASE("sign-in failures say what went wrong", "[sync]") {
    ServerFixture server;
    TempDir dir;
    const NodeId node = NodeId::random();

    auto wrongPassword = sync::login({server.url(), {}}, "alice", "not the password", node, 5s);
    REQUIRE_FALSE(wrongPassword);
    CHECK(wrongPassword.error().code == ErrorCode::AuthFailed);

    const std::string closedPort = "ws://127.0.0.1:" + std::to_string(unusedLoopbackPort()) + "/sync";
    auto unreachable = sync::login({closedPort, {}}, "alice", kPassword, node, 5s);
    REQUIRE_FALSE(unreachable);
    CHECK(unreachable.error().code == ErrorCode::Unavailable);
    CHECK(unreachable.error().message.find("cannot connect") != std::string::npos);

    auto notLoopback = sync::login({"ws://192.0.2.1:8443/sync", {}}, "alice", kPassword, node, 5s);
    REQUIRE_FALSE(notLoopback);
    CHECK(notLoopback.error().message.find("wss://") != std::string::npos);

    // A stale token: the engine stops retrying and asks for a new sign-in.
    Replica replica{dir.file("r.sqlite"), "ks1.not-a-real-token"};
    auto engine = sync::SyncEngine::create(optionsFor(server, replica));
    REQUIRE(engine);
    (*engine)->start();
    REQUIRE(eventually([&] { return (*engine)->status().state == SyncState::Error; }));
    CHECK((*engine)->status().reason.find("sign in again") != std::string::npos);
}

TEST_CASE("TLS: the server certificate must be trusted", "[sync]") {
    ServerFixture server(ServerFixture::testLimits(), {}, false);
    const NodeId node = NodeId::random();
    const auto certificate = server.dataDirectory() / "tls" / "cert.pem";

    auto untrusted = sync::login({server.url(), {}}, "alice", kPassword, node, 5s);
    REQUIRE_FALSE(untrusted);
    CHECK(untrusted.error().code == ErrorCode::Unavailable);
    CHECK(untrusted.error().message.find("not trusted") != std::string::npos);

    auto trusted = sync::login({server.url(), certificate}, "alice", kPassword, node, 5s);
    REQUIRE(trusted);
    CHECK(trusted->user == "alice");
    CHECK_FALSE(trusted->token.empty());
}

} // namespace knowset::test
