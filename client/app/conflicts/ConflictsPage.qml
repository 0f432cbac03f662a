import QtQuick
import QtQuick.Controls

// Conflicts inbox (supervisors and admins).
Item {
    id: page
    objectName: "conflictsPage"

    Label { anchors.centerIn: parent; text: qsTr("Conflicts") }
}
