// Sign-in through the desktop app's controller against a real TLS server on loopback: the
// certificate prompt, trusting the certificate, a wrong password, and a later start straight
// from the stored token.
#include "knowset/core/certificate_fingerprint.hpp"
#include "knowset/sync/profile.hpp"

#include <QTemporaryDir>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "gui_fixture.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::app;
using namespace knowset::app::testing;

namespace {

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("Desktop app sign-in: an unknown certificate is shown with its fingerprint before it is trusted",
          "[gui][signin]") {
    test::ServerFixture server(test::ServerFixture::testLimits(), {}, false);
    QTemporaryDir directory;
    const std::filesystem::path profileDirectory =
        std::filesystem::path(directory.path().toStdString()) / "sam";
    const QString url = QString::fromStdString(server.url());
    REQUIRE(url.startsWith(QStringLiteral("wss://")));

    {
        AppController app(profileDirectory);
        app.start();
        CHECK_FALSE(app.signedIn());

        app.signIn(url, QStringLiteral("sam"), QString::fromStdString(test::kPassword));
        REQUIRE(waitUntil([&] { return !app.signingIn() && !app.certificatePrompt().isEmpty(); }));
        const QVariantMap prompt = app.certificatePrompt();
        const auto expected = sha256Fingerprint(readText(server.dataDirectory() / "tls" / "cert.pem"));
        REQUIRE(expected);
        CHECK(prompt.value(QStringLiteral("fingerprint")).toString().toStdString() == *expected);
        CHECK(prompt.value(QStringLiteral("url")).toString() == url);
        CHECK_FALSE(app.signedIn());
        CHECK(app.signInError().isEmpty());

        // A wrong password after trusting: refused with a message, nothing stored.
        app.signIn(url, QStringLiteral("sam"), QStringLiteral("not the password"), true);
        REQUIRE(waitUntil([&] { return !app.signingIn() && !app.signInError().isEmpty(); }));
        CHECK_FALSE(app.signedIn());

        // The prompt again, then trust and the right password.
        app.signIn(url, QStringLiteral("sam"), QString::fromStdString(test::kPassword));
        REQUIRE(waitUntil([&] { return !app.signingIn() && !app.certificatePrompt().isEmpty(); }));
        app.signIn(url, QStringLiteral("sam"), QString::fromStdString(test::kPassword), true);
        REQUIRE(waitUntil([&] { return app.signedIn() && app.ready(); }));
        CHECK(app.certificatePrompt().isEmpty());
        CHECK(app.role() == QStringLiteral("supervisor"));
        REQUIRE(waitUntil([&] { return app.syncState() == QStringLiteral("live"); }));
    }

    const auto stored = sync::loadProfile(profileDirectory);
    REQUIRE(stored);
    CHECK(stored->signedIn());
    CHECK(std::filesystem::exists(stored->trustedCertificate));

    // A later start opens straight into the app from the stored token; with the server down too.
    server.stop();
    AppController later(profileDirectory);
    later.start();
    CHECK(later.signedIn());
    REQUIRE(waitUntil([&] { return later.ready(); }));
    REQUIRE(waitUntil([&] { return later.syncState() == QStringLiteral("offline"); }));
}
