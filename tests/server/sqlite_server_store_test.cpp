#include "knowset/merge/conflict.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "server/store/sqlite_server_store.hpp"
#include "test_support.hpp"

using namespace knowset;
using namespace knowset::server;

namespace {

constexpr std::uint64_t kBaseMillis = 1'780'000'000'000; // 2026-05-28T20:26:40Z
constexpr std::uint64_t kNodeA = 0xa1;
constexpr std::uint64_t kNodeB = 0xb2;
constexpr std::uint64_t kNodeC = 0xc3;

std::unique_ptr<SqliteServerStore> openStore(const std::filesystem::path& file,
                                             Synchronous synchronous = Synchronous::Off) {
    SqliteStoreOptions options;
    options.synchronous = synchronous;
    auto store = SqliteServerStore::open(file, options);
    REQUIRE(store);
    return std::move(*store);
}

Version version(std::uint64_t millis, std::uint64_t node) {
    return Version{Hlc::fromParts(kBaseMillis + millis, 0), NodeId(node)};
}

struct Field {
    std::string name;
    Json value;
    Version version;
    std::optional<Version> base = std::nullopt;
};

RecordPatch patch(const std::string& collection, const std::string& id, const std::vector<Field>& fields) {
    RecordPatch result{collection, id, {}, {}};
    for (const Field& field : fields) {
        result.fields.emplace(field.name, FieldChange{field.value, field.version, field.base});
    }
    return result;
}

PushBatch batch(std::uint64_t node, std::int64_t seqFrom, std::vector<RecordPatch> changes,
                const std::string& author = "ann") {
    PushBatch result;
    result.node = NodeId(node);
    result.seqFrom = seqFrom;
    result.changes = std::move(changes);
    result.author = author;
    result.receivedAt = static_cast<std::int64_t>(kBaseMillis) + 1000;
    return result;
}

// The server's clock reads a time BEHIND the versions the tests push, so the store must take
// the versions it overwrites into account to stamp a resolution that wins.
HybridClock serverClock() {
    return HybridClock([] { return kBaseMillis; });
}

std::vector<PushOutcome> commit(ServerStore& store, HybridClock& clock,
                                const std::vector<PushBatch>& batches) {
    auto outcomes = store.commitPushes(batches, clock);
    REQUIRE(outcomes);
    REQUIRE(outcomes->size() == batches.size());
    return std::move(*outcomes);
}

PushOutcome commitOne(ServerStore& store, HybridClock& clock, PushBatch pushed) {
    return commit(store, clock, {std::move(pushed)}).front();
}

std::vector<RecordChange> pullAll(ServerStore& store, std::int64_t cursor = 0) {
    auto page = store.readChanges(cursor, 100000);
    REQUIRE(page);
    CHECK_FALSE(page->more);
    return std::move(page->records);
}

std::vector<RecordChange> conflictsIn(const std::vector<RecordChange>& changes) {
    std::vector<RecordChange> result;
    for (const RecordChange& change : changes) {
        if (change.patch.collection == kConflictCollection) {
            result.push_back(change);
        }
    }
    return result;
}

std::int64_t head(ServerStore& store) {
    auto seq = store.headSeq();
    REQUIRE(seq);
    return *seq;
}

ServerRecord record(ServerStore& store, std::string_view collection, std::string_view id) {
    auto found = store.readRecord(collection, id);
    REQUIRE(found);
    REQUIRE(found->has_value());
    return std::move(**found);
}

const Json& valueOf(const ServerRecord& stored, std::string_view field) {
    const auto found = stored.fields.find(field);
    REQUIRE(found != stored.fields.end());
    return found->second.value;
}

// A customer c1 of branch north created by A, then edited concurrently by A and B: B's later
// version wins, A's value is the loser.
struct ConcurrentEdit {
    std::string conflictId;
    Version created = version(1, kNodeA);
    Version editA = version(10, kNodeA);
    Version editB = version(12, kNodeB);
};

ConcurrentEdit makeConcurrentEdit(ServerStore& store, HybridClock& clock) {
    ConcurrentEdit edit;
    commitOne(
        store, clock,
        batch(kNodeA, 1,
              {patch("customer", "c1", {{"name", "Ada", edit.created}, {"branch", "north", edit.created}})}));
    const PushOutcome fromA = commitOne(
        store, clock,
        batch(kNodeA, 2, {patch("customer", "c1", {{"name", "Ada Lovelace", edit.editA, edit.created}})}));
    CHECK(fromA.conflictIds.empty());
    const PushOutcome fromB = commitOne(
        store, clock,
        batch(kNodeB, 1, {patch("customer", "c1", {{"name", "Ada King", edit.editB, edit.created}})}, "bob"));
    REQUIRE(fromB.conflictIds.size() == 1);
    edit.conflictId = fromB.conflictIds.front();
    return edit;
}

} // namespace

