// The knowledge set on small fixed replicas: lifecycle rules per role, verification and
// freshness, the category tree, article lists and facets, comments, key messages,
// helpfulness counts and drafts from interactions. Expected values are worked out by hand.
#include "knowset/domain/knowledge.hpp"

#include <algorithm>
#include <memory>
#include <tuple>

#include "test_support.hpp"

using namespace knowset;
using namespace knowset::domain;
using namespace std::chrono;

namespace {

constexpr std::uint64_t kNowMillis = 1773133200000; // 2026-03-10T09:00:00Z
const PhysicalClock kClock = [] {
    return kNowMillis;
};
const Day kToday = sys_days{2026y / March / 10};

const Actor kAgent{"alice", Role::Agent, {"north"}};
const Actor kSupervisor{"sam", Role::Supervisor, {"north"}};

class Replica {
public:
    Replica() {
        auto opened = LocalStore::open(StoreOptions{m_dir.file("replica.sqlite"), kClock, Synchronous::Off});
        REQUIRE(opened);
        m_store = std::move(*opened);
    }

    LocalStore& store() { return *m_store; }

    std::int64_t journalSize() {
        auto pending = m_store->pendingCount();
        REQUIRE(pending);
        return *pending;
    }

    Json fields(std::string_view collection, std::string_view id) {
        auto record = m_store->get(collection, id);
        REQUIRE(record);
        REQUIRE(record->has_value());
        return (*record)->fields;
    }

    std::string article(const Actor& actor, const Json& fields) {
        auto written = createArticle(*m_store, actor, fields);
        REQUIRE(written);
        return written->id;
    }

    std::string category(std::string_view name, std::string_view parent = {}) {
        auto written = createCategory(*m_store, name, parent);
        REQUIRE(written);
        return written->id;
    }

    std::string record(std::string_view collection, const Json& fields) {
        auto written = m_store->create(collection, fields);
        REQUIRE(written);
        return written->id;
    }

private:
    test::TempDir m_dir;
    std::unique_ptr<LocalStore> m_store;
};

template <typename T> void checkRefused(const Result<T>& result, ErrorCode code, std::string_view field) {
    REQUIRE_FALSE(result);
    INFO(result.error().message);
    CHECK(result.error().code == code);
    CHECK(result.error().message.starts_with(std::string(field) + ":"));
}

// A filter on one member: &ArticleFilter::kind, "faq".
ArticleFilter where(std::string ArticleFilter::*member, std::string value) {
    ArticleFilter filter;
    filter.*member = std::move(value);
    return filter;
}

std::vector<std::string> idsOf(const std::vector<ArticleSummary>& articles) {
    std::vector<std::string> ids;
    ids.reserve(articles.size());
    for (const auto& article : articles) {
        ids.push_back(article.id);
    }
    return ids;
}

std::vector<std::string> titlesOf(const std::vector<ArticleSummary>& articles) {
    std::vector<std::string> titles;
    titles.reserve(articles.size());
    for (const auto& article : articles) {
        titles.push_back(article.title);
    }
    return titles;
}

} // namespace

TEST_CASE("Lifecycle: the transition table", "[knowledge][lifecycle]") {
    using enum ArticleStatus;
    using enum TransitionRule;
    CHECK(transitionRule(Draft, InReview) == Anyone);
    CHECK(transitionRule(InReview, Draft) == Anyone);
    CHECK(transitionRule(Draft, Published) == SupervisorsOnly);
    CHECK(transitionRule(InReview, Published) == SupervisorsOnly);
    CHECK(transitionRule(Published, Archived) == SupervisorsOnly);
    CHECK(transitionRule(Archived, Draft) == SupervisorsOnly);
    for (const auto& [from, to] :
         std::vector<std::pair<ArticleStatus, ArticleStatus>>{{Draft, Archived},
                                                              {InReview, Archived},
                                                              {Published, Draft},
                                                              {Published, InReview},
                                                              {Archived, InReview},
                                                              {Archived, Published}}) {
        CHECK(transitionRule(from, to) == Impossible);
    }
    CHECK(articleStatusFromString("in_review") == InReview);
    CHECK_FALSE(articleStatusFromString("live"));
    CHECK(toString(Archived) == "archived");
}

