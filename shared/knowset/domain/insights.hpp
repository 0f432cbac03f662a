// Insights over the local replica (PRODUCT.md R1, R2, K14, I4): what the contact centre is
// being asked about, what customers keep saying, where the knowledge set has gaps, and how
// satisfied customers are. Pure reads: nothing here writes.
//
// Common rules:
// - Deleted records never count.
// - A period is [from, to): `to` is exclusive. An interaction belongs to the period that holds
//   its `occurred_at`, feedback to the one that holds its `at`, a search miss to the one that
//   holds its `at` (timestamps in UTC); records without a readable timestamp belong to none.
// - Weeks are ISO weeks, named by their Monday (YYYY-MM-DD). A period that starts or ends
//   mid-week gives partial first or last weeks.
// - Rates are percentages (0-100); NPS runs from -100 to 100.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/store/local_store.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace SQLite {
class Statement;
} // namespace SQLite

namespace knowset::domain {

// ---- Reading records for insights and KPIs ----

// One live record met by a scan, with the values of the fields the scan asked for; valid only
// during the call that receives it.
class ScannedRecord {
public:
    explicit ScannedRecord(const SQLite::Statement& row)
        : m_row(row) {}

    std::string id() const;
    // The value of fields[index]: text ("" when absent or not text), a number (none when
    // absent or not a number), an instant (a timestamp, or a date at midnight UTC; none when
    // absent or unreadable), or whether it is an array with at least one item.
    std::string text(std::size_t index) const;
    std::optional<double> number(std::size_t index) const;
    std::optional<Instant> instant(std::size_t index) const;
    bool hasItems(std::size_t index) const;

private:
    const SQLite::Statement& m_row;
};

// Calls `visit` for each live record of `collection`, in one pass. SQLite failures are
// Internal errors.
Result<Done> scanRecords(LocalStore& store, std::string_view collection,
                         const std::vector<std::string_view>& fields,
                         const std::function<void(const ScannedRecord&)>& visit);

// What a period scan reads: the live records of `collection` where at least one of
// `timeFields` (timestamps or dates) lies in the period, with the values of `fields`.
struct PeriodScan {
    std::string_view collection;
    std::vector<std::string_view> timeFields;
    std::vector<std::string_view> fields; // field names of the schema
};

// Calls `visit` with each live record of scan.collection where one of scan.timeFields lies in
// `period`, and the instant of the first that does, in one pass over the collection (or over
// the records in range when the replica has an index on collection and that field).
Result<Done> scanPeriod(LocalStore& store, const PeriodScan& scan, const Period& period,
                        const std::function<void(const ScannedRecord&, Instant at)>& visit);

// ---- Trends (R1) ----

// What interactions are counted by: their category_id, product or channel.
enum class TrendDimension { Category, Product, Channel };
std::optional<TrendDimension> trendDimensionFromString(std::string_view text); // category, product, channel
std::string_view toString(TrendDimension dimension);

struct TrendCount {
    Day week;          // the Monday
    std::string key;   // the category id, product or channel; empty when the interaction has none
    std::string label; // the category's name (its id when the category is unknown), else the key
    std::int64_t count = 0;
};

// Interactions per week and key over `period`, ordered by week, then count (highest first),
// then key. Every interaction of the period is counted once, so a week's counts add up to the
// interactions of that week.
Result<std::vector<TrendCount>> weeklyCounts(LocalStore& store, TrendDimension dimension,
                                             const Period& period);

// ---- Rising topics (R2) ----

struct RisingOptions {
    std::int64_t minCount = 5; // the current period needs at least this many interactions
    double factor = 1.5;       // and at least this many times the previous period's count
};

struct RisingTopic {
    TrendDimension dimension = TrendDimension::Category; // Category or Product
    std::string key;
    std::string label;
    std::int64_t current = 0;
    std::int64_t previous = 0;
    std::optional<double> ratio; // current / previous; none when previous is 0 (a new topic)
};

// Categories and products whose interaction count in `current` is at least
// options.minCount and either new (0 in `previous`) or at least options.factor times the count
// in `previous` (normally the period of the same length just before, see previousPeriod).
// Interactions without a category or product are not a topic. Ordered by growth: new topics
// first, then by ratio, then by current count (both highest first), then dimension and key.
Result<std::vector<RisingTopic>> risingTopics(LocalStore& store, const Period& current,
                                              const Period& previous, const RisingOptions& options = {});

// ---- Repeated comments (R2) ----

struct RepeatedCommentOptions {
    double minSimilarity = 0.6;   // wordSetSimilarity to the group's representative
    std::size_t minGroupSize = 3; // smaller groups raise no alert and are not returned
};

// One text that is part of a group: a feedback comment or an interaction's customer words.
struct CommentSource {
    std::string collection; // feedback or interaction
    std::string id;
    std::string field; // comment or customer_words
    std::string text;
    Instant at{};
};

struct RepeatedCommentGroup {
    std::string representative;         // the text the others resemble (the group's oldest)
    std::vector<CommentSource> members; // oldest first, the representative included
    Instant firstSeen{};
    Instant lastSeen{};
};

// Feedback comments and interaction customer words of `period` that say nearly the same
// thing. Texts are taken oldest first (ties by collection, then id); each joins the group
// whose representative it resembles most (similarity at least options.minSimilarity, ties to
// the older group) or starts a group of its own as its representative. Texts without a word
// that carries meaning ("ok", "yes it is") are left out. Groups of options.minGroupSize or more
// are returned, largest first, then by first seen. Candidates come from an index of the
// representatives' rarest words, so the work grows with the texts, not with their pairs.
Result<std::vector<RepeatedCommentGroup>> repeatedComments(LocalStore& store, const Period& period,
                                                           const RepeatedCommentOptions& options = {});

// ---- FAQ candidates (K14) ----

struct FaqCandidateOptions {
    std::int64_t minQueries = 5;         // (a) queries of a category in the period
    std::int64_t minPhraseCount = 5;     // (b) interactions without an article whose words hold the phrase
    double minShareWithoutArticle = 0.8; // (b) of all the interactions whose words hold it
    std::int64_t minMisses = 3;          // (c) searches for the same words that found nothing
    std::size_t limit = 20;              // at most this many phrases and this many search misses
};

// (a) A category customers ask about that the knowledge set does not answer.
struct UncoveredCategory {
    std::string categoryId;
    std::string label;
    std::int64_t queries = 0;            // interactions of kind query in the period
    std::int64_t queriesWithArticle = 0; // of which used at least one article
    std::int64_t publishedArticles = 0;  // published articles whose category_id is this category
};

// (b) Words customers keep using when no article was used.
struct FrequentPhrase {
    std::string phrase;            // two or three meaningful words, folded, in order
    std::int64_t interactions = 0; // interactions without an article whose words hold it
    std::int64_t withArticle = 0;  // interactions that used an article whose words hold it
};

// (c) What people search for and do not find.
struct FrequentMiss {
    std::string query; // folded (foldText)
    std::int64_t count = 0;
    Instant lastAt{};
};

struct FaqCandidates {
    std::vector<UncoveredCategory> categories; // most queries first, then label
    std::vector<FrequentPhrase> phrases;       // most interactions first, longer first, then phrase
    std::vector<FrequentMiss> searchMisses;    // most searches first, then query
};

// (a) Categories with at least options.minQueries queries in the period where no published
// article lies in the category or beneath it, or where none of those queries used an article.
// (b) Word pairs and triples that follow each other once stop words are dropped ("cannot log
// in to my account" holds "log account" and "cannot log account"), counted once per
// interaction (any kind) whose customer words hold them. Kept when at least
// options.minPhraseCount interactions without an article hold the phrase and they make at least
// options.minShareWithoutArticle of all that hold it: small talk such as "quick question" is
// as common when an article answered as when none did, and so is left out. A pair is left out
// when a kept triple holding it has the same count (it says nothing more).
// (c) Search misses whose folded query text occurs at least options.minMisses times.
Result<FaqCandidates> faqCandidates(LocalStore& store, const Period& period,
                                    const FaqCandidateOptions& options = {});

// ---- Satisfaction (I4) ----

// CSAT and NPS responses, tallied. CSAT answers 1-5: satisfied means 4 or 5. NPS answers 0-10:
// promoters 9-10, detractors 0-6.
struct SatisfactionTally {
    std::int64_t csatResponses = 0;
    std::int64_t csatSatisfied = 0;
    double csatScoreSum = 0;
    std::int64_t npsResponses = 0;
    std::int64_t promoters = 0;
    std::int64_t detractors = 0;

    // Counts a feedback response; scales other than csat and nps are ignored.
    void add(std::string_view scale, double score);
    // Percentage of CSAT responses that are 4 or 5; none without responses.
    std::optional<double> csatPercent() const;
    // Mean CSAT score (1-5); none without responses.
    std::optional<double> csatMean() const;
    // % promoters minus % detractors (-100..100); none without responses.
    std::optional<double> nps() const;
};

struct WeeklySatisfaction {
    Day week; // the Monday
    SatisfactionTally tally;
};

// CSAT and NPS per week of `period`, from feedback with a scale of csat or nps and a score;
// weeks without such feedback are left out. Ordered by week.
Result<std::vector<WeeklySatisfaction>> weeklySatisfaction(LocalStore& store, const Period& period);

} // namespace knowset::domain
