// Throttling of repeated failed sign-ins (RELIABILITY.md T7).
//
// Failures are counted per user name and per remote address, separately: one address trying
// many names and many addresses trying one name are both slowed down. The first
// `freeFailures` failures cost nothing; after that every attempt is refused until
// baseDelay * 2^(failures - freeFailures) (capped at maxDelay) has passed since the last
// failure. Attempts refused while blocked are not counted (they never reach a password check).
// A success for a name resets that name and the address it came from.
//
// Memory is bounded: at most `maxTracked` names and addresses are remembered; beyond that
// the ones whose last failure is oldest are forgotten first.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace knowset::server {

struct ThrottleOptions {
    int freeFailures = 5;
    std::chrono::milliseconds baseDelay{1000};
    std::chrono::milliseconds maxDelay{15 * 60 * 1000};
    std::size_t maxTracked = 100000;
};

class LoginThrottle {
public:
    explicit LoginThrottle(ThrottleOptions options = {});

    // How long sign-ins for this name or from this address are still refused; nullopt if
    // an attempt may proceed now.
    std::optional<std::chrono::milliseconds> blockedFor(std::string_view user, std::string_view address,
                                                        std::int64_t nowMillis);
    void recordFailure(std::string_view user, std::string_view address, std::int64_t nowMillis);
    void recordSuccess(std::string_view user, std::string_view address);

    std::size_t trackedCount() const;

private:
    struct Entry {
        int failures = 0;
        std::int64_t lastFailure = 0;
        std::list<std::string>::iterator age; // position in m_byAge
    };

    std::optional<std::chrono::milliseconds> remaining(const std::string& key, std::int64_t nowMillis) const;
    void countFailure(std::string key, std::int64_t nowMillis);
    void forget(const std::string& key);

    ThrottleOptions m_options;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
    std::list<std::string> m_byAge; // most recent failure first
};

} // namespace knowset::server