TEST_CASE("Lifecycle: every transition allowed or refused by role", "[knowledge][lifecycle]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string id = replica.article(kAgent, {{"kind", "faq"}, {"title", "Meter readings"}});
    const auto statusOf = [&] {
        return replica.fields("article", id)["status"];
    };
    CHECK(statusOf() == "draft");

    // An agent may submit and withdraw.
    REQUIRE(changeArticleStatus(store, kAgent, id, ArticleStatus::InReview, kClock));
    REQUIRE(changeArticleStatus(store, kAgent, id, ArticleStatus::Draft, kClock));
    REQUIRE(changeArticleStatus(store, kAgent, id, ArticleStatus::InReview, kClock));
    CHECK(statusOf() == "in_review");

    // An agent may not publish: refused locally, nothing written, the journal unchanged.
    const std::int64_t journal = replica.journalSize();
    checkRefused(changeArticleStatus(store, kAgent, id, ArticleStatus::Published, kClock),
                 ErrorCode::Forbidden, "article.status");
    checkRefused(updateArticle(store, kAgent, id, {{"status", "published"}, {"title", "Changed"}}, kClock),
                 ErrorCode::Forbidden, "article.status");
    CHECK(statusOf() == "in_review");
    CHECK(replica.fields("article", id)["title"] == "Meter readings");
    CHECK(replica.journalSize() == journal);

    REQUIRE(changeArticleStatus(store, kSupervisor, id, ArticleStatus::Published, kClock));
    CHECK(statusOf() == "published");
    checkRefused(changeArticleStatus(store, kAgent, id, ArticleStatus::Archived, kClock),
                 ErrorCode::Forbidden, "article.status");
    // Impossible whoever asks.
    checkRefused(changeArticleStatus(store, kSupervisor, id, ArticleStatus::Draft, kClock),
                 ErrorCode::InvalidChange, "article.status");
    checkRefused(changeArticleStatus(store, kSupervisor, id, ArticleStatus::Published, kClock),
                 ErrorCode::InvalidChange, "article.status");

    REQUIRE(changeArticleStatus(store, kSupervisor, id, ArticleStatus::Archived, kClock));
    checkRefused(changeArticleStatus(store, kAgent, id, ArticleStatus::Draft, kClock), ErrorCode::Forbidden,
                 "article.status");
    REQUIRE(changeArticleStatus(store, Actor{"ada", Role::Admin, {}}, id, ArticleStatus::Draft, kClock));
    CHECK(statusOf() == "draft");

    // A draft goes straight to published only by a supervisor, never straight to archived.
    checkRefused(changeArticleStatus(store, kSupervisor, id, ArticleStatus::Archived, kClock),
                 ErrorCode::InvalidChange, "article.status");
    REQUIRE(changeArticleStatus(store, kSupervisor, id, ArticleStatus::Published, kClock));
    CHECK(statusOf() == "published");
}

TEST_CASE("Articles: creation defaults, role rules and validation", "[knowledge][articles]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string id = replica.article(kAgent, {{"kind", "answer"}, {"title", "Refunds"}});
    const Json fields = replica.fields("article", id);
    CHECK(fields["status"] == "draft");
    CHECK(fields["owner"] == "alice");

    const std::string handed =
        replica.article(kAgent, {{"kind", "faq"}, {"title", "Tariffs"}, {"owner", "bob"}});
    CHECK(replica.fields("article", handed)["owner"] == "bob");
    CHECK(replica.journalSize() == 2);

    checkRefused(createArticle(store, kAgent, {{"kind", "faq"}, {"title", "T"}, {"status", "published"}}),
                 ErrorCode::Forbidden, "article.status");
    checkRefused(createArticle(store, kSupervisor, {{"kind", "faq"}, {"title", "T"}, {"status", "archived"}}),
                 ErrorCode::InvalidChange, "article.status");
    checkRefused(createArticle(store, kAgent, {{"title", "No kind"}}), ErrorCode::InvalidChange,
                 "article.kind");
    checkRefused(createArticle(store, kAgent, {{"kind", "faq"}, {"title", " "}}), ErrorCode::InvalidChange,
                 "article.title");
    checkRefused(updateArticle(store, kAgent, id, {{"valid_from", "2026-05-01"}, {"valid_to", "2026-04-01"}}),
                 ErrorCode::InvalidChange, "article.valid_to");
    checkRefused(updateArticle(store, kAgent, "missing", {{"title", "X"}}), ErrorCode::NotFound, "article");
    CHECK(replica.journalSize() == 2);

    const std::string published = replica.article(
        kSupervisor, {{"kind", "procedure"}, {"title", "Move house"}, {"status", "published"}});
    CHECK(replica.fields("article", published)["status"] == "published");
}

