// The demo organisation on the server: `knowset-server demo-data` and `serve --demo-data`
// write it into a data directory's store as ordinary changes; `dump` shows them and clients
// pull them, each branch only to its users.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "server/admin/admin_commands.hpp"
#include "server/admin/demo_data_loader.hpp"
#include "server/store/sqlite_server_store.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::server;
using namespace knowset::test;

namespace {

domain::DemoSpec smallSpec() {
    domain::DemoSpec spec = domain::DemoSpec::standard(*domain::parseDay("2026-11-22"));
    spec.seed = 11;
    spec.articles = 20;
    spec.customers = 12;
    spec.interactions = 160;
    return spec;
}

// A fixture's data directory with its server stopped, so the test has the store to itself.
DataDirectory stoppedDataDirectory(ServerFixture& fixture) {
    fixture.stop();
    return DataDirectory{fixture.dataDirectory()};
}

std::unique_ptr<SqliteServerStore> openStore(const DataDirectory& data) {
    auto store = SqliteServerStore::openDataDirectory(data);
    REQUIRE(store);
    return std::move(*store);
}

} // namespace

TEST_CASE("Server demo data: loaded into a data directory, dump shows every record", "[server][demo]") {
    ServerFixture fixture;
    const DataDirectory data = stoppedDataDirectory(fixture);
    const auto summary = admin::loadDemoDataInto(data, smallSpec(), false, "cli");
    REQUIRE(summary);
    CHECK(summary->counts.at("interaction") == 160);

    auto store = openStore(data);
    const auto audit = store->auditLog(1);
    REQUIRE(audit);
    CHECK(audit->front().action == "demo.load");

    std::ostringstream dump;
    const auto written = admin::dumpRecords(*store, "", dump, "test");
    REQUIRE(written);
    CHECK(static_cast<std::int64_t>(*written) == summary->records);
    std::map<std::string, std::int64_t, std::less<>> perCollection;
    std::istringstream lines(dump.str());
    for (std::string line; std::getline(lines, line);) {
        ++perCollection[line.substr(0, line.find('\t'))];
        CHECK(line.find("-" + admin::kDemoNode.toHex()) != std::string::npos); // versions of the demo node
    }
    CHECK(perCollection == summary->counts);

    const auto branches = store->branches();
    REQUIRE(branches);
    for (const char* branch : {"north", "south", "east"}) {
        CHECK(std::find(branches->begin(), branches->end(), branch) != branches->end());
    }
}

TEST_CASE("Server demo data: a store with records is refused unless forced", "[server][demo]") {
    ServerFixture fixture;
    const DataDirectory data = stoppedDataDirectory(fixture);
    REQUIRE(admin::loadDemoDataInto(data, smallSpec(), false, "cli"));
    const auto head = openStore(data)->headSeq();
    REQUIRE(head);

    const auto again = admin::loadDemoDataInto(data, smallSpec(), false, "cli");
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::InvalidChange);
    CHECK(again.error().message.find("--force") != std::string::npos);
    CHECK(openStore(data)->headSeq().value() == *head);

    domain::DemoSpec other = smallSpec();
    other.seed = 12;
    const auto forced = admin::loadDemoDataInto(data, other, true, "cli");
    REQUIRE(forced);
    CHECK(openStore(data)->headSeq().value() > *head);
}

TEST_CASE("Server demo data: on first start only", "[server][demo]") {
    ServerFixture fixture;
    const DataDirectory data = stoppedDataDirectory(fixture);
    const auto first = admin::loadDemoDataOnFirstStart(data, smallSpec());
    REQUIRE(first);
    REQUIRE(first->has_value());
    const auto head = openStore(data)->headSeq();
    REQUIRE(head);

    const auto second = admin::loadDemoDataOnFirstStart(data, smallSpec());
    REQUIRE(second);
    CHECK_FALSE(second->has_value());
    CHECK(openStore(data)->headSeq().value() == *head);
}

TEST_CASE("Server demo data: clients pull it, customers only of their branches", "[server][demo]") {
    ServerFixture fixture;
    const auto summary = admin::loadDemoDataInto(stoppedDataDirectory(fixture), smallSpec(), false, "cli");
    REQUIRE(summary);
    fixture.restart();

    auto root = fixture.signIn("root");
    CHECK(static_cast<std::int64_t>(pullAll(*root).size()) == summary->records);

    auto alice = fixture.signIn("alice"); // an agent of north
    std::map<std::string, int> customersByBranch;
    int articles = 0;
    for (const Json& record : pullAll(*alice)) {
        if (record["c"] == "customer") {
            ++customersByBranch[record["fields"]["branch"]["v"].get<std::string>()];
        }
        articles += record["c"] == "article" ? 1 : 0;
    }
    // Customer i belongs to branch i % 3: 0, 3, 6 and 9 of the 12 are in north.
    CHECK(customersByBranch == std::map<std::string, int>{{"north", 4}});
    CHECK(articles == 20);
}
