// The client sync engine against an in-process server on loopback: real WebSocket frames,
// real SQLite replicas on both sides.
#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
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

// An article two replicas of alice changed concurrently, and the conflict the server flagged.
struct ConcurrentEdit {
    std::string articleId;
    std::string conflictId;
};

ConcurrentEdit makeConflict(const ServerFixture& server, const Replica& one, const Replica& two) {
    ConcurrentEdit edit;
    {
        auto store = one.open();
        auto created = store->create("article", article("Refund policy"));
        REQUIRE(created);
        edit.articleId = created->id;
    }
    REQUIRE(sync::syncOnce(optionsFor(server, one)));
    REQUIRE(sync::syncOnce(optionsFor(server, two)));
    REQUIRE(one.open()->write("article", edit.articleId, Json{{"title", "Refunds within 30 days"}}));
    REQUIRE(two.open()->write("article", edit.articleId, Json{{"title", "Refunds within 14 days"}}));
    REQUIRE(sync::syncOnce(optionsFor(server, one)));
    auto second = sync::syncOnce(optionsFor(server, two));
    REQUIRE(second);
    REQUIRE(second->conflicts.size() == 1);
    edit.conflictId = second->conflicts.front();
    return edit;
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
    const ConcurrentEdit edit = makeConflict(server, one, two);

    // An agent's queued choice is sent, refused, and kept with the reason; the session goes on.
    REQUIRE(two.open()->queueResolution(edit.conflictId, "Refunds within 21 days"));
    auto refused = sync::syncOnce(optionsFor(server, two));
    REQUIRE(refused);
    CHECK(refused->resolved.empty());
    REQUIRE(refused->refused.size() == 1);
    CHECK(refused->refused[0].first == edit.conflictId);
    CHECK(refused->refused[0].second.code == ErrorCode::Forbidden);
    CHECK(refused->refused[0].second.message.find("supervisors") != std::string::npos);
    auto kept = two.open()->queuedResolutions();
    REQUIRE(kept);
    REQUIRE(kept->size() == 1);
    CHECK_FALSE(kept->front().waiting());
    CHECK(kept->front().refusal.value_or("").find("supervisors") != std::string::npos);
    // Refused entries are not sent again.
    auto again = sync::syncOnce(optionsFor(server, two));
    REQUIRE(again);
    CHECK(again->refused.empty());

    REQUIRE(supervisor.open()->queueResolution(edit.conflictId, "Refunds within 21 days"));
    auto resolved = sync::syncOnce(optionsFor(server, supervisor));
    REQUIRE(resolved);
    CHECK(resolved->resolved == std::vector<std::string>{edit.conflictId});
    CHECK(resolved->refused.empty());
    CHECK(supervisor.open()->queuedResolutions()->empty());
    auto flag = supervisor.open()->get("conflict", edit.conflictId);
    REQUIRE(flag);
    REQUIRE(flag->has_value());
    CHECK((*flag)->fields["status"] == "resolved");
    for (const Replica* replica : {&one, &two}) {
        REQUIRE(sync::syncOnce(optionsFor(server, *replica)));
        auto record = replica->open()->get("article", edit.articleId);
        REQUIRE(record);
        CHECK((*record)->fields["title"] == "Refunds within 21 days");
    }
}

TEST_CASE("a resolution chosen while the server is down is sent by the engine once it is back",
          "[sync][conflicts]") {
    ServerFixture server;
    TempDir dir;
    const Replica one = signedInReplica(server, dir, "one", "alice");
    const Replica two = signedInReplica(server, dir, "two", "alice");
    const Replica supervisor = signedInReplica(server, dir, "sup", "sam");
    const Replica otherSupervisor = signedInReplica(server, dir, "sup2", "sam");
    const ConcurrentEdit edit = makeConflict(server, one, two);
    REQUIRE(sync::syncOnce(optionsFor(server, supervisor)));
    REQUIRE(sync::syncOnce(optionsFor(server, otherSupervisor)));

    server.stop();
    // Chosen offline: saved in the replica like any local write, and survives a restart of the
    // engine (the queue is in the file).
    REQUIRE(supervisor.open()->queueResolution(edit.conflictId, "Refunds within 30 days, 45 for members"));
    std::mutex mutex;
    std::string lastRefusal;
    auto options = optionsFor(server, supervisor);
    options.onStatus = [&](const sync::SyncStatus& status) {
        const std::lock_guard lock(mutex);
        lastRefusal = status.lastRefusal;
    };
    auto engine = sync::SyncEngine::create(options);
    REQUIRE(engine);
    CHECK((*engine)->status().resolutionsWaiting == 1);
    (*engine)->start();
    REQUIRE(eventually([&] { return (*engine)->status().failedAttempts >= 2; }));
    CHECK((*engine)->status().state == SyncState::Offline);
    CHECK((*engine)->status().resolutionsWaiting == 1);

    // The server comes back; nobody touches the engine.
    server.restart();
    REQUIRE(eventually([&] {
        const auto status = (*engine)->status();
        return status.state == SyncState::Live && status.resolutionsWaiting == 0;
    }));
    CHECK(supervisor.open()->queuedResolutions()->empty());
    REQUIRE(eventually([&] {
        auto flag = supervisor.open()->get("conflict", edit.conflictId);
        return flag && flag->has_value() && (*flag)->fields["status"] == "resolved";
    }));

    // Closed on the server: another supervisor's replica and an agent's get the outcome.
    REQUIRE(sync::syncOnce(optionsFor(server, otherSupervisor)));
    auto flag = otherSupervisor.open()->get("conflict", edit.conflictId);
    REQUIRE(flag);
    REQUIRE(flag->has_value());
    CHECK((*flag)->fields["status"] == "resolved");
    CHECK((*flag)->fields["resolved_by"] == "sam");
    REQUIRE(sync::syncOnce(optionsFor(server, one)));
    CHECK(one.open()->get("article", edit.articleId).value()->fields["title"] ==
          "Refunds within 30 days, 45 for members");

    // While live, a choice for the conflict another replica has resolved meanwhile: the engine
    // sends it at once, the server refuses it, and the refusal is kept and reported in words.
    REQUIRE(otherSupervisor.open()->queueResolution(edit.conflictId, "Too late"));
    auto late = sync::syncOnce(optionsFor(server, otherSupervisor));
    REQUIRE(late);
    REQUIRE(late->refused.size() == 1);
    CHECK(late->refused[0].second.message.find("already resolved") != std::string::npos);

    REQUIRE(supervisor.open()->queueResolution(edit.conflictId, "Also too late"));
    (*engine)->nudge();
    REQUIRE(eventually([&] { return (*engine)->status().resolutionsRefused == 1; }));
    CHECK((*engine)->status().resolutionsWaiting == 0);
    {
        const std::lock_guard lock(mutex);
        CHECK(lastRefusal.find("refused a conflict resolution") != std::string::npos);
        CHECK(lastRefusal.find(edit.conflictId) != std::string::npos); // the server's words name it
        CHECK(lastRefusal.find("already resolved") != std::string::npos);
    }
    auto queued = supervisor.open()->queuedResolutions();
    REQUIRE(queued);
    REQUIRE(queued->size() == 1);
    CHECK(queued->front().value == "Also too late");
    CHECK(queued->front().refusal.value_or("").find("already resolved") != std::string::npos);
    (*engine)->stop();
    CHECK(one.open()->get("article", edit.articleId).value()->fields["title"] ==
          "Refunds within 30 days, 45 for members");
}

