// Offline first, through the desktop app's controller and a real server on loopback: the app
// starts with the server down and works; when the server comes up, what was written syncs with
// no user action, and a change made elsewhere appears in an open view without a restart.
#include "knowset/sync/profile.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <QTemporaryDir>
#include <catch2/catch.hpp>

#include "client/app/core/query_list_model.hpp"
#include "gui_fixture.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::app;
using namespace knowset::app::testing;
using namespace std::chrono_literals;

namespace {

// Every live article's title, as an open knowledge view would list them.
class ArticleTitlesModel : public QueryListModel {
public:
    bool has(const QString& title) const {
        for (int row = 0; row < count(); ++row) {
            if (get(row).value(QStringLiteral("title")).toString() == title) {
                return true;
            }
        }
        return false;
    }

protected:
    QStringList roleKeys() const override { return {QStringLiteral("id"), QStringLiteral("title")}; }
    Query makeQuery() const override {
        return [](LocalStore& store) -> Result<Json> {
            auto records = store.list("article");
            if (!records) {
                return Unexpected<Error>(records.error());
            }
            Json rows = Json::array();
            for (const Record& record : *records) {
                rows.push_back({{"id", record.id}, {"title", record.fields.value("title", std::string())}});
            }
            return rows;
        };
    }
};

Json article(const std::string& title) {
    return {{"kind", "answer"}, {"title", title}, {"status", "draft"}};
}

} // namespace

TEST_CASE(
    "Desktop app offline first: work with the server down, sync when it is back, see remote changes live",
    "[gui][offline]") {
    test::ServerFixture server;
    QTemporaryDir directory;
    const std::filesystem::path profileDirectory =
        std::filesystem::path(directory.path().toStdString()) / "sam";

    // Signed in once, earlier (the token is in the profile); then the server goes down.
    sync::Profile profile;
    profile.directory = profileDirectory;
    profile.url = server.url();
    profile.user = "sam";
    profile.roles = {"supervisor"};
    profile.branches = {"north"};
    std::filesystem::create_directories(profileDirectory);
    {
        auto replica = LocalStore::open(StoreOptions{profile.replicaPath()});
        REQUIRE(replica);
        auto login = sync::login({server.url(), {}}, "sam", test::kPassword, (*replica)->nodeId(), 5s);
        REQUIRE(login);
        profile.token = login->token;
    }
    REQUIRE(sync::saveProfile(profile));
    server.stop();

    AppController app(profileDirectory);
    app.start();
    REQUIRE(waitUntil([&] { return app.ready(); }));
    ArticleTitlesModel titles;

    bool saved = false;
    app.write(
        &titles, [](LocalStore& store) { return store.create("article", article("Written while offline")); },
        [&](Result<LocalWrite> result) { saved = result.hasValue(); });
    REQUIRE(waitUntil([&] { return saved && titles.has(QStringLiteral("Written while offline")); }));
    REQUIRE(
        waitUntil([&] { return app.pendingChanges() == 1 && app.syncState() == QStringLiteral("offline"); }));

    // The server comes back: nobody touches the app.
    server.restart();
    REQUIRE(waitUntil([&] { return app.syncState() == QStringLiteral("live") && app.pendingChanges() == 0; },
                      45000));
    CHECK(app.lastSyncAt().isValid());

    // Someone else writes through the server; the open view shows it.
    QTemporaryDir remoteDirectory;
    sync::SyncOptions remote;
    remote.replicaPath = std::filesystem::path(remoteDirectory.path().toStdString()) / "alice.sqlite";
    {
        auto replica = LocalStore::open(StoreOptions{remote.replicaPath});
        REQUIRE(replica);
        auto login = sync::login({server.url(), {}}, "alice", test::kPassword, (*replica)->nodeId(), 5s);
        REQUIRE(login);
        remote.token = login->token;
        REQUIRE((*replica)->create("article", article("Written by alice")));
    }
    remote.server.url = server.url();
    auto pushed = sync::syncOnce(remote);
    REQUIRE(pushed);
    CHECK(pushed->pushed == 1);
    // Live mode streams alice's change to the app; the view refreshes by itself.
    REQUIRE(waitUntil([&] { return titles.has(QStringLiteral("Written by alice")); }, 20000));
    CHECK(titles.has(QStringLiteral("Written while offline")));
}
