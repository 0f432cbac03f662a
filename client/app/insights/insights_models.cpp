#include "client/app/insights/insights_models.hpp"

#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/insights.hpp"
#include "knowset/domain/interactions.hpp"
#include "knowset/domain/kpis.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/json_variant.hpp"

namespace knowset::app {

namespace {

using domain::Day;
using domain::Period;
using std::chrono::days;

QStringList keys(std::initializer_list<const char*> names) {
    QStringList list;
    for (const char* name : names) {
        list.push_back(QString::fromLatin1(name));
    }
    return list;
}

// The 12 weeks ending on `last` (from the Monday 11 weeks before its week), as the CLI's
// trends and satisfaction default to.
Period twelveWeeksEnding(Day last) {
    return Period{domain::weekStart(last) - days{7 * 11}, last + days{1}};
}

Period thirtyDaysEnding(Day last) {
    return Period{last - days{29}, last + days{1}};
}

std::string fixed(double value, int decimals) {
    std::array<char, 32> text{};
    const int length = std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
    return {text.data(), static_cast<std::size_t>(std::max(length, 0))};
}

// A KPI value in its metric's unit: seconds for handling time, points for NPS, else a percentage.
std::string kpiValueText(std::string_view metric, double value) {
    if (metric == "average_handling_time") {
        return fixed(value, 0) + " s";
    }
    if (metric == "nps") {
        return fixed(value, 0);
    }
    return fixed(value, 1) + "%";
}

// "Target ≥ 75.0%, tolerated ≥ 70.0%" (≤ when lower is better).
std::string bandText(std::string_view metric, double target, double tolerance, bool higherIsBetter) {
    std::string text = std::string("Target ") + (higherIsBetter ? "≥ " : "≤ ") + kpiValueText(metric, target);
    if (tolerance > 0) {
        const double edge = higherIsBetter ? target - tolerance : target + tolerance;
        text += (higherIsBetter ? ", tolerated ≥ " : ", tolerated ≤ ") + kpiValueText(metric, edge);
    }
    return text;
}

// A query's failure as a Result.
template <typename T> Result<Json> failed(const Result<T>& result) {
    return Unexpected<Error>(result.error());
}

std::string text(const Json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

} // namespace

// ---- InsightQueryModel

void InsightQueryModel::setReferenceDay(const QString& day) {
    if (day != m_referenceDay) {
        m_referenceDay = day;
        emit referenceDayChanged();
        refresh();
    }
}

std::optional<domain::Day> InsightQueryModel::reference() const {
    if (m_referenceDay.isEmpty()) {
        return domain::today();
    }
    const std::string dayText = m_referenceDay.toStdString();
    if (dayText.size() != 10) {
        return std::nullopt;
    }
    return domain::parseDay(dayText);
}

QueryListModel::Query InsightQueryModel::invalidDay() const {
    return [day = m_referenceDay.toStdString()](LocalStore&) -> Result<Json> {
        return fail(ErrorCode::InvalidChange, "referenceDay: '" + day + "' is not a date (YYYY-MM-DD)");
    };
}

void InsightQueryModel::takePeriod(const Json& document) {
    const QString from = toQString(text(document, "from"));
    const QString to = toQString(text(document, "to"));
    if (from != m_periodFrom || to != m_periodTo) {
        m_periodFrom = from;
        m_periodTo = to;
        emit periodChanged();
    }
}

// ---- TrendsModel

TrendsModel::TrendsModel(QObject* parent)
    : InsightQueryModel(parent) {}

void TrendsModel::setDimension(const QString& dimension) {
    if (dimension != m_dimension) {
        m_dimension = dimension;
        emit dimensionChanged();
        refresh();
    }
}

void TrendsModel::setTopCount(int count) {
    if (count != m_topCount && count > 0) {
        m_topCount = count;
        emit topCountChanged();
        refresh();
    }
}

QStringList TrendsModel::roleKeys() const {
    return keys({"week", "key", "label", "count"});
}

QueryListModel::Query TrendsModel::makeQuery() const {
    const auto day = reference();
    if (!day) {
        return invalidDay();
    }
    const auto dimension = domain::trendDimensionFromString(m_dimension.toStdString());
    if (!dimension) {
        return [name = m_dimension.toStdString()](LocalStore&) -> Result<Json> {
            return fail(ErrorCode::InvalidChange,
                        "dimension: '" + name + "' is not category, product or channel");
        };
    }
    return [dimension = *dimension, period = twelveWeeksEnding(*day)](LocalStore& store) -> Result<Json> {
        auto rows = domain::weeklyCounts(store, dimension, period);
        if (!rows) {
            return failed(rows);
        }
        Json document = domain::trendsJson(period, dimension, *rows);
        Json weeks = Json::array();
        for (Day week = domain::weekStart(period.from); week < period.to; week += days{7}) {
            weeks.push_back(domain::formatDay(week));
        }
        document["weeks"] = std::move(weeks);
        return document;
    };
}

Json TrendsModel::rowsOf(Json result) {
    takePeriod(result);
    Json rows = result.value("rows", Json::array());
    m_weeks.clear();
    std::map<std::string, std::size_t> weekIndex;
    for (const Json& week : result.value("weeks", Json::array())) {
        weekIndex.emplace(week.get<std::string>(), weekIndex.size());
        m_weeks.push_back(toQString(week.get<std::string>()));
    }
    struct Series {
        std::string key;
        std::string label;
        std::vector<std::int64_t> values;
        std::int64_t total = 0;
    };
    std::map<std::string, Series> byKey;
    std::vector<std::int64_t> weekTotals(weekIndex.size(), 0);
    m_total = 0;
    for (const Json& row : rows) {
        const auto week = weekIndex.find(text(row, "week"));
        if (week == weekIndex.end()) {
            continue;
        }
        const std::string key = text(row, "key");
        Series& series = byKey[key];
        if (series.values.empty()) {
            series.key = key;
            series.label = key.empty() ? std::string("(none)") : text(row, "label");
            series.values.assign(weekIndex.size(), 0);
        }
        const std::int64_t count = row.value("count", std::int64_t{0});
        series.values[week->second] += count;
        series.total += count;
        weekTotals[week->second] += count;
        m_total += count;
    }
    std::vector<Series> ordered;
    for (auto& [key, series] : byKey) {
        ordered.push_back(std::move(series));
    }
    std::sort(ordered.begin(), ordered.end(), [](const Series& a, const Series& b) {
        return a.total != b.total ? a.total > b.total : a.label < b.label;
    });
    const auto top = static_cast<std::size_t>(m_topCount);
    if (ordered.size() > top + 1) { // an "Other" of one key would only hide its name
        Series other{"", "Other", std::vector<std::int64_t>(weekIndex.size(), 0), 0};
        for (std::size_t i = top; i < ordered.size(); ++i) {
            for (std::size_t w = 0; w < other.values.size(); ++w) {
                other.values[w] += ordered[i].values[w];
            }
            other.total += ordered[i].total;
        }
        ordered.resize(top);
        other.key = "(other)";
        ordered.push_back(std::move(other));
    }
    m_series.clear();
    for (const Series& series : ordered) {
        QVariantList values;
        for (const std::int64_t value : series.values) {
            values.push_back(static_cast<qint64>(value));
        }
        m_series.push_back(QVariantMap{{QStringLiteral("key"), toQString(series.key)},
                                       {QStringLiteral("label"), toQString(series.label)},
                                       {QStringLiteral("values"), values},
                                       {QStringLiteral("total"), static_cast<qint64>(series.total)}});
    }
    m_busiestWeek = weekTotals.empty() ? 0 : *std::max_element(weekTotals.begin(), weekTotals.end());
    emit chartChanged();
    return rows;
}

// ---- RisingTopicsModel

RisingTopicsModel::RisingTopicsModel(QObject* parent)
    : InsightQueryModel(parent) {}

void RisingTopicsModel::setPeriod(const QString& period) {
    if (period != m_period) {
        m_period = period;
        emit periodKindChanged();
        refresh();
    }
}

QStringList RisingTopicsModel::roleKeys() const {
    return keys({"dimension", "key", "label", "current", "previous", "ratio"});
}

QueryListModel::Query RisingTopicsModel::makeQuery() const {
    const auto day = reference();
    if (!day) {
        return invalidDay();
    }
    const auto kind = domain::periodKindFromString(m_period.toStdString());
    if (!kind || (*kind != domain::PeriodKind::Weekly && *kind != domain::PeriodKind::Monthly)) {
        return [name = m_period.toStdString()](LocalStore&) -> Result<Json> {
            return fail(ErrorCode::InvalidChange, "period: '" + name + "' is not week or month");
        };
    }
    const Period current = domain::periodContaining(*kind, *day);
    const Period previous = domain::previousPeriod(*kind, current);
    return [current, previous](LocalStore& store) -> Result<Json> {
        const domain::RisingOptions options;
        auto topics = domain::risingTopics(store, current, previous, options);
        if (!topics) {
            return failed(topics);
        }
        return domain::risingTopicsJson(current, previous, options, *topics);
    };
}

Json RisingTopicsModel::rowsOf(Json result) {
    const Json previous = result.value("previous", Json::object());
    m_previousFrom = toQString(text(previous, "from"));
    m_previousTo = toQString(text(previous, "to"));
    Json topics = result.value("topics", Json::array());
    m_maxCount = 0;
    for (const Json& topic : topics) {
        m_maxCount = std::max({m_maxCount, topic.value("current", 0), topic.value("previous", 0)});
    }
    takePeriod(result.value("period", Json::object()));
    emit periodChanged(); // the previous period and the largest count, even when the period is the same
    return topics;
}

// ---- SatisfactionModel

SatisfactionModel::SatisfactionModel(QObject* parent)
    : InsightQueryModel(parent) {}

QStringList SatisfactionModel::roleKeys() const {
    return keys({"week", "csat_percent", "csat_mean", "csat_responses", "nps", "nps_responses"});
}

QueryListModel::Query SatisfactionModel::makeQuery() const {
    const auto day = reference();
    if (!day) {
        return invalidDay();
    }
    return [period = twelveWeeksEnding(*day)](LocalStore& store) -> Result<Json> {
        auto weeks = domain::weeklySatisfaction(store, period);
        if (!weeks) {
            return failed(weeks);
        }
        return domain::satisfactionJson(period, *weeks);
    };
}

Json SatisfactionModel::rowsOf(Json result) {
    takePeriod(result);
    Json rows = Json::array();
    for (const Json& week : result.value("weeks", Json::array())) {
        const Json csat = week.value("csat", Json::object());
        const Json nps = week.value("nps", Json::object());
        rows.push_back(Json{{"week", week.value("week", Json())},
                            {"csat_percent", csat.value("percent", Json())},
                            {"csat_mean", csat.value("mean", Json())},
                            {"csat_responses", csat.value("responses", 0)},
                            {"nps", nps.value("score", Json())},
                            {"nps_responses", nps.value("responses", 0)}});
    }
    return rows;
}

// ---- KpiTilesModel

KpiTilesModel::KpiTilesModel(QObject* parent)
    : InsightQueryModel(parent) {}

void KpiTilesModel::setScopeLevel(const QString& level) {
    if (level != m_scopeLevel) {
        m_scopeLevel = level;
        emit scopeLevelChanged();
        refresh();
    }
}

QStringList KpiTilesModel::roleKeys() const {
    return keys({"id",          "name",        "metric",    "scope_level",  "scope_value",
                 "period_from", "period_to",   "value",     "target",       "tolerance",
                 "direction",   "sample_size", "with_data", "completeness", "status",
                 "value_text",  "target_text", "band_text", "owner",        "action"});
}

QueryListModel::Query KpiTilesModel::makeQuery() const {
    const auto day = reference();
    if (!day) {
        return invalidDay();
    }
    return [day = *day, level = m_scopeLevel.toStdString()](LocalStore& store) -> Result<Json> {
        auto evaluations = domain::evaluateAllKpis(store, day);
        if (!evaluations) {
            return failed(evaluations);
        }
        Json rows = Json::array();
        for (const domain::KpiEvaluation& evaluation : *evaluations) {
            const domain::KpiDefinition& kpi = evaluation.definition;
            if (!level.empty() && domain::toString(kpi.scope.level) != level) {
                continue;
            }
            const Json document = domain::kpiEvaluationJson(evaluation);
            const Json& definition = document["kpi"];
            const std::string metric(domain::toString(kpi.metric));
            const bool higher = kpi.direction == domain::KpiDirection::HigherIsBetter;
            const auto& value = evaluation.measurement.value;
            rows.push_back(Json{{"id", kpi.id},
                                {"name", kpi.name},
                                {"metric", metric},
                                {"scope_level", definition["scope"]["level"]},
                                {"scope_value", definition["scope"].value("value", Json())},
                                {"period_from", document["period"]["from"]},
                                {"period_to", document["period"]["to"]},
                                {"value", document["value"]},
                                {"target", kpi.target},
                                {"tolerance", kpi.tolerance},
                                {"direction", definition["direction"]},
                                {"sample_size", document["sample_size"]},
                                {"with_data", document["with_data"]},
                                {"completeness", document["completeness"]},
                                {"status", document["status"]},
                                {"value_text", value ? kpiValueText(metric, *value) : std::string("—")},
                                {"target_text", kpiValueText(metric, kpi.target)},
                                {"band_text", bandText(metric, kpi.target, kpi.tolerance, higher)},
                                {"owner", kpi.owner},
                                {"action", kpi.action}});
        }
        return rows;
    };
}

// ---- RepeatedCommentsModel

RepeatedCommentsModel::RepeatedCommentsModel(QObject* parent)
    : InsightQueryModel(parent) {}

QStringList RepeatedCommentsModel::roleKeys() const {
    return keys({"size", "representative", "first_seen", "last_seen", "samples", "sources"});
}

QueryListModel::Query RepeatedCommentsModel::makeQuery() const {
    const auto day = reference();
    if (!day) {
        return invalidDay();
    }
    return [period = thirtyDaysEnding(*day)](LocalStore& store) -> Result<Json> {
        auto groups = domain::repeatedComments(store, period);
        if (!groups) {
            return failed(groups);
        }
        return domain::repeatedCommentsJson(period, *groups);
    };
}

Json RepeatedCommentsModel::rowsOf(Json result) {
    takePeriod(result);
    Json rows = Json::array();
    constexpr std::size_t kSamples = 3;
    for (const Json& group : result.value("groups", Json::array())) {
        Json samples = Json::array();
        int feedback = 0;
        int interactions = 0;
        bool representativeSkipped = false;
        const std::string representative = text(group, "representative");
        for (const Json& member : group.value("members", Json::array())) {
            (text(member, "collection") == "feedback" ? feedback : interactions) += 1;
            const std::string memberText = text(member, "text");
            if (!representativeSkipped && memberText == representative) {
                representativeSkipped = true;
                continue;
            }
            if (samples.size() < kSamples) {
                samples.push_back(memberText);
            }
        }
        std::vector<std::string> parts;
        if (feedback > 0) {
            parts.push_back(std::to_string(feedback) + " feedback");
        }
        if (interactions > 0) {
            parts.push_back(std::to_string(interactions) +
                            (interactions == 1 ? " interaction" : " interactions"));
        }
        std::string sources;
        for (const std::string& part : parts) {
            sources += (sources.empty() ? "" : ", ") + part;
        }
        rows.push_back(Json{{"size", group.value("size", 0)},
                            {"representative", representative},
                            {"first_seen", group.value("first_seen", Json())},
                            {"last_seen", group.value("last_seen", Json())},
                            {"samples", std::move(samples)},
                            {"sources", sources}});
    }
    return rows;
}

// ---- FaqCandidatesModel

FaqCandidatesModel::FaqCandidatesModel(QObject* parent)
    : InsightQueryModel(parent) {}

QStringList FaqCandidatesModel::roleKeys() const {
    return keys({"kind", "text", "count", "detail"});
}

QueryListModel::Query FaqCandidatesModel::makeQuery() const {
    const auto day = reference();
    if (!day) {
        return invalidDay();
    }
    return [period = thirtyDaysEnding(*day)](LocalStore& store) -> Result<Json> {
        auto candidates = domain::faqCandidates(store, period);
        if (!candidates) {
            return failed(candidates);
        }
        return domain::faqCandidatesJson(period, *candidates);
    };
}

Json FaqCandidatesModel::rowsOf(Json result) {
    takePeriod(result);
    Json rows = Json::array();
    for (const Json& category : result.value("categories", Json::array())) {
        const auto queries = category.value("queries", std::int64_t{0});
        const auto published = category.value("published_articles", std::int64_t{0});
        rows.push_back(
            Json{{"kind", "category"},
                 {"text", text(category, "label")},
                 {"count", queries},
                 {"detail", std::to_string(queries) + " queries, " +
                                std::to_string(category.value("queries_with_article", std::int64_t{0})) +
                                " used an article; " + std::to_string(published) + " published article" +
                                (published == 1 ? "" : "s") + " in the category"}});
    }
    for (const Json& phrase : result.value("phrases", Json::array())) {
        const auto without = phrase.value("interactions", std::int64_t{0});
        rows.push_back(Json{{"kind", "phrase"},
                            {"text", text(phrase, "phrase")},
                            {"count", without},
                            {"detail", std::to_string(without) + " contacts without an article, " +
                                           std::to_string(phrase.value("with_article", std::int64_t{0})) +
                                           " with one"}});
    }
    for (const Json& miss : result.value("search_misses", Json::array())) {
        const auto count = miss.value("count", std::int64_t{0});
        rows.push_back(Json{{"kind", "search"},
                            {"text", text(miss, "query")},
                            {"count", count},
                            {"detail", std::to_string(count) + " searches found nothing, the last " +
                                           text(miss, "last_at").substr(0, 10)}});
    }
    return rows;
}

// ---- OverdueFollowUpsModel

OverdueFollowUpsModel::OverdueFollowUpsModel(QObject* parent)
    : InsightQueryModel(parent) {}

QStringList OverdueFollowUpsModel::roleKeys() const {
    return keys({"id", "due", "days_overdue", "agent", "branch", "customer_id", "customer_name", "summary"});
}

QueryListModel::Query OverdueFollowUpsModel::makeQuery() const {
    const auto day = reference();
    if (!day) {
        return invalidDay();
    }
    AppController* controller = AppController::instance();
    if (controller == nullptr) {
        return {};
    }
    return [day = *day, actor = controller->actor()](LocalStore& store) -> Result<Json> {
        auto items = domain::overdueFollowUps(store, actor, day);
        if (!items) {
            return failed(items);
        }
        Json rows = domain::overdueFollowUpsJson(*items);
        std::map<std::string, std::string> names;
        for (Json& row : rows) {
            const std::string customerId = text(row, "customer_id");
            auto known = names.find(customerId);
            if (known == names.end()) {
                std::string name;
                if (!customerId.empty()) {
                    if (auto customer = store.get("customer", customerId);
                        customer && customer->has_value()) {
                        name = text((**customer).fields, "name");
                    }
                }
                known = names.emplace(customerId, name.empty() ? customerId : name).first;
            }
            row["customer_name"] = known->second;
        }
        return rows;
    };
}

} // namespace knowset::app
