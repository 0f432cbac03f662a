#include "ws_test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <stdexcept>
#include <variant>

namespace knowset::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

using PlainSocket = websocket::stream<beast::tcp_stream>;
using TlsSocket = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct WsClient::Impl {
    asio::io_context io;
    asio::ssl::context tls{asio::ssl::context::tls_client};
    std::variant<std::monostate, std::unique_ptr<PlainSocket>, std::unique_ptr<TlsSocket>> socket;
    beast::flat_buffer buffer;
    std::string transcript;

    template <typename Function> void withSocket(Function&& function) {
        if (auto* plain = std::get_if<std::unique_ptr<PlainSocket>>(&socket)) {
            function(**plain);
        } else if (auto* secure = std::get_if<std::unique_ptr<TlsSocket>>(&socket)) {
            function(**secure);
        }
    }
};

WsClient::WsClient(std::uint16_t port, WsOptions options)
    : m_impl(std::make_unique<Impl>()) {
    Impl& impl = *m_impl;
    tcp::resolver resolver(impl.io);
    const auto endpoints = resolver.resolve("127.0.0.1", std::to_string(port));
    auto decorate = [origin = options.origin](websocket::request_type& request) {
        if (!origin.empty()) {
            request.set(http::field::origin, origin);
        }
    };
    try {
        if (!options.tls) {
            auto ws = std::make_unique<PlainSocket>(impl.io);
            beast::get_lowest_layer(*ws).connect(endpoints);
            ws->set_option(websocket::stream_base::decorator(decorate));
            ws->handshake("127.0.0.1:" + std::to_string(port), options.path);
            impl.socket = std::move(ws);
        } else {
            impl.tls.set_verify_mode(asio::ssl::verify_peer);
            if (!options.trustedCertificate.empty()) {
                impl.tls.load_verify_file(options.trustedCertificate.string());
            }
            auto ws = std::make_unique<TlsSocket>(impl.io, impl.tls);
            beast::get_lowest_layer(*ws).connect(endpoints);
            SSL_set_tlsext_host_name(ws->next_layer().native_handle(), "localhost");
            ws->next_layer().set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
            ws->next_layer().handshake(asio::ssl::stream_base::client);
            ws->set_option(websocket::stream_base::decorator(decorate));
            ws->handshake("127.0.0.1:" + std::to_string(port), options.path);
            impl.socket = std::move(ws);
        }
    } catch (const std::exception& error) {
        throw std::runtime_error(std::string("connect failed: ") + error.what());
    }
}

WsClient::~WsClient() {
    m_impl->withSocket([](auto& ws) {
        beast::error_code ignored;
        beast::get_lowest_layer(ws).socket().close(ignored);
    });
}

void WsClient::sendText(const std::string& text) {
    m_impl->withSocket([&](auto& ws) {
        ws.text(true);
        ws.write(asio::buffer(text));
    });
}

void WsClient::sendBinary(const std::string& data) {
    m_impl->withSocket([&](auto& ws) {
        ws.binary(true);
        ws.write(asio::buffer(data));
    });
}

WsRead WsClient::read(std::chrono::milliseconds timeout) {
    Impl& impl = *m_impl;
    WsRead result;
    impl.withSocket([&](auto& ws) {
        bool done = false;
        beast::error_code ec;
        ws.async_read(impl.buffer, [&](beast::error_code e, std::size_t) {
            ec = e;
            done = true;
        });
        impl.io.restart();
        impl.io.run_for(timeout);
        if (!done) {
            beast::get_lowest_layer(ws).cancel();
            impl.io.restart();
            impl.io.run();
            result.kind = WsRead::Kind::Timeout;
            return;
        }
        if (ec == websocket::error::closed) {
            result.kind = WsRead::Kind::Closed;
            result.closeCode = ws.reason().code;
            return;
        }
        if (ec) {
            result.kind = WsRead::Kind::Failed;
            result.error = ec.message();
            return;
        }
        result.kind = WsRead::Kind::Message;
        result.text = beast::buffers_to_string(impl.buffer.data());
        impl.buffer.consume(impl.buffer.size());
        impl.transcript += result.text;
        impl.transcript += '\n';
        result.json = Json::parse(result.text, nullptr, false);
    });
    return result;
}

Json WsClient::readReply(const std::string& id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            throw std::runtime_error("no reply to " + id);
        }
        WsRead got = read(left);
        if (got.kind != WsRead::Kind::Message) {
            throw std::runtime_error(
                "no reply to " + id + " (connection " +
                (got.kind == WsRead::Kind::Closed ? "closed " + std::to_string(got.closeCode) : got.error) +
                ")");
        }
        if (got.json.value("id", "") == id || got.json.value("ref", "") == id) {
            return got.json;
        }
    }
}

Json WsClient::request(const Json& message, std::chrono::milliseconds timeout) {
    sendJson(message);
    return readReply(message.at("id").get<std::string>(), timeout);
}

const std::string& WsClient::transcript() const {
    return m_impl->transcript;
}

std::pair<int, std::string> httpGet(std::uint16_t port, const std::string& target) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    tcp::resolver resolver(io);
    stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return {static_cast<int>(response.result_int()), response.body()};
}

} // namespace knowset::test
