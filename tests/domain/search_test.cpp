// Article search (knowset/domain/search): ranking, prefixes, typo tolerance, filters,
// published-first for agents, snippets, search misses, and the replica schema it needs.
#include "knowset/domain/search.hpp"
#include "knowset/store/replica_schema.hpp"

#include <SQLiteCpp/Database.h>

#include <set>

#include "test_support.hpp"

using namespace knowset;
using namespace knowset::domain;

namespace {

// 2026-11-23T09:30:00Z
constexpr std::uint64_t kNowMillis = 1'795'426'200'000;

std::uint64_t fixedClock() {
    return kNowMillis;
}

const Actor kAgent{"alex", Role::Agent, {"north"}};
const Actor kSupervisor{"sam", Role::Supervisor, {"north"}};

std::unique_ptr<LocalStore> openStore(const std::filesystem::path& path) {
    auto store = LocalStore::open({path, fixedClock, Synchronous::Off, nullptr});
    REQUIRE(store);
    return std::move(*store);
}

// Creates an article: a published answer unless `fields` says otherwise.
std::string addArticle(LocalStore& store, Json fields) {
    Json article{{"kind", "answer"}, {"status", "published"}};
    article.update(fields);
    const auto written = store.create("article", article);
    REQUIRE(written);
    return written->id;
}

std::string addCategory(LocalStore& store, const std::string& name, const std::string& parent = {}) {
    Json category{{"name", name}};
    if (!parent.empty()) {
        category["parent_id"] = parent;
    }
    const auto written = store.create("category", category);
    REQUIRE(written);
    return written->id;
}

ArticleSearchResult search(LocalStore& store, ArticleQuery query, const Actor& actor = kAgent) {
    auto result = searchArticles(store, actor, query, fixedClock);
    REQUIRE(result);
    return std::move(*result);
}

std::vector<std::string> hitIds(const ArticleSearchResult& result) {
    std::vector<std::string> ids;
    for (const auto& hit : result.hits) {
        ids.push_back(hit.id);
    }
    return ids;
}

std::vector<std::string> idsFor(LocalStore& store, ArticleQuery query, const Actor& actor = kAgent) {
    return hitIds(search(store, std::move(query), actor));
}

using Ids = std::set<std::string>;

Ids idSet(LocalStore& store, ArticleQuery query) {
    const auto ids = idsFor(store, std::move(query));
    return Ids(ids.begin(), ids.end());
}

} // namespace

TEST_CASE("Search: title beats summary beats body, and words match as prefixes", "[domain][search]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto inBody = addArticle(
        *store, {{"title", "Account security"}, {"body", "To change a password open the settings page."}});
    const auto inTitle =
        addArticle(*store, {{"title", "Password reset"}, {"body", "Use the link on the sign-in page."}});
    const auto unrelated = addArticle(*store, {{"title", "Opening hours"}, {"body", "We open at nine."}});
    const auto routerInSummary = addArticle(
        *store, {{"title", "Home setup"}, {"summary", "The router lights"}, {"body", "Check the cable."}});
    const auto routerInBody = addArticle(
        *store, {{"title", "Home wiring"}, {"summary", "The wall socket"}, {"body", "Check the router."}});

    CHECK(idsFor(*store, {.text = "password"}) == std::vector<std::string>{inTitle, inBody});
    CHECK(idsFor(*store, {.text = "router"}) == std::vector<std::string>{routerInSummary, routerInBody});
    // As you type: "pass" and "passw" already find both password articles.
    CHECK(idsFor(*store, {.text = "pass"}) == std::vector<std::string>{inTitle, inBody});
    CHECK(idsFor(*store, {.text = "Passw"}) == std::vector<std::string>{inTitle, inBody});
    // Every word must match: "password sign" only where both are.
    CHECK(idsFor(*store, {.text = "password sign"}) == std::vector<std::string>{inTitle});

    const auto result = search(*store, {.text = "password"});
    CHECK(result.hits[0].rank == 1);
    CHECK(result.hits[1].rank == 2);
    CHECK(result.hits[0].score < result.hits[1].score);
    CHECK(result.hits[0].title == "Password reset");
    CHECK(result.hits[0].kind == "answer");
    CHECK(result.hits[0].status == "published");
    CHECK(result.hits[0].categoryId.empty());
    CHECK_FALSE(result.usedTypoTolerance());
    CHECK(idsFor(*store, {.text = "hours"}) == std::vector<std::string>{unrelated});
    CHECK(idsFor(*store, {.text = "\"unbalanced (* OR"}).empty());
}

