// What a sync session did, for people and for scripts.
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <cstdint>
#include <iosfwd>

namespace knowset::cli {

// {"pushed", "received", "resumed_from", "cursor", "restamped", "conflicts", "parked", "resolved",
//  "refused_resolutions": [{"conflict", "code", "message"}]}
Json reportJson(const sync::SyncReport& report);
void printReport(std::ostream& out, const sync::SyncReport& report);

// Warns on `err` when the server's clock and ours differ by more than five minutes: changes
// are ordered by time, so a wrong clock makes edits win or lose when they should not.
void warnAboutClock(std::ostream& err, std::int64_t serverOffsetMs);

} // namespace knowset::cli
