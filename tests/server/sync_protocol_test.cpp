// Protocol v1 over real WebSocket frames against an in-process server on loopback.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "server/config/data_directory.hpp"
#include "server/store/sqlite_server_store.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::test;

namespace {

const Json kArticle = {{"kind", "faq"}, {"title", "How do I reset my password?"}, {"status", "draft"}};

std::vector<Json> recordsOf(const std::vector<Json>& records, const std::string& collection) {
    std::vector<Json> matching;
    std::copy_if(records.begin(), records.end(), std::back_inserter(matching),
                 [&](const Json& record) { return record.at("c") == collection; });
    return matching;
}

// One push: r1 created, r2 created, then r1's title changed (the other fields of that last
// patch repeat their versions, so only the title is applied again).
Json createTwoThenUpdateFirst(PatchWriter& writer, const std::string& r1, const std::string& r2) {
    const Json created = writer.patch("article", r1, kArticle);
    Json updated = created;
    const Json base = created["fields"]["title"]["ver"];
    updated["fields"]["title"] = {{"v", "Updated title"}, {"ver", writer.next().toString()}, {"base", base}};
    return writer.push("m1", 1, Json::array({created, writer.patch("article", r2, kArticle), updated}));
}

} // namespace

TEST_CASE("Server: healthz and metrics answer over plain HTTP on the sync port", "[server][sync]") {
    ServerFixture fixture;
    const auto [status, body] = httpGet(fixture.port(), "/healthz");
    CHECK(status == 200);
    const Json health = Json::parse(body);
    CHECK(health["ok"] == true);
    CHECK(health["store"] == "sqlite");
    CHECK(health.contains("uptime_seconds"));
    const auto [metricsStatus, metrics] = httpGet(fixture.port(), "/metrics");
    CHECK(metricsStatus == 200);
    CHECK(metrics.find("knowset_pushes_total") != std::string::npos);
    CHECK(metrics.find("knowset_commit_seconds_bucket") != std::string::npos);
    CHECK(httpGet(fixture.port(), "/nothing").first == 404);
}

TEST_CASE("Server: hello, push, ack and pull", "[server][sync]") {
    ServerFixture fixture;
    Json welcome;
    PatchWriter writer;
    auto alice = fixture.signIn("alice", &welcome, writer.node());
    CHECK(welcome["user"] == "alice");
    CHECK(welcome["roles"] == Json::array({"agent"}));
    CHECK(welcome["branches"] == Json::array({"north"}));
    CHECK(welcome["token"].is_string());
    CHECK(welcome["max_message"] == 4 * 1024 * 1024);

    const std::string id = newUuidV7();
    const Json ack =
        alice->request(writer.push("m1", 1, Json::array({writer.patch("article", id, kArticle)})));
    REQUIRE(ack["type"] == "ack");
    CHECK(ack["through"] == 1);
    CHECK(ack["conflicts"].empty());

    SECTION("a fresh connection with the token pulls the current state") {
        WsClient again(fixture.port());
        Json hello = helloMessage("alice", "", NodeId::random());
        hello["auth"] = {{"token", welcome["token"]}};
        REQUIRE(again.request(hello)["type"] == "welcome");
        const auto records = recordsOf(pullAll(again), "article");
        REQUIRE(records.size() == 1);
        CHECK(records[0]["id"] == id);
        CHECK(records[0]["fields"]["title"]["v"] == kArticle["title"]);
    }
    SECTION("the same push again is acknowledged and not applied twice") {
        const Json repeat =
            alice->request(writer.push("m2", 1, Json::array({writer.patch("article", id, kArticle)})));
        CHECK(repeat["type"] == "ack");
        CHECK(repeat["through"] == 1);
        const Json history =
            alice->request({{"type", "history"}, {"id", "h"}, {"c", "article"}, {"rid", id}});
        REQUIRE(history["type"] == "record_history");
        CHECK(history["entries"].size() == 3); // kind, title, status: once each
    }
    SECTION("cursor 0 sends current state, not history") {
        REQUIRE(
            alice->request(writer.push(
                "m3", 2,
                Json::array({writer.patch("article", id, {{"title", "Resetting a password"}})})))["type"] ==
            "ack");
        const auto records = recordsOf(pullAll(*alice), "article");
        REQUIRE(records.size() == 1);
        CHECK(records[0]["fields"]["title"]["v"] == "Resetting a password");
    }
}

