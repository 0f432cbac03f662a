// fetchServerCertificate: the sign-in screen's "trust this certificate?" prompt, against an
// in-process wss:// server with the self-signed certificate `knowset-server init` makes.
#include "knowset/core/ids.hpp"
#include "knowset/sync/server_certificate.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <optional>
#include <sstream>

#include "server/auth/certificate.hpp"
#include "server_fixture.hpp"
#include "test_support.hpp"

namespace knowset::test {

namespace {

using namespace std::chrono_literals;

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The fingerprint computed here with OpenSSL directly, not with the code under test.
std::string independentFingerprint(const std::string& pem) {
    const std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    REQUIRE(bio);
    const std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
    REQUIRE(cert);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    REQUIRE(X509_digest(cert.get(), EVP_sha256(), digest, &length) == 1);
    REQUIRE(length == 32);
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        char pair[4];
        std::snprintf(pair, sizeof pair, i == 0 ? "%02X" : ":%02X", digest[i]);
        text += pair;
    }
    return text;
}

} // namespace

TEST_CASE("fetchServerCertificate shows a self-signed server's certificate for the trust prompt",
          "[sync][tls]") {
    ServerFixture server(ServerFixture::testLimits(), {}, false);
    const auto certFile = server.dataDirectory() / "tls" / "cert.pem";
    const std::string expected = independentFingerprint(readText(certFile));

    auto fetched = sync::fetchServerCertificate(server.url(), 5s);
    REQUIRE(fetched);
    CHECK(fetched->sha256Fingerprint == expected);
    CHECK_THAT(fetched->sha256Fingerprint, Catch::Matches("[0-9A-F]{2}(:[0-9A-F]{2}){31}"));
    // The same digits knowset-server init prints, after its "SHA256:".
    CHECK(server::certificateFingerprint(certFile).value() == "SHA256:" + expected);
    CHECK_FALSE(fetched->trustedBySystem); // self-signed: not in the system store
    CHECK(fetched->pem.starts_with("-----BEGIN CERTIFICATE-----"));
    CHECK(independentFingerprint(fetched->pem) == expected);
    CHECK(fetched->subject == "CN=Knowset server");
    CHECK_THAT(fetched->notAfter, Catch::Matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));

    // By host name (SNI, DNS:localhost in the certificate) the certificate is the same.
    auto byName =
        sync::fetchServerCertificate("wss://localhost:" + std::to_string(server.port()) + "/sync", 5s);
    REQUIRE(byName);
    CHECK(byName->sha256Fingerprint == expected);
    CHECK_FALSE(byName->trustedBySystem);

    // Trusted by the "system" store when it holds the certificate (OpenSSL reads SSL_CERT_FILE
    // in place of the system's bundle): the chain and the host name (IP:127.0.0.1) verify.
    {
        const char* previous = std::getenv("SSL_CERT_FILE");
        const std::optional<std::string> saved =
            previous ? std::optional<std::string>(previous) : std::nullopt;
        ::setenv("SSL_CERT_FILE", certFile.c_str(), 1);
        auto system = sync::fetchServerCertificate(server.url(), 5s);
        if (saved) {
            ::setenv("SSL_CERT_FILE", saved->c_str(), 1);
        } else {
            ::unsetenv("SSL_CERT_FILE");
        }
        REQUIRE(system);
        CHECK(system->trustedBySystem);
        CHECK(system->sha256Fingerprint == expected);
    }

    // Once the user agrees, the written file is the certificate sign-in trusts.
    TempDir dir;
    const auto trusted = dir.file("server.pem");
    REQUIRE(sync::writeCertificateFile(*fetched, trusted));
    CHECK(readText(trusted) == fetched->pem);
    auto login = sync::login({server.url(), trusted}, "alice", kPassword, NodeId::random(), 5s);
    REQUIRE(login);
    CHECK(login->user == "alice");
}

TEST_CASE("fetchServerCertificate refuses ws URLs and reports an unreachable server", "[sync][tls]") {
    auto plain = sync::fetchServerCertificate("ws://127.0.0.1:8080/sync", 5s);
    REQUIRE_FALSE(plain);
    CHECK(plain.error().code == ErrorCode::InvalidChange);
    CHECK(plain.error().message.find("no certificate on a plain connection") != std::string::npos);

    const std::string closedPort = "wss://127.0.0.1:" + std::to_string(unusedLoopbackPort()) + "/sync";
    auto unreachable = sync::fetchServerCertificate(closedPort, 5s);
    REQUIRE_FALSE(unreachable);
    CHECK(unreachable.error().code == ErrorCode::Unavailable);
    CHECK(unreachable.error().message.find("cannot connect") != std::string::npos);

    auto notUrl = sync::fetchServerCertificate("https://example.org", 5s);
    REQUIRE_FALSE(notUrl);
    CHECK(notUrl.error().code == ErrorCode::InvalidChange);
}

} // namespace knowset::test
