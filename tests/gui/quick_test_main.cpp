// Qt Quick Test cases of the desktop app's screens (tests/gui/quick/tst_*.qml). Each test file
// runs against one signed-in, offline session on a replica with the small demo organisation
// (see gui_fixture.hpp); the app's QML modules are linked in statically.
#include <QApplication>
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

class QuickTestSetup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { m_fixture = std::make_unique<knowset::app::testing::GuiFixture>(); }
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
    void cleanupTestCase() { m_fixture.reset(); }

private:
    std::unique_ptr<knowset::app::testing::GuiFixture> m_fixture;
};

// QUICK_TEST_MAIN_WITH_SETUP would make a QGuiApplication: QtCharts' ChartView (the Insights
// screen) needs a QApplication, as in the app.
int main(int argc, char** argv) {
    QApplication application(argc, argv);
    QuickTestSetup setup;
    return quick_test_main_with_setup(argc, argv, "knowset_quick", nullptr, &setup);
}

#include "quick_test_main.moc"
