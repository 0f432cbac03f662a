import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Interactions

// The articles used with the customer: search the knowledge set as you type, Enter adds the
// highlighted article; for each one, how it was supplied and whether the customer understood.
ColumnLayout {
    id: picker
    spacing: 4

    signal openArticleRequested(string articleId)

    readonly property int chosenCount: chosen.count
    // The search's rows and whether it is running (tests wait on them).
    readonly property int resultCount: articleModel.count
    readonly property bool searching: articleModel.loading

    // [{articleId, how, understood (true, false or undefined)}] for InteractionActions.
    function items() {
        const result = []
        for (let i = 0; i < chosen.count; ++i) {
            const item = chosen.get(i)
            const entry = { articleId: item.articleId, how: item.how }
            if (item.understood === "yes")
                entry.understood = true
            else if (item.understood === "no")
                entry.understood = false
            result.push(entry)
        }
        return result
    }

    function add(articleId, title) {
        for (let i = 0; i < chosen.count; ++i) {
            if (chosen.get(i).articleId === articleId)
                return
        }
        chosen.append({ articleId: articleId, title: title, how: "verbal", understood: "yes" })
    }

    function clear() {
        chosen.clear()
        field.text = ""
        results.close()
    }

    function acceptCurrent(event) {
        if (event.modifiers & Qt.ControlModifier) {
            event.accepted = false
            return
        }
        if (results.visible && list.currentIndex >= 0 && list.currentIndex < articleModel.count) {
            const row = articleModel.get(list.currentIndex)
            add(row.id, row.title)
            field.text = ""
            results.close()
            event.accepted = true
        } else {
            event.accepted = false
        }
    }

    ListModel { id: chosen }

    ArticlePickerModel {
        id: articleModel
        text: field.text
        limit: 12
    }

    TextField {
        id: field
        objectName: "quickLogArticleField"
        Layout.fillWidth: true
        placeholderText: qsTr("Search articles used, Enter adds")
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
            if (!results.visible && articleModel.count > 0)
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

        Popup {
            id: results
            y: field.height + 2
            width: field.width
            height: Math.max(40, Math.min(list.contentHeight + 2 * padding, 300))
            padding: 1
            focus: false
            closePolicy: Popup.CloseOnPressOutsideParent

            ListView {
                id: list
                objectName: "quickLogArticleResults"
                anchors.fill: parent
                clip: true
                model: articleModel
                currentIndex: 0
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: hit
                    required property int index
                    required property var model
                    required property string title
                    required property string kind
                    required property string status
                    width: ListView.view.width
                    highlighted: ListView.isCurrentItem
                    focusPolicy: Qt.NoFocus
                    text: hit.title + "  ·  " + hit.kind.replace(/_/g, " ") + (hit.status !== "published" ? " (" + hit.status.replace(/_/g, " ") + ")" : "")
                    onClicked: {
                        picker.add(hit.model.id, hit.title)
                        field.text = ""
                        results.close()
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: articleModel.count === 0 && !articleModel.loading
                    text: qsTr("No article matches")
                    color: Theme.mutedText
                }
            }
        }
    }

    Repeater {
        model: chosen
        delegate: RowLayout {
            id: usedRow
            required property int index
            required property string articleId
            required property string title
            required property string how
            required property string understood
            Layout.fillWidth: true
            spacing: Theme.spacing / 2

            Label {
                Layout.fillWidth: true
                text: usedRow.title
                elide: Text.ElideRight
                MouseArea {
                    anchors.fill: parent
                    cursorShape: Qt.PointingHandCursor
                    onClicked: picker.openArticleRequested(usedRow.articleId)
                }
            }
            ComboBox {
                Layout.preferredWidth: 110
                model: ["verbal", "written", "electronic", "image"]
                currentIndex: Math.max(0, model.indexOf(usedRow.how))
                onActivated: chosen.setProperty(usedRow.index, "how", currentText)
            }
            ComboBox {
                Layout.preferredWidth: 140
                textRole: "label"
                valueRole: "value"
                model: [
                    { value: "yes", label: qsTr("Understood") },
                    { value: "no", label: qsTr("Not understood") },
                    { value: "", label: qsTr("Not asked") }
                ]
                currentIndex: Math.max(0, ["yes", "no", ""].indexOf(usedRow.understood))
                onActivated: chosen.setProperty(usedRow.index, "understood", currentValue)
            }
            ToolButton {
                text: "✕"
                onClicked: chosen.remove(usedRow.index)
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: qsTr("Remove")
            }
        }
    }
}
