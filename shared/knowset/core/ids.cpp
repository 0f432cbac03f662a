#include "knowset/core/ids.hpp"

#include "knowset/core/hex.hpp"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace knowset {

void ensureSodium() {
    static const bool initialised = sodium_init() >= 0;
    if (!initialised) {
        throw std::runtime_error("libsodium failed to initialise");
    }
}

void randomBytes(void* buffer, std::size_t size) {
    ensureSodium();
    randombytes_buf(buffer, size);
}

namespace {
std::uint64_t randomUint64() {
    std::uint64_t value = 0;
    randomBytes(&value, sizeof value);
    return value;
}
} // namespace

NodeId NodeId::random() {
    std::uint64_t value = 0;
    while (value == 0) { // zero is reserved for "no node"
        value = randomUint64();
    }
    return NodeId(value);
}

std::string NodeId::toHex() const {
    return toFixedHex(m_value);
}

std::optional<NodeId> NodeId::fromHex(std::string_view text) {
    const auto value = parseFixedHex(text);
    if (!value) {
        return std::nullopt;
    }
    return NodeId(*value);
}

UuidV7Generator::UuidV7Generator(PhysicalClock clock)
    : m_clock(std::move(clock)) {}

std::string UuidV7Generator::next() {
    constexpr std::uint64_t kRandBMask = (std::uint64_t{1} << 62U) - 1;
    constexpr std::uint64_t kRandAMask = 0xfffU;
    std::lock_guard lock(m_mutex);
    const std::uint64_t millis = m_clock() & Hlc::kMaxMillis;
    if (millis > m_lastMillis) {
        m_lastMillis = millis;
        m_randA = randomUint64() & kRandAMask;
        // The top bit of the counter starts clear so that many ids fit in one millisecond.
        m_randB = randomUint64() & (kRandBMask >> 1U);
    } else if (m_randB < kRandBMask) {
        ++m_randB;
    } else {
        m_randB = 0;
        if (m_randA < kRandAMask) {
            ++m_randA;
        } else { // 2^74 ids in one millisecond: borrow the next millisecond
            ++m_lastMillis;
            m_randA = 0;
        }
    }

    std::array<std::uint8_t, 16> bytes{};
    for (int i = 0; i < 6; ++i) {
        bytes[static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(m_lastMillis >> (8U * static_cast<unsigned>(5 - i)));
    }
    bytes[6] = static_cast<std::uint8_t>(0x70U | ((m_randA >> 8U) & 0x0fU));
    bytes[7] = static_cast<std::uint8_t>(m_randA & 0xffU);
    bytes[8] = static_cast<std::uint8_t>(0x80U | ((m_randB >> 56U) & 0x3fU));
    for (int i = 9; i < 16; ++i) {
        bytes[static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(m_randB >> (8U * static_cast<unsigned>(15 - i)));
    }

    std::array<char, 37> text{};
    std::snprintf(text.data(), text.size(),
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0], bytes[1],
                  bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                  bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    return {text.data(), 36};
}

std::string newUuidV7() {
    static UuidV7Generator generator;
    return generator.next();
}

bool isUuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return false;
            }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace knowset
