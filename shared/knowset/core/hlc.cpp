#include "knowset/core/hlc.hpp"

#include "knowset/core/hex.hpp"

#include <algorithm>
#include <chrono>

namespace knowset {

std::string Hlc::toHex() const {
    return toFixedHex(m_packed);
}

std::optional<Hlc> Hlc::fromHex(std::string_view text) {
    const auto value = parseFixedHex(text);
    if (!value) {
        return std::nullopt;
    }
    return Hlc(*value);
}

std::uint64_t systemClockMillis() {
    const auto sinceEpoch = std::chrono::system_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(sinceEpoch).count());
}

HybridClock::HybridClock(PhysicalClock physical, Hlc last)
    : m_physical(std::move(physical))
    , m_last(last) {}

std::uint64_t HybridClock::physicalMillis() const {
    const auto raw = static_cast<std::int64_t>(m_physical());
    const auto corrected =
        std::clamp<std::int64_t>(raw + m_offsetMillis, 0, static_cast<std::int64_t>(Hlc::kMaxMillis));
    return static_cast<std::uint64_t>(corrected);
}

namespace {
// The timestamp after (millis, counter) when `millis` did not advance: bump the counter, or
// the logical millisecond when the counter is exhausted. The last timestamp of the range has
// no successor: the clock stays at it, since wrapping to zero would reissue old versions.
Hlc successor(std::uint64_t millis, std::uint64_t counter) {
    if (counter >= Hlc::kMaxCounter) {
        if (millis >= Hlc::kMaxMillis) {
            return Hlc::fromParts(Hlc::kMaxMillis, Hlc::kMaxCounter);
        }
        return Hlc::fromParts(millis + 1, 0);
    }
    return Hlc::fromParts(millis, counter + 1);
}
} // namespace

Hlc HybridClock::now() {
    const std::uint64_t physical = physicalMillis();
    if (physical > m_last.millis()) {
        m_last = Hlc::fromParts(physical, 0);
    } else {
        m_last = successor(m_last.millis(), m_last.counter());
    }
    return m_last;
}

Hlc HybridClock::receive(Hlc remote) {
    const std::uint64_t physical = physicalMillis();
    const std::uint64_t millis = std::max({m_last.millis(), remote.millis(), physical});
    if (millis == m_last.millis() && millis == remote.millis()) {
        m_last = successor(millis, std::max(m_last.counter(), remote.counter()));
    } else if (millis == m_last.millis()) {
        m_last = successor(millis, m_last.counter());
    } else if (millis == remote.millis()) {
        m_last = successor(millis, remote.counter());
    } else {
        m_last = Hlc::fromParts(millis, 0);
    }
    return m_last;
}

bool HybridClock::isTooFarAhead(Hlc remote, std::uint64_t maxSkewMillis) const {
    return remote.millis() > physicalMillis() + maxSkewMillis;
}

} // namespace knowset
