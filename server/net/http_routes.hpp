// Plain HTTP on the sync port: GET /healthz, GET /metrics, and the checks that decide whether
// a WebSocket upgrade is accepted. Independent of the stream type.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>

#include "server/sync/server_context.hpp"

namespace knowset::server {

inline constexpr std::string_view kSyncPath = "/sync";

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The response that refuses an upgrade request (wrong path, Origin not allowed), or nullopt.
std::optional<HttpResponse> refuseUpgrade(const HttpRequest& request, const ServerConfig& config);
HttpResponse answerHttp(const HttpRequest& request, ServerContext& context);

} // namespace knowset::server
