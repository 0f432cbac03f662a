import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Knowledge

// Creating or editing an article: title, kind, summary, body, category, tags, products and the
// key messages it cites. Ctrl+S saves, Esc cancels; the lifecycle buttons the role allows save
// first, then move the article. A refusal naming a field shows next to that field.
Pane {
    id: editor
    padding: 0

    required property KnowledgeActions actions
    required property CategoryTreeModel categories

    // "" while writing a new article.
    property string articleId: ""
    property var original: ({})
    property string status: "draft"
    property var fieldErrors: ({})
    property string generalError: ""
    property var keyMessageIds: []
    // A lifecycle move to make once the pending save is in.
    property string pendingStatus: ""
    readonly property bool isNew: articleId === ""

    signal saved(string articleId)
    signal cancelled()

    readonly property var kinds: [
        { value: "answer", label: qsTr("Answer") },
        { value: "faq", label: qsTr("FAQ") },
        { value: "procedure", label: qsTr("Procedure") },
        { value: "key_message", label: qsTr("Key message") },
        { value: "product_info", label: qsTr("Product info") }
    ]

    function startNew(categoryId) {
        articleId = ""
        original = ({})
        status = "draft"
        fill({ kind: "answer", category_id: categoryId || "" })
    }

    function startEdit(id, fields) {
        articleId = id
        original = fields
        status = fields.status || "draft"
        fill(fields)
    }

    function fill(fields) {
        fieldErrors = ({})
        generalError = ""
        pendingStatus = ""
        titleField.text = fields.title || ""
        kindBox.currentIndex = Math.max(0, kindBox.indexOfValue(fields.kind || "answer"))
        categoryBox.select(fields.category_id || "")
        summaryArea.text = fields.summary || ""
        bodyArea.text = fields.body || ""
        tagsField.text = (fields.tags || []).join(", ")
        productsField.text = (fields.products || []).join(", ")
        keyMessageIds = (fields.key_message_ids || []).slice()
        titleField.forceActiveFocus()
    }

    function splitList(text) {
        return text.split(",").map(item => item.trim()).filter(item => item.length > 0)
    }

    // The field values as the form holds them.
    function values() {
        return {
            title: titleField.text.trim(),
            kind: kindBox.currentValue,
            category_id: categoryBox.currentValue || "",
            summary: summaryArea.text.trim(),
            body: bodyArea.text,
            tags: splitList(tagsField.text),
            products: splitList(productsField.text),
            key_message_ids: keyMessageIds
        }
    }

    function sameValue(a, b) {
        const empty = v => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)
        if (empty(a) && empty(b))
            return true
        return JSON.stringify(a) === JSON.stringify(b)
    }

    // The values that differ from the article as it was opened.
    function changes() {
        const current = values()
        const changed = {}
        for (const name in current) {
            if (!sameValue(current[name], original[name]))
                changed[name] = current[name]
        }
        return changed
    }

    readonly property bool dirty: {
        // Re-evaluated as the fields change.
        titleField.text; kindBox.currentIndex; categoryBox.currentIndex; summaryArea.text; bodyArea.text
        tagsField.text; productsField.text; keyMessageIds
        return Object.keys(changes()).length > 0
    }

    function save() {
        if (actions.busy)
            return
        fieldErrors = ({})
        generalError = ""
        if (isNew) {
            actions.createArticle(values())
            return
        }
        const changed = changes()
        if (Object.keys(changed).length === 0) {
            afterSave(articleId)
            return
        }
        actions.updateArticle(articleId, changed)
    }

    function afterSave(id) {
        articleId = id
        original = values()
        if (pendingStatus !== "") {
            const target = pendingStatus
            pendingStatus = ""
            actions.changeStatus(id, target)
            return
        }
        saved(id)
    }

    function move(target) {
        pendingStatus = target
        save()
    }

    function cancel() {
        fieldErrors = ({})
        generalError = ""
        cancelled()
    }

    function toggleKeyMessage(id, on) {
        const ids = keyMessageIds.filter(item => item !== id)
        if (on)
            ids.push(id)
        keyMessageIds = ids
    }

    Connections {
        target: editor.actions
        enabled: editor.visible
        function onCreated(articleId) { editor.afterSave(articleId) }
        function onSaved(articleId, markedForReview) { if (articleId === editor.articleId) editor.afterSave(articleId) }
        function onStatusChanged(articleId, status) { if (articleId === editor.articleId) { editor.status = status; editor.saved(articleId) } }
        function onFailed(action, message, fieldErrors) {
            if (action !== "create" && action !== "update" && action !== "status")
                return
            editor.pendingStatus = ""
            editor.fieldErrors = fieldErrors
            // A message naming no field of the form shows at the top.
            const shown = ["title", "kind", "category_id", "summary", "body", "tags", "products", "key_message_ids"]
            editor.generalError = shown.some(name => fieldErrors[name] !== undefined) ? "" : message
        }
    }

    Shortcut {
        sequences: [StandardKey.Save]
        enabled: editor.visible
        onActivated: editor.save()
    }
    Shortcut {
        sequences: [StandardKey.Cancel]
        enabled: editor.visible
        onActivated: editor.cancel()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // ---- Header: what is edited, Save, Cancel, lifecycle
        ColumnLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: editor.isNew ? qsTr("New article") : qsTr("Editing “%1”").arg(editor.original.title || "")
                font.bold: true
                elide: Text.ElideRight
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacing
                StatusBadge {
                    status: editor.status
                    height: saveButton.height
                }
                Button {
                    id: saveButton
                    objectName: "saveArticleButton"
                    text: editor.isNew ? qsTr("Save draft") : qsTr("Save")
                    highlighted: true
                    enabled: !editor.actions.busy
                    onClicked: editor.save()
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Ctrl+S")
                }
                Button {
                    text: qsTr("Cancel")
                    onClicked: editor.cancel()
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Esc")
                }
                Repeater {
                    model: editor.isNew ? [] : editor.actions.transitions(editor.status)
                    delegate: Button {
                        required property var modelData
                        text: editor.dirty ? qsTr("Save and %1").arg(modelData.label.toLowerCase()) : modelData.label
                        enabled: !editor.actions.busy
                        onClicked: editor.move(modelData.status)
                    }
                }
            }
            ErrorLabel { text: editor.generalError; objectName: "editorError" }
        }

        Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.divider }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: scroll.availableWidth
                spacing: Theme.spacing / 2

                FieldLabel { text: qsTr("Title"); buddy: titleField }
                TextField {
                    id: titleField
                    objectName: "titleField"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    placeholderText: qsTr("What the customer asks, in their words")
                    onAccepted: editor.save()
                }
                ErrorLabel { text: editor.fieldErrors.title || "" }

                RowLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    spacing: Theme.margin
                    ColumnLayout {
                        Layout.preferredWidth: 1
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: qsTr("Kind"); color: Theme.mutedText }
                        ComboBox {
                            id: kindBox
                            objectName: "kindField"
                            Layout.fillWidth: true
                            model: editor.kinds
                            textRole: "label"
                            valueRole: "value"
                            Accessible.name: qsTr("Kind")
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: text.length > 0
                            text: editor.fieldErrors.kind || ""
                            color: Theme.bad
                            wrapMode: Text.WordWrap
                        }
                    }
                    ColumnLayout {
                        Layout.preferredWidth: 2
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: qsTr("Category"); color: Theme.mutedText }
                        ComboBox {
                            id: categoryBox
                            objectName: "categoryField"
                            Layout.fillWidth: true
                            Accessible.name: qsTr("Category")
                            textRole: "label"
                            valueRole: "value"
                            property string wanted: ""
                            model: {
                                editor.categories.count // rebuilt when the tree changes
                                const options = [{ value: "", label: qsTr("No category") }]
                                for (let i = 0; i < editor.categories.count; ++i) {
                                    const node = editor.categories.get(i)
                                    options.push({ value: node.id, label: "    ".repeat(node.depth) + node.name })
                                }
                                return options
                            }
                            displayText: currentValue ? editor.categories.pathOf(currentValue) : qsTr("No category")
                            onModelChanged: select(wanted)
                            function select(id) {
                                wanted = id
                                currentIndex = Math.max(0, indexOfValue(id))
                            }
                            onActivated: wanted = currentValue
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: text.length > 0
                            text: editor.fieldErrors.category_id || ""
                            color: Theme.bad
                            wrapMode: Text.WordWrap
                        }
                    }
                }

                FieldLabel { text: qsTr("Summary"); buddy: summaryArea }
                TextArea {
                    id: summaryArea
                    background: FieldFrame { field: summaryArea }
                    objectName: "summaryField"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    Layout.minimumHeight: 56
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("The answer in one or two sentences")
                    KeyNavigation.priority: KeyNavigation.BeforeItem
                    KeyNavigation.tab: bodyArea
                }
                ErrorLabel { text: editor.fieldErrors.summary || "" }

                FieldLabel { text: qsTr("Body"); buddy: bodyArea }
                TextArea {
                    id: bodyArea
                    background: FieldFrame { field: bodyArea }
                    objectName: "bodyField"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    Layout.minimumHeight: 180
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("Steps, conditions and what to tell the customer")
                    KeyNavigation.priority: KeyNavigation.BeforeItem
                    KeyNavigation.tab: tagsField
                }
                ErrorLabel { text: editor.fieldErrors.body || "" }

                FieldLabel { text: qsTr("Tags (comma separated)"); buddy: tagsField }
                TextField {
                    id: tagsField
                    objectName: "tagsField"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    onAccepted: editor.save()
                }
                ErrorLabel { text: editor.fieldErrors.tags || "" }

                FieldLabel { text: qsTr("Products (comma separated)"); buddy: productsField }
                TextField {
                    id: productsField
                    objectName: "productsField"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    onAccepted: editor.save()
                }
                ErrorLabel { text: editor.fieldErrors.products || "" }

                FieldLabel { text: qsTr("Key messages cited (%1)").arg(editor.keyMessageIds.length) }
                TextField {
                    id: keyMessageFilter
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    placeholderText: qsTr("Filter key messages")
                }
                Repeater {
                    model: KeyMessagesModel { id: keyMessages }
                    delegate: CheckBox {
                        required property var model
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.margin
                        Layout.rightMargin: Theme.margin
                        visible: model.id !== editor.articleId
                                 && (keyMessageFilter.text === ""
                                     || model.title.toLowerCase().indexOf(keyMessageFilter.text.toLowerCase()) >= 0)
                        text: model.title + (model.status !== "published" ? qsTr(" (%1)").arg(model.status) : "")
                        checked: editor.keyMessageIds.indexOf(model.id) >= 0
                        onToggled: {
                            editor.toggleKeyMessage(model.id, checked)
                            checked = Qt.binding(() => editor.keyMessageIds.indexOf(model.id) >= 0)
                        }
                    }
                }
                Label {
                    Layout.leftMargin: Theme.margin
                    visible: keyMessages.count === 0
                    text: qsTr("There are no key messages yet.")
                    color: Theme.mutedText
                }
                ErrorLabel { text: editor.fieldErrors.key_message_ids || "" }
                Item { implicitHeight: Theme.margin }
            }
        }
    }

    // The frame of a multi-line field (Fusion draws none around a TextArea).
    component FieldFrame: Rectangle {
        property Item field
        color: Theme.base
        radius: 2
        border.width: 1
        border.color: field && field.activeFocus ? Theme.highlight : Qt.rgba(Theme.text.r, Theme.text.g, Theme.text.b, 0.3)
    }

    component FieldLabel: Label {
        property Item buddy
        Layout.leftMargin: Theme.margin
        Layout.topMargin: Theme.spacing
        color: Theme.mutedText
    }

    component ErrorLabel: Label {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.margin
        Layout.rightMargin: Theme.margin
        visible: text.length > 0
        color: Theme.bad
        wrapMode: Text.WordWrap
    }
}
