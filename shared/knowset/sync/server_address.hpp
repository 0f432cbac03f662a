// A server URL taken apart: ws://host:port/path (plain, loopback only) or wss://host:port/path.
#pragma once

#include "knowset/core/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace knowset::sync {

struct ServerUrl {
    bool tls = true;
    std::string host; // without brackets for IPv6 literals
    std::uint16_t port = 0;
    std::string path = "/sync";

    std::string hostAndPort() const; // for messages and the Host header
};

// Refuses anything but ws/wss URLs with a host, and plain ws to anything but loopback (the
// server refuses it too; saying so here gives the user a clearer message).
Result<ServerUrl> parseServerUrl(std::string_view url);

bool isLoopbackHost(std::string_view host);

} // namespace knowset::sync
