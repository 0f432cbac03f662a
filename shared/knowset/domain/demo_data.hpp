// The demo organisation: Tidewater Broadband's contact centre, generated deterministically so
// that demos, tests and benchmarks all see the same knowledge set, customers and history.
//
// What it holds (DemoSpec::standard): a tree of 35 categories, 8 key messages and about 290
// articles that cite them, 2,000 customers in the branches north, south and east, 20,000
// interactions over the 26 weeks ending at `until` (busy weekdays, a Monday peak, quiet
// weekends; two rising topics, price changes and area outages, whose volume grows tenfold over
// the last four weeks), survey feedback (CSAT and NPS) on about 15% of interactions, answer
// outcomes for articles used, unsolicited and anecdotal comments with a few clusters of
// near-identical ones, search misses, comments on articles and KPI definitions.
//
// Deterministic: the same spec gives a byte-identical stream of records and the same checksum
// on every platform. Every record's random numbers come from its own xoshiro256** stream seeded
// from (seed, kind of record, index), and ids are UUIDv7-shaped, made of the record's time and
// bits of that stream, never of the wall clock. The generator streams: it holds one batch at a
// time, so benchmark sizes (DemoSpec::benchmark) need no more memory than the standard set.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/store/local_store.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace knowset::domain {

struct DemoSpec {
    std::uint64_t seed = 1;
    Day until{};                   // the last day of the 26 weeks of interactions
    std::size_t articles = 300;    // including the 8 key messages
    std::size_t customers = 2'000; // at least 3: one per branch
    std::size_t interactions = 20'000;

    // Search misses (one per 80 interactions) and comments (one per 3 articles) follow from
    // the sizes above; the categories, key messages and KPIs are the same at every size.
    std::size_t searchMisses() const { return interactions / 80; }
    std::size_t comments() const { return articles / 3; }

    static DemoSpec standard(Day until);  // the sizes above
    static DemoSpec benchmark(Day until); // 100,000 articles and customers, 1,000,000 interactions
};

// One record of the stream: written as a create with exactly these fields.
struct DemoRecord {
    std::string collection;
    std::string id;
    Json fields;
};

struct DemoSummary {
    std::map<std::string, std::int64_t, std::less<>> counts; // records per collection
    std::int64_t records = 0;
    // BLAKE2b-256, in hex, of every record's line "collection\tid\t<fields>\n" in stream order,
    // the fields as compact JSON with sorted keys.
    std::string checksum;
};

// Receives the records a batch at a time, in stream order; it may move from them. An error
// stops the generator, which returns it.
using DemoBatchSink = std::function<Result<Done>(std::vector<DemoRecord>& batch)>;

inline constexpr std::size_t kDemoBatchSize = 1'000;

// The branches the demo customers belong to: north, south, east.
std::vector<std::string> demoBranches();

// Generates the demo organisation for `spec`. InvalidChange when a size cannot make a
// consistent organisation (fewer articles than key messages plus one, fewer than 3 customers).
Result<DemoSummary> generateDemoData(const DemoSpec& spec, const DemoBatchSink& sink,
                                     std::size_t batchSize = kDemoBatchSize);

// Generates and writes the demo organisation into `store`, each batch of kDemoBatchSize
// records through LocalStore::writeAll (one transaction each, validated strictly and
// journalled, so the records sync like any other write). A failure leaves the batches
// written before it in place.
Result<DemoSummary> writeDemoData(LocalStore& store, const DemoSpec& spec);

} // namespace knowset::domain
