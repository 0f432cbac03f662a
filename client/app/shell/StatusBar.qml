import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// Online / offline / syncing, pending changes, last sync, initial-sync progress and the last
// error, on every screen. Clicking it shows the details and "Retry now".
Pane {
    id: bar
    objectName: "statusBar"
    padding: Theme.spacing / 2
    leftPadding: Theme.margin
    rightPadding: Theme.margin
    // Several children (the row, the click area, the popup): Pane cannot infer its size.
    contentHeight: row.implicitHeight
    background: Rectangle {
        color: Theme.window
        Rectangle { width: parent.width; height: 1; color: Theme.divider }
    }

    readonly property string stateText: {
        switch (App.syncState) {
        case "live": return qsTr("Online")
        case "syncing": return qsTr("Syncing")
        case "connecting": return qsTr("Connecting")
        case "error": return qsTr("Sync stopped")
        default: return qsTr("Offline")
        }
    }

    function sinceText(when) {
        if (!when || isNaN(when.getTime()))
            return qsTr("never synced")
        const seconds = Math.max(0, Math.round((Date.now() - when.getTime()) / 1000))
        if (seconds < 60) return qsTr("synced just now")
        if (seconds < 3600) return qsTr("synced %1 min ago").arg(Math.round(seconds / 60))
        return qsTr("synced %1").arg(when.toLocaleString(Qt.locale(), Locale.ShortFormat))
    }

    // Re-evaluates "n min ago" while nothing else changes.
    property int clockTick: 0
    Timer { interval: 30000; running: true; repeat: true; onTriggered: bar.clockTick++ }

    RowLayout {
        id: row
        anchors.fill: parent
        spacing: Theme.margin

        Rectangle {
            width: 10; height: 10; radius: 5
            color: Theme.statusColor(App.syncState)
        }
        Label {
            objectName: "syncStateLabel"
            text: bar.stateText
            font.bold: true
        }
        Label {
            objectName: "pendingLabel"
            text: qsTr("%n change(s) waiting", "", App.pendingChanges)
            visible: App.pendingChanges > 0
        }
        Label {
            objectName: "pendingResolutionsLabel"
            text: qsTr("%n conflict resolution(s) waiting", "", App.pendingResolutions)
            visible: App.pendingResolutions > 0
        }
        Label {
            objectName: "lastSyncLabel"
            color: Theme.mutedText
            text: { bar.clockTick; return bar.sinceText(App.lastSyncAt) }
        }
        ProgressBar {
            objectName: "initialSyncProgress"
            visible: App.initialSyncActive
            Layout.preferredWidth: 200
            from: 0
            to: Math.max(1, App.initialSyncTotal)
            value: App.initialSyncReceived
            indeterminate: App.initialSyncTotal <= 0
        }
        Label {
            visible: App.initialSyncActive
            text: App.initialSyncTotal > 0
                  ? qsTr("%1 of about %2 records").arg(App.initialSyncReceived).arg(App.initialSyncTotal)
                  : qsTr("%1 records").arg(App.initialSyncReceived)
        }
        Label {
            objectName: "lastErrorLabel"
            Layout.fillWidth: true
            elide: Text.ElideRight
            color: Theme.bad
            text: App.lastError
        }
        Item { Layout.fillWidth: App.lastError.length === 0 }
    }

    MouseArea {
        anchors.fill: parent
        cursorShape: Qt.PointingHandCursor
        onClicked: details.open()
    }

    SyncDetailsPopup {
        id: details
        stateText: bar.stateText
        sinceText: bar.sinceText(App.lastSyncAt)
    }
}
