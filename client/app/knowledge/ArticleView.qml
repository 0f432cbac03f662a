import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Knowledge

// One article to read: title, status, summary, body, category, tags, products, freshness, the
// key messages it cites, helpfulness ("Was this helpful?"), comments, and its history: who
// changed what, from the server while online; offline, when each field last changed, as the
// replica knows it. Lifecycle buttons show what the signed-in role may do.
Pane {
    id: view
    padding: 0

    required property KnowledgeActions actions
    property string articleId: ""
    property string referenceDay: ""
    readonly property alias article: articleModel
    readonly property string title: articleModel.fields.title || ""

    signal editRequested()
    signal openArticleRequested(string articleId)

    // The vote given in this view for the article shown ("" none yet).
    property string vote: ""
    onArticleIdChanged: { vote = ""; commentField.text = "" }

    ArticleModel {
        id: articleModel
        articleId: view.articleId
        referenceDay: view.referenceDay
    }
    CommentsModel {
        id: commentsModel
        articleId: view.articleId
    }
    RecordHistoryModel {
        id: historyModel
        objectName: "articleHistory"
        collection: "article"
        recordId: view.articleId
        revision: articleModel.lastEditedAt // an edit (here or arriving) asks the server again
    }
    readonly property alias history: historyModel
    // The server's history is on screen (else the replica's per-field times are).
    readonly property bool serverHistoryShown: historyModel.available && historyModel.loaded && historyModel.count > 0
    readonly property int historyShownLimit: 40
    Connections {
        target: view.actions
        function onVoted(articleId, helpful) { if (articleId === view.articleId) view.vote = helpful ? "yes" : "no" }
        function onCommented(articleId, commentId) { if (articleId === view.articleId) commentField.text = "" }
    }

    function kindLabel(kind) {
        switch (kind) {
        case "faq": return qsTr("FAQ")
        case "answer": return qsTr("Answer")
        case "procedure": return qsTr("Procedure")
        case "key_message": return qsTr("Key message")
        case "product_info": return qsTr("Product info")
        default: return kind || ""
        }
    }
    function listText(values) {
        return values && values.length ? values.join(", ") : qsTr("none")
    }
    function dayText(day) {
        if (!day)
            return ""
        const date = new Date(day + "T12:00:00Z")
        return isNaN(date.getTime()) ? day : date.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
    }
    function timeText(stamp) {
        if (!stamp)
            return ""
        const date = new Date(stamp)
        return isNaN(date.getTime()) ? stamp : date.toLocaleString(Qt.locale(), Locale.ShortFormat)
    }
    // What the history section says above the server's list ("" when the list speaks for itself).
    function historyMessage(available, loaded, error, count) {
        if (!available)
            return qsTr("History is available when online")
        if (error)
            return error
        if (!loaded)
            return qsTr("Loading the history from the server…")
        if (count === 0)
            return qsTr("The server has no changes of this article yet.")
        return ""
    }
    function verifiedText(freshness) {
        if (!freshness.verified_on)
            return qsTr("Never verified")
        const who = freshness.verified_by ? qsTr(" by %1").arg(freshness.verified_by) : ""
        const ago = freshness.days_since_verified !== undefined
                  ? qsTr(" (%n day(s) ago)", "", freshness.days_since_verified) : ""
        return qsTr("Verified %1%2%3").arg(dayText(freshness.verified_on)).arg(who).arg(ago)
    }
    function reviewText(freshness) {
        if (!freshness.review_due)
            return qsTr("No review date")
        const days = freshness.days_until_review
        if (freshness.review_overdue)
            return qsTr("Review overdue since %1 (%n day(s))", "", -days).arg(dayText(freshness.review_due))
        return qsTr("Review due %1 (in %n day(s))", "", days).arg(dayText(freshness.review_due))
    }

    // Nothing chosen yet.
    Label {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        visible: view.articleId === "" || (!articleModel.found && !articleModel.loading)
        color: Theme.mutedText
        text: view.articleId === "" ? qsTr("Search, or pick an article from the list.")
                                    : (articleModel.error || qsTr("This article is no longer in the replica."))
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        visible: articleModel.found
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            id: content
            width: scroll.availableWidth
            spacing: Theme.spacing

            // ---- Title, badges, actions
            ColumnLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                Layout.bottomMargin: 0
                spacing: Theme.spacing

                Label {
                    objectName: "articleTitle"
                    Layout.fillWidth: true
                    text: view.title
                    wrapMode: Text.WordWrap
                    font.pointSize: Qt.application.font.pointSize > 0 ? Math.round(Qt.application.font.pointSize * 1.4) : 14
                    font.bold: true
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    StatusBadge { status: articleModel.fields.status || "" }
                    StatusBadge { label: view.kindLabel(articleModel.fields.kind); tone: Theme.mutedText }
                    StatusBadge {
                        label: articleModel.freshness.needs_review ? qsTr("Needs review") : ""
                        tone: Theme.warning
                    }
                    StatusBadge {
                        label: articleModel.freshness.expired ? qsTr("Expired") : ""
                        tone: Theme.bad
                    }
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    Button {
                        objectName: "editArticleButton"
                        text: qsTr("Edit")
                        icon.name: "document-edit"
                        onClicked: view.editRequested()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Edit this article (Ctrl+E)")
                    }
                    Repeater {
                        model: view.actions.transitions(articleModel.fields.status || "")
                        delegate: Button {
                            required property var modelData
                            text: modelData.label
                            enabled: !view.actions.busy
                            onClicked: view.actions.changeStatus(view.articleId, modelData.status)
                        }
                    }
                    Button {
                        objectName: "verifyArticleButton"
                        text: qsTr("Mark verified")
                        visible: App.supervisor
                        enabled: !view.actions.busy
                        onClicked: view.actions.verify(view.articleId)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Record that you checked this article today")
                    }
                }
            }

            // ---- Needs review banner
            Rectangle {
                objectName: "needsReviewBanner"
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                visible: articleModel.freshness.needs_review === true || articleModel.freshness.review_overdue === true
                implicitHeight: bannerText.implicitHeight + 2 * Theme.spacing
                radius: Theme.radius
                color: Qt.rgba(Theme.warning.r, Theme.warning.g, Theme.warning.b, 0.15)
                border.color: Theme.warning
                Label {
                    id: bannerText
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    wrapMode: Text.WordWrap
                    text: articleModel.freshness.needs_review
                          ? qsTr("Needs review: %1").arg(articleModel.freshness.review_reason
                                                         || qsTr("a reviewer asked for it"))
                          : qsTr("The review of this article is overdue.")
                }
            }

            // ---- Facts
            GridLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                columns: 2
                columnSpacing: Theme.margin
                rowSpacing: 2

                Label { text: qsTr("Category"); color: Theme.mutedText }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: articleModel.categoryPath.length ? articleModel.categoryPath.join(" › ") : qsTr("none")
                }
                Label { text: qsTr("Tags"); color: Theme.mutedText }
                Label { Layout.fillWidth: true; wrapMode: Text.WordWrap; text: view.listText(articleModel.fields.tags) }
                Label { text: qsTr("Products"); color: Theme.mutedText }
                Label { Layout.fillWidth: true; wrapMode: Text.WordWrap; text: view.listText(articleModel.fields.products) }
                Label { text: qsTr("Verified"); color: Theme.mutedText }
                Label {
                    objectName: "verifiedLabel"
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: view.verifiedText(articleModel.freshness)
                }
                Label { text: qsTr("Review"); color: Theme.mutedText }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: view.reviewText(articleModel.freshness)
                    color: articleModel.freshness.review_overdue ? Theme.bad : Theme.text
                }
                Label {
                    text: qsTr("Valid until")
                    color: Theme.mutedText
                    visible: !!articleModel.freshness.valid_to
                }
                Label {
                    Layout.fillWidth: true
                    visible: !!articleModel.freshness.valid_to
                    text: view.dayText(articleModel.freshness.valid_to)
                          + (articleModel.freshness.expired ? qsTr(" (expired)") : "")
                    color: articleModel.freshness.expired ? Theme.bad : Theme.text
                }
                Label { text: qsTr("Owner"); color: Theme.mutedText; visible: !!articleModel.fields.owner }
                Label { Layout.fillWidth: true; text: articleModel.fields.owner || ""; visible: !!articleModel.fields.owner }
            }

            // ---- Summary and body
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.topMargin: Theme.spacing
                visible: text.length > 0
                text: articleModel.fields.summary || ""
                wrapMode: Text.WordWrap
                font.italic: true
            }
            TextEdit {
                objectName: "articleBody"
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                readOnly: true
                selectByMouse: true
                textFormat: TextEdit.PlainText
                wrapMode: TextEdit.Wrap
                color: Theme.text
                selectionColor: Theme.highlight
                selectedTextColor: Theme.highlightedText
                font: Qt.application.font
                text: articleModel.fields.body || ""
                activeFocusOnTab: false
            }

            // ---- Key messages
            Section {
                title: qsTr("Key messages cited")
                visible: articleModel.keyMessages.length > 0
                Repeater {
                    model: articleModel.keyMessages
                    delegate: LinkButton {
                        required property var modelData
                        text: modelData.missing ? qsTr("%1 (no longer in the replica)").arg(modelData.id)
                                                : modelData.title
                        enabled: !modelData.missing
                        onClicked: view.openArticleRequested(modelData.id)
                    }
                }
            }
            Section {
                title: qsTr("Cited by")
                visible: articleModel.citedBy.length > 0
                Repeater {
                    model: articleModel.citedBy
                    delegate: LinkButton {
                        required property var modelData
                        text: modelData.title + (modelData.needs_review ? qsTr(" — needs review") : "")
                        onClicked: view.openArticleRequested(modelData.id)
                    }
                }
            }

            // ---- Helpfulness
            Section {
                title: qsTr("Was this helpful?")
                RowLayout {
                    spacing: Theme.spacing
                    Button {
                        objectName: "helpfulYesButton"
                        text: qsTr("Yes")
                        enabled: view.vote === "" && !view.actions.busy
                        highlighted: view.vote === "yes"
                        onClicked: view.actions.recordHelpful(view.articleId, true)
                    }
                    Button {
                        objectName: "helpfulNoButton"
                        text: qsTr("No")
                        enabled: view.vote === "" && !view.actions.busy
                        highlighted: view.vote === "no"
                        onClicked: view.actions.recordHelpful(view.articleId, false)
                    }
                    Label {
                        objectName: "helpfulnessCounts"
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        color: Theme.mutedText
                        text: (view.vote !== "" ? qsTr("Thanks. ") : "")
                              + qsTr("%1 found it helpful, %2 did not")
                                  .arg(articleModel.helpfulness.helpful || 0)
                                  .arg(articleModel.helpfulness.not_helpful || 0)
                              + ((articleModel.helpfulness.worked || articleModel.helpfulness.partly
                                  || articleModel.helpfulness.not)
                                 ? qsTr("; used: %1 worked, %2 partly, %3 not")
                                     .arg(articleModel.helpfulness.worked || 0)
                                     .arg(articleModel.helpfulness.partly || 0)
                                     .arg(articleModel.helpfulness.not || 0)
                                 : "")
                    }
                }
            }

            // ---- Comments
            Section {
                title: qsTr("Comments (%1)").arg(commentsModel.count)
                Repeater {
                    model: commentsModel
                    delegate: ColumnLayout {
                        required property var model
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            text: model.author || qsTr("(unknown)")
                            font.bold: true
                        }
                        Label {
                            Layout.fillWidth: true
                            text: model.body
                            wrapMode: Text.WordWrap
                        }
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: commentField
                        objectName: "commentField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Add a comment, Enter to post")
                        onAccepted: addCommentButton.clicked()
                    }
                    Button {
                        id: addCommentButton
                        text: qsTr("Post")
                        enabled: commentField.text.trim().length > 0 && !view.actions.busy
                        onClicked: if (enabled) view.actions.addComment(view.articleId, commentField.text)
                    }
                }
            }

            // ---- History
            Section {
                title: qsTr("History")
                RowLayout {
                    Layout.fillWidth: true
                    visible: historyMessageLabel.text.length > 0
                    BusyIndicator {
                        running: historyModel.loading && !historyModel.loaded
                        visible: running
                        Layout.preferredWidth: 20
                        Layout.preferredHeight: 20
                    }
                    Label {
                        id: historyMessageLabel
                        objectName: "historyMessage"
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        color: historyModel.error ? Theme.bad : Theme.mutedText
                        text: view.historyMessage(historyModel.available, historyModel.loaded, historyModel.error,
                                                  historyModel.count)
                    }
                }
                // The server's history, newest change first.
                Repeater {
                    objectName: "historyList"
                    model: view.serverHistoryShown ? historyModel : null
                    delegate: ColumnLayout {
                        required property int index
                        required property string field
                        required property string value
                        required property string author
                        required property string received_at
                        Layout.fillWidth: true
                        visible: index < view.historyShownLimit
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            textFormat: Text.StyledText
                            text: qsTr("<b>%1</b> changed by %2, %3").arg(field).arg(author || qsTr("(unknown)"))
                                      .arg(view.timeText(received_at))
                        }
                        Label {
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.margin
                            text: value.length > 0 ? value.replace(/\s+/g, " ") : qsTr("(cleared)")
                            font.italic: value.length === 0
                            color: Theme.mutedText
                            elide: Text.ElideRight
                        }
                    }
                }
                Label {
                    visible: view.serverHistoryShown && historyModel.count > view.historyShownLimit
                    color: Theme.mutedText
                    text: qsTr("… and %n older change(s)", "", historyModel.count - view.historyShownLimit)
                }
                // What this replica knows, when the server's history is not on screen.
                Label {
                    objectName: "lastChangedNote"
                    Layout.fillWidth: true
                    visible: !view.serverHistoryShown
                    wrapMode: Text.WordWrap
                    color: Theme.mutedText
                    text: (articleModel.lastEditedAt ? qsTr("Last edited %1. ").arg(view.timeText(articleModel.lastEditedAt)) : "")
                          + qsTr("When each field last changed, as this replica knows it:")
                }
                Repeater {
                    objectName: "lastChangedList"
                    model: view.serverHistoryShown ? [] : articleModel.changes.slice(0, 8)
                    delegate: Label {
                        required property var modelData
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                        text: qsTr("%1 — %2").arg(view.timeText(modelData.at)).arg(modelData.field)
                    }
                }
            }
            Item { implicitHeight: Theme.margin }
        }
    }

    // A titled block of the article.
    component Section: ColumnLayout {
        id: section
        property string title
        default property alias items: body.data
        Layout.fillWidth: true
        Layout.leftMargin: Theme.margin
        Layout.rightMargin: Theme.margin
        Layout.topMargin: Theme.spacing
        spacing: Theme.spacing / 2
        Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.divider }
        Label { text: section.title; font.bold: true }
        ColumnLayout {
            id: body
            Layout.fillWidth: true
            spacing: Theme.spacing / 2
        }
    }

    // A flat button that reads as a link to another article.
    component LinkButton: Button {
        flat: true
        padding: 2
        leftPadding: 0
        contentItem: Label {
            text: parent.text
            color: Theme.info
            font.underline: parent.hovered || parent.activeFocus
            elide: Text.ElideRight
        }
    }
}
