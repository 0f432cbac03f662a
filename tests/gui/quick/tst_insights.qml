import QtQuick
import QtTest
import Knowset.Core
import Knowset.Insights
import Knowset.Conflicts

// The Insights and Conflicts screens on the demo organisation (supervisor sam, offline).
TestCase {
    id: testCase
    name: "Insights"
    when: windowShown
    width: 1280
    height: 800
    visible: true

    Component {
        id: insightsComponent
        InsightsPage {
            width: testCase.width
            height: testCase.height
            referenceDay: "2026-11-20"
        }
    }
    Component {
        id: conflictsComponent
        ConflictsPage {
            width: testCase.width
            height: testCase.height
        }
    }

    function test_insights_kpi_tiles_and_charts() {
        const page = createTemporaryObject(insightsComponent, testCase)
        verify(page)
        for (const name of page.screenshotChecks)
            verify(findChild(page, name), name)

        const tiles = findChild(page, "kpiTiles")
        // The organisation's 6 KPIs (a Repeater and a note are children too).
        tryVerify(() => {
            let count = 0
            for (let i = 0; i < tiles.children.length; ++i)
                count += tiles.children[i].statusText !== undefined ? 1 : 0
            return count === 6
        }, 20000, "six KPI tiles")
        let tile = null
        for (let i = 0; i < tiles.children.length && !tile; ++i)
            tile = tiles.children[i].statusText !== undefined ? tiles.children[i] : null
        verify(["On target", "Within tolerance", "Off target", "No data"].indexOf(tile.statusText) >= 0)
        verify(tile.visible && tile.width > 0 && tile.height > 0)

        const trends = findChild(page, "trendsChart")
        tryVerify(() => trends.count === 1 && trends.series(0).count === 7, 20000, "7 stacked sets")
        const satisfaction = findChild(page, "satisfactionChart")
        tryVerify(() => satisfaction.series(0).count > 0, 20000, "CSAT points")
        const rising = findChild(page, "risingChart")
        tryVerify(() => rising.series(0).count === 2 && rising.visible, 20000, "rising topics")

        for (const name of ["repeatedList", "faqList", "overdueList"])
            verify(findChild(page, name), name)
        tryVerify(() => findChild(page, "repeatedList").count > 0, 20000)
    }

    function test_insights_kpi_scope() {
        const page = createTemporaryObject(insightsComponent, testCase)
        const box = findChild(page, "kpiScope")
        verify(box)
        compare(box.currentValue, "organisation")
    }

    function test_conflicts_empty_state() {
        const page = createTemporaryObject(conflictsComponent, testCase)
        verify(page)
        const list = findChild(page, "conflictList")
        verify(list)
        verify(list.visible)
        const empty = findChild(page, "conflictsEmpty")
        tryVerify(() => empty.visible, 10000)
        compare(empty.text, "No conflicts: every concurrent edit has been resolved")
        verify(!findChild(page, "agentNote").visible)
    }
}
