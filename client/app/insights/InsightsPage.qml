import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Knowset.Core
import Knowset.Insights

// Insights: KPI tiles against their targets, weekly trends, rising topics, CSAT and NPS per
// week, then the lists that ask for action: repeated comments, FAQ candidates and overdue
// follow-ups. Everything is read from the local replica, so it works offline.
Item {
    id: page
    objectName: "insightsPage"

    // The day the periods end on, YYYY-MM-DD; empty: today.
    property string referenceDay: ""
    property var screenshotChecks: ["trendsChart", "satisfactionChart", "kpiTiles"]
    property int kpisOffTarget: 0

    readonly property int columns: width >= 1500 ? 3 : 2
    readonly property var dimensions: [
        { key: "category", title: qsTr("Category") },
        { key: "product", title: qsTr("Product") },
        { key: "channel", title: qsTr("Channel") }
    ]
    readonly property var scopeLevels: [
        { key: "organisation", title: qsTr("Organisation") },
        { key: "branch", title: qsTr("Branches") },
        { key: "team", title: qsTr("Teams") },
        { key: "person", title: qsTr("People") },
        { key: "", title: qsTr("All KPIs") }
    ]

    // "2026-11-16" -> a local Date (not UTC midnight, which other time zones shift a day).
    function dayDate(text) {
        const parts = String(text).split("-")
        return new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]))
    }
    function shortDay(text) {
        return text ? Qt.formatDate(dayDate(text), "d MMM") : ""
    }
    function periodText(from, to) {
        return from && to ? qsTr("%1 to %2").arg(shortDay(from)).arg(shortDay(to)) : ""
    }
    // A KPI's period in few words: "Nov 2026" (a month), "16–22 Nov" (a week), "20 Nov" (a day).
    function kpiPeriodText(from, to) {
        if (!from || !to)
            return ""
        const first = dayDate(from)
        const last = dayDate(to)
        if (from === to)
            return Qt.formatDate(first, "d MMM")
        const nextDay = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1)
        if (first.getDate() === 1 && nextDay.getDate() === 1) {
            const months = (last.getFullYear() - first.getFullYear()) * 12 + last.getMonth() - first.getMonth()
            return months === 0 ? Qt.formatDate(first, "MMM yyyy")
                                : Qt.formatDate(first, "MMM") + "–" + Qt.formatDate(last, "MMM yyyy")
        }
        return first.getMonth() === last.getMonth()
               ? first.getDate() + "–" + Qt.formatDate(last, "d MMM")
               : Qt.formatDate(first, "d MMM") + " – " + Qt.formatDate(last, "d MMM")
    }
    // A round axis maximum above `value` (at least `floor`).
    function niceMax(value, floor) {
        const top = Math.max(value, floor)
        const step = Math.pow(10, Math.floor(Math.log(top) / Math.LN10))
        for (const factor of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
            if (factor * step >= top * 1.05)
                return factor * step
        }
        return 10 * step
    }

    TrendsModel { id: trends; referenceDay: page.referenceDay; onChartChanged: page.drawTrends() }
    RisingTopicsModel { id: rising; referenceDay: page.referenceDay; onRefreshed: page.drawRising() }
    SatisfactionModel { id: satisfaction; referenceDay: page.referenceDay; onRefreshed: page.drawSatisfaction() }
    KpiTilesModel {
        id: kpis
        referenceDay: page.referenceDay
        onRefreshed: {
            let count = 0
            for (let row = 0; row < kpis.count; ++row)
                count += kpis.get(row).status === "off_target" ? 1 : 0
            page.kpisOffTarget = count
        }
    }
    RepeatedCommentsModel { id: repeated; referenceDay: page.referenceDay }
    FaqCandidatesModel { id: faq; referenceDay: page.referenceDay }
    OverdueFollowUpsModel { id: overdue; referenceDay: page.referenceDay }

    function drawTrends() {
        trendSeries.clear()
        // "7 Sep", "14", "21", "28", "5 Oct", ...: the month only where it changes, so 12 labels fit.
        weekAxis.categories = trends.weeks.map((week, index) => {
            const date = dayDate(week)
            return index === 0 || date.getDate() <= 7 ? Qt.formatDate(date, "d'<br>'MMM") : String(date.getDate())
        })
        const colours = Theme.chartSeries
        trends.series.forEach((series, index) => {
            const isOther = series.key === "(other)"
            const set = trendSeries.append(series.label, series.values)
            set.color = isOther ? colours[colours.length - 1] : colours[index % (colours.length - 1)]
            set.borderColor = Theme.base
            set.labelColor = Theme.text
        })
        trendValues.max = niceMax(trends.busiestWeek, 10)
    }

    function drawRising() {
        risingSeries.clear()
        const labels = []
        const before = []
        const now = []
        // Bottom to top in a horizontal bar chart: the fastest riser goes last, so it is on top.
        for (let row = rising.count - 1; row >= 0; --row) {
            const topic = rising.get(row)
            labels.push(topic.label + (topic.dimension === "product" ? qsTr(" (product)") : ""))
            before.push(topic.previous)
            now.push(topic.current)
        }
        topicAxis.categories = labels
        const colours = Theme.chartSeries
        const previousSet = risingSeries.append(qsTr("Period before"), before)
        previousSet.color = colours[colours.length - 1]
        previousSet.borderColor = Theme.base
        const currentSet = risingSeries.append(qsTr("This period"), now)
        currentSet.color = colours[0]
        currentSet.borderColor = Theme.base
        risingValues.max = niceMax(rising.maxCount, 10)
    }

    function drawSatisfaction() {
        csatLine.clear()
        npsLine.clear()
        let first = null
        let last = null
        for (let row = 0; row < satisfaction.count; ++row) {
            const week = satisfaction.get(row)
            const at = dayDate(week.week).getTime()
            first = first === null ? at : Math.min(first, at)
            last = last === null ? at : Math.max(last, at)
            if (week.csat_percent !== undefined)
                csatLine.append(at, week.csat_percent)
            if (week.nps !== undefined)
                npsLine.append(at, week.nps)
        }
        if (first !== null) {
            satisfactionWeeks.min = new Date(first - 2 * 86400000)
            satisfactionWeeks.max = new Date(Math.max(last, first + 86400000) + 2 * 86400000)
        }
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.margin

            // ---- heading
            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.topMargin: Theme.margin
                spacing: Theme.spacing
                Label {
                    text: qsTr("Insights")
                    font.pixelSize: 22
                    font.bold: true
                }
                Label {
                    text: trends.periodTo ? qsTr("up to %1, from this computer's replica")
                                                .arg(Qt.formatDate(page.dayDate(trends.periodTo), "d MMMM yyyy"))
                                          : ""
                    color: Theme.mutedText
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignBaseline
                    elide: Text.ElideRight
                }
            }

            // ---- KPI tiles
            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                spacing: Theme.spacing
                Label {
                    text: qsTr("Key performance indicators")
                    font.bold: true
                    font.pixelSize: 15
                }
                Label {
                    text: kpis.count > 0 ? qsTr("%1 of %2 off target").arg(page.kpisOffTarget).arg(kpis.count) : ""
                    color: page.kpisOffTarget > 0 ? Theme.bad : Theme.mutedText
                    Layout.fillWidth: true
                }
                ComboBox {
                    id: scopeBox
                    objectName: "kpiScope"
                    model: page.scopeLevels
                    textRole: "title"
                    valueRole: "key"
                    implicitContentWidthPolicy: ComboBox.WidestText
                    onActivated: kpis.scopeLevel = currentValue
                    Component.onCompleted: currentIndex = indexOfValue(kpis.scopeLevel)
                    Accessible.name: qsTr("KPIs shown")
                }
            }
            Flow {
                id: kpiTiles
                objectName: "kpiTiles"
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                spacing: Theme.spacing
                // As many tiles of at least 250 px as fit, sharing the width.
                readonly property int perRow: Math.max(1, Math.floor((width + spacing) / (250 + spacing)))
                Repeater {
                    model: kpis
                    delegate: KpiTile {
                        width: (kpiTiles.width - kpiTiles.spacing * (kpiTiles.perRow - 1)) / kpiTiles.perRow
                        periodText: page.kpiPeriodText(period_from, period_to)
                    }
                }
                Label {
                    visible: kpis.count === 0 && !kpis.loading
                    text: kpis.error.length > 0 ? kpis.error : qsTr("No KPIs defined for this scope.")
                    color: Theme.mutedText
                }
            }

            // ---- charts and lists
            GridLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.bottomMargin: Theme.margin
                columns: page.columns
                columnSpacing: Theme.margin
                rowSpacing: Theme.margin

                ChartCard {
                    title: qsTr("Contacts per week")
                    subtitle: qsTr("%1 interactions, %2; the %3 busiest and the rest")
                        .arg(trends.total).arg(page.periodText(trends.periodFrom, trends.periodTo))
                        .arg(trends.topCount)
                    emptyText: trends.total === 0 ? qsTr("No interactions in these 12 weeks.") : ""
                    loading: trends.loading
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    tools: TabBar {
                        id: dimensionBar
                        objectName: "trendDimension"
                        Repeater {
                            model: page.dimensions
                            TabButton {
                                required property var modelData
                                text: modelData.title
                                width: implicitWidth
                                onClicked: trends.dimension = modelData.key
                            }
                        }
                    }
                    ChartView {
                        id: trendsChart
                        objectName: "trendsChart"
                        anchors.top: parent.top
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.bottom: trendsLegend.top
                        legend.visible: false
                        antialiasing: true
                        backgroundColor: Theme.base
                        plotAreaColor: Theme.base
                        backgroundRoundness: 0
                        margins { top: 0; bottom: 0; left: 0; right: 0 }
                        StackedBarSeries {
                            id: trendSeries
                            barWidth: 0.7
                            axisX: BarCategoryAxis {
                                id: weekAxis
                                labelsColor: Theme.mutedText
                                labelsFont.pixelSize: 10
                                gridVisible: false
                                color: Theme.divider
                            }
                            axisY: ValueAxis {
                                id: trendValues
                                min: 0
                                max: 10
                                labelFormat: "%d"
                                tickCount: 5
                                labelsColor: Theme.mutedText
                                labelsFont.pixelSize: 10
                                gridLineColor: Theme.divider
                                color: Theme.divider
                            }
                        }
                    }
                    // The chart's own legend elides long names: this one wraps instead.
                    Flow {
                        id: trendsLegend
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.bottom: parent.bottom
                        spacing: Theme.spacing * 1.5
                        Repeater {
                            model: trends.series
                            RowLayout {
                                required property var modelData
                                required property int index
                                spacing: 4
                                Rectangle {
                                    implicitWidth: 10
                                    implicitHeight: 10
                                    color: modelData.key === "(other)"
                                           ? Theme.chartSeries[Theme.chartSeries.length - 1]
                                           : Theme.chartSeries[index % (Theme.chartSeries.length - 1)]
                                }
                                Label {
                                    text: qsTr("%1 (%2)").arg(modelData.label).arg(modelData.total)
                                    color: Theme.text
                                    font.pixelSize: 11
                                }
                            }
                        }
                    }
                }

                ChartCard {
                    title: qsTr("Customer satisfaction")
                    subtitle: qsTr("CSAT: share of 4s and 5s (left axis); NPS: promoters minus detractors (right axis)")
                    emptyText: satisfaction.count === 0 ? qsTr("No CSAT or NPS responses in these 12 weeks.") : ""
                    loading: satisfaction.loading
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    ChartView {
                        id: satisfactionChart
                        objectName: "satisfactionChart"
                        anchors.fill: parent
                        antialiasing: true
                        backgroundColor: Theme.base
                        plotAreaColor: Theme.base
                        backgroundRoundness: 0
                        margins { top: 0; bottom: 0; left: 0; right: 0 }
                        legend.alignment: Qt.AlignBottom
                        legend.labelColor: Theme.text
                        legend.font.pixelSize: 11
                        DateTimeAxis {
                            id: satisfactionWeeks
                            format: "d MMM"
                            tickCount: 6
                            labelsColor: Theme.mutedText
                            labelsFont.pixelSize: 10
                            gridLineColor: Theme.divider
                            color: Theme.divider
                        }
                        ValueAxis {
                            id: csatAxis
                            min: 0
                            max: 100
                            tickCount: 5
                            labelFormat: "%d%%"
                            labelsColor: Theme.mutedText
                            labelsFont.pixelSize: 10
                            gridLineColor: Theme.divider
                            color: Theme.divider
                        }
                        ValueAxis {
                            id: npsAxis
                            min: -100
                            max: 100
                            tickCount: 5
                            labelFormat: "%d"
                            labelsColor: Theme.mutedText
                            labelsFont.pixelSize: 10
                            gridVisible: false
                            color: Theme.divider
                        }
                        LineSeries {
                            id: csatLine
                            name: qsTr("CSAT %")
                            axisX: satisfactionWeeks
                            axisY: csatAxis
                            color: Theme.chartSeries[0]
                            width: 2
                            pointsVisible: true
                        }
                        LineSeries {
                            id: npsLine
                            name: qsTr("NPS")
                            axisX: satisfactionWeeks
                            axisYRight: npsAxis
                            color: Theme.chartSeries[2]
                            width: 2
                            pointsVisible: true
                        }
                    }
                }

                ChartCard {
                    title: qsTr("Rising topics")
                    subtitle: rising.periodFrom
                              ? qsTr("%1 against %2: at least 5 contacts and 1.5 times as many")
                                    .arg(page.periodText(rising.periodFrom, rising.periodTo))
                                    .arg(page.periodText(rising.previousFrom, rising.previousTo))
                              : ""
                    emptyText: rising.count === 0 ? qsTr("Nothing is rising this %1.").arg(rising.period) : ""
                    loading: rising.loading
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    tools: TabBar {
                        objectName: "risingPeriod"
                        currentIndex: rising.period === "week" ? 0 : 1
                        TabButton { text: qsTr("Week"); width: implicitWidth; onClicked: rising.period = "week" }
                        TabButton { text: qsTr("Month"); width: implicitWidth; onClicked: rising.period = "month" }
                    }
                    ChartView {
                        id: risingChart
                        objectName: "risingChart"
                        anchors.fill: parent
                        antialiasing: true
                        visible: rising.count > 0
                        backgroundColor: Theme.base
                        plotAreaColor: Theme.base
                        backgroundRoundness: 0
                        margins { top: 0; bottom: 0; left: 0; right: 0 }
                        legend.alignment: Qt.AlignBottom
                        legend.labelColor: Theme.text
                        legend.font.pixelSize: 11
                        HorizontalBarSeries {
                            id: risingSeries
                            barWidth: 0.8
                            labelsVisible: true
                            labelsPosition: AbstractBarSeries.LabelsInsideEnd
                            axisY: BarCategoryAxis {
                                id: topicAxis
                                labelsColor: Theme.text
                                labelsFont.pixelSize: 11
                                gridVisible: false
                                color: Theme.divider
                            }
                            axisX: ValueAxis {
                                id: risingValues
                                min: 0
                                max: 10
                                labelFormat: "%d"
                                tickCount: 5
                                labelsColor: Theme.mutedText
                                labelsFont.pixelSize: 10
                                gridLineColor: Theme.divider
                                color: Theme.divider
                            }
                        }
                    }
                }

                ChartCard {
                    title: qsTr("Repeated comments")
                    subtitle: qsTr("Three or more customers saying nearly the same, %1")
                        .arg(page.periodText(repeated.periodFrom, repeated.periodTo))
                    emptyText: repeated.count === 0 ? qsTr("No repeated comments in these 30 days.") : ""
                    loading: repeated.loading
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    ListView {
                        id: repeatedList
                        objectName: "repeatedList"
                        anchors.fill: parent
                        model: repeated
                        clip: true
                        spacing: Theme.spacing
                        activeFocusOnTab: true
                        keyNavigationEnabled: true
                        highlightFollowsCurrentItem: true
                        highlight: Rectangle { color: repeatedList.activeFocus ? Theme.divider : "transparent"; radius: Theme.radius }
                        ScrollBar.vertical: ScrollBar {}
                        delegate: ColumnLayout {
                            id: group
                            required property int size
                            required property string representative
                            required property var samples
                            required property string first_seen
                            required property string last_seen
                            required property string sources
                            width: ListView.view.width - Theme.margin
                            spacing: 2
                            RowLayout {
                                Layout.fillWidth: true
                                spacing: Theme.spacing
                                Rectangle {
                                    color: Theme.warning
                                    radius: height / 2
                                    implicitWidth: sizeLabel.implicitWidth + Theme.spacing * 2
                                    implicitHeight: sizeLabel.implicitHeight + 4
                                    Label {
                                        id: sizeLabel
                                        anchors.centerIn: parent
                                        text: qsTr("%1 alike").arg(group.size)
                                        color: Theme.base
                                        font.pixelSize: 11
                                        font.bold: true
                                    }
                                }
                                Label {
                                    text: "“" + group.representative + "”"
                                    font.bold: true
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                }
                            }
                            Repeater {
                                model: group.samples
                                Label {
                                    required property string modelData
                                    text: "“" + modelData + "”"
                                    color: Theme.mutedText
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                    Layout.leftMargin: Theme.margin
                                }
                            }
                            Label {
                                text: qsTr("%1 · %2 to %3").arg(group.sources)
                                    .arg(page.shortDay(group.first_seen.slice(0, 10)))
                                    .arg(page.shortDay(group.last_seen.slice(0, 10)))
                                color: Theme.mutedText
                                font.pixelSize: 11
                                Layout.leftMargin: Theme.margin
                            }
                        }
                    }
                }

                ChartCard {
                    title: qsTr("FAQ candidates")
                    subtitle: qsTr("What customers ask that the knowledge set does not answer, %1")
                        .arg(page.periodText(faq.periodFrom, faq.periodTo))
                    emptyText: faq.count === 0 ? qsTr("No gaps found in these 30 days.") : ""
                    loading: faq.loading
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    ListView {
                        id: faqList
                        objectName: "faqList"
                        anchors.fill: parent
                        model: faq
                        clip: true
                        activeFocusOnTab: true
                        keyNavigationEnabled: true
                        highlight: Rectangle { color: faqList.activeFocus ? Theme.divider : "transparent"; radius: Theme.radius }
                        ScrollBar.vertical: ScrollBar {}
                        section.property: "kind"
                        section.delegate: Label {
                            required property string section
                            width: ListView.view.width
                            topPadding: Theme.spacing
                            bottomPadding: 2
                            text: ({
                                category: qsTr("Categories asked about without an answer"),
                                phrase: qsTr("Phrases used when no article helped"),
                                search: qsTr("Searches that found nothing")
                            })[section] || section
                            font.bold: true
                            color: Theme.mutedText
                            font.pixelSize: 12
                        }
                        delegate: RowLayout {
                            id: candidate
                            required property string text
                            required property var count
                            required property string detail
                            width: ListView.view.width - Theme.margin
                            spacing: Theme.spacing
                            Label {
                                text: candidate.count
                                font.bold: true
                                horizontalAlignment: Text.AlignRight
                                Layout.preferredWidth: 32
                            }
                            ColumnLayout {
                                spacing: 0
                                Layout.fillWidth: true
                                Label {
                                    text: candidate.text
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                }
                                Label {
                                    text: candidate.detail
                                    color: Theme.mutedText
                                    font.pixelSize: 11
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                }
                            }
                        }
                    }
                }

                ChartCard {
                    title: qsTr("Overdue follow-ups")
                    subtitle: overdue.count > 0
                              ? qsTr("%1 promised call-backs not done, oldest first").arg(overdue.count)
                              : qsTr("Promised call-backs not done")
                    emptyText: overdue.count === 0 ? qsTr("No follow-up is overdue.") : ""
                    loading: overdue.loading
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    ListView {
                        id: overdueList
                        objectName: "overdueList"
                        anchors.fill: parent
                        model: overdue
                        clip: true
                        spacing: Theme.spacing
                        activeFocusOnTab: true
                        keyNavigationEnabled: true
                        highlight: Rectangle { color: overdueList.activeFocus ? Theme.divider : "transparent"; radius: Theme.radius }
                        ScrollBar.vertical: ScrollBar {}
                        delegate: ColumnLayout {
                            id: followUp
                            required property string customer_name
                            required property string due
                            required property var days_overdue
                            required property string summary
                            required property string agent
                            required property string branch
                            width: ListView.view.width - Theme.margin
                            spacing: 0
                            RowLayout {
                                Layout.fillWidth: true
                                Label {
                                    text: followUp.customer_name
                                    font.bold: true
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                }
                                Label {
                                    text: Number(followUp.days_overdue) === 1
                                          ? qsTr("due %1 · 1 day late").arg(page.shortDay(followUp.due))
                                          : qsTr("due %1 · %2 days late").arg(page.shortDay(followUp.due))
                                                .arg(followUp.days_overdue)
                                    color: Theme.bad
                                    font.pixelSize: 12
                                }
                            }
                            Label {
                                text: followUp.summary
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Label {
                                text: qsTr("%1 · %2").arg(followUp.agent).arg(followUp.branch)
                                color: Theme.mutedText
                                font.pixelSize: 11
                            }
                        }
                    }
                }
            }
        }
    }
}