TEST_CASE("SQLite server store: creates its schema once and reopens it", "[server-store]") {
    test::TempDir dir;
    const auto file = dir.file("knowset.db");
    NodeId node;
    {
        auto store = openStore(file);
        CHECK(store->backendName() == "sqlite");
        node = store->serverNode();
        CHECK(node != NodeId{});
        CHECK(head(*store) == 0);
        CHECK(store->maxHlc().value().isZero());
        CHECK(store->lastApplied(NodeId(kNodeA)).value() == 0);
        const auto page = store->readChanges(0, 10);
        REQUIRE(page);
        CHECK(page->records.empty());
        CHECK(page->cursor == 0);
        CHECK_FALSE(page->more);
    }
    REQUIRE(std::filesystem::exists(file));

    SECTION("reopening keeps the server's node id") {
        auto store = openStore(file);
        CHECK(store->serverNode() == node);
    }
    SECTION("a store written by a newer version is refused with a clear message") {
        {
            SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
            db.exec("PRAGMA user_version = 99");
        }
        const auto store = SqliteServerStore::open(file);
        REQUIRE_FALSE(store);
        CHECK(store.error().code == ErrorCode::Internal);
        CHECK_THAT(store.error().message, Catch::Contains("newer knowset-server"));
        CHECK_THAT(store.error().message, Catch::Contains("upgrade"));
    }
    SECTION("a file that is not a server store is refused") {
        const auto other = dir.file("other.db");
        {
            SQLite::Database db(other.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("CREATE TABLE records (x)");
            db.exec("PRAGMA user_version = 1");
        }
        const auto store = SqliteServerStore::open(other);
        REQUIRE_FALSE(store);
        CHECK_THAT(store.error().message, Catch::Contains("not a Knowset server store"));
    }
    SECTION("an unopenable path is an error, not an exception") {
        const auto store = SqliteServerStore::open(dir.file("missing") / "dir" / "knowset.db");
        REQUIRE_FALSE(store);
        CHECK(store.error().code == ErrorCode::Internal);
        CHECK_THAT(store.error().message, Catch::StartsWith("server store: opening"));
    }
}

TEST_CASE("SQLite server store: sequence numbers follow commit order", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();

    // One commit with two patches: fields are sequenced patch by patch, in field-name order.
    const PushOutcome first =
        commitOne(*store, clock,
                  batch(kNodeA, 1,
                        {patch("article", "a1",
                               {{"title", "One", version(1, kNodeA)}, {"kind", "faq", version(1, kNodeA)}}),
                         patch("article", "a2", {{"title", "Two", version(2, kNodeA)}})}));
    CHECK(first.fieldsApplied == 3);
    CHECK(first.through == 2);
    CHECK(head(*store) == 3);

    // A group of two batches in one commit.
    const auto group = commit(
        *store, clock,
        {batch(kNodeB, 1, {patch("article", "a3", {{"title", "Three", version(3, kNodeB)}})}),
         batch(kNodeC, 1,
               {patch("article", "a4",
                      {{"title", "Four", version(4, kNodeC)}, {"body", "Text", version(4, kNodeC)}})})});
    CHECK(group[0].fieldsApplied == 1);
    CHECK(group[1].fieldsApplied == 2);
    CHECK(head(*store) == 6);

    commitOne(
        *store, clock,
        batch(kNodeA, 3,
              {patch("article", "a1", {{"title", "One, again", version(5, kNodeA), version(1, kNodeA)}})}));
    CHECK(head(*store) == 7);

    const auto history = store->history("article", "a1").value();
    REQUIRE(history.size() == 3);
    CHECK(history[0].seq == 1);
    CHECK(history[0].field == "kind");
    CHECK(history[1].seq == 2);
    CHECK(history[2].seq == 7);
    CHECK(store->history("article", "a2").value().front().seq == 3);
    CHECK(store->history("article", "a3").value().front().seq == 4);
    const auto fourth = store->history("article", "a4").value();
    REQUIRE(fourth.size() == 2);
    CHECK(fourth[0].seq == 5);
    CHECK(fourth[1].seq == 6);

    const auto changes = pullAll(*store);
    REQUIRE(changes.size() == 4);
    std::vector<std::string> ids;
    std::vector<std::int64_t> seqs;
    for (const auto& change : changes) {
        ids.push_back(change.patch.id);
        seqs.push_back(change.seq);
    }
    // In the order of each record's first change still current (a1's kind, seq 1); each seq is
    // where a reader stopping after that record resumes.
    CHECK(ids == std::vector<std::string>{"a1", "a2", "a3", "a4"});
    CHECK(seqs == std::vector<std::int64_t>{2, 3, 4, 7});
    CHECK(store->readChanges(0, 100).value().cursor == 7);
}

// Found by the T1 convergence simulation: paging the records by their latest change lost the
// older fields of a record changed again after the page's end.
TEST_CASE("SQLite server store: a paged pull keeps the older fields of a record changed again later",
          "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    commitOne(*store, clock,
              batch(kNodeA, 1,
                    {patch("article", "a1",
                           {{"title", "One", version(1, kNodeA)}, {"kind", "faq", version(1, kNodeA)}}),
                     patch("article", "a2", {{"title", "Two", version(2, kNodeA)}}),
                     patch("article", "a3", {{"title", "Three", version(3, kNodeA)}})}));
    commitOne(*store, clock,
              batch(kNodeA, 4, {patch("article", "a1", {{"body", "Later", version(4, kNodeA)}})}));

    for (const std::size_t limit : {1U, 2U, 3U}) {
        std::map<std::string, std::set<std::string>> received;
        std::int64_t cursor = 0;
        for (bool more = true; more;) {
            const auto page = store->readChanges(cursor, limit);
            REQUIRE(page);
            CHECK(page->records.size() <= limit);
            CHECK(page->cursor > cursor);
            for (const auto& change : page->records) {
                for (const auto& [name, field] : change.patch.fields) {
                    received[change.patch.id].insert(name);
                }
            }
            cursor = page->cursor;
            more = page->more;
        }
        INFO("pages of " << limit);
        CHECK(received["a1"] == std::set<std::string>{"body", "kind", "title"});
        CHECK(received["a2"] == std::set<std::string>{"title"});
        CHECK(received["a3"] == std::set<std::string>{"title"});
        CHECK(cursor == head(*store));
    }

    // A reader that stops after any record of a page resumes without missing a field.
    const auto page = store->readChanges(0, 100).value();
    for (std::size_t stop = 0; stop < page.records.size(); ++stop) {
        std::map<std::string, std::set<std::string>> received;
        for (std::size_t i = 0; i <= stop; ++i) {
            for (const auto& [name, field] : page.records[i].patch.fields) {
                received[page.records[i].patch.id].insert(name);
            }
        }
        for (const auto& change : pullAll(*store, page.records[stop].seq)) {
            for (const auto& [name, field] : change.patch.fields) {
                received[change.patch.id].insert(name);
            }
        }
        INFO("stopped after record " << stop);
        CHECK(received["a1"] == std::set<std::string>{"body", "kind", "title"});
        CHECK(received["a2"].size() == 1);
        CHECK(received["a3"].size() == 1);
    }
}

