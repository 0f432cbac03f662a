// wss://: WebSocket over TLS. The server's certificate is verified (chain and host name)
// against the certificate the user chose to trust, or else the system's certificate store.
#include "knowset/sync/beast_connection.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

namespace knowset::sync {

namespace {

std::shared_ptr<boost::asio::ssl::context> clientContext(const ConnectSettings& settings) {
    namespace ssl = boost::asio::ssl;
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    context->set_verify_mode(ssl::verify_peer);
    if (settings.trustedCertificate.empty()) {
        context->set_default_verify_paths();
    } else {
        context->load_verify_file(settings.trustedCertificate.string()); // throws with the reason
    }
    return context;
}

} // namespace

boost::asio::awaitable<std::unique_ptr<WsConnection>> connectTls(const ConnectSettings& settings) {
    using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
    auto context = clientContext(settings);
    Stream stream(co_await connectTcp(settings), *context);
    if (!isLoopbackHost(settings.url.host) || settings.url.host == "localhost") {
        SSL_set_tlsext_host_name(stream.native_handle(), settings.url.host.c_str()); // SNI
    }
    stream.set_verify_callback(boost::asio::ssl::host_name_verification(settings.url.host));
    co_await stream.async_handshake(boost::asio::ssl::stream_base::client, boost::asio::use_awaitable);
    auto connection = std::make_unique<BeastConnection<Stream>>(std::move(stream), context);
    co_await connection->handshake(settings);
    co_return connection;
}

} // namespace knowset::sync
