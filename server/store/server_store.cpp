#include "server/store/server_store.hpp"

#include <array>
#include <utility>

namespace knowset::server {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 3> kRoleNames{{
    {Role::Agent, "agent"},
    {Role::Supervisor, "supervisor"},
    {Role::Admin, "admin"},
}};
} // namespace

std::string_view toString(Role role) {
    for (const auto& [value, name] : kRoleNames) {
        if (value == role) {
            return name;
        }
    }
    return "agent";
}

std::optional<Role> roleFromString(std::string_view text) {
    for (const auto& [value, name] : kRoleNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace knowset::server
