#include "knowset/core/error.hpp"

#include <array>
#include <utility>

namespace knowset {

namespace {
constexpr std::array<std::pair<ErrorCode, std::string_view>, 11> kCodeNames{{
    {ErrorCode::AuthFailed, "auth_failed"},
    {ErrorCode::Forbidden, "forbidden"},
    {ErrorCode::InvalidChange, "invalid_change"},
    {ErrorCode::ClockSkew, "clock_skew"},
    {ErrorCode::TooLarge, "too_large"},
    {ErrorCode::RateLimited, "rate_limited"},
    {ErrorCode::Protocol, "protocol"},
    {ErrorCode::ResetRequired, "reset_required"},
    {ErrorCode::NotFound, "not_found"},
    {ErrorCode::Internal, "internal"},
    {ErrorCode::Unavailable, "unavailable"},
}};
} // namespace

std::string_view toString(ErrorCode code) {
    for (const auto& [value, name] : kCodeNames) {
        if (value == code) {
            return name;
        }
    }
    return "internal";
}

std::optional<ErrorCode> errorCodeFromString(std::string_view text) {
    for (const auto& [value, name] : kCodeNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace knowset
