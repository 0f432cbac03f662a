import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Knowledge

// Knowledge: search as you type (typos forgiven, matches highlighted), filters, the category
// tree and tag and product chips on the left, the results in the middle, the article or the
// editor on the right.
//
// Keys: Ctrl+K (Main) focuses the search; Down goes to the results, Up/Down move through them
// and show each; Enter in the search opens the first result; Ctrl+N writes a new article,
// Ctrl+E edits the one shown, Ctrl+S saves in the editor, Esc leaves it.
Item {
    id: page
    objectName: "knowledgePage"

    // YYYY-MM-DD for "valid today" and freshness; empty: today (tests set the demo's day).
    property string referenceDay: ""
    // The article shown on the right ("" none).
    property string currentArticleId: ""
    property bool editing: false
    readonly property alias searchModel: results
    readonly property alias actions: knowledgeActions

    property var screenshotChecks: ["knowledgeSearchField", "articleList", "articleView", "categoryTree"]

    function focusSearch() {
        searchField.forceActiveFocus()
        searchField.selectAll()
    }

    function openArticle(articleId) {
        editing = false
        currentArticleId = articleId || ""
        resultList.currentIndex = rowOf(currentArticleId)
    }

    function newArticle() {
        editor.startNew(results.categoryId)
        editing = true
    }

    function editArticle() {
        if (currentArticleId === "" || !articleView.article.found)
            return
        editor.startEdit(currentArticleId, articleView.article.fields)
        editing = true
    }

    // A draft answer from an interaction, opened in the editor once it is written.
    function draftFromInteraction(interactionId) {
        knowledgeActions.draftFromInteraction(interactionId)
    }

    function kindLabel(kind) {
        const known = filters.kinds.find(item => item.value === kind)
        return known ? known.label : (kind || "")
    }

    function rowOf(articleId) {
        for (let row = 0; row < results.count; ++row) {
            if (results.get(row).id === articleId)
                return row
        }
        return -1
    }

    function showRow(row) {
        if (row < 0 || row >= results.count)
            return
        resultList.currentIndex = row
        editing = false
        currentArticleId = results.get(row).id
    }

    // The screenshot shows the first result opened.
    property bool openFirstWhenLoaded: false
    function prepareScreenshot() {
        if (results.count > 0 && !results.loading)
            showRow(0)
        else
            openFirstWhenLoaded = true
    }

    SearchModel {
        id: results
        matchColor: Theme.match
        referenceDay: page.referenceDay
        onRefreshed: {
            if (page.openFirstWhenLoaded && count > 0) {
                page.openFirstWhenLoaded = false
                page.showRow(0)
                return
            }
            resultList.currentIndex = page.rowOf(page.currentArticleId)
        }
    }

    KnowledgeActions {
        id: knowledgeActions
        onCreated: articleId => page.currentArticleId = articleId
        onDrafted: (articleId, interactionId) => {
            page.openArticle(articleId)
            draftEditTimer.articleId = articleId
            draftEditTimer.start()
        }
    }
    // A fresh draft opens in the editor once the view has read it.
    Timer {
        id: draftEditTimer
        property string articleId: ""
        interval: 50
        repeat: true
        onTriggered: {
            if (page.currentArticleId !== articleId) {
                stop()
            } else if (articleView.article.found && !articleView.article.loading) {
                stop()
                page.editArticle()
            }
        }
    }

    Shortcut {
        sequences: ["Ctrl+N"]
        enabled: page.visible && !page.editing
        onActivated: page.newArticle()
    }
    Shortcut {
        sequences: ["Ctrl+E"]
        enabled: page.visible && !page.editing && page.currentArticleId !== ""
        onActivated: page.editArticle()
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        KnowledgeFilters {
            id: filters
            search: results
            Layout.fillHeight: true
            Layout.preferredWidth: Math.round(Math.max(220, Math.min(300, page.width * 0.2)))
        }

        Rectangle { Layout.fillHeight: true; implicitWidth: 1; color: Theme.divider }

        // ---- Search and results
        Pane {
            Layout.fillHeight: true
            Layout.preferredWidth: Math.round(Math.max(340, Math.min(520, page.width * 0.34)))
            padding: 0

            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacing

                RowLayout {
                    Layout.fillWidth: true
                    Layout.margins: Theme.margin
                    Layout.bottomMargin: 0
                    spacing: Theme.spacing

                    TextField {
                        id: searchField
                        objectName: "knowledgeSearchField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Search articles (Ctrl+K)")
                        selectByMouse: true
                        onTextChanged: results.query = text
                        Keys.onDownPressed: {
                            if (results.count > 0) {
                                page.showRow(Math.max(0, resultList.currentIndex))
                                resultList.forceActiveFocus()
                            }
                        }
                        Keys.onEscapePressed: event => {
                            if (text.length > 0) {
                                text = ""
                                event.accepted = true
                            } else {
                                event.accepted = false
                            }
                        }
                        onAccepted: {
                            results.commit()
                            if (results.count > 0 && !results.loading)
                                page.showRow(Math.max(0, resultList.currentIndex))
                        }
                        Accessible.name: qsTr("Search articles")
                    }
                    Button {
                        objectName: "newArticleButton"
                        text: qsTr("New article")
                        onClicked: page.newArticle()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Write a new article (Ctrl+N)")
                    }
                }

                Label {
                    objectName: "correctionsLabel"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    visible: text.length > 0
                    text: results.corrections
                    color: Theme.info
                    wrapMode: Text.WordWrap
                }
                Label {
                    objectName: "resultCountLabel"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                    color: Theme.mutedText
                    elide: Text.ElideRight
                    text: {
                        if (results.error !== "")
                            return results.error
                        if (results.browsing)
                            return qsTr("%n article(s), newest first", "", results.count)
                        return results.count === 0 && !results.loading
                               ? qsTr("No articles match “%1”.").arg(results.query.trim())
                               : qsTr("%n result(s)", "", results.count)
                    }
                }

                Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.divider }

                ListView {
                    id: resultList
                    objectName: "articleList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: results
                    currentIndex: -1
                    activeFocusOnTab: true
                    boundsBehavior: Flickable.StopAtBounds
                    highlightMoveDuration: 0
                    ScrollBar.vertical: ScrollBar {}

                    Keys.onDownPressed: page.showRow(Math.min(results.count - 1, currentIndex + 1))
                    Keys.onUpPressed: {
                        if (currentIndex <= 0)
                            searchField.forceActiveFocus()
                        else
                            page.showRow(currentIndex - 1)
                    }
                    Keys.onReturnPressed: articleView.forceActiveFocus()
                    Keys.onEnterPressed: articleView.forceActiveFocus()

                    delegate: ItemDelegate {
                        id: row
                        required property var model
                        required property int index
                        width: ListView.view.width
                        highlighted: ListView.isCurrentItem
                        onClicked: page.showRow(index)
                        Accessible.name: model.title

                        // A light selection keeps the highlighted matches readable.
                        background: Rectangle {
                            color: row.highlighted ? Qt.rgba(Theme.highlight.r, Theme.highlight.g, Theme.highlight.b, 0.18)
                                                   : (row.hovered ? Qt.rgba(Theme.text.r, Theme.text.g, Theme.text.b, 0.05)
                                                                  : "transparent")
                            Rectangle {
                                width: 3
                                height: parent.height
                                color: Theme.highlight
                                visible: row.highlighted
                            }
                            Rectangle {
                                anchors.bottom: parent.bottom
                                width: parent.width
                                height: 1
                                color: Theme.divider
                            }
                        }

                        contentItem: ColumnLayout {
                            spacing: 2
                            Label {
                                Layout.fillWidth: true
                                text: row.model.title
                                font.bold: true
                                elide: Text.ElideRight
                                color: Theme.text
                            }
                            RowLayout {
                                spacing: Theme.spacing
                                StatusBadge { status: row.model.status }
                                StatusBadge {
                                    label: row.model.needs_review ? qsTr("Needs review") : ""
                                    tone: Theme.warning
                                }
                                Label {
                                    Layout.fillWidth: true
                                    text: page.kindLabel(row.model.kind)
                                    color: Theme.mutedText
                                    elide: Text.ElideRight
                                }
                            }
                            Label {
                                Layout.fillWidth: true
                                Layout.maximumHeight: implicitHeight > 0 ? Math.min(implicitHeight, 3.2 * fontMetrics.height) : 0
                                clip: true
                                visible: text.length > 0
                                textFormat: Text.RichText
                                wrapMode: Text.WordWrap
                                color: Theme.text
                                text: row.model.snippetHtml
                                      || (row.model.tags && row.model.tags.length ? row.model.tags.join(" · ") : "")
                            }
                        }
                    }

                    Label {
                        anchors.centerIn: parent
                        width: parent.width - 2 * Theme.margin
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.WordWrap
                        visible: results.count === 0 && !results.loading
                        color: Theme.mutedText
                        text: results.browsing ? qsTr("No articles with these filters.")
                                               : qsTr("Nothing found. Try fewer or other words, or clear the filters.")
                    }
                }
            }
        }

        Rectangle { Layout.fillHeight: true; implicitWidth: 1; color: Theme.divider }

        // ---- The article, or the editor
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: page.editing ? 1 : 0

            ArticleView {
                id: articleView
                objectName: "articleView"
                actions: knowledgeActions
                articleId: page.currentArticleId
                referenceDay: page.referenceDay
                onEditRequested: page.editArticle()
                onOpenArticleRequested: articleId => page.openArticle(articleId)
            }
            ArticleEditor {
                id: editor
                objectName: "articleEditor"
                actions: knowledgeActions
                categories: filters.categories
                onSaved: articleId => {
                    page.editing = false
                    page.currentArticleId = articleId
                }
                onCancelled: {
                    page.editing = false
                    page.focusSearch()
                }
            }
        }
    }

    FontMetrics { id: fontMetrics }
}
