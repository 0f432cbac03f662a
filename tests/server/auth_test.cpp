#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <set>
#include <sys/stat.h>

#include "server/admin/admin_commands.hpp"
#include "server/auth/authenticator.hpp"
#include "server/auth/certificate.hpp"
#include "server/auth/login_throttle.hpp"
#include "server/auth/passwords.hpp"
#include "server/auth/tokens.hpp"
#include "server/store/sqlite_server_store.hpp"
#include "test_support.hpp"

using namespace knowset;
using namespace knowset::server;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using std::chrono::milliseconds;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;
constexpr std::string_view kPassword = "correct horse battery";

std::unique_ptr<SqliteServerStore> openStore(const test::TempDir& dir) {
    auto store = SqliteServerStore::open(dir.file("knowset.db"));
    REQUIRE(store);
    return std::move(store).value();
}

// A store with the branch "main", an agent "alice" and an admin "root".
std::unique_ptr<SqliteServerStore> storeWithUsers(const test::TempDir& dir) {
    auto store = openStore(dir);
    REQUIRE(admin::addBranch(*store, "main", "system"));
    REQUIRE(admin::addUser(*store, "alice", Role::Agent, {"main"}, kPassword, "system"));
    REQUIRE(admin::addUser(*store, "root", Role::Admin, {}, kPassword, "system"));
    return store;
}

std::vector<AuditEntry> auditRows(ServerStore& store, std::string_view action) {
    auto log = store.auditLog(1000);
    REQUIRE(log);
    std::vector<AuditEntry> rows;
    std::copy_if(log->begin(), log->end(), std::back_inserter(rows),
                 [&](const AuditEntry& entry) { return entry.action == action; });
    return rows;
}

std::string fileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every byte the store has on disk: the database and its WAL.
std::string databaseBytes(const test::TempDir& dir) {
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        if (entry.path().filename().string().starts_with("knowset.db")) {
            bytes += fileBytes(entry.path());
        }
    }
    return bytes;
}

std::filesystem::perms permissionsOf(const std::filesystem::path& path) {
    return std::filesystem::status(path).permissions() & std::filesystem::perms::mask;
}

template <typename T> Error errorOf(const Result<T>& result) {
    REQUIRE_FALSE(result);
    return result.error();
}

struct X509Deleter {
    void operator()(X509* cert) const { X509_free(cert); }
};

std::unique_ptr<X509, X509Deleter> loadCertificate(const std::filesystem::path& path) {
    FILE* file = std::fopen(path.c_str(), "r");
    REQUIRE(file != nullptr);
    std::unique_ptr<X509, X509Deleter> cert(PEM_read_X509(file, nullptr, nullptr, nullptr));
    std::fclose(file);
    REQUIRE(cert);
    return cert;
}

std::set<std::string> subjectAltNames(X509* cert) {
    std::set<std::string> result;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    REQUIRE(names != nullptr);
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS) {
            const auto* data = ASN1_STRING_get0_data(name->d.dNSName);
            result.insert("DNS:" +
                          std::string(reinterpret_cast<const char*>(data),
                                      static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName))));
        } else if (name->type == GEN_IPADD) {
            const auto* data = ASN1_STRING_get0_data(name->d.iPAddress);
            const auto length = ASN1_STRING_length(name->d.iPAddress);
            if (length == 4) {
                result.insert("IP:" + std::to_string(data[0]) + "." + std::to_string(data[1]) + "." +
                              std::to_string(data[2]) + "." + std::to_string(data[3]));
            } else {
                const bool loopback = length == 16 &&
                                      std::all_of(data, data + 15, [](auto byte) { return byte == 0; }) &&
                                      data[15] == 1;
                result.insert(loopback ? "IP:::1" : "IP:(other IPv6)");
            }
        }
    }
    GENERAL_NAMES_free(names);
    return result;
}

} // namespace

// ---- passwords ----

