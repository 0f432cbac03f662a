#include "server/net/http_routes.hpp"

#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>

namespace knowset::server {

namespace http = boost::beast::http;

namespace {

HttpResponse makeResponse(const HttpRequest& request, http::status status, std::string contentType,
                          std::string body) {
    HttpResponse response{status, request.version()};
    response.set(http::field::server, "knowset-server/" + std::string(kServerVersion));
    response.set(http::field::content_type, contentType);
    response.set(http::field::cache_control, "no-store");
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

HttpResponse jsonError(const HttpRequest& request, http::status status, const std::string& message) {
    return makeResponse(request, status, "application/json", Json{{"error", message}}.dump() + "\n");
}

} // namespace

std::optional<HttpResponse> refuseUpgrade(const HttpRequest& request, const ServerConfig& config) {
    if (request.target() != kSyncPath) {
        return jsonError(request, http::status::not_found, "the sync endpoint is " + std::string(kSyncPath));
    }
    if (!config.allowedOrigins.empty()) {
        const auto origin = request.find(http::field::origin);
        const bool allowed =
            origin != request.end() && std::find(config.allowedOrigins.begin(), config.allowedOrigins.end(),
                                                 std::string(origin->value())) != config.allowedOrigins.end();
        if (!allowed) {
            return jsonError(request, http::status::forbidden, "origin not allowed");
        }
    }
    return std::nullopt;
}

HttpResponse answerHttp(const HttpRequest& request, ServerContext& context) {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        return jsonError(request, http::status::method_not_allowed, "only GET is served here");
    }
    if (request.target() == "/healthz") {
        const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - context.started);
        auto head = context.store->headSeq();
        Json body = {{"ok", head.hasValue()},
                     {"version", kServerVersion},
                     {"store", context.store->backendName()},
                     {"uptime_seconds", uptime.count()},
                     {"connections", context.hub.size()}};
        return makeResponse(request, head ? http::status::ok : http::status::service_unavailable,
                            "application/json", body.dump() + "\n");
    }
    if (request.target() == "/metrics") {
        return makeResponse(request, http::status::ok, "text/plain; version=0.0.4", context.metrics.render());
    }
    if (request.target() == kSyncPath) {
        return jsonError(request, http::status::upgrade_required, "this endpoint speaks WebSocket");
    }
    return jsonError(request, http::status::not_found, "no such endpoint");
}

} // namespace knowset::server
