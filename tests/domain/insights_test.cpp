// Insights and KPIs (knowset/domain/insights.hpp, kpis.hpp) on small fixed replicas whose
// answers are worked out by hand in the comments.
#include "knowset/domain/insights.hpp"
#include "knowset/domain/kpis.hpp"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.hpp"

using namespace knowset;
using namespace knowset::domain;

namespace {

// 2026-03-23T00:00:00Z: the clock of the test replicas (it only stamps versions).
constexpr std::uint64_t kFixedMillis = 1774224000000ULL;

Day day(std::string_view text) {
    return *parseDay(text);
}

Instant instant(std::string_view text) {
    return *parseTimestamp(text);
}

Period days(std::string_view from, std::string_view toExclusive) {
    return {day(from), day(toExclusive)};
}

class Replica {
public:
    Replica() {
        auto opened =
            LocalStore::open({m_dir.file("replica.sqlite"), [] { return kFixedMillis; }, Synchronous::Off});
        REQUIRE(opened);
        m_store = std::move(*opened);
    }

    LocalStore& store() { return *m_store; }

    std::string add(std::string_view collection, const Json& fields) {
        auto written = m_store->create(collection, fields);
        REQUIRE(written);
        return written->id;
    }
    // An interaction: a phone query of branch north unless `fields` say otherwise.
    std::string interaction(const Json& fields) {
        Json all{{"channel", "phone"}, {"kind", "query"}, {"branch", "north"}};
        all.update(fields);
        return add("interaction", all);
    }
    std::string feedback(const Json& fields) {
        Json all{{"source", "survey"}, {"branch", "north"}};
        all.update(fields);
        return add("feedback", all);
    }
    std::string category(std::string_view name) { return add("category", {{"name", name}}); }
    void remove(std::string_view collection, std::string_view id) {
        REQUIRE(m_store->remove(collection, id));
    }

private:
    knowset::test::TempDir m_dir;
    std::unique_ptr<LocalStore> m_store;
};

// "2026-03-02T09:00:00Z" for day 2 of March at 09:00.
std::string march(int dayOfMonth, std::string_view time = "09:00:00") {
    return "2026-03-" + std::string(dayOfMonth < 10 ? "0" : "") + std::to_string(dayOfMonth) + "T" +
           std::string(time) + "Z";
}

} // namespace

TEST_CASE("Trends: interactions per ISO week by category, product and channel", "[insights][trends]") {
    Replica replica;
    const auto billing = replica.category("Billing");
    const auto outages = replica.category("Outages");
    replica.interaction({{"occurred_at", march(2)}, {"category_id", billing}, {"product", "broadband"}});
    replica.interaction({{"occurred_at", march(4)},
                         {"category_id", billing},
                         {"product", "broadband"},
                         {"channel", "email"}});
    replica.interaction(
        {{"occurred_at", march(8, "23:30:00")}, {"category_id", outages}, {"product", "mobile"}});
    // 00:10 on Monday 9 March at +02:00 is 22:10 UTC on Sunday 8 March: week of 2 March.
    replica.interaction({{"occurred_at", "2026-03-09T00:10:00+02:00"}, {"category_id", outages}});
    replica.interaction({{"occurred_at", march(10)},
                         {"category_id", billing},
                         {"product", "broadband"},
                         {"channel", "chat"}});
    replica.interaction({{"occurred_at", march(11)}, {"channel", "chat"}}); // no category, no product
    replica.remove("interaction",
                   replica.interaction({{"occurred_at", march(10)}, {"category_id", billing}}));
    replica.interaction({{"occurred_at", march(16)}, {"category_id", billing}}); // after the period
    replica.interaction({{"category_id", billing}});                             // never happened

    const Period period = days("2026-03-02", "2026-03-16");
    std::map<std::pair<std::string, std::string>, std::int64_t> counts; // (week, label) -> count

    SECTION("by category: labels are the categories' names, none is the empty key") {
        auto rows = weeklyCounts(replica.store(), TrendDimension::Category, period);
        REQUIRE(rows);
        for (const auto& row : *rows) {
            counts[{formatDay(row.week), row.label}] = row.count;
        }
        // Week of 2 March: billing on the 2nd and 4th, outages on the 8th and the +02:00 one.
        // Week of 9 March: billing on the 10th (the deleted one not counted), one without.
        CHECK(counts ==
              std::map<std::pair<std::string, std::string>, std::int64_t>{{{"2026-03-02", "Billing"}, 2},
                                                                          {{"2026-03-02", "Outages"}, 2},
                                                                          {{"2026-03-09", "Billing"}, 1},
                                                                          {{"2026-03-09", ""}, 1}});
        REQUIRE(rows->size() == 4);
        CHECK(formatDay((*rows)[0].week) == "2026-03-02");
        CHECK(formatDay((*rows)[3].week) == "2026-03-09");
        CHECK((*rows)[2].key.empty()); // ties in a week are ordered by key: "" first
        CHECK((*rows)[3].key == billing);
    }

    SECTION("by channel: a week's counts add up to its interactions, highest first") {
        auto rows = weeklyCounts(replica.store(), TrendDimension::Channel, period);
        REQUIRE(rows);
        REQUIRE(rows->size() == 3);
        // Week of 2 March: phone 3 (2nd, 8th, +02:00), email 1. Week of 9 March: chat 2.
        CHECK(((*rows)[0].label == "phone" && (*rows)[0].count == 3));
        CHECK(((*rows)[1].label == "email" && (*rows)[1].count == 1));
        CHECK(((*rows)[2].label == "chat" && (*rows)[2].count == 2));
    }

    SECTION("by product") {
        auto rows = weeklyCounts(replica.store(), TrendDimension::Product, days("2026-03-09", "2026-03-16"));
        REQUIRE(rows);
        for (const auto& row : *rows) {
            counts[{formatDay(row.week), row.label}] = row.count;
        }
        CHECK(counts == std::map<std::pair<std::string, std::string>, std::int64_t>{
                            {{"2026-03-09", "broadband"}, 1}, {{"2026-03-09", ""}, 1}});
    }
}

