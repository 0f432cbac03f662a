#include "server/auth/tokens.hpp"

#include "knowset/core/ids.hpp"

#include <sodium.h>

#include <array>

namespace knowset::server {

namespace {
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenHashBytes = 32;
} // namespace

std::string newSessionToken() {
    std::array<unsigned char, kTokenBytes> bytes{};
    randomBytes(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes.data(), bytes.size());
    return {text.data()};
}

std::string hashToken(std::string_view token) {
    ensureSodium();
    std::array<unsigned char, kTokenHashBytes> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    std::array<char, kTokenHashBytes * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return {hex.data()};
}

} // namespace knowset::server
