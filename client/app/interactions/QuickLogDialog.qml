import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Interactions

// Quick log: one interaction in seconds, from anywhere (Ctrl+L). Everything but the channel and
// the kind is optional; Ctrl+Enter (or Ctrl+S) saves, Esc cancels. After saving, a short
// confirmation shows and the form is cleared for the next contact (channel and kind kept).
Dialog {
    id: dialog
    objectName: "quickLogDialog"
    title: qsTr("Log an interaction")
    modal: true
    focus: true
    parent: Overlay.overlay
    width: Math.min(920, (parent ? parent.width : 1000) - 2 * Theme.margin)
    height: Math.min(implicitHeight, (parent ? parent.height : 760) - 2 * Theme.margin)
    closePolicy: Popup.CloseOnEscape

    signal openArticleRequested(string articleId)
    // An interaction was saved.
    signal logged(string interactionId)

    // The last interaction saved from this dialog, and what the footer says.
    property string lastLoggedId: ""
    property string statusText: ""
    property bool statusIsError: false
    property var fieldErrors: ({})
    // YYYY-MM-DD: the day the follow-up default counts from; empty: today.
    property string referenceDay: ""
    property double openedAt: 0

    readonly property var channels: ["phone", "email", "chat", "face_to_face", "letter", "social", "field_visit"]
    readonly property var kinds: ["query", "request", "complaint", "comment", "compliment"]
    readonly property var outcomes: ["resolved", "follow_up", "escalated", "pending"]
    readonly property var escalationReasons: ["beyond_authority", "needs_specialist", "complaint", "regulatory"]
    readonly property var identityResults: ["", "passed", "failed", "not_completed"]

    function words(key) { return key.replace(/_/g, " ") }

    function openFor(customerId, customerName) {
        clearForm(false)
        statusText = ""
        statusIsError = false
        if (customerId !== "" && customerId !== undefined)
            customerPicker.choose(customerId, customerName || customerId)
        open()
        openedAt = Date.now()
        if (customerId)
            channelBox.forceActiveFocus()
        else
            customerPicker.focusInput()
    }

    // Empties the form; the channel and kind stay when `keepChannel` (the next contact is
    // usually alike).
    function clearForm(keepChannel) {
        customerPicker.clear()
        if (!keepChannel) {
            channelBox.currentIndex = 0
            kindBox.currentIndex = 0
        }
        branchBox.currentIndex = 0
        categoryBox.currentIndex = -1
        identityMethod.editText = ""
        identityMethod.currentIndex = -1
        identityResult.currentIndex = 0
        wordsArea.text = ""
        summaryField.text = ""
        articlesPicker.clear()
        outcomeBox.currentIndex = 0
        escalatedTo.text = ""
        escalationReason.currentIndex = 0
        escalationMode.currentIndex = 0
        escalationDue.text = ""
        followUpDue.text = ""
        fieldErrors = ({})
        openedAt = Date.now()
    }

    function dayAfter(days) {
        const base = referenceDay !== "" ? new Date(referenceDay + "T12:00:00Z") : new Date()
        base.setUTCDate(base.getUTCDate() + days)
        return base.toISOString().slice(0, 10)
    }

    function fields() {
        const result = {
            channel: channelBox.currentValue,
            kind: kindBox.currentValue,
            customer_words: wordsArea.text,
            summary: summaryField.text,
            outcome: outcomeBox.currentValue,
            follow_up_due: followUpDue.text
        }
        if (customerPicker.customerId !== "")
            result.customer_id = customerPicker.customerId
        else if (App.branches.length > 1)
            result.branch = branchBox.currentText
        if (categoryBox.currentIndex >= 0)
            result.category_id = categoryModel.get(categoryBox.currentIndex).id
        const method = identityMethod.editText.trim()
        const checked = identityResult.currentValue
        if (method !== "" || checked !== "")
            result.identity_check = { method: method, result: checked }
        if (outcomeBox.currentValue === "escalated") {
            result.escalated_to = escalatedTo.text
            result.escalation_reason = escalationReason.currentValue
            result.escalation_mode = escalationMode.currentValue
            result.escalation_due = escalationDue.text
        }
        if (openedAt > 0)
            result.handled_seconds = Math.max(1, Math.round((Date.now() - openedAt) / 1000))
        return result
    }

    function save() {
        if (actions.busy)
            return
        fieldErrors = ({})
        statusText = qsTr("Saving…")
        statusIsError = false
        actions.logInteraction(fields(), articlesPicker.items())
    }

    InteractionActions {
        id: actions
        onLogged: (interactionId, articlesRecorded) => {
            dialog.lastLoggedId = interactionId
            dialog.statusIsError = false
            dialog.statusText = articlesRecorded > 0
                ? qsTr("Interaction logged, with the articles used (%1).").arg(articlesRecorded)
                : qsTr("Interaction logged.")
            dialog.clearForm(true)
            statusTimer.restart()
            customerPicker.focusInput()
            dialog.logged(interactionId)
        }
        onFailed: (message, errors, interactionId) => {
            dialog.statusIsError = true
            dialog.statusText = message
            dialog.fieldErrors = errors
            if (interactionId !== "")
                dialog.lastLoggedId = interactionId
        }
    }

    CategoryChoiceModel { id: categoryModel }

    Timer {
        id: statusTimer
        interval: 6000
        onTriggered: if (!dialog.statusIsError) dialog.statusText = ""
    }

    Shortcut {
        sequences: ["Ctrl+Return", "Ctrl+Enter", "Ctrl+S"]
        enabled: dialog.visible
        onActivated: dialog.save()
    }

    component FieldLabel: Label {
        color: Theme.mutedText
        Layout.topMargin: 4
    }
    component FieldError: Label {
        property string field
        property var errors: ({})
        Layout.fillWidth: true
        visible: text !== ""
        text: errors[field] || ""
        color: Theme.bad
        wrapMode: Text.Wrap
        font.pixelSize: 12
    }

    contentItem: ScrollView {
        id: scroller
        clip: true
        contentWidth: availableWidth

        GridLayout {
            width: scroller.availableWidth
            columns: width > 640 ? 2 : 1
            columnSpacing: 2 * Theme.margin
            rowSpacing: Theme.spacing

            // ---- Left: who, how, what about
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: 2

                FieldLabel { text: qsTr("Customer") }
                CustomerPicker {
                    id: customerPicker
                    objectName: "quickLogCustomer"
                    Layout.fillWidth: true
                }
                FieldError { errors: dialog.fieldErrors; field: "customer_id" }

                FieldLabel { text: qsTr("Branch"); visible: branchBox.visible }
                ComboBox {
                    id: branchBox
                    Layout.fillWidth: true
                    visible: customerPicker.customerId === "" && App.branches.length > 1
                    model: App.branches
                }
                FieldError { errors: dialog.fieldErrors; field: "branch" }

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        FieldLabel { text: qsTr("Channel") }
                        ComboBox {
                            id: channelBox
                            objectName: "quickLogChannel"
                            Layout.fillWidth: true
                            textRole: "label"
                            valueRole: "value"
                            model: dialog.channels.map(c => ({ value: c, label: dialog.words(c) }))
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        FieldLabel { text: qsTr("Kind") }
                        ComboBox {
                            id: kindBox
                            objectName: "quickLogKind"
                            Layout.fillWidth: true
                            textRole: "label"
                            valueRole: "value"
                            model: dialog.kinds.map(k => ({ value: k, label: dialog.words(k) }))
                        }
                    }
                }
                FieldError { errors: dialog.fieldErrors; field: "channel" }
                FieldError { errors: dialog.fieldErrors; field: "kind" }

                FieldLabel { text: qsTr("Category") }
                RowLayout {
                    Layout.fillWidth: true
                    ComboBox {
                        id: categoryBox
                        objectName: "quickLogCategory"
                        Layout.fillWidth: true
                        model: categoryModel
                        textRole: "path"
                        currentIndex: -1
                        displayText: currentIndex < 0 ? qsTr("No category") : currentText
                    }
                    ToolButton {
                        text: "✕"
                        visible: categoryBox.currentIndex >= 0
                        focusPolicy: Qt.NoFocus
                        onClicked: categoryBox.currentIndex = -1
                    }
                }
                FieldError { errors: dialog.fieldErrors; field: "category_id" }

                FieldLabel { text: qsTr("Identity check (method and result, never the answers)") }
                RowLayout {
                    Layout.fillWidth: true
                    ComboBox {
                        id: identityMethod
                        objectName: "quickLogIdentityMethod"
                        Layout.fillWidth: true
                        editable: true
                        currentIndex: -1
                        model: ["one-time passcode", "account PIN", "security questions"]
                    }
                    ComboBox {
                        id: identityResult
                        objectName: "quickLogIdentityResult"
                        Layout.preferredWidth: 150
                        textRole: "label"
                        valueRole: "value"
                        model: dialog.identityResults.map(r => ({ value: r, label: r === "" ? qsTr("not checked") : dialog.words(r) }))
                    }
                }
                FieldError { errors: dialog.fieldErrors; field: "identity_check" }

                FieldLabel { text: qsTr("Outcome") }
                ComboBox {
                    id: outcomeBox
                    objectName: "quickLogOutcome"
                    Layout.fillWidth: true
                    textRole: "label"
                    valueRole: "value"
                    model: dialog.outcomes.map(o => ({ value: o, label: dialog.words(o) }))
                    onActivated: {
                        if (currentValue === "follow_up" && followUpDue.text === "")
                            followUpDue.text = dialog.dayAfter(1)
                        if (currentValue === "escalated" && escalationDue.text === "")
                            escalationDue.text = dialog.dayAfter(2)
                    }
                }
                FieldError { errors: dialog.fieldErrors; field: "outcome" }

                // Escalation (I2): to whom, why, how, by when
                RowLayout {
                    Layout.fillWidth: true
                    visible: outcomeBox.currentValue === "escalated"
                    spacing: Theme.spacing
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.alignment: Qt.AlignTop
                        spacing: 2
                        FieldLabel { text: qsTr("Escalated to") }
                        TextField {
                            id: escalatedTo
                            objectName: "quickLogEscalatedTo"
                            Layout.fillWidth: true
                            placeholderText: qsTr("team or person")
                        }
                        FieldError { errors: dialog.fieldErrors; field: "escalated_to" }
                        FieldLabel { text: qsTr("Verbal or written") }
                        ComboBox {
                            id: escalationMode
                            Layout.fillWidth: true
                            model: ["verbal", "written"]
                        }
                        FieldError { errors: dialog.fieldErrors; field: "escalation_mode" }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.alignment: Qt.AlignTop
                        spacing: 2
                        FieldLabel { text: qsTr("Reason") }
                        ComboBox {
                            id: escalationReason
                            Layout.fillWidth: true
                            textRole: "label"
                            valueRole: "value"
                            model: [{ value: "", label: qsTr("(choose a reason)") }].concat(dialog.escalationReasons.map(r => ({ value: r, label: dialog.words(r) })))
                        }
                        FieldError { errors: dialog.fieldErrors; field: "escalation_reason" }
                        FieldLabel { text: qsTr("Due") }
                        TextField {
                            id: escalationDue
                            Layout.fillWidth: true
                            placeholderText: "YYYY-MM-DD"
                        }
                        FieldError { errors: dialog.fieldErrors; field: "escalation_due" }
                    }
                }

                FieldLabel {
                    text: outcomeBox.currentValue === "follow_up" ? qsTr("Follow-up due") : qsTr("Follow-up due (optional)")
                }
                TextField {
                    id: followUpDue
                    objectName: "quickLogFollowUpDue"
                    Layout.fillWidth: true
                    placeholderText: "YYYY-MM-DD"
                }
                FieldError { errors: dialog.fieldErrors; field: "follow_up_due" }
            }

            // ---- Right: what was said and what helped
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: 2

                FieldLabel { text: qsTr("The customer's words") }
                TextArea {
                    id: wordsArea
                    objectName: "quickLogWords"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 110
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("What the customer said, in their words")
                    background: Rectangle {
                        color: Theme.base
                        border.color: wordsArea.activeFocus ? Theme.highlight : Theme.divider
                        radius: 2
                    }
                    Keys.onTabPressed: event => {
                        summaryField.forceActiveFocus()
                        event.accepted = true
                    }
                    Keys.onBacktabPressed: event => {
                        followUpDue.forceActiveFocus()
                        event.accepted = true
                    }
                }
                FieldError { errors: dialog.fieldErrors; field: "customer_words" }

                FieldLabel { text: qsTr("Summary") }
                TextField {
                    id: summaryField
                    objectName: "quickLogSummary"
                    Layout.fillWidth: true
                    placeholderText: qsTr("One line: what it was about and what you did")
                }
                FieldError { errors: dialog.fieldErrors; field: "summary" }

                FieldLabel { text: qsTr("Articles used") }
                ArticlesUsedPicker {
                    id: articlesPicker
                    objectName: "quickLogArticles"
                    Layout.fillWidth: true
                    onOpenArticleRequested: articleId => {
                        dialog.openArticleRequested(articleId)
                    }
                }
                FieldError { errors: dialog.fieldErrors; field: "articles_used" }
            }
        }
    }

    footer: Pane {
        padding: Theme.margin
        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                objectName: "quickLogStatus"
                Layout.fillWidth: true
                text: dialog.statusText !== "" ? dialog.statusText : qsTr("Ctrl+Enter saves · Esc cancels")
                color: dialog.statusIsError ? Theme.bad : dialog.statusText !== "" ? Theme.good : Theme.mutedText
                font.bold: dialog.statusText !== ""
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
            }
            Button {
                text: qsTr("Cancel")
                onClicked: dialog.close()
            }
            Button {
                objectName: "quickLogSave"
                text: qsTr("Save")
                highlighted: true
                enabled: !actions.busy
                onClicked: dialog.save()
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: "Ctrl+Enter"
            }
        }
    }
}