TEST_CASE("Rising topics: this period against the previous one, with a minimum count", "[insights][rising]") {
    Replica replica;
    const auto billing = replica.category("Billing");
    const auto outages = replica.category("Outages");
    const auto moves = replica.category("Moves");
    const auto tariffs = replica.category("Tariffs");
    const auto logMany = [&replica](int count, int dayOfMonth, Json fields) {
        for (int i = 0; i < count; ++i) {
            fields["occurred_at"] = march(dayOfMonth);
            replica.interaction(fields);
        }
    };
    // Previous week (2-8 March) and current week (9-15 March):
    logMany(2, 3, {{"category_id", billing}, {"product", "broadband"}});
    logMany(5, 10, {{"category_id", billing}, {"product", "broadband"}}); // 5/2 = 2.5: rising, twice
    logMany(3, 11, {{"category_id", outages}});                           // 3/0: new
    logMany(4, 4, {{"category_id", moves}});
    logMany(5, 12, {{"category_id", moves}});   // 5/4 = 1.25 < 1.5: not rising
    logMany(2, 12, {{"category_id", tariffs}}); // 2/0 but 2 < 3: too few
    logMany(2, 5, {{"product", "fibre"}});
    logMany(3, 13, {{"product", "fibre"}});     // 3/2 = 1.5: exactly the factor, rising
    logMany(3, 16, {{"category_id", tariffs}}); // the week after: counts nowhere
    replica.remove("interaction", replica.interaction({{"occurred_at", march(12)}, {"category_id", moves}}));

    const Period current = days("2026-03-09", "2026-03-16");
    auto topics = risingTopics(replica.store(), current, previousPeriod(PeriodKind::Weekly, current),
                               RisingOptions{3, 1.5});
    REQUIRE(topics);
    REQUIRE(topics->size() == 4);
    // New first; then 2.5 for Billing and broadband (same ratio and count: category first); then 1.5.
    CHECK((*topics)[0].label == "Outages");
    CHECK((*topics)[0].current == 3);
    CHECK((*topics)[0].previous == 0);
    CHECK_FALSE((*topics)[0].ratio);
    CHECK((*topics)[1].dimension == TrendDimension::Category);
    CHECK((*topics)[1].key == billing);
    CHECK((*topics)[1].label == "Billing");
    CHECK((*topics)[1].ratio == 2.5);
    CHECK((*topics)[2].dimension == TrendDimension::Product);
    CHECK((*topics)[2].label == "broadband");
    CHECK((*topics)[2].current == 5);
    CHECK((*topics)[2].previous == 2);
    CHECK((*topics)[3].label == "fibre");
    CHECK((*topics)[3].ratio == 1.5);

    // A factor of 2.6 leaves only the new topic; a minimum of 6 leaves none.
    auto strict = risingTopics(replica.store(), current, previousPeriod(PeriodKind::Weekly, current),
                               RisingOptions{3, 2.6});
    REQUIRE(strict);
    CHECK(strict->size() == 1);
    auto none = risingTopics(replica.store(), current, previousPeriod(PeriodKind::Weekly, current),
                             RisingOptions{6, 1.5});
    REQUIRE(none);
    CHECK(none->empty());
}

