// Entry points of the two kinds of connection; each is compiled in its own translation unit
// (plain_sessions.cpp, tls_sessions.cpp) so Beast's templates are instantiated once per
// stream type.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>

#include "server/sync/server_context.hpp"

namespace knowset::server {

void startPlainSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context);
void startTlsSession(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
                     std::shared_ptr<ServerContext> context);

} // namespace knowset::server
