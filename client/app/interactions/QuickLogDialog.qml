import QtQuick
import QtQuick.Controls

// Quick log: one interaction in seconds, from anywhere.
Dialog {
    id: dialog
    objectName: "quickLogDialog"
    title: qsTr("Log an interaction")
    modal: true

    signal openArticleRequested(string articleId)

    function openFor(customerId, customerName) { open() }
}
