import QtQuick
import QtTest
import Knowset.Core
import Knowset.Shell

// The shell around every screen: the status bar and the sign-in page, on an offline session.
TestCase {
    id: testCase
    name: "Shell"
    when: windowShown
    width: 1280
    height: 800
    visible: true

    Component { id: statusBarComponent; StatusBar { width: 1280 } }
    Component { id: signInComponent; SignInPage { width: 1280; height: 800 } }

    function findNamed(item, name) {
        if (item.objectName === name)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findNamed(item.children[i], name)
            if (found)
                return found
        }
        return null
    }

    function test_statusBarShowsOfflineAndPendingChanges() {
        const bar = createTemporaryObject(statusBarComponent, testCase)
        verify(bar)
        // The fixture's server address has nothing listening: the engine gives up for now.
        tryCompare(App, "syncState", "offline", 15000)
        compare(bar.stateText, "Offline")
        const pending = findNamed(bar, "pendingLabel")
        verify(pending)
        tryVerify(() => App.pendingChanges > 0, 5000)
        verify(pending.visible)
        verify(pending.text.indexOf(String(App.pendingChanges)) >= 0)
        compare(findNamed(bar, "lastSyncLabel").text, "never synced")
    }

    function test_signInRefusesEmptyFieldsWithAMessage() {
        const page = createTemporaryObject(signInComponent, testCase)
        verify(page)
        const url = findNamed(page, "serverUrlField")
        url.text = ""
        findNamed(page, "passwordField").text = ""
        page.submit()
        verify(App.signInError.length > 0)
        const error = findNamed(page, "signInError")
        verify(error.visible)
        compare(error.text, App.signInError)
    }

    function test_signInShowsTheStoredServerAndUser() {
        const page = createTemporaryObject(signInComponent, testCase)
        compare(findNamed(page, "serverUrlField").text, App.serverUrl)
        compare(findNamed(page, "userField").text, "sam")
    }
}
