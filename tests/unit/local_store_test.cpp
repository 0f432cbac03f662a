#include "knowset/store/local_store.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

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

TEST_CASE("Store: delete keeps the values under a tombstone; restore brings them back", "[store]") {
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
