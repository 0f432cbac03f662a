// Insights over the local replica. Each query reads its collection once (scanPeriod) and
// aggregates in C++; see insights.hpp for what each number means.
#include "knowset/domain/insights.hpp"

#include "knowset/domain/text_similarity.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace knowset::domain {

namespace {

using std::chrono::days;

// Columns of a scan: the record id, then the fields asked for.
constexpr int kFirstFieldColumn = 1;

int fieldColumn(std::size_t index) {
    return kFirstFieldColumn + static_cast<int>(index);
}

std::string jsonPath(std::string_view field) {
    return "json_extract(doc, '$." + std::string(field) + "')";
}

std::string selectFields(const std::vector<std::string_view>& fields) {
    std::string sql = "SELECT id";
    for (const auto field : fields) {
        sql += ", " + jsonPath(field);
    }
    return sql + " FROM records WHERE collection = ? AND deleted = 0";
}

Unexpected<Error> readFailure(std::string_view collection, const std::exception& error) {
    return fail(ErrorCode::Internal, "reading " + std::string(collection) + ": " + error.what());
}

// The live categories: names and the tree.
struct Categories {
    std::unordered_map<std::string, std::string> names;
    std::unordered_map<std::string, std::string> parents; // of those that have one
};

Result<Categories> readCategories(LocalStore& store) {
    try {
        SQLite::Statement query(store.database(),
                                "SELECT id, json_extract(doc, '$.name'), json_extract(doc, '$.parent_id') "
                                "FROM records WHERE collection = 'category' AND deleted = 0");
        Categories categories;
        while (query.executeStep()) {
            std::string id = query.getColumn(0).getString();
            if (const std::string parent = query.getColumn(2).getString(); !parent.empty()) {
                categories.parents.emplace(id, parent);
            }
            categories.names.emplace(std::move(id), query.getColumn(1).getString());
        }
        return categories;
    } catch (const std::exception& error) {
        return readFailure("category", error);
    }
}

std::string labelOf(TrendDimension dimension, const std::string& key, const Categories& categories) {
    if (dimension != TrendDimension::Category) {
        return key;
    }
    const auto found = categories.names.find(key);
    return found == categories.names.end() || found->second.empty() ? key : found->second;
}

std::string_view fieldOf(TrendDimension dimension) {
    switch (dimension) {
    case TrendDimension::Category:
        return "category_id";
    case TrendDimension::Product:
        return "product";
    case TrendDimension::Channel:
        return "channel";
    }
    return "category_id";
}

// ---- Repeated comments

struct CommentText {
    CommentSource source;
    // Its meaningful words as ids, ascending; ids are given rarest word first (see prefixLength).
    std::vector<std::uint32_t> words;
};

// Room for rounding when a share of words is compared with a threshold: 0.6 * 5 must be 3.
constexpr double kRoundingSlack = 1e-9;

// Prefix filtering: order every text's words by how few texts use them. Two word sets with a
// Jaccard similarity of at least t share at least ceil(t * |x|) words, so they share one of
// the first |x| - ceil(t * |x|) + 1 words of x in that order; indexing and probing only those
// finds every pair that can reach t and skips the common words that would match everything.
std::size_t prefixLength(std::size_t wordCount, double minSimilarity) {
    const auto shared =
        static_cast<std::size_t>(std::ceil(minSimilarity * static_cast<double>(wordCount) - kRoundingSlack));
    return std::clamp<std::size_t>(wordCount + 1 - std::min(shared, wordCount), 1, wordCount);
}

// The Jaccard similarity of two ascending sets of word ids: the measure of wordSetSimilarity,
// without folding both texts again for every pair compared.
double similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    std::size_t shared = 0;
    for (auto left = a.begin(), right = b.begin(); left != a.end() && right != b.end();) {
        if (*left == *right) {
            ++shared;
            ++left;
            ++right;
        } else if (*left < *right) {
            ++left;
        } else {
            ++right;
        }
    }
    return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

// The feedback comments and customer words of the period with a meaningful word, oldest first
// (ties by collection, then id).
Result<std::vector<CommentText>> commentTexts(LocalStore& store, const Period& period) {
    std::vector<CommentText> texts;
    std::vector<std::vector<std::string>> wordsOfText;
    const auto collect = [&](std::string_view collection, std::string_view field) {
        return [&, collection, field](const ScannedRecord& record, Instant at) {
            std::string text = record.text(0);
            auto words = meaningfulWords(text);
            if (!words.empty()) {
                texts.push_back(
                    {{std::string(collection), record.id(), std::string(field), std::move(text), at}, {}});
                wordsOfText.push_back(std::move(words));
            }
        };
    };
    if (auto scanned =
            scanPeriod(store, {"feedback", {"at"}, {"comment"}}, period, collect("feedback", "comment"));
        !scanned) {
        return unexpected(scanned.error());
    }
    if (auto scanned = scanPeriod(store, {"interaction", {"occurred_at"}, {"customer_words"}}, period,
                                  collect("interaction", "customer_words"));
        !scanned) {
        return unexpected(scanned.error());
    }

    std::unordered_map<std::string_view, std::uint32_t> textsUsing;
    for (const auto& words : wordsOfText) {
        for (const auto& word : words) {
            ++textsUsing[word];
        }
    }
    std::vector<std::pair<std::uint32_t, std::string_view>> byRarity;
    byRarity.reserve(textsUsing.size());
    for (const auto& [word, count] : textsUsing) {
        byRarity.emplace_back(count, word);
    }
    std::sort(byRarity.begin(), byRarity.end());
    std::unordered_map<std::string_view, std::uint32_t> idOf;
    for (std::uint32_t id = 0; id < byRarity.size(); ++id) {
        idOf.emplace(byRarity[id].second, id);
    }
    for (std::size_t index = 0; index < texts.size(); ++index) {
        auto& ids = texts[index].words;
        for (const auto& word : wordsOfText[index]) {
            ids.push_back(idOf.at(word));
        }
        std::sort(ids.begin(), ids.end());
    }

    std::sort(texts.begin(), texts.end(), [](const CommentText& a, const CommentText& b) {
        return std::tie(a.source.at, a.source.collection, a.source.id) <
               std::tie(b.source.at, b.source.collection, b.source.id);
    });
    return texts;
}

// ---- FAQ candidates

// The words of `text` that carry meaning, in the order they were written.
std::vector<std::string> meaningfulWordsInOrder(std::string_view text) {
    const auto meaningful = meaningfulWords(text);
    std::vector<std::string> words = foldedWords(text);
    std::erase_if(words, [&meaningful](const std::string& word) {
        return !std::binary_search(meaningful.begin(), meaningful.end(), word);
    });
    return words;
}

// The pairs and triples of consecutive words, each once.
std::set<std::string> phrasesOf(const std::vector<std::string>& words) {
    std::set<std::string> phrases;
    for (std::size_t at = 0; at + 1 < words.size(); ++at) {
        phrases.insert(words[at] + ' ' + words[at + 1]);
        if (at + 2 < words.size()) {
            phrases.insert(words[at] + ' ' + words[at + 1] + ' ' + words[at + 2]);
        }
    }
    return phrases;
}

bool isTriple(std::string_view phrase) {
    return std::count(phrase.begin(), phrase.end(), ' ') == 2;
}

// Interactions whose customer words hold a phrase.
struct PhraseCount {
    std::int64_t withoutArticle = 0;
    std::int64_t withArticle = 0;
};

std::vector<FrequentPhrase> frequentPhrases(const std::unordered_map<std::string, PhraseCount>& counts,
                                            const FaqCandidateOptions& options) {
    std::map<std::string, PhraseCount> kept;
    for (const auto& [phrase, count] : counts) {
        const auto all = static_cast<double>(count.withoutArticle + count.withArticle);
        if (count.withoutArticle >= options.minPhraseCount &&
            static_cast<double>(count.withoutArticle) >= options.minShareWithoutArticle * all) {
            kept.emplace(phrase, count);
        }
    }
    std::set<std::string> redundantPairs;
    for (const auto& [phrase, count] : kept) {
        if (!isTriple(phrase)) {
            continue;
        }
        const std::size_t firstSpace = phrase.find(' ');
        const std::size_t secondSpace = phrase.find(' ', firstSpace + 1);
        for (const std::string& pair : {phrase.substr(0, secondSpace), phrase.substr(firstSpace + 1)}) {
            if (const auto found = kept.find(pair);
                found != kept.end() && found->second.withoutArticle == count.withoutArticle) {
                redundantPairs.insert(pair);
            }
        }
    }
    std::vector<FrequentPhrase> phrases;
    for (const auto& [phrase, count] : kept) {
        if (!redundantPairs.contains(phrase)) {
            phrases.push_back({phrase, count.withoutArticle, count.withArticle});
        }
    }
    std::sort(phrases.begin(), phrases.end(), [](const FrequentPhrase& a, const FrequentPhrase& b) {
        return std::make_tuple(-a.interactions, !isTriple(a.phrase), std::string_view(a.phrase)) <
               std::make_tuple(-b.interactions, !isTriple(b.phrase), std::string_view(b.phrase));
    });
    if (phrases.size() > options.limit) {
        phrases.resize(options.limit);
    }
    return phrases;
}

// Published articles per category, each counted in its own category and every one above it.
Result<std::unordered_map<std::string, std::int64_t>> publishedArticlesBeneath(LocalStore& store,
                                                                               const Categories& categories) {
    std::unordered_map<std::string, std::int64_t> counts;
    try {
        SQLite::Statement query(store.database(),
                                "SELECT json_extract(doc, '$.category_id'), count(*) FROM records "
                                "WHERE collection = 'article' AND deleted = 0 "
                                "AND json_extract(doc, '$.status') = 'published' "
                                "AND json_extract(doc, '$.category_id') IS NOT NULL GROUP BY 1");
        while (query.executeStep()) {
            std::string category = query.getColumn(0).getString();
            const std::int64_t published = query.getColumn(1).getInt64();
            // `seen` stops at a loop in a damaged tree.
            for (std::set<std::string> seen; seen.insert(category).second;) {
                counts[category] += published;
                const auto parent = categories.parents.find(category);
                if (parent == categories.parents.end()) {
                    break;
                }
                category = parent->second;
            }
        }
    } catch (const std::exception& error) {
        return readFailure("article", error);
    }
    return counts;
}

Result<std::vector<FrequentMiss>> frequentMisses(LocalStore& store, const Period& period,
                                                 const FaqCandidateOptions& options) {
    std::map<std::string, FrequentMiss> misses;
    auto scanned = scanPeriod(store, {"search_miss", {"at"}, {"query"}}, period,
                              [&misses](const ScannedRecord& record, Instant at) {
                                  std::string query = foldText(record.text(0));
                                  if (query.empty()) {
                                      return;
                                  }
                                  FrequentMiss& miss = misses[query];
                                  miss.query = std::move(query);
                                  ++miss.count;
                                  miss.lastAt = std::max(miss.lastAt, at);
                              });
    if (!scanned) {
        return unexpected(scanned.error());
    }
    std::vector<FrequentMiss> frequent;
    for (auto& [query, miss] : misses) {
        if (miss.count >= options.minMisses) {
            frequent.push_back(std::move(miss));
        }
    }
    std::stable_sort(frequent.begin(), frequent.end(),
                     [](const FrequentMiss& a, const FrequentMiss& b) { return a.count > b.count; });
    if (frequent.size() > options.limit) {
        frequent.resize(options.limit);
    }
    return frequent;
}

} // namespace

