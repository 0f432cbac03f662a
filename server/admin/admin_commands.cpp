#include "server/admin/admin_commands.hpp"

#include "knowset/core/hlc.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <sys/stat.h>

#include "server/auth/certificate.hpp"
#include "server/auth/passwords.hpp"
#include "server/store/sqlite_server_store.hpp"

namespace knowset::server::admin {

namespace {
constexpr std::size_t kMaxNameLength = 64;

std::int64_t nowMillis() {
    return static_cast<std::int64_t>(systemClockMillis());
}

Result<Done> writeAudit(ServerStore& store, std::string_view actor, std::string action, std::string target,
                        std::string detail = {}) {
    return store.audit(
        AuditEntry{nowMillis(), std::string(actor), std::move(action), std::move(target), std::move(detail)});
}

// A branch name as the user would type it back in a shell.
std::string shellWord(std::string_view name) {
    if (name.find(' ') == std::string_view::npos) {
        return std::string(name);
    }
    return "\"" + std::string(name) + "\"";
}

Result<User> existingUser(ServerStore& store, std::string_view name) {
    auto found = store.findUser(name);
    if (!found) {
        return unexpected(found.error());
    }
    if (!found->has_value()) {
        return fail(ErrorCode::NotFound, "no user " + std::string(name));
    }
    return std::move(**found);
}

Result<Done> setDisabled(ServerStore& store, std::string_view name, bool disabled, std::string_view actor) {
    auto user = existingUser(store, name);
    if (!user) {
        return unexpected(user.error());
    }
    user->disabled = disabled;
    if (auto stored = store.putUser(*user); !stored) {
        return stored;
    }
    if (!disabled) {
        return writeAudit(store, actor, "user.enable", user->name);
    }
    // Disabling takes effect on open connections too: they check their session on each use.
    auto revoked = store.revokeSessions(name);
    if (!revoked) {
        return unexpected(revoked.error());
    }
    return writeAudit(store, actor, "user.disable", user->name,
                      std::to_string(*revoked) + " sessions revoked");
}

Result<Done> makeDirectory(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return fail(ErrorCode::Internal, "cannot create " + dir.string() + ": " + std::strerror(errno));
    }
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        return fail(ErrorCode::InvalidChange, dir.string() + " exists and is not a directory");
    }
    // Also when it existed: the directory holds password hashes and the TLS key.
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
    if (error) {
        return fail(ErrorCode::Internal,
                    "cannot restrict the permissions of " + dir.string() + ": " + error.message());
    }
    return Done{};
}
} // namespace

std::optional<std::string> userNameProblem(std::string_view name) {
    const bool valid =
        !name.empty() && name.size() <= kMaxNameLength && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        });
    if (!valid) {
        return "invalid user name \"" + std::string(name.substr(0, kMaxNameLength)) +
               "\": use 1 to 64 characters from a-z, 0-9, '.', '_' and '-'";
    }
    if (name == kSystemActor) {
        return std::string("the user name \"system\" is reserved for the audit log");
    }
    return std::nullopt;
}

std::optional<std::string> branchNameProblem(std::string_view name) {
    const bool valid =
        !name.empty() && name.size() <= kMaxNameLength && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                   c == '.' || c == '_' || c == '-';
        });
    if (!valid) {
        return "invalid branch name \"" + std::string(name.substr(0, kMaxNameLength)) +
               "\": use 1 to 64 characters from A-Z, a-z, 0-9, space, '.', '_' and '-'";
    }
    if (name.front() == ' ' || name.back() == ' ') {
        return "invalid branch name \"" + std::string(name) + "\": it must not start or end with a space";
    }
    return std::nullopt;
}

