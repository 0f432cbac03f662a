#include "server/sync/hub.hpp"

#include <algorithm>

namespace knowset::server {

bool Hub::join(const std::shared_ptr<LiveConnection>& connection, const std::string& user,
               std::size_t maxPerUser) {
    const std::lock_guard lock(m_mutex);
    const auto sameUser = static_cast<std::size_t>(std::count_if(
        m_entries.begin(), m_entries.end(), [&](const Entry& entry) { return entry.user == user; }));
    if (sameUser >= maxPerUser) {
        return false;
    }
    m_entries.push_back(Entry{connection, connection.get(), user});
    return true;
}

void Hub::leave(const LiveConnection* connection) {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_entries, [&](const Entry& entry) { return entry.key == connection; });
}

std::size_t Hub::size() const {
    const std::lock_guard lock(m_mutex);
    return m_entries.size();
}

std::vector<std::shared_ptr<LiveConnection>> Hub::snapshot() {
    std::vector<std::shared_ptr<LiveConnection>> live;
    const std::lock_guard lock(m_mutex);
    live.reserve(m_entries.size());
    for (const Entry& entry : m_entries) {
        if (auto connection = entry.connection.lock()) {
            live.push_back(std::move(connection));
        }
    }
    return live;
}

void Hub::broadcastCommitted() {
    for (const auto& connection : snapshot()) {
        connection->notifyCommitted();
    }
}

void Hub::revalidateAll() {
    for (const auto& connection : snapshot()) {
        connection->notifyRevalidate();
    }
}

void Hub::shutdownAll() {
    for (const auto& connection : snapshot()) {
        connection->notifyShutdown();
    }
}

} // namespace knowset::server
