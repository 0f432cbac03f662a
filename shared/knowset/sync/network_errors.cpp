// Network failures in words a user can act on.
#include "knowset/sync/ws_connection.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

namespace knowset::sync {

std::string describeNetworkError(const boost::system::error_code& error, const ConnectSettings& settings) {
    namespace asio_error = boost::asio::error;
    const std::string where = settings.url.hostAndPort();
    if (error == asio_error::connection_refused) {
        return "cannot connect to " + where +
               " (connection refused): is the server running and the address right?";
    }
    if (error == asio_error::host_not_found || error == asio_error::host_not_found_try_again) {
        return "cannot find the host " + settings.url.host + ": check the server address";
    }
    if (error == boost::beast::error::timeout || error == asio_error::timed_out) {
        return "no answer from " + where + " in time: the server or the network is down";
    }
    if (error == asio_error::network_unreachable || error == asio_error::host_unreachable) {
        return "cannot reach " + where + ": this computer seems to be offline";
    }
    if (error.category() == boost::asio::error::get_ssl_category()) {
        const std::string reason = error.message();
        if (reason.find("certificate verify failed") != std::string::npos) {
            return "the certificate of " + where + " is not trusted (" + reason +
                   "): get the server's certificate file from its administrator and trust it explicitly";
        }
        if (reason.find("wrong version number") != std::string::npos) {
            return where +
                   " does not speak TLS: if it is a plain loopback server, use ws:// instead of wss://";
        }
        return "the secure connection to " + where + " failed (" + reason + ")";
    }
    if (error == boost::beast::websocket::error::upgrade_declined) {
        return where + " refused the WebSocket upgrade: check the URL's path (usually /sync)";
    }
    if (error == boost::beast::http::error::end_of_stream || error == asio_error::eof ||
        error == asio_error::connection_reset || error == boost::beast::websocket::error::closed) {
        return "the connection to " + where + " was closed by the other side (" + error.message() + ")";
    }
    return "the connection to " + where + " failed (" + error.message() + ")";
}

} // namespace knowset::sync
