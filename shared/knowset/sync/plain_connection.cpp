// ws:// (loopback only): WebSocket over a plain TCP stream.
#include "knowset/sync/beast_connection.hpp"

namespace knowset::sync {

boost::asio::awaitable<std::unique_ptr<WsConnection>> connectPlain(const ConnectSettings& settings) {
    auto connection =
        std::make_unique<BeastConnection<boost::beast::tcp_stream>>(co_await connectTcp(settings));
    co_await connection->handshake(settings);
    co_return connection;
}

} // namespace knowset::sync
