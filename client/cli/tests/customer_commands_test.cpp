// The customer, interaction and feedback commands against a replica of a signed-in profile
// (no server): what they write, what they print, and what they refuse.
#include "knowset/sync/profile.hpp"

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "test_support.hpp"

using namespace knowset;
using knowset::cli::test::CliResult;
using knowset::cli::test::makeReplica;
using knowset::cli::test::runCli;

namespace {

class SignedInProfile {
public:
    SignedInProfile(const std::string& user, const std::string& role)
        : m_path(m_dir.file("profile"))
        , m_store(makeReplica(m_path)) {
        signIn(user, role);
    }

    // Switches the profile to another user of branch north.
    void signIn(const std::string& user, const std::string& role) {
        sync::Profile saved;
        saved.directory = m_path;
        saved.url = "ws://127.0.0.1:1";
        saved.user = user;
        saved.token = "token-of-" + user;
        saved.roles = {role};
        saved.branches = {"north"};
        REQUIRE(sync::saveProfile(saved));
    }

    CliResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--profile", m_path.string()});
        return runCli(args);
    }

    // Runs a command that must succeed with --json and returns its document.
    Json json(std::vector<std::string> args) {
        args.push_back("--json");
        const CliResult result = run(std::move(args));
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        return Json::parse(result.out);
    }

    Json fields(std::string_view collection, const std::string& id) {
        auto record = m_store->get(collection, id);
        REQUIRE(record);
        REQUIRE(record->has_value());
        return (*record)->fields;
    }

    LocalStore& store() { return *m_store; }

private:
    test::TempDir m_dir;
    std::filesystem::path m_path;
    std::unique_ptr<LocalStore> m_store;
};

void checkRefused(const CliResult& result, const std::string& mentions) {
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(mentions) != std::string::npos);
}

} // namespace

TEST_CASE("CLI: customer add shows possible duplicates with their reasons", "[cli][customers]") {
    SignedInProfile profile("alice", "agent");
    const Json first = profile.json({"customer", "add", "--name", "Ann Example", "--branch", "north",
                                     "--email", "ann@example.org", "--segment", "residential"});
    const std::string annId = first.at("id");
    CHECK(first.at("duplicates") == Json::array());
    CHECK(profile.fields("customer", annId)["segment"] == "residential");

    const Json second = profile.json(
        {"customer", "add", "--name", "Example Ann", "--branch", "north", "--email", "ANN@example.org"});
    CHECK(second.at("duplicates") == Json::array({{{"id", annId},
                                                   {"name", "Ann Example"},
                                                   {"branch", "north"},
                                                   {"email", "ann@example.org"},
                                                   {"phone", ""},
                                                   {"reasons", {"same_email", "reordered_name"}}}}));

    // Text: the new id alone on stdout, the warning on stderr.
    const CliResult text = profile.run({"customer", "add", "--name", "Ann Exampel", "--branch", "north"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find('\n') == text.out.size() - 1);
    CHECK(text.err.find("may be a duplicate of 1 existing") != std::string::npos);
    CHECK(text.err.find(annId) != std::string::npos);
    CHECK(text.err.find("similar_name") != std::string::npos);

    const Json found = profile.json({"customer", "duplicates", "--email", " Ann@Example.org"});
    REQUIRE(found.size() == 2);
    CHECK(found[0]["reasons"] == Json::array({"same_email"}));
    CHECK(profile.run({"customer", "duplicates", "--phone", "0123 456 789"}).out ==
          "No possible duplicates.\n");

    checkRefused(profile.run({"customer", "add", "--name", "Sid", "--branch", "south"}), "customer.branch");
    checkRefused(profile.run({"customer", "add", "--name", "Sid", "--branch", "north", "--email", "sid"}),
                 "customer.email");
    checkRefused(profile.run({"customer", "edit", annId, "--set", "date_of_birth=1980-01-02"}),
                 "customer.date_of_birth");
}

TEST_CASE("CLI: customer show logs the access and masks restricted fields for agents", "[cli][customers]") {
    SignedInProfile profile("sam", "supervisor");
    const std::string id = profile
                               .json({"customer", "add", "--name", "Ann", "--branch", "north", "--set",
                                      "date_of_birth=1980-01-02"})
                               .at("id");
    const Json bySupervisor = profile.json({"customer", "show", id});
    CHECK(bySupervisor["fields"]["date_of_birth"] == "1980-01-02");
    CHECK(bySupervisor["masked"] == Json::array());

    profile.signIn("alice", "agent");
    const Json byAgent = profile.json({"customer", "show", id, "--purpose", "billing query"});
    CHECK(byAgent["fields"]["name"] == "Ann");
    CHECK_FALSE(byAgent["fields"].contains("date_of_birth"));
    CHECK(byAgent["masked"] == Json::array({"date_of_birth", "identity_answers"}));
    const Json logged = profile.fields("access_log", byAgent["access_log_id"]);
    CHECK(logged["customer_id"] == id);
    CHECK(logged["user"] == "alice");
    CHECK(logged["purpose"] == "billing query");
    CHECK(logged["branch"] == "north");

    const CliResult text = profile.run({"customer", "show", id});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("1980-01-02") == std::string::npos);
    CHECK(text.out.find("restricted, not shown: date_of_birth, identity_answers") != std::string::npos);
    auto logs = profile.store().list("access_log");
    REQUIRE(logs);
    CHECK(logs->size() == 3);
    checkRefused(profile.run({"customer", "show", "no-such-id"}), "no-such-id");
}

