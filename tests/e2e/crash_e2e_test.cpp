// RELIABILITY.md T3: real processes killed with SIGKILL at random moments.
//   - The server, during a push storm of several clients (`sync --live`, which must resume by
//     itself after the restart, or `sync` run again): every change a client saw acknowledged
//     is in the server's store right after the kill, and in the end every saved change is in
//     the history exactly once.
//   - Clients: during an import (all of it is saved or none), while editing with `sync --live`
//     pushing beside them (every edit the CLI reported saved reaches the server), and during an
//     initial sync (it resumes from the cursor the killed process stored).
// After each kill, `PRAGMA integrity_check` is ok on every database.
//
// Iterations are seeded; the seeds are printed. Replay one with
//   knowset_e2e_tests "E2E T3*" --property-seed SEED   (with KNOWSET_T3_SERVER_KILLS=1 or
//                                                       KNOWSET_T3_CLIENT_KILLS=1)
// KNOWSET_T3_SERVER_KILLS and KNOWSET_T3_CLIENT_KILLS (default 25 each) set the iteration
// counts; bench/reliability_soak.sh t3 runs 500 + 500. A seed fixes an iteration's data and its
// kill moment (a number of acknowledgements, a cursor, a delay); process timing decides what
// exactly was in flight, and a replayed iteration starts from a fresh server and clients.
#include "knowset/core/ids.hpp"

#include <csignal>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "e2e_harness.hpp"

using namespace knowset;
using namespace knowset::e2e;
using namespace std::chrono_literals;

