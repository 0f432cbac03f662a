// The article view's history, through the desktop app's controller and a real server on
// loopback: fetched off the GUI thread while live, newest change first with authors and times;
// offline it is not available (and says so); an id the server does not know is a clear error.
#include "knowset/sync/profile.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <QTemporaryDir>
#include <catch2/catch.hpp>

#include <optional>

#include "client/app/knowledge/history_model.hpp"
#include "gui_fixture.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::app;
using namespace knowset::app::testing;
using namespace std::chrono_literals;

namespace {

// A profile of `user` signed in to `server` (the token is in the profile), with an empty replica.
std::filesystem::path signedInProfile(test::ServerFixture& server, const QTemporaryDir& directory,
                                      const std::string& user, const std::vector<std::string>& roles) {
    const auto profileDirectory = std::filesystem::path(directory.path().toStdString()) / user;
    sync::Profile profile;
    profile.directory = profileDirectory;
    profile.url = server.url();
    profile.user = user;
    profile.roles = roles;
    profile.branches = {"north"};
    std::filesystem::create_directories(profileDirectory);
    auto replica = LocalStore::open(StoreOptions{profile.replicaPath()});
    REQUIRE(replica);
    auto login = sync::login({server.url(), {}}, user, test::kPassword, (*replica)->nodeId(), 5s);
    REQUIRE(login);
    profile.token = login->token;
    REQUIRE(sync::saveProfile(profile));
    return profileDirectory;
}

// Writes through the app (its store worker, as a view does) and waits for the write.
void writeThrough(AppController& app, QObject& receiver, std::function<Result<LocalWrite>(LocalStore&)> write,
                  std::string* id = nullptr) {
    std::optional<Result<LocalWrite>> written;
    app.write(&receiver, std::move(write), [&](Result<LocalWrite> result) { written = std::move(result); });
    REQUIRE(waitUntil([&] { return written.has_value(); }));
    REQUIRE(*written);
    if (id != nullptr) {
        *id = (*written)->id;
    }
}

} // namespace

TEST_CASE("Article history: from the server while live, newest first, not available offline",
          "[gui][history]") {
    test::ServerFixture server;
    QTemporaryDir directory;
    AppController app(signedInProfile(server, directory, "sam", {"supervisor"}));
    app.start();
    REQUIRE(waitUntil([&] { return app.ready() && app.syncState() == QStringLiteral("live"); }, 20000));

    RecordHistoryModel history;
    std::string id;
    writeThrough(
        app, history,
        [](LocalStore& store) {
            return store.create("article",
                                Json{{"kind", "answer"}, {"title", "Opening hours"}, {"status", "draft"}});
        },
        &id);
    writeThrough(app, history, [&](LocalStore& store) {
        return store.write("article", id, Json{{"title", "Opening hours in winter"}});
    });
    writeThrough(app, history, [&](LocalStore& store) {
        return store.write("article", id, Json{{"body", "9 to 5 on weekdays."}});
    });
    REQUIRE(waitUntil([&] { return app.pendingChanges() == 0; }, 20000));

    CHECK(history.available());
    history.setRecordId(QString::fromStdString(id));
    CHECK(history.loading()); // asked off the GUI thread: the answer comes later
    REQUIRE(waitUntil([&] { return history.loaded() && !history.loading(); }));
    CHECK(history.error().isEmpty());
    REQUIRE(history.count() >= 4); // kind, title, status, then title and body again
    // Newest first: the body, then the second title.
    CHECK(history.get(0).value("field") == QStringLiteral("body"));
    CHECK(history.get(0).value("value") == QStringLiteral("9 to 5 on weekdays."));
    CHECK(history.get(0).value("author") == QStringLiteral("sam"));
    CHECK(history.get(0).value("received_at").toString().contains(QLatin1Char('T')));
    CHECK(history.get(0).value("typed_at").toString().contains(QLatin1Char('T')));
    CHECK(history.get(1).value("field") == QStringLiteral("title"));
    CHECK(history.get(1).value("value") == QStringLiteral("Opening hours in winter"));
    for (int row = 1; row < history.count(); ++row) {
        CHECK(history.get(row - 1).value("seq").toLongLong() >= history.get(row).value("seq").toLongLong());
    }
    const int count = history.count();

    SECTION("a new edit is in the history once the revision changes") {
        writeThrough(app, history, [&](LocalStore& store) {
            return store.write("article", id, Json{{"summary", "When we are open"}});
        });
        REQUIRE(waitUntil([&] { return app.pendingChanges() == 0; }, 20000));
        history.setRevision(QStringLiteral("after the summary"));
        REQUIRE(waitUntil([&] { return history.count() == count + 1 && !history.loading(); }));
        CHECK(history.get(0).value("field") == QStringLiteral("summary"));
    }
    SECTION("offline: not available and empty; back online it loads again by itself") {
        server.stop();
        REQUIRE(waitUntil([&] { return app.syncState() != QStringLiteral("live"); }, 20000));
        CHECK_FALSE(history.available());
        CHECK(history.count() == 0);
        CHECK_FALSE(history.loaded());
        CHECK_FALSE(history.loading());
        server.restart();
        app.retryNow();
        REQUIRE(waitUntil([&] { return app.syncState() == QStringLiteral("live"); }, 30000));
        REQUIRE(waitUntil([&] { return history.loaded() && history.count() == count; }));
    }
    SECTION("a record the server does not know: a clear error, no rows") {
        history.setRecordId(QStringLiteral("0190a000-0000-7000-8000-000000000000"));
        REQUIRE(waitUntil([&] { return !history.loading() && !history.error().isEmpty(); }));
        CHECK(history.error().contains(QStringLiteral("has not been synced")));
        CHECK(history.count() == 0);
        CHECK_FALSE(history.loaded());
    }
}
