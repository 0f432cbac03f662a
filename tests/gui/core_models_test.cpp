// The desktop app's core: JSON and QVariant conversions, the store worker and the query model
// base, on a real replica.
#include <catch2/catch.hpp>

#include "client/app/core/json_variant.hpp"
#include "client/app/core/query_list_model.hpp"
#include "gui_fixture.hpp"

using namespace knowset;
using namespace knowset::app;
using namespace knowset::app::testing;

namespace {

// The live customers of a branch, newest id first: enough to exercise the model base.
class BranchCustomersModel : public QueryListModel {
public:
    std::string branch = "north";

protected:
    QStringList roleKeys() const override { return {QStringLiteral("id"), QStringLiteral("name")}; }
    Query makeQuery() const override {
        if (branch.empty()) {
            return {};
        }
        return [branch = branch](LocalStore& store) -> Result<Json> {
            auto records = store.list("customer");
            if (!records) {
                return Unexpected<Error>(records.error());
            }
            Json rows = Json::array();
            for (const Record& record : *records) {
                if (record.fields.value("branch", std::string()) == branch) {
                    rows.push_back({{"id", record.id}, {"name", record.fields.value("name", std::string())}});
                }
            }
            return rows;
        };
    }
};

} // namespace

TEST_CASE("JSON and QVariant convert both ways without losing types", "[gui][core]") {
    const Json original = {{"name", "Ada"},      {"count", 3},         {"ratio", 0.5},        {"ok", true},
                           {"tags", {"a", "b"}}, {"nothing", nullptr}, {"nested", {{"x", 1}}}};
    const QVariant variant = toVariant(original);
    const QVariantMap map = variant.toMap();
    CHECK(map.value("name").toString() == QStringLiteral("Ada"));
    CHECK(map.value("count").typeId() == QMetaType::LongLong);
    CHECK(map.value("tags").toList().size() == 2);
    CHECK_FALSE(map.value("nothing").isValid());
    CHECK(toJson(variant) == original);
    // QML hands whole numbers over as doubles: they come back as integers.
    CHECK(toJson(QVariant(4.0)) == Json(4));
    CHECK(toJson(QVariant(4.25)) == Json(4.25));
}

TEST_CASE("A query model loads its rows off the GUI thread and follows local writes", "[gui][core]") {
    GuiFixture fixture;
    BranchCustomersModel model;
    REQUIRE(waitUntil([&] { return model.count() > 0 && !model.loading(); }));
    const int before = model.count();
    CHECK(model.roleNames().values().contains("name"));
    CHECK(model.get(0).contains(QStringLiteral("id")));
    CHECK(model.get(before).isEmpty());

    bool wrote = false;
    fixture.controller().write(
        &model,
        [](LocalStore& store) {
            return store.create("customer", {{"name", "Zed Quinn"}, {"branch", "north"}});
        },
        [&](Result<LocalWrite> result) { wrote = result.hasValue(); });
    REQUIRE(waitUntil([&] { return wrote && model.count() == before + 1; }));
    CHECK(fixture.controller().dataRevision() > 0);
}

TEST_CASE("A query model with no query shows no rows, and a failed query keeps the last rows",
          "[gui][core]") {
    GuiFixture fixture;
    BranchCustomersModel model;
    REQUIRE(waitUntil([&] { return model.count() > 0; }));
    model.branch.clear();
    model.refresh();
    REQUIRE(waitUntil([&] { return model.count() == 0; }));
    CHECK(model.error().isEmpty());
}

TEST_CASE("The controller reads the stored profile: role, branches and an offline sync state",
          "[gui][core]") {
    GuiFixture fixture(GuiFixtureOptions{"ana", {"agent"}, {"north"}});
    AppController& app = fixture.controller();
    CHECK(app.signedIn());
    CHECK(app.user() == QStringLiteral("ana"));
    CHECK(app.role() == QStringLiteral("agent"));
    CHECK_FALSE(app.supervisor());
    CHECK(app.branches() == QStringList{QStringLiteral("north")});
    // Nothing listens on the profile's port: the engine ends up offline and says why.
    REQUIRE(waitUntil(
        [&] { return app.syncState() == QStringLiteral("offline") && !app.syncReason().isEmpty(); }));
    // The demo records were written locally; the count comes from the journal, off the GUI thread.
    CHECK(waitUntil([&] { return app.pendingChanges() > 0; }));
}