TEST_CASE("Verification: verify sets the dates, freshness reads them", "[knowledge][verification]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string id = replica.article(kAgent, {{"kind", "faq"}, {"title", "Direct debit"}});
    REQUIRE(updateArticle(store, kAgent, id, {{"needs_review", true}, {"review_reason", "asked by bob"}}));

    REQUIRE(verifyArticle(store, kSupervisor, id, kDefaultReviewAfterDays, kClock));
    Json fields = replica.fields("article", id);
    CHECK(fields["verified_at"] == "2026-03-10T09:00:00Z");
    CHECK(fields["verified_by"] == "sam");
    CHECK(fields["review_due"] == "2026-09-06"); // 21 days of March + 30 + 31 + 30 + 31 + 31 + 6
    CHECK(fields["needs_review"] == false);
    CHECK(fields["review_reason"].is_null());

    REQUIRE(verifyArticle(store, kAgent, id, 30, kClock));
    CHECK(replica.fields("article", id)["review_due"] == "2026-04-09");
    checkRefused(verifyArticle(store, kAgent, id, 0, kClock), ErrorCode::InvalidChange, "article.review_due");

    auto fresh = articleFreshness(store, id, kToday);
    REQUIRE(fresh);
    CHECK(fresh->daysSinceVerified == 0);
    CHECK(fresh->verifiedBy == "alice");
    CHECK(fresh->daysUntilReview == 30);
    CHECK_FALSE(fresh->reviewOverdue);
    CHECK_FALSE(fresh->expired);
    CHECK_FALSE(fresh->needsReview);

    const ArticleFreshness stale = freshnessOf({{"verified_at", "2026-01-10T08:00:00Z"},
                                                {"review_due", "2026-03-01"},
                                                {"valid_to", "2026-03-09"},
                                                {"needs_review", true},
                                                {"review_reason", "key message changed"}},
                                               kToday);
    CHECK(stale.verifiedOn == sys_days{2026y / January / 10});
    CHECK(stale.daysSinceVerified == 59); // 21 + 28 + 10
    CHECK(stale.daysUntilReview == -9);
    CHECK(stale.reviewOverdue);
    CHECK(stale.expired);
    CHECK(stale.needsReview);
    CHECK(stale.reviewReason == "key message changed");

    const ArticleFreshness dueToday =
        freshnessOf({{"review_due", "2026-03-10"}, {"valid_to", "2026-03-10"}}, kToday);
    CHECK(dueToday.daysUntilReview == 0);
    CHECK_FALSE(dueToday.reviewOverdue);
    CHECK_FALSE(dueToday.expired); // valid through its last day
    CHECK_FALSE(dueToday.verifiedOn);
    CHECK_FALSE(dueToday.daysSinceVerified);
}

TEST_CASE("Categories: tree order, depth, subtree and article counts", "[knowledge][categories]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string billing = replica.category("Billing");
    const std::string outages = replica.category("Outages");
    const std::string refunds = replica.category("Refunds", billing);
    const std::string cards = replica.category("Card refunds", refunds);
    const std::string tariffs = replica.category("Tariffs", billing);
    replica.article(kAgent, {{"kind", "faq"}, {"title", "Chargebacks"}, {"category_id", cards}});
    replica.article(kAgent, {{"kind", "faq"}, {"title", "Card refund times"}, {"category_id", cards}});

    auto tree = categoryTree(store);
    REQUIRE(tree);
    REQUIRE(tree->size() == 5);
    const std::vector<std::tuple<std::string, int, std::int64_t, std::int64_t>> expected{
        {billing, 0, 1, 0}, {refunds, 1, 1, 0}, {cards, 2, 1, 2}, {tariffs, 1, 2, 0}, {outages, 0, 2, 0}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& [id, depth, position, articles] = expected[i];
        INFO("node " << i << " " << (*tree)[i].name);
        CHECK((*tree)[i].id == id);
        CHECK((*tree)[i].depth == depth);
        CHECK((*tree)[i].position == position);
        CHECK((*tree)[i].articleCount == articles);
    }
    CHECK((*tree)[2].parentId == refunds);

    auto subtree = categorySubtree(store, billing);
    REQUIRE(subtree);
    CHECK(*subtree == std::vector<std::string>{billing, refunds, cards, tariffs});
    checkRefused(categorySubtree(store, "missing"), ErrorCode::NotFound, "category");
    checkRefused(createCategory(store, "Orphan", "missing"), ErrorCode::NotFound, "category.parent_id");
    checkRefused(createCategory(store, ""), ErrorCode::InvalidChange, "category.name");
}

