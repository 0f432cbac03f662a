// Sessions over TLS (wss://, the default): the TLS handshake runs under the handshake
// timeout before any HTTP is read.
#include <boost/beast/ssl.hpp>

#include "server/net/session_starters.hpp"
#include "server/net/sessions.hpp"

namespace knowset::server {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <> void HttpSession<TlsStream>::shutdown() {
    beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(5));
    m_stream.async_shutdown([self = shared_from_this()](beast::error_code) {});
}

template class HttpSession<TlsStream>;
template class WebSocketSession<TlsStream>;

void startTlsSession(asio::ip::tcp::socket socket, asio::ssl::context& tls,
                     std::shared_ptr<ServerContext> context) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    std::string peer = ec ? std::string("unknown") : endpoint.address().to_string();
    const auto timeout = context->config.limits.handshakeTimeout;
    auto session = std::make_shared<HttpSession<TlsStream>>(
        TlsStream(beast::tcp_stream(std::move(socket)), tls), std::move(context), std::move(peer));
    beast::get_lowest_layer(session->stream()).expires_after(timeout);
    session->stream().async_handshake(
        asio::ssl::stream_base::server, [session](beast::error_code handshakeError) {
            if (handshakeError) {
                logEvent(LogLevel::Info, "tls.handshake_failed", {{"reason", handshakeError.message()}});
                return;
            }
            session->run();
        });
}

} // namespace knowset::server
