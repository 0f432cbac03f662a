// Session tokens: 256 random bits handed to the client once, stored only as a hash.
//
// A fast hash (BLAKE2b) is right here, unlike for passwords: a token has full entropy, so
// there is nothing to brute-force. Sessions are looked up by the hash, so no secret is ever
// compared byte by byte and no constant-time comparison is needed.
#pragma once

#include <string>
#include <string_view>

namespace knowset::server {

// 32 random bytes, base64url without padding: 43 characters.
std::string newSessionToken();

// BLAKE2b-256 of the token, 64 lower-case hex digits.
std::string hashToken(std::string_view token);

} // namespace knowset::server
