// A client profile: one directory per signed-in user of a machine (CLI and GUI alike).
//
//   DIR/profile.json    server URL, user, session token, trusted certificate, roles, branches
//                       (mode 0600; holds the token, never the password)
//   DIR/replica.sqlite  the local replica (LocalStore) with its journal
#pragma once

#include "knowset/core/error.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace knowset::sync {

struct Profile {
    std::filesystem::path directory;
    std::string url;
    std::string user;
    std::string token;                        // empty when signed out
    std::filesystem::path trustedCertificate; // absolute; empty: the system's certificate store
    std::vector<std::string> roles;
    std::vector<std::string> branches;

    std::filesystem::path replicaPath() const { return directory / "replica.sqlite"; }
    bool signedIn() const { return !token.empty(); }
    bool hasRole(std::string_view role) const;
};

// $XDG_DATA_HOME/knowset/default, else $HOME/.local/share/knowset/default.
std::filesystem::path defaultProfileDirectory();

// Reads DIR/profile.json; a directory without one gives an empty profile (not signed in).
// A damaged file is an error that names the file.
Result<Profile> loadProfile(const std::filesystem::path& directory);

// Creates the directory (0700) if needed and writes profile.json atomically (temporary file,
// fsync, rename) with mode 0600.
Result<Done> saveProfile(const Profile& profile);

} // namespace knowset::sync