namespace {

constexpr int kDefaultIterations = 25;
constexpr int kStormsPerWorld = 5;
constexpr int kClientKillsPerWorld = 25;
constexpr std::size_t kEntriesPerPush = 1000; // the client's batch size (sync_session.cpp)
const std::string kStormBody(500, 'b');

std::int64_t randomIn(std::mt19937_64& random, std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
}

std::size_t entryCount(const std::vector<ReplicaState>& states) {
    std::size_t count = 0;
    for (const ReplicaState& state : states) {
        count += state.pending.size();
    }
    return count;
}

// Each field change of `entries` is in the history exactly `times` times.
void checkInHistory(const std::vector<JournalEntry>& entries, const HistoryCounts& history, int times,
                    const std::string& what) {
    std::size_t missing = 0;
    std::size_t wrong = 0;
    for (const JournalEntry& entry : entries) {
        for (const auto& [field, change] : entry.patch.fields) {
            const auto found =
                history.find({entry.patch.collection, entry.patch.id, field, change.version.toString()});
            const int count = found == history.end() ? 0 : found->second;
            if (count == 0) {
                ++missing;
            } else if (count != times) {
                ++wrong;
            }
            if (count != times) {
                INFO(what << ": journal entry " << entry.seq << " " << entry.patch.id << " " << field << " "
                          << change.version.toString() << " is in the history " << count << " times");
                CHECK(count == times);
            }
        }
    }
    INFO(what);
    CHECK(missing == 0);
    CHECK(wrong == 0);
}

// Writes `rows` as an import file.
std::filesystem::path writeRows(const std::filesystem::path& file, const std::vector<Json>& rows) {
    writeFile(file, Json(rows).dump());
    return file;
}

Json articleRow(const std::string& id, Json fields) {
    return {{"collection", "article"}, {"id", id}, {"fields", std::move(fields)}};
}

// ---- the server killed during a push storm ----

struct StormClient {
    std::filesystem::path profile;
    std::vector<std::string> owned; // articles only this client edits: no concurrent overwrites
    std::string node;
    std::int64_t lastSeq = 0;
};

struct StormFigures {
    bool live = false;
    std::size_t changes = 0;
    std::size_t ackedAtKill = 0;
    std::int64_t elapsedMs = 0;
};

StormFigures serverKillIteration(E2e& world, std::vector<StormClient>& clients, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    Server& server = world.server();
    StormFigures figures;
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t headBefore = storedHead(server.data());

    // Every client saves a batch: new articles and updates of its own earlier ones.
    std::vector<std::unique_ptr<Process>> imports;
    for (std::size_t c = 0; c < clients.size(); ++c) {
        StormClient& client = clients[c];
        std::vector<Json> rows;
        const auto created = randomIn(random, 100, 1000);
        for (std::int64_t i = 0; i < created; ++i) {
            // Bodies make a push of a thousand entries take long enough to be killed in its
            // middle.
            rows.push_back(
                articleRow(newUuidV7(), {{"kind", "faq"},
                                         {"title", "storm " + std::to_string(seed) + " " + std::to_string(i)},
                                         {"body", kStormBody},
                                         {"status", "draft"}}));
            client.owned.push_back(rows.back().at("id").get<std::string>());
        }
        const auto updated = randomIn(
            random, 0, std::min<std::int64_t>(200, static_cast<std::int64_t>(client.owned.size()) - created));
        for (std::int64_t i = 0; i < updated; ++i) {
            const std::string& id = client.owned[static_cast<std::size_t>(
                randomIn(random, 0, static_cast<std::int64_t>(client.owned.size()) - created - 1))];
            rows.push_back(
                articleRow(id, {{"summary", "update " + std::to_string(seed) + " " + std::to_string(i)}}));
        }
        const auto file = writeRows(world.root() / ("storm-" + std::to_string(c) + ".json"), rows);
        imports.push_back(world.cliBackground(client.profile, {"import", file.string()}));
    }
    for (auto& import : imports) {
        const auto code = import->wait(120s);
        INFO(import->describe());
        REQUIRE(code == 0);
    }
    std::vector<ReplicaState> before;
    for (StormClient& client : clients) {
        before.push_back(replicaState(client.profile));
        REQUIRE(!before.back().pending.empty());
        client.lastSeq = before.back().pending.back().seq;
        client.node = before.back().pending.back().patch.fields.begin()->second.version.node.toHex();
    }
    figures.changes = entryCount(before);

    // The storm: all clients push at once. A push carries up to kEntriesPerPush entries, so the
    // acknowledgements come in steps; the server dies after a random number of them (and a
    // random moment more), or at a random moment from the start (connecting, signing in).
    figures.live = randomIn(random, 0, 1) == 1;
    std::size_t steps = 0;
    for (const ReplicaState& state : before) {
        steps += (state.pending.size() + kEntriesPerPush - 1) / kEntriesPerPush;
    }
    const bool byTime = randomIn(random, 0, 3) == 0;
    const auto killAfterSteps =
        static_cast<std::size_t>(randomIn(random, 1, static_cast<std::int64_t>(steps) - 1));
    const auto extraDelay =
        std::chrono::milliseconds(byTime ? randomIn(random, 0, 300) : randomIn(random, 0, 20));
    std::vector<std::unique_ptr<Process>> syncs;
    const auto launched = std::chrono::steady_clock::now();
    for (const StormClient& client : clients) {
        syncs.push_back(world.cliBackground(client.profile, figures.live
                                                                ? std::vector<std::string>{"sync", "--live"}
                                                                : std::vector<std::string>{"sync"}));
    }
    if (byTime) {
        std::this_thread::sleep_until(launched + extraDelay);
    } else {
        std::size_t stepsSeen = 0;
        std::size_t last = figures.changes;
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (stepsSeen < killAfterSteps && last > 0) {
            INFO("the storm does not progress: " << last << " of " << figures.changes << " pending");
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(1ms);
            std::size_t pending = 0;
            for (const StormClient& client : clients) {
                pending += static_cast<std::size_t>(replicaPendingCount(client.profile));
            }
            stepsSeen += pending < last ? 1 : 0;
            last = pending;
        }
        std::this_thread::sleep_for(extraDelay);
    }
    server.kill9();

    // Acknowledged means durable: what the clients saw acknowledged is in the dead server's store.
    std::vector<JournalEntry> acknowledged;
    for (std::size_t c = 0; c < clients.size(); ++c) {
        std::set<std::int64_t> stillPending;
        for (const JournalEntry& entry : replicaState(clients[c].profile).pending) {
            stillPending.insert(entry.seq);
        }
        for (const JournalEntry& entry : before[c].pending) {
            if (!stillPending.contains(entry.seq)) {
                acknowledged.push_back(entry);
            }
        }
        CHECK(integrityCheck(clients[c].profile / "replica.sqlite") == "ok");
    }
    figures.ackedAtKill = acknowledged.size();
    CHECK(integrityCheck(server.data() / "knowset.db") == "ok");
    checkInHistory(acknowledged, storedHistory(server.data(), headBefore), 1, "acknowledged before the kill");
    CHECK(storedDuplicates(server.data()) == 0);

    server.start();
    if (figures.live) {
        // The running clients find the server again by themselves.
        const auto resumeDeadline = std::chrono::steady_clock::now() + 60s;
        std::size_t pending = figures.changes;
        while (pending > 0) {
            INFO(pending << " changes still pending after the restart");
            REQUIRE(std::chrono::steady_clock::now() < resumeDeadline);
            std::this_thread::sleep_for(20ms);
            pending = 0;
            for (const StormClient& client : clients) {
                pending += static_cast<std::size_t>(replicaPendingCount(client.profile));
            }
        }
        for (auto& sync : syncs) {
            sync->signal(SIGTERM);
            const auto code = sync->wait(20s);
            INFO(sync->describe());
            CHECK(code == 0);
        }
    } else {
        std::vector<std::unique_ptr<Process>> again;
        for (std::size_t c = 0; c < clients.size(); ++c) {
            const auto code = syncs[c]->wait(60s);
            INFO(syncs[c]->describe());
            REQUIRE(code.has_value());
            CHECK((*code == 0 || *code == 2)); // done before the kill, or the network error it met
            again.push_back(world.cliBackground(clients[c].profile, {"sync"}));
        }
        for (auto& sync : again) {
            const auto code = sync->wait(60s);
            INFO(sync->describe());
            CHECK(code == 0);
        }
    }

    // Saved means saved, exactly once.
    const HistoryCounts history = storedHistory(server.data(), headBefore);
    for (std::size_t c = 0; c < clients.size(); ++c) {
        checkInHistory(before[c].pending, history, 1, "saved by client " + std::to_string(c));
        CHECK(replicaState(clients[c].profile).pending.empty());
    }
    CHECK(storedDuplicates(server.data()) == 0);
    const auto progress = nodeProgress(server.data());
    for (const StormClient& client : clients) {
        INFO("node " << client.node);
        REQUIRE(progress.contains(client.node));
        CHECK(progress.at(client.node) == client.lastSeq);
    }
    figures.elapsedMs = millisSince(start);
    return figures;
}

// ---- clients killed ----

enum class ClientKill { DuringImport, DuringLiveEdits, DuringInitialSync };

std::string_view describe(ClientKill kind) {
    switch (kind) {
    case ClientKill::DuringImport:
        return "import";
    case ClientKill::DuringLiveEdits:
        return "live edits";
    case ClientKill::DuringInitialSync:
        return "initial sync";
    }
    return "?";
}

struct ClientWorld {
    E2e& world;
    std::filesystem::path editor; // edits, imports and pushes
    std::filesystem::path reader; // starts from an empty replica each time
    std::vector<std::string> shared;
    double importMsPerRow = 0.05;
    std::int64_t importOverheadMs = 20;
};

struct ClientFigures {
    ClientKill kind = ClientKill::DuringImport;
    bool killedWhileRunning = false;
    std::string detail;
};

// The editor's store: how many of `ids` it holds, and its pending journal entries for them.
std::pair<std::size_t, std::size_t> presentAndPending(const std::filesystem::path& profile,
                                                      const std::vector<std::string>& ids) {
    const std::set<std::string> wanted(ids.begin(), ids.end());
    const auto dump = parseDump(replicaState(profile, true).dump);
    std::size_t present = 0;
    for (const auto& [key, line] : dump) {
        present += key.first == "article" && wanted.contains(key.second) ? 1 : 0;
    }
    std::size_t pending = 0;
    for (const JournalEntry& entry : replicaState(profile).pending) {
        pending += wanted.contains(entry.patch.id) ? 1 : 0;
    }
    return {present, pending};
}

ClientFigures killDuringImport(ClientWorld& w, std::mt19937_64& random, std::uint64_t seed) {
    ClientFigures figures;
    figures.kind = ClientKill::DuringImport;
    const auto rows = randomIn(random, 100, 1500);
    std::vector<std::string> ids;
    const auto file = w.world.root() / ("import-" + std::to_string(seed) + ".json");
    writeArticleImport(file, "imported " + std::to_string(seed), static_cast<int>(rows), 100, ids);
    const auto expectedMs =
        w.importOverheadMs + static_cast<std::int64_t>(w.importMsPerRow * static_cast<double>(rows));
    const auto killAfter = std::chrono::milliseconds(randomIn(random, 0, expectedMs * 3 / 2));

    auto import = w.world.cliBackground(w.editor, {"import", file.string()});
    std::this_thread::sleep_for(killAfter);
    figures.killedWhileRunning = import->kill9();

    CHECK(integrityCheck(w.editor / "replica.sqlite") == "ok");
    const auto [present, pending] = presentAndPending(w.editor, ids);
    {
        INFO("an import is all or nothing: " << present << " of " << rows << " articles saved, " << pending
                                             << " journal entries for them");
        CHECK((present == 0 || present == static_cast<std::size_t>(rows)));
        CHECK(pending == present);
        if (!figures.killedWhileRunning) {
            CHECK(present == static_cast<std::size_t>(rows)); // it finished: saved
        }
    }
    // What was saved reaches the server.
    w.world.sync(w.editor);
    const auto server = parseDump(w.world.server().dump({"--collection", "article"}));
    std::size_t onServer = 0;
    for (const std::string& id : ids) {
        onServer += server.contains({"article", id}) ? 1 : 0;
    }
    CHECK(onServer == present);
    figures.detail = "killed " + std::to_string(killAfter.count()) + " ms into an import of " +
                     std::to_string(rows) + " rows: " + std::to_string(present) + " saved";
    return figures;
}

ClientFigures killDuringLiveEdits(ClientWorld& w, std::mt19937_64& random, std::uint64_t seed) {
    ClientFigures figures;
    figures.kind = ClientKill::DuringLiveEdits;
    auto live = w.world.cliBackground(w.editor, {"sync", "--live"});

    // A batch to push while the edits go on; saved once the import exits 0.
    std::vector<std::string> ids;
    const auto file = w.world.root() / ("live-" + std::to_string(seed) + ".json");
    writeArticleImport(file, "live " + std::to_string(seed), static_cast<int>(randomIn(random, 50, 800)), 100,
                       ids);
    requireOk(w.world.cli(w.editor, {"import", file.string()}));

    std::vector<JournalEntry> saved;
    const auto edits = randomIn(random, 2, 6);
    const auto killAt = randomIn(random, 0, edits - 1);
    std::optional<std::pair<std::string, std::string>> unsure; // the edit killed in flight: id, value
    for (std::int64_t e = 0; e < edits; ++e) {
        const std::string& id = w.shared[static_cast<std::size_t>(
            randomIn(random, 0, static_cast<std::int64_t>(w.shared.size()) - 1))];
        const std::string value = "edit " + std::to_string(seed) + " " + std::to_string(e);
        auto edit = w.world.cliBackground(w.editor, {"article", "edit", id, "--title", value, "--json"});
        if (e == killAt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(randomIn(random, 0, 40)));
            figures.killedWhileRunning = live->kill9();
            if (edit->kill9()) {
                unsure.emplace(id, value);
                continue;
            }
        }
        const auto code = edit->wait(60s);
        INFO(edit->describe());
        REQUIRE(code == 0);
        const Json written = Json::parse(edit->out());
        JournalEntry entry;
        entry.seq = written.at("journal_seq").get<std::int64_t>();
        entry.patch.collection = "article";
        entry.patch.id = id;
        auto version = Version::parse(written.at("version").get<std::string>());
        REQUIRE(version);
        entry.patch.fields["title"] = FieldChange{value, *version, std::nullopt};
        saved.push_back(std::move(entry));
    }
    CHECK(integrityCheck(w.editor / "replica.sqlite") == "ok");

