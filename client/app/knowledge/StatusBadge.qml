import QtQuick
import QtQuick.Controls
import Knowset.Core

// A small coloured label: an article's status, or any short tag ("Needs review").
Rectangle {
    id: badge

    // draft, in_review, published, archived; or set `label` and `tone` directly.
    property string status: ""
    property string label: {
        switch (status) {
        case "draft": return qsTr("Draft")
        case "in_review": return qsTr("In review")
        case "published": return qsTr("Published")
        case "archived": return qsTr("Archived")
        default: return status
        }
    }
    property color tone: {
        switch (status) {
        case "published": return Theme.good
        case "in_review": return Theme.warning
        case "draft": return Theme.info
        default: return Theme.mutedText
        }
    }

    implicitWidth: badgeText.implicitWidth + Theme.spacing * 1.5
    implicitHeight: badgeText.implicitHeight + 4
    radius: Theme.radius
    color: Qt.rgba(tone.r, tone.g, tone.b, 0.14)
    border.color: Qt.rgba(tone.r, tone.g, tone.b, 0.55)
    visible: label.length > 0

    Label {
        id: badgeText
        anchors.centerIn: parent
        text: badge.label
        color: badge.tone
        font.bold: true
    }
}