// ---- Reading

std::string ScannedRecord::id() const {
    return m_row.getColumn(0).getString();
}

std::string ScannedRecord::text(std::size_t index) const {
    const SQLite::Column value = m_row.getColumn(fieldColumn(index));
    return value.isText() ? value.getString() : std::string();
}

std::optional<double> ScannedRecord::number(std::size_t index) const {
    const SQLite::Column value = m_row.getColumn(fieldColumn(index));
    if (value.isInteger() || value.isFloat()) {
        return value.getDouble();
    }
    return std::nullopt;
}

std::optional<Instant> ScannedRecord::instant(std::size_t index) const {
    const std::string value = text(index);
    if (auto instant = parseTimestamp(value)) {
        return instant;
    }
    if (auto day = parseDay(value)) {
        return Instant{*day};
    }
    return std::nullopt;
}

bool ScannedRecord::hasItems(std::size_t index) const {
    // json_extract gives an array as its minified JSON text: "[]" when empty.
    const std::string value = text(index);
    return value.size() > 2 && value.front() == '[';
}

Result<Done> scanRecords(LocalStore& store, std::string_view collection,
                         const std::vector<std::string_view>& fields,
                         const std::function<void(const ScannedRecord&)>& visit) {
    try {
        SQLite::Statement query(store.database(), selectFields(fields));
        query.bind(1, std::string(collection));
        while (query.executeStep()) {
            visit(ScannedRecord(query));
        }
        return Done{};
    } catch (const std::exception& error) {
        return readFailure(collection, error);
    }
}

