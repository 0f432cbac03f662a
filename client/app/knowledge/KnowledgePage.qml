import QtQuick
import QtQuick.Controls

// Knowledge: search, browse, read and edit articles.
Item {
    id: page
    objectName: "knowledgePage"

    function focusSearch() {}
    function openArticle(articleId) {}

    Label { anchors.centerIn: parent; text: qsTr("Knowledge") }
}
