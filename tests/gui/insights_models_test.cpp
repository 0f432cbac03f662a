// The Insights and Conflicts screens' models on the demo organisation (26 weeks of
// interactions up to 2026-11-20), offline.
#include "knowset/domain/calendar.hpp"
#include "knowset/merge/conflict.hpp"
#include "knowset/store/local_store.hpp"

#include <catch2/catch.hpp>

#include <set>

#include "client/app/conflicts/conflicts_model.hpp"
#include "client/app/insights/insights_models.hpp"
#include "gui_fixture.hpp"

using namespace knowset;
using namespace knowset::app;
using namespace knowset::app::testing;

namespace {

const QString kDemoDay = QString::fromLatin1(kDemoUntil);

// Counts a signal's emissions and keeps their last arguments (QSignalSpy without QtTest).
struct Spy {
    int count = 0;
    QString conflictId;
    QString message;
};

// Sets the demo's day (before the model's first query runs: it waits for a pause) and waits
// for the rows.
template <typename Model> void loadOn(Model& model, const QString& day = kDemoDay) {
    int refreshed = 0;
    const auto connection = QObject::connect(&model, &QueryListModel::refreshed, [&] { ++refreshed; });
    model.setReferenceDay(day);
    REQUIRE(waitUntil([&] { return refreshed > 0 && !model.loading(); }));
    QObject::disconnect(connection);
}

std::unique_ptr<LocalStore> openReplica(const GuiFixture& fixture) {
    auto store = LocalStore::open(StoreOptions{fixture.profileDirectory() / "replica.sqlite"});
    REQUIRE(store);
    return std::move(*store);
}

// Interactions whose occurred_at lies in [from, to).
std::int64_t interactionsBetween(LocalStore& store, domain::Day from, domain::Day to) {
    std::int64_t count = 0;
    const auto interactions = store.list("interaction").value();
    for (const Record& record : interactions) {
        const auto at = domain::parseTimestamp(record.fields.value("occurred_at", std::string()));
        if (at && domain::dayOf(*at) >= from && domain::dayOf(*at) < to) {
            ++count;
        }
    }
    return count;
}

qint64 sumOf(const QueryListModel& model, const char* role) {
    qint64 sum = 0;
    for (int row = 0; row < model.count(); ++row) {
        sum += model.get(row).value(QString::fromLatin1(role)).toLongLong();
    }
    return sum;
}

// A field conflict on the first article's title, written as the server writes one.
std::string writeConflict(LocalStore& store) {
    const auto articles = store.list("article").value();
    REQUIRE_FALSE(articles.empty());
    return writeFieldConflict(store, articles.front().id, "title", "Resetting your router (updated)",
                              "How to reset the router");
}

} // namespace

TEST_CASE("Trends: the weeks' counts add up to the interactions of the 12 weeks", "[gui][insights]") {
    GuiFixture fixture;
    TrendsModel trends;
    loadOn(trends);
    CHECK(trends.periodFrom() == QStringLiteral("2026-08-31"));
    CHECK(trends.periodTo() == kDemoDay);
    CHECK(trends.weeks().size() == 12);
    CHECK(trends.weeks().front() == QStringLiteral("2026-08-31"));

    auto store = openReplica(fixture);
    const auto from = *domain::parseDay("2026-08-31");
    const auto to = *domain::parseDay("2026-11-21");
    const std::int64_t expected = interactionsBetween(*store, from, to);
    REQUIRE(expected > 0);
    CHECK(sumOf(trends, "count") == expected);
    CHECK(trends.total() == expected);

    // The chart: the 6 busiest categories and "Other", each with a value per week.
    const QVariantList series = trends.series();
    REQUIRE(series.size() == 7);
    qint64 charted = 0;
    for (const QVariant& item : series) {
        const QVariantMap map = item.toMap();
        CHECK(map.value("values").toList().size() == 12);
        charted += map.value("total").toLongLong();
    }
    CHECK(charted == expected);
    CHECK(series.back().toMap().value("label").toString() == QStringLiteral("Other"));
    CHECK(trends.busiestWeek() > 0);

    SECTION("by channel, the same interactions") {
        int changed = 0;
        QObject::connect(&trends, &TrendsModel::chartChanged, [&] { ++changed; });
        trends.setDimension(QStringLiteral("channel"));
        REQUIRE(waitUntil([&] { return changed > 0 && !trends.loading(); }));
        CHECK(sumOf(trends, "count") == expected);
    }
    SECTION("a reference day that is not a date is refused, naming it") {
        trends.setReferenceDay(QStringLiteral("20 November"));
        REQUIRE(waitUntil([&] { return !trends.error().isEmpty(); }));
        CHECK(trends.error().contains(QStringLiteral("referenceDay")));
    }
}