TEST_CASE("Repeated comments: near-duplicate texts grouped, groups of three raise an alert",
          "[insights][repeated]") {
    Replica replica;
    // Meaningful words (stop words dropped):
    //   f1 {app, every, keeps, logging, morning, out}
    //   i1 {app, each, keeps, logging, morning, out}    vs f1: 5 shared of 7 = 0.71
    //   f2 {again, app, every, logging, morning, out}   vs f1: 5 shared of 7 = 0.71
    //   i2 {bill, high, month, too}
    //   f3 {bill, high, too}                            vs i2: 3 of 4 = 0.75
    //   f4 {app, crashes}                               vs f1: 1 of 7 = 0.14
    const auto f1 = replica.feedback(
        {{"at", march(2, "10:00:00")}, {"comment", "The app keeps logging me out every morning"}});
    const auto i1 = replica.interaction(
        {{"occurred_at", march(3)}, {"customer_words", "App keeps logging me out each morning"}});
    const auto f2 =
        replica.feedback({{"at", march(4)}, {"comment", "app logging me out every morning again!"}});
    const auto i2 = replica.interaction(
        {{"occurred_at", march(4, "11:00:00")}, {"customer_words", "Bill is too high this month"}});
    replica.feedback({{"at", march(5)}, {"comment", "My bill is too high"}});
    replica.feedback({{"at", march(5)}, {"comment", "The app crashes"}});
    replica.feedback({{"at", march(6)}, {"comment", "it is what it is"}}); // no meaningful word
    replica.remove("feedback", replica.feedback({{"at", march(6)},
                                                 {"comment", "App keeps logging me out every morning"}}));
    replica.feedback(
        {{"at", march(20)}, {"comment", "App keeps logging me out every morning"}}); // after the period

    const Period period = days("2026-03-02", "2026-03-09");
    auto groups = repeatedComments(replica.store(), period);
    REQUIRE(groups);
    REQUIRE(groups->size() == 1);
    const RepeatedCommentGroup& alert = groups->front();
    CHECK(alert.representative == "The app keeps logging me out every morning");
    REQUIRE(alert.members.size() == 3);
    CHECK(alert.members[0].id == f1);
    CHECK(alert.members[0].collection == "feedback");
    CHECK(alert.members[0].field == "comment");
    CHECK(alert.members[1].id == i1);
    CHECK(alert.members[1].collection == "interaction");
    CHECK(alert.members[1].field == "customer_words");
    CHECK(alert.members[2].id == f2);
    CHECK(alert.firstSeen == instant(march(2, "10:00:00")));
    CHECK(alert.lastSeen == instant(march(4)));

    SECTION("smaller groups with a smaller minimum, largest first") {
        auto pairs = repeatedComments(replica.store(), period, {0.6, 2});
        REQUIRE(pairs);
        REQUIRE(pairs->size() == 2);
        CHECK((*pairs)[0].members.size() == 3);
        CHECK((*pairs)[1].representative == "Bill is too high this month");
        CHECK((*pairs)[1].members[0].id == i2);
        CHECK((*pairs)[1].members.size() == 2);
    }

    SECTION("a stricter similarity splits the group") {
        // 0.71 < 0.75: f1, i1 and f2 each stand alone; i2 and f3 (0.75) stay together.
        auto strict = repeatedComments(replica.store(), period, {0.75, 2});
        REQUIRE(strict);
        REQUIRE(strict->size() == 1);
        CHECK(strict->front().members.size() == 2);
        CHECK(strict->front().members[0].id == i2);
    }
}

