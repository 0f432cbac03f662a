// KPI definitions and their evaluation; see kpis.hpp for what each metric counts.
#include "knowset/domain/kpis.hpp"

#include "knowset/domain/insights.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <utility>

namespace knowset::domain {

namespace {

constexpr std::array<std::pair<KpiMetric, std::string_view>, 6> kMetricNames{{
    {KpiMetric::FirstContactResolution, "first_contact_resolution"},
    {KpiMetric::AverageHandlingTime, "average_handling_time"},
    {KpiMetric::EscalationRate, "escalation_rate"},
    {KpiMetric::Csat, "csat"},
    {KpiMetric::Nps, "nps"},
    {KpiMetric::FollowUpsOnTime, "follow_ups_on_time"},
}};

constexpr std::array<std::pair<ScopeLevel, std::string_view>, 4> kScopeLevelNames{{
    {ScopeLevel::Person, "person"},
    {ScopeLevel::Team, "team"},
    {ScopeLevel::Branch, "branch"},
    {ScopeLevel::Organisation, "organisation"},
}};

template <typename Enum, std::size_t Size>
std::optional<Enum> fromName(const std::array<std::pair<Enum, std::string_view>, Size>& names,
                             std::string_view text) {
    for (const auto& [value, name] : names) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

template <typename Enum, std::size_t Size>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, Size>& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) {
            return name;
        }
    }
    return names.front().second;
}

// ---- Measuring

// What the metrics read of one interaction or feedback record: read once, however many KPIs
// count it. A record of the other collection leaves a metric's fields empty, so it never
// counts for that metric.
struct Facts {
    std::string agent;
    std::string team;
    std::string branch;
    // interactions
    std::optional<Instant> occurredAt;
    std::string kind;
    std::string outcome;
    std::optional<double> handledSeconds;
    std::optional<Instant> followUpDue; // the due day at midnight
    std::string followUpDone;           // the timestamp as written; empty while not done
    // feedback
    std::optional<Instant> at;
    std::string scale;
    std::optional<double> score;
};

bool readsFeedback(KpiMetric metric) {
    return metric == KpiMetric::Csat || metric == KpiMetric::Nps;
}

// The scans of the measurements: every interaction that happened or had a follow-up due in
// the span of the periods measured, and every feedback given in it.
PeriodScan interactionScan() {
    return {"interaction",
            {"occurred_at", "follow_up_due"},
            {"occurred_at", "follow_up_due", "agent", "team", "branch", "kind", "outcome", "handled_seconds",
             "follow_up_done_at"}};
}

Facts interactionFacts(const ScannedRecord& record) {
    Facts facts;
    facts.occurredAt = record.instant(0);
    facts.followUpDue = record.instant(1);
    facts.agent = record.text(2);
    facts.team = record.text(3);
    facts.branch = record.text(4);
    facts.kind = record.text(5);
    facts.outcome = record.text(6);
    facts.handledSeconds = record.number(7);
    facts.followUpDone = record.text(8);
    return facts;
}

PeriodScan feedbackScan() {
    return {"feedback", {"at"}, {"agent", "team", "branch", "scale", "score"}};
}

Facts feedbackFacts(const ScannedRecord& record, Instant at) {
    Facts facts;
    facts.at = at;
    facts.agent = record.text(0);
    facts.team = record.text(1);
    facts.branch = record.text(2);
    facts.scale = record.text(3);
    facts.score = record.number(4);
    return facts;
}

bool inScope(const KpiScope& scope, const Facts& facts) {
    switch (scope.level) {
    case ScopeLevel::Person:
        return facts.agent == scope.value;
    case ScopeLevel::Team:
        return facts.team == scope.value;
    case ScopeLevel::Branch:
        return facts.branch == scope.value;
    case ScopeLevel::Organisation:
        return true;
    }
    return false;
}

struct MeasureRequest {
    KpiMetric metric;
    KpiScope scope;
    Period period;
    Day evaluationDay;
};

