// Dates and periods of the domain: timestamps are RFC 3339 text (2026-11-23T09:30:00Z), dates
// YYYY-MM-DD, weeks start on Monday (ISO 8601), everything in UTC.
#pragma once

#include "knowset/core/hlc.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace knowset::domain {

using Day = std::chrono::sys_days;
using Instant = std::chrono::sys_seconds;

// RFC 3339 (Z or ±HH:MM offset, optional fraction) to UTC seconds; nothing when malformed.
std::optional<Instant> parseTimestamp(std::string_view text);
// YYYY-MM-DD, or the UTC day of an RFC 3339 timestamp.
std::optional<Day> parseDay(std::string_view text);

std::string formatDay(Day day);               // 2026-11-23
std::string formatTimestamp(Instant instant); // 2026-11-23T09:30:00Z

Day dayOf(Instant instant);
Day weekStart(Day day); // the Monday of the ISO week of `day`
Day today(const PhysicalClock& clock = systemClockMillis);
Instant now(const PhysicalClock& clock = systemClockMillis);

enum class PeriodKind { Daily, Weekly, Monthly, Quarterly };
std::optional<PeriodKind> periodKindFromString(std::string_view text); // day, week, month, quarter
std::string_view toString(PeriodKind kind);

// Days [from, to): `to` is exclusive.
struct Period {
    Day from;
    Day to;

    bool contains(Day day) const { return day >= from && day < to; }
    bool contains(Instant instant) const { return contains(dayOf(instant)); }
    int days() const { return static_cast<int>((to - from).count()); }
    bool operator==(const Period&) const = default;
};

// The day, week, month or quarter that contains `day`.
Period periodContaining(PeriodKind kind, Day day);
// The period of the same kind just before `period` (for a custom range: the same length).
Period previousPeriod(PeriodKind kind, const Period& period);

} // namespace knowset::domain