TEST_CASE("Rising topics: the demo's two rising topics this month", "[gui][insights]") {
    GuiFixture fixture;
    RisingTopicsModel rising;
    loadOn(rising);
    REQUIRE(rising.count() > 0);
    std::set<std::string> labels;
    for (int row = 0; row < rising.count(); ++row) {
        const QVariantMap topic = rising.get(row);
        labels.insert(topic.value("label").toString().toStdString());
        CHECK(topic.value("current").toLongLong() > topic.value("previous").toLongLong());
    }
    CHECK(labels.count("Price changes") == 1);
    CHECK(labels.count("Area outages") == 1);
    CHECK(rising.periodFrom() == QStringLiteral("2026-11-01"));
    CHECK(rising.previousFrom() == QStringLiteral("2026-10-01"));
    CHECK(rising.maxCount() > 0);
}

TEST_CASE("KPI tiles: every KPI with a status, its sample and its band", "[gui][insights]") {
    GuiFixture fixture;
    KpiTilesModel kpis;
    kpis.setScopeLevel(QString());
    loadOn(kpis);
    REQUIRE(kpis.count() == 26);
    const std::set<QString> statuses{"on_target", "within_tolerance", "off_target", "no_data"};
    for (int row = 0; row < kpis.count(); ++row) {
        const QVariantMap tile = kpis.get(row);
        CAPTURE(tile.value("name").toString().toStdString());
        CHECK(statuses.count(tile.value("status").toString()) == 1);
        CHECK(tile.value("sample_size").isValid());
        CHECK(tile.value("band_text").toString().startsWith(QStringLiteral("Target")));
        CHECK_FALSE(tile.value("value_text").toString().isEmpty());
    }

    kpis.setScopeLevel(QStringLiteral("organisation"));
    REQUIRE(waitUntil([&] { return kpis.count() == 6 && !kpis.loading(); }));
    const QVariantMap csat = [&] {
        for (int row = 0; row < kpis.count(); ++row) {
            if (kpis.get(row).value("metric") == QStringLiteral("csat")) {
                return kpis.get(row);
            }
        }
        return QVariantMap();
    }();
    CHECK(csat.value("target_text") == QStringLiteral("85.0%"));
    CHECK(csat.value("band_text") == QStringLiteral("Target ≥ 85.0%, tolerated ≥ 80.0%"));
    CHECK(csat.value("period_from") == QStringLiteral("2026-11-01"));
    CHECK(csat.value("sample_size").toLongLong() > 0);
}

TEST_CASE("Satisfaction: CSAT and NPS per week of the 12 weeks", "[gui][insights]") {
    GuiFixture fixture;
    SatisfactionModel satisfaction;
    loadOn(satisfaction);
    REQUIRE(satisfaction.count() > 0);
    CHECK(satisfaction.count() <= 12);
    QString previous;
    for (int row = 0; row < satisfaction.count(); ++row) {
        const QVariantMap week = satisfaction.get(row);
        CHECK(week.value("week").toString() > previous);
        previous = week.value("week").toString();
        if (week.value("csat_responses").toLongLong() > 0) {
            const double percent = week.value("csat_percent").toDouble();
            CHECK(percent >= 0);
            CHECK(percent <= 100);
        } else {
            CHECK_FALSE(week.value("csat_percent").isValid());
        }
    }
}

