// The HTTP and WebSocket sessions, as templates over the stream (beast::tcp_stream, or
// beast::ssl_stream<beast::tcp_stream>). Included only by plain_sessions.cpp and
// tls_sessions.cpp.
//
// HttpSession reads one request at a time under the handshake timeout. /healthz and /metrics
// are answered; an upgrade to /sync is checked (Origin against the allow list, when one is
// configured) and handed to a WebSocketSession; anything else is 404.
//
// WebSocketSession owns the socket, one read loop, and one write queue that allows a single
// async_write at a time. Protocol logic lives in SyncConnection; this class only moves frames.
#pragma once

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "server/net/http_routes.hpp"
#include "server/observe/log.hpp"
#include "server/sync/sync_connection.hpp"

namespace knowset::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace asio = boost::asio;

inline bool isNormalEnd(const beast::error_code& ec) {
    return ec == websocket::error::closed || ec == asio::error::operation_aborted || ec == asio::error::eof ||
           ec == beast::error::timeout || ec == asio::ssl::error::stream_truncated ||
           ec == asio::error::connection_reset || ec == http::error::end_of_stream;
}

inline websocket::close_code closeCodeOf(CloseReason reason) {
    switch (reason) {
    case CloseReason::Normal:
        return websocket::close_code::normal;
    case CloseReason::GoingAway:
        return websocket::close_code::going_away;
    case CloseReason::ProtocolError:
        return websocket::close_code::protocol_error;
    case CloseReason::PolicyViolation:
        return websocket::close_code::policy_error;
    case CloseReason::TooBig:
        return websocket::close_code::too_big;
    }
    return websocket::close_code::normal;
}

template <typename Stream>
class WebSocketSession final : public std::enable_shared_from_this<WebSocketSession<Stream>>,
                               public Transport,
                               public LiveConnection {
public:
    WebSocketSession(Stream&& stream, std::shared_ptr<ServerContext> context, std::string peer)
        : m_ws(std::move(stream))
        , m_context(std::move(context))
        , m_peer(std::move(peer))
        , m_helloTimer(m_ws.get_executor())
        , m_sync(m_context, *this) {
        ++m_context->metrics.connectionsOpen;
        ++m_context->metrics.connectionsTotal;
    }
    ~WebSocketSession() override { --m_context->metrics.connectionsOpen; }

    void run(http::request<http::string_body> request) {
        const auto& limits = m_context->config.limits;
        beast::get_lowest_layer(m_ws).expires_never(); // the websocket stream has its own timeouts
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = limits.handshakeTimeout;
        timeouts.idle_timeout = limits.idleTimeout; // pings go out at half of it
        timeouts.keep_alive_pings = true;
        m_ws.set_option(timeouts);
        m_ws.read_message_max(limits.preAuthMessageBytes); // raised after sign-in
        m_ws.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
            response.set(http::field::server, "knowset-server/" + std::string(kServerVersion));
        }));
        m_ws.async_accept(request,
                          beast::bind_front_handler(&WebSocketSession::onAccept, this->shared_from_this()));
    }

    // ---- Transport ----
    void sendText(std::string text) override {
        if (m_closeRequested) {
            return;
        }
        m_queuedBytes += text.size();
        if (m_queuedBytes > m_context->config.limits.maxQueuedBytes) {
            logEvent(LogLevel::Warning, "connection.slow_reader", {{"peer", m_peer}});
            // Drop what is queued, except the message being written: its buffer is in use.
            m_queue.erase(m_writing ? std::next(m_queue.begin()) : m_queue.begin(), m_queue.end());
            m_queuedBytes = m_queue.empty() ? 0 : m_queue.front().size();
            close(CloseReason::PolicyViolation, "too slow");
            return;
        }
        m_queue.push_back(std::move(text));
        if (m_queue.size() == 1 && !m_writing) {
            doWrite();
        }
    }
    void close(CloseReason reason, std::string_view why) override {
        if (m_closeRequested) {
            return;
        }
        m_closeRequested = true;
        m_closeReason = websocket::close_reason(closeCodeOf(reason), why);
        if (m_queue.empty() && !m_writing) {
            doClose();
        }
    }
    void setReadLimit(std::size_t bytes) override { m_ws.read_message_max(bytes); }
    void post(std::function<void()> work) override { asio::post(m_ws.get_executor(), std::move(work)); }
    std::string remoteAddress() const override { return m_peer; }
    std::size_t queuedBytes() const override { return m_queuedBytes; }
    std::shared_ptr<LiveConnection> liveHandle() override { return this->shared_from_this(); }

    // ---- LiveConnection (any thread) ----
    void notifyCommitted() override {
        asio::post(m_ws.get_executor(), [self = this->shared_from_this()] { self->m_sync.onCommitted(); });
    }
    void notifyRevalidate() override {
        asio::post(m_ws.get_executor(), [self = this->shared_from_this()] { self->m_sync.onRevalidate(); });
    }
    void notifyShutdown() override {
        asio::post(m_ws.get_executor(), [self = this->shared_from_this()] { self->m_sync.onShutdown(); });
    }