Result<InitReport> initDataDirectory(const std::filesystem::path& dir, InitOptions options) {
    const DataDirectory data{dir};
    std::error_code error;
    if (std::filesystem::exists(data.database(), error)) {
        return fail(ErrorCode::InvalidChange,
                    dir.string() + " already holds a Knowset store; use a new directory");
    }
    // Check what the caller chose before creating anything.
    if (auto problem = userNameProblem(options.adminName)) {
        return fail(ErrorCode::InvalidChange, std::move(*problem));
    }
    if (options.adminPassword) {
        if (auto problem = passwordProblem(*options.adminPassword)) {
            return fail(ErrorCode::InvalidChange, std::move(*problem));
        }
    }

    if (!dir.parent_path().empty()) {
        std::filesystem::create_directories(dir.parent_path(), error);
        if (error) {
            return fail(ErrorCode::Internal,
                        "cannot create " + dir.parent_path().string() + ": " + error.message());
        }
    }
    if (auto made = makeDirectory(dir); !made) {
        return unexpected(made.error());
    }
    if (auto made = makeDirectory(data.tlsDirectory()); !made) {
        return unexpected(made.error());
    }
    // The certificate comes before the store: if it fails (a malformed extra name), the
    // directory holds no store yet and the same init can simply be run again.
    if (auto written =
            writeSelfSignedCertificate(data.certificate(), data.privateKey(), options.extraDnsNames,
                                       options.extraIpAddresses, kCertificateValidDays);
        !written) {
        return unexpected(written.error());
    }
    auto fingerprint = certificateFingerprint(data.certificate());
    if (!fingerprint) {
        return unexpected(fingerprint.error());
    }

    auto store = SqliteServerStore::open(data.database());
    if (!store) {
        return unexpected(store.error());
    }
    if (auto audited = writeAudit(**store, kSystemActor, "init", dir.string()); !audited) {
        return unexpected(audited.error());
    }
    if (auto added = addBranch(**store, kDefaultBranch, kSystemActor); !added) {
        return unexpected(added.error());
    }

    InitReport report;
    report.directory = data;
    report.adminName = options.adminName;
    report.passwordGenerated = !options.adminPassword.has_value();
    report.adminPassword = options.adminPassword ? std::move(*options.adminPassword) : generatePassword();
    report.certificateFingerprint = std::move(fingerprint).value();
    if (auto added = addUser(**store, report.adminName, Role::Admin, {}, report.adminPassword, kSystemActor);
        !added) {
        return unexpected(added.error());
    }
    return report;
}

Result<Done> addUser(ServerStore& store, std::string_view name, Role role,
                     const std::vector<std::string>& branches, std::string_view password,
                     std::string_view actor) {
    if (auto problem = userNameProblem(name)) {
        return fail(ErrorCode::InvalidChange, std::move(*problem));
    }
    auto existing = store.findUser(name);
    if (!existing) {
        return unexpected(existing.error());
    }
    if (existing->has_value()) {
        return fail(ErrorCode::InvalidChange, "user " + std::string(name) + " already exists");
    }
    if (role != Role::Admin && branches.empty()) {
        return fail(ErrorCode::InvalidChange,
                    "a user with role " + std::string(toString(role)) +
                        " needs at least one branch (only admins see every branch)");
    }
    auto known = store.branches();
    if (!known) {
        return unexpected(known.error());
    }
    for (const std::string& branch : branches) {
        if (std::find(known->begin(), known->end(), branch) == known->end()) {
            return fail(ErrorCode::NotFound, "unknown branch \"" + branch +
                                                 "\"; add it first with: knowset-server branch add " +
                                                 shellWord(branch));
        }
    }
    if (auto problem = passwordProblem(password)) {
        return fail(ErrorCode::InvalidChange, std::move(*problem));
    }
    auto hash = hashPassword(password);
    if (!hash) {
        return unexpected(hash.error());
    }

    User user;
    user.name = std::string(name);
    user.role = role;
    user.branches = branches;
    std::sort(user.branches.begin(), user.branches.end());
    user.branches.erase(std::unique(user.branches.begin(), user.branches.end()), user.branches.end());
    user.passwordHash = std::move(hash).value();
    user.createdAt = nowMillis();
    if (auto stored = store.putUser(user); !stored) {
        return stored;
    }
    std::string detail = "role " + std::string(toString(role));
    if (!user.branches.empty()) {
        detail += ", branches ";
        for (std::size_t i = 0; i < user.branches.size(); ++i) {
            detail += (i == 0 ? "" : ",") + user.branches[i];
        }
    }
    return writeAudit(store, actor, "user.add", user.name, std::move(detail));
}

