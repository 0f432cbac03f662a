// A WebSocket client for the server tests (Beast, plain or TLS): sends raw frames and reads
// replies with a timeout, so tests can speak protocol v1 correctly — or not at all.
#pragma once

#include "knowset/core/patch.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace knowset::test {

struct WsOptions {
    bool tls = false;
    std::filesystem::path trustedCertificate; // TLS: the certificate to trust (else none)
    std::string origin;                       // sent as the Origin header when not empty
    std::string path = "/sync";
};

struct WsRead {
    enum class Kind { Message, Closed, Timeout, Failed } kind = Kind::Failed;
    std::string text;
    Json json;         // when text is JSON
    int closeCode = 0; // when Closed
    std::string error; // when Failed
};

class WsClient {
public:
    // Connects and upgrades; throws std::runtime_error with the reason on failure.
    WsClient(std::uint16_t port, WsOptions options = {});
    ~WsClient();

    void sendText(const std::string& text);
    void sendJson(const Json& message) { sendText(message.dump()); }
    void sendBinary(const std::string& data);
    WsRead read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Reads until a message whose "id" is `id` (or an error with that ref), skipping others.
    Json readReply(const std::string& id, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Sends `message` and returns the reply to its id.
    Json request(const Json& message, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Every text frame received so far, in order (for asserting what never arrived).
    const std::string& transcript() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// An HTTP GET on the server port (plain); returns status and body.
std::pair<int, std::string> httpGet(std::uint16_t port, const std::string& target);

} // namespace knowset::test
