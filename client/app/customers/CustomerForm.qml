import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Customers

// Create or edit a customer. Validation messages appear under the field they name. Creating a
// customer who may already exist shows the candidates with the reason; the person opens the
// existing record or creates the new one anyway. Enter saves, Esc cancels.
Dialog {
    id: form
    objectName: "customerForm"
    modal: true
    focus: true
    title: editing ? qsTr("Edit customer") : qsTr("New customer")
    width: Math.min(620, (parent ? parent.width : 800) - 2 * Theme.margin)
    height: Math.min(implicitHeight, (parent ? parent.height : 700) - 2 * Theme.margin)
    parent: Overlay.overlay
    closePolicy: Popup.CloseOnEscape

    required property CustomerActions actions
    property bool editing: false
    property string customerId: ""
    property var original: ({})
    // field name -> message; "" for messages naming no field
    property var fieldErrors: ({})
    // candidates from the duplicate check: [{id, name, branch, email, phone, reasons}]
    property var duplicates: []
    property bool waiting: false

    signal openExisting(string customerId)
    signal created(string customerId)

    readonly property var fieldNames: ["name", "email", "phone", "address", "branch", "segment", "notes", "date_of_birth"]

    function reasonText(reason) {
        switch (reason) {
        case "same_email": return qsTr("same e-mail")
        case "same_phone": return qsTr("same phone")
        case "same_name": return qsTr("same name in the branch")
        case "reordered_name": return qsTr("same name, words in another order")
        case "similar_name": return qsTr("a similar name in the branch")
        default: return reason
        }
    }

    function reset() {
        fieldErrors = ({})
        duplicates = []
        waiting = false
        for (const name of fieldNames) {
            const field = inputs[name]
            if (field)
                field.text = original[name] !== undefined && original[name] !== null ? String(original[name]) : ""
        }
        const branches = App.branches
        const branchIndex = branches.indexOf(original.branch || "")
        branchBox.currentIndex = branchIndex >= 0 ? branchIndex : 0
        const prefs = original.preferences
        const preferIndex = preferBox.model.indexOf(prefs && prefs.contact ? prefs.contact : "")
        preferBox.currentIndex = Math.max(0, preferIndex)
    }

    readonly property var inputs: ({
        name: nameField, email: emailField, phone: phoneField, address: addressField,
        segment: segmentField, notes: notesField, date_of_birth: birthField
    })

    function openForCreate() {
        editing = false
        customerId = ""
        original = ({})
        reset()
        open()
        nameField.forceActiveFocus()
    }

    function openForEdit(record) {
        editing = true
        customerId = record.customerId
        original = record.fields
        reset()
        open()
        nameField.forceActiveFocus()
    }

    function values() {
        const result = {}
        for (const name in inputs) {
            if (name === "date_of_birth" && !App.supervisor)
                continue
            result[name] = inputs[name].text
        }
        result.branch = branchBox.currentText
        if (preferBox.currentText !== "")
            result.preferences = { contact: preferBox.currentText }
        return result
    }

    function changedValues() {
        const all = values()
        const changed = {}
        for (const name in all) {
            const before = original[name]
            if (name === "preferences") {
                const previous = before && before.contact ? before.contact : ""
                if (previous !== all.preferences.contact)
                    changed.preferences = all.preferences
                continue
            }
            if ((before === undefined || before === null ? "" : String(before)) !== all[name].trim())
                changed[name] = all[name]
        }
        return changed
    }

    function submit(evenIfDuplicate) {
        if (waiting)
            return
        fieldErrors = ({})
        if (editing) {
            const changed = changedValues()
            if (Object.keys(changed).length === 0) {
                close()
                return
            }
            waiting = true
            actions.updateCustomer(customerId, changed)
        } else {
            waiting = true
            actions.createCustomer(values(), evenIfDuplicate === true)
        }
    }

    Connections {
        target: form.actions
        enabled: form.visible && form.waiting
        function onFailed(message, errors) {
            form.waiting = false
            form.fieldErrors = errors
        }
        function onDuplicatesFound(candidates) {
            form.waiting = false
            form.duplicates = candidates
        }
        function onCustomerCreated(customerId, duplicates) {
            form.waiting = false
            form.close()
            form.created(customerId)
        }
        function onCustomerUpdated(customerId) {
            form.waiting = false
            form.close()
        }
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

    component FieldLabel: Label {
        Layout.alignment: Qt.AlignRight | Qt.AlignTop
        Layout.topMargin: 6
        color: Theme.mutedText
    }

    contentItem: ScrollView {
        id: scroller
        clip: true
        contentWidth: availableWidth

        ColumnLayout {
            width: scroller.availableWidth
            spacing: Theme.spacing

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: 2

                FieldLabel { text: qsTr("Name") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    TextField { id: nameField; objectName: "customerFormName"; Layout.fillWidth: true; onAccepted: form.submit(false) }
                    FieldError { objectName: "customerFormNameError"; errors: form.fieldErrors; field: "name" }
                }

                FieldLabel { text: qsTr("E-mail") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    TextField { id: emailField; objectName: "customerFormEmail"; Layout.fillWidth: true; onAccepted: form.submit(false) }
                    FieldError { errors: form.fieldErrors; field: "email" }
                }

                FieldLabel { text: qsTr("Phone") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    TextField { id: phoneField; objectName: "customerFormPhone"; Layout.fillWidth: true; onAccepted: form.submit(false) }
                    FieldError { errors: form.fieldErrors; field: "phone" }
                }

                FieldLabel { text: qsTr("Address") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    TextField { id: addressField; Layout.fillWidth: true; onAccepted: form.submit(false) }
                    FieldError { errors: form.fieldErrors; field: "address" }
                }

                FieldLabel { text: qsTr("Branch") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    ComboBox { id: branchBox; objectName: "customerFormBranch"; Layout.fillWidth: true; model: App.branches }
                    FieldError { errors: form.fieldErrors; field: "branch" }
                }

                FieldLabel { text: qsTr("Segment") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    TextField {
                        id: segmentField
                        Layout.fillWidth: true
                        placeholderText: qsTr("residential, business, extra help…")
                        onAccepted: form.submit(false)
                    }
                    FieldError { errors: form.fieldErrors; field: "segment" }
                }

                FieldLabel { text: qsTr("Prefers") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    ComboBox { id: preferBox; Layout.fillWidth: true; model: ["", "email", "phone", "text", "post"]; displayText: currentText === "" ? qsTr("not set") : currentText }
                    FieldError { errors: form.fieldErrors; field: "preferences" }
                }

                FieldLabel { text: qsTr("Date of birth"); visible: App.supervisor }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    visible: App.supervisor
                    TextField {
                        id: birthField
                        Layout.fillWidth: true
                        placeholderText: qsTr("YYYY-MM-DD (restricted)")
                        onAccepted: form.submit(false)
                    }
                    FieldError { errors: form.fieldErrors; field: "date_of_birth" }
                }

                FieldLabel { text: qsTr("Notes") }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    TextArea {
                        id: notesField
                        Layout.fillWidth: true
                        Layout.preferredHeight: 64
                        wrapMode: TextEdit.Wrap
                        background: Rectangle {
                            color: Theme.base
                            border.color: notesField.activeFocus ? Theme.highlight : Theme.divider
                            radius: 2
                        }
                        Keys.onPressed: event => {
                            if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter) && (event.modifiers & Qt.ControlModifier)) {
                                form.submit(false)
                                event.accepted = true
                            }
                        }
                    }
                    FieldError { errors: form.fieldErrors; field: "notes" }
                }
            }

            Label {
                objectName: "customerFormError"
                Layout.fillWidth: true
                visible: text !== ""
                text: form.fieldErrors[""] || ""
                color: Theme.bad
                wrapMode: Text.Wrap
            }

            // ---- Possible duplicates
            Rectangle {
                objectName: "duplicateWarning"
                Layout.fillWidth: true
                visible: form.duplicates.length > 0
                implicitHeight: duplicateColumn.implicitHeight + 2 * Theme.spacing
                radius: Theme.radius
                color: "transparent"
                border.color: Theme.warning
                border.width: 2

                ColumnLayout {
                    id: duplicateColumn
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.bold: true
                        color: Theme.warning
                        text: qsTr("This may be a customer who already exists:")
                    }
                    Repeater {
                        model: form.duplicates
                        delegate: RowLayout {
                            id: candidateRow
                            required property var modelData
                            Layout.fillWidth: true
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 0
                                Label {
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    text: candidateRow.modelData.name + " (" + candidateRow.modelData.branch + ")"
                                }
                                Label {
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    font.pixelSize: 12
                                    color: Theme.mutedText
                                    text: qsTr("Why: %1").arg(candidateRow.modelData.reasons.map(r => form.reasonText(r)).join(", "))
                                          + ([candidateRow.modelData.email, candidateRow.modelData.phone].filter(s => s).map(s => " · " + s).join(""))
                                }
                            }
                            Button {
                                text: qsTr("Open this one")
                                onClicked: form.openExisting(candidateRow.modelData.id)
                            }
                        }
                    }
                }
            }
        }
    }

    footer: DialogButtonBox {
        Button {
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
        Button {
            objectName: "createAnywayButton"
            text: qsTr("Create anyway")
            visible: form.duplicates.length > 0
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: form.submit(true)
        }
        Button {
            objectName: "customerFormSave"
            text: form.editing ? qsTr("Save") : qsTr("Create")
            highlighted: true
            enabled: !form.waiting
            visible: form.duplicates.length === 0
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: form.submit(false)
        }
    }
    onRejected: close()
}