TEST_CASE("Passwords: Argon2id hashes that verify only the right password", "[auth]") {
    const auto hash = hashPassword(kPassword);
    REQUIRE(hash);
    CHECK_THAT(*hash, StartsWith("$argon2id$"));
    CHECK_THAT(*hash, Contains("m=19456,t=2,p=1"));
    CHECK(verifyPassword(*hash, kPassword));
    CHECK_FALSE(verifyPassword(*hash, "correct horse battery!"));
    CHECK_FALSE(verifyPassword(*hash, ""));
    CHECK_FALSE(needsRehash(*hash));

    // The same password hashes differently every time (random salt).
    CHECK(hashPassword(kPassword).value() != *hash);

    CHECK_FALSE(verifyPassword("", kPassword));
    CHECK_FALSE(verifyPassword("not a hash", kPassword));
    CHECK(needsRehash("not a hash"));
    CHECK(needsRehash(""));
}

TEST_CASE("Passwords: generated passwords are long, unambiguous and acceptable", "[auth]") {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const std::string password = generatePassword();
        CHECK(password.size() == 20);
        CHECK(password.find_first_of("0O1lI") == std::string::npos);
        CHECK_FALSE(passwordProblem(password));
        seen.insert(password);
    }
    CHECK(seen.size() == 50);
}

TEST_CASE("Passwords: the policy explains what is wrong", "[auth]") {
    CHECK_FALSE(passwordProblem("0123456789"));
    CHECK_FALSE(passwordProblem("éééééééééé")); // ten characters, twenty bytes
    CHECK_THAT(passwordProblem("short").value_or(""), Contains("at least 10 characters"));
    CHECK_THAT(passwordProblem("ééééé").value_or(""), Contains("at least 10 characters"));
    CHECK_THAT(passwordProblem("").value_or(""), Contains("at least 10 characters"));
    CHECK_THAT(passwordProblem(std::string(12, ' ')).value_or(""), Contains("only spaces"));
    CHECK_THAT(passwordProblem(std::string(1025, 'x')).value_or(""), Contains("at most 1024 bytes"));
    CHECK_FALSE(passwordProblem(std::string(1024, 'x')));
}

// ---- tokens ----

TEST_CASE("Tokens: 43 base64url characters, stored as a 64-digit hex hash", "[auth]") {
    const std::string token = newSessionToken();
    CHECK(token.size() == 43);
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    CHECK(newSessionToken() != token);

    const std::string hash = hashToken(token);
    CHECK(hash.size() == 64);
    CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(hash != token);
    CHECK(hashToken(token) == hash);
    CHECK(hashToken(newSessionToken()) != hash);
}

// ---- throttle ----

TEST_CASE("Throttle: five free failures per user name, then a doubling delay", "[auth]") {
    LoginThrottle throttle(ThrottleOptions{5, milliseconds(1000), milliseconds(8000), 1000});
    std::int64_t now = kNow;
    for (int i = 0; i < 5; ++i) {
        // A different address each time: the user name alone triggers the block.
        const std::string address = "10.0.0." + std::to_string(i);
        CHECK_FALSE(throttle.blockedFor("alice", address, now));
        throttle.recordFailure("alice", address, now);
    }
    CHECK(throttle.blockedFor("alice", "10.9.9.9", now) == milliseconds(1000));
    CHECK(throttle.blockedFor("alice", "10.9.9.9", now + 400) == milliseconds(600));
    CHECK_FALSE(throttle.blockedFor("bob", "10.9.9.9", now)); // other names are not affected

    now += 1000;
    CHECK_FALSE(throttle.blockedFor("alice", "10.9.9.9", now));
    throttle.recordFailure("alice", "10.9.9.9", now);
    CHECK(throttle.blockedFor("alice", "10.9.9.9", now) == milliseconds(2000));
    now += 2000;
    throttle.recordFailure("alice", "10.9.9.9", now);
    CHECK(throttle.blockedFor("alice", "10.9.9.9", now) == milliseconds(4000));
    now += 4000;
    throttle.recordFailure("alice", "10.9.9.9", now);
    CHECK(throttle.blockedFor("alice", "10.9.9.9", now) == milliseconds(8000));
    now += 8000;
    throttle.recordFailure("alice", "10.9.9.9", now);
    CHECK(throttle.blockedFor("alice", "10.9.9.9", now) == milliseconds(8000)); // capped

    // A clock that steps back does not lengthen the wait.
    CHECK(throttle.blockedFor("alice", "10.9.9.9", now - 60000) == milliseconds(8000));

    throttle.recordSuccess("alice", "10.9.9.9");
    CHECK_FALSE(throttle.blockedFor("alice", "10.9.9.9", now));
    throttle.recordFailure("alice", "10.0.0.1", now);
    CHECK_FALSE(throttle.blockedFor("alice", "10.0.0.1", now)); // counting starts again
}

