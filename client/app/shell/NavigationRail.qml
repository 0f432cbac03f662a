import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// The screens on the left, with who is signed in and the quick-log button.
Pane {
    id: rail
    objectName: "navigationRail"
    required property var screens
    required property string currentScreen
    signal screenChosen(string key)
    signal logInteraction()

    padding: Theme.spacing

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing / 2

        Label {
            text: "Knowset"
            font.bold: true
            font.pixelSize: 20
            Layout.bottomMargin: Theme.spacing
        }

        Repeater {
            model: rail.screens
            delegate: ItemDelegate {
                required property var modelData
                objectName: "rail_" + modelData.key
                Layout.fillWidth: true
                visible: !modelData.supervisorOnly || App.supervisor
                text: modelData.title
                highlighted: rail.currentScreen === modelData.key
                onClicked: rail.screenChosen(modelData.key)
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: modelData.shortcut
                Shortcut {
                    sequences: [modelData.shortcut]
                    enabled: App.signedIn && (!modelData.supervisorOnly || App.supervisor)
                    onActivated: rail.screenChosen(modelData.key)
                }
            }
        }

        Button {
            objectName: "quickLogButton"
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
            text: qsTr("Log interaction")
            highlighted: true
            onClicked: rail.logInteraction()
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: "Ctrl+L"
        }

        Item { Layout.fillHeight: true }

        Label {
            Layout.fillWidth: true
            text: App.user
            font.bold: true
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: App.role + (App.branches.length > 0 ? " · " + App.branches.join(", ") : "")
            color: Theme.mutedText
            elide: Text.ElideRight
        }
        Button {
            objectName: "signOutButton"
            flat: true
            text: qsTr("Sign out")
            onClicked: App.signOut()
        }
    }
}