Result<Done> scanPeriod(LocalStore& store, const PeriodScan& scan, const Period& period,
                        const std::function<void(const ScannedRecord&, Instant at)>& visit) {
    std::vector<std::string_view> fields = scan.fields;
    fields.insert(fields.end(), scan.timeFields.begin(), scan.timeFields.end());
    // Text bounds a day wider than the period: a timestamp with an offset may name the day
    // before or after its UTC day. The exact test is on the parsed instant.
    std::string inRange;
    for (const auto field : scan.timeFields) {
        inRange += std::string(inRange.empty() ? "" : " OR ") + "(" + jsonPath(field) + " >= ? AND " +
                   jsonPath(field) + " < ?)";
    }
    const std::string lowest = formatDay(period.from - days{1});
    const std::string highest = formatDay(period.to + days{1});
    try {
        SQLite::Statement query(store.database(), selectFields(fields) + " AND (" + inRange + ")");
        query.bind(1, std::string(scan.collection));
        for (int bound = 0; bound < static_cast<int>(scan.timeFields.size()); ++bound) {
            query.bind(2 + 2 * bound, lowest);
            query.bind(3 + 2 * bound, highest);
        }
        while (query.executeStep()) {
            const ScannedRecord record(query);
            for (std::size_t time = scan.fields.size(); time < fields.size(); ++time) {
                if (const auto at = record.instant(time); at && period.contains(*at)) {
                    visit(record, *at);
                    break;
                }
            }
        }
        return Done{};
    } catch (const std::exception& error) {
        return readFailure(scan.collection, error);
    }
}