TEST_CASE("Repeated comments, FAQ candidates and overdue follow-ups load for the demo", "[gui][insights]") {
    GuiFixture fixture;
    RepeatedCommentsModel repeated;
    FaqCandidatesModel faq;
    OverdueFollowUpsModel overdue;
    loadOn(repeated);
    loadOn(faq);
    loadOn(overdue);
    CHECK(repeated.error().isEmpty());
    CHECK(faq.error().isEmpty());
    CHECK(overdue.error().isEmpty());
    CHECK(repeated.count() > 0);
    for (int row = 0; row < repeated.count(); ++row) {
        CHECK(repeated.get(row).value("size").toLongLong() >= 3);
    }
    CHECK(faq.count() > 0);
    for (int row = 0; row < overdue.count(); ++row) {
        const QVariantMap item = overdue.get(row);
        CHECK_FALSE(item.value("customer_name").toString().isEmpty());
        CHECK(item.value("due").toString() < kDemoDay);
        CHECK(item.value("days_overdue").toLongLong() > 0);
    }
}

TEST_CASE("Conflicts: an open conflict is listed with both sides, and a choice is saved offline",
          "[gui][insights][conflicts]") {
    GuiFixture fixture;
    ConflictsModel conflicts;
    REQUIRE(waitUntil([&] { return !conflicts.loading(); }));
    CHECK(conflicts.count() == 0); // the demo has no conflicts

    auto store = openReplica(fixture);
    const std::string id = writeConflict(*store);
    REQUIRE(waitUntil([&] { return conflicts.count() == 1; }));
    const QVariantMap row = conflicts.get(0);
    CHECK(row.value("id").toString().toStdString() == id);
    CHECK(row.value("collection") == QStringLiteral("article"));
    CHECK(row.value("field") == QStringLiteral("title"));
    CHECK(row.value("kind") == QStringLiteral("field"));
    CHECK(row.value("status") == QStringLiteral("open"));
    CHECK(row.value("text_value").toBool());
    CHECK(row.value("winner_value") == QStringLiteral("Resetting your router (updated)"));
    CHECK(row.value("loser_value") == QStringLiteral("How to reset the router"));
    CHECK(row.value("winner_author") == QStringLiteral("alice"));
    CHECK(row.value("loser_author") == QStringLiteral("bob"));
    CHECK(row.value("winner_typed_at").toString().startsWith(QStringLiteral("2026-11-18T")));
    CHECK(row.value("loser_received_at").toString().startsWith(QStringLiteral("2026-11-18T")));
    CHECK(row.value("winner_json") == QStringLiteral("\"Resetting your router (updated)\""));
    CHECK(row.value("resolution") == QString());
    // The record's title, not its id.
    CHECK(row.value("record_title").toString() != row.value("record_id").toString());
    CHECK(conflicts.indexOf(QString::fromStdString(id)) == 0);

    ConflictActions actions;
    Spy failed;
    Spy queued;
    QObject::connect(&actions, &ConflictActions::failed,
                     [&](const QString& conflict, const QString& message) {
                         ++failed.count;
                         failed.conflictId = conflict;
                         failed.message = message;
                     });
    QObject::connect(&actions, &ConflictActions::queued, [&](const QString& conflict) {
        ++queued.count;
        queued.conflictId = conflict;
    });

    SECTION("offline, a choice is saved in the replica and shown as waiting") {
        REQUIRE(waitUntil([&] {
            const QString state = fixture.controller().syncState();
            return state == QStringLiteral("offline") || state == QStringLiteral("error");
        }));
        actions.keep(QString::fromStdString(id), QStringLiteral("loser"));
        CHECK(actions.busy());
        REQUIRE(waitUntil([&] { return queued.count == 1; }));
        CHECK_FALSE(actions.busy());
        CHECK(failed.count == 0);
        CHECK(queued.conflictId.toStdString() == id);
        auto saved = store->queuedResolutions();
        REQUIRE(saved);
        REQUIRE(saved->size() == 1);
        CHECK(saved->front().conflictId == id);
        CHECK(saved->front().value == "How to reset the router");
        CHECK(saved->front().waiting());
        REQUIRE(waitUntil([&] { return conflicts.get(0).value("resolution") == QStringLiteral("waiting"); }));
        CHECK(conflicts.count() == 1); // still listed until the server has resolved it
        CHECK(conflicts.get(0).value("resolution_value") == QStringLiteral("How to reset the router"));
        CHECK(conflicts.get(0).value("resolution_at").toString().contains(QLatin1Char('T')));
        REQUIRE(waitUntil([&] { return fixture.controller().pendingResolutions() == 1; }));

        // Choosing again replaces the choice; a merged text value is taken as typed.
        actions.merge(QString::fromStdString(id), QStringLiteral("Resetting the router, step by step"));
        REQUIRE(waitUntil([&] { return queued.count == 2; }));
        saved = store->queuedResolutions();
        REQUIRE(saved->size() == 1);
        CHECK(saved->front().value == "Resetting the router, step by step");

        // The engine marks a refusal; the row says why.
        REQUIRE(
            store->refuseResolution(saved->front().seq, "only supervisors and admins may resolve conflicts"));
        REQUIRE(waitUntil([&] { return conflicts.get(0).value("resolution") == QStringLiteral("refused"); }));
        CHECK(conflicts.get(0).value("resolution_refusal") ==
              QStringLiteral("only supervisors and admins may resolve conflicts"));
        REQUIRE(waitUntil([&] {
            return fixture.controller().pendingResolutions() == 0 &&
                   fixture.controller().refusedResolutions() == 1;
        }));

        // Once the server's resolution arrives, the conflict leaves the list.
        markConflictResolved(*store, id, "Resetting the router, step by step");
        REQUIRE(waitUntil([&] { return conflicts.count() == 0 && !conflicts.loading(); }));
    }
    SECTION("a resolved conflict cannot be chosen for again") {
        markConflictResolved(*store, id, "How to reset the router");
        actions.keep(QString::fromStdString(id), QStringLiteral("winner"));
        REQUIRE(waitUntil([&] { return failed.count == 1; }));
        CHECK(failed.message.contains(QStringLiteral("already resolved")));
        CHECK(fixture.controller().lastError() == failed.message);
        CHECK(store->queuedResolutions()->empty());
    }
    SECTION("a merged value that is not JSON is refused for a non-text conflict") {
        const auto articles = store->list("article").value();
        const std::string tagsConflict = writeFieldConflict(*store, articles.back().id, "tags",
                                                            Json::array({"router"}), Json::array({"modem"}));
        actions.merge(QString::fromStdString(tagsConflict), QStringLiteral("[router, modem"));
        REQUIRE(waitUntil([&] { return failed.count == 1; }));
        CHECK(failed.message.contains(QStringLiteral("not valid JSON")));
        actions.merge(QString::fromStdString(tagsConflict), QStringLiteral("[\"router\", \"modem\"]"));
        REQUIRE(waitUntil([&] { return queued.count == 1; }));
        CHECK(store->queuedResolutions()->front().value == Json::array({"router", "modem"}));
    }
    SECTION("a side that is neither winner nor loser is refused, naming it") {
        actions.keep(QString::fromStdString(id), QStringLiteral("both"));
        REQUIRE(failed.count == 1);
        CHECK(failed.message.contains(QStringLiteral("side")));
    }
    SECTION("resolved conflicts are left out unless asked for") {
        markConflictResolved(*store, id, "How to reset the router");
        REQUIRE(waitUntil([&] { return conflicts.count() == 0 && !conflicts.loading(); }));
        conflicts.setShowResolved(true);
        REQUIRE(waitUntil([&] { return conflicts.count() == 1; }));
        CHECK(conflicts.get(0).value("status") == QStringLiteral("resolved"));
    }
}

TEST_CASE("Conflicts: agents may not resolve", "[gui][insights][conflicts]") {
    GuiFixtureOptions options;
    options.user = "alice";
    options.roles = {"agent"};
    options.branches = {"north"};
    GuiFixture fixture(options);
    ConflictActions actions;
    Spy failed;
    QObject::connect(&actions, &ConflictActions::failed, [&](const QString&, const QString& message) {
        ++failed.count;
        failed.message = message;
    });
    actions.keep(QStringLiteral("some-conflict"), QStringLiteral("winner"));
    REQUIRE(failed.count == 1);
    CHECK(failed.message == QStringLiteral("Only supervisors and admins may resolve conflicts."));
    CHECK_FALSE(actions.busy());
}