TEST_CASE("CLI: consent, confirmation, data quality and the timeline", "[cli][customers]") {
    SignedInProfile profile("alice", "agent");
    const std::string id = profile.json({"customer", "add", "--name", "Ann", "--branch", "north"}).at("id");

    profile.json({"customer", "consent", id, "marketing", "--basis", "consent", "--source", "phone call",
                  "--expires", "2099-12-31"});
    profile.json(
        {"customer", "consent", id, "surveys", "--basis", "legitimate_interest", "--expires", "2000-01-01"});
    profile.json({"customer", "withdraw-consent", id, "marketing"});
    const Json consent = profile.json({"customer", "show", id}).at("consent");
    REQUIRE(consent.size() == 2);
    CHECK(consent[0]["purpose"] == "marketing");
    CHECK(consent[0]["granted"] == false);
    CHECK(consent[0]["source"] == "phone call");
    CHECK(consent[1]["purpose"] == "surveys");
    CHECK(consent[1]["expired"] == true);
    CHECK(consent[1]["in_force"] == false);
    const CliResult shown = profile.run({"customer", "show", id});
    CHECK(shown.out.find("withdrawn") != std::string::npos);
    CHECK(shown.out.find("expired") != std::string::npos);
    checkRefused(profile.run({"customer", "consent", id, "marketing", "--basis", "whim"}),
                 "customer.consent");
    checkRefused(profile.run({"customer", "withdraw-consent", id, "profiling"}), "profiling");

    Json quality = profile.json({"customer", "quality"});
    CHECK(quality["never_confirmed"].size() == 1);
    CHECK(quality["no_contact_point"][0]["id"] == id);
    profile.json({"customer", "confirm", id});
    CHECK(profile.fields("customer", id)["verified_by"] == "alice");
    quality = profile.json({"customer", "quality", "--days", "30"});
    CHECK(quality["stale_after_days"] == 30);
    CHECK(quality["never_confirmed"] == Json::array());
    CHECK(quality["confirmed_long_ago"] == Json::array());

    const std::string first = profile
                                  .json({"interaction", "log", "--channel", "phone", "--kind", "query",
                                         "--customer", id, "--set", "occurred_at=2026-01-01T10:00:00Z"})
                                  .at("id");
    const std::string second = profile
                                   .json({"interaction", "log", "--channel", "email", "--kind", "request",
                                          "--customer", id, "--set", "occurred_at=2026-02-01T10:00:00Z"})
                                   .at("id");
    const Json timeline = profile.json({"customer", "timeline", id});
    REQUIRE(timeline.size() == 2);
    CHECK(timeline[0]["id"] == second);
    CHECK(timeline[1]["id"] == first);
}

