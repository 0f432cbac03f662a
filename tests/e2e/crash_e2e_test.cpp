// End to end, real processes killed with SIGKILL (RELIABILITY.md T3): the server in the middle
// of a large push, a client in the middle of an initial sync.
#include "knowset/core/ids.hpp"

#include <SQLiteCpp/Database.h>

#include <csignal>
#include <set>
#include <thread>
#include <tuple>

#include "e2e_harness.hpp"

using namespace knowset;
using namespace knowset::e2e;
using namespace std::chrono_literals;

namespace {

// Imports and syncs of tens of thousands of records take a while in a Debug build.
const RunOptions kLong = withTimeout(600s);

// `count` articles in the import format; their ids in `ids`.
std::filesystem::path writeArticles(const E2e& world, const std::string& name, int count,
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
    const auto file = world.root() / (name + ".json");
    writeFile(file, rows.dump());
    return file;
}

std::string integrityCheck(const std::filesystem::path& database) {
    SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
    return db.execAndGet("PRAGMA integrity_check").getString();
}

} // namespace

TEST_CASE("E2E: kill -9 of the server during a large push: the client resumes by itself, each change "
          "stored once",
          "[e2e][crash]") {
    constexpr int kChanges = 20'000;
    E2e world;
    Server& server = world.server();
    server.start();
    const auto root = world.signedIn("root");
    std::vector<std::string> ids;
    const auto file = writeArticles(world, "pushed", kChanges, 400, ids);
    auto start = std::chrono::steady_clock::now();
    world.cliJson(root, {"import", file.string()}, kLong);
    WARN("import of " << kChanges << " articles: " << millisSince(start) << " ms");
    REQUIRE(world.pending(root) == kChanges);

    start = std::chrono::steady_clock::now();
    auto live = world.cliBackground(root, {"sync", "--live"});
    std::int64_t pendingAtKill = -1;
    const auto deadline = std::chrono::steady_clock::now() + 180s;
    while (pendingAtKill < 0) {
        INFO(live->describe());
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        REQUIRE(live->running());
        const std::int64_t pending = world.pending(root);
        INFO("pending " << pending << ": the push ended before the server could be killed in its middle");
        REQUIRE(pending > 0);
        if (pending < kChanges) {
            server.kill9();
            pendingAtKill = pending;
        }
    }
    WARN("killed the server " << millisSince(start) << " ms into the push, with " << pendingAtKill << " of "
                              << kChanges << " entries pending");

    server.start();
    const auto restarted = std::chrono::steady_clock::now();
    std::int64_t pending = pendingAtKill;
    while (pending > 0) {
        INFO(live->describe());
        INFO("pending " << pending);
        REQUIRE(std::chrono::steady_clock::now() < restarted + 300s);
        REQUIRE(live->running());
        std::this_thread::sleep_for(100ms);
        pending = world.pending(root);
    }
    WARN("the client finished the push " << millisSince(restarted) << " ms after the restart, by itself");
    live->signal(SIGTERM);
    const auto stopped = live->wait(20s);
    INFO(live->describe());
    CHECK(stopped == 0);

    world.sync(root, {}, kLong); // catch up fully before comparing
    const std::string dump = server.dump();
    const auto records = parseDump(dump);
    CHECK(records.size() == kChanges);
    std::size_t fields = 0;
    for (const std::string& id : ids) {
        const auto record = records.find({"article", id});
        INFO("article " << id);
        REQUIRE(record != records.end());
        fields += record->second.versions.size();
    }
    const auto history = parseHistory(server.dump({"--history"}));
    std::set<std::tuple<std::string, std::string, std::string, std::string>> unique;
    std::size_t duplicates = 0;
    for (const HistoryLine& line : history) {
        duplicates += unique.emplace(line.collection, line.id, line.field, line.version).second ? 0 : 1;
    }
    CHECK(duplicates == 0);
    CHECK(history.size() == fields); // every change once: nothing lost, nothing twice
    CHECK(replicaDump(root) == dump);

    server.stop();
    CHECK(integrityCheck(server.data() / "knowset.db") == "ok");
}

TEST_CASE("E2E: kill -9 of a client during an initial sync of 50000 records: it resumes from its cursor",
          "[e2e][crash]") {
    constexpr int kRecords = 50'000;
    E2e world;
    Server& server = world.server();
    server.start();

    const auto seed = world.signedIn("root", "seed");
    std::vector<std::string> ids;
    const auto file = writeArticles(world, "seeded", kRecords, 0, ids);
    auto start = std::chrono::steady_clock::now();
    world.cliJson(seed, {"import", file.string()}, kLong);
    const auto importMs = millisSince(start);
    start = std::chrono::steady_clock::now();
    const Json seeded = world.sync(seed, {}, kLong);
    const auto pushMs = millisSince(start);
    CHECK(seeded["pushed"] == kRecords);
    WARN("seeding: import of " << kRecords << " articles " << importMs << " ms, push " << pushMs << " ms");

    const auto fresh = world.signedIn("root", "fresh");
    start = std::chrono::steady_clock::now();
    auto first = world.cliBackground(fresh, {"sync", "--pull-limit", "200"});
    // Killed about a third of the way in (the cursor counts field changes, not records).
    const std::int64_t killAt = std::max<std::int64_t>(1, seeded["cursor"].get<std::int64_t>() / 3);
    std::int64_t cursor = 0;
    while (cursor < killAt) {
        INFO(first->describe());
        REQUIRE(std::chrono::steady_clock::now() < start + 120s);
        REQUIRE(first->running()); // still running: the initial sync is not finished
        cursor = world.status(fresh).at("cursor").get<std::int64_t>();
    }
    {
        INFO(first->describe());
        REQUIRE(first->kill9());
    }
    const auto killedMs = millisSince(start);

    // The replica survived the kill intact (T3).
    CHECK(integrityCheck(fresh / "replica.sqlite") == "ok");
    const Json status = world.status(fresh);
    const std::int64_t resumeFrom = status.at("cursor").get<std::int64_t>();
    REQUIRE(resumeFrom > 0);
    start = std::chrono::steady_clock::now();
    const Json resumed = world.sync(fresh, {}, kLong);
    const auto resumeMs = millisSince(start);
    WARN("initial sync of " << kRecords << " records: killed after " << killedMs << " ms at cursor "
                            << resumeFrom << "; the resumed sync received " << resumed["received"] << " in "
                            << resumeMs << " ms");
    CHECK(resumed["resumed_from"] == resumeFrom);
    CHECK(resumed["received"].get<std::int64_t>() < kRecords);
    CHECK(resumed["received"].get<std::int64_t>() > 0);
    CHECK(world.status(fresh)["records"]["article"] == kRecords);
    CHECK(replicaDump(fresh) == server.dump());
}