// Found by the T1 convergence simulation: each change was checked against the stored record
// alone, so a push that created a record and then edited it was refused as a create without its
// required fields.
TEST_CASE("Server: one push may create a record and edit it", "[server][sync]") {
    ServerFixture fixture;
    PatchWriter writer;
    auto alice = fixture.signIn("alice", nullptr, writer.node());
    const std::string article = newUuidV7();
    const std::string customer = newUuidV7();
    const Json ack = alice->request(writer.push(
        "m1", 1,
        Json::array({writer.patch("article", article, kArticle),
                     writer.patch("article", article, {{"body", "Open the settings page."}}),
                     writer.patch("customer", customer, {{"name", "Cee Push"}, {"branch", "north"}}),
                     writer.patch("customer", customer, {{"phone", "+44 20 7946 0000"}})})));
    INFO(ack.dump());
    REQUIRE(ack["type"] == "ack");
    CHECK(ack["through"] == 4);
    const auto records = pullAll(*alice);
    CHECK(recordsOf(records, "article").at(0)["fields"]["body"]["v"] == "Open the settings page.");
    CHECK(recordsOf(records, "customer").at(0)["fields"]["phone"]["v"] == "+44 20 7946 0000");

    // Still checked one by one: an edit of a record created in another branch is refused.
    const std::string elsewhere = newUuidV7();
    const Json refused = alice->request(writer.push(
        "m2", 5,
        Json::array({writer.patch("customer", elsewhere, {{"name", "Dee South"}, {"branch", "south"}}),
                     writer.patch("customer", elsewhere, {{"phone", "+44 20 7946 0001"}})})));
    CHECK(refused["type"] == "error");
    CHECK(refused["code"] == "forbidden");
}

TEST_CASE("Server: concurrent edits of one field make exactly one conflict, supervisors resolve it",
          "[server][sync][conflict]") {
    ServerFixture fixture;
    PatchWriter aliceWriter;
    PatchWriter samWriter;
    auto alice = fixture.signIn("alice", nullptr, aliceWriter.node());
    auto sam = fixture.signIn("sam", nullptr, samWriter.node());

    const std::string id = newUuidV7();
    const Json created = aliceWriter.patch("article", id, kArticle);
    REQUIRE(alice->request(aliceWriter.push("c1", 1, Json::array({created})))["type"] == "ack");
    const std::string base = created["fields"]["title"]["ver"];
    samWriter.saw(base); // sam pulled the article before editing it

    // Both edit the title from the same base, neither having seen the other's edit.
    const Json aliceEdit = aliceWriter.patch("article", id, {{"title", "Alice's title"}}, {{"title", base}});
    const Json samEdit = samWriter.patch("article", id, {{"title", "Sam's title"}}, {{"title", base}});
    REQUIRE(sam->request(samWriter.push("s1", 1, Json::array({samEdit})))["conflicts"].empty());
    const Json ack = alice->request(aliceWriter.push("c2", 2, Json::array({aliceEdit})));
    REQUIRE(ack["conflicts"].size() == 1);
    const std::string conflictId = ack["conflicts"][0];

    // Re-sent: the same conflict, not a second one.
    const Json again = alice->request(aliceWriter.push("c3", 2, Json::array({aliceEdit})));
    CHECK(again["through"] == 2);

    const auto samView = pullAll(*sam);
    const auto conflicts = recordsOf(samView, "conflict");
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0]["id"] == conflictId);
    const Json& fields = conflicts[0]["fields"];
    CHECK(fields["field"]["v"] == "title");
    CHECK(fields["status"]["v"] == "open");
    const std::set<std::string> values{fields["winner"]["v"]["value"], fields["loser"]["v"]["value"]};
    CHECK(values == std::set<std::string>{"Alice's title", "Sam's title"});
    const std::string winner = fields["winner"]["v"]["value"];
    CHECK(recordsOf(samView, "article")[0]["fields"]["title"]["v"] == winner);

    // Agents never receive conflict records.
    CHECK(recordsOf(pullAll(*alice), "conflict").empty());

    SECTION("an agent may not resolve") {
        const Json refused = alice->request(
            {{"type", "resolve"}, {"id", "r1"}, {"conflict", conflictId}, {"value", "Alice's title"}});
        CHECK(refused["type"] == "error");
        CHECK(refused["code"] == "forbidden");
    }
    SECTION("a supervisor resolves; the field takes the value and the conflict is resolved") {
        const Json resolved = sam->request(
            {{"type", "resolve"}, {"id", "r2"}, {"conflict", conflictId}, {"value", "Merged title"}});
        REQUIRE(resolved["type"] == "resolved");
        CHECK(resolved["conflict"] == conflictId);
        const auto after = pullAll(*sam);
        CHECK(recordsOf(after, "article")[0]["fields"]["title"]["v"] == "Merged title");
        CHECK(recordsOf(after, "conflict")[0]["fields"]["status"]["v"] == "resolved");
        auto store =
            server::SqliteServerStore::open(server::DataDirectory{fixture.dataDirectory()}.database());
        REQUIRE(store);
        const auto audit = (*store)->auditLog(1000);
        REQUIRE(audit);
        CHECK(std::count_if(audit->begin(), audit->end(), [&](const server::AuditEntry& entry) {
                  return entry.action == "conflict.resolve" && entry.target == "conflict/" + conflictId &&
                         entry.actor == "sam";
              }) == 1);
        const Json twice =
            sam->request({{"type", "resolve"}, {"id", "r3"}, {"conflict", conflictId}, {"value", "Other"}});
        CHECK(twice["code"] == "invalid_change");
        const Json unknown =
            sam->request({{"type", "resolve"}, {"id", "r4"}, {"conflict", newUuidV7()}, {"value", "Other"}});
        CHECK(unknown["code"] == "not_found");
    }
}