private:
    void onAccept(beast::error_code ec) {
        if (ec) {
            logEvent(LogLevel::Info, "connection.upgrade_failed",
                     {{"peer", m_peer}, {"reason", ec.message()}});
            return;
        }
        m_helloTimer.expires_after(m_context->config.limits.helloTimeout);
        m_helloTimer.async_wait([weak = this->weak_from_this()](beast::error_code timerError) {
            const auto self = weak.lock();
            if (!timerError && self && !self->m_sync.signedIn()) {
                logEvent(LogLevel::Info, "connection.hello_timeout", {{"peer", self->m_peer}});
                self->close(CloseReason::PolicyViolation, "no hello in time");
            }
        });
        doRead();
    }

    void doRead() {
        m_ws.async_read(m_buffer,
                        beast::bind_front_handler(&WebSocketSession::onRead, this->shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t) {
        if (ec) {
            if (ec == websocket::error::message_too_big) {
                m_context->metrics.countError(ErrorCode::TooLarge);
            } else if (!isNormalEnd(ec)) {
                logEvent(LogLevel::Info, "connection.read_failed",
                         {{"peer", m_peer}, {"reason", ec.message()}});
            }
            m_helloTimer.cancel();
            m_sync.onClosed();
            return;
        }
        if (m_ws.got_binary()) {
            m_sync.onBinary();
        } else {
            const auto data = m_buffer.cdata();
            m_sync.onText(std::string_view(static_cast<const char*>(data.data()), data.size()));
        }
        m_buffer.consume(m_buffer.size());
        if (m_sync.signedIn()) {
            m_helloTimer.cancel();
        }
        doRead(); // keep reading even while closing, so the peer's close frame is seen
    }

    void doWrite() {
        m_writing = true;
        m_ws.text(true);
        m_ws.async_write(asio::buffer(m_queue.front()),
                         beast::bind_front_handler(&WebSocketSession::onWrite, this->shared_from_this()));
    }

    void onWrite(beast::error_code ec, std::size_t) {
        m_writing = false;
        if (ec || m_queue.empty()) {
            m_queue.clear();
            m_queuedBytes = 0;
            return;
        }
        m_queuedBytes -= m_queue.front().size();
        m_queue.pop_front();
        if (!m_queue.empty()) {
            doWrite();
        } else if (m_closeRequested) {
            doClose();
        } else {
            m_sync.onDrained();
        }
    }

    void doClose() {
        if (m_closeSent) {
            return;
        }
        m_closeSent = true;
        m_ws.async_close(m_closeReason, [self = this->shared_from_this()](beast::error_code) {});
    }

    websocket::stream<Stream> m_ws;
    std::shared_ptr<ServerContext> m_context;
    std::string m_peer;
    asio::steady_timer m_helloTimer;
    beast::flat_buffer m_buffer;
    std::deque<std::string> m_queue;
    std::size_t m_queuedBytes = 0;
    bool m_writing = false;
    bool m_closeRequested = false;
    bool m_closeSent = false;
    websocket::close_reason m_closeReason;
    SyncConnection m_sync;
};

template <typename Stream>
class HttpSession final : public std::enable_shared_from_this<HttpSession<Stream>> {
public:
    HttpSession(Stream&& stream, std::shared_ptr<ServerContext> context, std::string peer)
        : m_stream(std::move(stream))
        , m_context(std::move(context))
        , m_peer(std::move(peer)) {}

    // Starts reading requests (after the TLS handshake, for TLS streams: see tls_sessions.cpp).
    void run() {
        asio::dispatch(m_stream.get_executor(),
                       beast::bind_front_handler(&HttpSession::doRead, this->shared_from_this()));
    }

    Stream& stream() { return m_stream; }

private:
    void doRead() {
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_context->config.limits.maxHttpHeaderBytes));
        m_parser->body_limit(m_context->config.limits.maxHttpHeaderBytes); // no endpoint takes a body
        beast::get_lowest_layer(m_stream).expires_after(m_context->config.limits.handshakeTimeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         beast::bind_front_handler(&HttpSession::onRead, this->shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t) {
        if (ec) {
            if (!isNormalEnd(ec)) {
                logEvent(LogLevel::Debug, "http.read_failed", {{"peer", m_peer}, {"reason", ec.message()}});
            }
            shutdown();
            return;
        }
        http::request<http::string_body> request = m_parser->release();
        if (websocket::is_upgrade(request)) {
            if (auto refusal = refuseUpgrade(request, m_context->config)) {
                respond(std::move(*refusal));
                return;
            }
            std::make_shared<WebSocketSession<Stream>>(std::move(m_stream), m_context, m_peer)
                ->run(std::move(request));
            return;
        }
        respond(answerHttp(request, *m_context));
    }

    void respond(http::response<http::string_body> response) {
        const bool keepAlive = response.keep_alive();
        auto shared = std::make_shared<http::response<http::string_body>>(std::move(response));
        http::async_write(
            m_stream, *shared,
            [self = this->shared_from_this(), shared, keepAlive](beast::error_code ec, std::size_t) {
                if (ec || !keepAlive) {
                    self->shutdown();
                    return;
                }
                self->doRead();
            });
    }

    void shutdown();

    Stream m_stream;
    std::shared_ptr<ServerContext> m_context;
    std::string m_peer;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
};

} // namespace knowset::server