// ---- Trends

std::optional<TrendDimension> trendDimensionFromString(std::string_view text) {
    for (const auto dimension :
         {TrendDimension::Category, TrendDimension::Product, TrendDimension::Channel}) {
        if (text == toString(dimension)) {
            return dimension;
        }
    }
    return std::nullopt;
}

std::string_view toString(TrendDimension dimension) {
    switch (dimension) {
    case TrendDimension::Category:
        return "category";
    case TrendDimension::Product:
        return "product";
    case TrendDimension::Channel:
        return "channel";
    }
    return "category";
}

Result<std::vector<TrendCount>> weeklyCounts(LocalStore& store, TrendDimension dimension,
                                             const Period& period) {
    auto categories = readCategories(store);
    if (!categories) {
        return unexpected(categories.error());
    }
    std::map<std::pair<Day, std::string>, std::int64_t> counts;
    auto scanned = scanPeriod(store, {"interaction", {"occurred_at"}, {fieldOf(dimension)}}, period,
                              [&counts](const ScannedRecord& record, Instant at) {
                                  ++counts[{weekStart(dayOf(at)), record.text(0)}];
                              });
    if (!scanned) {
        return unexpected(scanned.error());
    }
    std::vector<TrendCount> rows;
    rows.reserve(counts.size());
    for (const auto& [weekAndKey, count] : counts) {
        rows.push_back(
            {weekAndKey.first, weekAndKey.second, labelOf(dimension, weekAndKey.second, *categories), count});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TrendCount& a, const TrendCount& b) {
        return std::make_pair(a.week, -a.count) < std::make_pair(b.week, -b.count);
    });
    return rows;
}

// ---- Rising topics