TEST_CASE("SQLite server store: a pull from cursor 0 returns current state, not history", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const Version v1 = version(1, kNodeA);
    const Version v2 = version(2, kNodeA);
    const Version v3 = version(3, kNodeB);
    commitOne(*store, clock,
              batch(kNodeA, 1, {patch("article", "a1", {{"title", "One", v1}, {"kind", "faq", v1}})}));
    commitOne(*store, clock, batch(kNodeA, 2, {patch("article", "a1", {{"title", "Two", v2, v1}})}));
    commitOne(*store, clock, batch(kNodeB, 1, {patch("article", "a1", {{"title", "Three", v3, v2}})}));

    const auto changes = pullAll(*store);
    REQUIRE(changes.size() == 1);
    const RecordPatch& current = changes.front().patch;
    CHECK(current.collection == "article");
    CHECK(current.id == "a1");
    REQUIRE(current.fields.size() == 2);
    CHECK(current.fields.at("title") == FieldChange{"Three", v3, std::nullopt});
    CHECK(current.fields.at("kind") == FieldChange{"faq", v1, std::nullopt});
    CHECK(current.seen.empty());
    CHECK(changes.front().seq == 4);
    CHECK(changes.front().branch.empty());

    // After the first commit only the title changed: the kind is not sent again.
    const auto since = pullAll(*store, 2);
    REQUIRE(since.size() == 1);
    CHECK(since.front().patch.fields.size() == 1);
    CHECK(since.front().patch.fields.contains("title"));

    CHECK(store->history("article", "a1").value().size() == 4);
}

TEST_CASE("SQLite server store: pulls in chunks see every record once", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    std::vector<RecordPatch> patches;
    for (int i = 0; i < 25; ++i) {
        patches.push_back(patch("article", "r" + std::to_string(100 + i),
                                {{"title", "T" + std::to_string(i), version(1, kNodeA)}}));
    }
    commitOne(*store, clock, batch(kNodeA, 1, patches));

    std::int64_t cursor = 0;
    std::multiset<std::string> seen;
    std::vector<bool> mores;
    bool more = true;
    while (more) {
        const auto page = store->readChanges(cursor, 7);
        REQUIRE(page);
        for (const auto& change : page->records) {
            CHECK(change.seq > cursor);
            seen.insert(change.patch.id);
            cursor = change.seq;
        }
        CHECK(page->cursor == cursor);
        more = page->more;
        mores.push_back(more);
        if (mores.size() == 1) {
            // Changed after it was read (r101) and before (r120): both come again at the end.
            commitOne(
                *store, clock,
                batch(
                    kNodeB, 1,
                    {patch("article", "r101", {{"title", "new", version(2, kNodeA), version(1, kNodeA)}}),
                     patch("article", "r120", {{"title", "new", version(2, kNodeA), version(1, kNodeA)}})}));
        }
    }
    CHECK(mores == std::vector<bool>{true, true, true, false});
    CHECK(seen.size() == 26);
    CHECK(seen.count("r101") == 2);
    CHECK(seen.count("r120") == 1);
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 25);
    CHECK(cursor == head(*store));

    const auto caughtUp = store->readChanges(cursor, 7);
    REQUIRE(caughtUp);
    CHECK(caughtUp->records.empty());
    CHECK(caughtUp->cursor == cursor);
    CHECK_FALSE(caughtUp->more);

    commitOne(
        *store, clock,
        batch(kNodeB, 3,
              {patch("article", "r103",
                     {{"summary", "added", version(3, kNodeA)}, {"title", "T3", version(1, kNodeA)}})}));
    const auto moved = pullAll(*store, cursor);
    REQUIRE(moved.size() == 1);
    CHECK(moved.front().patch.id == "r103");
    CHECK(moved.front().patch.fields.size() == 1); // the title was the same change again
    const auto all = pullAll(*store);
    REQUIRE(all.size() == 25);
    const auto r103 =
        std::find_if(all.begin(), all.end(), [](const auto& change) { return change.patch.id == "r103"; });
    REQUIRE(r103 != all.end());
    CHECK(r103->patch.fields.size() == 2);
}

