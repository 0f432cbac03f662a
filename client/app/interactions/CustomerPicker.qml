import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Customers

// Choose a customer (optional): type part of a name, e-mail or phone, Down/Up to move, Enter
// to choose; Backspace on the chosen customer (or ✕) clears the choice.
FocusScope {
    id: picker
    implicitHeight: Math.max(field.implicitHeight, chosenRow.implicitHeight)
    implicitWidth: 280

    property string customerId: ""
    property string customerName: ""
    property alias searchText: field.text
    readonly property int resultCount: searchModel.count
    readonly property bool searching: searchModel.loading

    function choose(id, name) {
        customerId = id
        customerName = name
        field.text = ""
        results.close()
        chosenButton.forceActiveFocus()
    }

    function clear() {
        customerId = ""
        customerName = ""
        field.text = ""
        results.close()
    }

    function focusInput() {
        if (customerId !== "")
            chosenButton.forceActiveFocus()
        else
            field.forceActiveFocus()
    }

    CustomerSearchModel {
        id: searchModel
        limit: 20
        text: field.text
    }

    TextField {
        id: field
        objectName: "quickLogCustomerField"
        anchors.left: parent.left
        anchors.right: parent.right
        visible: picker.customerId === ""
        focus: true
        placeholderText: qsTr("Customer (optional): name, e-mail or phone")
        selectByMouse: true
        onTextEdited: {
            if (text.trim() !== "") {
                list.currentIndex = 0
                results.open()
            } else {
                results.close()
            }
        }
        Keys.onDownPressed: {
            if (!results.visible && searchModel.count > 0)
                results.open()
            else
                list.incrementCurrentIndex()
        }
        Keys.onUpPressed: list.decrementCurrentIndex()
        Keys.onReturnPressed: event => picker.acceptCurrent(event)
        Keys.onEnterPressed: event => picker.acceptCurrent(event)
        Keys.onEscapePressed: event => {
            if (results.visible) {
                results.close()
                event.accepted = true
            } else {
                event.accepted = false
            }
        }
    }

    function acceptCurrent(event) {
        if (event.modifiers & Qt.ControlModifier) {
            event.accepted = false // Ctrl+Enter saves the dialog
            return
        }
        if (results.visible && list.currentIndex >= 0 && list.currentIndex < searchModel.count) {
            const row = searchModel.get(list.currentIndex)
            choose(row.id, row.name)
            event.accepted = true
        } else {
            event.accepted = false
        }
    }

    RowLayout {
        id: chosenRow
        anchors.left: parent.left
        anchors.right: parent.right
        visible: picker.customerId !== ""
        spacing: Theme.spacing / 2
        Button {
            id: chosenButton
            objectName: "quickLogChosenCustomer"
            Layout.fillWidth: true
            text: picker.customerName
            icon.name: "user"
            Keys.onPressed: event => {
                if (event.key === Qt.Key_Backspace || event.key === Qt.Key_Delete) {
                    picker.clear()
                    field.forceActiveFocus()
                    event.accepted = true
                }
            }
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: qsTr("Backspace: choose another customer")
        }
        ToolButton {
            text: "✕"
            focusPolicy: Qt.NoFocus
            onClicked: {
                picker.clear()
                field.forceActiveFocus()
            }
        }
    }

    Popup {
        id: results
        y: field.height + 2
        width: field.width
        height: Math.max(40, Math.min(list.contentHeight + 2 * padding, 260))
        padding: 1
        focus: false
        closePolicy: Popup.CloseOnPressOutsideParent
        visible: false

        ListView {
            id: list
            objectName: "quickLogCustomerResults"
            anchors.fill: parent
            clip: true
            model: searchModel
            currentIndex: 0
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property var model
                required property int index
                required property string name
                required property string email
                required property string phone
                required property string branch
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                focusPolicy: Qt.NoFocus
                text: row.name + "  ·  " + [row.email, row.phone, row.branch].filter(s => s).join(" · ")
                onClicked: picker.choose(row.model.id, row.name)
            }
            Label {
                anchors.centerIn: parent
                visible: searchModel.count === 0 && !searchModel.loading
                text: qsTr("No customer matches")
                color: Theme.mutedText
            }
        }
    }
}
