// The command line without a server: parsing, exit codes, error lines, offline writes and reads.
#include "knowset/sync/profile.hpp"

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "test_support.hpp"

using namespace knowset;
using knowset::cli::test::CliResult;
using knowset::cli::test::makeReplica;
using knowset::cli::test::runCli;

namespace {

// One line "knowset-cli: <what>; <what to do>".
void checkErrorLine(const CliResult& result) {
    INFO(result.err);
    CHECK(result.err.starts_with("knowset-cli: "));
    CHECK(result.err.find("; ") != std::string::npos);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
}

void signIn(const std::filesystem::path& profile, const std::string& user, std::vector<std::string> roles) {
    sync::Profile saved;
    saved.directory = profile;
    saved.url = "ws://127.0.0.1:1";
    saved.user = user;
    saved.token = "token-of-" + user;
    saved.roles = std::move(roles);
    saved.branches = {"north"};
    REQUIRE(sync::saveProfile(saved));
}

} // namespace

TEST_CASE("CLI: usage errors exit 1 with one line on stderr", "[cli][command-line]") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {},
             {"article"},
             {"article", "add"},
             {"article", "add", "--title", "T", "--nonsense"},
             {"conflicts", "resolve", "X"},
             {"conflicts", "resolve", "X", "--take", "winner", "--value", "1"},
             {"conflicts", "resolve", "X", "--take", "both"},
             {"sync", "--pull-limit", "0"},
             {"export", "--format", "xml"},
         }) {
        const auto result = runCli(args);
        INFO(result.err);
        CHECK(result.exitCode == 1);
        checkErrorLine(result);
    }
}

TEST_CASE("CLI: --help prints the command's help and exits 0", "[cli][command-line]") {
    const auto result = runCli({"article", "add", "--help"});
    CHECK(result.exitCode == 0);
    CHECK(result.out.find("--title") != std::string::npos);
    CHECK(result.out.find("--set") != std::string::npos);
}

TEST_CASE("CLI: commands that need a server refuse to run signed out", "[cli][command-line]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"sync"}, {"conflicts", "resolve", "X", "--value", "1"}}) {
        std::vector<std::string> line{"--profile", profile.string()};
        line.insert(line.end(), args.begin(), args.end());
        const auto result = runCli(line);
        CHECK(result.exitCode == 1);
        checkErrorLine(result);
        CHECK(result.err.find("not signed in") != std::string::npos);
    }
}

TEST_CASE("CLI: articles are added, edited, shown and listed offline", "[cli][command-line]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile").string();
    auto store = makeReplica(profile);

    const auto added = runCli({"--profile", profile, "article", "add", "--title", "Refunds", "--tags",
                               "billing, refunds", "--set", "owner=sam", "--set", "products=[\"card\"]"});
    INFO(added.err);
    REQUIRE(added.exitCode == 0);
    const std::string id = added.out.substr(0, added.out.find('\n'));
    CHECK(isUuid(id));

    // --json anywhere on the line, even after the positional id.
    const auto shown = runCli({"--profile", profile, "article", "show", id, "--json"});
    REQUIRE(shown.exitCode == 0);
    const Json document = Json::parse(shown.out);
    CHECK(document["collection"] == "article");
    CHECK(document["id"] == id);
    CHECK(document["deleted"] == false);
    CHECK(document["fields"] == Json{{"title", "Refunds"},
                                     {"kind", "answer"},
                                     {"status", "draft"},
                                     {"tags", Json::array({"billing", "refunds"})},
                                     {"owner", "sam"},
                                     {"products", Json::array({"card"})}});
    CHECK(document["versions"].contains("title"));

    const auto edited =
        runCli({"--json", "--profile", profile, "article", "edit", id, "--status", "in_review"});
    REQUIRE(edited.exitCode == 0);
    const Json write = Json::parse(edited.out);
    CHECK(write["collection"] == "article");
    CHECK(write["id"] == id);
    CHECK(write["journal_seq"] == 2);
    CHECK(write["version"].is_string());

    const auto listed = runCli({"--profile", profile, "article", "list", "--status", "in_review", "--json"});
    REQUIRE(listed.exitCode == 0);
    const Json list = Json::parse(listed.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["fields"]["status"] == "in_review");
    CHECK(Json::parse(runCli({"--profile", profile, "article", "list", "--status", "draft", "--json"}).out)
              .empty());

    const auto human = runCli({"--profile", profile, "article", "show", id});
    CHECK(human.out.find("Refunds") != std::string::npos);
    CHECK(human.out.find("in_review") != std::string::npos);

    const auto status = runCli({"--profile", profile, "status", "--json"});
    REQUIRE(status.exitCode == 0);
    const Json state = Json::parse(status.out);
    CHECK(state["pending"] == 2);
    CHECK(state["records"]["article"] == 1);
    CHECK(state["signed_in"] == false);
    CHECK(state["last_sync"].is_null());
}

