import QtQuick
import QtQuick.Controls
import QtTest
import Knowset.Core
import Knowset.Conflicts

// The conflicts inbox, offline (supervisor sam): conflicts the server flagged are listed with
// both sides; a choice is saved at once and shown as waiting to sync; choosing again (a merged
// value) replaces it; a refusal by the server is shown with its reason.
TestCase {
    id: testCase
    name: "Conflicts"
    when: windowShown
    width: 1280
    height: 800
    visible: true

    Component {
        id: pageComponent
        ConflictsPage {
            width: 1200
            height: 760
        }
    }

    property var conflictIds: []

    function initTestCase() {
        conflictIds = [testData.addTitleConflict(0, "Refunds within 30 days", "Refunds within 14 days"),
                       testData.addTitleConflict(1, "Opening hours: 9 to 5", "Opening hours: 8 to 6")]
        verify(conflictIds[0].length > 0 && conflictIds[1].length > 0, "conflicts written")
    }
    function cleanupTestCase() {
        testData.settleConflicts()
    }

    function rowOf(page, id) {
        const list = findChild(page, "conflictList")
        for (let row = 0; row < list.count; ++row) {
            if (list.model.get(row).id === id)
                return row
        }
        return -1
    }
    function openPage() {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(page)
        const list = findChild(page, "conflictList")
        tryVerify(() => list.count >= 2, 10000)
        tryCompare(App, "syncState", "offline", 15000)
        return page
    }
    function selectConflict(page, id) {
        const row = rowOf(page, id)
        verify(row >= 0, "the conflict is listed")
        page.select(row)
        tryCompare(page, "selectedId", id)
        tryVerify(() => page.selected !== null && page.selected.id === id)
    }

    function test_badges_and_choice_texts() {
        const page = openPage()
        const open = { status: "open", resolution: "", resolution_value: "", resolution_refusal: "" }
        compare(page.badgeText(open, "offline"), "")
        compare(page.choiceText(open, "offline"), "")
        compare(page.choiceText(null, "live"), "")
        const waiting = { status: "open", resolution: "waiting", resolution_value: "A\n  b", resolution_refusal: "" }
        compare(page.badgeText(waiting, "offline"), "waiting to sync")
        compare(page.badgeText(waiting, "live"), "sending…")
        verify(page.choiceText(waiting, "offline").indexOf("“A b” is saved and waiting to sync") >= 0)
        verify(page.choiceText(waiting, "live").indexOf("on its way to the server") >= 0)
        const refused = { status: "open", resolution: "refused", resolution_value: "A", resolution_refusal: "no" }
        compare(page.badgeText(refused, "live"), "refused")
        compare(page.choiceText(refused, "live"), "The server refused your choice “A”: no. Choose again.")
        const late = { status: "resolved", resolution: "refused", resolution_value: "A",
                       resolution_refusal: "conflict x is already resolved" }
        compare(page.badgeText(late, "live"), "resolved by someone else")
        compare(page.choiceText(late, "live"), "Your choice “A” was not used: conflict x is already resolved.")
        compare(page.badgeText({ status: "resolved", resolution: "" }, "live"), "resolved")
    }

    function test_shows_both_sides() {
        const page = openPage()
        selectConflict(page, conflictIds[0])
        const winner = findChild(page, "winnerSide")
        const loser = findChild(page, "loserSide")
        compare(winner.value, "Refunds within 30 days")
        compare(winner.author, "alice")
        compare(loser.value, "Refunds within 14 days")
        compare(loser.author, "bob")
        verify(winner.typedAt.indexOf("2026-11-18") === 0)
        verify(winner.keepButton.enabled)
        verify(!findChild(page, "choiceNote").visible)
        verify(findChild(page, "agentNote").visible === false)
    }

    function test_keep_offline_is_saved_and_waits_then_merge_replaces_it_then_a_refusal_shows() {
        const page = openPage()
        const id = conflictIds[1]
        selectConflict(page, id)
        const loser = findChild(page, "loserSide")
        mouseClick(loser.keepButton)

        // Saved at once, offline: the row stays, marked as waiting, with what was chosen.
        tryVerify(() => page.selected.resolution === "waiting", 10000)
        compare(page.selected.resolution_value, "Opening hours: 8 to 6")
        const note = findChild(page, "choiceNote")
        const text = findChild(page, "choiceText")
        tryVerify(() => note.visible)
        verify(text.text.indexOf("“Opening hours: 8 to 6” is saved and waiting to sync") >= 0)
        compare(findChild(page, "conflictStatus").text, "")
        tryCompare(App, "pendingResolutions", 1, 10000)
        const list = findChild(page, "conflictList")
        const item = list.itemAtIndex(rowOf(page, id))
        compare(findChild(item, "conflictBadge").text, "waiting to sync")
        // Still open: the person may change the choice.
        verify(loser.keepButton.enabled)

        // Choosing again with a merged value replaces the choice.
        mouseClick(findChild(page, "mergeButton"))
        const dialog = findChild(page, "mergeDialog")
        tryVerify(() => dialog.opened)
        const merged = findChild(dialog, "mergedValue")
        compare(merged.text, "Opening hours: 9 to 5") // starts from the value now
        merged.text = "Opening hours: 8 to 5"
        keyClick(Qt.Key_Return, Qt.ControlModifier)
        tryVerify(() => !dialog.visible)
        tryVerify(() => page.selected.resolution_value === "Opening hours: 8 to 5", 10000)
        compare(page.selected.resolution, "waiting")
        compare(App.pendingResolutions, 1)

        // The server refuses it (as the sync engine records it): the reason is shown.
        verify(testData.refuseResolution(id, "only supervisors and admins may resolve conflicts"))
        tryVerify(() => page.selected.resolution === "refused", 10000)
        tryVerify(() => text.text === "The server refused your choice “Opening hours: 8 to 5”: only supervisors "
                  + "and admins may resolve conflicts. Choose again.")
        tryCompare(App, "refusedResolutions", 1, 10000)
        compare(App.pendingResolutions, 0)
        compare(findChild(list.itemAtIndex(rowOf(page, id)), "conflictBadge").text, "refused")
    }

    function test_a_conflict_gone_from_the_replica_is_refused_in_words() {
        const page = openPage()
        selectConflict(page, conflictIds[0])
        const actions = findChild(page, "conflictActions")
        verify(actions)
        actions.keep("0190a000-0000-7000-8000-00000000dead", "winner")
        tryVerify(() => App.lastError.indexOf("not in this replica any more") >= 0, 10000)
        compare(page.selected.resolution, "")
    }
}
