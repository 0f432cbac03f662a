#include "knowset/domain/calendar.hpp"

#include <array>
#include <charconv>

namespace knowset::domain {

namespace {

using namespace std::chrono;

std::optional<int> number(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    const char* first = text.data() + at;
    const auto [end, error] = std::from_chars(first, first + count, value);
    if (error != std::errc() || end != first + count || *first == '-' || *first == '+') {
        return std::nullopt;
    }
    return value;
}

std::optional<Day> dateAt(std::string_view text) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto y = number(text, 0, 4);
    const auto m = number(text, 5, 2);
    const auto d = number(text, 8, 2);
    if (!y || !m || !d) {
        return std::nullopt;
    }
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return sys_days{date};
}

} // namespace

std::optional<Instant> parseTimestamp(std::string_view text) {
    const auto date = dateAt(text);
    if (!date || text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    const auto h = number(text, 11, 2);
    const auto m = number(text, 14, 2);
    const auto s = number(text, 17, 2);
    if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) {
        return std::nullopt;
    }
    std::size_t at = 19;
    if (text[at] == '.') {
        const std::size_t first = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            ++at;
        }
        if (at == first) {
            return std::nullopt;
        }
    }
    Instant instant = *date + hours{*h} + minutes{*m} + seconds{*s};
    if (at < text.size() && text[at] == 'Z' && at + 1 == text.size()) {
        return instant;
    }
    if (at + 6 != text.size() || (text[at] != '+' && text[at] != '-') || text[at + 3] != ':') {
        return std::nullopt;
    }
    const auto offsetHours = number(text, at + 1, 2);
    const auto offsetMinutes = number(text, at + 4, 2);
    if (!offsetHours || !offsetMinutes) {
        return std::nullopt;
    }
    const auto offset = hours{*offsetHours} + minutes{*offsetMinutes};
    return text[at] == '+' ? instant - offset : instant + offset;
}

std::optional<Day> parseDay(std::string_view text) {
    if (text.size() == 10) {
        return dateAt(text);
    }
    const auto instant = parseTimestamp(text);
    return instant ? std::optional<Day>(dayOf(*instant)) : std::nullopt;
}

std::string formatDay(Day value) {
    const year_month_day date{value};
    std::array<char, 16> text{};
    const auto length =
        std::snprintf(text.data(), text.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return {text.data(), static_cast<std::size_t>(length)};
}

std::string formatTimestamp(Instant instant) {
    const Day date = dayOf(instant);
    const hh_mm_ss time{instant - date};
    std::array<char, 16> clock{};
    const auto length =
        std::snprintf(clock.data(), clock.size(), "T%02d:%02d:%02dZ", static_cast<int>(time.hours().count()),
                      static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
    return formatDay(date) + std::string(clock.data(), static_cast<std::size_t>(length));
}

Day dayOf(Instant instant) {
    return floor<days>(instant);
}

Day weekStart(Day value) {
    const weekday weekDay{value};
    // c_encoding: Sunday 0 ... Saturday 6; days since Monday = (c + 6) % 7.
    return value - days{(weekDay.c_encoding() + 6) % 7};
}

Instant now(const PhysicalClock& clock) {
    return floor<seconds>(sys_time<milliseconds>{milliseconds{static_cast<std::int64_t>(clock())}});
}

Day today(const PhysicalClock& clock) {
    return dayOf(now(clock));
}

std::optional<PeriodKind> periodKindFromString(std::string_view text) {
    if (text == "day") {
        return PeriodKind::Daily;
    }
    if (text == "week") {
        return PeriodKind::Weekly;
    }
    if (text == "month") {
        return PeriodKind::Monthly;
    }
    if (text == "quarter") {
        return PeriodKind::Quarterly;
    }
    return std::nullopt;
}

std::string_view toString(PeriodKind kind) {
    switch (kind) {
    case PeriodKind::Daily:
        return "day";
    case PeriodKind::Weekly:
        return "week";
    case PeriodKind::Monthly:
        return "month";
    case PeriodKind::Quarterly:
        return "quarter";
    }
    return "week";
}

Period periodContaining(PeriodKind kind, Day value) {
    const year_month_day date{value};
    switch (kind) {
    case PeriodKind::Daily:
        return {value, value + days{1}};
    case PeriodKind::Weekly: {
        const Day monday = weekStart(value);
        return {monday, monday + days{7}};
    }
    case PeriodKind::Monthly: {
        const year_month first{date.year(), date.month()};
        return {sys_days{first / 1}, sys_days{(first + months{1}) / 1}};
    }
    case PeriodKind::Quarterly: {
        const unsigned firstMonth = ((static_cast<unsigned>(date.month()) - 1) / 3) * 3 + 1;
        const year_month first{date.year(), month{firstMonth}};
        return {sys_days{first / 1}, sys_days{(first + months{3}) / 1}};
    }
    }
    return {value, value + days{1}};
}

Period previousPeriod(PeriodKind kind, const Period& period) {
    if (kind == PeriodKind::Monthly || kind == PeriodKind::Quarterly) {
        return periodContaining(kind, period.from - days{1});
    }
    return {period.from - (period.to - period.from), period.from};
}

} // namespace knowset::domain