    // Resume: a new live sync pushes everything that was saved.
    live = w.world.cliBackground(w.editor, {"sync", "--live"});
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    // Live first (it has pushed its journal then), which also means it handles SIGTERM by now.
    while (live->out().find("state: live") == std::string::npos || replicaPendingCount(w.editor) > 0) {
        INFO(live->describe());
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        REQUIRE(live->running());
        std::this_thread::sleep_for(20ms);
    }
    live->signal(SIGTERM);
    {
        const auto code = live->wait(20s);
        INFO(live->describe());
        CHECK(code == 0);
    }
    const HistoryCounts history = historyCounts(w.world.server());
    checkInHistory(saved, history, 1, "edits reported saved");
    CHECK(storedDuplicates(w.world.server().data()) == 0);
    std::size_t importedOnServer = 0;
    const auto server = parseDump(w.world.server().dump({"--collection", "article"}));
    for (const std::string& id : ids) {
        importedOnServer += server.contains({"article", id}) ? 1 : 0;
    }
    CHECK(importedOnServer == ids.size());
    if (unsure) {
        // Saved or not, replica and server agree about the edit killed in flight.
        const auto replica = parseDump(replicaDump(w.editor));
        CHECK(replica.at({"article", unsure->first}).doc == server.at({"article", unsure->first}).doc);
    }
    figures.detail = std::to_string(saved.size()) + " edits saved beside a push of " +
                     std::to_string(ids.size()) + " articles, the live sync killed at edit " +
                     std::to_string(killAt) + (unsure ? ", that edit killed in flight" : "");
    return figures;
}