Result<std::vector<RisingTopic>> risingTopics(LocalStore& store, const Period& current,
                                              const Period& previous, const RisingOptions& options) {
    auto categories = readCategories(store);
    if (!categories) {
        return unexpected(categories.error());
    }
    // (dimension, key) -> (current, previous)
    std::map<std::pair<TrendDimension, std::string>, std::pair<std::int64_t, std::int64_t>> counts;
    const Period both{std::min(current.from, previous.from), std::max(current.to, previous.to)};
    // Field i of the scan is the key of kTopicDimensions[i].
    constexpr std::array kTopicDimensions{TrendDimension::Category, TrendDimension::Product};
    auto scanned =
        scanPeriod(store, {"interaction", {"occurred_at"}, {"category_id", "product"}}, both,
                   [&](const ScannedRecord& record, Instant at) {
                       const bool inCurrent = current.contains(at);
                       if (!inCurrent && !previous.contains(at)) {
                           return;
                       }
                       for (std::size_t index = 0; index < kTopicDimensions.size(); ++index) {
                           std::string key = record.text(index);
                           if (key.empty()) {
                               continue;
                           }
                           auto& [inNow, inBefore] = counts[{kTopicDimensions[index], std::move(key)}];
                           ++(inCurrent ? inNow : inBefore);
                       }
                   });
    if (!scanned) {
        return unexpected(scanned.error());
    }
    std::vector<RisingTopic> topics;
    for (const auto& [topic, count] : counts) {
        const auto [now, before] = count;
        if (now < options.minCount) {
            continue;
        }
        RisingTopic rising{topic.first, topic.second, labelOf(topic.first, topic.second, *categories),
                           now,         before,       std::nullopt};
        if (before > 0) {
            rising.ratio = static_cast<double>(now) / static_cast<double>(before);
            if (*rising.ratio < options.factor) {
                continue;
            }
        }
        topics.push_back(std::move(rising));
    }
    // `counts` is ordered by dimension and key, so a stable sort keeps that order for ties.
    std::stable_sort(topics.begin(), topics.end(), [](const RisingTopic& a, const RisingTopic& b) {
        const double growthA = a.ratio.value_or(std::numeric_limits<double>::infinity());
        const double growthB = b.ratio.value_or(std::numeric_limits<double>::infinity());
        return std::make_pair(growthA, a.current) > std::make_pair(growthB, b.current);
    });
    return topics;
}

// ---- Repeated comments

Result<std::vector<RepeatedCommentGroup>> repeatedComments(LocalStore& store, const Period& period,
                                                           const RepeatedCommentOptions& options) {
    if (!(options.minSimilarity > 0 && options.minSimilarity <= 1)) {
        return fail(ErrorCode::InvalidChange,
                    "repeated comments: the similarity must be above 0 and at most 1");
    }
    auto texts = commentTexts(store, period);
    if (!texts) {
        return unexpected(texts.error());
    }
    struct Group {
        std::size_t representative = 0;
        std::vector<std::size_t> members;
    };
    std::vector<Group> groups;
    std::vector<std::vector<std::size_t>> groupsByWord; // word id -> groups with it in their prefix
    for (const auto& text : *texts) {
        groupsByWord.resize(std::max<std::size_t>(groupsByWord.size(), text.words.back() + 1));
    }
    std::vector<std::size_t> lastProbedBy; // group -> 1 + the last text that considered it
    for (std::size_t index = 0; index < texts->size(); ++index) {
        const CommentText& text = (*texts)[index];
        const std::size_t prefix = prefixLength(text.words.size(), options.minSimilarity);
        std::vector<std::size_t> candidates;
        for (std::size_t at = 0; at < prefix; ++at) {
            for (const std::size_t group : groupsByWord[text.words[at]]) {
                if (lastProbedBy[group] != index + 1) {
                    lastProbedBy[group] = index + 1;
                    candidates.push_back(group);
                }
            }
        }
        std::optional<std::size_t> best;
        double bestSimilarity = 0;
        for (const std::size_t candidate : candidates) {
            const auto& representative = (*texts)[groups[candidate].representative].words;
            // The Jaccard similarity is at most the smaller set's size over the larger's.
            const auto [fewer, more] = std::minmax(text.words.size(), representative.size());
            if (static_cast<double>(fewer) <
                options.minSimilarity * static_cast<double>(more) - kRoundingSlack) {
                continue;
            }
            const double alike = similarity(text.words, representative);
            if (alike < options.minSimilarity) {
                continue;
            }
            if (!best || alike > bestSimilarity || (alike == bestSimilarity && candidate < *best)) {
                best = candidate;
                bestSimilarity = alike;
            }
        }
        if (best) {
            groups[*best].members.push_back(index);
            continue;
        }
        for (std::size_t at = 0; at < prefix; ++at) {
            groupsByWord[text.words[at]].push_back(groups.size());
        }
        groups.push_back({index, {index}});
        lastProbedBy.push_back(0);
    }

    std::vector<RepeatedCommentGroup> alerts;
    for (const auto& group : groups) {
        if (group.members.size() < options.minGroupSize) {
            continue;
        }
        RepeatedCommentGroup alert;
        alert.representative = (*texts)[group.representative].source.text;
        for (const std::size_t member : group.members) {
            alert.members.push_back((*texts)[member].source);
        }
        alert.firstSeen = alert.members.front().at;
        alert.lastSeen = alert.members.back().at;
        alerts.push_back(std::move(alert));
    }
    // Groups were started oldest first, so a stable sort by size keeps first-seen order for ties.
    std::stable_sort(alerts.begin(), alerts.end(),
                     [](const RepeatedCommentGroup& a, const RepeatedCommentGroup& b) {
                         return a.members.size() > b.members.size();
                     });
    return alerts;
}

