import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Customers

// The opened customer: contact points, restricted fields masked for roles that may not read
// them, "confirmed with the customer", consent per purpose, and the interaction timeline.
Pane {
    id: view
    padding: Theme.margin

    required property CustomerRecord record
    required property CustomerActions actions
    property string referenceDay: ""
    readonly property alias timeline: timelineModel

    signal editRequested()
    signal logInteractionRequested()
    signal logInteractionFor(string customerId, string customerName)
    signal openArticleRequested(string articleId)

    // A short confirmation under the header.
    function flash(message) {
        flashLabel.text = message
        flashTimer.restart()
    }

    function timestampText(value) {
        if (!value)
            return ""
        return String(value).replace("T", " ").replace(/:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, "")
    }

    function fieldText(name) {
        if (view.record.isMasked(name))
            return ""
        const value = view.record.fields[name]
        if (value === undefined || value === null || value === "")
            return ""
        if (name === "identity_answers")
            return qsTr("on file")
        if (typeof value === "object")
            return JSON.stringify(value)
        return String(value)
    }

    CustomerTimelineModel {
        id: timelineModel
        customerId: view.record.customerId
        referenceDay: view.referenceDay
    }

    Timer {
        id: flashTimer
        interval: 4000
        onTriggered: flashLabel.text = ""
    }

    ConsentDialog {
        id: consentDialog
        anchors.centerIn: Overlay.overlay
        actions: view.actions
        customerId: view.record.customerId
    }

    Label {
        anchors.centerIn: parent
        width: parent.width * 0.8
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        visible: view.record.customerId === ""
        color: Theme.mutedText
        text: qsTr("Search for a customer on the left and press Enter to open the record.\nCtrl+N creates a new customer.")
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        visible: view.record.customerId !== ""

        // ---- Header
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                Label {
                    objectName: "customerName"
                    Layout.fillWidth: true
                    text: view.record.opened ? view.record.name : (view.record.error !== "" ? qsTr("Could not open the record") : qsTr("Opening…"))
                    font.pixelSize: 22
                    font.bold: true
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    color: Theme.mutedText
                    elide: Text.ElideRight
                    text: view.record.opened
                          ? [qsTr("Branch %1").arg(view.record.branch), view.fieldText("segment")].filter(s => s !== "").join(" · ")
                          : view.record.error
                }
            }
            Button {
                objectName: "logInteractionButton"
                text: qsTr("Log interaction")
                enabled: view.record.opened
                highlighted: true
                onClicked: view.logInteractionRequested()
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: qsTr("Log an interaction with this customer (Ctrl+Shift+L)")
            }
            Button {
                objectName: "editCustomerButton"
                text: qsTr("Edit…")
                enabled: view.record.opened
                onClicked: view.editRequested()
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: qsTr("Edit the record (Ctrl+E)")
            }
        }

        Label {
            id: flashLabel
            objectName: "customerFlash"
            Layout.fillWidth: true
            visible: text !== ""
            color: Theme.good
        }

        // ---- Contact points, confirmation and consent
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: false // as tall as the taller card; the timeline takes the rest
            spacing: Theme.spacing
            visible: view.record.opened

            GroupBox {
                title: qsTr("Contact")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.fillHeight: true

                GridLayout {
                    anchors.fill: parent
                    columns: 2
                    columnSpacing: Theme.spacing
                    rowSpacing: 4

                    Repeater {
                        model: [
                            { field: "email", label: qsTr("E-mail") },
                            { field: "phone", label: qsTr("Phone") },
                            { field: "address", label: qsTr("Address") },
                            { field: "preferences", label: qsTr("Prefers") },
                            { field: "date_of_birth", label: qsTr("Date of birth") },
                            { field: "identity_answers", label: qsTr("Identity answers") },
                            { field: "notes", label: qsTr("Notes") }
                        ]
                        delegate: Label {
                            required property var modelData
                            required property int index
                            Layout.row: index
                            Layout.column: 0
                            Layout.alignment: Qt.AlignTop
                            text: modelData.label
                            color: Theme.mutedText
                        }
                    }
                    Repeater {
                        model: ["email", "phone", "address", "preferences", "date_of_birth", "identity_answers", "notes"]
                        delegate: Label {
                            required property string modelData
                            required property int index
                            readonly property bool masked: view.record.masked.indexOf(modelData) >= 0
                            objectName: "customerField_" + modelData
                            Layout.row: index
                            Layout.column: 1
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            maximumLineCount: 3
                            elide: Text.ElideRight
                            font.italic: masked || text === "—"
                            color: masked ? Theme.warning : Theme.text
                            text: {
                                if (masked)
                                    return qsTr("restricted")
                                if (modelData === "preferences") {
                                    const prefs = view.record.fields.preferences
                                    return prefs && prefs.contact ? prefs.contact : "—"
                                }
                                return view.fieldText(modelData) || "—"
                            }
                        }
                    }
                    Item { Layout.row: 7; Layout.fillHeight: true }
                }
            }

            GroupBox {
                title: qsTr("Confirmation and consent")
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.fillHeight: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 4

                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            objectName: "confirmedLabel"
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: view.record.verifiedAt === "" ? Theme.warning : Theme.text
                            text: view.record.verifiedAt === ""
                                  ? qsTr("Never confirmed with the customer")
                                  : qsTr("Confirmed %1 by %2").arg(view.timestampText(view.record.verifiedAt)).arg(view.record.verifiedBy || "?")
                        }
                        Button {
                            objectName: "confirmButton"
                            text: qsTr("Confirmed with customer")
                            enabled: view.record.opened && !view.actions.busy
                            onClicked: view.actions.confirmWithCustomer(view.record.customerId)
                            ToolTip.visible: hovered
                            ToolTip.delay: 600
                            ToolTip.text: qsTr("You read the details back and the customer confirmed them")
                        }
                    }

                    Rectangle { Layout.fillWidth: true; Layout.preferredHeight: 1; color: Theme.divider }

                    ListView {
                        id: consentList
                        objectName: "consentList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.minimumHeight: 40
                        Layout.preferredHeight: Math.min(Math.max(contentHeight, 40), 160)
                        clip: true
                        model: view.record.consent
                        spacing: 2
                        ScrollBar.vertical: ScrollBar {}
                        delegate: RowLayout {
                            id: consentRow
                            required property var modelData
                            width: ListView.view.width
                            spacing: Theme.spacing
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 0
                                Label {
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    font.bold: true
                                    text: consentRow.modelData.purpose + "  "
                                          + (consentRow.modelData.in_force ? qsTr("in force")
                                             : consentRow.modelData.granted ? qsTr("expired") : qsTr("withdrawn"))
                                    color: consentRow.modelData.in_force ? Theme.good : Theme.bad
                                }
                                Label {
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    font.pixelSize: 12
                                    color: Theme.mutedText
                                    text: [consentRow.modelData.basis,
                                           consentRow.modelData.source,
                                           consentRow.modelData.captured_by ? qsTr("by %1").arg(consentRow.modelData.captured_by) : "",
                                           consentRow.modelData.expires ? qsTr("expires %1").arg(consentRow.modelData.expires) : ""]
                                          .filter(s => s).join(" · ")
                                }
                            }
                            Button {
                                text: qsTr("Withdraw")
                                flat: true
                                visible: consentRow.modelData.granted
                                enabled: !view.actions.busy
                                onClicked: view.actions.withdrawConsent(view.record.customerId, consentRow.modelData.purpose)
                            }
                        }
                        Label {
                            anchors.centerIn: parent
                            visible: consentList.count === 0
                            text: qsTr("No consent recorded")
                            color: Theme.mutedText
                        }
                    }

                    Button {
                        objectName: "addConsentButton"
                        text: qsTr("Record consent…")
                        flat: true
                        enabled: view.record.opened
                        onClicked: consentDialog.openForNew()
                    }
                }
            }
        }

        // ---- Timeline
        RowLayout {
            Layout.fillWidth: true
            visible: view.record.opened
            Label {
                Layout.fillWidth: true
                text: qsTr("Interactions")
                font.bold: true
                font.pixelSize: 16
            }
            Label {
                color: Theme.mutedText
                text: timelineModel.loading && timelineModel.count === 0 ? qsTr("Loading…")
                      : qsTr("%n interaction(s), newest first", "", timelineModel.count)
            }
        }

        ListView {
            id: timelineList
            objectName: "customerTimeline"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 120
            visible: view.record.customerId !== ""
            clip: true
            model: timelineModel
            spacing: Theme.spacing / 2
            activeFocusOnTab: true
            keyNavigationEnabled: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: TimelineEntry {
                width: timelineList.width - 12
                current: ListView.isCurrentItem && timelineList.activeFocus
                onDraftRequested: interactionId => view.actions.draftFromInteraction(interactionId)
                onLogRequested: view.logInteractionRequested()
                onArticleRequested: articleId => view.openArticleRequested(articleId)
            }
            Keys.onPressed: event => {
                if (currentIndex < 0)
                    return
                if (event.key === Qt.Key_D && (event.modifiers & Qt.ControlModifier)) {
                    view.actions.draftFromInteraction(timelineModel.get(currentIndex).id)
                    event.accepted = true
                }
            }
            Label {
                anchors.centerIn: parent
                visible: timelineList.count === 0 && !timelineModel.loading && view.record.opened
                text: qsTr("No interactions with this customer yet")
                color: Theme.mutedText
            }
        }
    }
}
