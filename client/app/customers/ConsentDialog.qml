import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Customers

// Record a customer's consent for a purpose: the legal basis, where it was captured and when it
// expires. Enter saves, Esc cancels; messages appear under the field they name.
Dialog {
    id: dialog
    objectName: "consentDialog"
    modal: true
    title: qsTr("Record consent")
    parent: Overlay.overlay
    width: Math.min(480, (parent ? parent.width : 600) - 2 * Theme.margin)
    closePolicy: Popup.CloseOnEscape

    required property CustomerActions actions
    property string customerId: ""
    property var fieldErrors: ({})
    property bool waiting: false

    readonly property var bases: ["consent", "contract", "legal_obligation", "legitimate_interest", "vital_interest", "public_task"]

    function openForNew() {
        fieldErrors = ({})
        waiting = false
        purposeBox.editText = ""
        purposeBox.currentIndex = -1
        basisBox.currentIndex = 0
        sourceField.text = ""
        expiresField.text = ""
        open()
        purposeBox.forceActiveFocus()
    }

    function submit() {
        if (waiting)
            return
        const purpose = purposeBox.editText.trim()
        if (purpose === "") {
            fieldErrors = ({ purpose: qsTr("Name the purpose, e.g. marketing") })
            return
        }
        fieldErrors = ({})
        waiting = true
        actions.setConsent(customerId, purpose, basisBox.currentText, sourceField.text, expiresField.text)
    }

    Connections {
        target: dialog.actions
        enabled: dialog.visible && dialog.waiting
        // A domain message names "customer.consent" with the purpose: shown under the field
        // the text is about.
        function onFailed(message, errors) {
            dialog.waiting = false
            const shown = {}
            const text = Object.values(errors).join("; ")
            if (/expir/i.test(text))
                shown.expires = text
            else if (/basis/i.test(text))
                shown.basis = text
            else if (/source/i.test(text))
                shown.source = text
            else
                shown.purpose = text
            dialog.fieldErrors = shown
        }
        function onConsentChanged(customerId, purpose) {
            dialog.waiting = false
            dialog.close()
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

    contentItem: GridLayout {
        columns: 2
        columnSpacing: Theme.spacing
        rowSpacing: 2

        Label { text: qsTr("Purpose"); color: Theme.mutedText }
        ComboBox {
            id: purposeBox
            objectName: "consentPurpose"
            Layout.fillWidth: true
            editable: true
            model: ["marketing", "surveys", "service_messages", "profiling", "third_party_sharing"]
            onAccepted: dialog.submit()
        }
        Item { width: 1; height: 1 }
        FieldError { errors: dialog.fieldErrors; field: "purpose" }

        Label { text: qsTr("Basis"); color: Theme.mutedText }
        ComboBox {
            id: basisBox
            objectName: "consentBasis"
            Layout.fillWidth: true
            model: dialog.bases
            displayText: currentText.replace(/_/g, " ")
        }
        Item { width: 1; height: 1 }
        FieldError { errors: dialog.fieldErrors; field: "basis" }

        Label { text: qsTr("Source"); color: Theme.mutedText }
        TextField {
            id: sourceField
            Layout.fillWidth: true
            placeholderText: qsTr("phone call, signed form…")
            onAccepted: dialog.submit()
        }
        Item { width: 1; height: 1 }
        FieldError { errors: dialog.fieldErrors; field: "source" }

        Label { text: qsTr("Expires"); color: Theme.mutedText }
        TextField {
            id: expiresField
            Layout.fillWidth: true
            placeholderText: qsTr("YYYY-MM-DD (optional)")
            onAccepted: dialog.submit()
        }
        Item { width: 1; height: 1 }
        FieldError { errors: dialog.fieldErrors; field: "expires" }
    }

    footer: DialogButtonBox {
        Button {
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
        Button {
            objectName: "consentSave"
            text: qsTr("Save")
            highlighted: true
            enabled: !dialog.waiting
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: dialog.submit()
        }
    }
    onRejected: close()
}
