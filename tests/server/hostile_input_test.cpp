// Hostile and malformed input over real frames (RELIABILITY.md T4, T7): every case gets its
// typed error or the right close code, and afterwards a well-behaved client still syncs.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <catch2/catch.hpp>

#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::test;

namespace {

constexpr int kProtocolError = 1002;
constexpr int kBadPayload = 1007;
constexpr int kPolicyViolation = 1008;
constexpr int kTooBig = 1009;

struct Outcome {
    std::string errorCode; // empty when no error message came
    int closeCode = 0;     // 0 when the connection stayed open
};

// Reads what the server answers within `wait`: the first error's code, and a close if one follows.
Outcome observe(WsClient& client, std::chrono::milliseconds wait = std::chrono::milliseconds(1500)) {
    Outcome outcome;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const WsRead got = client.read(left);
        if (got.kind == WsRead::Kind::Message) {
            if (got.json.value("type", "") == "error" && outcome.errorCode.empty()) {
                outcome.errorCode = got.json.value("code", "");
            }
            continue;
        }
        if (got.kind == WsRead::Kind::Closed) {
            outcome.closeCode = got.closeCode;
        } else if (got.kind == WsRead::Kind::Failed) {
            outcome.closeCode = -1; // cut without a close frame
        }
        break;
    }
    return outcome;
}

// A well-behaved client: signs in, pushes one article, and pulls it back.
void expectCanarySyncs(ServerFixture& fixture) {
    PatchWriter writer;
    auto canary = fixture.signIn("sam", nullptr, writer.node());
    const std::string id = newUuidV7();
    const Json ack = canary->request(writer.push(
        "canary", 1,
        Json::array(
            {writer.patch("article", id, {{"kind", "faq"}, {"title", "Canary"}, {"status", "draft"}})})));
    REQUIRE(ack["type"] == "ack");
    bool found = false;
    for (const Json& record : pullAll(*canary)) {
        found = found || record["id"] == id;
    }
    CHECK(found);
}

Json hello(const std::string& user = "alice", const std::string& password = kPassword) {
    return helloMessage(user, password, NodeId::random());
}

// Sends a frame the server will refuse part-way: it may close (1009) and reset the socket
// before the upload ends, so a failed send counts as the connection being cut (-1).
int closeAfterOversizedSend(WsClient& client, const std::string& frame) {
    try {
        client.sendText(frame);
    } catch (const std::exception&) {
        return -1;
    }
    return observe(client).closeCode;
}

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

} // namespace