double percent(std::int64_t part, std::int64_t whole) {
    return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

// What one measurement has counted so far.
class Tally {
public:
    explicit Tally(const MeasureRequest& request)
        : m_request(request) {}

    void count(const Facts& facts) {
        if (!inScope(m_request.scope, facts)) {
            return;
        }
        switch (m_request.metric) {
        case KpiMetric::FirstContactResolution:
            if (inPeriod(facts.occurredAt) &&
                (facts.kind == "query" || facts.kind == "request" || facts.kind == "complaint")) {
                countOutcome(facts.outcome, "resolved");
            }
            return;
        case KpiMetric::EscalationRate:
            if (inPeriod(facts.occurredAt)) {
                countOutcome(facts.outcome, "escalated");
            }
            return;
        case KpiMetric::AverageHandlingTime:
            if (inPeriod(facts.occurredAt)) {
                ++m_sample;
                if (facts.handledSeconds) {
                    ++m_withData;
                    m_sum += *facts.handledSeconds;
                }
            }
            return;
        case KpiMetric::Csat:
        case KpiMetric::Nps:
            if (inPeriod(facts.at) && facts.scale == toString(m_request.metric)) {
                ++m_sample;
                if (facts.score) {
                    ++m_withData;
                    m_satisfaction.add(facts.scale, *facts.score);
                }
            }
            return;
        case KpiMetric::FollowUpsOnTime:
            if (inPeriod(facts.followUpDue)) {
                countFollowUp(dayOf(*facts.followUpDue), facts.followUpDone);
            }
            return;
        }
    }

    KpiMeasurement measurement() const {
        KpiMeasurement measured{std::nullopt, m_sample, m_withData};
        switch (m_request.metric) {
        case KpiMetric::Csat:
            measured.value = m_satisfaction.csatPercent();
            break;
        case KpiMetric::Nps:
            measured.value = m_satisfaction.nps();
            break;
        case KpiMetric::AverageHandlingTime:
            if (m_withData > 0) {
                measured.value = m_sum / static_cast<double>(m_withData);
            }
            break;
        case KpiMetric::FirstContactResolution:
        case KpiMetric::EscalationRate:
        case KpiMetric::FollowUpsOnTime:
            if (m_withData > 0) {
                measured.value = percent(m_hits, m_withData);
            }
            break;
        }
        return measured;
    }

private:
    bool inPeriod(const std::optional<Instant>& instant) const {
        return instant && m_request.period.contains(*instant);
    }

    void countOutcome(const std::string& outcome, std::string_view hit) {
        ++m_sample;
        if (!outcome.empty()) {
            ++m_withData;
            m_hits += outcome == hit ? 1 : 0;
        }
    }

    void countFollowUp(Day due, const std::string& doneText) {
        if (due > m_request.evaluationDay) {
            return;
        }
        const auto doneAt = parseTimestamp(doneText);
        const bool doneOnTime = doneAt && dayOf(*doneAt) <= due;
        if (due == m_request.evaluationDay && !doneOnTime) {
            return; // it can still be done on time today
        }
        ++m_sample;
        if (!doneText.empty() && !doneAt) {
            return; // done, but when cannot be read
        }
        ++m_withData;
        m_hits += doneOnTime ? 1 : 0;
    }

    const MeasureRequest& m_request;
    std::int64_t m_sample = 0;
    std::int64_t m_withData = 0;
    std::int64_t m_hits = 0;
    double m_sum = 0;
    SatisfactionTally m_satisfaction;
};

// Measures every request with at most one pass over the interactions and one over the
// feedback, however many requests there are.
Result<std::vector<KpiMeasurement>> measureAll(LocalStore& store,
                                               const std::vector<MeasureRequest>& requests) {
    if (requests.empty()) {
        return std::vector<KpiMeasurement>{};
    }
    std::vector<Tally> tallies(requests.begin(), requests.end());
    Period span = requests.front().period;
    for (const auto& request : requests) {
        span = {std::min(span.from, request.period.from), std::max(span.to, request.period.to)};
    }
    const auto countAll = [&tallies](const Facts& facts) {
        for (auto& tally : tallies) {
            tally.count(facts);
        }
    };
    const auto anyReadsFeedback = [&requests](bool feedback) {
        return std::any_of(requests.begin(), requests.end(), [feedback](const MeasureRequest& request) {
            return readsFeedback(request.metric) == feedback;
        });
    };
    if (anyReadsFeedback(false)) {
        auto scanned =
            scanPeriod(store, interactionScan(), span, [&](const ScannedRecord& record, Instant /*at*/) {
                countAll(interactionFacts(record));
            });
        if (!scanned) {
            return unexpected(scanned.error());
        }
    }
    if (anyReadsFeedback(true)) {
        auto scanned = scanPeriod(store, feedbackScan(), span, [&](const ScannedRecord& record, Instant at) {
            countAll(feedbackFacts(record, at));
        });
        if (!scanned) {
            return unexpected(scanned.error());
        }
    }
    std::vector<KpiMeasurement> measurements;
    measurements.reserve(tallies.size());
    for (const auto& tally : tallies) {
        measurements.push_back(tally.measurement());
    }
    return measurements;
}

// ---- Definitions as records

std::string stringField(const Json& fields, std::string_view name) {
    const auto found = fields.find(name);
    return found != fields.end() && found->is_string() ? found->get<std::string>() : std::string();
}

double numberField(const Json& fields, std::string_view name) {
    const auto found = fields.find(name);
    return found != fields.end() && found->is_number() ? found->get<double>() : 0.0;
}

// A kpi record as a definition; none when it names a metric this version does not know.
std::optional<KpiDefinition> definitionOf(const Record& record) {
    const Json& fields = record.fields;
    const auto metric = kpiMetricFromString(stringField(fields, "metric"));
    if (!metric) {
        return std::nullopt;
    }
    KpiDefinition definition;
    definition.id = record.id;
    definition.name = stringField(fields, "name");
    definition.metric = *metric;
    definition.target = numberField(fields, "target");
    definition.tolerance = numberField(fields, "tolerance");
    definition.direction =
        kpiDirectionFromString(stringField(fields, "direction")).value_or(naturalDirection(*metric));
    definition.period = periodKindFromString(stringField(fields, "period")).value_or(definition.period);
    if (const auto scope = fields.find("scope"); scope != fields.end() && scope->is_object()) {
        definition.scope.level =
            scopeLevelFromString(stringField(*scope, "level")).value_or(ScopeLevel::Organisation);
        definition.scope.value = stringField(*scope, "value");
    }
    definition.owner = stringField(fields, "owner");
    definition.action = stringField(fields, "action");
    return definition;
}

Json recordFieldsOf(const KpiDefinition& definition, const Actor& actor) {
    Json scope{{"level", toString(definition.scope.level)}};
    if (definition.scope.level != ScopeLevel::Organisation) {
        scope["value"] = definition.scope.value;
    }
    Json fields{{"name", definition.name},
                {"metric", toString(definition.metric)},
                {"target", definition.target},
                {"tolerance", definition.tolerance},
                {"direction", toString(definition.direction)},
                {"period", toString(definition.period)},
                {"scope", std::move(scope)},
                {"owner", definition.owner.empty() ? actor.user : definition.owner}};
    if (!definition.action.empty()) {
        fields["action"] = definition.action;
    }
    return fields;
}

KpiEvaluation evaluationOf(const KpiDefinition& definition, const Period& period,
                           const KpiMeasurement& measured) {
    return {definition, period, measured,
            kpiStatus(measured.value, definition.target, definition.tolerance, definition.direction)};
}

} // namespace

