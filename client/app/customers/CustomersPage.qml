import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Customers

// Customers: search on the left, the opened record with consent and its interaction timeline
// on the right. Keys: type to search, Down/Up to move in the list, Enter to open; Ctrl+N new
// customer; Ctrl+E edit the open one; Ctrl+Shift+L log an interaction for it.
Item {
    id: page
    objectName: "customersPage"

    signal logInteractionRequested(string customerId, string customerName)
    signal openArticleRequested(string articleId)

    property var screenshotChecks: ["customerSearchField", "customerList", "customerRecord", "customerTimeline"]
    // YYYY-MM-DD for the follow-up and consent dates (tests use the demo's day); empty: today.
    property string referenceDay: ""
    // The id of the open customer ("" when none).
    readonly property string openCustomerId: openRecord.customerId
    property bool openFirstWhenLoaded: false
    // For tests: the create/edit form (it lives in the window's overlay).
    readonly property alias customerForm: customerForm

    function focusSearch() {
        searchField.forceActiveFocus()
        searchField.selectAll()
    }

    function openCustomer(customerId) {
        openRecord.open(customerId)
    }

    function newCustomer() {
        customerForm.openForCreate()
    }

    function prepareScreenshot() {
        if (searchModel.count > 0)
            openCustomerAt(0)
        else
            openFirstWhenLoaded = true
    }

    function openCustomerAt(row) {
        if (row < 0 || row >= searchModel.count)
            return
        customerList.currentIndex = row
        openRecord.open(searchModel.get(row).id)
    }

    CustomerSearchModel {
        id: searchModel
        text: searchField.text
        onRefreshed: {
            if (page.openFirstWhenLoaded && count > 0) {
                page.openFirstWhenLoaded = false
                page.openCustomerAt(0)
            }
        }
    }

    CustomerRecord {
        id: openRecord
        referenceDay: page.referenceDay
    }

    CustomerActions {
        id: customerActions
        onArticleDrafted: articleId => page.openArticleRequested(articleId)
        onConfirmed: customerId => recordView.flash(qsTr("Confirmed with the customer"))
        onConsentChanged: (customerId, purpose) => recordView.flash(qsTr("Consent for %1 saved").arg(purpose))
    }

    Shortcut {
        sequences: ["Ctrl+N"]
        enabled: page.visible && !customerForm.visible
        onActivated: page.newCustomer()
    }
    Shortcut {
        sequences: ["Ctrl+E"]
        enabled: page.visible && openRecord.opened && !customerForm.visible
        onActivated: customerForm.openForEdit(openRecord)
    }
    Shortcut {
        sequences: ["Ctrl+Shift+L"]
        enabled: page.visible && openRecord.opened
        onActivated: page.logInteractionRequested(openRecord.customerId, openRecord.name)
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        // ---- Search and list
        Pane {
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(300, Math.min(400, page.width * 0.3))
            padding: Theme.margin

            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacing

                RowLayout {
                    Layout.fillWidth: true
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Customers")
                        font.pixelSize: 20
                        font.bold: true
                    }
                    Button {
                        objectName: "newCustomerButton"
                        text: qsTr("New…")
                        onClicked: page.newCustomer()
                        ToolTip.visible: hovered
                        ToolTip.delay: 600
                        ToolTip.text: qsTr("New customer (Ctrl+N)")
                    }
                }

                TextField {
                    id: searchField
                    objectName: "customerSearchField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Search name, e-mail or phone")
                    selectByMouse: true
                    focus: true
                    Keys.onDownPressed: {
                        customerList.forceActiveFocus()
                        if (customerList.currentIndex < 0 && customerList.count > 0)
                            customerList.currentIndex = 0
                    }
                    onAccepted: page.openCustomerAt(Math.max(0, customerList.currentIndex))
                }

                Label {
                    Layout.fillWidth: true
                    color: searchModel.error !== "" ? Theme.bad : Theme.mutedText
                    elide: Text.ElideRight
                    text: searchModel.error !== "" ? searchModel.error
                        : searchModel.loading && searchModel.count === 0 ? qsTr("Searching…")
                        : searchModel.count === 0 ? (searchField.text === "" ? qsTr("No customers") : qsTr("No customer matches"))
                        : searchModel.truncated ? qsTr("The first %1 customers; type to narrow down").arg(searchModel.count)
                        : qsTr("%n customer(s)", "", searchModel.count)
                }

                ListView {
                    id: customerList
                    objectName: "customerList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: searchModel
                    currentIndex: -1
                    keyNavigationEnabled: true
                    activeFocusOnTab: true
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar {}
                    Keys.onReturnPressed: page.openCustomerAt(currentIndex)
                    Keys.onEnterPressed: page.openCustomerAt(currentIndex)
                    Keys.onUpPressed: event => {
                        if (currentIndex <= 0)
                            searchField.forceActiveFocus()
                        else
                            decrementCurrentIndex()
                    }

                    delegate: ItemDelegate {
                        id: customerDelegate
                        required property var model
                        required property int index
                        required property string name
                        required property string email
                        required property string phone
                        required property string branch
                        width: ListView.view.width
                        highlighted: ListView.isCurrentItem
                        focusPolicy: Qt.NoFocus
                        onClicked: page.openCustomerAt(customerDelegate.index)
                        contentItem: ColumnLayout {
                            spacing: 2
                            RowLayout {
                                Layout.fillWidth: true
                                Label {
                                    Layout.fillWidth: true
                                    text: customerDelegate.name
                                    font.bold: openRecord.customerId === customerDelegate.model.id
                                    elide: Text.ElideRight
                                    color: customerDelegate.highlighted ? Theme.highlightedText : Theme.text
                                }
                                Label {
                                    text: customerDelegate.branch
                                    font.pixelSize: 11
                                    color: customerDelegate.highlighted ? Theme.highlightedText : Theme.mutedText
                                }
                            }
                            Label {
                                Layout.fillWidth: true
                                text: [customerDelegate.email, customerDelegate.phone].filter(s => s !== "").join(" · ") || qsTr("no contact point")
                                font.pixelSize: 12
                                elide: Text.ElideRight
                                color: customerDelegate.highlighted ? Theme.highlightedText : Theme.mutedText
                            }
                        }
                    }
                }
            }
        }

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.divider
        }

        // ---- The record
        CustomerRecordView {
            id: recordView
            objectName: "customerRecord"
            Layout.fillWidth: true
            Layout.fillHeight: true
            record: openRecord
            actions: customerActions
            referenceDay: page.referenceDay
            onEditRequested: customerForm.openForEdit(openRecord)
            onLogInteractionRequested: page.logInteractionRequested(openRecord.customerId, openRecord.name)
            onLogInteractionFor: (customerId, customerName) => page.logInteractionRequested(customerId, customerName)
            onOpenArticleRequested: articleId => page.openArticleRequested(articleId)
        }
    }

    CustomerForm {
        id: customerForm
        anchors.centerIn: Overlay.overlay
        actions: customerActions
        onOpenExisting: customerId => {
            customerForm.close()
            page.openCustomer(customerId)
        }
        onCreated: customerId => page.openCustomer(customerId)
    }
}