TEST_CASE("FAQ candidates: uncovered query categories, phrases without an article, search misses",
          "[insights][faq]") {
    Replica replica;
    const auto billing = replica.category("Billing");
    const auto outages = replica.category("Outages");
    const auto moves = replica.category("Moves");
    const auto tariffs = replica.category("Tariffs");
    const auto home = replica.category("Home");
    const auto moving = replica.add("category", {{"name", "Moving"}, {"parent_id", home}});
    const auto published = [&replica](const std::string& category) {
        return replica.add(
            "article", {{"kind", "faq"}, {"title", "T"}, {"status", "published"}, {"category_id", category}});
    };
    const auto billingArticle = published(billing);
    published(moves);
    published(tariffs);
    const auto movingArticle = published(moving);
    replica.add("article",
                {{"kind", "faq"}, {"title", "Draft"}, {"status", "draft"}, {"category_id", outages}});
    const Json used = Json::array({{{"article_id", billingArticle}}});

    // Outages: 3 queries, no published article. Words (stop words dropped):
    //   "router light flashing red" / "router light flashing red since morning" / "router light off"
    replica.interaction({{"occurred_at", march(2)},
                         {"category_id", outages},
                         {"customer_words", "My router light is flashing red"}});
    replica.interaction({{"occurred_at", march(3)},
                         {"category_id", outages},
                         {"customer_words", "router light flashing red since morning"}});
    replica.interaction(
        {{"occurred_at", march(3)}, {"category_id", outages}, {"customer_words", "The router light is off"}});
    // Billing: 2 queries, one used the published article: covered.
    replica.interaction({{"occurred_at", march(4)},
                         {"category_id", billing},
                         {"articles_used", used},
                         {"customer_words", "router light flashing"}});
    replica.interaction({{"occurred_at", march(4)}, {"category_id", billing}});
    // Moves: 2 queries, a published article exists but neither used one.
    replica.interaction(
        {{"occurred_at", march(5)}, {"category_id", moves}, {"articles_used", Json::array()}});
    replica.interaction({{"occurred_at", march(5)}, {"category_id", moves}});
    // Home: 2 queries, one used the article of its subcategory Moving: covered.
    replica.interaction({{"occurred_at", march(5)},
                         {"category_id", home},
                         {"articles_used", Json::array({{{"article_id", movingArticle}}})}});
    replica.interaction({{"occurred_at", march(5)}, {"category_id", home}});
    // Tariffs: 1 query and a complaint: too few queries.
    replica.interaction({{"occurred_at", march(5)}, {"category_id", tariffs}});
    replica.interaction({{"occurred_at", march(5)}, {"category_id", tariffs}, {"kind", "complaint"}});
    replica.remove("interaction", replica.interaction({{"occurred_at", march(5)}, {"category_id", tariffs}}));

    replica.add("search_miss", {{"query", "Router Light!"}, {"at", march(3)}});
    replica.add("search_miss", {{"query", "router   light"}, {"at", march(4)}});
    replica.add("search_miss", {{"query", "roaming charges"}, {"at", march(4)}});
    replica.add("search_miss", {{"query", "!!!"}, {"at", march(4)}});
    replica.add("search_miss", {{"query", "roaming charges"}, {"at", march(20)}}); // after the period
    replica.remove("search_miss",
                   replica.add("search_miss", {{"query", "roaming charges"}, {"at", march(4)}}));

    FaqCandidateOptions options;
    options.minQueries = 2;
    options.minPhraseCount = 2;
    options.minMisses = 2;
    auto candidates = faqCandidates(replica.store(), days("2026-03-02", "2026-03-09"), options);
    REQUIRE(candidates);

    REQUIRE(candidates->categories.size() == 2);
    CHECK(candidates->categories[0].label == "Outages");
    CHECK(candidates->categories[0].categoryId == outages);
    CHECK(candidates->categories[0].queries == 3);
    CHECK(candidates->categories[0].queriesWithArticle == 0);
    CHECK(candidates->categories[0].publishedArticles == 0);
    CHECK(candidates->categories[1].label == "Moves");
    CHECK(candidates->categories[1].queries == 2);
    CHECK(candidates->categories[1].publishedArticles == 1);

    // Interactions without an article: the three Outages ones; with one: the Billing one.
    //                          without  with  share without
    //   router light             3       1      3/4 = 0.75
    //   light flashing           2       1      2/3
    //   flashing red             2       0      1
    //   router light flashing    2       1      2/3
    //   light flashing red       2       0      1
    //   the rest                 1
    // At the default share of 0.8: flashing red and light flashing red; the pair is inside the
    // triple with the same count, so it says nothing more.
    const auto phrasesOf = [](const FaqCandidates& found) {
        std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> phrases;
        for (const auto& phrase : found.phrases) {
            phrases.emplace_back(phrase.phrase, phrase.interactions, phrase.withArticle);
        }
        return phrases;
    };
    using Phrases = std::vector<std::tuple<std::string, std::int64_t, std::int64_t>>;
    CHECK(phrasesOf(*candidates) == Phrases{{"light flashing red", 2, 0}});

    // "Router Light!" and "router   light" fold alike; the deleted and late ones do not count.
    REQUIRE(candidates->searchMisses.size() == 1);
    CHECK(candidates->searchMisses[0].query == "router light");
    CHECK(candidates->searchMisses[0].count == 2);
    CHECK(candidates->searchMisses[0].lastAt == instant(march(4)));

    // At 0.75 "router light" (exactly 0.75) joins, first with the most interactions.
    options.minShareWithoutArticle = 0.75;
    auto lenient = faqCandidates(replica.store(), days("2026-03-02", "2026-03-09"), options);
    REQUIRE(lenient);
    CHECK(phrasesOf(*lenient) == Phrases{{"router light", 3, 1}, {"light flashing red", 2, 0}});

    options.limit = 1;
    auto limited = faqCandidates(replica.store(), days("2026-03-02", "2026-03-09"), options);
    REQUIRE(limited);
    REQUIRE(limited->phrases.size() == 1);
    CHECK(limited->phrases[0].phrase == "router light");
}

