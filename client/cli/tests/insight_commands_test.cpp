// `knowset-cli insights ...` and `knowset-cli kpi ...` against a small replica, offline.
#include "knowset/sync/profile.hpp"

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "test_support.hpp"

using namespace knowset;
using knowset::cli::test::CliResult;
using knowset::cli::test::makeReplica;
using knowset::cli::test::runCli;

namespace {

class InsightProfile {
public:
    InsightProfile()
        : m_profile(m_dir.file("profile").string())
        , m_store(makeReplica(m_profile)) {}

    LocalStore& store() { return *m_store; }

    std::string add(std::string_view collection, const Json& fields) {
        auto written = m_store->create(collection, fields);
        REQUIRE(written);
        return written->id;
    }
    std::string interaction(const Json& fields) {
        Json all{{"channel", "phone"}, {"kind", "query"}, {"branch", "north"}};
        all.update(fields);
        return add("interaction", all);
    }
    void signIn(std::vector<std::string> roles) {
        sync::Profile profile;
        profile.directory = m_profile;
        profile.url = "ws://127.0.0.1:1";
        profile.user = "sue";
        profile.token = "token-of-sue";
        profile.roles = std::move(roles);
        profile.branches = {"north"};
        REQUIRE(sync::saveProfile(profile));
    }

    CliResult run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--profile", m_profile});
        return runCli(args);
    }
    Json json(std::vector<std::string> args) const {
        args.emplace_back("--json");
        const auto result = run(std::move(args));
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        return Json::parse(result.out);
    }

private:
    knowset::test::TempDir m_dir;
    std::string m_profile;
    std::unique_ptr<LocalStore> m_store;
};

} // namespace

TEST_CASE("CLI insights: trends, rising topics and satisfaction for explicit dates", "[cli][insights]") {
    InsightProfile profile;
    const auto billing = profile.add("category", {{"name", "Billing"}});
    // Week of 2 March: 1 billing query; week of 9 March: 3 billing queries, 1 by chat.
    profile.interaction({{"occurred_at", "2026-03-03T10:00:00Z"}, {"category_id", billing}});
    for (const auto* at : {"2026-03-09T10:00:00Z", "2026-03-10T10:00:00Z"}) {
        profile.interaction({{"occurred_at", at}, {"category_id", billing}});
    }
    profile.interaction(
        {{"occurred_at", "2026-03-11T10:00:00Z"}, {"category_id", billing}, {"channel", "chat"}});
    profile.add("feedback",
                {{"source", "survey"}, {"at", "2026-03-10T12:00:00Z"}, {"scale", "csat"}, {"score", 4}});
    profile.add("feedback",
                {{"source", "survey"}, {"at", "2026-03-10T12:00:00Z"}, {"scale", "csat"}, {"score", 2}});

    const Json trends =
        profile.json({"insights", "trends", "--by", "channel", "--from", "2026-03-02", "--to", "2026-03-15"});
    CHECK(trends["from"] == "2026-03-02");
    CHECK(trends["to"] == "2026-03-15");
    CHECK(trends["by"] == "channel");
    CHECK(trends["rows"] ==
          Json::array({{{"week", "2026-03-02"}, {"key", "phone"}, {"label", "phone"}, {"count", 1}},
                       {{"week", "2026-03-09"}, {"key", "phone"}, {"label", "phone"}, {"count", 2}},
                       {{"week", "2026-03-09"}, {"key", "chat"}, {"label", "chat"}, {"count", 1}}}));

    const auto table = profile.run({"insights", "trends", "--from", "2026-03-02", "--to", "2026-03-15"});
    REQUIRE(table.exitCode == 0);
    CHECK(table.out.find("CATEGORY") != std::string::npos);
    CHECK(table.out.find("Billing") != std::string::npos);

    // 3 this week against 1 the week before: 3.0 >= 1.5.
    const Json rising = profile.json({"insights", "rising", "--date", "2026-03-12", "--min", "2"});
    CHECK(rising["period"] == Json{{"from", "2026-03-09"}, {"to", "2026-03-15"}});
    CHECK(rising["previous"] == Json{{"from", "2026-03-02"}, {"to", "2026-03-08"}});
    REQUIRE(rising["topics"].size() == 1);
    CHECK(rising["topics"][0]["label"] == "Billing");
    CHECK(rising["topics"][0]["current"] == 3);
    CHECK(rising["topics"][0]["previous"] == 1);
    CHECK(rising["topics"][0]["ratio"] == 3.0);

    // CSAT 4 and 2: 1 of 2 satisfied = 50 %, mean 3; no NPS.
    const Json satisfaction =
        profile.json({"insights", "satisfaction", "--from", "2026-03-02", "--to", "2026-03-15"});
    REQUIRE(satisfaction["weeks"].size() == 1);
    CHECK(satisfaction["weeks"][0]["week"] == "2026-03-09");
    CHECK(satisfaction["weeks"][0]["csat"] ==
          Json{{"responses", 2}, {"satisfied", 1}, {"percent", 50.0}, {"mean", 3.0}});
    CHECK(satisfaction["weeks"][0]["nps"]["score"].is_null());
}

