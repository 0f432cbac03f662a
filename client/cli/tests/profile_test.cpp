#include "knowset/sync/profile.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <sys/stat.h>

#include "cli_test_support.hpp"
#include "test_support.hpp"

using namespace knowset;

namespace {

unsigned modeOf(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777U;
}

// Sets an environment variable for the scope of a test and puts the old value back.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value)
        : m_name(name) {
        if (const char* old = std::getenv(name)) {
            m_old = old;
        }
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (m_old) {
            ::setenv(m_name, m_old->c_str(), 1);
        } else {
            ::unsetenv(m_name);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

sync::Profile sampleProfile(const std::filesystem::path& directory) {
    sync::Profile profile;
    profile.directory = directory;
    profile.url = "wss://knowset.example.org:8443";
    profile.user = "sam";
    profile.token = "secret-token";
    profile.trustedCertificate = "/etc/knowset/cert.pem";
    profile.roles = {"supervisor"};
    profile.branches = {"north", "south"};
    return profile;
}

} // namespace

TEST_CASE("Profile: a directory without profile.json is an empty profile, not signed in", "[cli][profile]") {
    test::TempDir dir;
    auto profile = sync::loadProfile(dir.file("nowhere"));
    REQUIRE(profile);
    CHECK(profile->directory == dir.file("nowhere"));
    CHECK_FALSE(profile->signedIn());
    CHECK(profile->user.empty());
    CHECK(profile->replicaPath() == dir.file("nowhere") / "replica.sqlite");
}

TEST_CASE("Profile: saved and loaded back, file 0600 in a directory 0700, no temporary left",
          "[cli][profile]") {
    test::TempDir dir;
    const auto directory = dir.file("profiles") / "sam";
    const sync::Profile saved = sampleProfile(directory);
    REQUIRE(sync::saveProfile(saved));

    CHECK(modeOf(directory) == 0700U);
    CHECK(modeOf(directory / "profile.json") == 0600U);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) {
        ++files;
    }
    CHECK(files == 1);

    auto loaded = sync::loadProfile(directory);
    REQUIRE(loaded);
    CHECK(loaded->url == saved.url);
    CHECK(loaded->user == saved.user);
    CHECK(loaded->token == saved.token);
    CHECK(loaded->trustedCertificate == saved.trustedCertificate);
    CHECK(loaded->roles == saved.roles);
    CHECK(loaded->branches == saved.branches);
    CHECK(loaded->signedIn());
    CHECK(loaded->hasRole("supervisor"));
    CHECK_FALSE(loaded->hasRole("admin"));

    // Saving again replaces the file (signing out keeps everything but the token).
    sync::Profile signedOut = *loaded;
    signedOut.token.clear();
    REQUIRE(sync::saveProfile(signedOut));
    auto reloaded = sync::loadProfile(directory);
    REQUIRE(reloaded);
    CHECK_FALSE(reloaded->signedIn());
    CHECK(reloaded->user == "sam");
    CHECK(modeOf(directory / "profile.json") == 0600U);
}

TEST_CASE("Profile: a damaged profile.json is an error that names the file", "[cli][profile]") {
    test::TempDir dir;
    const auto file = dir.file("profile.json");

    cli::test::writeText(file, "{\"url\": \"wss://x:1\",\n \"user\": }");
    auto broken = sync::loadProfile(dir.path());
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.find(file.string()) != std::string::npos);
    CHECK(broken.error().message.find("line 2") != std::string::npos);

    cli::test::writeText(file, "{\"user\": 42}");
    auto mistyped = sync::loadProfile(dir.path());
    REQUIRE_FALSE(mistyped);
    CHECK(mistyped.error().message.find(file.string()) != std::string::npos);
    CHECK(mistyped.error().message.find("'user'") != std::string::npos);

    cli::test::writeText(file, "[]");
    CHECK_FALSE(sync::loadProfile(dir.path()));
}

TEST_CASE("Profile: the default directory follows XDG_DATA_HOME, else HOME", "[cli][profile]") {
    {
        ScopedEnv data("XDG_DATA_HOME", "/srv/data");
        CHECK(sync::defaultProfileDirectory() == "/srv/data/knowset/default");
    }
    {
        ScopedEnv data("XDG_DATA_HOME", nullptr);
        ScopedEnv home("HOME", "/home/sam");
        CHECK(sync::defaultProfileDirectory() == "/home/sam/.local/share/knowset/default");
    }
    {
        ScopedEnv data("XDG_DATA_HOME", "relative/ignored");
        ScopedEnv home("HOME", "/home/sam");
        CHECK(sync::defaultProfileDirectory() == "/home/sam/.local/share/knowset/default");
    }
}
