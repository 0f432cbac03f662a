// `knowset-cli search` and `article search` on a replica without a server: hits, typo
// corrections, filters, browsing, and search misses.
#include "knowset/sync/profile.hpp"

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "test_support.hpp"

using namespace knowset;
using knowset::cli::test::makeReplica;
using knowset::cli::test::runCli;

namespace {

// A profile of `user` with `roles` and a replica holding three articles; returns the replica.
struct SearchProfile {
    explicit SearchProfile(const std::string& user = "alex", std::vector<std::string> roles = {"agent"}) {
        store = makeReplica(path);
        sync::Profile profile;
        profile.directory = path;
        profile.url = "ws://127.0.0.1:1";
        profile.user = user;
        profile.roles = std::move(roles);
        profile.branches = {"north"};
        REQUIRE(sync::saveProfile(profile));
        category = store->create("category", {{"name", "Billing"}}).value().id;
        password = article({{"title", "Password reset"}, {"kind", "faq"}, {"body", "Use the sign-in page."}});
        refund = article({{"title", "Card payments"},
                          {"category_id", category},
                          {"body", "A refund takes up to five working days."}});
        draft = article({{"title", "Refund exceptions"}, {"status", "draft"}, {"category_id", category}});
    }

    std::string article(const Json& fields) {
        Json values{{"kind", "answer"}, {"status", "published"}};
        values.update(fields);
        return store->create("article", values).value().id;
    }

    cli::test::CliResult run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--profile", path.string()});
        return runCli(args);
    }

    Json runJson(std::vector<std::string> args) const {
        args.push_back("--json");
        const auto result = run(std::move(args));
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        return Json::parse(result.out);
    }

    test::TempDir dir;
    std::filesystem::path path = dir.file("profile");
    std::unique_ptr<LocalStore> store;
    std::string category;
    std::string password;
    std::string refund;
    std::string draft;
};

std::vector<std::string> ids(const Json& document) {
    std::vector<std::string> found;
    for (const auto& hit : document["hits"]) {
        found.push_back(hit["id"].get<std::string>());
    }
    return found;
}

} // namespace

TEST_CASE("CLI search: hits with rank, kind, status, title and a highlighted snippet", "[cli][search]") {
    const SearchProfile profile;
    const Json document = profile.runJson({"search", "password"});
    REQUIRE(document["hits"].size() == 1);
    CHECK(document["hits"][0] == Json{{"rank", 1},
                                      {"id", profile.password},
                                      {"title", "Password reset"},
                                      {"kind", "faq"},
                                      {"status", "published"},
                                      {"category_id", nullptr},
                                      {"snippet", "[Password] reset"},
                                      {"score", document["hits"][0]["score"]}});
    CHECK(document["corrections"].empty());
    CHECK(document["typo_tolerance"] == false);
    CHECK(document["search_miss"].is_null());

    const auto text = profile.run({"search", "passw"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.starts_with("#  ID"));
    CHECK(text.out.find("1  " + profile.password + "  faq   published  Password reset  [Password] reset\n") !=
          std::string::npos);
}

TEST_CASE("CLI search: a corrected typo is announced", "[cli][search]") {
    const SearchProfile profile;
    const Json document = profile.runJson({"search", "pasword"});
    CHECK(ids(document) == std::vector<std::string>{profile.password});
    CHECK(document["corrections"] == Json::array({{{"typed", "pasword"}, {"used", "password"}}}));
    CHECK(document["typo_tolerance"] == true);

    const auto text = profile.run({"search", "refnd"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.starts_with("Showing results for refund (you typed refnd).\n"));
}

TEST_CASE("CLI search: filters, category browsing and published first for an agent", "[cli][search]") {
    const SearchProfile profile;
    CHECK(ids(profile.runJson({"search", "refund"})) ==
          std::vector<std::string>{profile.refund, profile.draft});
    CHECK(ids(profile.runJson({"search", "--status", "draft", "refund"})) ==
          std::vector<std::string>{profile.draft});
    CHECK(ids(profile.runJson({"search", "--kind", "faq,procedure", "--valid-today"})) ==
          std::vector<std::string>{profile.password});
    // No QUERY: the category's articles by title, published first.
    CHECK(ids(profile.runJson({"search", "--category", profile.category})) ==
          std::vector<std::string>{profile.refund, profile.draft});
    CHECK(profile.runJson({"search", "refund", "--limit", "1"})["hits"].size() == 1);

    const auto badKind = profile.run({"search", "refund", "--kind", "faqs"});
    CHECK(badKind.exitCode == 1);
    CHECK(badKind.err.starts_with("knowset-cli: article.kind: 'faqs' is not one of"));
    const auto badCategory = profile.run({"search", "refund", "--category", "nope"});
    CHECK(badCategory.exitCode == 1);
    CHECK(badCategory.err.find("no category nope") != std::string::npos);
}

TEST_CASE("CLI search: a search with no hits is recorded as a search miss unless told not to",
          "[cli][search]") {
    const SearchProfile profile;
    const Json missed = profile.runJson({"search", "roaming charges", "--category", profile.category});
    CHECK(missed["hits"].empty());
    REQUIRE(missed["search_miss"].is_string());
    const auto miss = profile.store->get("search_miss", missed["search_miss"].get<std::string>()).value();
    REQUIRE(miss);
    CHECK(miss->fields["query"] == "roaming charges");
    CHECK(miss->fields["category_id"] == profile.category);
    CHECK(miss->fields["agent"] == "alex");
    CHECK(miss->fields["result_count"] == 0);
    CHECK(miss->fields["at"].get<std::string>().ends_with("Z"));

    const auto text = profile.run({"search", "roaming", "--no-record-miss"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out == "No articles match.\n");
    // Browsing never records a miss.
    CHECK(profile.runJson({"search", "--status", "archived"})["search_miss"].is_null());
    CHECK(profile.store->list("search_miss").value().size() == 1);
}

TEST_CASE("CLI article search runs the same search", "[cli][search]") {
    const SearchProfile profile("sam", {"supervisor"});
    // A supervisor sees one ranking: the draft's title match beats the published body match.
    const Json document = profile.runJson({"article", "search", "refund"});
    CHECK(ids(document) == std::vector<std::string>{profile.draft, profile.refund});
    CHECK(ids(profile.runJson({"article", "search", "refnd", "--limit", "1"})) ==
          std::vector<std::string>{profile.draft});
}
