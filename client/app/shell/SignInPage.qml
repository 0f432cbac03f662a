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
        App.signIn(urlField.text, userField.text, passwordField.text)
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

    Component.onCompleted: (urlField.text.length > 0 && userField.text.length > 0 ? passwordField : urlField).forceActiveFocus()
}
