import QtQuick
import QtQuick.Controls
import QtTest
import Knowset.Core
import Knowset.Knowledge

// The Knowledge screen: type into the search, pick a result, read it; write a new draft and
// save it with Ctrl+S.
TestCase {
    id: testCase
    name: "Knowledge"
    when: windowShown
    width: 1280
    height: 800
    visible: true

    Component {
        id: pageComponent
        KnowledgePage {
            width: 1200
            height: 760
            referenceDay: "2026-11-20"
        }
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    // The longest plain word (7+ letters) of a published article's title in the list.
    function titleWord(model) {
        for (let row = 0; row < model.count; ++row) {
            if (model.get(row).status !== "published")
                continue
            const words = model.get(row).title.split(" ").filter(w => /^[A-Za-z]+$/.test(w))
            words.sort((a, b) => b.length - a.length)
            if (words.length > 0 && words[0].length >= 7)
                return { title: model.get(row).title, word: words[0].toLowerCase() }
        }
        return null
    }

    function test_search_select_and_read() {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(page)
        const field = findChild(page, "knowledgeSearchField")
        const list = findChild(page, "articleList")
        verify(field && list)
        // Browsing: the newest articles.
        tryVerify(() => list.count > 0 && !page.searchModel.loading, 15000)
        const picked = titleWord(page.searchModel)
        verify(picked, "a demo title with a long word")

        page.focusSearch()
        tryVerify(() => field.activeFocus)
        typeText(picked.word)
        compare(field.text, picked.word)
        // Search results have a rank (browsing rows have none).
        tryVerify(() => page.searchModel.query === picked.word && !page.searchModel.loading
                  && list.count > 0 && page.searchModel.get(0).rank >= 1, 15000)
        // Highlighted snippets come with the results.
        verify(page.searchModel.get(0).snippetHtml.indexOf("<span") >= 0)

        // Pick the result with that title.
        let row = -1
        for (let i = 0; i < list.count; ++i) {
            if (page.searchModel.get(i).title === picked.title)
                row = i
        }
        verify(row >= 0, "the article is among the results")
        list.positionViewAtIndex(row, ListView.Contain)
        let item = null
        tryVerify(() => { item = list.itemAtIndex(row); return item !== null })
        mouseClick(item)
        compare(list.currentIndex, row)

        const view = findChild(page, "articleView")
        const title = findChild(view, "articleTitle")
        verify(view.visible)
        tryCompare(title, "text", picked.title, 10000)
        verify(title.visible)

        // Down from the search field moves through the results.
        page.focusSearch()
        keyClick(Qt.Key_Down)
        tryVerify(() => list.activeFocus)
        compare(page.currentArticleId, page.searchModel.get(list.currentIndex).id)
    }

    function test_typo_shows_correction() {
        const page = createTemporaryObject(pageComponent, testCase)
        const list = findChild(page, "articleList")
        tryVerify(() => list.count > 0 && !page.searchModel.loading, 15000)
        const picked = titleWord(page.searchModel)
        const typo = picked.word.slice(0, picked.word.length / 2) + picked.word.slice(picked.word.length / 2 + 1)
        page.focusSearch()
        typeText(typo)
        const corrections = findChild(page, "correctionsLabel")
        tryVerify(() => corrections.visible && corrections.text.indexOf(typo) >= 0, 15000)
        verify(list.count > 0)
    }

    function test_ctrl_s_saves_a_new_draft() {
        const page = createTemporaryObject(pageComponent, testCase)
        const list = findChild(page, "articleList")
        tryVerify(() => list.count > 0, 15000)
        const newButton = findChild(page, "newArticleButton")
        mouseClick(newButton)
        verify(page.editing)
        const editor = findChild(page, "articleEditor")
        const titleField = findChild(editor, "titleField")
        tryVerify(() => editor.visible && titleField.activeFocus)

        // Saving without a title names the field.
        keySequence(StandardKey.Save)
        tryVerify(() => editor.fieldErrors.title !== undefined, 10000)
        verify(page.editing)

        typeText("Printer jams at the depot")
        const body = findChild(editor, "bodyField")
        body.forceActiveFocus()
        typeText("Open tray 2 and pull the sheet out.")
        keySequence(StandardKey.Save)
        tryVerify(() => !page.editing && page.currentArticleId !== "", 10000)

        const title = findChild(findChild(page, "articleView"), "articleTitle")
        tryCompare(title, "text", "Printer jams at the depot", 10000)
        const view = findChild(page, "articleView")
        tryVerify(() => view.article.fields.status === "draft")
        compare(view.article.fields.owner, "sam")
        compare(view.article.fields.body, "Open tray 2 and pull the sheet out.")
    }

    function test_escape_leaves_the_editor() {
        const page = createTemporaryObject(pageComponent, testCase)
        page.newArticle()
        const editor = findChild(page, "articleEditor")
        tryVerify(() => editor.visible)
        keyClick(Qt.Key_Escape)
        tryVerify(() => !page.editing)
        tryVerify(() => findChild(page, "knowledgeSearchField").activeFocus)
    }

    // Offline, the history says it needs a connection and the replica's per-field times stay.
    function test_history_offline_shows_the_replica_times() {
        const page = createTemporaryObject(pageComponent, testCase)
        const list = findChild(page, "articleList")
        tryVerify(() => list.count > 0 && !page.searchModel.loading, 15000)
        page.showRow(0)
        const view = findChild(page, "articleView")
        tryVerify(() => view.article.found && !view.article.loading, 10000)
        tryCompare(App, "syncState", "offline", 15000)
        verify(!view.history.available)
        compare(view.history.count, 0)
        verify(!view.serverHistoryShown)
        compare(findChild(view, "historyMessage").text, "History is available when online")
        const note = findChild(view, "lastChangedNote")
        verify(note.visible)
        verify(note.text.indexOf("When each field last changed") >= 0)
        verify(view.article.changes.length > 0)
        tryCompare(findChild(view, "lastChangedList"), "count", Math.min(8, view.article.changes.length))
    }

    function test_history_message_for_each_state() {
        const page = createTemporaryObject(pageComponent, testCase)
        const view = findChild(page, "articleView")
        compare(view.historyMessage(false, false, "", 0), "History is available when online")
        compare(view.historyMessage(false, true, "", 3), "History is available when online")
        compare(view.historyMessage(true, false, "", 0), "Loading the history from the server…")
        compare(view.historyMessage(true, false, "Could not load the history: x", 0), "Could not load the history: x")
        compare(view.historyMessage(true, true, "", 0), "The server has no changes of this article yet.")
        compare(view.historyMessage(true, true, "", 5), "")
    }
}
