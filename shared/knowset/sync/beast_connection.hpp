// The WsConnection implementation over any Beast WebSocket stream. Private to
// plain_connection.cpp and tls_connection.cpp: each instantiates it for one stream type.
#pragma once

#include "knowset/sync/ws_connection.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <memory>
#include <utility>

namespace knowset::sync {

template <typename Stream> class BeastConnection final : public WsConnection {
public:
    // `keepAlive` outlives the stream: the TLS context the stream was made with.
    explicit BeastConnection(Stream stream, std::shared_ptr<void> keepAlive = {})
        : m_keepAlive(std::move(keepAlive))
        , m_ws(std::move(stream)) {}

    // Upgrades the (connected, secured) stream and switches from the handshake deadline to
    // WebSocket keep-alive pings, which notice a peer that vanished without closing.
    boost::asio::awaitable<void> handshake(const ConnectSettings& settings) {
        namespace websocket = boost::beast::websocket;
        m_ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
            request.set(boost::beast::http::field::user_agent, "knowset-sync/1");
        }));
        co_await m_ws.async_handshake(settings.url.hostAndPort(), settings.url.path,
                                      boost::asio::use_awaitable);
        boost::beast::get_lowest_layer(m_ws).expires_never();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = settings.timeout;
        timeouts.idle_timeout = settings.idleTimeout;
        timeouts.keep_alive_pings = true;
        m_ws.set_option(timeouts);
        m_ws.text(true);
    }

    boost::asio::awaitable<void> send(std::string text) override {
        co_await m_ws.async_write(boost::asio::buffer(text), boost::asio::use_awaitable);
    }

    boost::asio::awaitable<std::string> receive() override {
        boost::beast::flat_buffer buffer;
        co_await m_ws.async_read(buffer, boost::asio::use_awaitable);
        co_return boost::beast::buffers_to_string(buffer.data());
    }

    boost::asio::awaitable<void> close() override {
        boost::system::error_code ignored;
        boost::beast::get_lowest_layer(m_ws).expires_after(std::chrono::seconds(2));
        co_await m_ws.async_close(boost::beast::websocket::close_code::normal,
                                  boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
    }

    void abort() override {
        boost::system::error_code ignored;
        boost::beast::get_lowest_layer(m_ws).socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both,
                                                               ignored);
        boost::beast::get_lowest_layer(m_ws).socket().close(ignored);
    }

    void setReadLimit(std::size_t bytes) override { m_ws.read_message_max(bytes); }

private:
    std::shared_ptr<void> m_keepAlive;
    boost::beast::websocket::stream<Stream> m_ws;
};

// Resolves the host and connects a TCP stream within the settings' deadline.
inline boost::asio::awaitable<boost::beast::tcp_stream> connectTcp(const ConnectSettings& settings) {
    auto executor = co_await boost::asio::this_coro::executor;
    boost::asio::ip::tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(
        settings.url.host, std::to_string(settings.url.port), boost::asio::use_awaitable);
    boost::beast::tcp_stream stream(executor);
    stream.expires_after(settings.timeout);
    co_await stream.async_connect(endpoints, boost::asio::use_awaitable);
    stream.socket().set_option(boost::asio::ip::tcp::no_delay(true));
    co_return stream;
}

} // namespace knowset::sync