Result<Done> setPassword(ServerStore& store, std::string_view name, std::string_view password,
                         std::string_view actor) {
    auto user = existingUser(store, name);
    if (!user) {
        return unexpected(user.error());
    }
    if (auto problem = passwordProblem(password)) {
        return fail(ErrorCode::InvalidChange, std::move(*problem));
    }
    auto hash = hashPassword(password);
    if (!hash) {
        return unexpected(hash.error());
    }
    user->passwordHash = std::move(hash).value();
    if (auto stored = store.putUser(*user); !stored) {
        return stored;
    }
    auto revoked = store.revokeSessions(name);
    if (!revoked) {
        return unexpected(revoked.error());
    }
    return writeAudit(store, actor, "user.passwd", user->name,
                      std::to_string(*revoked) + " sessions revoked");
}

Result<Done> disableUser(ServerStore& store, std::string_view name, std::string_view actor) {
    return setDisabled(store, name, true, actor);
}

Result<Done> enableUser(ServerStore& store, std::string_view name, std::string_view actor) {
    return setDisabled(store, name, false, actor);
}

Result<std::vector<User>> listUsers(ServerStore& store) {
    auto users = store.users();
    if (!users) {
        return users;
    }
    std::sort(users->begin(), users->end(), [](const User& a, const User& b) { return a.name < b.name; });
    for (User& user : *users) {
        user.passwordHash.clear();
    }
    return users;
}

Result<Done> addBranch(ServerStore& store, std::string_view name, std::string_view actor) {
    if (auto problem = branchNameProblem(name)) {
        return fail(ErrorCode::InvalidChange, std::move(*problem));
    }
    auto known = store.branches();
    if (!known) {
        return unexpected(known.error());
    }
    if (std::find(known->begin(), known->end(), name) != known->end()) {
        return fail(ErrorCode::InvalidChange, "branch \"" + std::string(name) + "\" already exists");
    }
    if (auto added = store.addBranch(std::string(name)); !added) {
        return added;
    }
    return writeAudit(store, actor, "branch.add", std::string(name));
}

std::string canonicalDumpLine(const ServerRecord& record) {
    Json doc = Json::object();
    Json versions = Json::object();
    for (const auto& [name, field] : record.fields) {
        doc[name] = field.value;
        versions[name] = field.version.toString();
    }
    std::string line = record.collection;
    line += '\t';
    line += record.id;
    line += '\t';
    line += doc.dump();
    line += '\t';
    line += versions.dump();
    line += '\n';
    return line;
}

Result<std::size_t> dumpRecords(ServerStore& store, std::string_view collection, std::ostream& out,
                                std::string_view actor) {
    std::size_t count = 0;
    auto visited = store.forEachRecord(collection, [&](const ServerRecord& record) {
        out << canonicalDumpLine(record);
        ++count;
    });
    if (!visited) {
        return unexpected(visited.error());
    }
    if (auto audited =
            writeAudit(store, actor, "store.dump", collection.empty() ? "*" : std::string(collection),
                       std::to_string(count) + " records");
        !audited) {
        return unexpected(audited.error());
    }
    return count;
}

Result<std::size_t> dumpHistory(ServerStore& store, std::string_view collection, std::ostream& out,
                                std::string_view actor) {
    std::size_t count = 0;
    auto visited = store.forEachChange(collection, [&](const ChangeRow& row) {
        out << row.collection << '\t' << row.id << '\t' << row.change.field << '\t'
            << row.change.version.toString() << '\t' << row.change.seq << '\n';
        ++count;
    });
    if (!visited) {
        return unexpected(visited.error());
    }
    if (auto audited =
            writeAudit(store, actor, "store.dump_history", collection.empty() ? "*" : std::string(collection),
                       std::to_string(count) + " changes");
        !audited) {
        return unexpected(audited.error());
    }
    return count;
}

} // namespace knowset::server::admin
