#include "knowset/sync/server_address.hpp"

#include <charconv>

namespace knowset::sync {

namespace {

Unexpected<Error> badUrl(std::string_view url, std::string_view why) {
    return fail(ErrorCode::InvalidChange, "'" + std::string(url) + "' is not a server URL (" +
                                              std::string(why) +
                                              "); write it like wss://knowset.example.org:8443");
}

} // namespace

std::string ServerUrl::hostAndPort() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool isLoopbackHost(std::string_view host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

Result<ServerUrl> parseServerUrl(std::string_view url) {
    ServerUrl parsed;
    std::string_view rest = url;
    if (rest.starts_with("wss://")) {
        parsed.tls = true;
        rest.remove_prefix(6);
    } else if (rest.starts_with("ws://")) {
        parsed.tls = false;
        rest.remove_prefix(5);
    } else {
        return badUrl(url, "it must start with wss:// or ws://");
    }
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        parsed.path = std::string(rest.substr(slash));
    }
    std::string_view portText;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return badUrl(url, "unclosed '[' in the host");
        }
        parsed.host = std::string(authority.substr(1, close - 1));
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (!after.starts_with(':')) {
                return badUrl(url, "unexpected text after the host");
            }
            portText = after.substr(1);
        }
    } else {
        const auto colon = authority.rfind(':');
        parsed.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            portText = authority.substr(colon + 1);
        }
    }
    if (parsed.host.empty()) {
        return badUrl(url, "no host");
    }
    if (portText.empty()) {
        parsed.port = parsed.tls ? 443 : 80;
    } else {
        unsigned value = 0;
        const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), value);
        if (error != std::errc() || end != portText.data() + portText.size() || value == 0 || value > 65535) {
            return badUrl(url, "the port must be a number from 1 to 65535");
        }
        parsed.port = static_cast<std::uint16_t>(value);
    }
    if (!parsed.tls && !isLoopbackHost(parsed.host)) {
        return fail(ErrorCode::InvalidChange,
                    "plain ws:// is only for loopback (127.0.0.1, localhost); use wss:// for " + parsed.host);
    }
    return parsed;
}

} // namespace knowset::sync
