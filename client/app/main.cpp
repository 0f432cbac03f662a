// knowset: the desktop app. Everything but the wiring of the static QML modules lives in the
// libraries (client/app/*), which the tests link too.
#include <QtQml/qqmlextensionplugin.h>

#include "client/app/shell/application.hpp"

Q_IMPORT_QML_PLUGIN(Knowset_CorePlugin)
Q_IMPORT_QML_PLUGIN(Knowset_KnowledgePlugin)
Q_IMPORT_QML_PLUGIN(Knowset_CustomersPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_InteractionsPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_InsightsPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_ConflictsPlugin)
Q_IMPORT_QML_PLUGIN(Knowset_ShellPlugin)

int main(int argc, char** argv) {
    return knowset::app::runApplication(argc, argv);
}
