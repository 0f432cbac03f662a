// Everything a running server is told: where its data is, where to listen, and its limits.
// Each limit says why it exists; the defaults suit one organisation on one machine.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace knowset::server {

struct ServerLimits {
    // One WebSocket message after sign-in (DESIGN.md: 4 MiB); clients split larger batches.
    std::size_t maxMessageBytes = 4 * 1024 * 1024;
    // Before sign-in nobody is trusted with more than a hello needs.
    std::size_t preAuthMessageBytes = 64 * 1024;
    // HTTP request head and body (healthz, metrics, the upgrade request) are tiny.
    std::size_t maxHttpHeaderBytes = 16 * 1024;
    // Messages per second per connection, with a burst allowance: a client that syncs needs a
    // handful; a flood is refused with rate_limited and, if it goes on, disconnected.
    double messagesPerSecond = 100;
    double messageBurst = 200;
    std::size_t rateViolationsBeforeClose = 50;
    // Connections per user: a person has a desktop, maybe a laptop and a script.
    std::size_t connectionsPerUser = 8;
    // A TCP connection must finish TLS and HTTP within this, so idle sockets cannot pile up.
    std::chrono::milliseconds handshakeTimeout{10'000};
    // After the upgrade, a hello must arrive within this.
    std::chrono::milliseconds helloTimeout{10'000};
    // An idle connection is pinged; one that answers nothing for this long is dropped.
    std::chrono::milliseconds idleTimeout{60'000};
    // Bytes queued for one slow reader before it is disconnected instead of buffered forever.
    std::size_t maxQueuedBytes = 32 * 1024 * 1024;
    // Changes stamped further ahead of the server clock are refused with clock_skew.
    std::chrono::milliseconds maxClockSkew{10 * 60 * 1000};
    // Records per `changes` message, whatever the client asks for.
    std::size_t maxPullRecords = 1000;
    // How often live sessions are checked against revoked tokens and disabled users.
    std::chrono::milliseconds revalidateInterval{5'000};
};

struct ServerConfig {
    std::filesystem::path dataDirectory;
    std::string address = "127.0.0.1";
    std::uint16_t port = 8443;               // 0: any free port (tests)
    bool plainWebSocket = false;             // ws:// instead of wss://, allowed on loopback only
    std::vector<std::string> allowedOrigins; // empty: no Origin check
    unsigned threads = 2;
    std::chrono::hours sessionLifetime{24 * 30};
    ServerLimits limits;
};

} // namespace knowset::server