TEST_CASE("SQLite server store: a re-sent push is acknowledged and not applied twice", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const ConcurrentEdit edit = makeConcurrentEdit(*store, clock);
    const std::int64_t before = head(*store);
    REQUIRE(conflictsIn(pullAll(*store)).size() == 1);

    const PushOutcome again = commitOne(
        *store, clock,
        batch(kNodeB, 1, {patch("customer", "c1", {{"name", "Ada King", edit.editB, edit.created}})}, "bob"));
    CHECK(again.duplicate);
    CHECK(again.through == 1);
    CHECK(again.fieldsApplied == 0);
    CHECK(again.conflictIds.empty());
    CHECK(head(*store) == before);
    CHECK(conflictsIn(pullAll(*store)).size() == 1);
    CHECK(store->lastApplied(NodeId(kNodeB)).value() == 1);
}

TEST_CASE("SQLite server store: a partly overlapping push applies only the new entries", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    auto entry = [](int n) {
        return patch("article", "e" + std::to_string(n),
                     {{"title", "Entry", version(static_cast<std::uint64_t>(n), kNodeA)}});
    };
    commitOne(*store, clock, batch(kNodeA, 1, {entry(1), entry(2), entry(3)}));
    CHECK(head(*store) == 3);

    const PushOutcome overlap =
        commitOne(*store, clock, batch(kNodeA, 2, {entry(2), entry(3), entry(4), entry(5)}));
    CHECK_FALSE(overlap.duplicate);
    CHECK(overlap.through == 5);
    CHECK(overlap.fieldsApplied == 2);
    CHECK(head(*store) == 5);
    CHECK(store->lastApplied(NodeId(kNodeA)).value() == 5);
    CHECK(store->history("article", "e2").value().size() == 1);

    SECTION("two batches of one node in one group: the second sees the first's progress") {
        const auto group = commit(
            *store, clock,
            {batch(kNodeA, 6, {entry(6), entry(7)}), batch(kNodeA, 6, {entry(6), entry(7), entry(8)})});
        CHECK(group[0].through == 7);
        CHECK(group[0].fieldsApplied == 2);
        CHECK_FALSE(group[1].duplicate);
        CHECK(group[1].through == 8);
        CHECK(group[1].fieldsApplied == 1);
        CHECK(head(*store) == 8);
    }
    SECTION("an older batch leaves the progress where it is") {
        const PushOutcome old = commitOne(*store, clock, batch(kNodeA, 1, {entry(1)}));
        CHECK(old.duplicate);
        CHECK(old.through == 5);
        CHECK(store->lastApplied(NodeId(kNodeA)).value() == 5);
    }
}