TEST_CASE("Categories: moves refuse cycles, rename and delete", "[knowledge][categories]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string billing = replica.category("Billing");
    const std::string refunds = replica.category("Refunds", billing);
    const std::string cards = replica.category("Card refunds", refunds);
    const std::int64_t journal = replica.journalSize();

    checkRefused(moveCategory(store, billing, cards), ErrorCode::InvalidChange, "category.parent_id");
    checkRefused(moveCategory(store, billing, billing), ErrorCode::InvalidChange, "category.parent_id");
    checkRefused(moveCategory(store, refunds, "missing"), ErrorCode::NotFound, "category.parent_id");
    CHECK(replica.journalSize() == journal);

    auto unchanged = moveCategory(store, refunds, billing);
    REQUIRE(unchanged);
    CHECK(unchanged->journalSeq == 0);

    REQUIRE(moveCategory(store, cards, ""));
    Json fields = replica.fields("category", cards);
    CHECK(fields["parent_id"].is_null());
    CHECK(fields["position"] == 2); // after Billing
    REQUIRE(moveCategory(store, billing, cards));
    CHECK(replica.fields("category", billing)["parent_id"] == cards);

    REQUIRE(renameCategory(store, refunds, "Refunds and credits"));
    CHECK(replica.fields("category", refunds)["name"] == "Refunds and credits");
    checkRefused(renameCategory(store, refunds, ""), ErrorCode::InvalidChange, "category.name");

    const std::string article =
        replica.article(kAgent, {{"kind", "faq"}, {"title", "Credit notes"}, {"category_id", refunds}});
    auto withChild = deleteCategory(store, billing);
    checkRefused(withChild, ErrorCode::InvalidChange, "category.parent_id");
    CHECK(withChild.error().message.find("'Refunds and credits'") != std::string::npos);
    auto withArticle = deleteCategory(store, refunds);
    checkRefused(withArticle, ErrorCode::InvalidChange, "article.category_id");
    CHECK(withArticle.error().message.find("1 article ('Credit notes')") != std::string::npos);

    REQUIRE(store.remove("article", article));
    REQUIRE(deleteCategory(store, refunds));
    auto tree = categoryTree(store);
    REQUIRE(tree);
    CHECK(tree->size() == 2);
}

TEST_CASE("Categories: reorder renumbers the siblings in one write", "[knowledge][categories]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string a = replica.category("A");
    const std::string b = replica.category("B");
    const std::string c = replica.category("C");
    const std::string d = replica.category("D");
    const std::string child = replica.category("Child", a);
    const auto positions = [&] {
        std::vector<std::int64_t> numbers;
        for (const auto& id : {a, b, c, d}) {
            numbers.push_back(replica.fields("category", id)["position"].get<std::int64_t>());
        }
        return numbers;
    };
    CHECK(positions() == std::vector<std::int64_t>{1, 2, 3, 4});

    std::int64_t journal = replica.journalSize();
    auto moved = reorderCategory(store, d, 1);
    REQUIRE(moved);
    CHECK(moved->size() == 4);
    CHECK(replica.journalSize() == journal + 4);
    CHECK(positions() == std::vector<std::int64_t>{2, 3, 4, 1});
    CHECK(replica.fields("category", child)["position"] == 1);

    journal = replica.journalSize();
    auto toEnd = reorderCategory(store, a, 99);
    REQUIRE(toEnd);
    CHECK(toEnd->size() == 3); // D B C A: D stays first
    CHECK(positions() == std::vector<std::int64_t>{4, 2, 3, 1});
    CHECK(replica.journalSize() == journal + 3);

    auto same = reorderCategory(store, d, 1);
    REQUIRE(same);
    CHECK(same->empty());
    checkRefused(reorderCategory(store, d, 0), ErrorCode::InvalidChange, "category.position");

    // Created at a position: the siblings after it move down in the same transaction.
    journal = replica.journalSize();
    auto e = createCategory(store, "E", "", 2);
    REQUIRE(e);
    CHECK(replica.fields("category", e->id)["position"] == 2);
    CHECK(positions() == std::vector<std::int64_t>{5, 3, 4, 1});
    CHECK(replica.journalSize() == journal + 4);
}