TEST_CASE("CLI insights: repeated comments and FAQ candidates", "[cli][insights]") {
    InsightProfile profile;
    const auto outages = profile.add("category", {{"name", "Outages"}});
    for (const auto* at : {"2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z", "2026-03-04T10:00:00Z"}) {
        profile.interaction({{"occurred_at", at},
                             {"category_id", outages},
                             {"customer_words", "The router light is flashing red"}});
    }
    profile.add("search_miss", {{"query", "static IP"}, {"at", "2026-03-03T10:00:00Z"}});
    profile.add("search_miss", {{"query", "Static ip?"}, {"at", "2026-03-04T10:00:00Z"}});

    const Json repeated =
        profile.json({"insights", "repeated", "--from", "2026-03-01", "--to", "2026-03-07"});
    REQUIRE(repeated["groups"].size() == 1);
    CHECK(repeated["groups"][0]["size"] == 3);
    CHECK(repeated["groups"][0]["representative"] == "The router light is flashing red");
    CHECK(repeated["groups"][0]["first_seen"] == "2026-03-02T10:00:00Z");
    CHECK(repeated["groups"][0]["last_seen"] == "2026-03-04T10:00:00Z");
    CHECK(repeated["groups"][0]["members"][0]["collection"] == "interaction");
    CHECK(profile
              .json({"insights", "repeated", "--from", "2026-03-01", "--to", "2026-03-07", "--min-group",
                     "4"})["groups"]
              .empty());

    const Json faq = profile.json({"insights", "faq-candidates", "--from", "2026-03-01", "--to", "2026-03-07",
                                   "--min-queries", "3", "--min-phrase", "3", "--min-misses", "2"});
    REQUIRE(faq["categories"].size() == 1);
    CHECK(faq["categories"][0] == Json{{"category_id", outages},
                                       {"label", "Outages"},
                                       {"queries", 3},
                                       {"queries_with_article", 0},
                                       {"published_articles", 0}});
    // "router light flashing red": both triples hold every pair with the same count of 3.
    CHECK(faq["phrases"] ==
          Json::array({{{"phrase", "light flashing red"}, {"interactions", 3}, {"with_article", 0}},
                       {{"phrase", "router light flashing"}, {"interactions", 3}, {"with_article", 0}}}));
    CHECK(faq["search_misses"] ==
          Json::array({{{"query", "static ip"}, {"count", 2}, {"last_at", "2026-03-04T10:00:00Z"}}}));

    const auto text = profile.run({"insights", "faq-candidates", "--from", "2026-03-01", "--to", "2026-03-07",
                                   "--min-queries", "3", "--min-phrase", "3", "--min-misses", "2"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("Outages") != std::string::npos);
    CHECK(text.out.find("static ip") != std::string::npos);
}

TEST_CASE("CLI insights: bad dates are refused with exit code 1", "[cli][insights]") {
    InsightProfile profile;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"insights", "trends", "--from", "2026-02-30"},
             {"insights", "satisfaction", "--from", "2026-03-10", "--to", "2026-03-01"},
             {"insights", "rising", "--date", "yesterday"},
             {"insights", "trends", "--by", "colour"},
             {"kpi", "evaluate", "--date", "2026-3-1"},
         }) {
        const auto result = profile.run(args);
        INFO(result.err);
        CHECK(result.exitCode == 1);
        CHECK(result.err.starts_with("knowset-cli: "));
    }
}