TEST_CASE("SQLite server store: concurrent edits of one field make exactly one conflict", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const ConcurrentEdit edit = makeConcurrentEdit(*store, clock);

    CHECK(edit.conflictId ==
          conflictId(ConflictKind::Field, "customer", "c1", "name", edit.editA, edit.editB));
    CHECK(valueOf(record(*store, "customer", "c1"), "name") == "Ada King");

    const ServerRecord flag = record(*store, kConflictCollection, edit.conflictId);
    CHECK(flag.branch == "north");
    CHECK(valueOf(flag, "collection") == "customer");
    CHECK(valueOf(flag, "record_id") == "c1");
    CHECK(valueOf(flag, "field") == "name");
    CHECK(valueOf(flag, "kind") == "field");
    CHECK(valueOf(flag, "status") == "open");
    CHECK(valueOf(flag, "winner").at("value") == "Ada King");
    CHECK(valueOf(flag, "winner").at("author") == "bob");
    CHECK(valueOf(flag, "winner").at("version") == edit.editB.toString());
    CHECK(valueOf(flag, "loser").at("value") == "Ada Lovelace");
    CHECK(valueOf(flag, "loser").at("author") == "ann");
    CHECK(valueOf(flag, "loser").at("received_at") == static_cast<std::int64_t>(kBaseMillis) + 1000);
    for (const auto& [name, field] : flag.fields) {
        CHECK(field.author == "server");
        CHECK(field.version.node == store->serverNode());
    }

    const auto conflicts = conflictsIn(pullAll(*store));
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts.front().patch.id == edit.conflictId);
    CHECK(conflicts.front().branch == "north");
    CHECK(conflicts.front().patch.fields.at("status").value == "open");

    SECTION("the same pair of changes met again finds the conflict and writes nothing") {
        const std::int64_t before = head(*store);
        const PushOutcome again =
            commitOne(*store, clock,
                      batch(kNodeA, 3,
                            {patch("customer", "c1", {{"name", "Ada Lovelace", edit.editA, edit.created}})}));
        CHECK_FALSE(again.duplicate);
        CHECK(again.fieldsApplied == 0);
        CHECK(again.conflictIds == std::vector<std::string>{edit.conflictId});
        CHECK(head(*store) == before);
        CHECK(conflictsIn(pullAll(*store)).size() == 1);
    }
    SECTION("an incoming edit that loses is kept in a conflict too") {
        const PushOutcome late = commitOne(
            *store, clock,
            batch(kNodeC, 1,
                  {patch("customer", "c1", {{"name", "A. King", version(5, kNodeC), edit.created}})}, "cat"));
        CHECK(late.fieldsApplied == 0);
        REQUIRE(late.conflictIds.size() == 1);
        const ServerRecord second = record(*store, kConflictCollection, late.conflictIds.front());
        CHECK(valueOf(second, "winner").at("value") == "Ada King");
        CHECK(valueOf(second, "loser").at("value") == "A. King");
        CHECK(valueOf(second, "loser").at("author") == "cat");
        CHECK(conflictsIn(pullAll(*store)).size() == 2);
        CHECK(valueOf(record(*store, "customer", "c1"), "name") == "Ada King");
    }
}

TEST_CASE("SQLite server store: an edit concurrent with a deletion is an edit_delete conflict",
          "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const Version v1 = version(1, kNodeA);
    commitOne(*store, clock,
              batch(kNodeA, 1, {patch("article", "a1", {{"title", "One", v1}, {"kind", "faq", v1}})}));
    RecordPatch deletion = patch("article", "a1", {{"_deleted", true, version(10, kNodeA)}});
    deletion.seen = {{"title", v1}, {"kind", v1}};
    CHECK(commitOne(*store, clock, batch(kNodeA, 2, {deletion})).conflictIds.empty());

    const PushOutcome edit = commitOne(
        *store, clock,
        batch(kNodeB, 1, {patch("article", "a1", {{"title", "Edited", version(8, kNodeB), v1}})}, "bob"));
    REQUIRE(edit.conflictIds.size() == 1);
    const ServerRecord flag = record(*store, kConflictCollection, edit.conflictIds.front());
    CHECK(valueOf(flag, "kind") == "edit_delete");
    CHECK(valueOf(flag, "field") == "title");
    CHECK(valueOf(flag, "loser").at("value") == "Edited");
    CHECK(flag.branch.empty());

    const ServerRecord article = record(*store, "article", "a1");
    CHECK(valueOf(article, "_deleted") == true);
    CHECK(valueOf(article, "title") == "Edited"); // kept under the tombstone
}

TEST_CASE("SQLite server store: fast-forward edits are never conflicts", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const Version v1 = version(1, kNodeA);
    const Version v2 = version(2, kNodeB);
    const Version v3 = version(3, kNodeA);
    CHECK(commitOne(*store, clock, batch(kNodeA, 1, {patch("article", "a1", {{"title", "One", v1}})}))
              .conflictIds.empty());
    CHECK(commitOne(*store, clock, batch(kNodeB, 1, {patch("article", "a1", {{"title", "Two", v2, v1}})}))
              .conflictIds.empty());
    CHECK(commitOne(*store, clock, batch(kNodeA, 2, {patch("article", "a1", {{"title", "Three", v3, v2}})}))
              .conflictIds.empty());
    CHECK(conflictsIn(pullAll(*store)).empty());
    CHECK(valueOf(record(*store, "article", "a1"), "title") == "Three");
}