TEST_CASE("Satisfaction: CSAT and NPS per week with their sample sizes", "[insights][satisfaction]") {
    Replica replica;
    for (const double score : {5.0, 4.0, 2.0, 3.0}) {
        replica.feedback({{"at", march(3)}, {"scale", "csat"}, {"score", score}});
    }
    for (const double score : {10.0, 9.0, 8.0, 6.0}) {
        replica.feedback({{"at", march(4)}, {"scale", "nps"}, {"score", score}});
    }
    replica.feedback({{"at", march(10)}, {"scale", "csat"}, {"score", 5}});
    replica.feedback({{"at", march(10)}, {"scale", "csat"}});                  // no score
    replica.feedback({{"at", march(10)}, {"scale", "helpful"}, {"score", 1}}); // not a survey scale
    replica.remove("feedback", replica.feedback({{"at", march(10)}, {"scale", "csat"}, {"score", 1}}));

    auto weeks = weeklySatisfaction(replica.store(), days("2026-03-02", "2026-03-16"));
    REQUIRE(weeks);
    REQUIRE(weeks->size() == 2);
    const SatisfactionTally& first = (*weeks)[0].tally;
    CHECK(formatDay((*weeks)[0].week) == "2026-03-02");
    // CSAT 5, 4, 2, 3: 2 of 4 satisfied = 50 %, mean 14 / 4 = 3.5.
    CHECK(first.csatResponses == 4);
    CHECK(first.csatPercent() == 50.0);
    CHECK(first.csatMean() == 3.5);
    // NPS 10, 9, 8, 6: promoters 2, detractors 1 of 4: 50 - 25 = 25.
    CHECK(first.npsResponses == 4);
    CHECK(first.nps() == 25.0);

    const SatisfactionTally& second = (*weeks)[1].tally;
    CHECK(formatDay((*weeks)[1].week) == "2026-03-09");
    CHECK(second.csatResponses == 1);
    CHECK(second.csatPercent() == 100.0);
    CHECK(second.npsResponses == 0);
    CHECK_FALSE(second.nps());
}

TEST_CASE("KPI status against target and tolerance", "[kpis][status]") {
    using enum KpiStatus;
    // Higher is better, target 80, tolerance 5: on from 80, within from 75.
    CHECK(kpiStatus(80.0, 80, 5, KpiDirection::HigherIsBetter) == OnTarget);
    CHECK(kpiStatus(92.0, 80, 5, KpiDirection::HigherIsBetter) == OnTarget);
    CHECK(kpiStatus(79.0, 80, 5, KpiDirection::HigherIsBetter) == WithinTolerance);
    CHECK(kpiStatus(75.0, 80, 5, KpiDirection::HigherIsBetter) == WithinTolerance);
    CHECK(kpiStatus(74.9, 80, 5, KpiDirection::HigherIsBetter) == OffTarget);
    // Lower is better, target 300, tolerance 30: on up to 300, within up to 330.
    CHECK(kpiStatus(300.0, 300, 30, KpiDirection::LowerIsBetter) == OnTarget);
    CHECK(kpiStatus(120.0, 300, 30, KpiDirection::LowerIsBetter) == OnTarget);
    CHECK(kpiStatus(330.0, 300, 30, KpiDirection::LowerIsBetter) == WithinTolerance);
    CHECK(kpiStatus(330.5, 300, 30, KpiDirection::LowerIsBetter) == OffTarget);
    // No tolerance: just missing is off target.
    CHECK(kpiStatus(79.99, 80, 0, KpiDirection::HigherIsBetter) == OffTarget);
    CHECK(kpiStatus(std::nullopt, 80, 5, KpiDirection::HigherIsBetter) == NoData);
}

