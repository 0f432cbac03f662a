#include "sim_network.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace knowset::convergence {

namespace {

[[noreturn]] void connectionLost() {
    throw boost::system::system_error(boost::asio::error::connection_reset);
}

} // namespace

SimClientConnection::SimClientConnection(std::shared_ptr<Link> link, boost::asio::io_context& io,
                                         ReadHook onRead)
    : m_link(std::move(link))
    , m_signal(io)
    , m_onRead(std::move(onRead)) {
    m_link->wakeClient = [this] {
        m_signal.cancel();
    };
}

SimClientConnection::~SimClientConnection() {
    m_link->clientEnded = true;
    m_link->wakeClient = nullptr;
}

boost::asio::awaitable<void> SimClientConnection::send(std::string text) {
    if (m_link->clientEnded || m_link->cut) {
        connectionLost();
    }
    m_link->toServer.push_back(std::move(text));
    co_return;
}

boost::asio::awaitable<std::string> SimClientConnection::receive() {
    for (;;) {
        if (m_link->clientEnded || m_link->cut) {
            connectionLost();
        }
        if (!m_link->inbox.empty()) {
            std::string text = std::move(m_link->inbox.front());
            m_link->inbox.pop_front();
            m_onRead(text); // the session handles what it reads before it next waits
            co_return text;
        }
        if (m_link->serverClosing && m_link->toClient.empty()) {
            connectionLost(); // the server's close frame came after its last message
        }
        m_signal.expires_at(boost::asio::steady_timer::time_point::max());
        boost::system::error_code woken;
        co_await m_signal.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, woken));
    }
}

boost::asio::awaitable<void> SimClientConnection::close() {
    m_link->clientEnded = true;
    co_return;
}

void SimClientConnection::abort() {
    m_link->clientEnded = true;
    m_signal.cancel();
}

SimServerEnd::SimServerEnd(std::shared_ptr<server::ServerContext> context, std::shared_ptr<Link> link,
                           boost::asio::io_context& io)
    : m_link(std::move(link))
    , m_io(io)
    , m_sync(std::move(context), *this) {}

void SimServerEnd::end() {
    if (!m_link->serverEnded) {
        m_link->serverEnded = true;
        m_sync.onClosed();
    }
}

void SimServerEnd::sendText(std::string text) {
    if (!m_link->serverClosing && !m_link->serverEnded) {
        m_link->toClient.push_back(std::move(text));
    }
}

void SimServerEnd::close(server::CloseReason, std::string_view) {
    m_link->serverClosing = true;
    m_link->wake();
}

void SimServerEnd::post(std::function<void()> work) {
    boost::asio::post(m_io, std::move(work));
}

std::string SimServerEnd::remoteAddress() const {
    return "replica-" + std::to_string(m_link->replica) + "/link-" + std::to_string(m_link->number);
}

std::size_t SimServerEnd::queuedBytes() const {
    std::size_t bytes = 0;
    for (const std::string& frame : m_link->toClient) {
        bytes += frame.size();
    }
    return bytes;
}

void SimServerEnd::postToSync(void (server::SyncConnection::*member)()) {
    boost::asio::post(m_io, [self = shared_from_this(), member] {
        if (!self->m_link->serverEnded) {
            (self->m_sync.*member)();
        }
    });
}

void SimServerEnd::notifyCommitted() {
    postToSync(&server::SyncConnection::onCommitted);
}

void SimServerEnd::notifyRevalidate() {
    postToSync(&server::SyncConnection::onRevalidate);
}

void SimServerEnd::notifyShutdown() {
    postToSync(&server::SyncConnection::onShutdown);
}

} // namespace knowset::convergence