TEST_CASE("CLI: interaction log, escalation, follow-ups and answers used", "[cli][interactions]") {
    SignedInProfile profile("alice", "agent");
    const std::string customer =
        profile.json({"customer", "add", "--name", "Ann", "--branch", "north"}).at("id");

    const std::string escalated = profile
                                      .json({"interaction",
                                             "log",
                                             "--channel",
                                             "phone",
                                             "--kind",
                                             "complaint",
                                             "--customer",
                                             customer,
                                             "--words",
                                             "My bill doubled",
                                             "--product",
                                             "fibre",
                                             "--outcome",
                                             "escalated",
                                             "--escalate-to",
                                             "sam",
                                             "--escalation-reason",
                                             "complaint",
                                             "--escalation-mode",
                                             "written",
                                             "--escalation-due",
                                             "2026-12-01",
                                             "--handled-seconds",
                                             "95",
                                             "--identity-method",
                                             "security questions",
                                             "--identity-result",
                                             "passed"})
                                      .at("id");
    const Json logged = profile.fields("interaction", escalated);
    CHECK(logged["branch"] == "north");
    CHECK(logged["agent"] == "alice");
    CHECK(logged["customer_words"] == "My bill doubled");
    CHECK(logged["handled_seconds"] == 95);
    CHECK(logged["escalation_status"] == "open");
    CHECK(logged["identity_check"]["method"] == "security questions");
    CHECK(logged["identity_check"]["result"] == "passed");
    CHECK(logged["identity_check"]["checked_by"] == "alice");

    checkRefused(profile.run({"interaction", "log", "--channel", "phone", "--kind", "query", "--outcome",
                              "escalated"}),
                 "interaction.escalated_to");
    checkRefused(profile.run({"interaction", "log", "--channel", "phone", "--kind", "query", "--outcome",
                              "follow_up"}),
                 "interaction.follow_up_due");
    checkRefused(
        profile.run({"interaction", "log", "--channel", "phone", "--kind", "query", "--set",
                     "identity_check={\"method\":\"pin\",\"result\":\"passed\",\"answer\":\"1234\"}"}),
        "never stored");

    profile.json({"interaction", "escalation", escalated, "--status", "resolved"});
    CHECK(profile.fields("interaction", escalated)["escalation_status"] == "resolved");
    checkRefused(profile.run({"interaction", "escalation", escalated, "--status", "lost"}),
                 "interaction.escalation_status");

    const std::string late =
        profile
            .json({"interaction", "log", "--channel", "phone", "--kind", "request", "--outcome", "follow_up",
                   "--follow-up-due", "2020-03-01", "--summary", "send the form"})
            .at("id");
    const Json overdue = profile.json({"interaction", "overdue"});
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0]["id"] == late);
    CHECK(overdue[0]["due"] == "2020-03-01");
    CHECK(overdue[0]["summary"] == "send the form");
    CHECK(overdue[0]["days_overdue"].get<int>() > 2000);
    profile.json({"interaction", "follow-up-done", late});
    CHECK(profile.json({"interaction", "overdue"}) == Json::array());
    CHECK(profile.run({"interaction", "overdue"}).out == "No overdue follow-ups.\n");
    checkRefused(profile.run({"interaction", "follow-up-done", late}), "interaction.follow_up_done_at");

    auto article =
        profile.store().create("article", {{"kind", "answer"}, {"title", "Bills"}, {"status", "published"}});
    REQUIRE(article);
    const Json used = profile.json(
        {"interaction", "use-answer", escalated, article->id, "--how", "written", "--not-understood"});
    CHECK(used["article_version"] == article->version.toString());
    CHECK(profile.fields("interaction", escalated)["articles_used"] ==
          Json::array({{{"article_id", article->id},
                        {"version", article->version.toString()},
                        {"how", "written"},
                        {"understood", false}}}));
    checkRefused(profile.run({"interaction", "use-answer", escalated, article->id, "--how", "smoke"}),
                 "smoke");
    checkRefused(profile.run({"interaction", "use-answer", escalated, "no-such-article", "--how", "verbal"}),
                 "no-such-article");
}

TEST_CASE("CLI: feedback add, list and triage", "[cli][feedback]") {
    SignedInProfile profile("alice", "agent");
    checkRefused(profile.run({"feedback", "add", "--csat", "6"}), "feedback.score");
    checkRefused(profile.run({"feedback", "add", "--nps", "11"}), "feedback.score");
    checkRefused(profile.run({"feedback", "add", "--source", "unsolicited"}), "feedback.comment");
    checkRefused(profile.run({"feedback", "add", "--comment", "no kind"}), "no kind of feedback");
    CHECK(profile.run({"feedback", "add", "--csat", "4", "--nps", "9"}).exitCode == 1);

    const std::string survey = profile.json({"feedback", "add", "--csat", "5"}).at("id");
    CHECK(profile.fields("feedback", survey)["scale"] == "csat");
    CHECK(profile.fields("feedback", survey)["score"] == 5);
    CHECK(profile.fields("feedback", survey)["branch"] == "north");
    const std::string comment =
        profile.json({"feedback", "add", "--source", "anecdotal", "--comment", "The new form is confusing"})
            .at("id");
    CHECK(profile.fields("feedback", comment)["triage"] == "new");

    Json listed = profile.json({"feedback", "list", "--triage", "new"});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["id"] == comment);
    profile.json({"feedback", "triage", comment, "actioned"});
    CHECK(profile.json({"feedback", "list", "--triage", "new"}) == Json::array());
    listed = profile.json({"feedback", "list", "--source", "survey"});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["id"] == survey);
    checkRefused(profile.run({"feedback", "triage", comment, "shelved"}), "feedback.triage");
    CHECK(profile.run({"feedback", "list"}).out.find("csat 5") != std::string::npos);
}
