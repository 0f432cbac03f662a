// Search latency on the demo knowledge set at benchmark size (issue 7, scenario 4): the demo
// generator's articles written into a fresh replica, then mixed queries as an agent types them
// — prefixes, several words, words with a typo, and words with a filter — each timed alone.
// Also reports the size of that replica and of a replica holding the standard demo set.
//
//   knowset_search_bench [articles] [queries] [seed]
//   defaults:             100000     1000      7
#include "knowset/domain/demo_data.hpp"
#include "knowset/domain/search.hpp"
#include "knowset/domain/text_similarity.hpp"
#include "knowset/store/local_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"

using namespace knowset;
using namespace knowset::domain;
using knowset::bench::peakRssKilobytes;
using knowset::bench::percentile;
using knowset::bench::seconds;

namespace {

using Clock = std::chrono::steady_clock;

struct Scratch {
    std::filesystem::path directory;
    Scratch() {
        directory =
            std::filesystem::temp_directory_path() / ("knowset-search-bench-" + std::to_string(::getpid()));
        std::filesystem::create_directories(directory);
    }
    ~Scratch() {
        std::error_code ignored;
        std::filesystem::remove_all(directory, ignored);
    }
};

std::uintmax_t replicaBytes(LocalStore& store, const std::filesystem::path& path) {
    store.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::uintmax_t bytes = std::filesystem::file_size(path);
    std::error_code missing;
    const auto wal = std::filesystem::file_size(path.string() + "-wal", missing);
    return missing ? bytes : bytes + wal;
}

// The largest tables and indexes of a replica, from SQLite's dbstat table (null when this
// SQLite was built without it): shows where the bytes of a replica go.
nlohmann::ordered_json bytesByObject(LocalStore& store) {
    try {
        SQLite::Statement largest(store.database(), "SELECT name, SUM(pgsize) FROM dbstat "
                                                    "GROUP BY name ORDER BY 2 DESC LIMIT 10");
        nlohmann::ordered_json objects = nlohmann::ordered_json::object();
        while (largest.executeStep()) {
            objects[largest.getColumn(0).getString()] = largest.getColumn(1).getInt64();
        }
        return objects;
    } catch (const SQLite::Exception&) {
        return nullptr;
    }
}

// What the queries are made of, collected from the generated articles.
struct QueryMaterial {
    std::vector<std::vector<std::string>> titles; // the meaningful words of some titles
    std::vector<std::string> categoryIds;
};

std::unique_ptr<LocalStore> openReplica(const std::filesystem::path& path) {
    auto store = LocalStore::open(StoreOptions{path, systemClockMillis, Synchronous::Normal});
    if (!store) {
        throw std::runtime_error(store.error().message);
    }
    return std::move(*store);
}

// Writes the categories and articles of `spec` (nothing else) and collects query material.
QueryMaterial writeKnowledgeSet(LocalStore& store, const DemoSpec& spec) {
    QueryMaterial material;
    const auto result = generateDemoData(spec, [&](std::vector<DemoRecord>& batch) -> Result<Done> {
        std::vector<WriteRequest> writes;
        for (DemoRecord& record : batch) {
            if (record.collection == "category") {
                material.categoryIds.push_back(record.id);
            } else if (record.collection != "article") {
                continue;
            }
            if (record.collection == "article" && material.titles.size() < 5'000) {
                auto words = meaningfulWords(record.fields.value("title", std::string()));
                std::erase_if(words, [](const std::string& word) { return word.size() < 4; });
                if (words.size() >= 2) {
                    material.titles.push_back(std::move(words));
                }
            }
            writes.push_back(WriteRequest{record.collection, record.id, std::move(record.fields)});
        }
        if (writes.empty()) {
            return Done{};
        }
        auto written = store.writeAll(writes, schema::UnknownFields::Refuse);
        if (!written) {
            return Unexpected<Error>(written.error());
        }
        return Done{};
    });
    if (!result) {
        throw std::runtime_error(result.error().message);
    }
    return material;
}

enum class QueryKind { Prefix, MultiWord, Typo, Filtered };
constexpr std::array<const char*, 4> kKindNames{"prefix", "multi_word", "typo", "filtered"};

// A word with one typing mistake: a letter left out or two neighbours swapped.
std::string misspelt(const std::string& word, std::mt19937_64& random) {
    const std::size_t at = 1 + random() % (word.size() - 2);
    std::string typo = word;
    if (random() % 2 == 0) {
        typo.erase(at, 1);
    } else {
        std::swap(typo[at], typo[at + 1]);
    }
    return typo;
}

ArticleQuery makeQuery(QueryKind kind, const QueryMaterial& material, std::mt19937_64& random) {
    const auto& title = material.titles[random() % material.titles.size()];
    const std::string& word = title[random() % title.size()];
    ArticleQuery query;
    switch (kind) {
    case QueryKind::Prefix:
        query.text = word.substr(0, std::min<std::size_t>(word.size(), 3 + random() % 3));
        break;
    case QueryKind::MultiWord:
        query.text = title[0] + " " + title[1] + (title.size() > 2 ? " " + title[2] : "");
        break;
    case QueryKind::Typo:
        query.text = misspelt(word, random);
        break;
    case QueryKind::Filtered:
        query.text = word;
        switch (random() % 3) {
        case 0:
            query.categoryId = material.categoryIds[random() % material.categoryIds.size()];
            break;
        case 1:
            query.kinds = {random() % 2 == 0 ? "faq" : "procedure"};
            break;
        default:
            query.statuses = {"published"};
            query.validToday = true;
            break;
        }
        break;
    }
    return query;
}

} // namespace