TEST_CASE("Throttle: five free failures per address, whatever the names", "[auth]") {
    LoginThrottle throttle;
    for (int i = 0; i < 5; ++i) {
        throttle.recordFailure("user" + std::to_string(i), "192.0.2.7", kNow);
    }
    CHECK(throttle.blockedFor("someone-else", "192.0.2.7", kNow) == milliseconds(1000));
    CHECK_FALSE(throttle.blockedFor("someone-else", "192.0.2.8", kNow));
    CHECK_FALSE(throttle.blockedFor("user0", "192.0.2.8", kNow)); // one failure each
}

TEST_CASE("Throttle: memory stays bounded, the oldest entries go first", "[auth]") {
    LoginThrottle throttle(ThrottleOptions{1, milliseconds(1000), milliseconds(60000), 10});
    throttle.recordFailure("first", "198.51.100.1", kNow);
    REQUIRE(throttle.blockedFor("first", "elsewhere", kNow));
    for (int i = 0; i < 100; ++i) {
        throttle.recordFailure("name" + std::to_string(i), "203.0.113." + std::to_string(i), kNow + i);
        CHECK(throttle.trackedCount() <= 10);
    }
    CHECK_FALSE(throttle.blockedFor("first", "elsewhere", kNow));
    CHECK(throttle.blockedFor("name99", "elsewhere", kNow + 99));
}

// ---- authenticator ----

TEST_CASE("Authenticator: a password sign-in gives a token that signs in again", "[auth]") {
    test::TempDir dir;
    auto store = storeWithUsers(dir);
    Authenticator auth(*store, AuthOptions{});

    const auto signedIn = auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow);
    REQUIRE(signedIn);
    CHECK(signedIn->user.name == "alice");
    CHECK(signedIn->user.role == Role::Agent);
    CHECK(signedIn->user.branches == std::vector<std::string>{"main"});
    CHECK(signedIn->user.passwordHash.empty());
    CHECK(signedIn->token.size() == 43);
    CHECK(signedIn->tokenHash == hashToken(signedIn->token));
    CHECK(signedIn->expiresAt == kNow + std::chrono::milliseconds(std::chrono::hours(24 * 30)).count());

    const auto session = store->findSession(signedIn->tokenHash);
    REQUIRE(session);
    REQUIRE(session->has_value());
    CHECK((*session)->user == "alice");
    CHECK((*session)->createdAt == kNow);
    CHECK((*session)->expiresAt == signedIn->expiresAt);

    const auto again = auth.signInWithToken(signedIn->token, kNow + 1000);
    REQUIRE(again);
    CHECK(again->user.name == "alice");
    CHECK(again->token.empty());
    CHECK(again->tokenHash == signedIn->tokenHash);
    CHECK(again->expiresAt == signedIn->expiresAt);
    CHECK(auth.sessionStillValid(signedIn->tokenHash, kNow + 1000));

    CHECK(errorOf(auth.signInWithToken("not-a-token", kNow)).code == ErrorCode::AuthFailed);
    CHECK(errorOf(auth.signInWithToken("", kNow)).code == ErrorCode::AuthFailed);
    CHECK_FALSE(auth.sessionStillValid(hashToken("not-a-token"), kNow));
}

