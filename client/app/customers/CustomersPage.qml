import QtQuick
import QtQuick.Controls

// Customers: search, records, consent, timeline.
Item {
    id: page
    objectName: "customersPage"

    signal logInteractionRequested(string customerId, string customerName)
    signal openArticleRequested(string articleId)

    Label { anchors.centerIn: parent; text: qsTr("Customers") }
}
