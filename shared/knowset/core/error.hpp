// Errors of the core and of protocol v1. The codes are the stable strings of DESIGN.md's
// `error` message; `not_found` is added for requests naming an unknown record or conflict;
// `unavailable` is the client's own word for a network failure.
#pragma once

#include "knowset/core/expected.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace knowset {

enum class ErrorCode {
    AuthFailed,
    Forbidden,
    InvalidChange,
    ClockSkew,
    TooLarge,
    RateLimited,
    Protocol,
    ResetRequired,
    NotFound,
    Internal,
    // Client side only, never sent: the server could not be reached or the connection broke
    // (unreachable, refused, timed out, certificate not trusted).
    Unavailable,
};

std::string_view toString(ErrorCode code);
std::optional<ErrorCode> errorCodeFromString(std::string_view text);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;

    bool operator==(const Error&) const = default;
};

template <typename T> using Result = Expected<T, Error>;

inline Unexpected<Error> fail(ErrorCode code, std::string message) {
    return {Error{code, std::move(message)}};
}

} // namespace knowset
