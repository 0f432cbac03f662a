import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// One interaction of a customer's timeline: when, how, what was said and done, escalation and
// follow-up, the articles used; "Draft article from this" and "Log interaction".
Rectangle {
    id: entry

    required property var model
    required property int index
    property bool current: false

    signal draftRequested(string interactionId)
    signal logRequested()
    signal articleRequested(string articleId)

    implicitHeight: content.implicitHeight + 2 * Theme.spacing
    radius: Theme.radius
    color: Theme.base
    border.color: current ? Theme.highlight : Theme.divider
    border.width: current ? 2 : 1

    function words(key) {
        return key ? String(key).replace(/_/g, " ") : ""
    }

    function outcomeColor(outcome) {
        switch (outcome) {
        case "resolved": return Theme.good
        case "escalated": return Theme.bad
        case "follow_up": return Theme.warning
        default: return Theme.mutedText
        }
    }

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: 3

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                text: String(entry.model.occurredAt).replace("T", " ").slice(0, 16)
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                elide: Text.ElideRight
                color: Theme.mutedText
                text: [entry.words(entry.model.channel), entry.words(entry.model.kind), entry.model.categoryName,
                       entry.model.agent ? qsTr("by %1").arg(entry.model.agent) : ""].filter(s => s).join(" · ")
            }
            Label {
                visible: entry.model.outcome !== ""
                text: entry.words(entry.model.outcome)
                font.bold: true
                color: entry.outcomeColor(entry.model.outcome)
            }
        }

        Label {
            Layout.fillWidth: true
            visible: text !== ""
            text: entry.model.summary
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: entry.model.customerWords !== ""
            text: "“" + entry.model.customerWords + "”"
            font.italic: true
            color: Theme.mutedText
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            visible: entry.model.outcome === "escalated"
            color: Theme.bad
            wrapMode: Text.Wrap
            text: qsTr("Escalated to %1").arg(entry.model.escalatedTo || "?")
                  + [entry.words(entry.model.escalationReason), entry.words(entry.model.escalationMode),
                     entry.model.escalationStatus ? qsTr("status %1").arg(entry.words(entry.model.escalationStatus)) : "",
                     entry.model.escalationDue ? qsTr("due %1").arg(entry.model.escalationDue) : ""]
                    .filter(s => s).map(s => " · " + s).join("")
        }
        Label {
            Layout.fillWidth: true
            visible: entry.model.followUpDue !== ""
            color: entry.model.followUpOverdue ? Theme.bad : entry.model.followUpDoneAt !== "" ? Theme.good : Theme.warning
            text: entry.model.followUpDoneAt !== ""
                  ? qsTr("Follow-up due %1, done %2").arg(entry.model.followUpDue).arg(String(entry.model.followUpDoneAt).slice(0, 10))
                  : entry.model.followUpOverdue ? qsTr("Follow-up due %1: overdue").arg(entry.model.followUpDue)
                  : qsTr("Follow-up due %1").arg(entry.model.followUpDue)
        }
        Label {
            Layout.fillWidth: true
            visible: entry.model.identityMethod !== "" || entry.model.identityResult !== ""
            font.pixelSize: 12
            color: entry.model.identityResult === "passed" ? Theme.mutedText : Theme.warning
            text: qsTr("Identity check: %1 (%2)").arg(entry.model.identityMethod || "?").arg(entry.words(entry.model.identityResult) || "?")
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacing / 2
            visible: entry.model.articles.length > 0
            Label {
                text: qsTr("Articles used:")
                color: Theme.mutedText
                font.pixelSize: 12
                topPadding: 4
            }
            Repeater {
                model: entry.model.articles
                delegate: Button {
                    required property var modelData
                    flat: true
                    padding: 2
                    font.pixelSize: 12
                    text: (modelData.title || qsTr("(article gone)")) + " · " + modelData.how
                          + (modelData.understood === true ? " ✓" : modelData.understood === false ? " ✗" : "")
                    enabled: modelData.title !== ""
                    onClicked: entry.articleRequested(modelData.id)
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: qsTr("Open the article")
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Item { Layout.fillWidth: true }
            Button {
                objectName: "draftFromInteractionButton"
                flat: true
                text: qsTr("Draft article from this")
                onClicked: entry.draftRequested(entry.model.id)
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: qsTr("A draft answer quoting the customer's words (Ctrl+D on the selected entry)")
            }
            Button {
                flat: true
                text: qsTr("Log interaction")
                onClicked: entry.logRequested()
            }
        }
    }
}
