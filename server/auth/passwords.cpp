#include "server/auth/passwords.hpp"

#include "knowset/core/ids.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace knowset::server {

namespace {
constexpr std::string_view kArgon2idPrefix = "$argon2id$";
constexpr std::string_view kPasswordAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kGeneratedPasswordLength = 20;

bool isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Counts UTF-8 code points: every byte that is not a continuation byte starts one.
std::size_t countCharacters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// libsodium reads the hash as a NUL-terminated string: copy it, and refuse anything that
// cannot be a hash it produced (too long, or with an embedded NUL).
std::optional<std::string> hashString(std::string_view hash) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(hash);
}
} // namespace

Result<std::string> hashPassword(std::string_view password) {
    ensureSodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kPasswordOpsLimit,
                              kPasswordMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return fail(ErrorCode::Internal, "cannot hash the password: not enough memory for Argon2id");
    }
    return std::string(out.data());
}

bool verifyPassword(std::string_view hash, std::string_view password) {
    ensureSodium();
    const auto stored = hashString(hash);
    if (!stored) {
        return false;
    }
    return crypto_pwhash_str_verify(stored->c_str(), password.data(), password.size()) == 0;
}

bool needsRehash(std::string_view hash) {
    ensureSodium();
    const auto stored = hashString(hash);
    if (!stored || !stored->starts_with(kArgon2idPrefix)) {
        return true;
    }
    return crypto_pwhash_str_needs_rehash(stored->c_str(), kPasswordOpsLimit, kPasswordMemLimit) != 0;
}

std::string generatePassword() {
    ensureSodium();
    std::string password;
    password.reserve(kGeneratedPasswordLength);
    for (std::size_t i = 0; i < kGeneratedPasswordLength; ++i) {
        password +=
            kPasswordAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kPasswordAlphabet.size()))];
    }
    return password;
}

std::optional<std::string> passwordProblem(std::string_view password) {
    if (password.size() > kMaxPasswordBytes) {
        return "password is too long: use at most " + std::to_string(kMaxPasswordBytes) + " bytes";
    }
    if (std::all_of(password.begin(), password.end(), isWhitespace) && !password.empty()) {
        return std::string("password must not be only spaces");
    }
    if (password.find('\0') != std::string_view::npos) {
        return std::string("password must not contain a NUL character");
    }
    if (countCharacters(password) < kMinPasswordChars) {
        return "password is too short: use at least " + std::to_string(kMinPasswordChars) + " characters";
    }
    return std::nullopt;
}

} // namespace knowset::server
