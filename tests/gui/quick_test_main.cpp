// Qt Quick Test cases of the desktop app's screens (tests/gui/quick/tst_*.qml). Each test file
// runs against one signed-in, offline session on a replica with the small demo organisation
// (see gui_fixture.hpp); the app's QML modules are linked in statically. `testData` puts into
// that replica what only a server would (conflicts, a refusal).
#include "knowset/merge/conflict.hpp"

#include <QApplication>
#include <QQmlContext>
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include "gui_fixture.hpp"

Q_IMPORT_QML_PLUGIN(Knowset_CorePlugin)
Q_IMPORT_QML_PLUGIN(Knowset_KnowledgePlugin)
Q_IMPORT_QML_PLUGIN(Knowset_CustomersPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_InteractionsPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_InsightsPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_ConflictsPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_ShellPlugin)

namespace {

using namespace knowset;

template <typename T> T take(Result<T> result) {
    if (!result) {
        throw std::runtime_error(result.error().message);
    }
    return std::move(*result);
}

// What the server would send or do, written straight into the fixture's replica through a
// connection of its own (the app notices, as it notices the sync engine's writes).
class QuickTestData : public QObject {
    Q_OBJECT
public:
    void setReplica(std::filesystem::path path) { m_path = std::move(path); }

    // A text conflict on the title of the index-th article (by id); returns its id.
    Q_INVOKABLE QString addTitleConflict(int index, const QString& winner, const QString& loser) {
        return guarded([&] {
            auto store = open();
            const auto articles = take(store->list("article"));
            const auto& article = articles.at(static_cast<std::size_t>(index) % articles.size());
            return QString::fromStdString(app::testing::writeFieldConflict(
                *store, article.id, "title", winner.toStdString(), loser.toStdString()));
        });
    }
    // The server refused this replica's choice for the conflict, as the sync engine records it.
    Q_INVOKABLE bool refuseResolution(const QString& conflictId, const QString& reason) {
        return !guarded([&] {
                    auto store = open();
                    for (const QueuedResolution& queued : take(store->queuedResolutions())) {
                        if (queued.conflictId == conflictId.toStdString()) {
                            take(store->refuseResolution(queued.seq, reason.toStdString()));
                            return QStringLiteral("refused");
                        }
                    }
                    return QString();
                }).isEmpty();
    }
    // Every open conflict resolved (as the server's changes would arrive) and the resolution
    // queue emptied: the next test file starts with an empty inbox.
    Q_INVOKABLE void settleConflicts() {
        guarded([&] {
            auto store = open();
            for (const Record& conflict : take(store->list(kConflictCollection))) {
                if (conflict.fields.value("status", std::string()) == "open") {
                    app::testing::markConflictResolved(*store, conflict.id,
                                                       conflict.fields["winner"]["value"]);
                }
            }
            for (const QueuedResolution& queued : take(store->queuedResolutions())) {
                take(store->removeResolution(queued.seq));
            }
            return QString();
        });
    }

private:
    std::unique_ptr<LocalStore> open() const { return take(LocalStore::open(StoreOptions{m_path})); }
    template <typename Function> QString guarded(Function function) {
        try {
            return function();
        } catch (const std::exception& error) {
            qWarning("testData: %s", error.what());
            return {};
        }
    }

    std::filesystem::path m_path;
};

} // namespace

class QuickTestSetup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() {
        m_fixture = std::make_unique<knowset::app::testing::GuiFixture>();
        m_data.setReplica(m_fixture->profileDirectory() / "replica.sqlite");
    }
    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->rootContext()->setContextProperty(QStringLiteral("testData"), &m_data);
    }
    void cleanupTestCase() { m_fixture.reset(); }

private:
    std::unique_ptr<knowset::app::testing::GuiFixture> m_fixture;
    QuickTestData m_data;
};

// QUICK_TEST_MAIN_WITH_SETUP would make a QGuiApplication: QtCharts' ChartView (the Insights
// screen) needs a QApplication, as in the app.
int main(int argc, char** argv) {
    QApplication application(argc, argv);
    QuickTestSetup setup;
    return quick_test_main_with_setup(argc, argv, "knowset_quick", nullptr, &setup);
}

#include "quick_test_main.moc"