TEST_CASE("CLI kpi: supervisors define KPIs, anyone evaluates them", "[cli][kpi]") {
    InsightProfile profile;
    // March: 3 queries of team red, 2 resolved: 66.7 %.
    for (const auto* outcome : {"resolved", "resolved", "pending"}) {
        profile.interaction({{"occurred_at", "2026-03-03T10:00:00Z"}, {"team", "red"}, {"outcome", outcome}});
    }
    const std::vector<std::string> add{
        "kpi",      "add", "--name",      "FCR red", "--metric", "first_contact_resolution",
        "--target", "70",  "--tolerance", "5",       "--scope",  "team:red"};

    const auto refused = profile.run(add); // no profile: an agent
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("only supervisors and admins") != std::string::npos);

    profile.signIn({"supervisor"});
    const auto badScope =
        profile.run({"kpi", "add", "--name", "X", "--metric", "csat", "--target", "80", "--scope", "team"});
    CHECK(badScope.exitCode == 1);
    CHECK(badScope.err.find("--scope") != std::string::npos);

    const auto added = profile.run(add);
    INFO(added.err);
    REQUIRE(added.exitCode == 0);
    const std::string id = added.out.substr(0, added.out.find('\n'));

    const Json list = profile.json({"kpi", "list"});
    REQUIRE(list.size() == 1);
    CHECK(list[0] == Json{{"id", id},
                          {"name", "FCR red"},
                          {"metric", "first_contact_resolution"},
                          {"target", 70.0},
                          {"tolerance", 5.0},
                          {"direction", "higher_is_better"},
                          {"period", "month"},
                          {"scope", {{"level", "team"}, {"value", "red"}}},
                          {"owner", "sue"},
                          {"action", ""}});

    // 2 of 3 = 66.7 %: below 70, within 5 of it.
    const Json evaluated = profile.json({"kpi", "evaluate", id, "--date", "2026-03-20"});
    CHECK(evaluated["date"] == "2026-03-20");
    REQUIRE(evaluated["evaluations"].size() == 1);
    const Json& evaluation = evaluated["evaluations"][0];
    CHECK(evaluation["period"] == Json{{"from", "2026-03-01"}, {"to", "2026-03-31"}});
    CHECK(evaluation["value"].get<double>() == Approx(200.0 / 3));
    CHECK(evaluation["sample_size"] == 3);
    CHECK(evaluation["completeness"] == 1.0);
    CHECK(evaluation["status"] == "within_tolerance");

    // April has no interactions: no data.
    const Json april = profile.json({"kpi", "evaluate", "--date", "2026-04-02"});
    REQUIRE(april["evaluations"].size() == 1);
    CHECK(april["evaluations"][0]["status"] == "no_data");
    CHECK(april["evaluations"][0]["value"].is_null());
    CHECK(april["evaluations"][0]["completeness"].is_null());

    const auto text = profile.run({"kpi", "evaluate", "--date", "2026-03-20"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("66.7%") != std::string::npos);
    CHECK(text.out.find("within_tolerance") != std::string::npos);

    const auto unknown = profile.run({"kpi", "evaluate", "no-such-kpi"});
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.find("no-such-kpi") != std::string::npos);
}
