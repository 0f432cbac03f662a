import QtQuick
import QtQuick.Controls

// Insights: trends, rising topics, satisfaction, KPIs, alerts.
Item {
    id: page
    objectName: "insightsPage"

    Label { anchors.centerIn: parent; text: qsTr("Insights") }
}