std::optional<KpiMetric> kpiMetricFromString(std::string_view text) {
    return fromName(kMetricNames, text);
}

std::string_view toString(KpiMetric metric) {
    return nameOf(kMetricNames, metric);
}

std::optional<KpiDirection> kpiDirectionFromString(std::string_view text) {
    if (text == "higher_is_better") {
        return KpiDirection::HigherIsBetter;
    }
    if (text == "lower_is_better") {
        return KpiDirection::LowerIsBetter;
    }
    return std::nullopt;
}

std::string_view toString(KpiDirection direction) {
    return direction == KpiDirection::HigherIsBetter ? "higher_is_better" : "lower_is_better";
}

KpiDirection naturalDirection(KpiMetric metric) {
    return metric == KpiMetric::AverageHandlingTime || metric == KpiMetric::EscalationRate
               ? KpiDirection::LowerIsBetter
               : KpiDirection::HigherIsBetter;
}

std::optional<ScopeLevel> scopeLevelFromString(std::string_view text) {
    return fromName(kScopeLevelNames, text);
}

std::string_view toString(ScopeLevel level) {
    return nameOf(kScopeLevelNames, level);
}

std::string_view toString(KpiStatus status) {
    switch (status) {
    case KpiStatus::OnTarget:
        return "on_target";
    case KpiStatus::WithinTolerance:
        return "within_tolerance";
    case KpiStatus::OffTarget:
        return "off_target";
    case KpiStatus::NoData:
        return "no_data";
    }
    return "no_data";
}

