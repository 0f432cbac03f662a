import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core

// Sign-in and server set-up. After the first sign-in the app opens straight from the stored
// session token, online or not; this page shows again only after signing out.
Pane {
    id: page
    objectName: "signInPage"

    function submit() {
        App.signIn(urlField.text, userField.text, passwordField.text, false)
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(420, parent.width - 2 * Theme.margin)
        spacing: Theme.spacing

        Label {
            text: qsTr("Sign in to Knowset")
            font.pixelSize: 22
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: Theme.mutedText
            text: qsTr("Your knowledge set and customer records are kept on this computer, so you can work offline. Sign in once to connect it to your organisation's server.")
        }

        Label { text: qsTr("Server address") }
        TextField {
            id: urlField
            objectName: "serverUrlField"
            Layout.fillWidth: true
            placeholderText: "wss://knowset.example.org:8443/sync"
            text: App.serverUrl
            selectByMouse: true
            onAccepted: userField.forceActiveFocus()
        }
        Label { text: qsTr("User name") }
        TextField {
            id: userField
            objectName: "userField"
            Layout.fillWidth: true
            text: App.user
            selectByMouse: true
            onAccepted: passwordField.forceActiveFocus()
        }
        Label { text: qsTr("Password") }
        TextField {
            id: passwordField
            objectName: "passwordField"
            Layout.fillWidth: true
            echoMode: TextInput.Password
            onAccepted: page.submit()
        }

        Label {
            objectName: "signInError"
            Layout.fillWidth: true
            visible: text.length > 0
            wrapMode: Text.WordWrap
            color: Theme.bad
            text: App.signInError
        }

        RowLayout {
            Layout.fillWidth: true
            BusyIndicator {
                running: App.signingIn
                visible: running
                Layout.preferredHeight: 32
                Layout.preferredWidth: 32
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "signInButton"
                text: App.signingIn ? qsTr("Signing in…") : qsTr("Sign in")
                enabled: !App.signingIn
                highlighted: true
                onClicked: page.submit()
            }
        }
    }

    // A wss:// server whose certificate this computer does not know: the user compares the
    // fingerprint with the one the administrator gave out before trusting it.
    Dialog {
        id: trustDialog
        objectName: "certificateTrustDialog"
        anchors.centerIn: parent
        width: Math.min(560, page.width - 2 * Theme.margin)
        modal: true
        title: qsTr("Trust this server's certificate?")
        visible: App.certificatePrompt.fingerprint !== undefined
        closePolicy: Popup.CloseOnEscape
        onRejected: App.cancelCertificatePrompt()
        onAccepted: App.signIn(urlField.text, userField.text, passwordField.text, true)

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("%1 presents a certificate this computer does not know. Compare its fingerprint with the one your administrator gave you; trust it only if they are the same.").arg(App.certificatePrompt.url || "")
            }
            Label { text: qsTr("SHA-256 fingerprint"); color: Theme.mutedText }
            TextArea {
                objectName: "certificateFingerprint"
                Layout.fillWidth: true
                readOnly: true
                wrapMode: TextEdit.WrapAnywhere
                font.family: "monospace"
                // The same form knowset-server init prints, to compare at a glance.
                text: App.certificatePrompt.fingerprint ? "SHA256:" + App.certificatePrompt.fingerprint : ""
            }
            Label {
                Layout.fillWidth: true
                color: Theme.mutedText
                wrapMode: Text.WordWrap
                text: qsTr("Issued to %1, valid until %2").arg(App.certificatePrompt.subject || "?").arg(App.certificatePrompt.notAfter || "?")
            }
        }
        footer: DialogButtonBox {
            Button {
                objectName: "trustCertificateButton"
                text: qsTr("Trust and sign in")
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
    }

    Component.onCompleted: (urlField.text.length > 0 && userField.text.length > 0 ? passwordField : urlField).forceActiveFocus()
}
