import QtQuick
import QtTest
import Knowset.Core
import Knowset.Customers
import Knowset.Interactions

// The quick log: fill it from the keyboard, save with Ctrl+Enter, see the confirmation; a
// follow-up without a date is refused next to the field; Esc cancels.
TestCase {
    id: testCase
    name: "QuickLog"
    when: windowShown
    width: 1280
    height: 800
    visible: true

    Component {
        id: dialogComponent
        QuickLogDialog { referenceDay: "2026-11-20" }
    }
    Component {
        id: searchComponent
        CustomerSearchModel {}
    }
    Component {
        id: timelineComponent
        CustomerTimelineModel { referenceDay: "2026-11-20" }
    }

    function findNamed(item, name) {
        if (!item)
            return null
        if (item.objectName === name)
            return item
        const children = item.children || []
        for (let i = 0; i < children.length; ++i) {
            const found = findNamed(children[i], name)
            if (found)
                return found
        }
        return null
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i) {
            if (text[i] === " ")
                keyClick(Qt.Key_Space)
            else
                keyClick(text[i])
        }
    }

    function openDialog() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        verify(dialog)
        dialog.openFor("", "")
        tryVerify(() => dialog.opened, 5000)
        return dialog
    }

    function test_fillAndSaveWithCtrlEnter() {
        const customers = createTemporaryObject(searchComponent, testCase)
        tryVerify(() => customers.count > 0 && !customers.loading, 15000)
        const customer = customers.get(0)

        const dialog = openDialog()
        const content = dialog.contentItem
        const picker = findNamed(content, "quickLogCustomer")
        const customerField = findNamed(content, "quickLogCustomerField")
        verify(customerField.activeFocus)

        // The customer: type part of the name, Enter picks the first match.
        typeText(customer.name.split(" ")[0].toLowerCase())
        tryVerify(() => picker.resultCount > 0 && !picker.searching, 15000)
        // Wait for the search of the last keystroke, then pick.
        wait(150)
        tryVerify(() => !picker.searching, 5000)
        keyClick(Qt.Key_Return)
        tryVerify(() => picker.customerId !== "", 5000)
        const chosenId = picker.customerId

        const words = findNamed(content, "quickLogWords")
        words.forceActiveFocus()
        typeText("my bill is wrong")
        compare(words.text, "my bill is wrong")
        keyClick(Qt.Key_Tab)
        const summary = findNamed(content, "quickLogSummary")
        verify(summary.activeFocus)
        typeText("Bill explained")

        // An article used: search and Enter adds it.
        const articles = findNamed(content, "quickLogArticles")
        findNamed(content, "quickLogArticleField").forceActiveFocus()
        typeText("refund")
        tryVerify(() => articles.resultCount > 0 && !articles.searching, 15000)
        wait(150)
        tryVerify(() => !articles.searching, 5000)
        keyClick(Qt.Key_Return)
        tryCompare(articles, "chosenCount", 1, 5000)

        // One keystroke saves.
        keyClick(Qt.Key_Return, Qt.ControlModifier)
        tryVerify(() => dialog.lastLoggedId !== "", 15000)
        const status = findNamed(dialog.footer, "quickLogStatus")
        verify(status.text.indexOf("logged") >= 0, status.text)
        verify(!dialog.statusIsError)
        // Cleared for the next contact, still open.
        compare(summary.text, "")
        compare(articles.chosenCount, 0)
        compare(picker.customerId, "")
        verify(dialog.visible)

        // The customer's timeline shows it first, with the article used.
        const timeline = createTemporaryObject(timelineComponent, testCase)
        timeline.customerId = chosenId
        tryVerify(() => timeline.count > 0 && !timeline.loading, 15000)
        compare(timeline.get(0).id, dialog.lastLoggedId)
        compare(timeline.get(0).summary, "Bill explained")
        compare(timeline.get(0).customerWords, "my bill is wrong")
        compare(timeline.get(0).articles.length, 1)
    }

    function test_followUpWithoutADateIsRefusedNextToTheField() {
        const dialog = openDialog()
        const content = dialog.contentItem
        const outcome = findNamed(content, "quickLogOutcome")
        outcome.currentIndex = outcome.indexOfValue("follow_up")
        findNamed(content, "quickLogFollowUpDue").text = ""
        keyClick(Qt.Key_S, Qt.ControlModifier)
        tryVerify(() => dialog.statusIsError, 15000)
        verify(dialog.fieldErrors.follow_up_due !== undefined)
        verify(dialog.statusText.indexOf("follow_up_due") >= 0)
        compare(dialog.lastLoggedId, "")
    }

    function test_escapeCancels() {
        const dialog = openDialog()
        keyClick(Qt.Key_Escape)
        tryVerify(() => !dialog.visible, 5000)
    }
}
