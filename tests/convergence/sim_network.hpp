// The simulated network of the convergence test: each connection is a Link holding the
// frames in flight both ways, which the simulation delivers, loses or repeats one at a time. The client end
// is a sync::WsConnection for the real SyncSession; the server end is a Transport and LiveConnection for the
// real SyncConnection. Everything runs on one io_context on one thread, so a seed replays exactly.
#pragma once

#include "knowset/sync/ws_connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "server/sync/sync_connection.hpp"

namespace knowset::convergence {

struct Link {
    int replica = 0;
    std::uint64_t number = 0;
    std::deque<std::string> toServer; // sent by the client, not delivered yet
    std::deque<std::string> toClient; // sent by the server, not delivered yet
    std::deque<std::string> inbox;    // delivered to the client, not read yet
    // A lost frame stalls its direction: TCP never delivers what follows a lost segment, so
    // nothing more arrives that way until the connection is cut.
    bool toServerStalled = false;
    bool toClientStalled = false;
    bool clientEnded = false;   // the client closed or aborted it, or saw it break
    bool cut = false;           // the network broke it: the client sees the end at once
    bool serverClosing = false; // the server closed it: the client sees the end after toClient
    bool serverEnded = false;   // the server side has been told it ended (onClosed)
    std::function<void()> wakeClient;

    void wake() const {
        if (wakeClient) {
            wakeClient();
        }
    }
};

class SimClientConnection final : public sync::WsConnection {
public:
    using ReadHook = std::function<void(const std::string&)>;
    SimClientConnection(std::shared_ptr<Link> link, boost::asio::io_context& io, ReadHook onRead);
    ~SimClientConnection() override;

    boost::asio::awaitable<void> send(std::string text) override;
    boost::asio::awaitable<std::string> receive() override;
    boost::asio::awaitable<void> close() override;
    void abort() override;
    void setReadLimit(std::size_t) override {}

private:
    std::shared_ptr<Link> m_link;
    boost::asio::steady_timer m_signal;
    ReadHook m_onRead;
};

class SimServerEnd final : public server::Transport,
                           public server::LiveConnection,
                           public std::enable_shared_from_this<SimServerEnd> {
public:
    SimServerEnd(std::shared_ptr<server::ServerContext> context, std::shared_ptr<Link> link,
                 boost::asio::io_context& io);

    server::SyncConnection& sync() { return m_sync; }
    const std::shared_ptr<Link>& link() const { return m_link; }
    // The server learns that the connection ended (once).
    void end();

    // ---- Transport ----
    void sendText(std::string text) override;
    void close(server::CloseReason reason, std::string_view why) override;
    void setReadLimit(std::size_t) override {}
    void post(std::function<void()> work) override;
    std::string remoteAddress() const override;
    std::size_t queuedBytes() const override;
    std::shared_ptr<server::LiveConnection> liveHandle() override { return shared_from_this(); }

    // ---- LiveConnection ----
    void notifyCommitted() override;
    void notifyRevalidate() override;
    void notifyShutdown() override;

private:
    void postToSync(void (server::SyncConnection::*member)());

    std::shared_ptr<Link> m_link;
    boost::asio::io_context& m_io;
    server::SyncConnection m_sync;
};

} // namespace knowset::convergence