TEST_CASE("the history of an article edited several times, from the server", "[sync][history]") {
    ServerFixture server;
    TempDir dir;
    const Replica alice = signedInReplica(server, dir, "alice", "alice");
    const Replica sam = signedInReplica(server, dir, "sam", "sam");
    std::string id;
    {
        auto store = alice.open();
        auto created = store->create("article", article("Opening hours"));
        REQUIRE(created);
        id = created->id;
    }
    REQUIRE(sync::syncOnce(optionsFor(server, alice)));
    REQUIRE(sync::syncOnce(optionsFor(server, sam)));
    const std::int64_t before = static_cast<std::int64_t>(systemClockMillis());
    REQUIRE(sam.open()->write("article", id, Json{{"title", "Opening hours in winter"}}));
    REQUIRE(sync::syncOnce(optionsFor(server, sam)));
    REQUIRE(sync::syncOnce(optionsFor(server, alice)));
    REQUIRE(alice.open()->write(
        "article", id, Json{{"title", "Opening hours, winter and summer"}, {"body", "9 to 5 on weekdays."}}));
    REQUIRE(sync::syncOnce(optionsFor(server, alice)));

    auto history = sync::fetchHistory(optionsFor(server, sam), "article", id);
    REQUIRE(history);
    std::vector<std::string> titles;
    std::vector<std::string> titleAuthors;
    for (const sync::HistoryEntry& entry : *history) {
        CAPTURE(entry.field, entry.seq);
        CHECK(entry.seq > 0);
        CHECK(entry.receivedAt > 0);
        CHECK(entry.receivedAt <= static_cast<std::int64_t>(systemClockMillis()));
        if (entry.field == "title") {
            titles.push_back(entry.value.get<std::string>());
            titleAuthors.push_back(entry.author);
        }
    }
    for (std::size_t i = 1; i < history->size(); ++i) {
        CHECK((*history)[i - 1].seq <= (*history)[i].seq); // oldest first
    }
    CHECK(titles == std::vector<std::string>{"Opening hours", "Opening hours in winter",
                                             "Opening hours, winter and summer"});
    CHECK(titleAuthors == std::vector<std::string>{"alice", "sam", "alice"});
    const auto body = std::find_if(history->begin(), history->end(),
                                   [](const sync::HistoryEntry& entry) { return entry.field == "body"; });
    REQUIRE(body != history->end());
    CHECK(body->value == "9 to 5 on weekdays.");
    CHECK(body->author == "alice");
    CHECK(body->receivedAt >= before);
    CHECK(body->version.node == alice.open()->nodeId());

    // Asking changes nothing in the replica.
    CHECK(*sam.open()->pendingCount() == 0);
}

TEST_CASE("history: an unknown record and a server that is down are clear errors", "[sync][history]") {
    ServerFixture server;
    TempDir dir;
    const Replica sam = signedInReplica(server, dir, "sam", "sam");

    auto unknown =
        sync::fetchHistory(optionsFor(server, sam), "article", "0190a000-0000-7000-8000-000000000000");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::NotFound);
    CHECK(unknown.error().message.find("no article with that id") != std::string::npos);

    auto stale = optionsFor(server, sam);
    stale.token = "ks1.not-a-real-token";
    auto signedOut = sync::fetchHistory(stale, "article", "0190a000-0000-7000-8000-000000000000");
    REQUIRE_FALSE(signedOut);
    CHECK(signedOut.error().code == ErrorCode::AuthFailed);
    CHECK(signedOut.error().message.find("sign in again") != std::string::npos);

    const auto options = optionsFor(server, sam);
    server.stop();
    auto down = sync::fetchHistory(options, "article", "0190a000-0000-7000-8000-000000000000");
    REQUIRE_FALSE(down);
    CHECK(down.error().code == ErrorCode::Unavailable);
    CHECK(down.error().message.find("cannot connect") != std::string::npos);
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
