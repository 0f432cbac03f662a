// Sign-in and session tokens (DESIGN.md "Server": Auth).
//
// Passwords are verified against Argon2id hashes (libsodium). A successful sign-in creates a
// session: a random 256-bit token that is returned once and stored only as a hash, with an
// expiry. Repeated failures for one user name or one remote address are throttled.
// Thread-safe: sessions on several threads call it at once.
#pragma once

#include "knowset/core/error.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/auth/login_throttle.hpp"
#include "server/store/server_store.hpp"

namespace knowset::server {

struct AuthOptions {
    std::chrono::milliseconds sessionLifetime = std::chrono::hours(24 * 30);
    ThrottleOptions throttle;
};

struct SignedIn {
    User user;
    std::string token;     // only when a password was used: the new session token
    std::string tokenHash; // identifies the session (for revocation checks)
    std::int64_t expiresAt = 0;
};

class Authenticator {
public:
    Authenticator(ServerStore& store, AuthOptions options);

    // auth_failed with one message for unknown user, wrong password and disabled user alike
    // (no user enumeration); rate_limited while throttled.
    Result<SignedIn> signInWithPassword(std::string_view user, std::string_view password,
                                        std::string_view remoteAddress, std::int64_t nowMillis);
    // auth_failed for an unknown, expired or revoked token, or a disabled user.
    Result<SignedIn> signInWithToken(std::string_view token, std::int64_t nowMillis);
    // Whether a session is still valid (not revoked or expired, user not disabled).
    bool sessionStillValid(std::string_view tokenHash, std::int64_t nowMillis);

private:
    ServerStore& m_store;
    AuthOptions m_options;
    LoginThrottle m_throttle;
};

} // namespace knowset::server
