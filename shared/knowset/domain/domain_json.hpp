// The JSON forms of domain results: what `knowset-cli ... --json` prints and what the desktop
// client shows (it turns these documents into QVariant), so both show the same data.
//
// One convention throughout: a free function `<what>Json(...)` per result type, in
// knowset::domain. Keys are snake_case; a value that is absent (an empty optional, an empty
// id or text where "none" is meant) is null; days are YYYY-MM-DD, timestamps RFC 3339 in UTC,
// and a period's "to" is its last day, included. The documents' shapes are part of the CLI's
// interface (docs/cli.md): change them only on purpose.
#pragma once

#include "knowset/core/patch.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/domain/customers.hpp"
#include "knowset/domain/insights.hpp"
#include "knowset/domain/interactions.hpp"
#include "knowset/domain/knowledge.hpp"
#include "knowset/domain/kpis.hpp"
#include "knowset/domain/search.hpp"
#include "knowset/store/local_store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::domain {

// ---- Building blocks

// The text, or null when it is empty.
Json optionalText(const std::string& text);

// The value, or null when there is none.
template <typename T> Json optionalJson(const std::optional<T>& value) {
    return value ? Json(*value) : Json(nullptr);
}

// The day as YYYY-MM-DD, or null when there is none.
Json optionalDayJson(const std::optional<Day>& day);

// ---- Records and writes

// {"collection", "id", "fields", "versions", "deleted"}; system fields ('_' prefix) left out.
Json recordJson(const Record& record);
// An array of recordJson, in the given order (a customer's timeline, a feedback list...).
Json recordsJson(const std::vector<Record>& records);
// {"collection", "id", "version", "journal_seq"}
Json writeJson(const LocalWrite& write);

// A record of the conflict collection: {"id", "collection", "record_id", "field", "kind",
// "status", "winner", "loser"} (missing texts "", missing sides {}).
Json conflictJson(const Record& conflict);
// conflictJson with "resolution", "resolved_by" and "resolved_at" when the record has them.
Json conflictDetailJson(const Record& conflict);

// ---- Search (K6, K7)

// {"rank", "id", "title", "kind", "status", "category_id" (null: none), "snippet", "score"}
Json articleHitJson(const ArticleHit& hit);
// {"typed", "used"}
Json correctionJson(const Correction& correction);
// {"hits", "corrections", "typo_tolerance", "search_miss"}: search_miss is the id of the
// search_miss record stored for this search, null when none was.
Json searchResultJson(const ArticleSearchResult& result,
                      const std::optional<std::string>& searchMissId = std::nullopt);

// ---- Knowledge (K1, K3, K8, K10, K12, K13)

// {"id", "kind", "status", "title", "category_id" (null: none), "tags", "products", "needs_review"}
Json articleSummaryJson(const ArticleSummary& article);
// An array of articleSummaryJson (the articles citing a key message...).
Json articleSummariesJson(const std::vector<ArticleSummary>& articles);
// writeJson of the article with "marked_for_review": the articles now needing review.
Json articleUpdateJson(const ArticleUpdate& update);
// {"id", "verified_on", "verified_by", "days_since_verified", "review_due", "days_until_review",
// "review_overdue", "valid_to", "expired", "needs_review", "review_reason"}
Json articleFreshnessJson(std::string_view articleId, const ArticleFreshness& freshness);
// {"id", "name", "parent_id" (null: top level), "position", "depth", "articles"}
Json categoryNodeJson(const CategoryNode& node);
// An array of categoryNodeJson, depth first as categoryTree gives them.
Json categoryTreeJson(const std::vector<CategoryNode>& tree);
// {valueName: value, "articles"}, valueName being "tag" or "product".
Json facetCountJson(const FacetCount& count, std::string_view valueName);
// An array of facetCountJson.
Json facetCountsJson(const std::vector<FacetCount>& counts, std::string_view valueName);
// {"id", "author", "body"}
Json commentJson(const Comment& comment);
// An array of commentJson, oldest first as listComments gives them.
Json commentsJson(const std::vector<Comment>& comments);
// {"article_id", "helpful", "not_helpful", "worked", "partly", "not"}
Json helpfulnessCountsJson(std::string_view articleId, const HelpfulnessCounts& counts);

// ---- Customers (C1-C8)

