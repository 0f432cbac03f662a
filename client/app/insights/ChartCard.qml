import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// A titled card of the Insights screen: a heading, optional controls on its right (`tools`),
// a line of explanation and the content (a chart or a list), or a note when there is nothing
// to show.
Rectangle {
    id: card
    property string title
    property string subtitle
    // Shown over the content when set (e.g. "No rising topics this month").
    property string emptyText
    property bool loading: false
    property alias tools: toolRow.data
    default property alias content: body.data

    color: Theme.base
    border.color: Theme.divider
    radius: Theme.radius
    implicitHeight: 340

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing / 2

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                text: card.title
                font.bold: true
                font.pixelSize: 15
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            BusyIndicator {
                running: card.loading
                visible: running
                Layout.preferredWidth: 20
                Layout.preferredHeight: 20
            }
            RowLayout {
                id: toolRow
                spacing: Theme.spacing / 2
            }
        }
        Label {
            text: card.subtitle
            visible: text.length > 0
            color: Theme.mutedText
            font.pixelSize: 12
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Item {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true

            Label {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                visible: card.emptyText.length > 0 && !card.loading
                text: card.emptyText
                color: Theme.mutedText
                z: 1
            }
        }
    }
}
