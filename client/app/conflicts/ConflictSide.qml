import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// One side of a conflict: the value, who typed it, when it was typed and when the server got
// it, and the button that keeps it.
Rectangle {
    id: side
    property string heading
    property string explanation
    property string value
    property string author
    property string typedAt
    property string receivedAt
    property string version
    property bool busy: false
    property alias keepButton: keep
    signal keepRequested()

    function when(text) {
        return text ? Qt.formatDateTime(new Date(text), "d MMM yyyy, HH:mm") : qsTr("unknown")
    }

    color: Theme.base
    border.color: Theme.divider
    radius: Theme.radius

    implicitHeight: sideColumn.implicitHeight + 2 * Theme.margin

    ColumnLayout {
        id: sideColumn
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing / 2

        Label {
            text: side.heading
            font.bold: true
            font.pixelSize: 15
        }
        Label {
            text: side.explanation
            color: Theme.mutedText
            font.pixelSize: 12
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        ScrollView {
            id: valueScroll
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(Math.max(valueArea.implicitHeight, 60), 320)
            contentWidth: availableWidth
            TextArea {
                id: valueArea
                text: side.value.length > 0 ? side.value : qsTr("(empty)")
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.Wrap
                font.italic: side.value.length === 0
                background: Rectangle {
                    color: Theme.window
                    radius: Theme.radius
                }
                Accessible.name: side.heading
            }
        }
        GridLayout {
            columns: 2
            columnSpacing: Theme.spacing
            rowSpacing: 2
            Layout.fillWidth: true
            Label { text: qsTr("By"); color: Theme.mutedText }
            Label { text: side.author || qsTr("unknown"); font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
            Label { text: qsTr("Typed"); color: Theme.mutedText }
            Label { text: side.when(side.typedAt); Layout.fillWidth: true; elide: Text.ElideRight }
            Label { text: qsTr("Received"); color: Theme.mutedText }
            Label { text: side.when(side.receivedAt); Layout.fillWidth: true; elide: Text.ElideRight }
            Label { text: qsTr("Version"); color: Theme.mutedText; font.pixelSize: 11 }
            Label {
                text: side.version
                color: Theme.mutedText
                font.pixelSize: 11
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
        }
        Button {
            id: keep
            text: qsTr("Keep this")
            enabled: !side.busy
            Layout.alignment: Qt.AlignRight
            onClicked: side.keepRequested()
        }
    }
}