TEST_CASE("CLI: bad values and unknown ids are refused locally with exit code 1", "[cli][command-line]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile").string();
    auto store = makeReplica(profile);

    auto result = runCli({"--profile", profile, "article", "add", "--title", "T", "--set", "colour=red"});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("article.colour") != std::string::npos);
    checkErrorLine(result);

    result = runCli({"--profile", profile, "article", "add", "--title", "T", "--status", "finished"});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("article.status") != std::string::npos);

    result = runCli({"--profile", profile, "article", "add", "--title", "T", "--set", "tags=billing"});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("article.tags") != std::string::npos);

    result = runCli({"--profile", profile, "article", "edit", "no-such-id", "--title", "X"});
    CHECK(result.exitCode == 1);
    checkErrorLine(result);

    result = runCli({"--profile", profile, "customer", "show", "no-such-id"});
    CHECK(result.exitCode == 1);
    checkErrorLine(result);

    auto count = store->pendingCount();
    REQUIRE(count);
    CHECK(*count == 0);
}

TEST_CASE("CLI: customers and interactions", "[cli][command-line]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile").string();
    auto store = makeReplica(profile);
    signIn(profile, "alice", {"agent"}); // customers are written in one's own branches

    const auto customer = runCli({"--profile", profile, "customer", "add", "--name", "Ann Example",
                                  "--branch", "north", "--email", "ann@example.org", "--json"});
    REQUIRE(customer.exitCode == 0);
    const std::string customerId = Json::parse(customer.out)["id"];

    const auto found = runCli({"--profile", profile, "customer", "search", "EXAMPLE.ORG", "--json"});
    REQUIRE(found.exitCode == 0);
    REQUIRE(Json::parse(found.out).size() == 1);

    const auto logged =
        runCli({"--profile", profile, "interaction", "log", "--channel", "phone", "--kind", "query",
                "--branch", "north", "--customer", customerId, "--outcome", "resolved"});
    INFO(logged.err);
    REQUIRE(logged.exitCode == 0);
    REQUIRE(runCli({"--profile", profile, "interaction", "log", "--channel", "email", "--kind", "complaint",
                    "--branch", "north"})
                .exitCode == 0);

    const auto theirs =
        runCli({"--profile", profile, "interaction", "list", "--customer", customerId, "--json"});
    REQUIRE(theirs.exitCode == 0);
    const Json list = Json::parse(theirs.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["fields"]["customer_id"] == customerId);
    CHECK(Json::parse(runCli({"--profile", profile, "interaction", "list", "--json"}).out).size() == 2);
}

TEST_CASE("CLI: conflicts are resolved by supervisors and admins only, and need the conflict",
          "[cli][conflicts]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);

    signIn(profile, "alice", {"agent"});
    auto result = runCli({"--profile", profile.string(), "conflicts", "resolve", "c-1", "--take", "winner"});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("only supervisors and admins may resolve conflicts") != std::string::npos);
    checkErrorLine(result);

    signIn(profile, "sam", {"supervisor"});
    result = runCli({"--profile", profile.string(), "conflicts", "resolve", "c-1", "--take", "loser"});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("no conflict c-1 in this replica; run sync first") != std::string::npos);

    result = runCli({"--profile", profile.string(), "conflicts", "resolve", "c-1", "--value", "not json"});
    CHECK(result.exitCode == 1);
    checkErrorLine(result);

    result = runCli({"--profile", profile.string(), "conflicts", "list", "--json"});
    CHECK(result.exitCode == 0);
    CHECK(Json::parse(result.out) == Json::array());
}

TEST_CASE("CLI: status warns when the server's clock is more than five minutes away", "[cli][status]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);

    REQUIRE(store->setSyncValue("server_offset_ms", "-120000"));
    auto result = runCli({"--profile", profile.string(), "status"});
    CHECK(result.exitCode == 0);
    CHECK(result.err.empty());

    REQUIRE(store->setSyncValue("server_offset_ms", "-600000"));
    REQUIRE(store->setSyncValue("last_sync", "1700000000000"));
    REQUIRE(store->setSyncValue("state", "offline"));
    result = runCli({"--profile", profile.string(), "status", "--json"});
    CHECK(result.exitCode == 0);
    CHECK(result.err.find("your clock is off by 10 minutes") != std::string::npos);
    const Json status = Json::parse(result.out);
    CHECK(status["server_offset_ms"] == -600000);
    CHECK(status["last_sync"] == 1700000000000);
    CHECK(status["state"] == "offline");

    result = runCli({"--profile", profile.string(), "status"});
    CHECK(result.out.find("2023-11-14 22:13:20 UTC") != std::string::npos);
}

TEST_CASE("CLI: reads without a replica say to sign in first", "[cli][command-line]") {
    knowset::test::TempDir dir;
    const auto result = runCli({"--profile", dir.file("empty").string(), "article", "list"});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("sign in first") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("empty")));
}