TEST_CASE("Search: snippets wrap the matches in the highlight markers", "[domain][search]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    addArticle(*store,
               {{"title", "Account security"}, {"body", "To change a password open the settings page."}});

    CHECK(search(*store, {.text = "password"}).hits.at(0).snippet ==
          "To change a [password] open the settings page.");
    CHECK(search(*store, {.text = "passw sett", .highlightStart = "<b>", .highlightEnd = "</b>"})
              .hits.at(0)
              .snippet == "To change a <b>password</b> open the <b>settings</b> page.");
}

TEST_CASE("Search: a word the index does not know is corrected to the closest indexed term",
          "[domain][search][typo]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto password =
        addArticle(*store, {{"title", "Password reset"}, {"body", "Use the link on the sign-in page."}});
    const auto refund =
        addArticle(*store, {{"title", "Card refunds"}, {"body", "A refund takes five days."}});
    addArticle(*store, {{"title", "Passport checks"}, {"body", "Bring a passport to the branch."}});

    SECTION("pasword finds password") {
        const auto result = search(*store, {.text = "pasword"});
        CHECK(hitIds(result) == std::vector<std::string>{password});
        REQUIRE(result.corrections.size() == 1);
        CHECK(result.corrections[0].typed == "pasword");
        CHECK(result.corrections[0].used == "password");
        CHECK(result.usedTypoTolerance());
        CHECK(result.hits[0].snippet == "[Password] reset");
    }
    SECTION("refnd finds refund, the other word staying as typed") {
        const auto result = search(*store, {.text = "Card refnd"});
        CHECK(hitIds(result) == std::vector<std::string>{refund});
        REQUIRE(result.corrections.size() == 1);
        CHECK(result.corrections[0].typed == "refnd");
        CHECK(result.corrections[0].used == "refund");
    }
    SECTION("a word the index knows is never corrected") {
        const auto exact = search(*store, {.text = "refund"});
        CHECK(hitIds(exact) == std::vector<std::string>{refund});
        CHECK(exact.corrections.empty());
        // Known words that find nothing together, or nothing under the filters, stay as they are.
        CHECK(search(*store, {.text = "passport refund"}).corrections.empty());
        const auto filtered = search(*store, {.text = "password", .kinds = {"faq"}});
        CHECK(filtered.hits.empty());
        CHECK(filtered.corrections.empty());
    }
    SECTION("nothing close enough: no correction and no hits") {
        const auto result = search(*store, {.text = "pzzwrd"});
        CHECK(result.hits.empty());
        CHECK(result.corrections.empty());
        // Short words have no typo budget.
        CHECK(search(*store, {.text = "rfd"}).corrections.empty());
    }
}

TEST_CASE("Search: the typo index follows edits, deletions and synced articles", "[domain][search][typo]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto id = addArticle(*store, {{"title", "Opening hours"}, {"body", "We open at nine."}});
    // Edited before any search: its terms are still waiting to enter the typo index.
    REQUIRE(store->write("article", id, {{"summary", "Branch times"}}));
    // A first typo search absorbs what was written so far.
    CHECK(search(*store, {.text = "opneing"}).corrections.at(0).used == "opening");

    SECTION("after a local edit") {
        REQUIRE(store->write("article", id, {{"body", "Broadband installation takes a day."}}));
        const auto result = search(*store, {.text = "instalation"});
        CHECK(hitIds(result) == std::vector<std::string>{id});
        CHECK(result.corrections.at(0).used == "installation");
    }
    SECTION("after articles arrive from the server") {
        const Version version{Hlc::fromParts(kNowMillis + 1000, 0), NodeId(7)};
        const RecordPatch remote{"article",
                                 "a-remote",
                                 {{"title", {"Voicemail setup", version, std::nullopt}},
                                  {"kind", {"procedure", version, std::nullopt}},
                                  {"status", {"published", version, std::nullopt}}},
                                 {}};
        REQUIRE(store->applyRemote({remote}, 1));
        const auto result = search(*store, {.text = "voicemial"});
        CHECK(hitIds(result) == std::vector<std::string>{"a-remote"});
        CHECK(result.corrections.at(0).used == "voicemail");
        CHECK(result.hits.at(0).kind == "procedure");

        // Once the only article with the word is gone, the word is no longer offered.
        REQUIRE(store->remove("article", "a-remote"));
        const auto gone = search(*store, {.text = "voicemial"});
        CHECK(gone.hits.empty());
        CHECK(gone.corrections.empty());
    }
}