TEST_CASE("Categories: a cycle made by concurrent moves still shows every category",
          "[knowledge][categories]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string x = replica.category("X");
    const std::string y = replica.category("Y", x);
    // What two replicas that each moved one under the other end up with after sync.
    REQUIRE(store.write("category", x, {{"parent_id", y}}));
    auto tree = categoryTree(store);
    REQUIRE(tree);
    REQUIRE(tree->size() == 2);
    CHECK((*tree)[0].id == x);
    CHECK((*tree)[0].depth == 0);
    CHECK((*tree)[1].id == y);
    CHECK((*tree)[1].depth == 1);
    auto subtree = categorySubtree(store, y);
    REQUIRE(subtree);
    CHECK(*subtree == std::vector<std::string>{y, x});
}

TEST_CASE("Article lists: filters, subtree, title order and facets", "[knowledge][browse]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string billing = replica.category("Billing");
    const std::string refunds = replica.category("Refunds", billing);
    const std::string cards = replica.category("Card refunds", refunds);
    const std::string outages = replica.category("Outages");
    const std::string grandchild = replica.article(kAgent, {{"kind", "faq"},
                                                            {"title", "chargebacks"},
                                                            {"category_id", cards},
                                                            {"tags", {"card", "refund"}},
                                                            {"products", {"broadband"}}});
    const std::string direct = replica.article(kSupervisor, {{"kind", "answer"},
                                                             {"title", "Billing dates"},
                                                             {"category_id", billing},
                                                             {"status", "published"},
                                                             {"tags", {"dates"}},
                                                             {"products", {"broadband", "mobile"}}});
    const std::string elsewhere = replica.article(
        kAgent, {{"kind", "faq"}, {"title", "Area outage"}, {"category_id", outages}, {"tags", {"refund"}}});
    const std::string gone =
        replica.article(kAgent, {{"kind", "faq"}, {"title", "Deleted"}, {"category_id", billing}});
    REQUIRE(store.remove("article", gone));

    const auto list = [&](const ArticleFilter& filter) {
        auto articles = listArticles(store, filter);
        REQUIRE(articles);
        return *articles;
    };
    CHECK(titlesOf(list({})) == std::vector<std::string>{"Area outage", "Billing dates", "chargebacks"});
    CHECK(idsOf(list(where(&ArticleFilter::categoryId, billing))) ==
          std::vector<std::string>{direct, grandchild});
    CHECK(idsOf(list(where(&ArticleFilter::categoryId, refunds))) == std::vector<std::string>{grandchild});
    CHECK(idsOf(list(where(&ArticleFilter::kind, "faq"))) == std::vector<std::string>{elsewhere, grandchild});
    CHECK(idsOf(list(where(&ArticleFilter::status, "published"))) == std::vector<std::string>{direct});
    CHECK(idsOf(list(where(&ArticleFilter::tag, "refund"))) ==
          std::vector<std::string>{elsewhere, grandchild});
    ArticleFilter refundsInBilling = where(&ArticleFilter::categoryId, billing);
    refundsInBilling.tag = "refund";
    CHECK(idsOf(list(refundsInBilling)) == std::vector<std::string>{grandchild});
    CHECK(idsOf(list(where(&ArticleFilter::product, "mobile"))) == std::vector<std::string>{direct});
    CHECK(list(where(&ArticleFilter::kind, "procedure")).empty());
    checkRefused(listArticles(store, where(&ArticleFilter::categoryId, "missing")), ErrorCode::NotFound,
                 "category");

    const ArticleSummary summary = list(where(&ArticleFilter::status, "published")).front();
    CHECK(summary.kind == "answer");
    CHECK(summary.categoryId == billing);
    CHECK(summary.tags == std::vector<std::string>{"dates"});
    CHECK(summary.products == std::vector<std::string>{"broadband", "mobile"});
    CHECK_FALSE(summary.needsReview);

    auto tags = articleTags(store);
    REQUIRE(tags);
    REQUIRE(tags->size() == 3);
    CHECK(((*tags)[0].value == "refund" && (*tags)[0].articles == 2));
    CHECK(((*tags)[1].value == "card" && (*tags)[1].articles == 1));
    CHECK(((*tags)[2].value == "dates" && (*tags)[2].articles == 1));
    auto billingTags = articleTags(store, where(&ArticleFilter::categoryId, billing));
    REQUIRE(billingTags);
    CHECK(billingTags->size() == 3);
    CHECK(((*billingTags)[0].value == "card" && (*billingTags)[0].articles == 1));
    auto products = articleProducts(store);
    REQUIRE(products);
    REQUIRE(products->size() == 2);
    CHECK(((*products)[0].value == "broadband" && (*products)[0].articles == 2));
    CHECK(((*products)[1].value == "mobile" && (*products)[1].articles == 1));
}

