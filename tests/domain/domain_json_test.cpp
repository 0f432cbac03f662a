// The JSON forms of domain results (knowset/domain/domain_json.hpp) on fixed values: what
// knowset-cli --json prints and the desktop client shows, compared as exact compact text.
#include "knowset/domain/domain_json.hpp"

#include <string>
#include <vector>

#include "test_support.hpp"

using namespace knowset;
using namespace knowset::domain;

namespace {

Day day(std::string_view text) {
    return *parseDay(text);
}

Version version(std::string_view text) {
    return *Version::parse(text);
}

} // namespace

TEST_CASE("a search result carries its hits, corrections and search miss", "[domain][json]") {
    ArticleSearchResult result;
    result.hits.push_back(ArticleHit{"a1", "Reset a password", "faq", "published", "c1",
                                     "how to [reset] your [password]", 1, -2.5});
    result.hits.push_back(ArticleHit{"a2", "Billing", "answer", "draft", "", "", 2, 0});
    result.corrections.push_back(Correction{"pasword", "password"});

    CHECK(articleHitJson(result.hits[0]).dump() ==
          R"({"category_id":"c1","id":"a1","kind":"faq","rank":1,"score":-2.5,)"
          R"("snippet":"how to [reset] your [password]","status":"published","title":"Reset a password"})");
    // No category: null, not "".
    CHECK(articleHitJson(result.hits[1])["category_id"].is_null());

    const Json document = searchResultJson(result);
    CHECK(document["hits"].size() == 2);
    CHECK(document["corrections"].dump() == R"([{"typed":"pasword","used":"password"}])");
    CHECK(document["typo_tolerance"] == true);
    CHECK(document["search_miss"].is_null());

    CHECK(searchResultJson(ArticleSearchResult{}, std::string("m1")).dump() ==
          R"({"corrections":[],"hits":[],"search_miss":"m1","typo_tolerance":false})");
}

TEST_CASE("a period names its last day, not the exclusive end", "[domain][json]") {
    CHECK(periodJson(Period{day("2026-03-01"), day("2026-04-01")}).dump() ==
          R"({"from":"2026-03-01","to":"2026-03-31"})");
    CHECK(periodJson(Period{day("2026-03-23"), day("2026-03-24")}).dump() ==
          R"({"from":"2026-03-23","to":"2026-03-23"})");
}

TEST_CASE("a KPI evaluation without data has a null value and completeness", "[domain][json]") {
    KpiEvaluation evaluation;
    evaluation.definition.id = "k1";
    evaluation.definition.name = "CSAT";
    evaluation.definition.metric = KpiMetric::Csat;
    evaluation.definition.target = 80;
    evaluation.definition.tolerance = 5;
    evaluation.definition.period = PeriodKind::Monthly;
    evaluation.definition.owner = "sam";
    evaluation.period = Period{day("2026-03-01"), day("2026-04-01")};
    evaluation.status = KpiStatus::NoData;

    const Json json = kpiEvaluationJson(evaluation);
    CHECK(json["value"].is_null());
    CHECK(json["completeness"].is_null());
    CHECK(json["status"] == "no_data");
    CHECK(json["sample_size"] == 0);
    CHECK(json["period"].dump() == R"({"from":"2026-03-01","to":"2026-03-31"})");
    // The organisation scope has no value.
    CHECK(
        json["kpi"].dump() ==
        R"({"action":"","direction":"higher_is_better","id":"k1","metric":"csat","name":"CSAT",)"
        R"("owner":"sam","period":"month","scope":{"level":"organisation"},"target":80.0,"tolerance":5.0})");

    evaluation.definition.scope = KpiScope{ScopeLevel::Team, "red"};
    evaluation.measurement = KpiMeasurement{75.0, 4, 2};
    evaluation.status = KpiStatus::WithinTolerance;
    const Json measured = kpiEvaluationJson(evaluation);
    CHECK(measured["value"] == 75.0);
    CHECK(measured["completeness"] == 0.5);
    CHECK(measured["status"] == "within_tolerance");
    CHECK(measured["kpi"]["scope"].dump() == R"({"level":"team","value":"red"})");

    const Json all = kpiEvaluationsJson(day("2026-03-23"), {evaluation});
    CHECK(all["date"] == "2026-03-23");
    CHECK(all["evaluations"].size() == 1);
}

