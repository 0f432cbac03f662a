import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// One KPI: its value against the target and tolerance band, the status in colour and words,
// the sample the value rests on and how complete its data was.
Rectangle {
    id: tile
    required property string name
    required property string value_text
    required property string band_text
    required property string status
    required property var sample_size
    required property var completeness
    required property string period_from
    required property string period_to
    required property string action
    required property string owner
    // The period in words (the page formats it).
    property string periodText: period_from + " – " + period_to

    readonly property color statusColor: Theme.statusColor(status)
    readonly property string statusText: ({
        on_target: qsTr("On target"),
        within_tolerance: qsTr("Within tolerance"),
        off_target: qsTr("Off target"),
        no_data: qsTr("No data")
    })[status] || status

    implicitWidth: 232
    implicitHeight: 132
    color: Theme.base
    radius: Theme.radius
    border.color: activeFocus ? Theme.highlight : Theme.divider
    border.width: activeFocus ? 2 : 1
    activeFocusOnTab: true
    Accessible.role: Accessible.StaticText
    Accessible.name: name + ": " + value_text + ", " + statusText

    Rectangle {
        width: 4
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; margins: 1 }
        color: tile.statusColor
        radius: Theme.radius
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.margin + 2
        anchors.rightMargin: Theme.margin
        anchors.topMargin: Theme.spacing
        anchors.bottomMargin: Theme.spacing
        spacing: 2

        Label {
            text: tile.name
            font.bold: true
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        RowLayout {
            spacing: Theme.spacing
            Layout.fillWidth: true
            Label {
                text: tile.value_text
                font.pixelSize: 24
                font.bold: true
                color: tile.status === "no_data" ? Theme.mutedText : Theme.text
            }
            Label {
                text: "● " + tile.statusText
                color: tile.statusColor
                font.pixelSize: 12
                elide: Text.ElideRight
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignBaseline
            }
        }
        Label {
            text: tile.band_text
            color: Theme.mutedText
            font.pixelSize: 12
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("n = %1 · %2 complete · %3")
                .arg(tile.sample_size)
                .arg(tile.completeness === undefined || tile.completeness === null
                     ? "—" : Math.round(tile.completeness * 100) + "%")
                .arg(tile.periodText)
            color: Theme.mutedText
            font.pixelSize: 12
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }

    HoverHandler { id: hover }
    ToolTip.visible: (hover.hovered || activeFocus) && tile.action.length > 0
    ToolTip.delay: 500
    ToolTip.text: qsTr("%1\nOwner: %2").arg(tile.action).arg(tile.owner)
}
