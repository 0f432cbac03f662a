// Property tests of the merge rule (docs/sync-invariants.md, invariants 1-4).
//
// Each case generates random writes (field changes with versions, including deletes and
// restores, from several nodes with clashing physical times), then delivers all of them to
// several replicas in a different random order and random batching each time, with random
// re-deliveries. Every replica must end byte-identical, and equal to the last-writer-wins
// model. A failing case prints its seed: rerun it alone with
//   knowset_unit_tests "[convergence]" --property-seed <seed> --property-cases 1
#include "knowset/merge/merge.hpp"
#include "knowset/store/local_store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "test_support.hpp"

using namespace knowset;

namespace {

struct Write {
    std::string collection;
    std::string id;
    std::map<std::string, FieldChange> fields;
};

using Random = std::mt19937_64;

std::size_t pick(Random& random, std::size_t count) {
    return std::uniform_int_distribution<std::size_t>(0, count - 1)(random);
}

Json randomValue(Random& random, const std::string& field) {
    if (field == "_deleted") {
        return pick(random, 2) == 0;
    }
    if (field == "tags") {
        Json tags = Json::array();
        for (std::size_t i = pick(random, 3); i > 0; --i) {
            tags.push_back(std::string(1, static_cast<char>('a' + pick(random, 3))));
        }
        return tags;
    }
    if (pick(random, 10) == 0) {
        return nullptr; // a cleared field
    }
    // A small pool of values, so concurrent writers often agree.
    static const std::vector<std::string> pool{"refund", "password reset", "opening hours", "reset", "card"};
    return pool[pick(random, pool.size())];
}

// Writes that a few nodes made without seeing each other: versions clash on physical time,
// each node's versions increase, and no two writes share a version.
std::vector<Write> randomWrites(Random& random) {
    static const std::vector<std::string> fields{"title", "body", "status", "tags", "_deleted"};
    const std::size_t nodes = 2 + pick(random, 4);
    const std::size_t records = 1 + pick(random, 4);
    const std::size_t count = 1 + pick(random, 40);
    std::vector<std::uint64_t> lastMillis(nodes, 1000);
    std::vector<Write> writes;
    for (std::size_t w = 0; w < count; ++w) {
        const std::size_t node = pick(random, nodes);
        lastMillis[node] += pick(random, 3); // same millisecond often: counters and node ids break ties
        const Version version{Hlc::fromParts(lastMillis[node], w), NodeId(0x1000 + node)};
        Write write{
            pick(random, 4) == 0 ? "customer" : "article", "r" + std::to_string(pick(random, records)), {}};
        for (std::size_t f = 1 + pick(random, 3); f > 0; --f) {
            const std::string& field = fields[pick(random, fields.size())];
            write.fields[field] = FieldChange{randomValue(random, field), version, std::nullopt};
        }
        writes.push_back(std::move(write));
    }
    return writes;
}

// Delivers the writes to one replica: shuffled, some re-delivered, some split field by field,
// grouped into batches of random size, each batch with a growing cursor.
void deliver(LocalStore& replica, std::vector<Write> writes, Random& random) {
    std::vector<RecordPatch> patches;
    for (const Write& write : writes) {
        const bool split = pick(random, 3) == 0;
        RecordPatch whole{write.collection, write.id, {}, {}};
        for (const auto& [name, change] : write.fields) {
            if (split) {
                patches.push_back(RecordPatch{write.collection, write.id, {{name, change}}, {}});
            } else {
                whole.fields.emplace(name, change);
            }
        }
        if (!whole.fields.empty()) {
            patches.push_back(std::move(whole));
        }
    }
    for (std::size_t duplicates = pick(random, 4); duplicates > 0 && !patches.empty(); --duplicates) {
        patches.push_back(patches[pick(random, patches.size())]);
    }
    std::shuffle(patches.begin(), patches.end(), random);

    std::int64_t cursor = 0;
    for (std::size_t start = 0; start < patches.size();) {
        const std::size_t size = 1 + pick(random, 6);
        const std::vector<RecordPatch> batch(
            patches.begin() + static_cast<std::ptrdiff_t>(start),
            patches.begin() + static_cast<std::ptrdiff_t>(std::min(start + size, patches.size())));
        cursor += static_cast<std::int64_t>(batch.size());
        REQUIRE(replica.applyRemote(batch, cursor));
        start += size;
    }
    REQUIRE(replica.cursor().value() == cursor);
}

// The last-writer-wins model: for every field, the value of the highest version.
std::map<std::pair<std::string, std::string>, Json> expectedState(const std::vector<Write>& writes) {
    std::map<std::tuple<std::string, std::string, std::string>, FieldChange> winners;
    for (const Write& write : writes) {
        for (const auto& [name, change] : write.fields) {
            const auto [winner, inserted] = winners.try_emplace({write.collection, write.id, name}, change);
            if (!inserted && change.version > winner->second.version) {
                winner->second = change;
            }
        }
    }
    std::map<std::pair<std::string, std::string>, Json> records;
    for (const auto& [key, change] : winners) {
        const auto& [collection, id, field] = key;
        auto& doc = records[{collection, id}];
        if (doc.is_null()) {
            doc = Json::object();
        }
        doc[field] = change.value;
    }
    return records;
}

} // namespace