TEST_CASE("Server: live changes reach other connections after they caught up", "[server][sync]") {
    ServerFixture fixture;
    PatchWriter writer;
    auto alice = fixture.signIn("alice", nullptr, writer.node());
    auto bob = fixture.signIn("bob");
    pullAll(*bob); // caught up: from now on bob is live

    const std::string id = newUuidV7();
    REQUIRE(alice->request(
                writer.push("m1", 1, Json::array({writer.patch("article", id, kArticle)})))["type"] == "ack");
    const WsRead live = bob->read(std::chrono::seconds(5));
    REQUIRE(live.kind == WsRead::Kind::Message);
    CHECK(live.json["type"] == "changes");
    CHECK_FALSE(live.json.contains("id"));
    REQUIRE(live.json["records"].size() == 1);
    CHECK(live.json["records"][0]["id"] == id);

    // The writer's own connection does not get its own changes echoed back.
    pullAll(*alice);
    REQUIRE(alice->request(writer.push(
                "m2", 2, Json::array({writer.patch("article", id, {{"title", "New"}})})))["type"] == "ack");
    CHECK(bob->read(std::chrono::seconds(5)).json["records"][0]["fields"]["title"]["v"] == "New");
    CHECK(alice->read(std::chrono::milliseconds(300)).kind == WsRead::Kind::Timeout);
}

// A record sits at the seq of its newest field. Here r1 is created (seq 1-3), r2 after it
// (4-6), then r1's title changed (7): a page cut after r2 ends at cursor 6, below r1's older fields,
// and whatever reads on from there must still get them (found by the end-to-end T3 test: a
// client resuming a pull ended with records holding only their newest field).
TEST_CASE(
    "Server: pulls going on after a page cut short still send the older fields of records updated since",
    "[server][sync]") {
    ServerFixture fixture;
    PatchWriter writer;
    auto alice = fixture.signIn("alice", nullptr, writer.node());
    const std::string r1 = newUuidV7();
    const std::string r2 = newUuidV7();
    REQUIRE(alice->request(createTwoThenUpdateFirst(writer, r1, r2))["type"] == "ack");

    // Pages of one record each, every page going on from the cursor of the one before: what
    // arrives, applied in order, must be every field's current value.
    auto bob = fixture.signIn("bob");
    std::map<std::string, Json> state; // record -> field -> value
    std::int64_t cursor = 0;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        REQUIRE(pages < 10);
        const Json page = bob->request(pullMessage("p" + std::to_string(pages), cursor, 1));
        REQUIRE(page["type"] == "changes");
        REQUIRE(page["records"].size() <= 1);
        for (const Json& record : page["records"]) {
            for (const auto& [field, change] : record["fields"].items()) {
                state[record["id"].get<std::string>()][field] = change["v"];
            }
        }
        cursor = page["cursor"].get<std::int64_t>();
        more = page["more"].get<bool>();
    }
    CHECK(pages >= 2); // the pages really were cut short
    REQUIRE(state.size() == 2);
    CHECK(state[r1]["title"] == "Updated title");
    CHECK(state[r1].contains("kind"));
    CHECK(state[r1].contains("status"));
    CHECK(state[r2].contains("title"));
    CHECK(state[r2].contains("kind"));
}