ClientFigures killDuringInitialSync(ClientWorld& w, std::mt19937_64& random) {
    ClientFigures figures;
    figures.kind = ClientKill::DuringInitialSync;
    for (const char* name : {"replica.sqlite", "replica.sqlite-wal", "replica.sqlite-shm"}) {
        std::filesystem::remove(w.reader / name);
    }
    const std::int64_t head = storedHead(w.world.server().data());
    const std::string serverDump = w.world.server().dump(); // nobody writes during this iteration
    const std::size_t records = lineCount(serverDump);
    const auto pullLimit = randomIn(random, 20, 300);
    const auto killAtCursor = static_cast<std::int64_t>(
        static_cast<double>(head) * std::uniform_real_distribution<double>(0.05, 0.95)(random));

    auto first = w.world.cliBackground(w.reader, {"sync", "--pull-limit", std::to_string(pullLimit)});
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (first->running()) {
        INFO(first->describe());
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        if (replicaCursor(w.reader) >= killAtCursor) {
            break;
        }
        std::this_thread::sleep_for(1ms);
    }
    figures.killedWhileRunning = first->kill9();
    if (!figures.killedWhileRunning) {
        INFO(first->describe());
        CHECK(first->exitCode() == 0);
    }

    CHECK(integrityCheck(w.reader / "replica.sqlite") == "ok");
    const std::int64_t resumeFrom = replicaState(w.reader).cursor;
    const Json resumed = w.world.sync(w.reader);
    CHECK(resumed["resumed_from"] == resumeFrom);
    if (figures.killedWhileRunning && resumeFrom > 0) {
        CHECK(resumed["received"].get<std::size_t>() < records); // resumed, not started over
    }
    if (resumeFrom < head) {
        CHECK(resumed["received"].get<std::size_t>() > 0);
    }
    CHECK(replicaDump(w.reader) == serverDump);
    figures.detail = "killed at cursor " + std::to_string(resumeFrom) + " of " + std::to_string(head) +
                     " (target " + std::to_string(killAtCursor) + ", pull limit " +
                     std::to_string(pullLimit) + "), resumed with " + resumed["received"].dump() + " of " +
                     std::to_string(records) + " records";
    return figures;
}

} // namespace