TEST_CASE("Hostile input before sign-in is refused and closes only that connection", "[server][hostile]") {
    ServerFixture fixture;
    const struct {
        const char* name;
        std::string frame;
        bool binary;
        std::string code;
        int close;
    } cases[] = {
        {"truncated JSON", R"({"type":"hello","id":"h1")", false, "protocol", kProtocolError},
        {"not JSON", "hello there", false, "protocol", kProtocolError},
        {"empty frame", "", false, "protocol", kProtocolError},
        {"JSON array", "[1,2,3]", false, "protocol", kProtocolError},
        {"binary frame", "\x01\x02\x03", true, "protocol", kProtocolError},
        {"unknown type", R"({"type":"dance","id":"x"})", false, "protocol", kProtocolError},
        {"type is a number", R"({"type":7,"id":"x"})", false, "protocol", kProtocolError},
        {"push before hello",
         R"({"type":"push","id":"p","seq_from":1,"changes":[{"c":"article","id":"a","fields":{"title":{"v":"x","ver":"0000000000010000-0000000000000001"}}}]})",
         false, "auth_failed", kPolicyViolation},
        {"pull before hello", R"({"type":"pull","id":"p","cursor":0,"limit":10})", false, "auth_failed",
         kPolicyViolation},
        {"wrong password", hello("alice", "not the password").dump(), false, "auth_failed", kPolicyViolation},
        {"unknown user", hello("mallory").dump(), false, "auth_failed", kPolicyViolation},
        {"protocol version 2",
         [] {
             Json h = hello();
             h["protocol"] = 2;
             return h.dump();
         }(),
         false, "protocol", kProtocolError},
        {"hello without auth",
         [] {
             Json h = hello();
             h.erase("auth");
             return h.dump();
         }(),
         false, "protocol", kProtocolError},
        {"bogus token",
         [] {
             Json h = hello();
             h["auth"] = {{"token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}};
             return h.dump();
         }(),
         false, "auth_failed", kPolicyViolation},
        // RFC 6455: a text frame that is not UTF-8 fails the connection with 1007 (Beast checks it).
        {"invalid UTF-8", std::string(R"({"type":"hello","id":")") + "\xff\xfe" + R"("})", false, "",
         kBadPayload},
        {"deep nesting", R"({"type":"hello","id":"h","x":)" + nested(10000) + "}", false, "too_large",
         kTooBig},
        {"huge number", R"({"type":"pull","id":"p","cursor":1e400,"limit":10})", false, "protocol",
         kProtocolError},
        {"server message from a client", R"({"type":"welcome","id":"w"})", false, "protocol", kProtocolError},
        {"NUL bytes", std::string("{\"type\":\0\"hello\"}", 17), false, "protocol", kProtocolError},
    };
    for (const auto& attempt : cases) {
        INFO(attempt.name);
        WsClient client(fixture.port());
        if (attempt.binary) {
            client.sendBinary(attempt.frame);
        } else {
            client.sendText(attempt.frame);
        }
        const Outcome outcome = observe(client);
        CHECK(outcome.errorCode == attempt.code);
        CHECK(outcome.closeCode == attempt.close);
    }
    SECTION("a frame over the pre-auth limit is closed as too big") {
        WsClient client(fixture.port());
        const int close = closeAfterOversizedSend(client, std::string(100 * 1024, ' ') + "{}");
        CHECK((close == kTooBig || close == -1));
    }
    SECTION("a hello that never comes is timed out") {
        WsClient client(fixture.port());
        CHECK(observe(client, std::chrono::seconds(3)).closeCode == kPolicyViolation);
    }
    SECTION("a socket that never upgrades is closed by the server") {
        boost::asio::io_context io;
        boost::asio::ip::tcp::socket socket(io);
        socket.connect({boost::asio::ip::make_address("127.0.0.1"), fixture.port()});
        char byte = 0;
        boost::system::error_code ec;
        const auto started = std::chrono::steady_clock::now();
        boost::asio::read(socket, boost::asio::buffer(&byte, 1), ec);
        CHECK(ec); // end of file: the server hung up
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    }
    SECTION("an upgrade to another path is refused") {
        CHECK_THROWS(WsClient(fixture.port(), {false, {}, {}, "/elsewhere"}));
    }
    expectCanarySyncs(fixture);
}

TEST_CASE("Hostile input after sign-in gets typed errors", "[server][hostile]") {
    ServerFixture fixture;
    PatchWriter writer;
    const auto change = [&] {
        return writer.patch("article", newUuidV7(), {{"kind", "faq"}, {"title", "T"}, {"status", "draft"}});
    };
    const struct {
        const char* name;
        Json message;
        std::string code;
        int close; // 0: the connection stays open
    } cases[] = {
        {"second hello", hello(), "protocol", kProtocolError},
        {"seq_from as a string",
         {{"type", "push"}, {"id", "p"}, {"seq_from", "1"}, {"changes", Json::array({change()})}},
         "protocol",
         kProtocolError},
        {"seq_from zero",
         {{"type", "push"}, {"id", "p"}, {"seq_from", 0}, {"changes", Json::array({change()})}},
         "protocol",
         kProtocolError},
        {"empty changes",
         {{"type", "push"}, {"id", "p"}, {"seq_from", 1}, {"changes", Json::array()}},
         "protocol",
         kProtocolError},
        {"bad version",
         {{"type", "push"},
          {"id", "p"},
          {"seq_from", 1},
          {"changes",
           Json::array(
               {{{"c", "article"}, {"id", "a"}, {"fields", {{"title", {{"v", "x"}, {"ver", "soon"}}}}}}})}},
         "protocol",
         kProtocolError},
        {"bad field name",
         {{"type", "push"},
          {"id", "p"},
          {"seq_from", 1},
          {"changes",
           Json::array({{{"c", "article"},
                         {"id", "a"},
                         {"fields", {{"Title!", {{"v", "x"}, {"ver", writer.next().toString()}}}}}}})}},
         "protocol",
         kProtocolError},
        {"unknown collection",
         writer.push("p", 1, Json::array({writer.patch("spaceship", newUuidV7(), {{"name", "x"}})})),
         "invalid_change", 0},
        {"stamped an hour ahead",
         [&] {
             Json push = writer.push("p", 1, Json::array({change()}));
             const Version future{Hlc::fromParts(systemClockMillis() + 3'600'000, 0), writer.node()};
             for (auto& [name, field] : push["changes"][0]["fields"].items()) {
                 field["ver"] = future.toString();
             }
             return push;
         }(),
         "clock_skew", 0},
        {"stamped with another node's id",
         [&] {
             PatchWriter impostor;
             return impostor.push(
                 "p", 1,
                 Json::array({impostor.patch("article", newUuidV7(),
                                             {{"kind", "faq"}, {"title", "T"}, {"status", "draft"}})}));
         }(),
         "invalid_change", 0},
        {"cursor from the future", pullMessage("p", 1'000'000), "reset_required", 0},
        {"pull limit zero", pullMessage("p", 0, 0), "protocol", kProtocolError},
        {"pull limit huge", pullMessage("p", 0, 100001), "protocol", kProtocolError},
        {"negative cursor", pullMessage("p", -1), "protocol", kProtocolError},
        {"history of nothing",
         {{"type", "history"}, {"id", "h"}, {"c", "article"}, {"rid", "nope"}},
         "not_found",
         0},
        {"resolve by an agent",
         {{"type", "resolve"}, {"id", "r"}, {"conflict", newUuidV7()}, {"value", 1}},
         "forbidden",
         0},
        {"ack from a client",
         {{"type", "ack"}, {"id", "a"}, {"through", 1}, {"conflicts", Json::array()}},
         "protocol",
         kProtocolError},
        {"error from a client",
         {{"type", "error"}, {"code", "internal"}, {"message", "x"}},
         "protocol",
         kProtocolError},
    };
    for (const auto& attempt : cases) {
        INFO(attempt.name);
        auto client = fixture.signIn("alice", nullptr, writer.node());
        client->sendJson(attempt.message);
        const Outcome outcome = observe(*client, std::chrono::milliseconds(attempt.close == 0 ? 500 : 1500));
        CHECK(outcome.errorCode == attempt.code);
        if (attempt.close != 0) {
            CHECK(outcome.closeCode == attempt.close);
        } else {
            CHECK(outcome.closeCode == 0);
        }
    }
    SECTION("a 5 MiB frame is closed as too big") {
        auto client = fixture.signIn("alice");
        const int close =
            closeAfterOversizedSend(*client, R"({"type":"pull","id":")" + std::string(5 * 1024 * 1024, 'x') +
                                                 R"(","cursor":0,"limit":1})");
        CHECK((close == kTooBig || close == -1));
    }
    SECTION("a burst of 1,000 messages is rate limited") {
        auto client = fixture.signIn("alice");
        const std::string pull = pullMessage("p", 0).dump();
        for (int i = 0; i < 1000; ++i) {
            client->sendText(pull);
        }
        bool limited = false;
        for (int i = 0; i < 2000 && !limited; ++i) {
            const WsRead got = client->read(std::chrono::seconds(2));
            if (got.kind != WsRead::Kind::Message) {
                break;
            }
            limited = got.json.value("code", "") == "rate_limited";
        }
        CHECK(limited);
    }
    expectCanarySyncs(fixture);
}

TEST_CASE("Handshake limits: foreign Origin, connections per user", "[server][hostile][limits]") {
    server::ServerLimits limits = ServerFixture::testLimits();
    limits.connectionsPerUser = 2;
    ServerFixture fixture(limits, {"https://knowset.example"});
    CHECK_THROWS(WsClient(fixture.port(), {false, {}, "https://evil.example", "/sync"}));
    CHECK_THROWS(WsClient(fixture.port())); // no Origin at all
    WsOptions allowed{false, {}, "https://knowset.example", "/sync"};
    WsClient first(fixture.port(), allowed);
    WsClient second(fixture.port(), allowed);
    WsClient third(fixture.port(), allowed);
    REQUIRE(first.request(hello())["type"] == "welcome");
    REQUIRE(second.request(hello())["type"] == "welcome");
    const Json refused = third.request(hello());
    CHECK(refused["code"] == "rate_limited");
}