TEST_CASE("Comments: on any live record, listed oldest first", "[knowledge][comments]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string article = replica.article(kAgent, {{"kind", "faq"}, {"title", "Refunds"}});
    const std::string other = replica.article(kAgent, {{"kind", "faq"}, {"title", "Other"}});
    REQUIRE(addComment(store, kAgent, "article", article, "Is 14 days still right?"));
    REQUIRE(addComment(store, kSupervisor, "article", other, "Elsewhere"));
    REQUIRE(addComment(store, kSupervisor, "article", article, "Yes, checked with finance."));

    auto comments = listComments(store, "article", article);
    REQUIRE(comments);
    REQUIRE(comments->size() == 2);
    CHECK((*comments)[0].author == "alice");
    CHECK((*comments)[0].body == "Is 14 days still right?");
    CHECK((*comments)[1].author == "sam");
    CHECK((*comments)[1].body == "Yes, checked with finance.");

    const std::int64_t journal = replica.journalSize();
    checkRefused(addComment(store, kAgent, "article", "missing", "?"), ErrorCode::NotFound,
                 "comment.target_id");
    checkRefused(addComment(store, kAgent, "planet", article, "?"), ErrorCode::InvalidChange,
                 "comment.target_collection");
    checkRefused(addComment(store, kAgent, "article", article, ""), ErrorCode::InvalidChange, "comment.body");
    REQUIRE(store.remove("article", other));
    checkRefused(addComment(store, kAgent, "article", other, "Too late"), ErrorCode::NotFound,
                 "comment.target_id");
    CHECK(replica.journalSize() == journal + 1); // the removal only
}

