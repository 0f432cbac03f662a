#include "server/net/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <openssl/ssl.h>
#include <thread>
#include <vector>

#include "server/config/data_directory.hpp"
#include "server/net/session_starters.hpp"
#include "server/observe/log.hpp"
#include "server/store/sqlite_server_store.hpp"
#include "server/sync/server_context.hpp"

namespace knowset::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Impl {
    std::shared_ptr<ServerContext> context;
    asio::io_context io;
    // The acceptor, the timers and the signal set share one strand: the threads of the pool
    // never touch them at the same time.
    asio::strand<asio::io_context::executor_type> control{asio::make_strand(io)};
    asio::ssl::context tls{asio::ssl::context::tls_server};
    tcp::acceptor acceptor{control};
    asio::steady_timer revalidateTimer{control};
    asio::steady_timer graceTimer{control};
    asio::signal_set signals{control};
    std::vector<std::thread> threads;
    std::atomic<bool> stopping{false};
    std::uint16_t port = 0;

    void accept() {
        acceptor.async_accept(
            asio::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
                if (ec) {
                    if (ec != asio::error::operation_aborted) {
                        logEvent(LogLevel::Warning, "accept.failed", {{"reason", ec.message()}});
                    }
                } else if (context->config.plainWebSocket) {
                    startPlainSession(std::move(socket), context);
                } else {
                    startTlsSession(std::move(socket), tls, context);
                }
                if (acceptor.is_open()) {
                    accept();
                }
            });
    }

    void finishWhenClosed(std::chrono::steady_clock::time_point deadline) {
        if (context->metrics.connectionsOpen.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
            io.stop();
            return;
        }
        graceTimer.expires_after(std::chrono::milliseconds(20));
        graceTimer.async_wait([this, deadline](boost::system::error_code) { finishWhenClosed(deadline); });
    }

    void scheduleRevalidation() {
        revalidateTimer.expires_after(context->config.limits.revalidateInterval);
        revalidateTimer.async_wait([this](boost::system::error_code ec) {
            if (!ec && !stopping) {
                context->hub.revalidateAll();
                scheduleRevalidation();
            }
        });
    }
};

Server::Server(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

Server::~Server() {
    stop();
    wait();
}

ServerContext& Server::context() {
    return *m_impl->context;
}

Result<std::unique_ptr<Server>> Server::create(ServerConfig config) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(config.address, ec);
    if (ec) {
        return fail(ErrorCode::InvalidChange, "'" + config.address + "' is not an IP address");
    }
    if (config.plainWebSocket && !address.is_loopback()) {
        return fail(ErrorCode::Forbidden,
                    "plain ws:// is only allowed on a loopback address; use TLS on " + config.address);
    }
    const DataDirectory data{config.dataDirectory};
    auto store = SqliteServerStore::openDataDirectory(data);
    if (!store) {
        return unexpected(store.error());
    }

    auto impl = std::make_unique<Impl>();
    impl->context = makeServerContext(std::move(config), std::move(*store));

    if (!impl->context->config.plainWebSocket) {
        try {
            impl->tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                                  asio::ssl::context::no_sslv3 | asio::ssl::context::single_dh_use);
            // TLS 1.2 is the oldest version with no known practical attack on its handshake.
            SSL_CTX_set_min_proto_version(impl->tls.native_handle(), TLS1_2_VERSION);
            impl->tls.use_certificate_chain_file(data.certificate().string());
            impl->tls.use_private_key_file(data.privateKey().string(), asio::ssl::context::pem);
        } catch (const boost::system::system_error& error) {
            return fail(ErrorCode::Internal, "cannot load the TLS certificate and key from " +
                                                 data.tlsDirectory().string() + ": " + error.what());
        }
    }
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<Done> Server::start() {
    Impl& impl = *m_impl;
    const ServerConfig& config = impl.context->config;
    boost::system::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address(config.address), config.port);
    impl.acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        impl.acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return fail(ErrorCode::Internal, "cannot listen on " + config.address + ":" +
                                             std::to_string(config.port) + ": " + ec.message());
    }
    impl.port = impl.acceptor.local_endpoint().port();
    impl.context->committer->start();
    impl.accept();
    impl.scheduleRevalidation();
    const unsigned threads = std::max(1U, config.threads);
    for (unsigned i = 0; i < threads; ++i) {
        impl.threads.emplace_back([&impl] { impl.io.run(); });
    }
    logEvent(LogLevel::Info, "server.listening",
             {{"address", config.address},
              {"port", std::to_string(impl.port)},
              {"tls", config.plainWebSocket ? "off" : "on"},
              {"store", std::string(impl.context->store->backendName())}});
    return Done{};
}

std::uint16_t Server::port() const {
    return m_impl->port;
}

void Server::stop() {
    Impl& impl = *m_impl;
    if (impl.stopping.exchange(true)) {
        return;
    }
    asio::post(impl.control, [&impl] {
        boost::system::error_code ignored;
        impl.acceptor.close(ignored);
        impl.revalidateTimer.cancel();
        impl.signals.cancel();
    });
    // The writer first: what it holds commits and its acks are queued before connections close.
    impl.context->committer->stop();
    impl.context->hub.shutdownAll();
    // Connections close with a close frame; whatever has not closed in time is cut.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    asio::post(impl.control, [&impl, deadline] { impl.finishWhenClosed(deadline); });
    logEvent(LogLevel::Info, "server.stopping");
}

void Server::wait() {
    for (std::thread& thread : m_impl->threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
    m_impl->threads.clear();
}

void Server::stopOnSignals() {
    Impl& impl = *m_impl;
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait([this](boost::system::error_code ec, int) {
        if (!ec) {
            stop();
        }
    });
}

} // namespace knowset::server