TEST_CASE("Authenticator: unknown user, wrong password and disabled user look the same", "[auth]") {
    test::TempDir dir;
    auto store = storeWithUsers(dir);
    REQUIRE(admin::addUser(*store, "carol", Role::Supervisor, {"main"}, kPassword, "root"));
    REQUIRE(admin::disableUser(*store, "carol", "root"));
    Authenticator auth(*store, AuthOptions{});

    const Error wrongPassword =
        errorOf(auth.signInWithPassword("alice", "wrong password!", "192.0.2.1", kNow));
    const Error unknownUser = errorOf(auth.signInWithPassword("nobody", kPassword, "192.0.2.2", kNow));
    const Error disabledUser = errorOf(auth.signInWithPassword("carol", kPassword, "192.0.2.3", kNow));
    CHECK(wrongPassword.code == ErrorCode::AuthFailed);
    CHECK(wrongPassword.message == "unknown user or wrong password");
    CHECK(unknownUser == wrongPassword);
    CHECK(disabledUser == wrongPassword);

    const auto failures = auditRows(*store, "login.failed");
    REQUIRE(failures.size() == 3);
    std::set<std::string> details;
    for (const AuditEntry& entry : failures) {
        details.insert(entry.detail);
        CHECK(entry.at == kNow);
        CHECK_THAT(entry.detail, !Contains("wrong password!") && !Contains(std::string(kPassword)));
    }
    CHECK(details == std::set<std::string>{"wrong password", "unknown user", "user disabled"});
    CHECK(auditRows(*store, "login").empty());

    REQUIRE(auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow));
    const auto logins = auditRows(*store, "login");
    REQUIRE(logins.size() == 1);
    CHECK(logins[0].actor == "alice");
    CHECK(logins[0].target == "alice");
}

TEST_CASE("Authenticator: repeated failures are throttled, a success resets", "[auth]") {
    test::TempDir dir;
    auto store = storeWithUsers(dir);
    Authenticator auth(*store, AuthOptions{});

    for (int i = 0; i < 5; ++i) {
        CHECK(errorOf(auth.signInWithPassword("alice", "wrong password", "192.0.2.1", kNow)).code ==
              ErrorCode::AuthFailed);
    }
    // Blocked even with the right password, from another address too.
    const Error blocked = errorOf(auth.signInWithPassword("alice", kPassword, "192.0.2.99", kNow + 10));
    CHECK(blocked.code == ErrorCode::RateLimited);
    CHECK(blocked.message == "too many failed sign-ins; try again in 1 s");
    // Refused attempts are not audited as password failures: they never checked one.
    CHECK(auditRows(*store, "login.failed").size() == 5);

    // The delay passed: the right password works and clears the count.
    REQUIRE(auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow + 1000));
    CHECK(errorOf(auth.signInWithPassword("alice", "wrong password", "192.0.2.1", kNow + 1001)).code ==
          ErrorCode::AuthFailed);
    CHECK(auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow + 1002));
}

TEST_CASE("Authenticator: an expired session is refused", "[auth]") {
    test::TempDir dir;
    auto store = storeWithUsers(dir);
    Authenticator auth(*store, AuthOptions{std::chrono::minutes(10), ThrottleOptions{}});

    const auto signedIn = auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow);
    REQUIRE(signedIn);
    CHECK(signedIn->expiresAt == kNow + std::int64_t{10} * 60 * 1000);
    CHECK(auth.signInWithToken(signedIn->token, signedIn->expiresAt - 1));
    CHECK(auth.sessionStillValid(signedIn->tokenHash, signedIn->expiresAt - 1));

    const Error expired = errorOf(auth.signInWithToken(signedIn->token, signedIn->expiresAt));
    CHECK(expired.code == ErrorCode::AuthFailed);
    CHECK(expired.message == "session expired or revoked; sign in again");
    CHECK_FALSE(auth.sessionStillValid(signedIn->tokenHash, signedIn->expiresAt));
}