std::optional<double> KpiMeasurement::completeness() const {
    if (sampleSize == 0) {
        return std::nullopt;
    }
    return static_cast<double>(withData) / static_cast<double>(sampleSize);
}

KpiStatus kpiStatus(const std::optional<double>& value, double target, double tolerance,
                    KpiDirection direction) {
    if (!value) {
        return KpiStatus::NoData;
    }
    // Lower is better is higher is better for the negated numbers.
    const double sign = direction == KpiDirection::HigherIsBetter ? 1.0 : -1.0;
    const double achieved = sign * *value;
    const double wanted = sign * target;
    if (achieved >= wanted) {
        return KpiStatus::OnTarget;
    }
    return achieved >= wanted - tolerance ? KpiStatus::WithinTolerance : KpiStatus::OffTarget;
}

Result<KpiMeasurement> measureKpi(LocalStore& store, KpiMetric metric, const KpiScope& scope,
                                  const Period& period, Day evaluationDay) {
    auto measured = measureAll(store, {{metric, scope, period, evaluationDay}});
    if (!measured) {
        return unexpected(measured.error());
    }
    return measured->front();
}

Result<std::string> defineKpi(LocalStore& store, const Actor& actor, const KpiDefinition& definition) {
    if (!actor.canPublish()) {
        return fail(ErrorCode::Forbidden, "kpi: only supervisors and admins define KPIs");
    }
    if (definition.name.find_first_not_of(" \t\r\n") == std::string::npos) {
        return fail(ErrorCode::InvalidChange, "kpi.name: must not be empty");
    }
    if (!std::isfinite(definition.target)) {
        return fail(ErrorCode::InvalidChange, "kpi.target: must be a finite number");
    }
    if (!std::isfinite(definition.tolerance)) {
        return fail(ErrorCode::InvalidChange, "kpi.tolerance: must be a finite number");
    }
    auto written = store.create("kpi", recordFieldsOf(definition, actor), schema::UnknownFields::Refuse);
    if (!written) {
        return unexpected(written.error());
    }
    return written->id;
}

Result<std::vector<KpiDefinition>> listKpis(LocalStore& store) {
    auto records = store.list("kpi");
    if (!records) {
        return unexpected(records.error());
    }
    std::vector<KpiDefinition> definitions;
    for (const auto& record : *records) {
        if (auto definition = definitionOf(record)) {
            definitions.push_back(std::move(*definition));
        }
    }
    std::sort(definitions.begin(), definitions.end(), [](const KpiDefinition& a, const KpiDefinition& b) {
        return std::tie(a.name, a.id) < std::tie(b.name, b.id);
    });
    return definitions;
}

Result<KpiDefinition> getKpi(LocalStore& store, std::string_view id) {
    auto record = store.get("kpi", id);
    if (!record) {
        return unexpected(record.error());
    }
    std::optional<KpiDefinition> definition;
    if (record->has_value() && !(*record)->deleted) {
        definition = definitionOf(**record);
    }
    if (!definition) {
        return fail(ErrorCode::NotFound, "kpi " + std::string(id) + ": no such KPI");
    }
    return *definition;
}

Result<KpiEvaluation> evaluateKpi(LocalStore& store, const KpiDefinition& definition, Day day) {
    const Period period = periodContaining(definition.period, day);
    auto measured = measureKpi(store, definition.metric, definition.scope, period, day);
    if (!measured) {
        return unexpected(measured.error());
    }
    return evaluationOf(definition, period, *measured);
}

Result<std::vector<KpiEvaluation>> evaluateAllKpis(LocalStore& store, Day day) {
    auto definitions = listKpis(store);
    if (!definitions) {
        return unexpected(definitions.error());
    }
    std::vector<MeasureRequest> requests;
    requests.reserve(definitions->size());
    for (const auto& definition : *definitions) {
        requests.push_back(
            {definition.metric, definition.scope, periodContaining(definition.period, day), day});
    }
    auto measured = measureAll(store, requests);
    if (!measured) {
        return unexpected(measured.error());
    }
    std::vector<KpiEvaluation> evaluations;
    evaluations.reserve(requests.size());
    for (std::size_t index = 0; index < requests.size(); ++index) {
        evaluations.push_back(
            evaluationOf((*definitions)[index], requests[index].period, (*measured)[index]));
    }
    return evaluations;
}

} // namespace knowset::domain
