#include "knowset/domain/domain_json.hpp"

#include "knowset/merge/merge.hpp"

#include <chrono>
#include <utility>

namespace knowset::domain {

namespace {

// A JSON array of `toJson(item)` for each item, in order.
template <typename Item, typename ToJson> Json arrayOf(const std::vector<Item>& items, ToJson&& toJson) {
    Json array = Json::array();
    for (const auto& item : items) {
        array.push_back(toJson(item));
    }
    return array;
}

// A text member of a record's fields, "" when missing or not text.
std::string textOf(const Json& fields, const char* name) {
    const auto found = fields.find(name);
    return found != fields.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// An object member of a record's fields, {} when missing or not an object.
Json sideOf(const Json& fields, const char* name) {
    const auto found = fields.find(name);
    return found != fields.end() && found->is_object() ? *found : Json::object();
}

} // namespace

// ---- Building blocks

Json optionalText(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

Json optionalDayJson(const std::optional<Day>& day) {
    return day ? Json(formatDay(*day)) : Json(nullptr);
}

// ---- Records and writes

Json recordJson(const Record& record) {
    Json fields = Json::object();
    for (const auto& [name, value] : record.fields.items()) {
        if (!isSystemField(name)) {
            fields[name] = value;
        }
    }
    Json versions = Json::object();
    for (const auto& [name, version] : record.versions) {
        if (!isSystemField(name)) {
            versions[name] = version.toString();
        }
    }
    return Json{{"collection", record.collection},
                {"id", record.id},
                {"fields", std::move(fields)},
                {"versions", std::move(versions)},
                {"deleted", record.deleted}};
}

Json recordsJson(const std::vector<Record>& records) {
    return arrayOf(records, recordJson);
}

Json writeJson(const LocalWrite& write) {
    return Json{{"collection", write.collection},
                {"id", write.id},
                {"version", write.version.toString()},
                {"journal_seq", write.journalSeq}};
}

Json conflictJson(const Record& conflict) {
    const Json& fields = conflict.fields;
    return Json{{"id", conflict.id},
                {"collection", textOf(fields, "collection")},
                {"record_id", textOf(fields, "record_id")},
                {"field", textOf(fields, "field")},
                {"kind", textOf(fields, "kind")},
                {"status", textOf(fields, "status")},
                {"winner", sideOf(fields, "winner")},
                {"loser", sideOf(fields, "loser")}};
}

Json conflictDetailJson(const Record& conflict) {
    Json document = conflictJson(conflict);
    const Json& fields = conflict.fields;
    for (const char* name : {"resolution", "resolved_by", "resolved_at"}) {
        if (const auto found = fields.find(name); found != fields.end()) {
            document[name] = *found;
        }
    }
    return document;
}

// ---- Search

Json articleHitJson(const ArticleHit& hit) {
    return Json{{"rank", hit.rank},       {"id", hit.id},
                {"title", hit.title},     {"kind", hit.kind},
                {"status", hit.status},   {"category_id", optionalText(hit.categoryId)},
                {"snippet", hit.snippet}, {"score", hit.score}};
}

Json correctionJson(const Correction& correction) {
    return Json{{"typed", correction.typed}, {"used", correction.used}};
}

Json searchResultJson(const ArticleSearchResult& result, const std::optional<std::string>& searchMissId) {
    return Json{{"hits", arrayOf(result.hits, articleHitJson)},
                {"corrections", arrayOf(result.corrections, correctionJson)},
                {"typo_tolerance", result.usedTypoTolerance()},
                {"search_miss", optionalJson(searchMissId)}};
}

// ---- Knowledge

Json articleSummaryJson(const ArticleSummary& article) {
    return Json{{"id", article.id},
                {"kind", article.kind},
                {"status", article.status},
                {"title", article.title},
                {"category_id", optionalText(article.categoryId)},
                {"tags", article.tags},
                {"products", article.products},
                {"needs_review", article.needsReview}};
}

Json articleSummariesJson(const std::vector<ArticleSummary>& articles) {
    return arrayOf(articles, articleSummaryJson);
}

Json articleUpdateJson(const ArticleUpdate& update) {
    Json document = writeJson(update.article);
    document["marked_for_review"] = update.markedForReview;
    return document;
}

Json articleFreshnessJson(std::string_view articleId, const ArticleFreshness& freshness) {
    return Json{{"id", articleId},
                {"verified_on", optionalDayJson(freshness.verifiedOn)},
                {"verified_by", optionalText(freshness.verifiedBy)},
                {"days_since_verified", optionalJson(freshness.daysSinceVerified)},
                {"review_due", optionalDayJson(freshness.reviewDue)},
                {"days_until_review", optionalJson(freshness.daysUntilReview)},
                {"review_overdue", freshness.reviewOverdue},
                {"valid_to", optionalDayJson(freshness.validTo)},
                {"expired", freshness.expired},
                {"needs_review", freshness.needsReview},
                {"review_reason", optionalText(freshness.reviewReason)}};
}

Json categoryNodeJson(const CategoryNode& node) {
    return Json{{"id", node.id},
                {"name", node.name},
                {"parent_id", optionalText(node.parentId)},
                {"position", optionalJson(node.position)},
                {"depth", node.depth},
                {"articles", node.articleCount}};
}

Json categoryTreeJson(const std::vector<CategoryNode>& tree) {
    return arrayOf(tree, categoryNodeJson);
}

Json facetCountJson(const FacetCount& count, std::string_view valueName) {
    return Json{{valueName, count.value}, {"articles", count.articles}};
}

Json facetCountsJson(const std::vector<FacetCount>& counts, std::string_view valueName) {
    return arrayOf(counts, [valueName](const FacetCount& count) { return facetCountJson(count, valueName); });
}

Json commentJson(const Comment& comment) {
    return Json{{"id", comment.id}, {"author", comment.author}, {"body", comment.body}};
}

Json commentsJson(const std::vector<Comment>& comments) {
    return arrayOf(comments, commentJson);
}

Json helpfulnessCountsJson(std::string_view articleId, const HelpfulnessCounts& counts) {
    return Json{{"article_id", articleId}, {"helpful", counts.helpful}, {"not_helpful", counts.notHelpful},
                {"worked", counts.worked}, {"partly", counts.partly},   {"not", counts.notWorked}};
}

// ---- Customers

Json duplicateCandidateJson(const DuplicateCandidate& candidate) {
    Json reasons = Json::array();
    for (const auto reason : candidate.reasons) {
        reasons.push_back(toString(reason));
    }
    return Json{{"id", candidate.id},       {"name", candidate.name},   {"branch", candidate.branch},
                {"email", candidate.email}, {"phone", candidate.phone}, {"reasons", std::move(reasons)}};
}

Json duplicatesJson(const std::vector<DuplicateCandidate>& candidates) {
    return arrayOf(candidates, duplicateCandidateJson);
}

Json createdCustomerJson(const CreatedCustomer& created) {
    Json document = writeJson(created.write);
    document["duplicates"] = duplicatesJson(created.duplicates);
    return document;
}

Json consentStatusJson(const ConsentStatus& status) {
    return Json{{"purpose", status.purpose},        {"basis", status.basis},
                {"granted", status.granted},        {"expired", status.expired},
                {"in_force", status.inForce()},     {"source", status.source},
                {"captured_by", status.capturedBy}, {"at", status.at},
                {"expires", status.expires}};
}

Json consentJson(const std::vector<ConsentStatus>& statuses) {
    return arrayOf(statuses, consentStatusJson);
}

Json customerSummaryJson(const CustomerSummary& summary) {
    return Json{{"id", summary.id},
                {"name", summary.name},
                {"branch", summary.branch},
                {"verified_at", summary.verifiedAt}};
}

Json customerSummariesJson(const std::vector<CustomerSummary>& summaries) {
    return arrayOf(summaries, customerSummaryJson);
}

Json dataQualityJson(const DataQualityReport& report) {
    return Json{{"stale_after_days", report.staleAfterDays},
                {"never_confirmed", customerSummariesJson(report.neverConfirmed)},
                {"confirmed_long_ago", customerSummariesJson(report.confirmedLongAgo)},
                {"no_contact_point", customerSummariesJson(report.noContactPoint)}};
}

Json openedCustomerJson(const OpenedCustomer& opened, const std::vector<ConsentStatus>& consent) {
    Json document = recordJson(opened.record);
    document["masked"] = opened.masked;
    document["consent"] = consentJson(consent);
    document["access_log_id"] = opened.accessLog.id;
    return document;
}

// ---- Interactions and feedback

Json overdueFollowUpJson(const OverdueFollowUp& item) {
    return Json{{"id", item.interactionId}, {"due", formatDay(item.due)}, {"days_overdue", item.daysOverdue},
                {"agent", item.agent},      {"branch", item.branch},      {"customer_id", item.customerId},
                {"summary", item.summary}};
}

Json overdueFollowUpsJson(const std::vector<OverdueFollowUp>& items) {
    return arrayOf(items, overdueFollowUpJson);
}

Json answerUsedJson(const AnswerUsed& used) {
    Json document = writeJson(used.write);
    document["article_version"] = used.articleVersion;
    return document;
}

// ---- Insights

Json periodJson(const Period& period) {
    return Json{{"from", formatDay(period.from)}, {"to", formatDay(period.to - std::chrono::days{1})}};
}

Json trendCountJson(const TrendCount& count) {
    return Json{
        {"week", formatDay(count.week)}, {"key", count.key}, {"label", count.label}, {"count", count.count}};
}

Json trendsJson(const Period& period, TrendDimension by, const std::vector<TrendCount>& rows) {
    Json document = periodJson(period);
    document["by"] = toString(by);
    document["rows"] = arrayOf(rows, trendCountJson);
    return document;
}

Json risingTopicJson(const RisingTopic& topic) {
    return Json{{"dimension", toString(topic.dimension)},
                {"key", topic.key},
                {"label", topic.label},
                {"current", topic.current},
                {"previous", topic.previous},
                {"ratio", optionalJson(topic.ratio)}};
}

Json risingTopicsJson(const Period& current, const Period& previous, const RisingOptions& options,
                      const std::vector<RisingTopic>& topics) {
    return Json{{"period", periodJson(current)},
                {"previous", periodJson(previous)},
                {"min", options.minCount},
                {"factor", options.factor},
                {"topics", arrayOf(topics, risingTopicJson)}};
}

Json commentSourceJson(const CommentSource& source) {
    return Json{{"collection", source.collection},
                {"id", source.id},
                {"field", source.field},
                {"text", source.text},
                {"at", formatTimestamp(source.at)}};
}

Json repeatedCommentGroupJson(const RepeatedCommentGroup& group) {
    return Json{{"size", group.members.size()},
                {"representative", group.representative},
                {"first_seen", formatTimestamp(group.firstSeen)},
                {"last_seen", formatTimestamp(group.lastSeen)},
                {"members", arrayOf(group.members, commentSourceJson)}};
}

Json repeatedCommentsJson(const Period& period, const std::vector<RepeatedCommentGroup>& groups) {
    Json document = periodJson(period);
    document["groups"] = arrayOf(groups, repeatedCommentGroupJson);
    return document;
}

Json uncoveredCategoryJson(const UncoveredCategory& category) {
    return Json{{"category_id", category.categoryId},
                {"label", category.label},
                {"queries", category.queries},
                {"queries_with_article", category.queriesWithArticle},
                {"published_articles", category.publishedArticles}};
}

Json frequentPhraseJson(const FrequentPhrase& phrase) {
    return Json{{"phrase", phrase.phrase},
                {"interactions", phrase.interactions},
                {"with_article", phrase.withArticle}};
}

Json frequentMissJson(const FrequentMiss& miss) {
    return Json{{"query", miss.query}, {"count", miss.count}, {"last_at", formatTimestamp(miss.lastAt)}};
}

Json faqCandidatesJson(const Period& period, const FaqCandidates& candidates) {
    Json document = periodJson(period);
    document["categories"] = arrayOf(candidates.categories, uncoveredCategoryJson);
    document["phrases"] = arrayOf(candidates.phrases, frequentPhraseJson);
    document["search_misses"] = arrayOf(candidates.searchMisses, frequentMissJson);
    return document;
}

Json weeklySatisfactionJson(const WeeklySatisfaction& week) {
    const SatisfactionTally& tally = week.tally;
    return Json{{"week", formatDay(week.week)},
                {"csat", Json{{"responses", tally.csatResponses},
                              {"satisfied", tally.csatSatisfied},
                              {"percent", optionalJson(tally.csatPercent())},
                              {"mean", optionalJson(tally.csatMean())}}},
                {"nps", Json{{"responses", tally.npsResponses},
                             {"promoters", tally.promoters},
                             {"detractors", tally.detractors},
                             {"score", optionalJson(tally.nps())}}}};
}

Json satisfactionJson(const Period& period, const std::vector<WeeklySatisfaction>& weeks) {
    Json document = periodJson(period);
    document["weeks"] = arrayOf(weeks, weeklySatisfactionJson);
    return document;
}

// ---- KPIs

Json kpiDefinitionJson(const KpiDefinition& kpi) {
    Json scope{{"level", toString(kpi.scope.level)}};
    if (kpi.scope.level != ScopeLevel::Organisation) {
        scope["value"] = kpi.scope.value;
    }
    return Json{{"id", kpi.id},
                {"name", kpi.name},
                {"metric", toString(kpi.metric)},
                {"target", kpi.target},
                {"tolerance", kpi.tolerance},
                {"direction", toString(kpi.direction)},
                {"period", toString(kpi.period)},
                {"scope", std::move(scope)},
                {"owner", kpi.owner},
                {"action", kpi.action}};
}

Json kpiDefinitionsJson(const std::vector<KpiDefinition>& kpis) {
    return arrayOf(kpis, kpiDefinitionJson);
}

Json kpiEvaluationJson(const KpiEvaluation& evaluation) {
    const KpiMeasurement& measured = evaluation.measurement;
    return Json{{"kpi", kpiDefinitionJson(evaluation.definition)},
                {"period", periodJson(evaluation.period)},
                {"value", optionalJson(measured.value)},
                {"sample_size", measured.sampleSize},
                {"with_data", measured.withData},
                {"completeness", optionalJson(measured.completeness())},
                {"status", toString(evaluation.status)}};
}

Json kpiEvaluationsJson(Day date, const std::vector<KpiEvaluation>& evaluations) {
    return Json{{"date", formatDay(date)}, {"evaluations", arrayOf(evaluations, kpiEvaluationJson)}};
}

} // namespace knowset::domain
