// The role x action matrix over the wire (RELIABILITY.md T6): every cell allow or deny as the
// access policy specifies. Admin commands have no wire form (they are knowset-server
// subcommands run on the server machine), so they are not a column here.
#include <catch2/catch.hpp>

#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::test;

namespace {

struct World {
    std::string northCustomer;
    std::string southCustomer;
};

// root (admin) seeds one customer per branch, each with a restricted value.
World seed(ServerFixture& fixture) {
    PatchWriter writer;
    auto root = fixture.signIn("root", nullptr, writer.node());
    World world{newUuidV7(), newUuidV7()};
    const Json changes = Json::array(
        {writer.patch("customer", world.northCustomer,
                      {{"name", "North Person"}, {"branch", "north"}, {"identity_answers", "NORTH-SECRET"}}),
         writer.patch(
             "customer", world.southCustomer,
             {{"name", "South Person"}, {"branch", "south"}, {"identity_answers", "SOUTH-SECRET"}})});
    REQUIRE(root->request(writer.push("seed", 1, changes))["type"] == "ack");
    return world;
}

// An open conflict on a fresh article, made by two of root's devices editing concurrently.
std::string openConflict(ServerFixture& fixture) {
    PatchWriter first;
    PatchWriter second;
    auto a = fixture.signIn("root", nullptr, first.node());
    auto b = fixture.signIn("root", nullptr, second.node());
    const std::string id = newUuidV7();
    const Json created =
        first.patch("article", id, {{"kind", "faq"}, {"title", "Base"}, {"status", "draft"}});
    REQUIRE(a->request(first.push("c", 1, Json::array({created})))["type"] == "ack");
    const std::string base = created["fields"]["title"]["ver"];
    REQUIRE(b->request(second.push("d", 1,
                                   Json::array({second.patch("article", id, {{"title", "One"}},
                                                             {{"title", base}})})))["type"] == "ack");
    const Json ack = a->request(
        first.push("e", 2, Json::array({first.patch("article", id, {{"title", "Two"}}, {{"title", base}})})));
    REQUIRE(ack["conflicts"].size() == 1);
    return ack["conflicts"][0];
}

bool pullSees(WsClient& client, const std::string& id, const std::string& field) {
    for (const Json& record : pullAll(client)) {
        if (record["id"] == id && record["fields"].contains(field)) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("Authorization matrix: agent, supervisor, admin", "[server][authz][matrix]") {
    ServerFixture fixture;
    const World world = seed(fixture);

    const struct {
        std::string user;
        bool readRestricted;
        bool readOtherBranch;
        bool writeOwnBranch;
        bool writeOtherBranch;
        bool publish;
        bool resolve;
    } rows[] = {
        {"alice", false, false, true, false, false, false}, // agent of north
        {"sam", true, false, true, false, true, true},      // supervisor of north
        {"root", true, true, true, true, true, true},       // admin: every branch
    };
    for (const auto& row : rows) {
        INFO("user " << row.user);
        PatchWriter writer;
        auto client = fixture.signIn(row.user, nullptr, writer.node());

        CHECK(pullSees(*client, world.northCustomer, "identity_answers") == row.readRestricted);
        CHECK(pullSees(*client, world.southCustomer, "name") == row.readOtherBranch);

        std::int64_t seq = 1;
        const auto attempt = [&](const Json& patch) {
            const Json reply =
                client->request(writer.push("w" + std::to_string(seq), seq, Json::array({patch})));
            if (reply["type"] == "ack") {
                ++seq;
                return true;
            }
            CHECK(reply["code"] == "forbidden");
            return false;
        };
        CHECK(attempt(writer.patch("customer", world.northCustomer, {{"notes", "called " + row.user}})) ==
              row.writeOwnBranch);
        CHECK(attempt(writer.patch("customer", world.southCustomer, {{"notes", "called " + row.user}})) ==
              row.writeOtherBranch);
        CHECK(attempt(writer.patch("article", newUuidV7(),
                                   {{"kind", "faq"}, {"title", "Published"}, {"status", "published"}})) ==
              row.publish);

        const std::string conflict = openConflict(fixture);
        const Json resolved =
            client->request({{"type", "resolve"}, {"id", "r"}, {"conflict", conflict}, {"value", "Merged"}});
        CHECK((resolved["type"] == "resolved") == row.resolve);

        if (!row.readRestricted) {
            CHECK(client->transcript().find("SECRET") == std::string::npos);
        }
    }
}