TEST_CASE("SQLite server store: resolving a conflict fast-forwards the field and closes the flag",
          "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const ConcurrentEdit edit = makeConcurrentEdit(*store, clock);
    const std::int64_t before = head(*store);

    const Resolution resolution{edit.conflictId, "Ada King-Lovelace", "sue",
                                static_cast<std::int64_t>(kBaseMillis) + 5123};
    const auto resolved = store->resolveConflict(resolution, clock);
    REQUIRE(resolved);
    const RecordPatch& change = resolved->change;
    CHECK(change.collection == "customer");
    CHECK(change.id == "c1");
    REQUIRE(change.fields.size() == 1);
    const FieldChange& name = change.fields.at("name");
    CHECK(name.value == "Ada King-Lovelace");
    CHECK(name.base == edit.editB);
    CHECK(name.version > edit.editB); // wins although the server's physical clock is behind
    CHECK(name.version.node == store->serverNode());

    const ServerRecord customer = record(*store, "customer", "c1");
    CHECK(customer.fields.at("name").value == "Ada King-Lovelace");
    CHECK(customer.fields.at("name").version == name.version);
    CHECK(customer.fields.at("name").author == "sue");

    const ServerRecord flag = record(*store, kConflictCollection, edit.conflictId);
    CHECK(valueOf(flag, "status") == "resolved");
    CHECK(valueOf(flag, "resolution") == "Ada King-Lovelace");
    CHECK(valueOf(flag, "resolved_by") == "sue");
    CHECK(valueOf(flag, "resolved_at") == "2026-05-28T20:26:45.123Z");
    CHECK(flag.branch == "north");

    // Both the record and the flag reach the clients, sequenced after everything before.
    const auto changes = pullAll(*store, before);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].patch.id == "c1");
    CHECK(changes[0].patch.fields.size() == 1);
    CHECK(changes[1].patch.id == edit.conflictId);
    CHECK(changes[1].patch.fields.size() == 4);
    CHECK(changes[1].seq == head(*store));
    CHECK(conflictsIn(pullAll(*store)).size() == 1);
    CHECK(store->history("customer", "c1").value().back().value == "Ada King-Lovelace");

    SECTION("a second resolution is refused") {
        const auto again = store->resolveConflict(resolution, clock);
        REQUIRE_FALSE(again);
        CHECK(again.error().code == ErrorCode::InvalidChange);
        CHECK_THAT(again.error().message, Catch::Contains("already resolved"));
        CHECK(valueOf(record(*store, "customer", "c1"), "name") == "Ada King-Lovelace");
    }
    SECTION("an unknown conflict is not found") {
        const auto unknown =
            store->resolveConflict({"00000000-0000-8000-8000-000000000000", "x", "sue", 0}, clock);
        REQUIRE_FALSE(unknown);
        CHECK(unknown.error().code == ErrorCode::NotFound);
    }
    SECTION("maxHlc covers the resolution's version") {
        CHECK(store->maxHlc().value() >= name.version.hlc);
    }
}

TEST_CASE("SQLite server store: resolving an edit_delete conflict makes no new conflict", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const Version v1 = version(1, kNodeA);
    commitOne(*store, clock, batch(kNodeA, 1, {patch("article", "a1", {{"title", "One", v1}})}));
    RecordPatch deletion = patch("article", "a1", {{"_deleted", true, version(10, kNodeA)}});
    deletion.seen = {{"title", v1}};
    commitOne(*store, clock, batch(kNodeA, 2, {deletion}));
    const PushOutcome edit =
        commitOne(*store, clock,
                  batch(kNodeB, 1, {patch("article", "a1", {{"title", "Edited", version(8, kNodeB), v1}})}));
    REQUIRE(edit.conflictIds.size() == 1);

    REQUIRE(store->resolveConflict({edit.conflictIds.front(), "Merged", "sue", 0}, clock));
    CHECK(conflictsIn(pullAll(*store)).size() == 1);
    const ServerRecord article = record(*store, "article", "a1");
    CHECK(valueOf(article, "title") == "Merged");
    CHECK(valueOf(article, "_deleted") == true);
}

TEST_CASE("SQLite server store: history lists every applied change in order", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const Version v1 = version(1, kNodeA);
    const Version v2 = version(2, kNodeB);
    const Version v3 = version(3, kNodeA);
    commitOne(*store, clock, batch(kNodeA, 1, {patch("article", "a1", {{"title", "One", v1}})}, "ann"));
    commitOne(*store, clock, batch(kNodeB, 1, {patch("article", "a1", {{"title", "Two", v2, v1}})}, "bob"));
    commitOne(*store, clock, batch(kNodeA, 2, {patch("article", "a1", {{"body", "Text", v3}})}, "ann"));
    commitOne(*store, clock, batch(kNodeC, 1, {patch("article", "other", {{"title", "X", v1}})}, "cat"));

    const auto rows = store->history("article", "a1").value();
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].field == "title");
    CHECK(rows[0].value == "One");
    CHECK(rows[0].version == v1);
    CHECK(rows[0].author == "ann");
    CHECK(rows[0].receivedAt == static_cast<std::int64_t>(kBaseMillis) + 1000);
    CHECK(rows[1].value == "Two");
    CHECK(rows[1].author == "bob");
    CHECK(rows[2].field == "body");
    CHECK(rows[0].seq < rows[1].seq);
    CHECK(rows[1].seq < rows[2].seq);
    CHECK(store->history("article", "nothing").value().empty());

    const ServerRecord stored = record(*store, "article", "a1");
    CHECK(stored.seq == rows[2].seq);
    CHECK(stored.fields.at("title").author == "bob");
    CHECK(stored.fields.at("body").receivedAt == static_cast<std::int64_t>(kBaseMillis) + 1000);
    CHECK_FALSE(store->readRecord("article", "nothing").value().has_value());
}

