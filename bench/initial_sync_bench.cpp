// Scenario 1: the initial sync of a fresh client from a real knowset-server process over
// loopback (plain ws): N records of about 1 KB, customers (no full-text index) or articles
// (with the search index). The client is a real `knowset-cli sync` process; this program
// watches its replica through a read-only SQLite connection to see when the first records are
// usable and when search works. Then the raw baseline: the same rows inserted by plain SQLite
// into the same local schema (triggers, indexes and FTS included) in one transaction, no
// network. Prints one JSON object.
//
//   knowset_initial_sync_bench [customer|article] [records]
//   defaults:                   customer          100000
#include "knowset/core/ids.hpp"
#include "knowset/store/local_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <iostream>
#include <thread>

#include "bench_records.hpp"
#include "bench_server.hpp"
#include "bench_support.hpp"
#include "test_support.hpp"

using namespace knowset;
using namespace knowset::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Observed {
    std::optional<double> firstUsable;    // a first record of the collection is readable
    std::optional<double> firstSearchHit; // the first article is found by its reference
    std::optional<double> searchComplete; // the last article is found by its reference
};

// Polls the client's replica every few milliseconds while the sync runs.
class ReplicaWatcher {
public:
    ReplicaWatcher(std::filesystem::path replica, std::string collection, std::size_t records)
        : m_replica(std::move(replica))
        , m_collection(std::move(collection))
        , m_firstReference(benchArticleReference(0))
        , m_lastReference(benchArticleReference(records - 1)) {}

    void look(double elapsed) {
        if (!m_db) {
            if (!std::filesystem::exists(m_replica)) {
                return;
            }
            m_db.emplace(m_replica.string(), SQLite::OPEN_READONLY);
            m_db->setBusyTimeout(0);
        }
        try {
            if (!m_observed.firstUsable &&
                m_db->execAndGet("SELECT EXISTS (SELECT 1 FROM records WHERE collection = '" + m_collection +
                                 "')")
                        .getInt() == 1) {
                m_observed.firstUsable = elapsed;
            }
            if (m_collection != "article") {
                return;
            }
            if (!m_observed.firstSearchHit && found(m_firstReference)) {
                m_observed.firstSearchHit = elapsed;
            }
            if (!m_observed.searchComplete && found(m_lastReference)) {
                m_observed.searchComplete = elapsed;
            }
        } catch (const SQLite::Exception&) {
            // the schema is not there yet, or the writer holds a lock: look again later
        }
    }

    const Observed& observed() const { return m_observed; }

private:
    bool found(const std::string& reference) {
        SQLite::Statement query(*m_db, "SELECT EXISTS (SELECT 1 FROM article_fts WHERE article_fts MATCH ?)");
        query.bind(1, "title:" + reference);
        return query.executeStep() && query.getColumn(0).getInt() == 1;
    }

    std::filesystem::path m_replica;
    std::string m_collection;
    std::string m_firstReference;
    std::string m_lastReference;
    std::optional<SQLite::Database> m_db;
    Observed m_observed;
};

std::string versionsOf(const Json& fields, const Version& version) {
    Json versions = Json::object();
    for (auto field = fields.begin(); field != fields.end(); ++field) {
        versions[field.key()] = version.toString();
    }
    return versions.dump();
}

// The same rows by plain SQLite into a fresh replica's schema, one transaction, no network.
double rawBaselineSeconds(const std::filesystem::path& path, const std::string& collection,
                          std::size_t records) {
    {
        auto store = LocalStore::open(StoreOptions{path});
        if (!store) {
            throw std::runtime_error(store.error().message);
        }
    }
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    // The rows are made before the clock starts: the baseline times SQLite, not JSON.
    std::vector<std::tuple<std::string, std::string, std::string>> rows;
    rows.reserve(records);
    HybridClock clock;
    const NodeId node = NodeId::random();
    for (std::size_t i = 0; i < records; ++i) {
        const Json fields = benchRecord(collection, i);
        rows.emplace_back(newUuidV7(), fields.dump(), versionsOf(fields, Version{clock.now(), node}));
    }
    const auto started = Clock::now();
    SQLite::Transaction transaction(db);
    SQLite::Statement insert(db, "INSERT INTO records (collection, id, doc, versions) VALUES (?, ?, ?, ?)");
    for (const auto& [id, doc, versions] : rows) {
        insert.reset();
        insert.bind(1, collection);
        insert.bind(2, id);
        insert.bind(3, doc);
        insert.bind(4, versions);
        insert.exec();
    }
    transaction.commit();
    return seconds(Clock::now() - started);
}

