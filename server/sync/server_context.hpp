// What every connection shares: the store, sign-in, the writer, the hub, the policy, the
// metrics and the configuration. Built once by the Server and kept alive as long as any
// connection is.
#pragma once

#include <chrono>
#include <memory>

#include "server/auth/authenticator.hpp"
#include "server/config/server_config.hpp"
#include "server/observe/metrics.hpp"
#include "server/store/server_store.hpp"
#include "server/sync/access_policy.hpp"
#include "server/sync/group_committer.hpp"
#include "server/sync/hub.hpp"

namespace knowset::server {

inline constexpr std::string_view kServerVersion = "0.1.0";

struct ServerContext {
    ServerConfig config;
    std::unique_ptr<ServerStore> store;
    std::unique_ptr<Authenticator> authenticator;
    Metrics metrics;
    Hub hub;
    AccessPolicy policy;
    std::unique_ptr<GroupCommitter> committer;
    PhysicalClock clock = systemClockMillis;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Wires a context around an open store: the authenticator, the writer (its clock starts past
// every version the store holds; not started) and the hub's live fan-out after each commit.
std::shared_ptr<ServerContext> makeServerContext(ServerConfig config, std::unique_ptr<ServerStore> store,
                                                 PhysicalClock clock = systemClockMillis);

} // namespace knowset::server
