// Key performance indicators (PRODUCT.md I3, R5): definitions kept as `kpi` records, and their
// evaluation over the local replica. Every value comes with its sample size and completeness
// so that thin data is not over-read.
//
// The metrics, for the records in scope (see KpiScope) and in the period:
// - first_contact_resolution: % of interactions of kind query, request or complaint (by
//   occurred_at) whose outcome is resolved. Sample: those interactions; data: an outcome.
// - average_handling_time: mean handled_seconds of interactions (seconds). Sample: all
//   interactions; data: handled_seconds.
// - escalation_rate: % of interactions whose outcome is escalated. Sample: all interactions;
//   data: an outcome.
// - csat: % of CSAT responses (feedback of scale csat, by `at`) scoring 4 or 5. Sample: those
//   responses; data: a score.
// - nps: % promoters (9-10) minus % detractors (0-6) of NPS responses (-100..100). Sample:
//   feedback of scale nps; data: a score.
// - follow_ups_on_time: % of follow-ups (interactions with a follow_up_due in the period, up
//   to the evaluation day) done (follow_up_done_at) on or before their due day. A follow-up
//   due on the evaluation day itself counts once it is done: until the day is over it can
//   still be on time. Sample: those follow-ups; data: a readable done time when done.
// The value is computed over the sample that had the data; completeness is that share of the
// sample. Rates are percentages (0-100), so targets are too: 80 means 80 %.
//
// Status against target, with tolerance t >= 0:
//   higher_is_better: on_target when value >= target, within_tolerance when
//                     value >= target - t, else off_target;
//   lower_is_better:  on_target when value <= target, within_tolerance when
//                     value <= target + t, else off_target;
//   no_data when there is no value (an empty sample, or no record in it had the data).
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/domain/actor.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/store/local_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::domain {

enum class KpiMetric {
    FirstContactResolution,
    AverageHandlingTime,
    EscalationRate,
    Csat,
    Nps,
    FollowUpsOnTime,
};
std::optional<KpiMetric> kpiMetricFromString(std::string_view text); // the schema's names
std::string_view toString(KpiMetric metric);

enum class KpiDirection { HigherIsBetter, LowerIsBetter };
std::optional<KpiDirection> kpiDirectionFromString(std::string_view text);
std::string_view toString(KpiDirection direction);
// Lower is better for average_handling_time and escalation_rate, higher for the others: the
// direction of a definition that names none.
KpiDirection naturalDirection(KpiMetric metric);

// Whose records count: an agent's (person: interaction and feedback `agent`), a team's
// (`team`), a branch's (`branch`) or everyone's (organisation, no value).
enum class ScopeLevel { Person, Team, Branch, Organisation };
std::optional<ScopeLevel> scopeLevelFromString(std::string_view text);
std::string_view toString(ScopeLevel level);

struct KpiScope {
    ScopeLevel level = ScopeLevel::Organisation;
    std::string value; // the agent, team or branch; empty for the organisation
};

struct KpiDefinition {
    std::string id; // the kpi record's id; empty before it is defined
    std::string name;
    KpiMetric metric = KpiMetric::FirstContactResolution;
    double target = 0;
    double tolerance = 0;
    KpiDirection direction = KpiDirection::HigherIsBetter;
    PeriodKind period = PeriodKind::Monthly;
    KpiScope scope;
    std::string owner;  // who answers for it
    std::string action; // what to do when it is off target
};

enum class KpiStatus { OnTarget, WithinTolerance, OffTarget, NoData };
std::string_view toString(KpiStatus status); // on_target, within_tolerance, off_target, no_data

struct KpiMeasurement {
    std::optional<double> value; // none when no record of the sample had the data
    std::int64_t sampleSize = 0; // records the metric counts (see above)
    std::int64_t withData = 0;   // of which had the data the value needs

    // withData / sampleSize (0-1); none for an empty sample.
    std::optional<double> completeness() const;
};

struct KpiEvaluation {
    KpiDefinition definition;
    Period period; // the definition's period that holds the evaluation day
    KpiMeasurement measurement;
    KpiStatus status = KpiStatus::NoData;
};

KpiStatus kpiStatus(const std::optional<double>& value, double target, double tolerance,
                    KpiDirection direction);

// Measures `metric` over `period` for the records in `scope`; `evaluationDay` limits the
// follow-ups counted (see follow_ups_on_time).
Result<KpiMeasurement> measureKpi(LocalStore& store, KpiMetric metric, const KpiScope& scope,
                                  const Period& period, Day evaluationDay);

// Writes a new kpi record; returns its id. Supervisors and admins only (Forbidden for agents;
// the server refuses too). An empty owner becomes the actor. Bad values are InvalidChange
// naming the field ("kpi.name: ...").
Result<std::string> defineKpi(LocalStore& store, const Actor& actor, const KpiDefinition& definition);

// Every live KPI definition, by name then id. Fields a definition leaves out take the defaults
// of KpiDefinition (tolerance 0, month, organisation) and the metric's natural direction.
Result<std::vector<KpiDefinition>> listKpis(LocalStore& store);
// One definition; NotFound when there is no live kpi record with this id.
Result<KpiDefinition> getKpi(LocalStore& store, std::string_view id);

// The definition's value for its period (day, week, month or quarter) that holds `day`.
Result<KpiEvaluation> evaluateKpi(LocalStore& store, const KpiDefinition& definition, Day day);
// Every definition (listKpis order), each for its period that holds `day`, all measured in one
// pass over the interactions and one over the feedback.
Result<std::vector<KpiEvaluation>> evaluateAllKpis(LocalStore& store, Day day);

} // namespace knowset::domain
