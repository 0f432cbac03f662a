#include "knowset/store/local_store.hpp"
#include "knowset/store/replica_schema.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <set>

#include "test_support.hpp"

using namespace knowset;

namespace {

std::unique_ptr<LocalStore> openStore(const std::filesystem::path& path,
                                      PhysicalClock clock = systemClockMillis) {
    auto store = LocalStore::open({path, std::move(clock), Synchronous::Full, nullptr});
    REQUIRE(store);
    return std::move(*store);
}

const Json kArticle = {{"kind", "faq"}, {"title", "How do I reset my password?"}, {"status", "draft"}};

Version version(std::uint64_t millis, std::uint64_t node) {
    return Version{Hlc::fromParts(millis, 0), NodeId(node)};
}

} // namespace

TEST_CASE("Store: a local write and its journal entry commit together", "[store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));

    const auto created = store->create("article", kArticle);
    REQUIRE(created);
    CHECK(created->journalSeq == 1);
    CHECK(created->version.node == store->nodeId());

    const auto record = store->get("article", created->id).value();
    REQUIRE(record);
    CHECK(record->fields == kArticle);
    CHECK(record->versions.at("title") == created->version);

    auto journal = store->pendingJournal().value();
    REQUIRE(journal.size() == 1);
    const RecordPatch& patch = journal.front().patch;
    CHECK(patch.collection == "article");
    CHECK(patch.id == created->id);
    CHECK(patch.fields.at("title").value == kArticle["title"]);
    CHECK(patch.fields.at("title").version == created->version);
    CHECK_FALSE(patch.fields.at("title").base);

    SECTION("an edit records the version the user saw as its base, and only the changed fields") {
        const auto edited =
            store->write("article", created->id, {{"title", "Resetting a password"}, {"status", "draft"}});
        REQUIRE(edited);
        CHECK(edited->version > created->version);
        journal = store->pendingJournal().value();
        REQUIRE(journal.size() == 2);
        const RecordPatch& edit = journal.back().patch;
        CHECK(edit.fields.size() == 1);
        CHECK(edit.fields.at("title").base == created->version);
        CHECK(store->pendingCount().value() == 2);
    }
    SECTION("a write that changes nothing adds no journal entry") {
        const auto same = store->write("article", created->id, {{"title", kArticle["title"]}});
        REQUIRE(same);
        CHECK(same->journalSeq == 0);
        CHECK(store->pendingCount().value() == 1);
    }
    SECTION("acknowledged entries leave the journal, and sequence numbers are never reused") {
        REQUIRE(store->acknowledgeThrough(created->journalSeq));
        CHECK(store->pendingCount().value() == 0);
        const auto next = store->write("article", created->id, {{"status", "in_review"}});
        REQUIRE(next);
        CHECK(next->journalSeq == 2);
    }
    SECTION("the write survives reopening the file") {
        store.reset();
        auto reopened = openStore(dir.file("replica.db"));
        CHECK(reopened->get("article", created->id).value()->fields == kArticle);
        CHECK(reopened->pendingCount().value() == 1);
    }
}