int main(int argc, char** argv) try {
    const std::size_t articles = argc > 1 ? std::stoul(argv[1]) : 100'000;
    const std::size_t queries = argc > 2 ? std::stoul(argv[2]) : 1'000;
    const std::uint64_t seed = argc > 3 ? std::stoull(argv[3]) : 7;
    const Day until = today();
    Scratch scratch;

    DemoSpec spec = DemoSpec::standard(until);
    spec.articles = articles;
    spec.seed = seed;
    const auto replicaPath = scratch.directory / "articles.sqlite";
    auto store = openReplica(replicaPath);
    const auto loadStarted = Clock::now();
    const QueryMaterial material = writeKnowledgeSet(*store, spec);
    const double loadSeconds = seconds(Clock::now() - loadStarted);

    const Actor agent{"alice", Role::Agent, {"north"}};
    // The first typo query also brings the vocabulary index up to date: timed on its own.
    const auto warmStarted = Clock::now();
    if (!searchArticles(*store, agent, ArticleQuery{.text = "pasword"})) {
        throw std::runtime_error("the warm-up search failed");
    }
    const double vocabularySeconds = seconds(Clock::now() - warmStarted);

    std::mt19937_64 random(seed);
    std::map<QueryKind, std::vector<double>> latencies;
    std::vector<double> all;
    std::size_t withHits = 0;
    std::size_t corrected = 0;
    for (std::size_t i = 0; i < queries; ++i) {
        const auto kind = static_cast<QueryKind>(i % kKindNames.size());
        const ArticleQuery query = makeQuery(kind, material, random);
        const auto started = Clock::now();
        const auto result = searchArticles(*store, agent, query);
        const double milliseconds = seconds(Clock::now() - started) * 1000.0;
        if (!result) {
            throw std::runtime_error("search '" + query.text + "' failed: " + result.error().message);
        }
        withHits += result->hits.empty() ? 0 : 1;
        corrected += result->usedTypoTolerance() ? 1 : 0;
        latencies[kind].push_back(milliseconds);
        all.push_back(milliseconds);
    }

    nlohmann::ordered_json byKind = nlohmann::ordered_json::object();
    for (const auto& [kind, values] : latencies) {
        byKind[kKindNames[static_cast<std::size_t>(kind)]] = {{"queries", values.size()},
                                                              {"p50_ms", percentile(values, 50)},
                                                              {"p95_ms", percentile(values, 95)}};
    }
    const std::uintmax_t articleReplicaBytes = replicaBytes(*store, replicaPath);
    const nlohmann::ordered_json articleReplicaObjects = bytesByObject(*store);
    store.reset();

    const auto demoPath = scratch.directory / "demo.sqlite";
    auto demoStore = openReplica(demoPath);
    const auto demoStarted = Clock::now();
    const auto demo = writeDemoData(*demoStore, DemoSpec::standard(until));
    if (!demo) {
        throw std::runtime_error(demo.error().message);
    }
    const double demoSeconds = seconds(Clock::now() - demoStarted);

    nlohmann::ordered_json report{
        {"name", "search"},
        {"size", articles},
        {"queries", queries},
        {"seed", seed},
        {"p50_ms", percentile(all, 50)},
        {"p95_ms", percentile(all, 95)},
        {"p99_ms", percentile(all, 99)},
        {"max_ms", percentile(all, 100)},
        {"target_p95_ms", 10},
        {"by_kind", byKind},
        {"queries_with_hits", withHits},
        {"queries_corrected", corrected},
        {"vocabulary_first_use_seconds", vocabularySeconds},
        {"load_seconds", loadSeconds},
        {"replica_bytes", articleReplicaBytes},
        {"replica_bytes_by_object", articleReplicaObjects},
        {"demo_replica_records", demo->records},
        {"demo_replica_bytes", replicaBytes(*demoStore, demoPath)},
        {"demo_write_seconds", demoSeconds},
        {"peak_rss_kb", peakRssKilobytes()},
    };
    std::cout << report.dump() << std::endl;
    return 0;
} catch (const std::exception& error) {
    std::cerr << "knowset_search_bench: " << error.what() << "\n";
    return 1;
}