TEST_CASE("E2E T3: kill -9 of the server at random moments of a push storm loses nothing acknowledged and "
          "applies nothing twice",
          "[e2e][t3][crash]") {
    const int iterations = countFromEnvironment("KNOWSET_T3_SERVER_KILLS", kDefaultIterations);
    const std::uint64_t firstSeed = test::propertyConfig().seed;
    const auto start = std::chrono::steady_clock::now();
    int midStorm = 0;
    int resumedByThemselves = 0;
    std::size_t changes = 0;
    for (int first = 0; first < iterations; first += kStormsPerWorld) {
        // A fresh server and clients now and then: the databases stay small, so every
        // integrity check and catch-up costs about the same.
        E2e world;
        world.server().start();
        std::vector<StormClient> clients(3);
        for (std::size_t c = 0; c < clients.size(); ++c) {
            clients[c].profile = world.signedIn("root", "storm-" + std::to_string(c));
        }
        for (int i = first; i < std::min(iterations, first + kStormsPerWorld); ++i) {
            const std::uint64_t seed = firstSeed + static_cast<std::uint64_t>(i);
            INFO("T3 server kill " << i << " seed " << seed << " (replay: --property-seed " << seed
                                   << " with KNOWSET_T3_SERVER_KILLS=1)");
            const StormFigures figures = serverKillIteration(world, clients, seed);
            std::cout << "T3 server kill " << i << " seed " << seed << ": "
                      << (figures.live ? "live" : "once") << " clients, killed with " << figures.ackedAtKill
                      << " of " << figures.changes << " changes acknowledged, " << figures.elapsedMs << " ms"
                      << std::endl;
            midStorm += figures.ackedAtKill > 0 && figures.ackedAtKill < figures.changes ? 1 : 0;
            resumedByThemselves += figures.live ? 1 : 0;
            changes += figures.changes;
        }
        // Every replica ends equal to the server.
        for (const StormClient& client : clients) {
            world.sync(client.profile);
        }
        const std::string dump = world.server().dump();
        for (const StormClient& client : clients) {
            INFO("profile " << client.profile.filename());
            CHECK(replicaDump(client.profile) == dump);
        }
        world.server().stop();
        CHECK(integrityCheck(world.server().data() / "knowset.db") == "ok");
    }
    std::cout << "T3 server kills: " << iterations << " from seed " << firstSeed << " in "
              << millisSince(start) << " ms, " << changes << " changes pushed, " << midStorm
              << " kills in the middle of the storm, " << resumedByThemselves
              << " with live clients resuming by themselves" << std::endl;
    // The kills must land in the middle of storms often enough to test anything (a replay of
    // one seed may land anywhere).
    if (iterations >= 10) {
        CHECK(midStorm * 3 >= iterations);
    }
}

