// An in-process knowset-server on a loopback port with a fresh data directory, three branches'
// worth of users, and helpers to speak protocol v1 to it.
#pragma once

#include "knowset/core/hlc.hpp"
#include "knowset/core/ids.hpp"

#include <map>
#include <memory>
#include <string>

#include "server/net/server.hpp"
#include "test_support.hpp"
#include "ws_test_client.hpp"

namespace knowset::test {

inline const std::string kPassword = "correct horse battery";

class ServerFixture {
public:
    explicit ServerFixture(server::ServerLimits limits = testLimits(),
                           std::vector<std::string> allowedOrigins = {}, bool plain = true);
    ~ServerFixture();

    static server::ServerLimits testLimits();

    std::uint16_t port() const { return m_port; }
    // ws://127.0.0.1:PORT/sync (plain) or wss://127.0.0.1:PORT/sync.
    std::string url() const;
    // Stops the server (as for a shutdown), then starts a new one on the same port and data.
    void restart();
    // Stops the server for good (a test of "the server is down").
    void stop();
    server::Server& server() { return *m_server; }
    const std::filesystem::path& dataDirectory() const { return m_data; }

    // A connected client signed in as `user` (alice: agent/north, bob: agent/south,
    // sam: supervisor/north, root: admin); `welcome` receives the welcome message.
    std::unique_ptr<WsClient> signIn(const std::string& user, Json* welcome = nullptr,
                                     NodeId node = NodeId::random());

private:
    void start(std::uint16_t port);

    TempDir m_dir;
    std::filesystem::path m_data;
    server::ServerLimits m_limits;
    std::vector<std::string> m_allowedOrigins;
    bool m_plain = true;
    std::uint16_t m_port = 0;
    std::unique_ptr<server::Server> m_server;
};

Json helloMessage(const std::string& user, const std::string& password, NodeId node,
                  const std::string& id = "h1");

// Builds patches for push messages; versions come from a clock of the writer's node.
class PatchWriter {
public:
    explicit PatchWriter(NodeId node = NodeId::random())
        : m_node(node) {}
    NodeId node() const { return m_node; }
    Version next() { return Version{m_clock.now(), m_node}; }
    // A patch setting `fields` at one new version; bases from `bases` (field -> version text).
    Json patch(const std::string& collection, const std::string& id, const Json& fields,
               const std::map<std::string, std::string>& bases = {});
    Json push(const std::string& id, std::int64_t seqFrom, const Json& changes) const;
    // The writer has seen `version` (text form): its later versions come after it, as a real
    // replica's clock receives every version it reads.
    void saw(const std::string& version);

private:
    NodeId m_node;
    HybridClock m_clock;
};

// A loopback port nothing listens on (bound once, then released).
std::uint16_t unusedLoopbackPort();

Json pullMessage(const std::string& id, std::int64_t cursor, int limit = 1000);

// Pulls from `cursor` until caught up; returns every record received, in order.
std::vector<Json> pullAll(WsClient& client, std::int64_t cursor = 0);

} // namespace knowset::test
