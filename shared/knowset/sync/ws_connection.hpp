// One WebSocket connection to the server, as the sync session sees it: text frames in and
// out. The Beast stream types stay behind this interface, one per translation unit
// (plain_connection.cpp, tls_connection.cpp), so Beast's templates are compiled once each.
//
// Every operation throws boost::system::system_error on failure; describeNetworkError()
// turns that into words for the user.
#pragma once

#include "knowset/sync/server_address.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace knowset::sync {

class WsConnection {
public:
    virtual ~WsConnection() = default;
    virtual boost::asio::awaitable<void> send(std::string text) = 0;
    virtual boost::asio::awaitable<std::string> receive() = 0;
    // A clean WebSocket close, best effort: never throws.
    virtual boost::asio::awaitable<void> close() = 0;
    // Cancels whatever is in flight and drops the socket now (stop, timeouts).
    virtual void abort() = 0;
    virtual void setReadLimit(std::size_t bytes) = 0;
};

struct ConnectSettings {
    ServerUrl url;
    std::filesystem::path trustedCertificate;     // TLS: trust this PEM file instead of the system store
    std::chrono::milliseconds timeout{10000};     // TCP connect + TLS + WebSocket handshake
    std::chrono::milliseconds idleTimeout{30000}; // silent this long (pings included): broken
};

boost::asio::awaitable<std::unique_ptr<WsConnection>> connectPlain(const ConnectSettings& settings);
boost::asio::awaitable<std::unique_ptr<WsConnection>> connectTls(const ConnectSettings& settings);

inline boost::asio::awaitable<std::unique_ptr<WsConnection>>
connectWebSocket(const ConnectSettings& settings) {
    return settings.url.tls ? connectTls(settings) : connectPlain(settings);
}

// "cannot connect to 127.0.0.1:8443 (connection refused): is the server running?" and the like.
std::string describeNetworkError(const boost::system::error_code& error, const ConnectSettings& settings);

} // namespace knowset::sync
