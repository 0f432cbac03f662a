#include "server/sync/server_context.hpp"

namespace knowset::server {

std::shared_ptr<ServerContext> makeServerContext(ServerConfig config, std::unique_ptr<ServerStore> store,
                                                 PhysicalClock clock) {
    auto context = std::make_shared<ServerContext>();
    context->config = std::move(config);
    context->store = std::move(store);
    context->clock = std::move(clock);
    AuthOptions authOptions;
    authOptions.sessionLifetime = context->config.sessionLifetime;
    context->authenticator = std::make_unique<Authenticator>(*context->store, authOptions);
    auto maxHlc = context->store->maxHlc();
    context->committer = std::make_unique<GroupCommitter>(
        *context->store, HybridClock(context->clock, maxHlc ? *maxHlc : Hlc{}), context->metrics);
    context->committer->setCommittedListener([weak = std::weak_ptr<ServerContext>(context)] {
        if (const auto shared = weak.lock()) {
            shared->hub.broadcastCommitted();
        }
    });
    return context;
}

} // namespace knowset::server