TEST_CASE("SQLite server store: customer records carry their branch", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    HybridClock clock = serverClock();
    const Version v1 = version(1, kNodeA);
    commitOne(*store, clock,
              batch(kNodeA, 1,
                    {patch("customer", "c1", {{"name", "Ada", v1}, {"branch", "north", v1}}),
                     patch("customer", "c2", {{"name", "No branch yet", v1}}),
                     patch("article", "a1", {{"title", "Global", v1}, {"branch", "north", v1}})}));
    CHECK(record(*store, "customer", "c1").branch == "north");
    CHECK(record(*store, "customer", "c2").branch.empty());
    CHECK(record(*store, "article", "a1").branch.empty());
    const std::int64_t cursor = head(*store);

    commitOne(*store, clock,
              batch(kNodeB, 1, {patch("customer", "c1", {{"branch", "south", version(2, kNodeB), v1}})}));
    CHECK(record(*store, "customer", "c1").branch == "south");
    const auto moved = pullAll(*store, cursor);
    REQUIRE(moved.size() == 1);
    CHECK(moved.front().branch == "south");
    CHECK(moved.front().patch.fields.size() == 1);

    // A change to another field keeps the branch.
    commitOne(*store, clock,
              batch(kNodeB, 2, {patch("customer", "c1", {{"notes", "Prefers email", version(3, kNodeB)}})}));
    CHECK(pullAll(*store, cursor + 1).front().branch == "south");
}

TEST_CASE("SQLite server store: users, sessions, branches and audit round trip", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));

    REQUIRE(store->addBranch("south"));
    REQUIRE(store->addBranch("north"));
    REQUIRE(store->addBranch("north")); // idempotent
    CHECK(store->branches().value() == std::vector<std::string>{"north", "south"});
    CHECK(store->addBranch("").error().code == ErrorCode::InvalidChange);

    const User sue{"sue", Role::Supervisor, {"north", "south"}, "$argon2id$v=19$sue", false, 1000};
    User ann{"ann", Role::Agent, {"south", "north", "south"}, "$argon2id$v=19$ann", false, 2000};
    REQUIRE(store->putUser(sue));
    REQUIRE(store->putUser(ann));
    CHECK(store->findUser("sue").value() == sue);
    const auto annStored = store->findUser("ann").value();
    REQUIRE(annStored);
    CHECK(annStored->branches == std::vector<std::string>{"north", "south"}); // sorted, unique
    CHECK_FALSE(store->findUser("nobody").value().has_value());

    ann.disabled = true;
    ann.role = Role::Admin;
    ann.branches = {"north"};
    REQUIRE(store->putUser(ann)); // replaces
    CHECK(store->findUser("ann").value() == ann);
    const auto all = store->users().value();
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == "ann");
    CHECK(all[1].name == "sue");

    const Session first{"hash-1", "ann", 10, 20};
    REQUIRE(store->addSession(first));
    REQUIRE(store->addSession({"hash-2", "ann", 11, 21}));
    REQUIRE(store->addSession({"hash-3", "sue", 12, 22}));
    CHECK(store->findSession("hash-1").value() == first);
    CHECK_FALSE(store->findSession("hash-9").value().has_value());
    CHECK_FALSE(store->addSession(first)); // the same token twice is refused
    CHECK(store->revokeSessions("ann").value() == 2);
    CHECK(store->revokeSessions("ann").value() == 0);
    CHECK_FALSE(store->findSession("hash-2").value().has_value());
    CHECK(store->findSession("hash-3").value().has_value());

    REQUIRE(store->audit({100, "admin", "user.add", "ann", "role agent"}));
    REQUIRE(store->audit({200, "sue", "conflict.resolve", "conflict/x", ""}));
    REQUIRE(store->audit({300, "system", "login.failed", "bob", "3 attempts"}));
    const auto log = store->auditLog(2).value();
    REQUIRE(log.size() == 2);
    CHECK(log[0].action == "login.failed"); // newest first
    CHECK(log[1].at == 200);
    CHECK(log[1].actor == "sue");
    CHECK(log[1].target == "conflict/x");
    CHECK(store->auditLog(10).value().size() == 3);
}