TEST_CASE(
    "E2E T3: kill -9 of clients during edits and initial syncs loses nothing saved and resumes from the "
    "cursor",
    "[e2e][t3][crash]") {
    const int iterations = countFromEnvironment("KNOWSET_T3_CLIENT_KILLS", kDefaultIterations);
    const std::uint64_t firstSeed = test::propertyConfig().seed;
    const auto start = std::chrono::steady_clock::now();
    std::map<ClientKill, std::pair<int, int>> kills; // kind -> (iterations, killed while running)
    for (int first = 0; first < iterations; first += kClientKillsPerWorld) {
        // A fresh server now and then, so that long runs do not sync ever larger stores.
        E2e world;
        world.server().start();
        ClientWorld w{world, world.signedIn("root", "editor"), world.signedIn("root", "reader"), {}};

        // Something to sync from the start: articles everyone shares. The import also
        // calibrates how long an import runs, to aim kills inside one.
        constexpr int kShared = 1500;
        const auto file = world.root() / "shared.json";
        writeArticleImport(file, "shared", kShared, 200, w.shared);
        const RunResult imported = requireOk(world.cli(w.editor, {"import", file.string()}));
        const RunResult idle = requireOk(world.cli(w.editor, {"status"}));
        w.importOverheadMs = idle.elapsed.count();
        w.importMsPerRow =
            static_cast<double>(std::max<std::int64_t>(1, imported.elapsed.count() - idle.elapsed.count())) /
            kShared;
        world.sync(w.editor);

        for (int i = first; i < std::min(iterations, first + kClientKillsPerWorld); ++i) {
            const std::uint64_t seed = firstSeed + static_cast<std::uint64_t>(i);
            INFO("T3 client kill " << i << " seed " << seed << " (replay: --property-seed " << seed
                                   << " with KNOWSET_T3_CLIENT_KILLS=1)");
            std::mt19937_64 random(seed);
            const auto kind = static_cast<ClientKill>(randomIn(random, 0, 2));
            const auto iterationStart = std::chrono::steady_clock::now();
            ClientFigures figures;
            switch (kind) {
            case ClientKill::DuringImport:
                figures = killDuringImport(w, random, seed);
                break;
            case ClientKill::DuringLiveEdits:
                figures = killDuringLiveEdits(w, random, seed);
                break;
            case ClientKill::DuringInitialSync:
                figures = killDuringInitialSync(w, random);
                break;
            }
            std::cout << "T3 client kill " << i << " seed " << seed << " (" << describe(kind)
                      << "): " << figures.detail
                      << (figures.killedWhileRunning ? "" : " (it had finished before the kill)") << ", "
                      << millisSince(iterationStart) << " ms" << std::endl;
            ++kills[kind].first;
            kills[kind].second += figures.killedWhileRunning ? 1 : 0;
        }
        world.server().stop();
        CHECK(integrityCheck(world.server().data() / "knowset.db") == "ok");
    }
    std::cout << "T3 client kills: " << iterations << " from seed " << firstSeed << " in "
              << millisSince(start) << " ms";
    for (const auto& [kind, counts] : kills) {
        std::cout << "; " << describe(kind) << ": " << counts.first << " (" << counts.second
                  << " killed while running)";
    }
    std::cout << std::endl;
}
