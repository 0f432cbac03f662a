// Who is acting: the signed-in user with their role and branches, as the profile holds them.
// The domain layer checks roles before it writes so that a refusal is immediate, offline too;
// the server enforces the same rules again (server/sync/access_policy), which is what counts.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::domain {

enum class Role { Agent, Supervisor, Admin };

struct Actor {
    std::string user;
    Role role = Role::Agent;
    std::vector<std::string> branches;

    bool isSupervisorOrAdmin() const { return role == Role::Supervisor || role == Role::Admin; }
    // Publish or archive articles, define KPIs, resolve conflicts, read restricted fields.
    bool canPublish() const { return isSupervisorOrAdmin(); }
    bool canReadRestricted() const { return isSupervisorOrAdmin(); }
    bool worksIn(std::string_view branch) const {
        return role == Role::Admin || std::find(branches.begin(), branches.end(), branch) != branches.end();
    }
};

// The highest role named in a profile's role list ("agent", "supervisor", "admin"); agent when
// none is known.
inline Role roleFromNames(const std::vector<std::string>& names) {
    Role role = Role::Agent;
    for (const auto& name : names) {
        if (name == "admin") {
            role = Role::Admin;
        } else if (name == "supervisor" && role == Role::Agent) {
            role = Role::Supervisor;
        }
    }
    return role;
}

} // namespace knowset::domain
