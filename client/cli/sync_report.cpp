#include "client/cli/sync_report.hpp"

#include <cstdlib>
#include <ostream>

namespace knowset::cli {

namespace {

std::string plural(std::int64_t count, const std::string& noun) {
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

} // namespace

Json reportJson(const sync::SyncReport& report) {
    Json refused = Json::array();
    for (const auto& [conflict, error] : report.refused) {
        refused.push_back(
            {{"conflict", conflict}, {"code", toString(error.code)}, {"message", error.message}});
    }
    return Json{
        {"pushed", report.pushed}, {"received", report.received},   {"resumed_from", report.resumedFrom},
        {"cursor", report.cursor}, {"restamped", report.restamped}, {"conflicts", report.conflicts},
        {"parked", report.parked}, {"resolved", report.resolved},   {"refused_resolutions", refused}};
}

void printReport(std::ostream& out, const sync::SyncReport& report) {
    out << "Synced: pushed " << plural(report.pushed, "change") << ", received "
        << plural(report.received, "record") << "; cursor " << report.cursor;
    if (report.resumedFrom != report.cursor) {
        out << " (from " << report.resumedFrom << ")";
    }
    out << '\n';
    if (report.restamped > 0) {
        out << "Re-stamped " << plural(report.restamped, "change")
            << " with the server's time (this computer's clock was ahead)\n";
    }
    for (const auto& conflict : report.conflicts) {
        out << "Conflict " << conflict << " (see knowset-cli conflicts show " << conflict << ")\n";
    }
    for (const auto& reason : report.parked) {
        out << "Set aside, refused by the server: " << reason << '\n';
    }
    for (const auto& conflict : report.resolved) {
        out << "Conflict " << conflict << " resolved\n";
    }
    for (const auto& [conflict, error] : report.refused) {
        out << "Resolution of conflict " << conflict << " refused by the server: " << error.message << '\n';
    }
}

void warnAboutClock(std::ostream& err, std::int64_t serverOffsetMs) {
    constexpr std::int64_t kMinute = 60 * 1000;
    constexpr std::int64_t kTolerated = 5 * kMinute;
    const std::int64_t off = std::llabs(serverOffsetMs);
    if (off <= kTolerated) {
        return;
    }
    const std::int64_t minutes = (off + kMinute / 2) / kMinute;
    err << "knowset-cli: your clock is off by " << minutes << " minutes ("
        << (serverOffsetMs > 0 ? "behind" : "ahead of") << " the server's); set this computer's clock\n";
}

} // namespace knowset::cli
