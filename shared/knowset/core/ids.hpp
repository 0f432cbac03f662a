// Identifiers: UUIDv7 record ids (RFC 9562: 48-bit Unix milliseconds, then random bits, so
// ids sort by creation time and index well) and the 64-bit node id of a replica.
#pragma once

#include "knowset/core/hlc.hpp"

#include <compare>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace knowset {

// A replica's identity: random, made once per installation, 16 hex digits on the wire.
class NodeId {
public:
    constexpr NodeId() = default;
    constexpr explicit NodeId(std::uint64_t value)
        : m_value(value) {}
    static NodeId random();

    constexpr std::uint64_t value() const { return m_value; }
    std::string toHex() const;
    static std::optional<NodeId> fromHex(std::string_view text);

    constexpr auto operator<=>(const NodeId&) const = default;

private:
    std::uint64_t m_value = 0;
};

// Generates UUIDv7 strings that are strictly increasing from one generator, also within
// one millisecond and when the wall clock steps back (RFC 9562 section 6.2, method 3: the
// 74 bits after the timestamp act as a counter seeded randomly and incremented).
class UuidV7Generator {
public:
    explicit UuidV7Generator(PhysicalClock clock = systemClockMillis);
    std::string next();

private:
    std::mutex m_mutex;
    PhysicalClock m_clock;
    std::uint64_t m_lastMillis = 0;
    std::uint64_t m_randA = 0; // 12 bits
    std::uint64_t m_randB = 0; // 62 bits
};

// A fresh UUIDv7 from a process-wide generator.
std::string newUuidV7();

bool isUuid(std::string_view text);

// Initialises libsodium once per process; throws if it cannot (no usable entropy source).
void ensureSodium();

// Fills `size` bytes with cryptographically secure random bytes (libsodium).
void randomBytes(void* buffer, std::size_t size);

} // namespace knowset
