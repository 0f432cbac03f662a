// The domain's calendar (UTC days, ISO weeks, periods) and text comparison helpers.
#include "knowset/domain/calendar.hpp"
#include "knowset/domain/text_similarity.hpp"

#include "test_support.hpp"

using namespace knowset::domain;

namespace {

Day dayOn(int y, unsigned m, unsigned d) {
    return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / d};
}

} // namespace

TEST_CASE("timestamps and days are read in UTC", "[domain][calendar]") {
    REQUIRE(parseTimestamp("2026-11-23T09:30:00Z"));
    CHECK(formatTimestamp(*parseTimestamp("2026-11-23T09:30:00Z")) == "2026-11-23T09:30:00Z");
    CHECK(formatTimestamp(*parseTimestamp("2026-11-23T09:30:00.750Z")) == "2026-11-23T09:30:00Z");
    // 01:30 at +02:00 is 23:30 the day before in UTC.
    CHECK(formatTimestamp(*parseTimestamp("2026-11-23T01:30:00+02:00")) == "2026-11-22T23:30:00Z");
    CHECK(formatTimestamp(*parseTimestamp("2026-11-23T22:00:00-03:00")) == "2026-11-24T01:00:00Z");
    CHECK(*parseDay("2026-11-23T01:30:00+02:00") == dayOn(2026, 11, 22));
    CHECK(*parseDay("2024-02-29") == dayOn(2024, 2, 29));
    CHECK_FALSE(parseDay("2026-02-29"));
    CHECK_FALSE(parseDay("2026-1-05"));
    CHECK_FALSE(parseTimestamp("2026-11-23 09:30:00Z"));
    CHECK_FALSE(parseTimestamp("2026-11-23T24:00:00Z"));
    CHECK_FALSE(parseTimestamp("2026-11-23T09:30:00"));
    CHECK(formatDay(dayOn(2026, 1, 5)) == "2026-01-05");
}

TEST_CASE("weeks start on Monday and periods are half-open", "[domain][calendar]") {
    // 2026-11-23 is a Monday; 2026-11-29 the Sunday of the same week.
    CHECK(weekStart(dayOn(2026, 11, 23)) == dayOn(2026, 11, 23));
    CHECK(weekStart(dayOn(2026, 11, 29)) == dayOn(2026, 11, 23));
    CHECK(weekStart(dayOn(2026, 11, 22)) == dayOn(2026, 11, 16));

    const Period week = periodContaining(PeriodKind::Weekly, dayOn(2026, 11, 26));
    CHECK(week == Period{dayOn(2026, 11, 23), dayOn(2026, 11, 30)});
    CHECK(week.contains(dayOn(2026, 11, 29)));
    CHECK_FALSE(week.contains(dayOn(2026, 11, 30)));
    CHECK(previousPeriod(PeriodKind::Weekly, week) == Period{dayOn(2026, 11, 16), dayOn(2026, 11, 23)});

    const Period march = periodContaining(PeriodKind::Monthly, dayOn(2026, 3, 31));
    CHECK(march == Period{dayOn(2026, 3, 1), dayOn(2026, 4, 1)});
    CHECK(previousPeriod(PeriodKind::Monthly, march) == Period{dayOn(2026, 2, 1), dayOn(2026, 3, 1)});
    CHECK(periodContaining(PeriodKind::Quarterly, dayOn(2026, 12, 31)) ==
          Period{dayOn(2026, 10, 1), dayOn(2027, 1, 1)});
    CHECK(previousPeriod(PeriodKind::Quarterly, periodContaining(PeriodKind::Quarterly, dayOn(2026, 2, 1))) ==
          Period{dayOn(2025, 10, 1), dayOn(2026, 1, 1)});
    CHECK(periodContaining(PeriodKind::Daily, dayOn(2026, 11, 23)).days() == 1);
    CHECK(periodKindFromString("month") == PeriodKind::Monthly);
    CHECK_FALSE(periodKindFromString("year"));
}

TEST_CASE("today comes from the clock it is given", "[domain][calendar]") {
    // 2026-11-23T09:30:00Z in milliseconds since the epoch.
    const auto clock = [] {
        return std::uint64_t{1'795'426'200'000};
    };
    CHECK(formatTimestamp(now(clock)) == "2026-11-23T09:30:00Z");
    CHECK(today(clock) == dayOn(2026, 11, 23));
}

TEST_CASE("folding keeps letters and digits and breaks words on the rest", "[domain][text]") {
    CHECK(foldText("Ms. O'Brien,  42") == "ms o brien 42");
    CHECK(foldText("  --  ") == "");
    CHECK(foldText("Zoë") == "zoë");
    CHECK(foldedWords("My router's light: RED!") ==
          std::vector<std::string>{"my", "router", "s", "light", "red"});
    CHECK(meaningfulWords("The bill is too high, the BILL") ==
          std::vector<std::string>{"bill", "high", "too"});
}

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[domain][text]") {
    CHECK(editDistance("password", "password") == 0);
    CHECK(editDistance("pasword", "password") == 1); // a deletion
    CHECK(editDistance("refnd", "refund") == 1);     // a deletion
    CHECK(editDistance("ruoter", "router") == 1);    // a swap of neighbours
    CHECK(editDistance("modem", "model") == 1);      // a substitution
    CHECK(editDistance("kitten", "sitting") == 3);
    CHECK(editDistance("kitten", "sitting", 2) == 3); // beyond the limit: limit + 1
    CHECK(editDistance("a", "abcdef", 2) == 3);
    CHECK(editDistance("", "abc") == 3);
    CHECK(typoBudget(3) == 0);
    CHECK(typoBudget(5) == 1);
    CHECK(typoBudget(8) == 2);
}

TEST_CASE("padded trigrams mark the start and end of a word", "[domain][text]") {
    CHECK(paddedTrigrams("ab") == std::vector<std::string>{"^ab", "ab$"});
    CHECK(paddedTrigrams("refund") == std::vector<std::string>{"^re", "efu", "fun", "nd$", "ref", "und"});
    // "refnd" shares the start and the end with "refund": enough to find it as a candidate.
    CHECK(paddedTrigrams("refnd") == std::vector<std::string>{"^re", "efn", "fnd", "nd$", "ref"});
}

TEST_CASE("word-set similarity ignores order, case and stop words", "[domain][text]") {
    CHECK(wordSetSimilarity("The router keeps dropping", "router keeps DROPPING!") == 1.0);
    // {router, keeps, dropping} vs {router, dropping, connection}: 2 shared of 4.
    CHECK(wordSetSimilarity("router keeps dropping", "the router is dropping my connection") == 0.5);
    CHECK(wordSetSimilarity("bill too high", "router broken") == 0.0);
    CHECK(wordSetSimilarity("", "") == 1.0);
    CHECK(wordSetSimilarity("the", "a") == 0.0);
}