namespace {

// March 2026, agents alice (team red, branch north) and bob (team blue, branch south):
//   a1 alice query     resolved   300 s
//   a2 alice request   resolved   500 s
//   a3 alice complaint escalated  (no time)
//   a4 bob   query     follow_up  200 s
//   a5 bob   comment   resolved   100 s
//   a6 bob   query     (no outcome) 400 s
// plus a deleted alice query and an alice query of February, which never count.
// Feedback: alice csat 5, 4 and nps 10, 9; bob csat 2, 3, one csat without a score, nps 5, 7.
void addKpiData(Replica& replica) {
    const Json alice{{"agent", "alice"}, {"team", "red"}, {"branch", "north"}};
    const Json bob{{"agent", "bob"}, {"team", "blue"}, {"branch", "south"}};
    const auto interaction = [&replica](Json who, const Json& fields) {
        who.update(fields);
        return replica.interaction(who);
    };
    interaction(
        alice,
        {{"occurred_at", march(2)}, {"kind", "query"}, {"outcome", "resolved"}, {"handled_seconds", 300}});
    interaction(
        alice,
        {{"occurred_at", march(3)}, {"kind", "request"}, {"outcome", "resolved"}, {"handled_seconds", 500}});
    interaction(alice, {{"occurred_at", march(4)}, {"kind", "complaint"}, {"outcome", "escalated"}});
    interaction(
        bob,
        {{"occurred_at", march(5)}, {"kind", "query"}, {"outcome", "follow_up"}, {"handled_seconds", 200}});
    interaction(
        bob,
        {{"occurred_at", march(6)}, {"kind", "comment"}, {"outcome", "resolved"}, {"handled_seconds", 100}});
    interaction(bob, {{"occurred_at", march(9)}, {"kind", "query"}, {"handled_seconds", 400}});
    replica.remove("interaction", interaction(alice, {{"occurred_at", march(9)}, {"outcome", "resolved"}}));
    interaction(
        alice, {{"occurred_at", "2026-02-27T09:00:00Z"}, {"outcome", "escalated"}, {"handled_seconds", 900}});

    const auto feedback = [&replica](Json who, const std::string& scale, std::optional<double> score) {
        who["at"] = march(10);
        who["scale"] = scale;
        if (score) {
            who["score"] = *score;
        }
        replica.feedback(who);
    };
    feedback(alice, "csat", 5);
    feedback(alice, "csat", 4);
    feedback(bob, "csat", 2);
    feedback(bob, "csat", 3);
    feedback(bob, "csat", std::nullopt);
    feedback(alice, "nps", 10);
    feedback(alice, "nps", 9);
    feedback(bob, "nps", 5);
    feedback(bob, "nps", 7);
}

KpiMeasurement measured(Replica& replica, KpiMetric metric, KpiScope scope = {}) {
    auto measurement =
        measureKpi(replica.store(), metric, scope, periodContaining(PeriodKind::Monthly, day("2026-03-20")),
                   day("2026-03-20"));
    REQUIRE(measurement);
    return *measurement;
}

} // namespace

TEST_CASE("KPI metrics over the records in scope", "[kpis][metrics]") {
    Replica replica;
    addKpiData(replica);

    SECTION("first-contact resolution: queries, requests and complaints resolved") {
        // a1, a2, a3, a4, a6 (a5 is a comment); a6 has no outcome: 2 resolved of 4 = 50 %.
        auto all = measured(replica, KpiMetric::FirstContactResolution);
        CHECK(all.sampleSize == 5);
        CHECK(all.withData == 4);
        CHECK(all.value == 50.0);
        CHECK(all.completeness() == 0.8);
        // Team blue: a4 and a6; a4 not resolved: 0 of 1 = 0 %, completeness 1 of 2.
        auto blue = measured(replica, KpiMetric::FirstContactResolution, {ScopeLevel::Team, "blue"});
        CHECK(blue.sampleSize == 2);
        CHECK(blue.value == 0.0);
        CHECK(blue.completeness() == 0.5);
    }

    SECTION("average handling time: mean handled_seconds") {
        // 300 + 500 + 200 + 100 + 400 = 1500 over 5 of 6 interactions = 300 s.
        auto all = measured(replica, KpiMetric::AverageHandlingTime);
        CHECK(all.sampleSize == 6);
        CHECK(all.withData == 5);
        CHECK(all.value == 300.0);
        // Branch north: a1, a2, a3; (300 + 500) / 2 = 400 s, completeness 2 of 3.
        auto north = measured(replica, KpiMetric::AverageHandlingTime, {ScopeLevel::Branch, "north"});
        CHECK(north.sampleSize == 3);
        CHECK(north.value == 400.0);
        CHECK(north.withData == 2);
    }

    SECTION("escalation rate: outcome escalated") {
        // a3 of the 5 with an outcome = 20 %; alice: a3 of 3 = 33.3 %.
        auto all = measured(replica, KpiMetric::EscalationRate);
        CHECK(all.sampleSize == 6);
        CHECK(all.value == 20.0);
        auto alice = measured(replica, KpiMetric::EscalationRate, {ScopeLevel::Person, "alice"});
        CHECK(alice.sampleSize == 3);
        REQUIRE(alice.value);
        CHECK(*alice.value == Approx(100.0 / 3));
    }

    SECTION("CSAT: share of 4 and 5") {
        // 5, 4, 2, 3 and one without a score: 2 of 4 = 50 %, completeness 4 of 5.
        auto all = measured(replica, KpiMetric::Csat);
        CHECK(all.sampleSize == 5);
        CHECK(all.withData == 4);
        CHECK(all.value == 50.0);
        auto bob = measured(replica, KpiMetric::Csat, {ScopeLevel::Person, "bob"});
        CHECK(bob.sampleSize == 3);
        CHECK(bob.value == 0.0);
    }

    SECTION("NPS: promoters minus detractors") {
        // 10, 9, 5, 7: 2 promoters, 1 detractor of 4: 50 - 25 = 25.
        auto all = measured(replica, KpiMetric::Nps);
        CHECK(all.sampleSize == 4);
        CHECK(all.value == 25.0);
        // Alice: 10, 9: 100.
        CHECK(measured(replica, KpiMetric::Nps, {ScopeLevel::Team, "red"}).value == 100.0);
    }

    SECTION("no records in scope: no value, sample 0") {
        auto nobody = measured(replica, KpiMetric::Csat, {ScopeLevel::Person, "carol"});
        CHECK(nobody.sampleSize == 0);
        CHECK_FALSE(nobody.value);
        CHECK_FALSE(nobody.completeness());
    }
}