TEST_CASE("Key messages: a change marks exactly the published citers, in one transaction",
          "[knowledge][key-messages]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string refundPolicy = replica.article(
        kSupervisor, {{"kind", "key_message"}, {"title", "Refunds within 14 days"}, {"status", "published"}});
    const std::string safety = replica.article(
        kSupervisor, {{"kind", "key_message"}, {"title", "Safety first"}, {"status", "published"}});
    const std::string citer = replica.article(kSupervisor, {{"kind", "answer"},
                                                            {"title", "Refund a card payment"},
                                                            {"status", "published"},
                                                            {"key_message_ids", {refundPolicy, safety}}});
    const std::string draftCiter = replica.article(
        kAgent, {{"kind", "answer"}, {"title", "Refund by cheque"}, {"key_message_ids", {refundPolicy}}});
    const std::string otherCiter = replica.article(
        kSupervisor,
        {{"kind", "answer"}, {"title", "Gas leak"}, {"status", "published"}, {"key_message_ids", {safety}}});
    const std::string nonCiter =
        replica.article(kSupervisor, {{"kind", "faq"}, {"title", "Opening hours"}, {"status", "published"}});

    auto citers = keyMessageCiters(store, refundPolicy);
    REQUIRE(citers);
    CHECK(idsOf(*citers) == std::vector<std::string>{citer, draftCiter}); // by title

    // Not content: nobody is marked.
    std::int64_t journal = replica.journalSize();
    auto tagged = updateArticle(store, kSupervisor, refundPolicy, {{"tags", {"refunds"}}}, kClock);
    REQUIRE(tagged);
    CHECK(tagged->markedForReview.empty());
    CHECK(replica.journalSize() == journal + 1);

    journal = replica.journalSize();
    auto changed =
        updateArticle(store, kSupervisor, refundPolicy, {{"body", "Refunds within 30 days."}}, kClock);
    REQUIRE(changed);
    CHECK(changed->article.id == refundPolicy);
    CHECK(changed->markedForReview == std::vector<std::string>{citer});
    CHECK(replica.journalSize() == journal + 2);
    const Json marked = replica.fields("article", citer);
    CHECK(marked["needs_review"] == true);
    CHECK(marked["review_reason"] ==
          "key message 'Refunds within 14 days' (" + refundPolicy + ") changed on 2026-03-10");
    for (const auto& untouched : {draftCiter, otherCiter, nonCiter}) {
        CHECK_FALSE(replica.fields("article", untouched).contains("needs_review"));
    }
    auto listed = listArticles(store, where(&ArticleFilter::status, "published"));
    REQUIRE(listed);
    CHECK(std::count_if(listed->begin(), listed->end(), [](const auto& a) { return a.needsReview; }) == 1);

    // Archiving a key message also puts its citers up for review.
    auto archived = changeArticleStatus(store, kSupervisor, safety, ArticleStatus::Archived, kClock);
    REQUIRE(archived);
    CHECK(archived->markedForReview == std::vector<std::string>{citer, otherCiter});

    // Citing: only live key messages.
    journal = replica.journalSize();
    checkRefused(updateArticle(store, kAgent, draftCiter, {{"key_message_ids", {nonCiter}}}),
                 ErrorCode::InvalidChange, "article.key_message_ids");
    checkRefused(updateArticle(store, kAgent, draftCiter, {{"key_message_ids", {"missing"}}}),
                 ErrorCode::InvalidChange, "article.key_message_ids");
    checkRefused(
        createArticle(store, kAgent, {{"kind", "faq"}, {"title", "T"}, {"key_message_ids", {citer}}}),
        ErrorCode::InvalidChange, "article.key_message_ids");
    CHECK(replica.journalSize() == journal);
    REQUIRE(updateArticle(store, kAgent, draftCiter, {{"key_message_ids", {refundPolicy, safety}}}));
}

TEST_CASE("Helpfulness: feedback records and per-article counts", "[knowledge][helpfulness]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string refunds = replica.article(kAgent, {{"kind", "faq"}, {"title", "Refunds"}});
    const std::string tariffs = replica.article(kAgent, {{"kind", "faq"}, {"title", "Tariffs"}});
    const std::string call =
        replica.record("interaction", {{"channel", "phone"}, {"kind", "query"}, {"branch", "south"}});

    auto yes = recordHelpfulness(store, kAgent, {refunds, true, std::nullopt, ""}, kClock);
    REQUIRE(yes);
    CHECK(replica.fields("feedback", yes->id) == Json{{"source", "unsolicited"},
                                                      {"scale", "helpful"},
                                                      {"article_id", refunds},
                                                      {"at", "2026-03-10T09:00:00Z"},
                                                      {"branch", "north"},
                                                      {"helpful", true},
                                                      {"agent", "alice"}});
    REQUIRE(recordHelpfulness(store, kAgent, {refunds, false, std::nullopt, ""}, kClock));
    auto used = recordHelpfulness(store, kAgent, {refunds, true, AnswerOutcome::Worked, call}, kClock);
    REQUIRE(used);
    const Json usedFields = replica.fields("feedback", used->id);
    CHECK(usedFields["interaction_id"] == call);
    CHECK(usedFields["branch"] == "south"); // the interaction's branch
    CHECK(usedFields["answer_outcome"] == "worked");
    REQUIRE(recordHelpfulness(store, kAgent, {refunds, std::nullopt, AnswerOutcome::Partly, ""}, kClock));
    REQUIRE(recordHelpfulness(store, kAgent, {refunds, std::nullopt, AnswerOutcome::NotWorked, ""}, kClock));
    REQUIRE(recordHelpfulness(store, kSupervisor, {tariffs, false, AnswerOutcome::NotWorked, ""}, kClock));
    // Survey feedback about an article says nothing about helpfulness: not counted.
    replica.record("feedback", {{"source", "survey"},
                                {"scale", "csat"},
                                {"score", 4},
                                {"article_id", tariffs},
                                {"branch", "north"}});

    auto counts = helpfulnessCounts(store, refunds);
    REQUIRE(counts);
    CHECK(*counts == HelpfulnessCounts{2, 1, 1, 1, 1});
    auto none = helpfulnessCounts(store, "missing");
    REQUIRE(none);
    CHECK(*none == HelpfulnessCounts{});

    auto all = helpfulnessCountsByArticle(store);
    REQUIRE(all);
    REQUIRE(all->size() == 2);
    CHECK(all->at(refunds) == HelpfulnessCounts{2, 1, 1, 1, 1});
    CHECK(all->at(tariffs) == HelpfulnessCounts{0, 1, 0, 0, 1});

    const std::int64_t journal = replica.journalSize();
    checkRefused(
        recordHelpfulness(store, Actor{"nobody", Role::Agent, {}}, {refunds, true, std::nullopt, ""}, kClock),
        ErrorCode::InvalidChange, "feedback.branch");
    checkRefused(recordHelpfulness(store, kAgent, {refunds, std::nullopt, std::nullopt, ""}, kClock),
                 ErrorCode::InvalidChange, "feedback.helpful");
    checkRefused(recordHelpfulness(store, kAgent, {"missing", true, std::nullopt, ""}, kClock),
                 ErrorCode::NotFound, "feedback.article_id");
    checkRefused(recordHelpfulness(store, kAgent, {refunds, true, std::nullopt, "missing"}, kClock),
                 ErrorCode::NotFound, "feedback.interaction_id");
    CHECK(replica.journalSize() == journal);

    CHECK(answerOutcomeFromString("not") == AnswerOutcome::NotWorked);
    CHECK_FALSE(answerOutcomeFromString("maybe"));
}

