// The registry of authenticated connections: live fan-out after each commit, connection
// counts per user, periodic revalidation of sessions, and closing everyone at shutdown.
// Like Beast's chat example it copies weak pointers under its lock and calls them outside it.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace knowset::server {

// What the hub asks of a connection. Each call only posts work to the connection's own
// strand, so it is safe from any thread.
class LiveConnection {
public:
    virtual ~LiveConnection() = default;
    virtual void notifyCommitted() = 0;
    virtual void notifyRevalidate() = 0;
    virtual void notifyShutdown() = 0;
};

class Hub {
public:
    // Registers an authenticated connection of `user`; false when the user already has
    // `maxPerUser` connections.
    bool join(const std::shared_ptr<LiveConnection>& connection, const std::string& user,
              std::size_t maxPerUser);
    void leave(const LiveConnection* connection);
    std::size_t size() const;

    void broadcastCommitted();
    void revalidateAll();
    void shutdownAll();

private:
    struct Entry {
        std::weak_ptr<LiveConnection> connection;
        const LiveConnection* key = nullptr;
        std::string user;
    };
    std::vector<std::shared_ptr<LiveConnection>> snapshot();

    mutable std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

} // namespace knowset::server