// ---- FAQ candidates

Result<FaqCandidates> faqCandidates(LocalStore& store, const Period& period,
                                    const FaqCandidateOptions& options) {
    auto categories = readCategories(store);
    if (!categories) {
        return unexpected(categories.error());
    }
    auto published = publishedArticlesBeneath(store, *categories);
    if (!published) {
        return unexpected(published.error());
    }
    std::map<std::string, UncoveredCategory> queried;
    std::unordered_map<std::string, PhraseCount> phraseCounts;
    auto scanned = scanPeriod(
        store, {"interaction", {"occurred_at"}, {"kind", "category_id", "articles_used", "customer_words"}},
        period, [&](const ScannedRecord& record, Instant /*at*/) {
            const bool usedArticle = record.hasItems(2);
            if (const std::string category = record.text(1); record.text(0) == "query" && !category.empty()) {
                UncoveredCategory& counts = queried[category];
                ++counts.queries;
                counts.queriesWithArticle += usedArticle ? 1 : 0;
            }
            for (const auto& phrase : phrasesOf(meaningfulWordsInOrder(record.text(3)))) {
                PhraseCount& count = phraseCounts[phrase];
                ++(usedArticle ? count.withArticle : count.withoutArticle);
            }
        });
    if (!scanned) {
        return unexpected(scanned.error());
    }

    FaqCandidates candidates;
    for (auto& [categoryId, counts] : queried) {
        const auto found = published->find(categoryId);
        counts.publishedArticles = found == published->end() ? 0 : found->second;
        if (counts.queries >= options.minQueries &&
            (counts.publishedArticles == 0 || counts.queriesWithArticle == 0)) {
            counts.categoryId = categoryId;
            counts.label = labelOf(TrendDimension::Category, categoryId, *categories);
            candidates.categories.push_back(std::move(counts));
        }
    }
    std::sort(
        candidates.categories.begin(), candidates.categories.end(),
        [](const UncoveredCategory& a, const UncoveredCategory& b) {
            return std::make_tuple(-a.queries, std::string_view(a.label), std::string_view(a.categoryId)) <
                   std::make_tuple(-b.queries, std::string_view(b.label), std::string_view(b.categoryId));
        });
    candidates.phrases = frequentPhrases(phraseCounts, options);
    auto misses = frequentMisses(store, period, options);
    if (!misses) {
        return unexpected(misses.error());
    }
    candidates.searchMisses = std::move(*misses);
    return candidates;
}

// ---- Satisfaction

void SatisfactionTally::add(std::string_view scale, double score) {
    if (scale == "csat") {
        ++csatResponses;
        csatScoreSum += score;
        csatSatisfied += score >= 4 ? 1 : 0;
    } else if (scale == "nps") {
        ++npsResponses;
        promoters += score >= 9 ? 1 : 0;
        detractors += score <= 6 ? 1 : 0;
    }
}

std::optional<double> SatisfactionTally::csatPercent() const {
    if (csatResponses == 0) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(csatSatisfied) / static_cast<double>(csatResponses);
}

std::optional<double> SatisfactionTally::csatMean() const {
    if (csatResponses == 0) {
        return std::nullopt;
    }
    return csatScoreSum / static_cast<double>(csatResponses);
}

std::optional<double> SatisfactionTally::nps() const {
    if (npsResponses == 0) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(npsResponses);
}

Result<std::vector<WeeklySatisfaction>> weeklySatisfaction(LocalStore& store, const Period& period) {
    std::map<Day, SatisfactionTally> weeks;
    auto scanned = scanPeriod(store, {"feedback", {"at"}, {"scale", "score"}}, period,
                              [&weeks](const ScannedRecord& record, Instant at) {
                                  const std::string scale = record.text(0);
                                  const auto score = record.number(1);
                                  if (score && (scale == "csat" || scale == "nps")) {
                                      weeks[weekStart(dayOf(at))].add(scale, *score);
                                  }
                              });
    if (!scanned) {
        return unexpected(scanned.error());
    }
    std::vector<WeeklySatisfaction> rows;
    rows.reserve(weeks.size());
    for (const auto& [week, tally] : weeks) {
        rows.push_back({week, tally});
    }
    return rows;
}

} // namespace knowset::domain