int run(const std::string& collection, std::size_t records) {
    test::TempDir dir;
    BenchServer server(dir.path());
    const double seedSeconds =
        server.seed(collection, records, [&](std::size_t i) { return benchRecord(collection, i); });
    server.start();

    const auto profile = dir.path() / "profile";
    runToCompletion(
        {cliBinary(), "--profile", profile.string(), "login", server.url(), "root", "--password-stdin"},
        dir.path() / "logs", "login", kBenchPassword + "\n");

    ReplicaWatcher watcher(profile / "replica.sqlite", collection, records);
    const double serverCpuBefore = server.cpuSeconds();
    const auto started = Clock::now();
    ChildProcess client({cliBinary(), "--profile", profile.string(), "sync", "--json"}, dir.path() / "logs",
                        "sync");
    while (client.running()) {
        watcher.look(seconds(Clock::now() - started));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double syncSeconds = seconds(Clock::now() - started);
    if (client.wait(std::chrono::seconds(1)) != 0) {
        throw std::runtime_error("sync failed: " + client.describe());
    }
    // What the sync left for later (a search index built in the background) is watched to the end.
    const auto indexDeadline = Clock::now() + std::chrono::minutes(5);
    watcher.look(syncSeconds);
    while (collection == "article" && !watcher.observed().searchComplete && Clock::now() < indexDeadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        watcher.look(seconds(Clock::now() - started));
    }
    const Json report = Json::parse(client.standardOutput());
    const auto received = report.at("received").get<std::int64_t>();
    const long serverRss = server.peakRssKilobytes();
    const double serverCpu = server.cpuSeconds() - serverCpuBefore;
    server.stop();

    const double baselineSeconds = rawBaselineSeconds(dir.path() / "baseline.sqlite", collection, records);
    const double rate = static_cast<double>(received) / syncSeconds;
    const double baselineRate = static_cast<double>(records) / baselineSeconds;
    const Observed& seen = watcher.observed();
    const auto orNull = [](const std::optional<double>& value) {
        return value ? Json(*value) : Json(nullptr);
    };
    nlohmann::ordered_json result{
        {"name", collection == "article" ? "initial_sync_articles" : "initial_sync_customers"},
        {"size", records},
        {"received", received},
        {"seconds", syncSeconds},
        {"rate", rate},
        {"unit", "records/s"},
        {"first_usable_seconds", orNull(seen.firstUsable)},
        {"client_peak_rss_kb", client.peakRssKilobytes()},
        {"client_cpu_seconds", client.cpuSeconds()},
        {"server_cpu_seconds", serverCpu},
        {"server_peak_rss_kb", serverRss},
        {"baseline_seconds", baselineSeconds},
        {"baseline_rate", baselineRate},
        {"ratio_to_baseline", rate / baselineRate},
        {"server_seed_seconds", seedSeconds},
    };
    if (collection == "article") {
        result["first_search_hit_seconds"] = orNull(seen.firstSearchHit);
        result["search_complete_seconds"] = orNull(seen.searchComplete);
    }
    std::cout << result.dump() << std::endl;
    return received == static_cast<std::int64_t>(records) ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::string collection = argc > 1 ? argv[1] : "customer";
    const std::size_t records = argc > 2 ? std::stoul(argv[2]) : 100'000;
    try {
        return run(collection, records);
    } catch (const std::exception& error) {
        std::cerr << "knowset_initial_sync_bench: " << error.what() << "\n";
        return 1;
    }
}