TEST_CASE("SQLite server store: reads run beside commits and always see a prefix", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"), Synchronous::Normal);
    constexpr int kPushes = 200;
    std::atomic<bool> writing{true};
    std::atomic<int> errors{0};

    std::thread writer([&] {
        HybridClock clock = serverClock();
        for (int i = 1; i <= kPushes; ++i) {
            // Each push creates one record with one field: push i gets exactly seq i.
            const auto outcome = store->commitPushes(
                {batch(kNodeA, i,
                       {patch("article", "p" + std::to_string(1000 + i),
                              {{"title", i, version(static_cast<std::uint64_t>(i), kNodeA)}})})},
                clock);
            if (!outcome) {
                ++errors;
            }
        }
        writing = false;
    });

    auto reader = [&](std::size_t limit) {
        std::int64_t cursor = 0;
        bool done = false;
        while (!done) {
            const bool finalPass = !writing.load();
            const auto page = store->readChanges(cursor, limit);
            if (!page) {
                ++errors;
                return;
            }
            for (const auto& change : page->records) {
                // Prefix: the next record is always the next seq, never one after a gap.
                if (change.seq != cursor + 1 || change.patch.fields.at("title").value != change.seq) {
                    ++errors;
                }
                cursor = change.seq;
            }
            if (page->cursor != cursor) {
                ++errors;
            }
            done = finalPass && !page->more;
        }
        if (cursor != kPushes) {
            ++errors;
        }
    };
    std::vector<std::thread> readers;
    for (std::size_t limit : {1U, 3U, 16U, 64U}) {
        readers.emplace_back(reader, limit);
    }
    // A second writer of other tables serialises with the pushes.
    std::thread admin([&] {
        for (int i = 0; i < 50; ++i) {
            if (!store->audit({i, "system", "test", "t", ""}) || !store->headSeq()) {
                ++errors;
            }
        }
    });
    writer.join();
    admin.join();
    for (auto& thread : readers) {
        thread.join();
    }
    CHECK(errors.load() == 0);
    CHECK(head(*store) == kPushes);
    CHECK(store->lastApplied(NodeId(kNodeA)).value() == kPushes);
    CHECK(pullAll(*store).size() == kPushes);
    CHECK(store->auditLog(100).value().size() == 50);
}

TEST_CASE("SQLite server store: pushes from several threads serialise", "[server-store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("knowset.db"));
    constexpr int kThreads = 4;
    constexpr int kPushes = 30;
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            HybridClock clock = serverClock();
            const auto node = static_cast<std::uint64_t>(0x100 + t);
            for (int i = 1; i <= kPushes; ++i) {
                const auto outcome = store->commitPushes(
                    {batch(node, i,
                           {patch("article", "t" + std::to_string(t) + "-" + std::to_string(i),
                                  {{"title", "x", version(static_cast<std::uint64_t>(i), node)}})})},
                    clock);
                if (!outcome) {
                    ++errors;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(errors.load() == 0);
    CHECK(head(*store) == kThreads * kPushes);
    const auto all = pullAll(*store);
    REQUIRE(all.size() == kThreads * kPushes);
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(all[i].seq == static_cast<std::int64_t>(i) + 1);
    }
    for (int t = 0; t < kThreads; ++t) {
        CHECK(store->lastApplied(NodeId(static_cast<std::uint64_t>(0x100 + t))).value() == kPushes);
    }
}

TEST_CASE("SQLite server store: everything survives closing and reopening (synchronous FULL)",
          "[server-store]") {
    test::TempDir dir;
    const auto file = dir.file("knowset.db");
    std::vector<RecordChange> state;
    std::vector<HistoryRow> history;
    Hlc newest;
    NodeId node;
    {
        auto store = openStore(file, Synchronous::Full);
        node = store->serverNode();
        HybridClock clock = serverClock();
        const ConcurrentEdit edit = makeConcurrentEdit(*store, clock);
        REQUIRE(store->putUser({"sue", Role::Supervisor, {"north"}, "$argon2id$sue", false, 1}));
        REQUIRE(store->addBranch("north"));
        REQUIRE(store->addSession({"hash", "sue", 1, 2}));
        REQUIRE(store->audit({1, "admin", "user.add", "sue", ""}));
        state = pullAll(*store);
        history = store->history("customer", "c1").value();
        for (const auto& change : state) {
            for (const auto& [name, field] : change.patch.fields) {
                newest = std::max(newest, field.version.hlc);
            }
        }
        CHECK(newest >= edit.editB.hlc);
    }
    auto store = openStore(file, Synchronous::Full);
    CHECK(store->serverNode() == node);
    CHECK(head(*store) == state.back().seq);
    CHECK(store->maxHlc().value() >= newest);
    CHECK(store->lastApplied(NodeId(kNodeA)).value() == 2);
    CHECK(store->lastApplied(NodeId(kNodeB)).value() == 1);
    const auto reopened = pullAll(*store);
    REQUIRE(reopened.size() == state.size());
    for (std::size_t i = 0; i < state.size(); ++i) {
        CHECK(reopened[i].patch == state[i].patch);
        CHECK(reopened[i].branch == state[i].branch);
        CHECK(reopened[i].seq == state[i].seq);
    }
    const auto reopenedHistory = store->history("customer", "c1").value();
    REQUIRE(reopenedHistory.size() == history.size());
    for (std::size_t i = 0; i < history.size(); ++i) {
        CHECK(reopenedHistory[i].seq == history[i].seq);
        CHECK(reopenedHistory[i].value == history[i].value);
        CHECK(reopenedHistory[i].version == history[i].version);
    }
    CHECK(store->findUser("sue").value().has_value());
    CHECK(store->branches().value() == std::vector<std::string>{"north"});
    CHECK(store->findSession("hash").value().has_value());
    CHECK(store->auditLog(10).value().size() == 1);

    // New changes continue the sequence.
    HybridClock clock = serverClock();
    commitOne(*store, clock,
              batch(kNodeC, 1, {patch("article", "later", {{"title", "Later", version(50, kNodeC)}})}));
    CHECK(head(*store) == state.back().seq + 1);
}