TEST_CASE("Store: a failed transaction leaves neither the record nor the journal entry", "[store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto created = store->create("article", kArticle);
    REQUIRE(created);
    {
        // A second connection makes the journal refuse inserts, failing the write half-way.
        SQLite::Database saboteur(dir.file("replica.db").string(), SQLite::OPEN_READWRITE);
        saboteur.exec("CREATE TRIGGER refuse_journal BEFORE INSERT ON journal "
                      "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    }
    const auto failed = store->write("article", created->id, {{"title", "Changed"}});
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == ErrorCode::Internal);
    CHECK(failed.error().message.find("disk says no") != std::string::npos);
    CHECK(store->get("article", created->id).value()->fields["title"] == kArticle["title"]);
    CHECK(store->pendingCount().value() == 1);

    const auto failedCreate = store->create("article", kArticle);
    REQUIRE_FALSE(failedCreate);
    CHECK(store->list("article").value().size() == 1);
}

TEST_CASE("Store: invalid writes are refused with a message naming the field and change nothing", "[store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));

    const auto missingTitle = store->create("article", {{"kind", "faq"}, {"status", "draft"}});
    REQUIRE_FALSE(missingTitle);
    CHECK(missingTitle.error().code == ErrorCode::InvalidChange);
    CHECK(missingTitle.error().message.find("article.title") != std::string::npos);

    const auto badKind = store->create("article", {{"kind", "rumour"}, {"title", "x"}, {"status", "draft"}});
    REQUIRE_FALSE(badKind);
    CHECK(badKind.error().message.find("article.kind") != std::string::npos);

    const auto conflictWrite = store->create("conflict", {{"status", "resolved"}});
    REQUIRE_FALSE(conflictWrite);
    CHECK(conflictWrite.error().code == ErrorCode::Forbidden);

    CHECK(store->list("article", true).value().empty());
    CHECK(store->pendingCount().value() == 0);

    SECTION("unknown fields are preserved by default and refused in strict mode") {
        Json withExtra = kArticle;
        withExtra["colour"] = "blue";
        CHECK_FALSE(store->create("article", withExtra, schema::UnknownFields::Refuse));
        const auto kept = store->create("article", withExtra);
        REQUIRE(kept);
        CHECK(store->get("article", kept->id).value()->fields["colour"] == "blue");
    }
}

TEST_CASE("Store: delete keeps the values under a tombstone, restore brings them back", "[store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto created = store->create("article", kArticle);
    REQUIRE(created);

    const auto removed = store->remove("article", created->id);
    REQUIRE(removed);
    CHECK(store->list("article").value().empty());
    const auto tombstone = store->get("article", created->id).value();
    REQUIRE(tombstone);
    CHECK(tombstone->deleted);
    CHECK(tombstone->fields["title"] == kArticle["title"]);

    // The deletion tells the server which field versions it saw (edit_delete detection).
    const auto journal = store->pendingJournal().value();
    CHECK(journal.back().patch.seen.at("title") == created->version);
    CHECK(journal.back().patch.fields.at("_deleted").value == true);

    const auto edit = store->write("article", created->id, {{"title", "Ghost edit"}});
    REQUIRE_FALSE(edit);
    CHECK(edit.error().message.find("restore") != std::string::npos);

    REQUIRE(store->restore("article", created->id));
    const auto restored = store->get("article", created->id).value();
    CHECK_FALSE(restored->deleted);
    CHECK(restored->fields["title"] == kArticle["title"]);
    CHECK(store->list("article").value().size() == 1);

    CHECK(store->remove("article", "no-such-id").error().code == ErrorCode::NotFound);
}

TEST_CASE("Store: a remote batch and its cursor commit together", "[store]") {
    test::TempDir dir;
    std::uint64_t now = 1'700'000'000'000;
    auto store = openStore(dir.file("replica.db"), [&] { return now; });

    const RecordPatch remote{"article",
                             "a1",
                             {{"title", {"Opening hours", version(now + 60'000, 7), std::nullopt}},
                              {"kind", {"faq", version(now + 60'000, 7), std::nullopt}}},
                             {}};
    const auto applied = store->applyRemote({remote}, 42);
    REQUIRE(applied);
    CHECK(applied->recordsChanged == 1);
    CHECK(applied->fieldsApplied == 2);
    CHECK(store->cursor().value() == 42);
    CHECK(store->get("article", "a1").value()->fields["title"] == "Opening hours");
    CHECK(store->pendingCount().value() == 0); // remote changes are not journalled

    SECTION("the clock moves past every version received") {
        CHECK(store->lastClock().value() > remote.fields.at("title").version.hlc);
        const auto local = store->write("article", "a1", {{"title", "Opening times"}});
        REQUIRE(local);
        CHECK(local->version > remote.fields.at("title").version);
    }
    SECTION("an older remote change does not overwrite a newer value, and a repeat is a no-op") {
        const RecordPatch older{"article", "a1", {{"title", {"Old", version(now - 1, 9), std::nullopt}}}, {}};
        CHECK(store->applyRemote({older, remote}, 43).value().fieldsApplied == 0);
        CHECK(store->get("article", "a1").value()->fields["title"] == "Opening hours");
        CHECK(store->cursor().value() == 43);
    }
    SECTION("a failure part-way through applies nothing and keeps the old cursor") {
        {
            SQLite::Database saboteur(dir.file("replica.db").string(), SQLite::OPEN_READWRITE);
            saboteur.exec("CREATE TRIGGER refuse_cursor BEFORE UPDATE ON sync_state WHEN new.key = 'cursor' "
                          "BEGIN SELECT RAISE(ABORT, 'injected'); END");
        }
        const RecordPatch next{
            "article", "a2", {{"title", {"Parking", version(now + 70'000, 7), std::nullopt}}}, {}};
        REQUIRE_FALSE(store->applyRemote({next}, 50));
        CHECK(store->cursor().value() == 42);
        CHECK_FALSE(store->get("article", "a2").value());
    }
    SECTION("sync values commit with the batch, and a reserved name refuses the whole batch") {
        const RecordPatch next{
            "article", "a3", {{"title", {"Parking", version(now + 80'000, 7), std::nullopt}}}, {}};
        REQUIRE(store->applyRemote({next}, 44, {{"last_sync", "1700000000123"}}));
        CHECK(store->syncValue("last_sync").value() == std::optional<std::string>("1700000000123"));
        CHECK(store->cursor().value() == 44);

        const RecordPatch refused{
            "article", "a4", {{"title", {"Lost", version(now + 90'000, 7), std::nullopt}}}, {}};
        const auto reserved = store->applyRemote({refused}, 45, {{"cursor", "99"}});
        REQUIRE_FALSE(reserved);
        CHECK(reserved.error().code == ErrorCode::InvalidChange);
        CHECK(store->cursor().value() == 44);
        CHECK_FALSE(store->get("article", "a4").value());
    }
}

TEST_CASE("Store: search finds by prefix, ranks title matches first and highlights the match",
          "[store][search]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto inBody =
        store->create("article", {{"kind", "answer"},
                                  {"title", "Account security"},
                                  {"status", "published"},
                                  {"body", "To change a password, open settings and choose security."}});
    const auto inTitle = store->create("article", {{"kind", "faq"},
                                                   {"title", "Password reset"},
                                                   {"status", "published"},
                                                   {"body", "Use the link on the sign-in page."}});
    const auto unrelated = store->create("article", {{"kind", "faq"},
                                                     {"title", "Opening hours"},
                                                     {"status", "published"},
                                                     {"tags", {"branch", "hours"}},
                                                     {"body", "We open at nine."}});
    REQUIRE(inBody);
    REQUIRE(inTitle);
    REQUIRE(unrelated);

    const auto hits = store->searchArticles("passw");
    REQUIRE(hits);
    REQUIRE(hits->size() == 2);
    CHECK((*hits)[0].id == inTitle->id);
    CHECK((*hits)[1].id == inBody->id);
    CHECK((*hits)[0].title == "Password reset");
    CHECK((*hits)[0].snippet.find("[Password]") != std::string::npos);
    CHECK((*hits)[1].snippet.find("[password]") != std::string::npos);

    SECTION("custom highlight markers, several words, tags, and query syntax that is not ours") {
        const auto marked = store->searchArticles("password SETTINGS", {10, "<mark>", "</mark>"}).value();
        REQUIRE(marked.size() == 1);
        CHECK(marked[0].snippet.find("<mark>settings</mark>") != std::string::npos);
        CHECK(store->searchArticles("hours").value().front().id == unrelated->id);
        CHECK(store->searchArticles("branch").value().front().id == unrelated->id);
        CHECK(store->searchArticles("\"unbalanced (* OR").value().empty());
        CHECK(store->searchArticles("   ").value().empty());
    }
    SECTION("the index follows edits and deletions") {
        REQUIRE(store->write("article", inTitle->id, {{"title", "Sign-in help"}}));
        const auto renamed = store->searchArticles("passw").value();
        REQUIRE(renamed.size() == 1);
        CHECK(renamed.front().id == inBody->id);
        REQUIRE(store->remove("article", inBody->id));
        const auto after = store->searchArticles("passw").value();
        CHECK(after.empty());
        CHECK(store->searchArticles("sign").value().front().id == inTitle->id);
    }
}

TEST_CASE("Store: a file that is not a replica, or from a newer version, is refused clearly", "[store]") {
    test::TempDir dir;
    {
        SQLite::Database newer(dir.file("newer.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        newer.exec("PRAGMA user_version = 99");
    }
    const auto refused =
        LocalStore::open({dir.file("newer.db"), systemClockMillis, Synchronous::Full, nullptr});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("newer Knowset") != std::string::npos);

    std::filesystem::create_directories(dir.file("a-directory"));
    CHECK_FALSE(LocalStore::open({dir.file("a-directory"), systemClockMillis, Synchronous::Full, nullptr}));
}

TEST_CASE("Store: two connections to one replica share one clock and never reuse a version", "[store]") {
    test::TempDir dir;
    const std::uint64_t frozen = 1'700'000'000'000;
    auto gui = openStore(dir.file("replica.db"), [&] { return frozen; });
    auto sync = openStore(dir.file("replica.db"), [&] { return frozen; });
    CHECK(gui->nodeId() == sync->nodeId());
    std::set<Version> versions;
    for (int i = 0; i < 50; ++i) {
        LocalStore& store = i % 2 == 0 ? *gui : *sync;
        const auto written = store.create("category", {{"name", "c" + std::to_string(i)}});
        REQUIRE(written);
        CHECK(versions.insert(written->version).second);
    }
    CHECK(sync->pendingCount().value() == 50);
}

TEST_CASE("Store: a clock whose hex is all digits survives the round trip through sync_state", "[store]") {
    test::TempDir dir;
    const Hlc digitsOnly(0x0187654321000000ULL);
    REQUIRE(digitsOnly.toHex() == "0187654321000000");
    auto store = openStore(dir.file("replica.db"), [&] { return digitsOnly.millis(); });
    const auto written = store->create("category", {{"name", "Billing"}});
    REQUIRE(written);
    CHECK(written->version.hlc == digitsOnly);
    CHECK(store->lastClock().value() == digitsOnly);
    const auto next = store->create("category", {{"name", "Refunds"}});
    REQUIRE(next);
    CHECK(next->version.hlc > digitsOnly);
}

TEST_CASE("Store: writeAll commits every write of a batch or none", "[store][batch]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));

    SECTION("an invalid write fails the whole batch and names its index") {
        const auto failed = store->writeAll({{"category", "", {{"name", "Billing"}}},
                                             {"article", "a1", kArticle},
                                             {"article", "a2", {{"kind", "faq"}, {"status", "draft"}}}});
        REQUIRE_FALSE(failed);
        CHECK(failed.error().code == ErrorCode::InvalidChange);
        CHECK(failed.error().message.rfind("write 2: ", 0) == 0);
        CHECK(failed.error().message.find("article.title") != std::string::npos);
        CHECK(store->list("category", true).value().empty());
        CHECK(store->list("article", true).value().empty());
        CHECK(store->pendingCount().value() == 0);
        CHECK(store->lastClock().value().isZero());
    }
    SECTION("a storage failure part-way through also leaves nothing behind") {
        {
            SQLite::Database saboteur(dir.file("replica.db").string(), SQLite::OPEN_READWRITE);
            saboteur.exec("CREATE TRIGGER refuse_bad BEFORE INSERT ON journal WHEN new.record_id = 'bad' "
                          "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        const auto failed = store->writeAll(
            {{"category", "good", {{"name", "Good"}}}, {"category", "bad", {{"name", "Bad"}}}});
        REQUIRE_FALSE(failed);
        CHECK(failed.error().code == ErrorCode::Internal);
        CHECK(failed.error().message.rfind("write 1: ", 0) == 0);
        CHECK(failed.error().message.find("disk says no") != std::string::npos);
        CHECK_FALSE(store->get("category", "good").value());
        CHECK(store->pendingCount().value() == 0);
    }
    SECTION("a valid batch is versioned and journalled in order, new ids included") {
        const auto written = store->writeAll({{"category", "", {{"name", "Billing"}}},
                                              {"article", "a1", kArticle},
                                              {"article", "a1", {{"title", "Resetting a password"}}},
                                              {"article", "a1", {{"status", "draft"}}}});
        REQUIRE(written);
        REQUIRE(written->size() == 4);
        const auto& batch = *written;
        CHECK(batch[0].id.size() == 36); // a UUIDv7
        CHECK(batch[1].id == "a1");
        CHECK(batch[0].journalSeq == 1);
        CHECK(batch[1].journalSeq == 2);
        CHECK(batch[2].journalSeq == 3);
        CHECK(batch[3].journalSeq == 0); // unchanged
        CHECK(batch[0].version < batch[1].version);
        CHECK(batch[1].version < batch[2].version);
        CHECK(store->lastClock().value() == batch[3].version.hlc);

        const auto journal = store->pendingJournal().value();
        REQUIRE(journal.size() == 3);
        // Writes of one batch see the earlier writes of the same batch.
        CHECK(journal[2].patch.fields.at("title").base == batch[1].version);
        const auto record = store->get("article", "a1").value();
        REQUIRE(record);
        CHECK(record->fields["title"] == "Resetting a password");
        CHECK(record->versions.at("title") == batch[2].version);
        CHECK(record->versions.at("kind") == batch[1].version);
        CHECK(store->get("category", batch[0].id).value());
    }
    SECTION("an empty batch is fine") {
        CHECK(store->writeAll({}).value().empty());
    }
}

TEST_CASE("Store: a large writeAll stores every write and names the one SQLite refused", "[store][batch]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    // Enough writes for several chunks of rows per statement, the same records written again
    // across chunk boundaries.
    std::vector<WriteRequest> writes;
    for (int i = 0; i < 300; ++i) {
        writes.push_back(
            {"article", "a" + std::to_string(i % 200),
             i < 200 ? Json{{"kind", "faq"}, {"title", "Title " + std::to_string(i)}, {"status", "draft"}}
                     : Json{{"title", "Renamed " + std::to_string(i)}}});
    }

    SECTION("all of them") {
        const auto written = store->writeAll(writes);
        REQUIRE(written);
        REQUIRE(written->size() == 300);
        for (std::size_t i = 0; i < written->size(); ++i) {
            CHECK((*written)[i].journalSeq == static_cast<std::int64_t>(i + 1));
        }
        const auto journal = store->pendingJournal(1000).value();
        REQUIRE(journal.size() == 300);
        CHECK(journal[250].seq == 251);
        CHECK(journal[250].patch.id == "a50");
        CHECK(journal[250].patch.fields.at("title").base == (*written)[50].version);
        CHECK(store->list("article").value().size() == 200);
        CHECK(store->get("article", "a50").value()->fields["title"] == "Renamed 250");
        CHECK(store->get("article", "a50").value()->versions.at("title") == (*written)[250].version);
        CHECK(store->get("article", "a199").value()->fields["title"] == "Title 199");
        CHECK(store->searchArticles("renamed").value().size() == 20); // the default limit
        CHECK(store->searchArticles("renamed", {1000}).value().size() == 100);
        CHECK(store->searchArticles("title", {1000}).value().size() == 100);
        // Stored versions are the JSON text a Json dump would give (canonical dumps compare them).
        SQLite::Database db(dir.file("replica.db").string(), SQLite::OPEN_READONLY);
        const std::string versions =
            db.execAndGet("SELECT versions FROM records WHERE id = 'a50'").getString();
        CHECK(versions == Json::parse(versions).dump());
        // A later single write continues the sequence.
        const auto next = store->write("article", "a1", {{"status", "in_review"}});
        REQUIRE(next);
        CHECK(next->journalSeq == 301);
    }
    SECTION("the refused one, in any chunk") {
        // Which statement fails, and the write whose row it is.
        const auto [trigger, index] = GENERATE(table<std::string, std::size_t>({
            {"BEFORE INSERT ON journal WHEN new.record_id = 'a150'", 150},
            {"BEFORE INSERT ON journal WHEN new.record_id = 'a7' AND new.patch LIKE '%Renamed%'", 207},
            {"BEFORE INSERT ON records WHEN new.id = 'a130'", 130},
            {"BEFORE UPDATE ON records WHEN new.id = 'a2'", 202},
        }));
        {
            SQLite::Database saboteur(dir.file("replica.db").string(), SQLite::OPEN_READWRITE);
            saboteur.exec("CREATE TRIGGER refuse " + trigger +
                          " BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        const auto failed = store->writeAll(writes);
        REQUIRE_FALSE(failed);
        CHECK(failed.error().code == ErrorCode::Internal);
        INFO(failed.error().message);
        CHECK(failed.error().message.rfind("write " + std::to_string(index) + ": ", 0) == 0);
        CHECK(failed.error().message.find("disk says no") != std::string::npos);
        CHECK(store->list("article", true).value().empty());
        CHECK(store->pendingCount().value() == 0);
        CHECK(store->searchArticles("title").value().empty());
    }
}

TEST_CASE("Store: the clock correction is persisted and stamps every new local write", "[store][clock]") {
    test::TempDir dir;
    const std::uint64_t now = 1'700'000'000'000;
    auto gui = openStore(dir.file("replica.db"), [&] { return now; });
    auto sync = openStore(dir.file("replica.db"), [&] { return now; });
    CHECK(gui->clockCorrection().value() == 0);

    REQUIRE(sync->setClockCorrection(-60'000));
    CHECK(sync->clockCorrection().value() == -60'000);
    CHECK(gui->clockCorrection().value() == -60'000); // set on the sync connection, seen by the GUI's

    const auto created = gui->create("category", {{"name", "Billing"}});
    REQUIRE(created);
    CHECK(created->version.hlc == Hlc::fromParts(now - 60'000, 0));
    const auto batch = sync->writeAll({{"category", "", {{"name", "Refunds"}}}});
    REQUIRE(batch);
    CHECK(batch->front().version.hlc == Hlc::fromParts(now - 60'000, 1));
    CHECK(gui->pendingJournal().value().front().createdAt == static_cast<std::int64_t>(now - 60'000));

    REQUIRE(gui->setClockCorrection(+5'000));
    const auto later = sync->create("category", {{"name", "Cards"}});
    REQUIRE(later);
    CHECK(later->version.hlc == Hlc::fromParts(now + 5'000, 0));

    gui.reset();
    sync.reset();
    CHECK(openStore(dir.file("replica.db"), [&] { return now; })->clockCorrection().value() == 5'000);
}

TEST_CASE("Store: restampPending moves pending versions back to the corrected clock", "[store][clock]") {
    test::TempDir dir;
    constexpr std::int64_t kTwoHours = 2 * 3600 * 1000;
    const std::uint64_t trueNow = 1'700'000'000'000;
    std::uint64_t ahead = 0;
    const PhysicalClock machine = [&] {
        return trueNow + ahead;
    };
    auto store = openStore(dir.file("replica.db"), machine);
    auto other = openStore(dir.file("replica.db"), machine); // a second connection, e.g. the GUI's

    // Synced history: one change of ours the server acknowledged, one remote change from a
    // little in the future (within the server's skew bound).
    const auto acknowledged = store->create("category", {{"name", "Archive"}});
    REQUIRE(acknowledged);
    REQUIRE(store->acknowledgeThrough(acknowledged->journalSeq));
    const Version remote = version(trueNow + 5'000, 7);
    REQUIRE(
        store->applyRemote({{"category", "remote", {{"name", {"Remote", remote, std::nullopt}}}, {}}}, 1));

    // Then the machine's clock jumps two hours ahead and the user edits.
    ahead = kTwoHours;
    const auto e1 = store->create("article", kArticle);
    REQUIRE(e1);
    const auto e2 = store->write("article", e1->id, {{"title", "Resetting a password"}});
    REQUIRE(e2);
    const auto e3 = other->write("article", e1->id, {{"status", "in_review"}});
    REQUIRE(e3);
    const auto e4 = store->create("category", {{"name", "Cards"}});
    REQUIRE(e4);
    const auto e5 = store->remove("category", e4->id);
    REQUIRE(e5);
    const std::vector<Version> old = {e1->version, e2->version, e3->version, e4->version, e5->version};
    CHECK(e1->version.hlc.millis() == trueNow + kTwoHours);
    const auto before = store->pendingJournal().value();
    REQUIRE(before.size() == 5);

    // The server said clock_skew: correct the clock and re-stamp.
    REQUIRE(store->setClockCorrection(-kTwoHours));
    const auto restamped = store->restampPending();
    REQUIRE(restamped);
    CHECK(*restamped == 5);

    const auto journal = store->pendingJournal().value();
    REQUIRE(journal.size() == 5);
    std::vector<Version> fresh;
    for (std::size_t i = 0; i < journal.size(); ++i) {
        CHECK(journal[i].seq == before[i].seq);
        CHECK(journal[i].createdAt == before[i].createdAt);
        const auto& fields = journal[i].patch.fields;
        REQUIRE(fields.size() == before[i].patch.fields.size());
        const Version stamped = fields.begin()->second.version;
        for (const auto& [name, change] : fields) {
            CHECK(change.version == stamped); // one version per entry
            CHECK(change.value == before[i].patch.fields.at(name).value);
        }
        CHECK(stamped < old[i]);
        CHECK(stamped.node == store->nodeId());
        // Past the newest version the replica holds that is not being replaced, and close to
        // the corrected time.
        CHECK(stamped > remote);
        CHECK(stamped.hlc.millis() <= trueNow + 10'000);
        if (!fresh.empty()) {
            CHECK(stamped > fresh.back());
        }
        fresh.push_back(stamped);
    }
    CHECK(store->lastClock().value() == fresh.back().hlc);

    // Bases follow the re-stamped versions; the first sight of a field keeps no base.
    CHECK_FALSE(journal[0].patch.fields.at("title").base);
    CHECK(journal[1].patch.fields.at("title").base == fresh[0]);
    CHECK(journal[2].patch.fields.at("status").base == fresh[0]);
    CHECK(journal[4].patch.seen.at("name") == fresh[3]); // the deletion saw the re-stamped create

    // Records carry the new versions.
    const auto article = store->get("article", e1->id).value();
    REQUIRE(article);
    CHECK(article->versions.at("kind") == fresh[0]);
    CHECK(article->versions.at("title") == fresh[1]);
    CHECK(article->versions.at("status") == fresh[2]);
    CHECK(article->fields["title"] == "Resetting a password");
    const auto deleted = store->get("category", e4->id).value();
    REQUIRE(deleted);
    CHECK(deleted->deleted);
    CHECK(deleted->versions.at("name") == fresh[3]);
    CHECK(deleted->versions.at("_deleted") == fresh[4]);
    CHECK(store->get("category", "remote").value()->versions.at("name") == remote);
    CHECK(store->get("category", acknowledged->id).value()->versions.at("name") == acknowledged->version);

    // No trace of the old versions remains, and another connection dumps the same replica.
    const std::string dump = store->canonicalDump().value();
    for (const Version& stale : old) {
        CHECK(dump.find(stale.toString()) == std::string::npos);
    }
    CHECK(other->canonicalDump().value() == dump);

    SECTION("the next edit, on either connection, is newer than the re-stamped ones and not ahead") {
        LocalStore& editor = GENERATE(0, 1) == 0 ? *store : *other;
        const auto next = editor.write("article", e1->id, {{"title", "Password help"}});
        REQUIRE(next);
        CHECK(next->version > fresh.back());
        CHECK(next->version.hlc.millis() <= trueNow + 10'000);
        CHECK(editor.pendingJournal().value().back().patch.fields.at("title").base == fresh[1]);
    }
    SECTION("re-stamping again changes nothing but the versions") {
        CHECK(store->restampPending().value() == 5);
        const auto again = store->pendingJournal().value();
        REQUIRE(again.size() == 5);
        CHECK(again[1].patch.fields.at("title").base == again[0].patch.fields.at("title").version);
        CHECK(again[0].patch.fields.at("title").version < old[0]);
    }
}

TEST_CASE("Store: restampPending with an empty journal only restarts the clock", "[store][clock]") {
    test::TempDir dir;
    const std::uint64_t trueNow = 1'700'000'000'000;
    std::uint64_t ahead = 3600 * 1000;
    auto store = openStore(dir.file("replica.db"), [&] { return trueNow + ahead; });
    const auto ahead1 = store->create("category", {{"name", "Billing"}});
    REQUIRE(ahead1);
    REQUIRE(store->acknowledgeThrough(ahead1->journalSeq)); // the server took it
    ahead = 0;
    CHECK(store->restampPending().value() == 0);
    // Acknowledged versions are history: the clock does not go back below them.
    const auto next = store->create("category", {{"name", "Refunds"}});
    REQUIRE(next);
    CHECK(next->version > ahead1->version);
}

TEST_CASE("Store: a parked journal entry leaves the journal with the server's reason", "[store][journal]") {
    test::TempDir dir;
    const std::uint64_t now = 1'700'000'000'000;
    auto store = openStore(dir.file("replica.db"), [&] { return now; });
    const auto first = store->create("category", {{"name", "Billing"}});
    const auto second = store->create("article", kArticle);
    const auto third = store->create("category", {{"name", "Refunds"}});
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(third);
    const auto refusedPatch = store->pendingJournal().value().at(1).patch;

    REQUIRE(store->parkJournalEntry(second->journalSeq, "forbidden: articles are written by editors"));
    const auto journal = store->pendingJournal().value();
    REQUIRE(journal.size() == 2);
    CHECK(journal[0].seq == first->journalSeq);
    CHECK(journal[1].seq == third->journalSeq);
    CHECK(store->pendingCount().value() == 2);

    auto parked = store->parkedEntries().value();
    REQUIRE(parked.size() == 1);
    CHECK(parked[0].seq == second->journalSeq);
    CHECK(parked[0].patch == refusedPatch);
    CHECK(parked[0].reason == "forbidden: articles are written by editors");
    CHECK(parked[0].parkedAt == static_cast<std::int64_t>(now));
    CHECK(store->get("article", second->id).value()); // the local value stays

    const auto again = store->parkJournalEntry(second->journalSeq, "again");
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::NotFound);
    CHECK(store->parkJournalEntry(99, "none").error().code == ErrorCode::NotFound);
    CHECK(store->parkedEntries().value().size() == 1);

    store.reset();
    auto reopened = openStore(dir.file("replica.db"), [&] { return now; });
    CHECK(reopened->parkedEntries().value().size() == 1);
    CHECK(reopened->pendingCount().value() == 2);
}

TEST_CASE("Store: a replica of schema version 1 gains the parked table when opened", "[store][journal]") {
    test::TempDir dir;
    std::int64_t seq = 0;
    {
        auto store = openStore(dir.file("replica.db"));
        const auto created = store->create("category", {{"name", "Billing"}});
        REQUIRE(created);
        seq = created->journalSeq;
    }
    {
        // What a version 1 replica looks like.
        SQLite::Database db(dir.file("replica.db").string(), SQLite::OPEN_READWRITE);
        db.exec("DROP TABLE parked; DROP INDEX journal_record; PRAGMA user_version = 1");
    }
    auto store = openStore(dir.file("replica.db"));
    CHECK(store->pendingCount().value() == 1);
    REQUIRE(store->parkJournalEntry(seq, "invalid"));
    CHECK(store->parkedEntries().value().size() == 1);
    SQLite::Database db(dir.file("replica.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == knowset::store::kReplicaSchemaVersion);
}

TEST_CASE("Store: dropRecords removes records, their journal entries and their search rows",
          "[store][search]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto revoked =
        store->create("article", {{"kind", "faq"}, {"title", "Password reset"}, {"status", "draft"}});
    const auto kept =
        store->create("article", {{"kind", "faq"}, {"title", "Password rules"}, {"status", "draft"}});
    const auto category = store->create("category", {{"name", "Billing"}});
    REQUIRE(revoked);
    REQUIRE(kept);
    REQUIRE(category);
    REQUIRE(store->write("article", revoked->id, {{"status", "in_review"}}));
    REQUIRE(store->searchArticles("passw").value().size() == 2);

    const auto dropped =
        store->dropRecords({{"article", revoked->id}, {"category", category->id}, {"article", "no-such-id"}});
    REQUIRE(dropped);
    CHECK(*dropped == 2);
    CHECK_FALSE(store->get("article", revoked->id).value());
    CHECK_FALSE(store->get("category", category->id).value());
    const auto journal = store->pendingJournal().value();
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].patch.id == kept->id);
    const auto hits = store->searchArticles("passw").value();
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == kept->id);
    SQLite::Database db(dir.file("replica.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM article_fts").getInt() == 1);
    CHECK(store->dropRecords({}).value() == 0);
}

TEST_CASE("Store: sync values round trip, the store's own keys are refused", "[store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    CHECK_FALSE(store->syncValue("last_sync").value());
    REQUIRE(store->setSyncValue("last_sync", "0123")); // all digits, leading zero kept
    CHECK(store->syncValue("last_sync").value() == "0123");
    REQUIRE(store->setSyncValue("last_sync", "2024-05-01T10:00:00Z"));
    CHECK(store->syncValue("last_sync").value() == "2024-05-01T10:00:00Z");
    REQUIRE(store->setSyncValue("state", ""));
    CHECK(store->syncValue("state").value() == "");

    REQUIRE(store->applyRemote({}, 17));
    for (const char* reserved : {"cursor", "hlc", "node_id", "last_ack", "clock_correction", ""}) {
        const auto refused = store->setSyncValue(reserved, "5");
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == ErrorCode::InvalidChange);
    }
    CHECK(store->cursor().value() == 17);
    CHECK(store->clockCorrection().value() == 0);
    CHECK(store->syncValue("node_id").value() == store->nodeId().toHex()); // reading is fine

    store.reset();
    CHECK(openStore(dir.file("replica.db"))->syncValue("last_sync").value() == "2024-05-01T10:00:00Z");
}

TEST_CASE("Store: the acknowledged position only moves forward", "[store][journal]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    for (int i = 0; i < 3; ++i) {
        REQUIRE(store->create("category", {{"name", "c" + std::to_string(i)}}));
    }
    CHECK(store->acknowledgeThrough(2).value() == 2);
    CHECK(store->syncValue("last_ack").value() == "2");
    CHECK(store->acknowledgeThrough(1).value() == 0);
    CHECK(store->syncValue("last_ack").value() == "2");
    CHECK(store->pendingCount().value() == 1);
    CHECK(store->acknowledgeThrough(3).value() == 1);
    CHECK(store->syncValue("last_ack").value() == "3");
}

TEST_CASE("Store: dataVersion changes when another connection commits", "[store]") {
    test::TempDir dir;
    auto gui = openStore(dir.file("replica.db"));
    auto sync = openStore(dir.file("replica.db"));
    const auto start = gui->dataVersion().value();
    CHECK(gui->dataVersion().value() == start);
    REQUIRE(gui->create("category", {{"name", "Own write"}}));
    CHECK(gui->dataVersion().value() == start); // its own commits do not count
    REQUIRE(sync->create("category", {{"name", "Billing"}}));
    const auto afterWrite = gui->dataVersion().value();
    CHECK(afterWrite != start);
    REQUIRE(sync->setSyncValue("last_sync", "now"));
    CHECK(gui->dataVersion().value() != afterWrite);
}

TEST_CASE("Store: findRecords matches string values, not names, ignoring ASCII case", "[store][search]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    REQUIRE(store->write("category", "c1", {{"name", "Billing"}, {"description", "Invoices and PAYMENTS"}}));
    REQUIRE(store->write("category", "c2", {{"name", "Refunds"}, {"position", 12}}));
    REQUIRE(store->write("category", "c3", {{"name", "Payment plans"}}));
    REQUIRE(store->write("category", "c4", {{"name", "Payments archive"}}));
    REQUIRE(store->remove("category", "c4"));
    REQUIRE(store->write(
        "article", "a1",
        {{"kind", "faq"}, {"title", "Travel"}, {"status", "draft"}, {"tags", {"passport", "Visa"}}}));

    const auto ids = [&](std::string_view collection, std::string_view text, std::size_t limit = 50) {
        const auto records = store->findRecords(collection, text, limit);
        REQUIRE(records);
        std::vector<std::string> found;
        for (const Record& record : *records) {
            CHECK_FALSE(record.deleted);
            found.push_back(record.id);
        }
        return found;
    };
    CHECK(ids("category", "payment") == std::vector<std::string>{"c1", "c3"});
    CHECK(ids("category", "PayMent") == std::vector<std::string>{"c1", "c3"});
    CHECK(ids("category", "billing") == std::vector<std::string>{"c1"});
    CHECK(ids("category", "payment", 1) == std::vector<std::string>{"c1"});
    CHECK(ids("category", "description").empty()); // a member name, not a value
    CHECK(ids("category", "name").empty());
    CHECK(ids("category", "12").empty());                            // numbers are not strings
    CHECK(ids("category", "true").empty());                          // nor is the tombstone flag
    CHECK(ids("article", "VISA") == std::vector<std::string>{"a1"}); // inside a list
    CHECK(ids("article", "payment").empty());
    CHECK(ids("customer", "payment").empty());
    CHECK(ids("category", "").size() == 3);

    const auto found = store->findRecords("category", "refund").value();
    REQUIRE(found.size() == 1);
    CHECK(found[0].collection == "category");
    CHECK(found[0].fields["position"] == 12);
    CHECK(found[0].versions.count("name") == 1);
}

TEST_CASE("Store: countByCollection counts live records only", "[store]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    CHECK(store->countByCollection().value().empty());
    const auto c1 = store->create("category", {{"name", "Billing"}});
    const auto c2 = store->create("category", {{"name", "Refunds"}});
    const auto a1 = store->create("article", kArticle);
    REQUIRE(c1);
    REQUIRE(c2);
    REQUIRE(a1);
    REQUIRE(store->remove("category", c1->id));
    using Counts = std::map<std::string, std::int64_t, std::less<>>;
    CHECK(store->countByCollection().value() == Counts{{"article", 1}, {"category", 1}});
    REQUIRE(store->remove("article", a1->id));
    CHECK(store->countByCollection().value() == Counts{{"category", 1}});
}

// A benchmark, run by hand: knowset_unit_tests "[perf]" (in an optimised build).
TEST_CASE("Store: writeAll of 50,000 articles", "[.][perf]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    std::vector<WriteRequest> writes;
    for (int i = 0; i < 50'000; ++i) {
        writes.push_back({"article",
                          "",
                          {{"kind", "faq"},
                           {"title", "Article number " + std::to_string(i)},
                           {"status", "published"},
                           {"body", "Some text to index for article " + std::to_string(i)},
                           {"tags", {"one", "two"}}}});
    }
    const auto start = std::chrono::steady_clock::now();
    const auto written = store->writeAll(writes);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(written);
    WARN("50,000 writes in " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
                             << " ms");
    CHECK(store->pendingCount().value() == 50'000);
    CHECK(store->searchArticles("12345").value().size() == 1);
}