TEST_CASE("KPI follow-ups on time: due in the period up to the evaluation day", "[kpis][metrics]") {
    Replica replica;
    const auto followUp = [&replica](std::string_view due, std::optional<std::string> doneAt) {
        Json fields{{"outcome", "follow_up"}, {"follow_up_due", due}, {"agent", "alice"}};
        if (doneAt) {
            fields["follow_up_done_at"] = *doneAt;
        }
        replica.interaction(fields);
    };
    followUp("2026-03-05", "2026-03-05T17:00:00Z"); // on time
    followUp("2026-03-06", "2026-03-08T10:00:00Z"); // late
    followUp("2026-03-10", std::nullopt);           // overdue
    followUp("2026-03-20", std::nullopt);           // due on the evaluation day: not counted yet
    followUp("2026-03-20", "2026-03-19T12:00:00Z"); // on time
    followUp("2026-03-25", std::nullopt);           // due after the evaluation day
    followUp("2026-02-27", std::nullopt);           // due before the period

    // f1, f2, f3 and f5: 2 on time of 4 = 50 %.
    auto onTime = measured(replica, KpiMetric::FollowUpsOnTime);
    CHECK(onTime.sampleSize == 4);
    CHECK(onTime.value == 50.0);
    CHECK(onTime.completeness() == 1.0);

    // On 31 March the one due on the 20th is overdue and the one due on the 25th too: 2 of 6.
    auto endOfMonth = measureKpi(replica.store(), KpiMetric::FollowUpsOnTime, {},
                                 periodContaining(PeriodKind::Monthly, day("2026-03-31")), day("2026-03-31"));
    REQUIRE(endOfMonth);
    CHECK(endOfMonth->sampleSize == 6);
    REQUIRE(endOfMonth->value);
    CHECK(*endOfMonth->value == Approx(100.0 / 3));
}

TEST_CASE("KPI definitions: supervisors define them, agents are refused", "[kpis][define]") {
    Replica replica;
    const Actor agent{"ann", Role::Agent, {"north"}};
    const Actor supervisor{"sue", Role::Supervisor, {"north"}};

    KpiDefinition fcr;
    fcr.name = "First-contact resolution, north";
    fcr.metric = KpiMetric::FirstContactResolution;
    fcr.target = 80;
    fcr.tolerance = 5;
    fcr.period = PeriodKind::Weekly;
    fcr.scope = {ScopeLevel::Branch, "north"};
    fcr.action = "Review the week's unresolved queries";

    auto refused = defineKpi(replica.store(), agent, fcr);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::Forbidden);
    auto count = replica.store().countByCollection();
    REQUIRE(count);
    CHECK_FALSE(count->contains("kpi"));

    auto id = defineKpi(replica.store(), supervisor, fcr);
    REQUIRE(id);
    auto stored = getKpi(replica.store(), *id);
    REQUIRE(stored);
    CHECK(stored->name == fcr.name);
    CHECK(stored->metric == KpiMetric::FirstContactResolution);
    CHECK(stored->target == 80);
    CHECK(stored->tolerance == 5);
    CHECK(stored->direction == KpiDirection::HigherIsBetter);
    CHECK(stored->period == PeriodKind::Weekly);
    CHECK(stored->scope.level == ScopeLevel::Branch);
    CHECK(stored->scope.value == "north");
    CHECK(stored->owner == "sue"); // none given: the one who defined it
    CHECK(stored->action == fcr.action);

    SECTION("bad values name the field") {
        KpiDefinition bad = fcr;
        bad.name = "  ";
        auto unnamed = defineKpi(replica.store(), supervisor, bad);
        REQUIRE_FALSE(unnamed);
        CHECK(unnamed.error().code == ErrorCode::InvalidChange);
        CHECK(unnamed.error().message.starts_with("kpi.name:"));

        bad = fcr;
        bad.tolerance = -1;
        auto negative = defineKpi(replica.store(), supervisor, bad);
        REQUIRE_FALSE(negative);
        CHECK(negative.error().message.find("kpi.tolerance") != std::string::npos);

        bad = fcr;
        bad.scope = {ScopeLevel::Team, ""};
        auto noTeam = defineKpi(replica.store(), supervisor, bad);
        REQUIRE_FALSE(noTeam);
        CHECK(noTeam.error().message.find("kpi.scope") != std::string::npos);
    }

    SECTION("a definition without direction or period takes the metric's natural ones") {
        const auto minimal = replica.add(
            "kpi", {{"name", "Handling time"}, {"metric", "average_handling_time"}, {"target", 300}});
        auto definition = getKpi(replica.store(), minimal);
        REQUIRE(definition);
        CHECK(definition->direction == KpiDirection::LowerIsBetter);
        CHECK(definition->period == PeriodKind::Monthly);
        CHECK(definition->scope.level == ScopeLevel::Organisation);
        CHECK(definition->tolerance == 0);

        auto all = listKpis(replica.store());
        REQUIRE(all);
        REQUIRE(all->size() == 2);
        CHECK((*all)[0].name == "First-contact resolution, north"); // by name
        CHECK((*all)[1].name == "Handling time");
    }

    SECTION("an unknown or deleted id is not found") {
        CHECK(getKpi(replica.store(), "nothing").error().code == ErrorCode::NotFound);
        replica.remove("kpi", *id);
        CHECK(getKpi(replica.store(), *id).error().code == ErrorCode::NotFound);
    }
}

