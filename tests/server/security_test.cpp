// Passwords, TLS, sessions and audit over the wire (RELIABILITY.md T7, T8).
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "server/admin/admin_commands.hpp"
#include "server/store/sqlite_server_store.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::test;

namespace {

std::unique_ptr<server::SqliteServerStore> openStore(const ServerFixture& fixture) {
    auto store = server::SqliteServerStore::open(server::DataDirectory{fixture.dataDirectory()}.database());
    REQUIRE(store);
    return std::move(*store);
}

// A TLS handshake with the given protocol version range; true when it succeeds.
bool tlsHandshake(std::uint16_t port, int minVersion, int maxVersion) {
    boost::asio::io_context io;
    boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(tls.native_handle(), minVersion);
    SSL_CTX_set_max_proto_version(tls.native_handle(), maxVersion);
    SSL_CTX_set_security_level(tls.native_handle(), 0); // let the client offer old versions at all
    tls.set_verify_mode(boost::asio::ssl::verify_none);
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream(io, tls);
    stream.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), port});
    boost::system::error_code ec;
    stream.handshake(boost::asio::ssl::stream_base::client, ec);
    return !ec;
}

} // namespace

TEST_CASE("TLS: wss by default, the client verifies the certificate, TLS below 1.2 is refused",
          "[server][tls]") {
    ServerFixture fixture(ServerFixture::testLimits(), {}, false);
    const auto certificate = server::DataDirectory{fixture.dataDirectory()}.certificate();

    WsClient trusted(fixture.port(), {true, certificate, {}, "/sync"});
    CHECK(trusted.request(helloMessage("alice", kPassword, NodeId::random()))["type"] == "welcome");

    CHECK_THROWS(WsClient(fixture.port(), {true, {}, {}, "/sync"})); // unknown certificate: refused
    CHECK_THROWS(WsClient(fixture.port()));                          // plain ws on a TLS port

    CHECK(tlsHandshake(fixture.port(), TLS1_2_VERSION, TLS1_3_VERSION));
    CHECK_FALSE(tlsHandshake(fixture.port(), TLS1_VERSION, TLS1_1_VERSION));
}

TEST_CASE("Plain ws is refused on an address that is not loopback", "[server][tls]") {
    TempDir dir;
    server::admin::InitOptions init;
    init.adminPassword = kPassword;
    REQUIRE(server::admin::initDataDirectory(dir.file("data"), init));
    server::ServerConfig config;
    config.dataDirectory = dir.file("data");
    config.address = "0.0.0.0";
    config.plainWebSocket = true;
    const auto refused = server::Server::create(config);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("loopback") != std::string::npos);
}

TEST_CASE("Disabling a user closes their live connections and revokes their token", "[server][auth]") {
    ServerFixture fixture;
    Json welcome;
    auto alice = fixture.signIn("alice", &welcome);
    auto store = openStore(fixture);
    REQUIRE(server::admin::disableUser(*store, "alice", "test"));

    const WsRead closed = alice->read(std::chrono::seconds(3)); // revalidation runs every 200 ms here
    REQUIRE(closed.kind == WsRead::Kind::Message);
    CHECK(closed.json["code"] == "auth_failed");
    CHECK(alice->read(std::chrono::seconds(3)).closeCode == 1008);

    WsClient again(fixture.port());
    Json hello = helloMessage("alice", "", NodeId::random());
    hello["auth"] = {{"token", welcome["token"]}};
    CHECK(again.request(hello)["code"] == "auth_failed");
    WsClient withPassword(fixture.port());
    CHECK(withPassword.request(helloMessage("alice", kPassword, NodeId::random()))["code"] == "auth_failed");
}

TEST_CASE("Repeated bad passwords are throttled", "[server][auth]") {
    ServerFixture fixture;
    std::vector<std::string> codes;
    for (int attempt = 0; attempt < 7; ++attempt) {
        WsClient client(fixture.port());
        codes.push_back(client.request(helloMessage("bob", "wrong password!", NodeId::random()))["code"]);
    }
    CHECK(codes.front() == "auth_failed");
    CHECK(codes.back() == "rate_limited");
    WsClient right(fixture.port()); // even the right password waits while throttled
    CHECK(right.request(helloMessage("bob", kPassword, NodeId::random()))["code"] == "rate_limited");
}

TEST_CASE("Stored secrets: Argon2id hashes, hashed tokens, a resolution writes one audit row",
          "[server][auth]") {
    ServerFixture fixture;
    Json welcome;
    auto sam = fixture.signIn("sam", &welcome);
    auto store = openStore(fixture);
    const auto user = store->findUser("sam");
    REQUIRE(user);
    REQUIRE(user->has_value());
    CHECK((*user)->passwordHash.rfind("$argon2id$", 0) == 0);

    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream file(server::DataDirectory{fixture.dataDirectory()}.database(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), {});
    std::ifstream wal(server::DataDirectory{fixture.dataDirectory()}.database().string() + "-wal",
                      std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(wal), {});
    CHECK(bytes.find(welcome["token"].get<std::string>()) == std::string::npos);
    CHECK(bytes.find(kPassword) == std::string::npos);
}

TEST_CASE("A replica's node id belongs to the first user who signs in with it", "[server][auth]") {
    ServerFixture fixture;
    const NodeId node = NodeId::random();
    auto alice = fixture.signIn("alice", nullptr, node);
    WsClient bob(fixture.port());
    const Json refused = bob.request(helloMessage("bob", kPassword, node));
    CHECK(refused["code"] == "forbidden");
    auto aliceAgain = fixture.signIn("alice", nullptr, node); // the owner may reconnect
}
