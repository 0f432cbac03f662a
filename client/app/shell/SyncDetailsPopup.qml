import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// What the status bar summarises, in full, with "Retry now".
Popup {
    id: popup
    objectName: "syncDetailsPopup"
    required property string stateText
    required property string sinceText

    parent: Overlay.overlay
    x: Theme.margin
    y: parent ? parent.height - height - 48 : 0
    width: 460
    padding: Theme.margin
    modal: false
    focus: true

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label { text: popup.stateText; font.bold: true; font.pixelSize: 16 }
        GridLayout {
            columns: 2
            columnSpacing: Theme.margin
            Label { text: qsTr("Server"); color: Theme.mutedText }
            Label { text: App.serverUrl; elide: Text.ElideMiddle; Layout.fillWidth: true }
            Label { text: qsTr("Signed in as"); color: Theme.mutedText }
            Label { text: App.user + " (" + App.role + ")" }
            Label { text: qsTr("Last sync"); color: Theme.mutedText }
            Label { text: popup.sinceText }
            Label { text: qsTr("Waiting to send"); color: Theme.mutedText }
            Label { objectName: "detailsPending"; text: qsTr("%n change(s)", "", App.pendingChanges) }
            Label { text: qsTr("Resolutions"); color: Theme.mutedText; visible: App.pendingResolutions + App.refusedResolutions > 0 }
            Label {
                objectName: "detailsResolutions"
                visible: App.pendingResolutions + App.refusedResolutions > 0
                text: qsTr("%n conflict resolution(s) to send", "", App.pendingResolutions)
                      + (App.refusedResolutions > 0
                         ? qsTr(", %n refused by the server (see Conflicts)", "", App.refusedResolutions) : "")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label { text: qsTr("Set aside"); color: Theme.mutedText; visible: App.parkedChanges > 0 }
            Label {
                visible: App.parkedChanges > 0
                text: qsTr("%n change(s) the server refused (see knowset-cli status)", "", App.parkedChanges)
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label { text: qsTr("Next attempt"); color: Theme.mutedText; visible: App.syncState === "offline" && App.retryInSeconds > 0 }
            Label {
                visible: App.syncState === "offline" && App.retryInSeconds > 0
                text: qsTr("in %n second(s) (attempt %1)", "", App.retryInSeconds).arg(App.failedAttempts + 1)
            }
        }
        Label {
            Layout.fillWidth: true
            visible: App.syncReason.length > 0
            wrapMode: Text.WordWrap
            text: App.syncReason
        }
        Label {
            Layout.fillWidth: true
            visible: App.lastError.length > 0 && App.lastError !== App.syncReason
            wrapMode: Text.WordWrap
            color: Theme.bad
            text: App.lastError
        }
        RowLayout {
            Layout.fillWidth: true
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Dismiss error")
                visible: App.lastError.length > 0
                onClicked: App.clearLastError()
            }
            Button {
                objectName: "retryNowButton"
                text: qsTr("Retry now")
                highlighted: true
                onClicked: App.retryNow()
            }
        }
    }
}