TEST_CASE("Convergence: replicas that see the same changes in any order and batching are identical",
          "[property][convergence]") {
    const auto& config = test::propertyConfig();
    std::cout << "convergence property: seed " << config.seed << ", " << config.cases << " cases\n";
    test::TempDir dir;
    for (int c = 0; c < config.cases; ++c) {
        const std::uint64_t caseSeed = config.seed + static_cast<std::uint64_t>(c);
        INFO("case seed " << caseSeed << " (rerun: --property-seed " << caseSeed << " --property-cases 1)");
        Random random(caseSeed);
        const std::vector<Write> writes = randomWrites(random);
        const std::size_t replicaCount = 2 + pick(random, 3);

        std::vector<std::string> dumps;
        for (std::size_t r = 0; r < replicaCount; ++r) {
            const auto path = dir.file("case" + std::to_string(c) + "-replica" + std::to_string(r) + ".db");
            auto replica = LocalStore::open({path, systemClockMillis, Synchronous::Off, nullptr});
            REQUIRE(replica);
            deliver(**replica, writes, random);
            dumps.push_back((*replica)->canonicalDump().value());

            for (const auto& [key, doc] : expectedState(writes)) {
                const auto record = (*replica)->get(key.first, key.second);
                REQUIRE(record);
                REQUIRE(record->has_value());
                CHECK((**record).fields == doc);
            }
        }
        for (std::size_t r = 1; r < dumps.size(); ++r) {
            REQUIRE(dumps[r] == dumps[0]);
        }
        for (std::size_t r = 0; r < replicaCount; ++r) {
            std::filesystem::remove(
                dir.file("case" + std::to_string(c) + "-replica" + std::to_string(r) + ".db"));
        }
    }
}

namespace {

// The server's side of a case: writes judged one by one in arrival order, each base being the
// version its writer's node had last seen. Returns the conflict ids.
struct ServerRun {
    std::map<std::pair<std::string, std::string>, StoredFields> records;
    std::set<std::string> conflictIds;
    std::vector<Conflict> conflicts;
};

ServerRun judgeAll(const std::vector<RecordPatch>& arrivals) {
    ServerRun run;
    for (const RecordPatch& patch : arrivals) {
        StoredFields& current = run.records[{patch.collection, patch.id}];
        const IncomingContext context{"node" + patch.fields.begin()->second.version.node.toHex(), 0};
        const PatchVerdict verdict = judgePatch(current, patch, context);
        applyVerdict(current, patch, verdict, context);
        for (const Conflict& conflict : verdict.conflicts) {
            if (run.conflictIds.insert(conflict.id).second) {
                run.conflicts.push_back(conflict);
            }
        }
    }
    return run;
}

} // namespace

