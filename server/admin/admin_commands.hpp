// The operations behind `knowset-server init`, `user add|passwd|disable|enable|list` and
// `branch add` (DESIGN.md "Server": Admin commands). The CLI parses arguments and prints;
// everything it does goes through here, so tests run the same code.
//
// Every function returns one-line error messages fit to show as they are, and every change
// writes exactly one audit row (RELIABILITY.md T8). `actor` is the name recorded in the
// audit log ("system" for what init does itself).
#pragma once

#include "knowset/core/error.hpp"

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/config/data_directory.hpp"
#include "server/store/server_store.hpp"

namespace knowset::server::admin {

// Pinned by fingerprint in clients: renewing changes the fingerprint and makes every client
// confirm it again, so the certificate init makes lasts long.
inline constexpr int kCertificateValidDays = 3650;
inline constexpr std::string_view kDefaultBranch = "main";
inline constexpr std::string_view kSystemActor = "system";

struct InitOptions {
    std::string adminName = "admin";
    std::optional<std::string> adminPassword;  // nullopt: generate one
    std::vector<std::string> extraDnsNames;    // beside localhost
    std::vector<std::string> extraIpAddresses; // beside 127.0.0.1 and ::1
};

struct InitReport {
    DataDirectory directory;
    std::string adminName;
    std::string adminPassword; // to show once when it was generated
    bool passwordGenerated = false;
    std::string certificateFingerprint; // "SHA256:AB:CD:..."
};

// Creates a data directory (mode 0700) with a new store, a self-signed certificate and key, the
// branch "main" and the first admin. Refuses a directory that already holds a store.
Result<InitReport> initDataDirectory(const std::filesystem::path& dir, InitOptions options);

// Why `name` is not a valid user name ([a-z0-9._-]{1,64}, not "system"); nullopt if it is.
std::optional<std::string> userNameProblem(std::string_view name);
// Why `name` is not a valid branch name ([A-Za-z0-9 ._-]{1,64}, no space at either end).
std::optional<std::string> branchNameProblem(std::string_view name);

// Agents and supervisors need at least one branch; admins see every branch and may have none.
Result<Done> addUser(ServerStore& store, std::string_view name, Role role,
                     const std::vector<std::string>& branches, std::string_view password,
                     std::string_view actor);
// Also revokes every session of the user.
Result<Done> setPassword(ServerStore& store, std::string_view name, std::string_view password,
                         std::string_view actor);
// Marks the user disabled and revokes every session of theirs.
Result<Done> disableUser(ServerStore& store, std::string_view name, std::string_view actor);
Result<Done> enableUser(ServerStore& store, std::string_view name, std::string_view actor);
// Sorted by name; password hashes are left empty.
Result<std::vector<User>> listUsers(ServerStore& store);
Result<Done> addBranch(ServerStore& store, std::string_view name, std::string_view actor);

// ---- `knowset-server dump` ----
// One record as a line of a client replica's canonical dump (LocalStore::canonicalDump):
// "collection\tid\t<doc>\t<versions>\n", doc = {field: value} (`_deleted` included when
// set), versions = {field: "<hlc>-<node>"}, both JSON with sorted keys. A replica that has
// received every field of the record holds the very same line.
std::string canonicalDumpLine(const ServerRecord& record);
// Writes every record (of `collection` only, unless empty) ordered by collection then id, in
// the canonical dump format, so a replica of a user who sees everything compares byte for
// byte. Returns the number of records written. Writes one audit row (the dump holds personal
// data).
Result<std::size_t> dumpRecords(ServerStore& store, std::string_view collection, std::ostream& out,
                                std::string_view actor);
// Writes every stored field change, "collection\tid\tfield\tversion\tseq\n", in sequence
// order: each change a client pushed appears once. Returns the number of lines written.
Result<std::size_t> dumpHistory(ServerStore& store, std::string_view collection, std::ostream& out,
                                std::string_view actor);

} // namespace knowset::server::admin
