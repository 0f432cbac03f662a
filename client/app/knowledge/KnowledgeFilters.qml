import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Knowset.Core
import Knowset.Knowledge

// The left column of the Knowledge screen: the category tree, the kind, status and validity
// filters and the tag and product chips. It sets the filters of `search` (a SearchModel).
Pane {
    id: filters
    padding: 0

    required property SearchModel search
    readonly property alias categories: categoryModel

    readonly property var kinds: [
        { value: "", label: qsTr("Any kind") },
        { value: "faq", label: qsTr("FAQ") },
        { value: "answer", label: qsTr("Answer") },
        { value: "procedure", label: qsTr("Procedure") },
        { value: "key_message", label: qsTr("Key message") },
        { value: "product_info", label: qsTr("Product info") }
    ]
    readonly property var statuses: [
        { value: "", label: qsTr("Any status") },
        { value: "published", label: qsTr("Published") },
        { value: "in_review", label: qsTr("In review") },
        { value: "draft", label: qsTr("Draft") },
        { value: "archived", label: qsTr("Archived") }
    ]

    function indexOfValue(list, value) {
        for (let i = 0; i < list.length; ++i) {
            if (list[i].value === value)
                return i
        }
        return 0
    }

    CategoryTreeModel { id: categoryModel }
    TagChipsModel {
        id: tagModel
        categoryId: filters.search.categoryId
        kind: filters.search.kind
        limit: 14
    }
    ProductChipsModel {
        id: productModel
        categoryId: filters.search.categoryId
        kind: filters.search.kind
        limit: 10
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        Label {
            text: qsTr("Categories")
            font.bold: true
        }

        ListView {
            id: categoryList
            objectName: "categoryTree"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 120
            clip: true
            activeFocusOnTab: true
            keyNavigationEnabled: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            model: categoryModel
            currentIndex: -1

            // The first row: every category.
            header: ItemDelegate {
                width: ListView.view.width
                text: qsTr("All categories")
                font.bold: filters.search.categoryId === ""
                highlighted: filters.search.categoryId === ""
                onClicked: filters.search.categoryId = ""
            }

            delegate: ItemDelegate {
                id: categoryRow
                required property var model
                required property int index
                width: ListView.view.width
                leftPadding: Theme.spacing + model.depth * 16
                highlighted: filters.search.categoryId === model.id
                onClicked: {
                    categoryList.currentIndex = index
                    filters.search.categoryId = highlighted ? "" : model.id
                }
                contentItem: RowLayout {
                    spacing: Theme.spacing
                    Label {
                        Layout.fillWidth: true
                        text: categoryRow.model.name
                        elide: Text.ElideRight
                        font.bold: categoryRow.model.depth === 0
                        color: categoryRow.highlighted ? Theme.highlightedText : Theme.text
                    }
                    Label {
                        text: categoryRow.model.total
                        color: categoryRow.highlighted ? Theme.highlightedText : Theme.mutedText
                    }
                }
            }

            Keys.onReturnPressed: if (currentItem) currentItem.clicked()
            Keys.onEnterPressed: if (currentItem) currentItem.clicked()
            Keys.onSpacePressed: if (currentItem) currentItem.clicked()
        }

        Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.divider }

        GridLayout {
            Layout.fillWidth: true
            columns: 1
            rowSpacing: Theme.spacing / 2

            ComboBox {
                id: kindBox
                objectName: "kindFilter"
                Layout.fillWidth: true
                model: filters.kinds
                textRole: "label"
                valueRole: "value"
                currentIndex: filters.indexOfValue(filters.kinds, filters.search.kind)
                onActivated: filters.search.kind = currentValue
                Accessible.name: qsTr("Kind")
            }
            ComboBox {
                id: statusBox
                objectName: "statusFilter"
                Layout.fillWidth: true
                model: filters.statuses
                textRole: "label"
                valueRole: "value"
                currentIndex: filters.indexOfValue(filters.statuses, filters.search.status)
                onActivated: filters.search.status = currentValue
                Accessible.name: qsTr("Status")
            }
            RowLayout {
                Layout.fillWidth: true
                CheckBox {
                    objectName: "validTodayFilter"
                    text: qsTr("Valid today")
                    checked: filters.search.validToday
                    onToggled: filters.search.validToday = checked
                }
                Item { Layout.fillWidth: true }
                Button {
                    text: qsTr("Clear")
                    flat: true
                    enabled: filters.search.categoryId !== "" || filters.search.kind !== ""
                             || filters.search.status !== "" || filters.search.tag !== ""
                             || filters.search.product !== "" || filters.search.validToday
                    onClicked: filters.search.clearFilters()
                }
            }
        }

        ScrollView {
            id: chipScroll
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(chipColumn.implicitHeight, filters.height * 0.4)
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                id: chipColumn
                width: chipScroll.availableWidth
                spacing: Theme.spacing / 2

                Label {
                    text: qsTr("Tags")
                    font.bold: true
                    visible: tagModel.count > 0
                }
                Flow {
                    objectName: "tagChips"
                    Layout.fillWidth: true
                    spacing: 4
                    Repeater {
                        model: tagModel
                        delegate: chipComponent
                    }
                }
                Label {
                    text: qsTr("Products")
                    font.bold: true
                    visible: productModel.count > 0
                }
                Flow {
                    objectName: "productChips"
                    Layout.fillWidth: true
                    spacing: 4
                    Repeater {
                        model: productModel
                        delegate: productChipComponent
                    }
                }
            }
        }
    }

    Component {
        id: chipComponent
        Chip {
            facet: "tag"
            selectedValue: filters.search.tag
            onChosen: value => filters.search.tag = value
        }
    }
    Component {
        id: productChipComponent
        Chip {
            facet: "product"
            selectedValue: filters.search.product
            onChosen: value => filters.search.product = value
        }
    }

    // A chip: a checkable button showing a value and how many articles carry it.
    component Chip: Button {
        id: chip
        required property var model
        property string facet: ""
        property string selectedValue: ""
        signal chosen(string value)

        readonly property bool selected: selectedValue === model.value
        highlighted: selected
        text: model.value + "  " + model.articles
        padding: 4
        leftPadding: Theme.spacing
        rightPadding: Theme.spacing
        onClicked: chosen(selected ? "" : model.value)
        Accessible.checked: selected
        Accessible.name: qsTr("%1 %2").arg(facet).arg(model.value)
    }
}