TEST_CASE("Search: filters by kind, status, tag, product and validity", "[domain][search][filters]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto faq = addArticle(*store, {{"title", "Billing dates"},
                                         {"kind", "faq"},
                                         {"tags", {"Billing", "dates"}},
                                         {"products", {"broadband"}},
                                         {"valid_to", "2026-11-23"}});
    const auto draft = addArticle(*store, {{"title", "Billing errors"},
                                           {"status", "draft"},
                                           {"tags", {"errors"}},
                                           {"products", {"mobile", "broadband"}},
                                           {"valid_from", "2026-11-24"}});
    const auto expired = addArticle(*store, {{"title", "Billing history"},
                                             {"kind", "procedure"},
                                             {"products", {"mobile"}},
                                             {"valid_from", "2026-01-01"},
                                             {"valid_to", "2026-11-22"}});
    const auto open = addArticle(*store, {{"title", "Billing contacts"}, {"kind", "faq"}});

    // Which articles pass is the point here, not their order.
    CHECK(idSet(*store, {.text = "billing", .kinds = {"faq"}}) == Ids{faq, open});
    CHECK(idSet(*store, {.text = "billing", .kinds = {"procedure", "answer"}}) == Ids{draft, expired});
    CHECK(idSet(*store, {.text = "billing", .statuses = {"draft"}}) == Ids{draft});
    CHECK(idSet(*store, {.text = "billing", .tags = {"billing"}}) == Ids{faq});
    CHECK(idSet(*store, {.text = "billing", .tags = {"ERRORS", "dates"}}) == Ids{faq, draft});
    CHECK(idSet(*store, {.text = "billing", .products = {"mobile"}}) == Ids{expired, draft});
    // Today is 2026-11-23: the last day of one, the day before another starts, a day after a third ended.
    CHECK(idSet(*store, {.text = "billing", .validToday = true}) == Ids{faq, open});
    // Filters combine.
    CHECK(
        idSet(*store, {.text = "billing", .kinds = {"faq"}, .products = {"broadband"}, .validToday = true}) ==
        Ids{faq});
}

TEST_CASE("Search: a category filter takes in its whole subtree", "[domain][search][filters]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto root = addCategory(*store, "Billing");
    const auto payments = addCategory(*store, "Payments", root);
    const auto cards = addCategory(*store, "Cards", payments);
    const auto refunds = addCategory(*store, "Refunds", root);
    const auto inRoot = addArticle(*store, {{"title", "Bills explained"}, {"category_id", root}});
    const auto inPayments = addArticle(*store, {{"title", "Paying bills"}, {"category_id", payments}});
    const auto inCards = addArticle(*store, {{"title", "Card bills"}, {"category_id", cards}});
    const auto inRefunds = addArticle(*store, {{"title", "Refunded bills"}, {"category_id", refunds}});

    // A child and a grandchild are in; the parent and the sibling are not.
    CHECK(idSet(*store, {.text = "bills", .categoryId = payments}) == Ids{inPayments, inCards});
    CHECK(idsFor(*store, {.text = "bills", .categoryId = root}).size() == 4);

    SECTION("an empty query browses the subtree by title") {
        const auto browsed = search(*store, {.categoryId = payments});
        CHECK(hitIds(browsed) == std::vector<std::string>{inCards, inPayments});
        CHECK(browsed.hits[0].categoryId == cards);
        CHECK(browsed.hits[0].snippet.empty());
        CHECK(browsed.hits[1].rank == 2);
        CHECK(idsFor(*store, {.text = " ", .categoryId = root}) ==
              std::vector<std::string>{inRoot, inCards, inPayments, inRefunds});
    }
    SECTION("an unknown category is refused") {
        const auto result =
            searchArticles(*store, kAgent, {.text = "bills", .categoryId = "nope"}, fixedClock);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::NotFound);
        CHECK(result.error().message.find("article.category_id") != std::string::npos);
    }
}

