// A whole running server: the io_context and its thread pool, the TLS context, the listener,
// the writer thread, the hub and its revalidation timer. Tests run it in-process; main.cpp
// runs it until SIGTERM or SIGINT.
//
// Shutdown (stop): stop accepting, ask every connection to close with a close frame (going
// away), let the writer finish what it holds, then end the threads once the connections are
// gone (or after a grace period).
#pragma once

#include "knowset/core/error.hpp"

#include <cstdint>
#include <memory>

#include "server/config/server_config.hpp"

namespace knowset::server {

struct ServerContext;

class Server {
public:
    // Opens the store in the data directory and, unless plain, its TLS certificate and key.
    // Refuses plain ws:// on an address that is not loopback.
    static Result<std::unique_ptr<Server>> create(ServerConfig config);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the threads; returns once the port is listening.
    Result<Done> start();
    std::uint16_t port() const;
    // Graceful stop; safe to call more than once and from a signal handler's completion.
    void stop();
    // Blocks until the threads have ended (after stop()).
    void wait();
    // Stops on SIGTERM or SIGINT; then wait() returns.
    void stopOnSignals();

    ServerContext& context();

private:
    struct Impl;
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace knowset::server
