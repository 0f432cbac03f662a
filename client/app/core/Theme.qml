pragma Singleton
import QtQuick

// Sizes and colours every screen shares. Colours come from the system palette, so the app
// follows the system's light or dark scheme; the accents are chosen to read on both.
QtObject {
    readonly property SystemPalette palette: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool dark: palette.window.hslLightness < 0.5

    readonly property int spacing: 8
    readonly property int margin: 12
    readonly property int radius: 4
    readonly property int railWidth: 168

    readonly property color window: palette.window
    readonly property color base: palette.base
    readonly property color text: palette.text
    readonly property color mutedText: Qt.rgba(palette.text.r, palette.text.g, palette.text.b, 0.65)
    readonly property color divider: Qt.rgba(palette.text.r, palette.text.g, palette.text.b, 0.15)
    readonly property color highlight: palette.highlight
    readonly property color highlightedText: palette.highlightedText

    readonly property color good: dark ? "#6fcf7f" : "#1e7b34"
    readonly property color warning: dark ? "#f0c060" : "#9a6700"
    readonly property color bad: dark ? "#ff7b72" : "#b42318"
    readonly property color info: dark ? "#79b8ff" : "#0b5cad"
    // Matches inside search snippets.
    readonly property color match: dark ? "#5a4a00" : "#fff1a8"

    // Chart series, in order (the last, grey, for "Other" and for a period compared with).
    readonly property var chartSeries: dark
        ? ["#79b8ff", "#6fcf7f", "#f0c060", "#ff7b72", "#d2a8ff", "#56d4dd", "#8b949e"]
        : ["#0b5cad", "#1e7b34", "#9a6700", "#b42318", "#6f42c1", "#0e7c86", "#6e7781"]

    // The status colours of a KPI or a sync state.
    function statusColor(status) {
        switch (status) {
        case "on_target": case "live": return good
        case "within_tolerance": case "syncing": case "connecting": return warning
        case "off_target": case "error": return bad
        default: return mutedText
        }
    }
}