TEST_CASE("Drafts from interactions carry the classification and the customer's words",
          "[knowledge][drafts]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string billing = replica.category("Billing");
    const std::string call =
        replica.record("interaction", {{"channel", "phone"},
                                       {"kind", "query"},
                                       {"branch", "north"},
                                       {"category_id", billing},
                                       {"product", "broadband"},
                                       {"summary", "Charged twice for March"},
                                       {"customer_words", "I was charged twice\n\nfor March.\n"},
                                       {"details", "Not used"},
                                       {"occurred_at", "2026-03-02T10:15:00Z"}});
    auto draft = draftFromInteraction(store, kAgent, call);
    REQUIRE(draft);
    CHECK(replica.fields("article", draft->id) ==
          Json{{"kind", "answer"},
               {"status", "draft"},
               {"title", "Charged twice for March"},
               {"body",
                "The customer said:\n\n> I was charged twice\n>\n> for March.\n\nDrafted from interaction " +
                    call + " (phone, 2026-03-02)."},
               {"source_interaction_id", call},
               {"category_id", billing},
               {"products", {"broadband"}},
               {"owner", "alice"}});

    // No summary and no customer words: the details give both the title and the quote.
    const std::string letter = replica.record(
        "interaction",
        {{"channel", "letter"},
         {"kind", "complaint"},
         {"branch", "north"},
         {"details", "one two three four five six seven eight nine ten eleven twelve thirteen"}});
    auto fromDetails = draftFromInteraction(store, kAgent, letter);
    REQUIRE(fromDetails);
    const Json fields = replica.fields("article", fromDetails->id);
    CHECK(fields["title"] == "one two three four five six seven eight nine ten eleven twelve…");
    CHECK(fields["body"] ==
          "The customer said:\n\n> one two three four five six seven eight nine ten eleven twelve "
          "thirteen\n\nDrafted from interaction " +
              letter + " (letter).");
    CHECK_FALSE(fields.contains("category_id"));

    const std::string silent =
        replica.record("interaction", {{"channel", "chat"}, {"kind", "request"}, {"branch", "north"}});
    auto bare = draftFromInteraction(store, kAgent, silent);
    REQUIRE(bare);
    CHECK(replica.fields("article", bare->id)["title"] == "Draft from a chat request");

    checkRefused(draftFromInteraction(store, kAgent, "missing"), ErrorCode::NotFound,
                 "article.source_interaction_id");
}
