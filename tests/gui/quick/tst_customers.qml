import QtQuick
import QtTest
import Knowset.Core
import Knowset.Customers

// The customers screen: search as you type, open a record with the keyboard, the timeline, and
// the create form's validation and duplicate warning.
TestCase {
    id: testCase
    name: "Customers"
    when: windowShown
    width: 1280
    height: 800
    visible: true

    Component {
        id: pageComponent
        CustomersPage { width: 1280; height: 800; referenceDay: "2026-11-20" }
    }
    Component {
        id: searchComponent
        CustomerSearchModel {}
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
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function test_searchAndOpenARecordWithTheKeyboard() {
        const page = createTemporaryObject(pageComponent, testCase)
        verify(page)
        const field = findNamed(page, "customerSearchField")
        const list = findNamed(page, "customerList")
        verify(field)
        verify(list)
        tryVerify(() => list.count === 150, 15000)

        const name = list.model.get(0).name
        const lastName = name.split(" ").pop()
        field.forceActiveFocus()
        typeText(lastName.toLowerCase())
        compare(field.text, lastName.toLowerCase())
        tryVerify(() => list.count > 0 && list.count < 150, 15000)
        for (let row = 0; row < list.count; ++row) {
            const customer = list.model.get(row)
            verify((customer.name + " " + customer.email).toLowerCase().indexOf(lastName.toLowerCase()) >= 0)
        }

        // Down moves into the list, Enter opens the record.
        keyClick(Qt.Key_Down)
        verify(list.activeFocus)
        compare(list.currentIndex, 0)
        const expected = list.model.get(0)
        keyClick(Qt.Key_Return)
        tryCompare(page, "openCustomerId", expected.id, 5000)
        const title = findNamed(page, "customerName")
        tryCompare(title, "text", expected.name, 5000)

        const record = findNamed(page, "customerRecord")
        verify(record.visible)
        const timeline = findNamed(page, "customerTimeline")
        verify(timeline.visible)
        tryVerify(() => timeline.count > 0, 15000)
        // A supervisor reads the restricted fields.
        verify(findNamed(page, "customerField_date_of_birth").text !== "restricted")
        verify(findNamed(page, "confirmButton").enabled)
    }

    function test_prepareScreenshotOpensTheFirstCustomer() {
        const page = createTemporaryObject(pageComponent, testCase)
        page.prepareScreenshot()
        tryVerify(() => page.openCustomerId !== "", 15000)
        for (const name of page.screenshotChecks) {
            const item = findNamed(page, name)
            verify(item, name)
            verify(item.visible, name)
        }
    }

    function test_newCustomerFormShowsErrorsByFieldAndDuplicates() {
        const page = createTemporaryObject(pageComponent, testCase)
        const list = findNamed(page, "customerList")
        tryVerify(() => list.count === 150, 15000)
        let existing = null
        for (let row = 0; row < list.count && !existing; ++row) {
            if (list.model.get(row).email !== "")
                existing = list.model.get(row)
        }
        verify(existing)

        page.newCustomer()
        const form = page.customerForm
        tryVerify(() => form.opened, 5000)
        const nameField = findNamed(form.contentItem, "customerFormName")
        verify(nameField.activeFocus)
        // Enter with no name: the message sits under the name.
        keyClick(Qt.Key_Return)
        const nameError = findNamed(form.contentItem, "customerFormNameError")
        tryVerify(() => nameError.visible, 5000)
        verify(nameError.text.indexOf("required") >= 0)

        // The e-mail of an existing customer: a warning with the reason, nothing created.
        nameField.text = "Quentin Newcomer"
        findNamed(form.contentItem, "customerFormEmail").text = existing.email
        const branchBox = findNamed(form.contentItem, "customerFormBranch")
        branchBox.currentIndex = branchBox.find(existing.branch)
        nameField.forceActiveFocus()
        keyClick(Qt.Key_Return)
        const warning = findNamed(form.contentItem, "duplicateWarning")
        tryVerify(() => warning.visible, 5000)
        verify(form.duplicates.some(c => c.id === existing.id && c.reasons.indexOf("same_email") >= 0))
        verify(form.opened)
        compare(list.count, 150)

        // Open the existing record from the warning.
        form.openExisting(existing.id)
        tryVerify(() => !form.visible, 5000)
        tryCompare(page, "openCustomerId", existing.id, 5000)
    }
}