TEST_CASE("Search: agents see published articles first, supervisors one ranking", "[domain][search]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto draft = addArticle(*store, {{"title", "Modem lights"}, {"status", "draft"}});
    const auto archived = addArticle(*store, {{"title", "Modem"}, {"status", "archived"}});
    const auto published =
        addArticle(*store, {{"title", "Home setup"}, {"body", "Plug in the modem and wait."}});

    CHECK(idsFor(*store, {.text = "modem"}, kAgent) == std::vector<std::string>{published, archived, draft});
    CHECK(idsFor(*store, {.text = "modem"}, kSupervisor) ==
          std::vector<std::string>{archived, draft, published});
    // Browsing too.
    CHECK(idsFor(*store, {.kinds = {"answer"}}, kAgent) ==
          std::vector<std::string>{published, archived, draft});
    CHECK(idsFor(*store, {.kinds = {"answer"}}, kSupervisor) ==
          std::vector<std::string>{published, archived, draft});
}

TEST_CASE("Search: bad filters and limits are refused naming the field", "[domain][search]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    addArticle(*store, {{"title", "Modem lights"}});

    const auto kind = searchArticles(*store, kAgent, {.text = "modem", .kinds = {"faqs"}}, fixedClock);
    REQUIRE_FALSE(kind);
    CHECK(kind.error().code == ErrorCode::InvalidChange);
    CHECK(kind.error().message.starts_with("article.kind: 'faqs' is not one of faq, answer"));
    const auto status = searchArticles(*store, kAgent, {.text = "modem", .statuses = {"live"}}, fixedClock);
    REQUIRE_FALSE(status);
    CHECK(status.error().message.starts_with("article.status: "));
    const auto limit = searchArticles(*store, kAgent, {.text = "modem", .limit = 0}, fixedClock);
    REQUIRE_FALSE(limit);
    CHECK(limit.error().code == ErrorCode::InvalidChange);

    for (int i = 0; i < 3; ++i) {
        addArticle(*store, {{"title", "Modem " + std::to_string(i)}});
    }
    CHECK(search(*store, {.text = "modem", .limit = 2}).hits.size() == 2);
}

TEST_CASE("Search: a search miss is stored with the query, category, agent, time and count",
          "[domain][search][miss]") {
    test::TempDir dir;
    auto store = openStore(dir.file("replica.db"));
    const auto category = addCategory(*store, "Billing");

    const auto written = recordSearchMiss(
        *store, kAgent, {.query = "  direct debit date ", .categoryId = category}, fixedClock);
    REQUIRE(written);
    const auto miss = store->get("search_miss", written->id).value();
    REQUIRE(miss);
    CHECK(miss->fields == Json{{"query", "direct debit date"},
                               {"category_id", category},
                               {"agent", "alex"},
                               {"at", "2026-11-23T09:30:00Z"},
                               {"result_count", 0}});

    const auto shown =
        recordSearchMiss(*store, kSupervisor, {.query = "roaming", .resultCount = 3}, fixedClock);
    REQUIRE(shown);
    CHECK(store->get("search_miss", shown->id).value()->fields ==
          Json{{"query", "roaming"}, {"agent", "sam"}, {"at", "2026-11-23T09:30:00Z"}, {"result_count", 3}});

    const auto empty = recordSearchMiss(*store, kAgent, {.query = "   "}, fixedClock);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::InvalidChange);
    CHECK(empty.error().message.starts_with("search_miss.query: "));
    CHECK(store->list("search_miss").value().size() == 2);
}

TEST_CASE("Search: a version 2 replica is upgraded to version 3 with its articles searchable",
          "[domain][search][schema]") {
    test::TempDir dir;
    const auto path = dir.file("replica.db");
    std::string id;
    {
        auto store = openStore(path);
        id = addArticle(*store, {{"title", "Password reset"}, {"kind", "faq"}});
    }
    {
        // Back to what version 2 wrote: no search tables, triggers or vocabulary.
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("DROP TRIGGER records_article_search_insert; DROP TRIGGER records_article_search_update;"
                "DROP TRIGGER records_article_search_delete; DROP TABLE article_facets;"
                "DROP TABLE article_vocabulary; DROP TABLE search_term; DROP TABLE search_trigram;"
                "DROP TABLE search_term_pending; PRAGMA user_version = 2;");
    }
    for (int opening = 0; opening < 2; ++opening) {
        auto store = openStore(path);
        CHECK(store->database().execAndGet("PRAGMA user_version").getInt() == store::kReplicaSchemaVersion);
        CHECK(store->database().execAndGet("SELECT count(*) FROM article_facets").getInt() == 1);
        const auto result = search(*store, {.text = "pasword", .kinds = {"faq"}});
        CHECK(hitIds(result) == std::vector<std::string>{id});
        CHECK(result.corrections.at(0).used == "password");
    }
}
