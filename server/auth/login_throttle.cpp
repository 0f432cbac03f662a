#include "server/auth/login_throttle.hpp"

#include <algorithm>

namespace knowset::server {

namespace {
// Keys are cut to this length so that huge names sent before authentication cannot grow
// the table's memory beyond maxTracked * this; names that long are never real ones.
constexpr std::size_t kMaxKeyBytes = 256;

// Names and addresses share one table; the prefix keeps a user called "10.0.0.1" apart from
// that address.
std::string userKey(std::string_view user) {
    return "u:" + std::string(user.substr(0, kMaxKeyBytes));
}
std::string addressKey(std::string_view address) {
    return "a:" + std::string(address.substr(0, kMaxKeyBytes));
}
} // namespace

LoginThrottle::LoginThrottle(ThrottleOptions options)
    : m_options(options) {
    m_options.freeFailures = std::max(m_options.freeFailures, 0);
    m_options.maxTracked = std::max<std::size_t>(m_options.maxTracked, 2);
}

std::optional<std::chrono::milliseconds>
LoginThrottle::blockedFor(std::string_view user, std::string_view address, std::int64_t nowMillis) {
    const std::lock_guard lock(m_mutex);
    const auto byUser = remaining(userKey(user), nowMillis);
    const auto byAddress = remaining(addressKey(address), nowMillis);
    if (byUser && byAddress) {
        return std::max(*byUser, *byAddress);
    }
    return byUser ? byUser : byAddress;
}

void LoginThrottle::recordFailure(std::string_view user, std::string_view address, std::int64_t nowMillis) {
    const std::lock_guard lock(m_mutex);
    countFailure(userKey(user), nowMillis);
    countFailure(addressKey(address), nowMillis);
}

void LoginThrottle::recordSuccess(std::string_view user, std::string_view address) {
    const std::lock_guard lock(m_mutex);
    forget(userKey(user));
    forget(addressKey(address));
}

std::size_t LoginThrottle::trackedCount() const {
    const std::lock_guard lock(m_mutex);
    return m_entries.size();
}

std::optional<std::chrono::milliseconds> LoginThrottle::remaining(const std::string& key,
                                                                  std::int64_t nowMillis) const {
    const auto found = m_entries.find(key);
    if (found == m_entries.end() || found->second.failures < m_options.freeFailures) {
        return std::nullopt;
    }
    // 2^30 times any sensible base delay is beyond every sensible cap; stop doubling there so
    // the shift cannot overflow.
    const int doublings = std::min(found->second.failures - m_options.freeFailures, 30);
    const auto uncapped = m_options.baseDelay.count() * (std::int64_t{1} << doublings);
    const std::int64_t delay = std::min<std::int64_t>(uncapped, m_options.maxDelay.count());
    // A clock that stepped back must not stretch the wait beyond the delay itself.
    const std::int64_t elapsed = std::max<std::int64_t>(nowMillis - found->second.lastFailure, 0);
    if (elapsed >= delay) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(delay - elapsed);
}

void LoginThrottle::countFailure(std::string key, std::int64_t nowMillis) {
    auto found = m_entries.find(key);
    if (found == m_entries.end()) {
        m_byAge.push_front(key);
        found = m_entries.emplace(std::move(key), Entry{0, nowMillis, m_byAge.begin()}).first;
    } else {
        m_byAge.splice(m_byAge.begin(), m_byAge, found->second.age);
    }
    found->second.failures = std::min(found->second.failures + 1, 1000000);
    found->second.lastFailure = nowMillis;
    while (m_entries.size() > m_options.maxTracked) {
        m_entries.erase(m_byAge.back());
        m_byAge.pop_back();
    }
}

void LoginThrottle::forget(const std::string& key) {
    const auto found = m_entries.find(key);
    if (found == m_entries.end()) {
        return;
    }
    m_byAge.erase(found->second.age);
    m_entries.erase(found);
}

} // namespace knowset::server
