// `knowset-server dump`: the server's state in exactly a client replica's canonical dump format,
// read from a running server's store. The changes are pushed with the protocol test client and
// the "replica" is a LocalStore fed with what the server sends, so this test needs no CLI.
#include "knowset/core/ids.hpp"
#include "knowset/store/local_store.hpp"

#include <set>
#include <tuple>

#include "e2e_harness.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::e2e;

namespace {

std::unique_ptr<test::WsClient> signIn(std::uint16_t port, const std::string& user, NodeId node) {
    auto client = std::make_unique<test::WsClient>(port);
    const Json welcome = client->request(test::helloMessage(user, e2e::kPassword, node));
    INFO(welcome.dump());
    REQUIRE(welcome["type"] == "welcome");
    return client;
}

// A replica of everything `user` receives, made the way a client makes it.
std::string pulledReplicaDump(std::uint16_t port, const std::string& user,
                              const std::filesystem::path& file) {
    auto client = signIn(port, user, NodeId::random());
    std::vector<RecordPatch> patches;
    for (const Json& record : test::pullAll(*client)) {
        auto patch = patchFromJson(record);
        REQUIRE(patch);
        patches.push_back(std::move(*patch));
    }
    StoreOptions options;
    options.path = file;
    auto store = LocalStore::open(options);
    REQUIRE(store);
    REQUIRE((*store)->applyRemote(patches, 1));
    auto dump = (*store)->canonicalDump();
    REQUIRE(dump);
    return *dump;
}

} // namespace

TEST_CASE("E2E: knowset-server dump prints the client's canonical dump and the history, while serving",
          "[e2e][dump]") {
    E2e world;
    Server& server = world.server();
    server.start();

    test::PatchWriter writer;
    const std::string first = newUuidV7();
    const std::string second = newUuidV7();
    const std::string customer = newUuidV7();
    const Json created = writer.patch(
        "article", second, {{"kind", "answer"}, {"title", "Second"}, {"status", "draft"}, {"body", "b"}});
    // The deletion says which versions it saw, so it flags no edit_delete conflict.
    Json removal = writer.patch("article", second, {{"_deleted", true}});
    for (const auto& [field, change] : created["fields"].items()) {
        removal["seen"][field] = change["ver"];
    }
    const Json push = writer.push(
        "m1", 1,
        Json::array(
            {writer.patch("article", first,
                          {{"kind", "faq"}, {"title", "First"}, {"status", "draft"}, {"tags", {"x", "y"}}}),
             created,
             writer.patch("customer", customer,
                          {{"name", "Cee Dump"},
                           {"branch", "north"},
                           {"date_of_birth", "1980-01-02"},
                           {"identity_answers", {{"pet", "rex"}}}}),
             removal}));
    {
        auto root = signIn(server.port(), "root", writer.node());
        const Json ack = root->request(push);
        INFO(ack.dump());
        REQUIRE(ack["type"] == "ack");
        // The same push again: acknowledged, applied once.
        CHECK(root->request(push)["type"] == "ack");
    }
    // A concurrent edit from another replica (it never saw "First"): a conflict record.
    test::PatchWriter other;
    {
        auto sam = signIn(server.port(), "sam", other.node());
        const Json ack = sam->request(
            other.push("s1", 1, Json::array({other.patch("article", first, {{"title", "Sam's"}})})));
        INFO(ack.dump());
        REQUIRE(ack["type"] == "ack");
        CHECK(ack["conflicts"].size() == 1);
    }

    REQUIRE(server.running());
    const std::string dump = server.dump();
    const std::string replica = pulledReplicaDump(server.port(), "root", world.root() / "replica.sqlite");
    CHECK(dump == replica);

    const auto lines = parseDump(dump);
    CHECK(lines.size() == 4); // two articles, a customer, a conflict
    const DumpLine& deleted = lines.at({"article", second});
    CHECK(deleted.doc["_deleted"] == true);
    CHECK(deleted.doc["body"] == "b"); // kept under the tombstone
    CHECK(deleted.versions.size() == 5);
    CHECK(lines.at({"article", first}).doc["tags"] == Json({"x", "y"}));
    CHECK(lines.at({"customer", customer}).doc["date_of_birth"] == "1980-01-02");
    std::size_t conflicts = 0;
    for (const auto& [key, line] : lines) {
        conflicts += key.first == "conflict" ? 1 : 0;
    }
    CHECK(conflicts == 1);

    {
        INFO("--collection limits the dump to one collection");
        CHECK(server.dump({"--collection", "article"}) == dumpLinesOf(dump, "article"));
        CHECK(server.dump({"--collection", "nosuch"}).empty());
    }

    {
        INFO("--history lists each stored field change once, in sequence order");
        const auto history = parseHistory(server.dump({"--history"}));
        std::set<std::tuple<std::string, std::string, std::string, std::string>> unique;
        std::int64_t previous = 0;
        std::size_t articleChanges = 0;
        std::size_t customerChanges = 0;
        for (const HistoryLine& line : history) {
            CHECK(line.seq > previous);
            previous = line.seq;
            CHECK(unique.emplace(line.collection, line.id, line.field, line.version).second);
            articleChanges += line.collection == "article" ? 1 : 0;
            customerChanges += line.collection == "customer" ? 1 : 0;
        }
        CHECK(articleChanges == 4 + 4 + 1 + 1); // the re-sent push added nothing
        CHECK(customerChanges == 4);
        const auto customers = parseHistory(server.dump({"--history", "--collection", "customer"}));
        CHECK(customers.size() == 4);
        // Every current field version is in the history.
        for (const auto& [key, line] : lines) {
            for (const auto& [field, version] : line.versions.items()) {
                CHECK(unique.contains({key.first, key.second, field, version.get<std::string>()}));
            }
        }
    }

    {
        INFO("a directory without a store is refused");
        const RunResult result = run({serverBinary(), "dump", "--data", (world.root() / "nothing").string()});
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("init") != std::string::npos);
    }
    server.stop();
}