// {"id", "name", "branch", "email", "phone", "reasons": ["same_email", ...]}
Json duplicateCandidateJson(const DuplicateCandidate& candidate);
// An array of duplicateCandidateJson.
Json duplicatesJson(const std::vector<DuplicateCandidate>& candidates);
// writeJson of the new customer with "duplicates".
Json createdCustomerJson(const CreatedCustomer& created);
// {"purpose", "basis", "granted", "expired", "in_force", "source", "captured_by", "at", "expires"}
Json consentStatusJson(const ConsentStatus& status);
// An array of consentStatusJson.
Json consentJson(const std::vector<ConsentStatus>& statuses);
// {"id", "name", "branch", "verified_at"}
Json customerSummaryJson(const CustomerSummary& summary);
// An array of customerSummaryJson.
Json customerSummariesJson(const std::vector<CustomerSummary>& summaries);
// {"stale_after_days", "never_confirmed", "confirmed_long_ago", "no_contact_point"}
Json dataQualityJson(const DataQualityReport& report);
// recordJson of the opened customer with "masked", "consent" and "access_log_id".
Json openedCustomerJson(const OpenedCustomer& opened, const std::vector<ConsentStatus>& consent);

// ---- Interactions and feedback (I1, I2, I4-I6, K9)

// {"id" (the interaction's), "due", "days_overdue", "agent", "branch", "customer_id", "summary"}
Json overdueFollowUpJson(const OverdueFollowUp& item);
// An array of overdueFollowUpJson.
Json overdueFollowUpsJson(const std::vector<OverdueFollowUp>& items);
// writeJson of the interaction with "article_version".
Json answerUsedJson(const AnswerUsed& used);

// ---- Insights (R1, R2, K14, I4)

// {"from", "to"}: the first and the last day (included) of [from, to).
Json periodJson(const Period& period);
// {"week", "key", "label", "count"}
Json trendCountJson(const TrendCount& count);
// periodJson with "by" (the dimension) and "rows" (trendCountJson).
Json trendsJson(const Period& period, TrendDimension by, const std::vector<TrendCount>& rows);
// {"dimension", "key", "label", "current", "previous", "ratio" (null: new)}
Json risingTopicJson(const RisingTopic& topic);
// {"period", "previous", "min", "factor", "topics" (risingTopicJson)}
Json risingTopicsJson(const Period& current, const Period& previous, const RisingOptions& options,
                      const std::vector<RisingTopic>& topics);
// {"collection", "id", "field", "text", "at"}
Json commentSourceJson(const CommentSource& source);
// {"size", "representative", "first_seen", "last_seen", "members" (commentSourceJson)}
Json repeatedCommentGroupJson(const RepeatedCommentGroup& group);
// periodJson with "groups" (repeatedCommentGroupJson).
Json repeatedCommentsJson(const Period& period, const std::vector<RepeatedCommentGroup>& groups);
// {"category_id", "label", "queries", "queries_with_article", "published_articles"}
Json uncoveredCategoryJson(const UncoveredCategory& category);
// {"phrase", "interactions", "with_article"}
Json frequentPhraseJson(const FrequentPhrase& phrase);
// {"query", "count", "last_at"}
Json frequentMissJson(const FrequentMiss& miss);
// periodJson with "categories", "phrases" and "search_misses".
Json faqCandidatesJson(const Period& period, const FaqCandidates& candidates);
// {"week", "csat": {"responses", "satisfied", "percent", "mean"},
//  "nps": {"responses", "promoters", "detractors", "score"}}; no responses: null percent...
Json weeklySatisfactionJson(const WeeklySatisfaction& week);
// periodJson with "weeks" (weeklySatisfactionJson).
Json satisfactionJson(const Period& period, const std::vector<WeeklySatisfaction>& weeks);

// ---- KPIs (I3, R5)

// {"id", "name", "metric", "target", "tolerance", "direction", "period", "scope": {"level",
// "value" (not for the organisation)}, "owner", "action"}
Json kpiDefinitionJson(const KpiDefinition& kpi);
// An array of kpiDefinitionJson.
Json kpiDefinitionsJson(const std::vector<KpiDefinition>& kpis);
// {"kpi" (kpiDefinitionJson), "period" (periodJson), "value" (null: no data), "sample_size",
// "with_data", "completeness" (0-1, null for an empty sample), "status"}
Json kpiEvaluationJson(const KpiEvaluation& evaluation);
// {"date", "evaluations" (kpiEvaluationJson)}
Json kpiEvaluationsJson(Day date, const std::vector<KpiEvaluation>& evaluations);

} // namespace knowset::domain