TEST_CASE("Authenticator: disabling a user or changing the password revokes sessions", "[auth]") {
    test::TempDir dir;
    auto store = storeWithUsers(dir);
    Authenticator auth(*store, AuthOptions{});

    SECTION("disable") {
        const auto first = auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow);
        const auto second = auth.signInWithPassword("alice", kPassword, "192.0.2.2", kNow);
        REQUIRE(first);
        REQUIRE(second);
        REQUIRE(admin::disableUser(*store, "alice", "root"));
        CHECK_FALSE(auth.sessionStillValid(first->tokenHash, kNow));
        CHECK_FALSE(auth.sessionStillValid(second->tokenHash, kNow));
        CHECK(errorOf(auth.signInWithToken(first->token, kNow)).code == ErrorCode::AuthFailed);
        CHECK(store->findUser("alice").value()->disabled);

        const auto rows = auditRows(*store, "user.disable");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].actor == "root");
        CHECK(rows[0].target == "alice");
        CHECK(rows[0].detail == "2 sessions revoked");

        REQUIRE(admin::enableUser(*store, "alice", "root"));
        CHECK(auditRows(*store, "user.enable").size() == 1);
        CHECK_FALSE(auth.sessionStillValid(first->tokenHash, kNow)); // revoked stays revoked
        CHECK(auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow));
    }
    SECTION("new password") {
        const auto before = auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow);
        REQUIRE(before);
        REQUIRE(admin::setPassword(*store, "alice", "a brand new passphrase", "alice"));
        CHECK_FALSE(auth.sessionStillValid(before->tokenHash, kNow));
        CHECK(errorOf(auth.signInWithToken(before->token, kNow)).code == ErrorCode::AuthFailed);
        CHECK(errorOf(auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow)).code ==
              ErrorCode::AuthFailed);
        CHECK(auth.signInWithPassword("alice", "a brand new passphrase", "192.0.2.1", kNow));
        CHECK(auditRows(*store, "user.passwd").size() == 1);

        CHECK_THAT(errorOf(admin::setPassword(*store, "alice", "short", "alice")).message,
                   Contains("at least 10 characters"));
        CHECK(errorOf(admin::setPassword(*store, "nobody", "long enough password", "root")).code ==
              ErrorCode::NotFound);
    }
    SECTION("a session of a user disabled behind the store's back") {
        const auto signedIn = auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow);
        REQUIRE(signedIn);
        User alice = store->findUser("alice").value().value();
        alice.disabled = true;
        REQUIRE(store->putUser(alice));
        CHECK_FALSE(auth.sessionStillValid(signedIn->tokenHash, kNow));
        CHECK(errorOf(auth.signInWithToken(signedIn->token, kNow)).code == ErrorCode::AuthFailed);
    }
}

TEST_CASE("Authenticator: the database holds neither the token nor the password", "[auth]") {
    test::TempDir dir;
    std::string token;
    {
        auto store = storeWithUsers(dir);
        Authenticator auth(*store, AuthOptions{});
        const auto signedIn = auth.signInWithPassword("alice", kPassword, "192.0.2.1", kNow);
        REQUIRE(signedIn);
        token = signedIn->token;
        REQUIRE(auth.signInWithToken(token, kNow));
        CHECK(databaseBytes(dir).find(token) == std::string::npos); // while open: database and WAL
    }
    const std::string bytes = databaseBytes(dir);
    REQUIRE_FALSE(bytes.empty());
    CHECK(bytes.find(token) == std::string::npos);
    CHECK(bytes.find(kPassword) == std::string::npos);
    CHECK(bytes.find("$argon2id$") != std::string::npos);
}

// ---- certificate ----

