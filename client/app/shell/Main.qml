import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Knowledge
import Knowset.Customers
import Knowset.Interactions
import Knowset.Insights
import Knowset.Conflicts

// The window: sign-in until there is a session, then the navigation rail, the screens and the
// status bar. Ctrl+K searches the knowledge set and Ctrl+L logs an interaction, from anywhere.
ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1280
    height: 800
    minimumWidth: 960
    minimumHeight: 600
    visible: true
    title: App.signedIn ? qsTr("Knowset — %1").arg(App.user) : qsTr("Knowset")
    color: Theme.window
    // Qt Quick Controls 6.4 do not follow an application palette set at run time; the system
    // palette does, so every control inherits it from here (light or dark, as the system says).
    palette.window: Theme.palette.window
    palette.windowText: Theme.palette.windowText
    palette.base: Theme.palette.base
    palette.alternateBase: Theme.palette.alternateBase
    palette.text: Theme.palette.text
    palette.button: Theme.palette.button
    palette.buttonText: Theme.palette.buttonText
    palette.highlight: Theme.palette.highlight
    palette.highlightedText: Theme.palette.highlightedText
    palette.light: Theme.palette.light
    palette.midlight: Theme.palette.midlight
    palette.mid: Theme.palette.mid
    palette.dark: Theme.palette.dark
    palette.shadow: Theme.palette.shadow
    palette.toolTipBase: Theme.palette.base
    palette.toolTipText: Theme.palette.text
    palette.placeholderText: Theme.mutedText

    // The screens in rail order; `supervisorOnly` ones are hidden from agents.
    readonly property var screens: [
        { key: "knowledge", title: qsTr("Knowledge"), shortcut: "Ctrl+1", supervisorOnly: false },
        { key: "customers", title: qsTr("Customers"), shortcut: "Ctrl+2", supervisorOnly: false },
        { key: "insights", title: qsTr("Insights"), shortcut: "Ctrl+3", supervisorOnly: false },
        { key: "conflicts", title: qsTr("Conflicts"), shortcut: "Ctrl+4", supervisorOnly: true }
    ]
    property string currentScreen: "knowledge"

    function showScreen(key) {
        for (const screen of screens) {
            if (screen.key === key && (!screen.supervisorOnly || App.supervisor)) {
                currentScreen = key
                return true
            }
        }
        return false
    }

    function screenIndex(key) {
        return ["knowledge", "customers", "insights", "conflicts"].indexOf(key)
    }

    Shortcut {
        sequences: ["Ctrl+K"]
        enabled: App.signedIn
        onActivated: { window.showScreen("knowledge"); knowledgePage.focusSearch() }
    }
    Shortcut {
        sequences: ["Ctrl+L"]
        enabled: App.signedIn
        onActivated: quickLog.openFor("", "")
    }

    SignInPage {
        anchors.fill: parent
        visible: !App.signedIn
    }

    footer: StatusBar {
        visible: App.signedIn
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: App.signedIn

        NavigationRail {
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.railWidth
            screens: window.screens
            currentScreen: window.currentScreen
            onScreenChosen: key => window.showScreen(key)
            onLogInteraction: quickLog.openFor("", "")
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: window.screenIndex(window.currentScreen)

            KnowledgePage { id: knowledgePage }
            CustomersPage {
                id: customersPage
                onLogInteractionRequested: (customerId, customerName) => quickLog.openFor(customerId, customerName)
                onOpenArticleRequested: articleId => {
                    window.showScreen("knowledge")
                    knowledgePage.openArticle(articleId)
                }
            }
            InsightsPage { id: insightsPage }
            ConflictsPage { id: conflictsPage }
        }
    }

    QuickLogDialog {
        id: quickLog
        anchors.centerIn: Overlay.overlay
        onOpenArticleRequested: articleId => {
            window.showScreen("knowledge")
            knowledgePage.openArticle(articleId)
        }
    }
}