TEST_CASE(
    "Conflicts: the server state converges, repeats add no conflict, no overwritten value goes unflagged",
    "[property][conflict]") {
    const auto& config = test::propertyConfig();
    std::cout << "conflict property: seed " << config.seed << ", " << config.cases << " cases\n";
    for (int c = 0; c < config.cases; ++c) {
        const std::uint64_t caseSeed = config.seed + static_cast<std::uint64_t>(c);
        INFO("case seed " << caseSeed << " (rerun: --property-seed " << caseSeed << " --property-cases 1)");
        Random random(caseSeed);
        std::vector<Write> writes = randomWrites(random);

        // Bases: each node has seen its own earlier writes and, at random, some of the others'
        // that came before it in generation order (what it had synced before going offline).
        std::map<std::tuple<std::uint64_t, std::string, std::string>, Version> seenByNode;
        std::vector<RecordPatch> arrivals;
        for (std::size_t w = 0; w < writes.size(); ++w) {
            Write& write = writes[w];
            const std::uint64_t node = write.fields.begin()->second.version.node.value();
            for (std::size_t earlier = 0; earlier < w; ++earlier) {
                const Write& other = writes[earlier];
                const bool own = other.fields.begin()->second.version.node.value() == node;
                if (other.id == write.id && other.collection == write.collection &&
                    (own || pick(random, 2) == 0)) {
                    for (const auto& [name, change] : other.fields) {
                        auto& seen = seenByNode[{node, other.id + other.collection, name}];
                        seen = std::max(seen, change.version);
                    }
                }
            }
            RecordPatch patch{write.collection, write.id, {}, {}};
            for (auto& [name, change] : write.fields) {
                const auto seen = seenByNode.find({node, write.id + write.collection, name});
                change.base = seen == seenByNode.end() ? std::nullopt : std::optional(seen->second);
                patch.fields.emplace(name, change);
            }
            arrivals.push_back(std::move(patch));
        }
        std::shuffle(arrivals.begin(), arrivals.end(), random);
        const ServerRun run = judgeAll(arrivals);

        // 1. The server's state is the last-writer-wins model, like every replica's.
        for (const auto& [key, doc] : expectedState(writes)) {
            Json actual = Json::object();
            for (const auto& [name, field] : run.records.at(key)) {
                actual[name] = field.value;
            }
            CHECK(actual == doc);
        }

        // 2. A patch delivered again right after itself (a push re-sent after a lost ack, before
        //    the server's per-node sequence check existed) creates no new conflict.
        std::vector<RecordPatch> withRepeats;
        for (const RecordPatch& patch : arrivals) {
            withRepeats.push_back(patch);
            if (pick(random, 3) == 0) {
                withRepeats.push_back(patch);
            }
        }
        CHECK(judgeAll(withRepeats).conflictIds == run.conflictIds);

        // 3. Nothing is silently lost: every value written is the final value, or is kept in a
        //    conflict on its field, or was seen by a later writer (it equals the value of a change
        //    whose version is some other change's base).
        for (const Write& write : writes) {
            const auto& finalFields = run.records.at({write.collection, write.id});
            for (const auto& [name, change] : write.fields) {
                std::vector<Json> keptValues{finalFields.at(name).value};
                for (const Conflict& conflict : run.conflicts) {
                    if (conflict.collection == write.collection && conflict.recordId == write.id &&
                        conflict.field == name) {
                        keptValues.push_back(conflict.winner.value);
                        keptValues.push_back(conflict.loser.value);
                    }
                }
                for (const RecordPatch& patch : arrivals) {
                    const auto based = patch.fields.find(name);
                    if (patch.id != write.id || patch.collection != write.collection ||
                        based == patch.fields.end() || !based->second.base) {
                        continue;
                    }
                    for (const RecordPatch& seen : arrivals) {
                        const auto seenField = seen.fields.find(name);
                        if (seen.id == write.id && seen.collection == write.collection &&
                            seenField != seen.fields.end() &&
                            seenField->second.version == *based->second.base) {
                            keptValues.push_back(seenField->second.value);
                        }
                    }
                }
                INFO("field " << write.collection << "/" << write.id << "." << name << " value "
                              << change.value.dump() << " version " << change.version.toString());
                CHECK(std::find(keptValues.begin(), keptValues.end(), change.value) != keptValues.end());
            }
        }
    }
}