TEST_CASE("Certificate: a self-signed P-256 server certificate with the loopback names", "[auth]") {
    test::TempDir dir;
    const auto certFile = dir.file("cert.pem");
    const auto keyFile = dir.file("key.pem");
    REQUIRE(writeSelfSignedCertificate(certFile, keyFile, {"knowset.example.org"}, {"192.0.2.10"}, 30));

    CHECK(std::filesystem::exists(certFile));
    CHECK(permissionsOf(keyFile) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK_THAT(fileBytes(keyFile), StartsWith("-----BEGIN PRIVATE KEY-----"));
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                        std::filesystem::directory_iterator()) == 2); // no temporary files left behind

    const auto fingerprint = certificateFingerprint(certFile);
    REQUIRE(fingerprint);
    CHECK_THAT(*fingerprint, Catch::Matches("SHA256(:[0-9A-F]{2}){32}"));

    const auto cert = loadCertificate(certFile);
    CHECK(subjectAltNames(cert.get()) == std::set<std::string>{"DNS:localhost", "DNS:knowset.example.org",
                                                               "IP:127.0.0.1", "IP:192.0.2.10", "IP:::1"});
    CHECK(X509_get_version(cert.get()) == X509_VERSION_3);
    CHECK(X509_check_ca(cert.get()) == 0);
    CHECK((X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER) != 0);
    CHECK(X509_get_signature_nid(cert.get()) == NID_ecdsa_with_SHA256);
    EVP_PKEY* publicKey = X509_get0_pubkey(cert.get());
    REQUIRE(publicKey != nullptr);
    CHECK(EVP_PKEY_is_a(publicKey, "EC"));
    CHECK(X509_verify(cert.get(), publicKey) == 1);
    CHECK(X509_cmp_current_time(X509_get0_notBefore(cert.get())) < 0);
    CHECK(X509_cmp_current_time(X509_get0_notAfter(cert.get())) > 0);

    // A second certificate replaces the first, with a new key, serial and fingerprint.
    REQUIRE(writeSelfSignedCertificate(certFile, keyFile, {}, {}, 30));
    CHECK(certificateFingerprint(certFile).value() != *fingerprint);
    CHECK(permissionsOf(keyFile) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(subjectAltNames(loadCertificate(certFile).get()) ==
          std::set<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:::1"});
}

TEST_CASE("Certificate: malformed names and missing files are clear errors", "[auth]") {
    test::TempDir dir;
    const auto certFile = dir.file("cert.pem");
    const auto keyFile = dir.file("key.pem");
    CHECK_THAT(errorOf(writeSelfSignedCertificate(certFile, keyFile, {}, {"300.1.1.1"}, 30)).message,
               Equals("not an IP address: 300.1.1.1"));
    CHECK_THAT(errorOf(writeSelfSignedCertificate(certFile, keyFile, {"bad name,DNS:evil"}, {}, 30)).message,
               Equals("not a DNS name: bad name,DNS:evil"));
    CHECK(errorOf(writeSelfSignedCertificate(certFile, keyFile, {}, {}, 0)).code == ErrorCode::InvalidChange);
    CHECK_FALSE(std::filesystem::exists(keyFile));
    CHECK(errorOf(certificateFingerprint(dir.file("missing.pem"))).code == ErrorCode::NotFound);
    std::ofstream(dir.file("junk.pem")) << "not a certificate\n";
    CHECK(errorOf(certificateFingerprint(dir.file("junk.pem"))).code == ErrorCode::Internal);
}

// ---- admin commands ----

TEST_CASE("Admin: init creates a working data directory once", "[auth]") {
    test::TempDir temp;
    const auto dir = temp.file("data");

    auto report = admin::initDataDirectory(dir, admin::InitOptions{});
    REQUIRE(report);
    const DataDirectory data{dir};
    CHECK(report->directory.root == dir);
    CHECK(report->adminName == "admin");
    CHECK(report->passwordGenerated);
    CHECK(report->adminPassword.size() == 20);
    CHECK(report->certificateFingerprint == certificateFingerprint(data.certificate()).value());
    CHECK(std::filesystem::exists(data.database()));
    CHECK(std::filesystem::exists(data.certificate()));
    CHECK(permissionsOf(data.privateKey()) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(permissionsOf(dir) == std::filesystem::perms::owner_all);
    CHECK(permissionsOf(data.tlsDirectory()) == std::filesystem::perms::owner_all);

    {
        auto store = SqliteServerStore::open(data.database());
        REQUIRE(store);
        CHECK((*store)->branches().value() == std::vector<std::string>{"main"});
        const auto users = admin::listUsers(**store);
        REQUIRE(users);
        REQUIRE(users->size() == 1);
        CHECK((*users)[0].name == "admin");
        CHECK((*users)[0].role == Role::Admin);
        CHECK((*users)[0].branches.empty());
        CHECK((*users)[0].passwordHash.empty());

        Authenticator auth(**store, AuthOptions{});
        CHECK(auth.signInWithPassword("admin", report->adminPassword, "127.0.0.1", kNow));
        CHECK(auditRows(**store, "init").size() == 1);
        CHECK(auditRows(**store, "user.add").size() == 1);
        CHECK(auditRows(**store, "branch.add").size() == 1);
    }

    const Error again = errorOf(admin::initDataDirectory(dir, admin::InitOptions{}));
    CHECK(again.message == dir.string() + " already holds a Knowset store; use a new directory");
    // The refused second init changed nothing: the first admin password still works.
    auto store = SqliteServerStore::open(data.database());
    REQUIRE(store);
    Authenticator auth(**store, AuthOptions{});
    CHECK(auth.signInWithPassword("admin", report->adminPassword, "127.0.0.1", kNow));
    CHECK(certificateFingerprint(data.certificate()).value() == report->certificateFingerprint);
}

TEST_CASE("Admin: init with a chosen admin, password and extra names", "[auth]") {
    test::TempDir temp;
    const auto dir = temp.file("nested") / "data";
    admin::InitOptions options;
    options.adminName = "boss";
    options.adminPassword = "chosen by the operator";
    options.extraDnsNames = {"kb.example.org"};
    options.extraIpAddresses = {"192.0.2.20"};

    const auto report = admin::initDataDirectory(dir, options);
    REQUIRE(report);
    CHECK_FALSE(report->passwordGenerated);
    CHECK(report->adminPassword == "chosen by the operator");
    const auto cert = loadCertificate(DataDirectory{dir}.certificate());
    const auto names = subjectAltNames(cert.get());
    CHECK(names.count("DNS:kb.example.org") == 1);
    CHECK(names.count("IP:192.0.2.20") == 1);
    CHECK(names.count("IP:127.0.0.1") == 1);

    auto store = SqliteServerStore::open(DataDirectory{dir}.database());
    REQUIRE(store);
    Authenticator auth(**store, AuthOptions{});
    CHECK(auth.signInWithPassword("boss", "chosen by the operator", "127.0.0.1", kNow));

    SECTION("bad options create nothing") {
        const auto other = temp.file("other");
        options.adminPassword = "short";
        CHECK_THAT(errorOf(admin::initDataDirectory(other, options)).message,
                   Contains("at least 10 characters"));
        options.adminPassword.reset();
        options.adminName = "Bad Name";
        CHECK_THAT(errorOf(admin::initDataDirectory(other, options)).message,
                   StartsWith("invalid user name"));
        CHECK_FALSE(std::filesystem::exists(other));
    }
}

TEST_CASE("Admin: addUser explains every refusal", "[auth]") {
    test::TempDir dir;
    auto store = storeWithUsers(dir);

    const Error badName =
        errorOf(admin::addUser(*store, "Bob Smith", Role::Agent, {"main"}, kPassword, "root"));
    CHECK(badName.code == ErrorCode::InvalidChange);
    CHECK(badName.message ==
          "invalid user name \"Bob Smith\": use 1 to 64 characters from a-z, 0-9, '.', '_' "
          "and '-'");
    CHECK_THAT(errorOf(admin::addUser(*store, "", Role::Agent, {"main"}, kPassword, "root")).message,
               StartsWith("invalid user name"));
    CHECK_THAT(errorOf(admin::addUser(*store, std::string(65, 'a'), Role::Agent, {"main"}, kPassword, "root"))
                   .message,
               StartsWith("invalid user name"));
    CHECK_THAT(errorOf(admin::addUser(*store, "system", Role::Agent, {"main"}, kPassword, "root")).message,
               Contains("reserved"));

    const Error unknownBranch =
        errorOf(admin::addUser(*store, "bob", Role::Agent, {"main", "north"}, kPassword, "root"));
    CHECK(unknownBranch.code == ErrorCode::NotFound);
    CHECK(unknownBranch.message ==
          "unknown branch \"north\"; add it first with: knowset-server branch add north");
    CHECK_THAT(errorOf(admin::addUser(*store, "bob", Role::Agent, {"North East"}, kPassword, "root")).message,
               Contains("knowset-server branch add \"North East\""));

    CHECK_THAT(errorOf(admin::addUser(*store, "bob", Role::Agent, {}, kPassword, "root")).message,
               Equals("a user with role agent needs at least one branch (only admins see every branch)"));
    CHECK_THAT(errorOf(admin::addUser(*store, "bob", Role::Supervisor, {}, kPassword, "root")).message,
               Contains("at least one branch"));

    CHECK_THAT(errorOf(admin::addUser(*store, "bob", Role::Agent, {"main"}, "short", "root")).message,
               Equals("password is too short: use at least 10 characters"));

    const Error duplicate =
        errorOf(admin::addUser(*store, "alice", Role::Agent, {"main"}, kPassword, "root"));
    CHECK(duplicate.code == ErrorCode::InvalidChange);
    CHECK(duplicate.message == "user alice already exists");

    // None of the refusals wrote anything.
    CHECK(store->findUser("bob").value() == std::nullopt);
    CHECK(auditRows(*store, "user.add").size() == 2);

    REQUIRE(admin::addBranch(*store, "North East", "root"));
    REQUIRE(
        admin::addUser(*store, "bob", Role::Supervisor, {"North East", "main", "main"}, kPassword, "root"));
    const User bob = store->findUser("bob").value().value();
    CHECK(bob.role == Role::Supervisor);
    CHECK(bob.branches == std::vector<std::string>{"North East", "main"});
    CHECK_THAT(bob.passwordHash, StartsWith("$argon2id$"));
    CHECK_FALSE(bob.disabled);

    const auto added = auditRows(*store, "user.add");
    REQUIRE(added.size() == 3);
    CHECK(added[0].actor == "root"); // newest first
    CHECK(added[0].target == "bob");
    CHECK(added[0].detail == "role supervisor, branches North East,main");
}

TEST_CASE("Admin: branches and user lists", "[auth]") {
    test::TempDir dir;
    auto store = storeWithUsers(dir);

    CHECK_THAT(errorOf(admin::addBranch(*store, "main", "root")).message,
               Equals("branch \"main\" already exists"));
    CHECK_THAT(errorOf(admin::addBranch(*store, "", "root")).message, StartsWith("invalid branch name"));
    CHECK_THAT(errorOf(admin::addBranch(*store, " padded", "root")).message,
               Contains("start or end with a space"));
    CHECK_THAT(errorOf(admin::addBranch(*store, "north/east", "root")).message,
               StartsWith("invalid branch name"));
    CHECK_THAT(errorOf(admin::addBranch(*store, std::string(65, 'b'), "root")).message,
               StartsWith("invalid branch name"));
    REQUIRE(admin::addBranch(*store, "South-West_2.0", "root"));
    CHECK(store->branches().value() == std::vector<std::string>{"South-West_2.0", "main"});
    CHECK(auditRows(*store, "branch.add").size() == 2);

    const auto users = admin::listUsers(*store);
    REQUIRE(users);
    REQUIRE(users->size() == 2);
    CHECK((*users)[0].name == "alice");
    CHECK((*users)[1].name == "root");
    CHECK(std::all_of(users->begin(), users->end(),
                      [](const User& user) { return user.passwordHash.empty(); }));

    CHECK(errorOf(admin::disableUser(*store, "nobody", "root")).code == ErrorCode::NotFound);
    CHECK(errorOf(admin::enableUser(*store, "nobody", "root")).code == ErrorCode::NotFound);
}