TEST_CASE("Server: live pages after one cut short still send the older fields of records updated since",
          "[server][sync]") {
    server::ServerLimits limits = ServerFixture::testLimits();
    limits.maxPullRecords = 1; // every live page holds one record
    ServerFixture fixture(limits);
    PatchWriter writer;
    auto alice = fixture.signIn("alice", nullptr, writer.node());
    auto bob = fixture.signIn("bob");
    REQUIRE(bob->request(pullMessage("p1", 0, 1))["more"] == false); // caught up: live from here

    const std::string r1 = newUuidV7();
    const std::string r2 = newUuidV7();
    REQUIRE(alice->request(createTwoThenUpdateFirst(writer, r1, r2))["type"] == "ack");
    std::map<std::string, std::set<std::string>> received; // record -> fields
    while (received.size() < 2 || received[r1].size() < 3) {
        const WsRead live = bob->read(std::chrono::seconds(5));
        REQUIRE(live.kind == WsRead::Kind::Message);
        REQUIRE(live.json["type"] == "changes");
        for (const Json& record : live.json["records"]) {
            for (const auto& [field, change] : record["fields"].items()) {
                received[record["id"].get<std::string>()].insert(field);
            }
        }
    }
    CHECK(received[r1] == std::set<std::string>{"kind", "status", "title"});
    CHECK(received[r2] == std::set<std::string>{"kind", "status", "title"});
}

TEST_CASE("Server: authorization over the wire", "[server][authz]") {
    ServerFixture fixture;
    PatchWriter samWriter;
    PatchWriter aliceWriter;
    auto sam = fixture.signIn("sam", nullptr, samWriter.node());
    auto alice = fixture.signIn("alice", nullptr, aliceWriter.node());
    auto bob = fixture.signIn("bob");

    const std::string secret = "SECRET-MARKER-8f3a";
    const std::string customer = newUuidV7();
    const Json created = samWriter.patch("customer", customer,
                                         {{"name", "Dana Example"},
                                          {"branch", "north"},
                                          {"email", "dana@example.org"},
                                          {"date_of_birth", "1971-03-04"},
                                          {"identity_answers", secret}});
    REQUIRE(sam->request(samWriter.push("s1", 1, Json::array({created})))["type"] == "ack");

    SECTION("restricted fields never reach an agent, and other branches' customers never reach them") {
        const auto aliceView = recordsOf(pullAll(*alice), "customer");
        REQUIRE(aliceView.size() == 1);
        CHECK(aliceView[0]["fields"].contains("name"));
        CHECK_FALSE(aliceView[0]["fields"].contains("date_of_birth"));
        CHECK_FALSE(aliceView[0]["fields"].contains("identity_answers"));
        const Json history =
            alice->request({{"type", "history"}, {"id", "h"}, {"c", "customer"}, {"rid", customer}});
        REQUIRE(history["type"] == "record_history");
        CHECK(alice->transcript().find(secret) == std::string::npos);
        CHECK(alice->transcript().find("1971-03-04") == std::string::npos);

        CHECK(recordsOf(pullAll(*bob), "customer").empty());
        const Json hidden =
            bob->request({{"type", "history"}, {"id", "h"}, {"c", "customer"}, {"rid", customer}});
        CHECK(hidden["code"] == "not_found");

        const auto samView = recordsOf(pullAll(*sam), "customer");
        CHECK(samView[0]["fields"]["identity_answers"]["v"] == secret);
    }
    SECTION("an agent may not write restricted fields, other branches, or publish; nothing changes") {
        const struct {
            Json patch;
            std::string code;
        } refused[] = {
            {aliceWriter.patch("customer", customer, {{"date_of_birth", "1980-01-01"}}), "forbidden"},
            {aliceWriter.patch("customer", newUuidV7(), {{"name", "Elsewhere"}, {"branch", "south"}}),
             "forbidden"},
            {aliceWriter.patch("article", newUuidV7(),
                               {{"kind", "faq"}, {"title", "T"}, {"status", "published"}}),
             "forbidden"},
            {aliceWriter.patch("conflict", newUuidV7(), {{"status", "resolved"}}), "forbidden"},
            {aliceWriter.patch("article", newUuidV7(),
                               {{"kind", "rumour"}, {"title", "T"}, {"status", "draft"}}),
             "invalid_change"},
            {aliceWriter.patch("customer", newUuidV7(), {{"name", "No branch"}}), "invalid_change"},
        };
        std::int64_t seq = 1;
        for (const auto& attempt : refused) {
            const Json reply = alice->request(
                aliceWriter.push("x" + std::to_string(seq), seq, Json::array({attempt.patch})));
            INFO(attempt.patch.dump());
            CHECK(reply["type"] == "error");
            CHECK(reply["code"] == attempt.code);
        }
        // Nothing was applied: the agent's next push starts at journal number 1 again.
        const Json ok = alice->request(aliceWriter.push(
            "ok", 1,
            Json::array({aliceWriter.patch("customer", customer, {{"phone", "+44 20 7946 0000"}})})));
        CHECK(ok["type"] == "ack");
        const auto samView = recordsOf(pullAll(*sam), "customer");
        CHECK(samView[0]["fields"]["date_of_birth"]["v"] == "1971-03-04");
        CHECK(samView[0]["fields"]["phone"]["v"] == "+44 20 7946 0000");
    }
}
