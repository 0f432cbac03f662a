// Sessions over plain TCP (ws://): only for loopback addresses, or by explicit choice.
#include "server/net/session_starters.hpp"
#include "server/net/sessions.hpp"

namespace knowset::server {

template <> void HttpSession<beast::tcp_stream>::shutdown() {
    beast::error_code ignored;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

template class HttpSession<beast::tcp_stream>;
template class WebSocketSession<beast::tcp_stream>;

void startPlainSession(asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    std::string peer = ec ? std::string("unknown") : endpoint.address().to_string();
    std::make_shared<HttpSession<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), std::move(context),
                                                     std::move(peer))
        ->run();
}

} // namespace knowset::server