TEST_CASE("article freshness writes unknown days and texts as null", "[domain][json]") {
    ArticleFreshness never;
    CHECK(articleFreshnessJson("a1", never).dump() ==
          R"({"days_since_verified":null,"days_until_review":null,"expired":false,"id":"a1",)"
          R"("needs_review":false,"review_due":null,"review_overdue":false,"review_reason":null,)"
          R"("valid_to":null,"verified_by":null,"verified_on":null})");

    ArticleFreshness overdue;
    overdue.verifiedOn = day("2026-01-01");
    overdue.verifiedBy = "sam";
    overdue.daysSinceVerified = 81;
    overdue.reviewDue = day("2026-03-01");
    overdue.daysUntilReview = -22;
    overdue.reviewOverdue = true;
    overdue.needsReview = true;
    overdue.reviewReason = "review overdue";
    const Json json = articleFreshnessJson("a1", overdue);
    CHECK(json["verified_on"] == "2026-01-01");
    CHECK(json["review_due"] == "2026-03-01");
    CHECK(json["days_until_review"] == -22);
    CHECK(json["review_reason"] == "review overdue");
}

TEST_CASE("categories, facets and helpfulness counts", "[domain][json]") {
    const std::vector<CategoryNode> tree{{"c1", "Billing", "", 1, 0, 3}, {"c2", "Refunds", "c1", {}, 1, 0}};
    CHECK(categoryTreeJson(tree).dump() ==
          R"([{"articles":3,"depth":0,"id":"c1","name":"Billing","parent_id":null,"position":1},)"
          R"({"articles":0,"depth":1,"id":"c2","name":"Refunds","parent_id":"c1","position":null}])");

    CHECK(facetCountsJson({{"vpn", 4}, {"wifi", 1}}, "tag").dump() ==
          R"([{"articles":4,"tag":"vpn"},{"articles":1,"tag":"wifi"}])");

    CHECK(helpfulnessCountsJson("a1", HelpfulnessCounts{3, 1, 2, 0, 1}).dump() ==
          R"({"article_id":"a1","helpful":3,"not":1,"not_helpful":1,"partly":0,"worked":2})");
}

TEST_CASE("records leave system fields out and writes carry their version", "[domain][json]") {
    Record record;
    record.collection = "customer";
    record.id = "r1";
    record.fields = Json{{"name", "Ana"}, {"_deleted", false}};
    const Version stamped = version("0000018d2f3c4a00-0000000000000001");
    record.versions.emplace("name", stamped);
    record.versions.emplace("_deleted", stamped);
    CHECK(recordJson(record).dump() ==
          R"({"collection":"customer","deleted":false,"fields":{"name":"Ana"},"id":"r1",)"
          R"("versions":{"name":"0000018d2f3c4a00-0000000000000001"}})");
    CHECK(recordsJson({record, record}).size() == 2);

    const LocalWrite write{"customer", "r1", stamped, 7};
    CHECK(
        writeJson(write).dump() ==
        R"({"collection":"customer","id":"r1","journal_seq":7,"version":"0000018d2f3c4a00-0000000000000001"})");

    OpenedCustomer opened{record, {"notes"}, LocalWrite{"access_log", "l1", stamped, 8}};
    ConsentStatus consent{"marketing", "consent", true, "phone call", "sam", "2026-03-01T10:00:00Z",
                          "",          false};
    const Json json = openedCustomerJson(opened, {consent});
    CHECK(json["masked"].dump() == R"(["notes"])");
    CHECK(json["access_log_id"] == "l1");
    CHECK(json["consent"][0]["in_force"] == true);
    CHECK(json["fields"].dump() == R"({"name":"Ana"})");
}

TEST_CASE("weekly satisfaction without responses has null scores", "[domain][json]") {
    WeeklySatisfaction week{day("2026-03-16"), {}};
    week.tally.add("csat", 5);
    week.tally.add("csat", 2);
    CHECK(weeklySatisfactionJson(week).dump() ==
          R"({"csat":{"mean":3.5,"percent":50.0,"responses":2,"satisfied":1},)"
          R"("nps":{"detractors":0,"promoters":0,"responses":0,"score":null},"week":"2026-03-16"})");
}

TEST_CASE("a conflict record gives its sides, and its resolution in detail", "[domain][json]") {
    Record conflict;
    conflict.collection = "conflict";
    conflict.id = "k1";
    conflict.fields = Json{{"collection", "article"},
                           {"record_id", "a1"},
                           {"field", "title"},
                           {"kind", "field"},
                           {"status", "resolved"},
                           {"winner", {{"value", "A"}, {"author", "sam"}}},
                           {"resolution", {{"take", "loser"}}},
                           {"resolved_by", "root"}};
    CHECK(conflictJson(conflict).dump() ==
          R"({"collection":"article","field":"title","id":"k1","kind":"field","loser":{},"record_id":"a1",)"
          R"("status":"resolved","winner":{"author":"sam","value":"A"}})");
    const Json detail = conflictDetailJson(conflict);
    CHECK(detail["resolution"].dump() == R"({"take":"loser"})");
    CHECK(detail["resolved_by"] == "root");
    CHECK_FALSE(detail.contains("resolved_at"));
}
