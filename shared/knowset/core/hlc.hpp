// Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014).
//
// A timestamp is 48 bits of milliseconds since the Unix epoch and a 16-bit counter, packed
// into one 64-bit integer (millis << 16 | counter) so that integer order is timestamp order.
// On the wire it is 16 lower-case hex digits, so text order equals numeric order too.
//
// Rules (l = last timestamp issued, pt = physical time):
//   local event or send:  l' = max(l.millis, pt); counter = (l' == l.millis) ? l.counter + 1 : 0
//   receive of m:         l' = max(l.millis, m.millis, pt); counter follows whichever
//                         component(s) supplied l' (see HybridClock::receive)
// Every timestamp issued is strictly greater than every timestamp issued or received before,
// whatever the physical clock does (it may jump backwards). When the counter would overflow,
// the logical millisecond advances instead. The one exception is the last timestamp of the
// range (year 10889, reachable only by receiving it): the clock stays there rather than wrap
// to zero.
//
// Skew: a remote timestamp whose milliseconds are more than a bound ahead of our physical
// clock is refused rather than received, so one machine with a wrong clock cannot drag
// every replica's clock into the future (DESIGN.md "Clocks and skew").
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace knowset {

class Hlc {
public:
    static constexpr unsigned kCounterBits = 16;
    static constexpr std::uint64_t kMaxCounter = (std::uint64_t{1} << kCounterBits) - 1;
    static constexpr std::uint64_t kMaxMillis = (std::uint64_t{1} << 48U) - 1;

    constexpr Hlc() = default;
    constexpr explicit Hlc(std::uint64_t packed)
        : m_packed(packed) {}
    static constexpr Hlc fromParts(std::uint64_t millis, std::uint64_t counter) {
        return Hlc((millis << kCounterBits) | (counter & kMaxCounter));
    }

    constexpr std::uint64_t packed() const { return m_packed; }
    constexpr std::uint64_t millis() const { return m_packed >> kCounterBits; }
    constexpr std::uint64_t counter() const { return m_packed & kMaxCounter; }
    constexpr bool isZero() const { return m_packed == 0; }

    std::string toHex() const;
    static std::optional<Hlc> fromHex(std::string_view text);

    constexpr auto operator<=>(const Hlc&) const = default;

private:
    std::uint64_t m_packed = 0;
};

// Milliseconds since the Unix epoch. Injectable so tests can drive time by hand.
using PhysicalClock = std::function<std::uint64_t()>;
std::uint64_t systemClockMillis();

class HybridClock {
public:
    explicit HybridClock(PhysicalClock physical = systemClockMillis, Hlc last = {});

    // A timestamp for a local event (a write) or a message being sent.
    Hlc now();
    // Takes a remote timestamp into account; the result is greater than both `remote` and
    // every timestamp issued before. Call isTooFarAhead() first where the remote is untrusted.
    Hlc receive(Hlc remote);

    // True when `remote` is more than `maxSkewMillis` ahead of this clock's physical time.
    bool isTooFarAhead(Hlc remote, std::uint64_t maxSkewMillis) const;

    // Added to the physical clock: the offset to a trusted clock (the server's), so that a
    // client whose clock is wrong can stamp changes from a corrected clock.
    void setPhysicalOffset(std::int64_t offsetMillis) { m_offsetMillis = offsetMillis; }
    std::int64_t physicalOffset() const { return m_offsetMillis; }

    std::uint64_t physicalMillis() const;
    Hlc last() const { return m_last; }
    void restore(Hlc last) { m_last = std::max(m_last, last); }

private:
    PhysicalClock m_physical;
    std::int64_t m_offsetMillis = 0;
    Hlc m_last;
};

} // namespace knowset
