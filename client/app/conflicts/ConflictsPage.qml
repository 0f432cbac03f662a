import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Conflicts

// Conflicts inbox (supervisors and admins): every open conflict with both values side by
// side, who typed each and when; keep one, or type a merged value. The choice is saved here at
// once, online or not, and the sync engine takes it to the server; the conflict stays listed as
// waiting until the server's resolution arrives, then leaves the list (here and on every
// replica). A choice the server refuses is shown with its reason until the person chooses again.
Item {
    id: page
    objectName: "conflictsPage"

    property var screenshotChecks: ["conflictList"]
    // The conflict shown on the right (kept across refreshes of the list).
    property string selectedId: ""
    property int revision: 0 // bumped when the rows are in
    readonly property var selected: {
        page.revision // re-evaluated when the rows change
        const row = conflicts.indexOf(selectedId)
        return row >= 0 ? conflicts.get(row) : null
    }
    readonly property bool selectedOpen: selected !== null && selected.status === "open"
    property string lastError: ""

    function prepareScreenshot() {
        if (conflicts.count > 0 && selectedId === "")
            select(0)
    }
    function select(row) {
        const item = conflicts.get(row)
        selectedId = item.id !== undefined ? item.id : ""
        conflictList.currentIndex = row
        lastError = ""
    }
    function kindText(kind) {
        return kind === "edit_delete" ? qsTr("edited while deleted") : qsTr("edited by two people")
    }
    // The short state of a row in the list ("" when there is nothing to say).
    function badgeText(row, syncState) {
        if (row.status !== "open")
            return row.resolution === "refused" ? qsTr("resolved by someone else") : qsTr("resolved")
        if (row.resolution === "waiting")
            return syncState === "live" ? qsTr("sending…") : qsTr("waiting to sync")
        if (row.resolution === "refused")
            return qsTr("refused")
        return ""
    }
    // What happened to this replica's choice for the conflict, in a sentence ("" no choice).
    function choiceText(row, syncState) {
        if (!row || row.resolution === "")
            return ""
        const value = row.resolution_value.length > 0 ? row.resolution_value.replace(/\s+/g, " ") : qsTr("(empty)")
        if (row.resolution === "refused")
            return row.status === "open"
                   ? qsTr("The server refused your choice “%1”: %2. Choose again.").arg(value).arg(row.resolution_refusal)
                   : qsTr("Your choice “%1” was not used: %2.").arg(value).arg(row.resolution_refusal)
        if (syncState === "live")
            return qsTr("Your choice “%1” is on its way to the server; the conflict closes here and everywhere once the server has recorded it.").arg(value)
        return qsTr("Your choice “%1” is saved and waiting to sync: it goes to the server as soon as Knowset is online, and the conflict closes everywhere once the server has recorded it. You can still change it.").arg(value)
    }

    ConflictsModel {
        id: conflicts
        onRefreshed: {
            page.revision++
            const row = conflicts.indexOf(page.selectedId)
            if (row >= 0)
                conflictList.currentIndex = row
            else if (conflicts.count > 0)
                page.select(Math.min(Math.max(conflictList.currentIndex, 0), conflicts.count - 1))
            else
                page.selectedId = ""
        }
    }
    ConflictActions {
        id: actions
        objectName: "conflictActions"
        onFailed: (conflictId, message) => {
            if (conflictId === page.selectedId)
                page.lastError = message
        }
        onQueued: conflictId => conflicts.refresh()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        // Anchored rather than a RowLayout: a RowLayout whose items change while the page is
        // hidden (the check box appears once the role is known) is not laid out again when the
        // page is shown, and the check box lands on the title.
        Item {
            Layout.fillWidth: true
            implicitHeight: Math.max(heading.implicitHeight, showResolved.implicitHeight)
            Label {
                id: heading
                anchors.left: parent.left
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Conflicts")
                font.pixelSize: 22
                font.bold: true
            }
            Label {
                anchors.left: heading.right
                anchors.leftMargin: Theme.spacing
                anchors.right: showResolved.left
                anchors.baseline: heading.baseline
                elide: Text.ElideRight
                text: !App.supervisor || conflicts.count === 0 ? ""
                      : conflicts.count === 1 ? qsTr("1 concurrent edit to decide")
                      : qsTr("%1 concurrent edits to decide").arg(conflicts.count)
                color: Theme.mutedText
            }
            CheckBox {
                id: showResolved
                objectName: "showResolved"
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                visible: App.supervisor
                text: qsTr("Show resolved")
                checked: conflicts.showResolved
                onToggled: conflicts.showResolved = checked
            }
        }

        // Agents: who resolves conflicts, instead of the inbox.
        Rectangle {
            objectName: "agentNote"
            visible: !App.supervisor
            Layout.fillWidth: true
            implicitHeight: agentNote.implicitHeight + 2 * Theme.margin
            color: Theme.base
            border.color: Theme.divider
            radius: Theme.radius
            Label {
                id: agentNote
                anchors.fill: parent
                anchors.margins: Theme.margin
                wrapMode: Text.WordWrap
                text: qsTr("Conflicts are decided by supervisors and admins. When two people change the same "
                           + "field without seeing each other's change, the server keeps one value and flags the "
                           + "other; a supervisor then chooses. Your edits are never lost in the meantime.")
            }
        }
        Item {
            visible: !App.supervisor
            Layout.fillHeight: true
        }

        SplitView {
            visible: App.supervisor
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Horizontal

            // ---- the list
            Rectangle {
                SplitView.preferredWidth: Math.max(320, page.width * 0.32)
                SplitView.minimumWidth: 260
                color: Theme.base
                border.color: Theme.divider
                radius: Theme.radius

                ListView {
                    id: conflictList
                    objectName: "conflictList"
                    anchors.fill: parent
                    anchors.margins: 1
                    model: conflicts
                    clip: true
                    focus: true
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    currentIndex: -1
                    ScrollBar.vertical: ScrollBar {}
                    onCurrentIndexChanged: {
                        if (currentIndex >= 0 && conflicts.get(currentIndex).id !== page.selectedId)
                            page.select(currentIndex)
                    }
                    Keys.onReturnPressed: winnerSide.keepButton.forceActiveFocus()
                    Keys.onEnterPressed: winnerSide.keepButton.forceActiveFocus()
                    Accessible.name: qsTr("Open conflicts")

                    delegate: ItemDelegate {
                        id: entry
                        required property int index
                        required property var model
                        required property string collection
                        required property string record_title
                        required property string field
                        required property string kind
                        required property string status
                        required property string winner_value
                        required property string loser_value
                        required property string winner_author
                        required property string loser_author
                        required property string resolution
                        readonly property string badge: page.badgeText({ status: entry.status,
                                                                          resolution: entry.resolution },
                                                                        App.syncState)
                        width: ListView.view.width
                        highlighted: ListView.isCurrentItem
                        onClicked: {
                            page.select(index)
                            conflictList.forceActiveFocus()
                        }
                        contentItem: ColumnLayout {
                            spacing: 1
                            RowLayout {
                                Layout.fillWidth: true
                                Label {
                                    text: entry.record_title
                                    font.bold: true
                                    elide: Text.ElideRight
                                    color: entry.highlighted ? Theme.highlightedText : Theme.text
                                    Layout.fillWidth: true
                                }
                                Label {
                                    objectName: "conflictBadge"
                                    visible: entry.badge.length > 0
                                    text: entry.badge
                                    color: entry.highlighted ? Theme.highlightedText
                                           : entry.resolution === "refused" && entry.status === "open" ? Theme.bad
                                           : Theme.info
                                    font.pixelSize: 11
                                }
                            }
                            Label {
                                text: qsTr("%1 · %2 · %3").arg(entry.collection).arg(entry.field)
                                    .arg(page.kindText(entry.kind))
                                color: entry.highlighted ? Theme.highlightedText : Theme.mutedText
                                font.pixelSize: 12
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Label {
                                text: qsTr("%1: “%2”  ·  %3: “%4”")
                                    .arg(entry.winner_author).arg(entry.winner_value.replace(/\s+/g, " "))
                                    .arg(entry.loser_author).arg(entry.loser_value.replace(/\s+/g, " "))
                                color: entry.highlighted ? Theme.highlightedText : Theme.mutedText
                                font.pixelSize: 12
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                        }
                    }
                }

                Label {
                    objectName: "conflictsEmpty"
                    anchors.centerIn: parent
                    width: parent.width - 4 * Theme.margin
                    visible: conflicts.count === 0 && !conflicts.loading
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    color: Theme.mutedText
                    text: conflicts.error.length > 0
                          ? conflicts.error
                          : qsTr("No conflicts: every concurrent edit has been resolved")
                }
            }

            // ---- the chosen conflict, side by side
            Item {
                id: conflictDetail
                objectName: "conflictDetail"
                SplitView.fillWidth: true
                SplitView.minimumWidth: 420

                Label {
                    anchors.centerIn: parent
                    width: parent.width - 6 * Theme.margin
                    visible: page.selected === null
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    color: Theme.mutedText
                    text: conflicts.count === 0
                          ? qsTr("When two people change the same field without seeing each other's change, the "
                                 + "server keeps the later value and flags the other. Such conflicts appear here "
                                 + "for you to decide.")
                          : qsTr("Choose a conflict on the left.")
                }

                ColumnLayout {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.margin
                    visible: page.selected !== null
                    spacing: Theme.spacing

                    Label {
                        text: page.selected ? page.selected.record_title : ""
                        font.pixelSize: 18
                        font.bold: true
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        text: page.selected
                              ? qsTr("Field “%1” of %2 %3, %4.").arg(page.selected.field)
                                    .arg(page.selected.collection).arg(page.selected.record_id)
                                    .arg(page.kindText(page.selected.kind))
                              : ""
                        color: Theme.mutedText
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: page.selected !== null && page.selected.kind === "edit_delete"
                        text: qsTr("The record was deleted while this field was being edited: it stays deleted; "
                                   + "the edited value is kept so that you can restore the record with it.")
                        wrapMode: Text.WordWrap
                        color: Theme.warning
                        Layout.fillWidth: true
                    }

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.margin
                        ConflictSide {
                            id: winnerSide
                            objectName: "winnerSide"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Math.max(winnerSide.implicitHeight, loserSide.implicitHeight)
                            Layout.alignment: Qt.AlignTop
                            Layout.preferredWidth: 1
                            heading: qsTr("Value now")
                            explanation: qsTr("The later change, which the server kept.")
                            value: page.selected ? page.selected.winner_value : ""
                            author: page.selected ? page.selected.winner_author : ""
                            typedAt: page.selected ? page.selected.winner_typed_at : ""
                            receivedAt: page.selected ? page.selected.winner_received_at : ""
                            version: page.selected ? page.selected.winner_version : ""
                            busy: actions.busy || !page.selectedOpen
                            onKeepRequested: {
                                page.lastError = ""
                                actions.keep(page.selected.id, "winner")
                            }
                        }
                        ConflictSide {
                            id: loserSide
                            objectName: "loserSide"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Math.max(winnerSide.implicitHeight, loserSide.implicitHeight)
                            Layout.alignment: Qt.AlignTop
                            Layout.preferredWidth: 1
                            heading: qsTr("Value overwritten")
                            explanation: qsTr("The concurrent change that lost.")
                            value: page.selected ? page.selected.loser_value : ""
                            author: page.selected ? page.selected.loser_author : ""
                            typedAt: page.selected ? page.selected.loser_typed_at : ""
                            receivedAt: page.selected ? page.selected.loser_received_at : ""
                            version: page.selected ? page.selected.loser_version : ""
                            busy: winnerSide.busy
                            onKeepRequested: {
                                page.lastError = ""
                                actions.keep(page.selected.id, "loser")
                            }
                        }
                    }

                    // This replica's choice: waiting to sync, on its way, or refused.
                    Rectangle {
                        objectName: "choiceNote"
                        visible: choiceLabel.text.length > 0
                        Layout.fillWidth: true
                        implicitHeight: choiceLabel.implicitHeight + 2 * Theme.spacing
                        radius: Theme.radius
                        readonly property color tone: page.selected && page.selected.resolution === "refused"
                                                      ? Theme.bad : Theme.info
                        color: Qt.rgba(tone.r, tone.g, tone.b, 0.12)
                        border.color: tone
                        Label {
                            id: choiceLabel
                            objectName: "choiceText"
                            anchors.fill: parent
                            anchors.margins: Theme.spacing
                            wrapMode: Text.WordWrap
                            text: page.choiceText(page.selected, App.syncState)
                        }
                    }

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        Label {
                            objectName: "conflictStatus"
                            text: page.lastError
                            color: Theme.bad
                            wrapMode: Text.WordWrap
                            Layout.fillWidth: true
                        }
                        Button {
                            objectName: "mergeButton"
                            text: qsTr("Merge…")
                            enabled: !winnerSide.busy
                            onClicked: mergeDialog.openFor(page.selected)
                        }
                    }
                    Item { Layout.fillHeight: true }
                }
            }
        }
    }

    Dialog {
        id: mergeDialog
        objectName: "mergeDialog"
        property string conflictId: ""
        property bool textValue: true
        title: qsTr("Merge the two values")
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(page.width - 4 * Theme.margin, 640)
        footer: DialogButtonBox {
            Button {
                objectName: "mergeResolve"
                text: qsTr("Resolve with this value")
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }

        function openFor(conflict) {
            if (!conflict)
                return
            conflictId = conflict.id
            textValue = conflict.text_value
            mergedText.text = textValue ? conflict.winner_value : conflict.winner_json
            open()
            mergedText.forceActiveFocus()
            mergedText.selectAll()
        }
        onAccepted: {
            page.lastError = ""
            actions.merge(conflictId, mergedText.text)
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                text: mergeDialog.textValue
                      ? qsTr("Edit the text to keep; it starts as the value now. Ctrl+Enter resolves, Esc cancels.")
                      : qsTr("Edit the value as JSON (text in quotes, numbers and true/false as they are). "
                             + "Ctrl+Enter resolves, Esc cancels.")
                wrapMode: Text.WordWrap
                color: Theme.mutedText
                Layout.fillWidth: true
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.preferredHeight: 200
                contentWidth: availableWidth
                TextArea {
                    id: mergedText
                    objectName: "mergedValue"
                    wrapMode: TextEdit.Wrap
                    selectByMouse: true
                    font.family: mergeDialog.textValue ? Qt.application.font.family : "monospace"
                    background: Rectangle {
                        color: Theme.base
                        border.color: mergedText.activeFocus ? Theme.highlight : Theme.divider
                        radius: Theme.radius
                    }
                    Accessible.name: qsTr("Merged value")
                    Keys.onPressed: event => {
                        if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                && (event.modifiers & Qt.ControlModifier)) {
                            mergeDialog.accept()
                            event.accepted = true
                        }
                    }
                }
            }
        }
    }
}
