#include "server/auth/authenticator.hpp"

#include <string>

#include "server/auth/passwords.hpp"
#include "server/auth/tokens.hpp"

namespace knowset::server {

namespace {
// One message for every password failure, so a caller cannot tell which names exist.
constexpr std::string_view kSignInFailed = "unknown user or wrong password";
constexpr std::string_view kSessionInvalid = "session expired or revoked; sign in again";
// A real token is 43 characters; anything much longer is not worth hashing.
constexpr std::size_t kMaxTokenBytes = 256;
constexpr std::size_t kMaxAuditNameBytes = 64;

// Unknown names are attacker-chosen: keep the audit row short and printable.
std::string auditName(std::string_view name) {
    std::string result(name.substr(0, kMaxAuditNameBytes));
    for (char& c : result) {
        if (c < 0x20 || c > 0x7e) {
            c = '?';
        }
    }
    return result;
}

// An unknown name still costs one Argon2id verification, against this hash of a random
// password, so the response time does not reveal whether the name exists.
const std::string& dummyHash() {
    static const std::string hash = [] {
        auto made = hashPassword(generatePassword());
        return made ? std::move(made).value() : std::string();
    }();
    return hash;
}

std::string throttledMessage(std::chrono::milliseconds wait) {
    const auto seconds = (wait.count() + 999) / 1000;
    return "too many failed sign-ins; try again in " + std::to_string(seconds) + " s";
}
} // namespace

Authenticator::Authenticator(ServerStore& store, AuthOptions options)
    : m_store(store)
    , m_options(options)
    , m_throttle(options.throttle) {
    dummyHash(); // made now rather than during the first sign-in, which would otherwise be slower
}

Result<SignedIn> Authenticator::signInWithPassword(std::string_view user, std::string_view password,
                                                   std::string_view remoteAddress, std::int64_t nowMillis) {
    if (const auto wait = m_throttle.blockedFor(user, remoteAddress, nowMillis)) {
        return fail(ErrorCode::RateLimited, throttledMessage(*wait));
    }

    auto found = m_store.findUser(user);
    if (!found) {
        return unexpected(found.error());
    }

    std::string_view reason;
    if (!found->has_value()) {
        verifyPassword(dummyHash(), password.substr(0, kMaxPasswordBytes));
        reason = "unknown user";
    } else if (password.size() > kMaxPasswordBytes) {
        verifyPassword(dummyHash(), "");
        reason = "password too long";
    } else if (!verifyPassword((*found)->passwordHash, password)) {
        reason = "wrong password";
    } else if ((*found)->disabled) {
        reason = "user disabled";
    }

    if (!reason.empty()) {
        m_throttle.recordFailure(user, remoteAddress, nowMillis);
        // A failed audit write must not change the answer the caller gets.
        (void)m_store.audit(
            AuditEntry{nowMillis, auditName(user), "login.failed", auditName(user), std::string(reason)});
        return fail(ErrorCode::AuthFailed, std::string(kSignInFailed));
    }
    m_throttle.recordSuccess(user, remoteAddress);

    User account = std::move(**found);
    if (needsRehash(account.passwordHash)) {
        // Parameters were raised since this hash was made: store a fresh one while we hold the
        // password. Failing to is harmless: the old hash still verifies.
        if (auto rehashed = hashPassword(password)) {
            User updated = account;
            updated.passwordHash = std::move(rehashed).value();
            (void)m_store.putUser(updated);
        }
    }

    SignedIn result;
    result.token = newSessionToken();
    result.tokenHash = hashToken(result.token);
    result.expiresAt = nowMillis + m_options.sessionLifetime.count();
    if (auto added = m_store.addSession(Session{result.tokenHash, account.name, nowMillis, result.expiresAt});
        !added) {
        return unexpected(added.error());
    }
    if (auto audited = m_store.audit(AuditEntry{nowMillis, account.name, "login", account.name, ""});
        !audited) {
        return unexpected(audited.error());
    }
    account.passwordHash.clear(); // nothing past sign-in needs it
    result.user = std::move(account);
    return result;
}

Result<SignedIn> Authenticator::signInWithToken(std::string_view token, std::int64_t nowMillis) {
    if (token.empty() || token.size() > kMaxTokenBytes) {
        return fail(ErrorCode::AuthFailed, std::string(kSessionInvalid));
    }
    const std::string tokenHash = hashToken(token);
    auto session = m_store.findSession(tokenHash);
    if (!session) {
        return unexpected(session.error());
    }
    if (!session->has_value() || (*session)->expiresAt <= nowMillis) {
        return fail(ErrorCode::AuthFailed, std::string(kSessionInvalid));
    }
    auto found = m_store.findUser((*session)->user);
    if (!found) {
        return unexpected(found.error());
    }
    if (!found->has_value()) {
        return fail(ErrorCode::AuthFailed, std::string(kSessionInvalid));
    }
    if ((*found)->disabled) {
        return fail(ErrorCode::AuthFailed, "this account is disabled; ask an administrator");
    }

    SignedIn result;
    result.user = std::move(**found);
    result.user.passwordHash.clear();
    result.tokenHash = tokenHash;
    result.expiresAt = (*session)->expiresAt;
    return result;
}

bool Authenticator::sessionStillValid(std::string_view tokenHash, std::int64_t nowMillis) {
    const auto session = m_store.findSession(tokenHash);
    if (!session || !session->has_value() || (*session)->expiresAt <= nowMillis) {
        return false;
    }
    const auto found = m_store.findUser((*session)->user);
    return found && found->has_value() && !(*found)->disabled;
}

} // namespace knowset::server
