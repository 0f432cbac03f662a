// `knowset-cli demo-data` against a replica without a server: who may run it, what it refuses,
// what it writes and prints.
#include "knowset/domain/demo_data.hpp"
#include "knowset/sync/profile.hpp"

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "test_support.hpp"

using namespace knowset;
using knowset::cli::test::makeReplica;
using knowset::cli::test::runCli;

namespace {

void signIn(const std::filesystem::path& profile, const std::string& user, std::vector<std::string> roles) {
    sync::Profile saved;
    saved.directory = profile;
    saved.url = "ws://127.0.0.1:1";
    saved.user = user;
    saved.token = "token-of-" + user;
    saved.roles = std::move(roles);
    REQUIRE(sync::saveProfile(saved));
}

// A small organisation: quick to write in a debug build.
std::vector<std::string> demoArgs(const std::filesystem::path& profile) {
    return {"--profile", profile.string(), "demo-data",  "--seed", "3",
            "--until",   "2026-11-22",     "--articles", "20",     "--customers",
            "12",        "--interactions", "150"};
}

} // namespace

TEST_CASE("CLI demo-data: an admin fills an empty replica, --json gives counts and checksum", "[cli][demo]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    makeReplica(profile);
    signIn(profile, "root", {"admin"});

    auto args = demoArgs(profile);
    args.insert(args.begin(), "--json");
    const auto result = runCli(args);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const Json report = Json::parse(result.out);

    domain::DemoSpec spec = domain::DemoSpec::standard(*domain::parseDay("2026-11-22"));
    spec.seed = 3;
    spec.articles = 20;
    spec.customers = 12;
    spec.interactions = 150;
    const auto expected = domain::generateDemoData(
        spec, [](std::vector<domain::DemoRecord>&) -> Result<Done> { return Done{}; });
    REQUIRE(expected);
    CHECK(report.at("checksum") == expected->checksum);
    CHECK(report.at("records") == expected->records);
    CHECK(report.at("counts").at("article") == 20);
    CHECK(report.at("counts").at("customer") == 12);
    CHECK(report.at("counts").at("interaction") == 150);
    CHECK(report.at("until") == "2026-11-22");

    auto store = makeReplica(profile);
    const auto counts = store->countByCollection();
    REQUIRE(counts);
    CHECK(counts->at("interaction") == 150);
    CHECK(store->pendingCount().value() == expected->records);
}

TEST_CASE("CLI demo-data: prints counts, checksum and time for people", "[cli][demo]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    makeReplica(profile);
    signIn(profile, "root", {"admin"});
    const auto result = runCli(demoArgs(profile));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.starts_with("Wrote "));
    CHECK(result.out.find("interaction  150") != std::string::npos);
    CHECK(result.out.find("Checksum ") != std::string::npos);
}

TEST_CASE("CLI demo-data: agents and supervisors are refused", "[cli][demo]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);
    for (const char* role : {"agent", "supervisor"}) {
        signIn(profile, "alice", {role});
        const auto result = runCli(demoArgs(profile));
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("demo-data is for admins") != std::string::npos);
        CHECK(result.err.find(std::string("alice is ") + role) != std::string::npos);
    }
    CHECK(store->countByCollection().value().empty());
}

TEST_CASE("CLI demo-data: a replica with records is refused unless --force", "[cli][demo]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);
    REQUIRE(store->create("article", {{"kind", "faq"}, {"title", "Mine"}, {"status", "draft"}}));
    signIn(profile, "root", {"admin"});

    auto result = runCli(demoArgs(profile));
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("already holds 1 record") != std::string::npos);
    CHECK(result.err.find("--force") != std::string::npos);

    auto forced = demoArgs(profile);
    forced.push_back("--force");
    result = runCli(forced);
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(store->countByCollection().value().at("article") == 21);
}

TEST_CASE("CLI demo-data: a malformed --until is refused", "[cli][demo]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    makeReplica(profile);
    signIn(profile, "root", {"admin"});
    auto args = demoArgs(profile);
    args[6] = "22/11/2026";
    const auto result = runCli(args);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("--until: '22/11/2026' is not a date") != std::string::npos);
}
