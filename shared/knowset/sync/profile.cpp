#include "knowset/sync/profile.hpp"

#include "knowset/sync/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <pwd.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace knowset::sync {

namespace {

using Json = nlohmann::json;

constexpr const char* kProfileFile = "profile.json";

std::string systemError(int error) {
    return std::strerror(error);
}

Unexpected<Error> damaged(const std::filesystem::path& file, const std::string& why) {
    return fail(ErrorCode::InvalidChange, "the profile file " + file.string() + " is damaged (" + why + ")");
}

Json toJson(const Profile& profile) {
    return Json{{"url", profile.url},     {"user", profile.user},
                {"token", profile.token}, {"trusted_certificate", profile.trustedCertificate.string()},
                {"roles", profile.roles}, {"branches", profile.branches}};
}

// Absent keys are allowed (an older or hand-written file); present ones must have their type.
bool readString(const Json& json, const char* key, std::string& into, std::string& why) {
    const auto found = json.find(key);
    if (found == json.end() || found->is_null()) {
        return true;
    }
    if (!found->is_string()) {
        why = std::string("'") + key + "' must be a string";
        return false;
    }
    into = found->get<std::string>();
    return true;
}

bool readStrings(const Json& json, const char* key, std::vector<std::string>& into, std::string& why) {
    const auto found = json.find(key);
    if (found == json.end() || found->is_null()) {
        return true;
    }
    const bool strings = found->is_array() && std::all_of(found->begin(), found->end(),
                                                          [](const Json& item) { return item.is_string(); });
    if (!strings) {
        why = std::string("'") + key + "' must be an array of strings";
        return false;
    }
    into = found->get<std::vector<std::string>>();
    return true;
}

// A byte offset of the file as "line L, column C" (both from 1).
std::string lineAndColumn(const std::string& text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

bool Profile::hasRole(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::filesystem::path defaultProfileDirectory() {
    // XDG base directories: a relative XDG_DATA_HOME is invalid and must be ignored.
    if (const char* dataHome = std::getenv("XDG_DATA_HOME");
        dataHome != nullptr && *dataHome != '\0' && std::filesystem::path(dataHome).is_absolute()) {
        return std::filesystem::path(dataHome) / "knowset" / "default";
    }
    std::filesystem::path home;
    if (const char* homeVariable = std::getenv("HOME"); homeVariable != nullptr && *homeVariable != '\0') {
        home = homeVariable;
    } else if (const passwd* entry = ::getpwuid(::getuid()); entry != nullptr && entry->pw_dir != nullptr) {
        home = entry->pw_dir;
    } else {
        home = std::filesystem::current_path();
    }
    return home / ".local" / "share" / "knowset" / "default";
}

Result<Profile> loadProfile(const std::filesystem::path& directory) {
    Profile profile;
    profile.directory = directory;
    const std::filesystem::path file = directory / kProfileFile;

    std::ifstream input(file, std::ios::binary);
    if (!input) {
        const int error = errno;
        std::error_code ignored;
        if (!std::filesystem::exists(file, ignored)) {
            return profile;
        }
        return fail(ErrorCode::Internal, "cannot read " + file.string() + ": " + systemError(error));
    }
    std::ostringstream buffer;
    buffer << input.rdbuf();
    if (input.bad()) {
        return fail(ErrorCode::Internal, "cannot read " + file.string());
    }
    const std::string text = buffer.str();

    Json json;
    try {
        json = Json::parse(text);
    } catch (const Json::parse_error& error) {
        return damaged(file,
                       "not valid JSON at " + lineAndColumn(text, error.byte == 0 ? 0 : error.byte - 1));
    }
    if (!json.is_object()) {
        return damaged(file, "not a JSON object");
    }
    std::string why;
    std::string certificate;
    const bool read = readString(json, "url", profile.url, why) &&
                      readString(json, "user", profile.user, why) &&
                      readString(json, "token", profile.token, why) &&
                      readString(json, "trusted_certificate", certificate, why) &&
                      readStrings(json, "roles", profile.roles, why) &&
                      readStrings(json, "branches", profile.branches, why);
    if (!read) {
        return damaged(file, why);
    }
    profile.trustedCertificate = certificate;
    return profile;
}

Result<Done> saveProfile(const Profile& profile) {
    const std::filesystem::path& directory = profile.directory;
    if (directory.empty()) {
        return fail(ErrorCode::InvalidChange, "a profile needs a directory");
    }
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
        return fail(ErrorCode::Internal,
                    "cannot create the profile directory " + directory.string() + ": " + error.message());
    }
    // The directory holds the session token and the replica: the owner's alone.
    if (::chmod(directory.c_str(), S_IRWXU) != 0) {
        return fail(ErrorCode::Internal,
                    "cannot restrict the permissions of " + directory.string() + ": " + systemError(errno));
    }

    return writeFileAtomically(directory / kProfileFile, toJson(profile).dump(2) + "\n", S_IRUSR | S_IWUSR);
}

} // namespace knowset::sync