TEST_CASE("KPI evaluation: every definition for its period holding the day", "[kpis][evaluate]") {
    Replica replica;
    addKpiData(replica);
    const Actor admin{"ada", Role::Admin, {}};
    const auto define = [&](std::string name, KpiMetric metric, double target, double tolerance,
                            PeriodKind period, KpiScope scope = {}) {
        KpiDefinition definition;
        definition.name = std::move(name);
        definition.metric = metric;
        definition.target = target;
        definition.tolerance = tolerance;
        definition.direction = naturalDirection(metric);
        definition.period = period;
        definition.scope = std::move(scope);
        auto id = defineKpi(replica.store(), admin, definition);
        REQUIRE(id);
        return *id;
    };
    // March: FCR 50 % against 50 (on target), AHT 300 s against 280 +- 30 (within), escalation
    // 20 % against 10 +- 5 (off), CSAT of a person with no feedback (no data). The week of
    // 2 March for NPS: no feedback before the 10th (no data).
    define("a FCR", KpiMetric::FirstContactResolution, 50, 0, PeriodKind::Monthly);
    define("b AHT", KpiMetric::AverageHandlingTime, 280, 30, PeriodKind::Monthly);
    define("c escalations", KpiMetric::EscalationRate, 10, 5, PeriodKind::Monthly);
    define("d CSAT carol", KpiMetric::Csat, 80, 5, PeriodKind::Monthly, {ScopeLevel::Person, "carol"});
    const auto weekly = define("e NPS weekly", KpiMetric::Nps, 20, 5, PeriodKind::Weekly);

    auto evaluations = evaluateAllKpis(replica.store(), day("2026-03-04"));
    REQUIRE(evaluations);
    REQUIRE(evaluations->size() == 5);
    using enum KpiStatus;
    CHECK((*evaluations)[0].status == OnTarget);
    CHECK((*evaluations)[0].measurement.value == 50.0);
    CHECK((*evaluations)[0].period == days("2026-03-01", "2026-04-01"));
    CHECK((*evaluations)[1].status == WithinTolerance);
    CHECK((*evaluations)[2].status == OffTarget);
    CHECK((*evaluations)[3].status == NoData);
    CHECK((*evaluations)[3].measurement.sampleSize == 0);
    CHECK((*evaluations)[4].status == NoData);
    CHECK((*evaluations)[4].period == days("2026-03-02", "2026-03-09"));

    // The week of 9 March holds all the NPS answers: 25 against 20, on target.
    auto definition = getKpi(replica.store(), weekly);
    REQUIRE(definition);
    auto nextWeek = evaluateKpi(replica.store(), *definition, day("2026-03-12"));
    REQUIRE(nextWeek);
    CHECK(nextWeek->period == days("2026-03-09", "2026-03-16"));
    CHECK(nextWeek->measurement.value == 25.0);
    CHECK(nextWeek->measurement.sampleSize == 4);
    CHECK(nextWeek->status == OnTarget);
}
