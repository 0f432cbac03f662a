// The `insights` and `kpi` commands: the queries of knowset/domain/insights.hpp and kpis.hpp
// printed as aligned text or, with --json, as one JSON document.
#include "client/cli/insight_commands.hpp"

#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/insights.hpp"
#include "knowset/domain/kpis.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <memory>
#include <ostream>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"

namespace knowset::cli {

namespace {

using domain::Day;
using domain::formatDay;
using domain::formatTimestamp;
using domain::Period;
using std::chrono::days;

// ---- Dates and periods on the command line (--to is the last day, inclusive)

struct DateRange {
    std::string from;
    std::string to;
};

void addDateRange(CLI::App* command, DateRange& range, const std::string& defaultText) {
    command->add_option("--from", range.from, "first day, YYYY-MM-DD (default: " + defaultText + ")");
    command->add_option("--to", range.to, "last day, YYYY-MM-DD, included (default: today)");
}

Expected<Day, Failure> dateOption(std::string_view option, const std::string& text) {
    if (text.size() == 10) {
        if (const auto day = domain::parseDay(text)) {
            return *day;
        }
    }
    return localFailure(std::string(option) + ": '" + text + "' is not a date", "give a date as YYYY-MM-DD");
}

// The given day, or today by the client's clock.
Expected<Day, Failure> dayOrToday(std::string_view option, const std::string& text) {
    return text.empty() ? Expected<Day, Failure>(domain::today(clientClock())) : dateOption(option, text);
}

// --from and --to, or a period ending today that starts where `defaultFrom` says.
Expected<Period, Failure> chosenPeriod(const DateRange& range, Day (*defaultFrom)(Day lastDay)) {
    const auto last = dayOrToday("--to", range.to);
    if (!last) {
        return unexpected(last.error());
    }
    const auto first =
        range.from.empty() ? Expected<Day, Failure>(defaultFrom(*last)) : dateOption("--from", range.from);
    if (!first) {
        return unexpected(first.error());
    }
    if (*first > *last) {
        return localFailure("--from " + formatDay(*first) + " is after --to " + formatDay(*last),
                            "give a --from on or before --to");
    }
    return Period{*first, *last + days{1}};
}

Day twelveWeeksEnding(Day last) {
    return domain::weekStart(last) - days{7 * 11};
}

Day thirtyDaysEnding(Day last) {
    return last - days{29};
}

Day lastDayOf(const Period& period) {
    return period.to - days{1};
}

std::string periodText(const Period& period) {
    return formatDay(period.from) + " to " + formatDay(lastDayOf(period));
}

std::string fixed(double value, int decimals) {
    std::array<char, 32> text{};
    const int length = std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
    return {text.data(), static_cast<std::size_t>(length)};
}

std::string orDash(const std::optional<double>& value, int decimals, std::string_view unit = "") {
    return value ? fixed(*value, decimals) + std::string(unit) : "-";
}

// Opens the replica and runs `query` on it, turning a store error into a failure.
template <typename Query, typename Value = std::remove_cvref_t<
                              decltype(std::declval<Query&>()(std::declval<LocalStore&>()).value())>>
Expected<Value, Failure> onReplica(Context& context, Query&& query) {
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto result = query(**store);
    if (!result) {
        return storeFailure(result.error());
    }
    return std::move(*result);
}

// ---- insights

struct TrendsState {
    DateRange range;
    std::string by = "category";
};

Outcome printTrends(Context& context, const TrendsState& state) {
    const auto dimension = *domain::trendDimensionFromString(state.by);
    const auto period = chosenPeriod(state.range, twelveWeeksEnding);
    if (!period) {
        return unexpected(period.error());
    }
    const auto rows = onReplica(
        context, [&](LocalStore& store) { return domain::weeklyCounts(store, dimension, *period); });
    if (!rows) {
        return unexpected(rows.error());
    }
    if (context.json) {
        printJson(context.out, domain::trendsJson(*period, dimension, *rows));
        return Done{};
    }
    if (rows->empty()) {
        context.out << "No interactions from " << periodText(*period) << ".\n";
        return Done{};
    }
    std::string heading = state.by;
    std::transform(heading.begin(), heading.end(), heading.begin(),
                   [](char c) { return static_cast<char>(std::toupper(c)); });
    Table table({"WEEK", heading, "COUNT"});
    for (const auto& row : *rows) {
        table.addRow(
            {formatDay(row.week), row.label.empty() ? "(none)" : row.label, std::to_string(row.count)});
    }
    table.print(context.out);
    return Done{};
}

struct RisingState {
    std::string period = "week";
    std::string date;
    domain::RisingOptions options;
};

Outcome printRising(Context& context, const RisingState& state) {
    const auto kind = *domain::periodKindFromString(state.period);
    const auto day = dayOrToday("--date", state.date);
    if (!day) {
        return unexpected(day.error());
    }
    const Period current = domain::periodContaining(kind, *day);
    const Period previous = domain::previousPeriod(kind, current);
    const auto topics = onReplica(context, [&](LocalStore& store) {
        return domain::risingTopics(store, current, previous, state.options);
    });
    if (!topics) {
        return unexpected(topics.error());
    }
    if (context.json) {
        printJson(context.out, domain::risingTopicsJson(current, previous, state.options, *topics));
        return Done{};
    }
    context.out << "Rising topics, " << periodText(current) << " against " << periodText(previous) << ":\n";
    if (topics->empty()) {
        context.out << "None (at least " << state.options.minCount << " and "
                    << fixed(state.options.factor, 2) << " times the period before).\n";
        return Done{};
    }
    Table table({"KIND", "TOPIC", "NOW", "BEFORE", "RATIO"});
    for (const auto& topic : *topics) {
        table.addRow({std::string(domain::toString(topic.dimension)), topic.label,
                      std::to_string(topic.current), std::to_string(topic.previous),
                      topic.ratio ? fixed(*topic.ratio, 2) : "new"});
    }
    table.print(context.out);
    return Done{};
}

struct RepeatedState {
    DateRange range;
    domain::RepeatedCommentOptions options;
};

Outcome printRepeated(Context& context, const RepeatedState& state) {
    const auto period = chosenPeriod(state.range, thirtyDaysEnding);
    if (!period) {
        return unexpected(period.error());
    }
    const auto groups = onReplica(
        context, [&](LocalStore& store) { return domain::repeatedComments(store, *period, state.options); });
    if (!groups) {
        return unexpected(groups.error());
    }
    if (context.json) {
        printJson(context.out, domain::repeatedCommentsJson(*period, *groups));
        return Done{};
    }
    if (groups->empty()) {
        context.out << "No repeated comments from " << periodText(*period) << ".\n";
        return Done{};
    }
    for (const auto& group : *groups) {
        context.out << group.members.size() << " alike, " << formatTimestamp(group.firstSeen) << " to "
                    << formatTimestamp(group.lastSeen) << ": \"" << shortened(group.representative, 80)
                    << "\"\n";
        Table table({"  FROM", "ID", "AT", "TEXT"});
        for (const auto& member : group.members) {
            table.addRow({"  " + member.collection, member.id, formatTimestamp(member.at), member.text});
        }
        table.print(context.out);
    }
    return Done{};
}

struct FaqState {
    DateRange range;
    domain::FaqCandidateOptions options;
};

Outcome printFaqCandidates(Context& context, const FaqState& state) {
    const auto period = chosenPeriod(state.range, thirtyDaysEnding);
    if (!period) {
        return unexpected(period.error());
    }
    const auto found = onReplica(
        context, [&](LocalStore& store) { return domain::faqCandidates(store, *period, state.options); });
    if (!found) {
        return unexpected(found.error());
    }
    if (context.json) {
        printJson(context.out, domain::faqCandidatesJson(*period, *found));
        return Done{};
    }
    context.out << "FAQ candidates, " << periodText(*period) << ".\n\nQuery categories without an answer:\n";
    if (found->categories.empty()) {
        context.out << "  none\n";
    } else {
        Table table({"  CATEGORY", "QUERIES", "WITH ARTICLE", "PUBLISHED"});
        for (const auto& category : found->categories) {
            table.addRow({"  " + category.label, std::to_string(category.queries),
                          std::to_string(category.queriesWithArticle),
                          std::to_string(category.publishedArticles)});
        }
        table.print(context.out);
    }
    context.out << "\nPhrases customers use when no article was used:\n";
    if (found->phrases.empty()) {
        context.out << "  none\n";
    } else {
        Table table({"  PHRASE", "WITHOUT ARTICLE", "WITH ARTICLE"});
        for (const auto& phrase : found->phrases) {
            table.addRow({"  " + phrase.phrase, std::to_string(phrase.interactions),
                          std::to_string(phrase.withArticle)});
        }
        table.print(context.out);
    }
    context.out << "\nSearches that found nothing:\n";
    if (found->searchMisses.empty()) {
        context.out << "  none\n";
    } else {
        Table table({"  QUERY", "SEARCHES", "LAST"});
        for (const auto& miss : found->searchMisses) {
            table.addRow({"  " + miss.query, std::to_string(miss.count), formatTimestamp(miss.lastAt)});
        }
        table.print(context.out);
    }
    return Done{};
}

Outcome printSatisfaction(Context& context, const DateRange& range) {
    const auto period = chosenPeriod(range, twelveWeeksEnding);
    if (!period) {
        return unexpected(period.error());
    }
    const auto weeks =
        onReplica(context, [&](LocalStore& store) { return domain::weeklySatisfaction(store, *period); });
    if (!weeks) {
        return unexpected(weeks.error());
    }
    if (context.json) {
        printJson(context.out, domain::satisfactionJson(*period, *weeks));
        return Done{};
    }
    if (weeks->empty()) {
        context.out << "No CSAT or NPS responses from " << periodText(*period) << ".\n";
        return Done{};
    }
    Table table({"WEEK", "CSAT", "MEAN", "N", "NPS", "N"});
    for (const auto& [week, tally] : *weeks) {
        table.addRow({formatDay(week), orDash(tally.csatPercent(), 1, "%"), orDash(tally.csatMean(), 2),
                      std::to_string(tally.csatResponses), orDash(tally.nps(), 0),
                      std::to_string(tally.npsResponses)});
    }
    table.print(context.out);
    return Done{};
}

void defineInsights(CLI::App& app, Action& action) {
    CLI::App* insights = app.add_subcommand(
        "insights", "trends, rising topics, repeated comments, FAQ candidates, satisfaction");
    insights->require_subcommand(1);

    auto trends = std::make_shared<TrendsState>();
    CLI::App* command =
        insights->add_subcommand("trends", "interactions per week by category, product or channel");
    command->add_option("--by", trends->by, "category, product or channel")
        ->check(CLI::IsMember({"category", "product", "channel"}))
        ->capture_default_str();
    addDateRange(command, trends->range, "the Monday 11 weeks before --to's week");
    command->callback([trends, &action] {
        action = [trends](Context& context) {
            return printTrends(context, *trends);
        };
    });

    auto rising = std::make_shared<RisingState>();
    command = insights->add_subcommand("rising",
                                       "categories and products asked about more than in the period before");
    command->add_option("--period", rising->period, "week or month")
        ->check(CLI::IsMember({"week", "month"}))
        ->capture_default_str();
    command->add_option("--date", rising->date,
                        "a day of the period to look at, YYYY-MM-DD (default: today)");
    command->add_option("--min", rising->options.minCount, "at least this many interactions in the period")
        ->check(CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max()))
        ->capture_default_str();
    command->add_option("--factor", rising->options.factor, "at least this many times the period before")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    command->callback([rising, &action] {
        action = [rising](Context& context) {
            return printRising(context, *rising);
        };
    });

    auto repeated = std::make_shared<RepeatedState>();
    command =
        insights->add_subcommand("repeated", "feedback comments and customer words that say the same thing");
    addDateRange(command, repeated->range, "29 days before --to");
    command->add_option("--min-group", repeated->options.minGroupSize, "alert from this many alike texts")
        ->check(CLI::Range(std::size_t{2}, std::numeric_limits<std::size_t>::max()))
        ->capture_default_str();
    command
        ->add_option("--similarity", repeated->options.minSimilarity,
                     "share of words in common, above 0 up to 1")
        ->check(CLI::Range(0.01, 1.0))
        ->capture_default_str();
    command->callback([repeated, &action] {
        action = [repeated](Context& context) {
            return printRepeated(context, *repeated);
        };
    });

    auto faq = std::make_shared<FaqState>();
    command = insights->add_subcommand(
        "faq-candidates", "questions the knowledge set does not answer: categories, phrases, searches");
    addDateRange(command, faq->range, "29 days before --to");
    const auto atLeastOne = CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max());
    command->add_option("--min-queries", faq->options.minQueries, "queries of a category")
        ->check(atLeastOne)
        ->capture_default_str();
    command->add_option("--min-phrase", faq->options.minPhraseCount, "interactions using a phrase")
        ->check(atLeastOne)
        ->capture_default_str();
    command
        ->add_option("--min-share", faq->options.minShareWithoutArticle,
                     "share of a phrase's interactions that used no article, 0 to 1")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    command->add_option("--min-misses", faq->options.minMisses, "searches for the same words")
        ->check(atLeastOne)
        ->capture_default_str();
    command->add_option("--limit", faq->options.limit, "at most this many phrases and searches")
        ->check(CLI::Range(std::size_t{1}, std::numeric_limits<std::size_t>::max()))
        ->capture_default_str();
    command->callback([faq, &action] {
        action = [faq](Context& context) {
            return printFaqCandidates(context, *faq);
        };
    });

    auto satisfaction = std::make_shared<DateRange>();
    command = insights->add_subcommand("satisfaction", "CSAT and NPS per week");
    addDateRange(command, *satisfaction, "the Monday 11 weeks before --to's week");
    command->callback([satisfaction, &action] {
        action = [satisfaction](Context& context) {
            return printSatisfaction(context, *satisfaction);
        };
    });
}

// ---- kpi

std::string scopeText(const domain::KpiScope& scope) {
    const std::string level(domain::toString(scope.level));
    return scope.level == domain::ScopeLevel::Organisation ? level : level + ":" + scope.value;
}

// A KPI's value in its unit: seconds for handling time, points for NPS, else a percentage.
std::string valueText(domain::KpiMetric metric, double value) {
    switch (metric) {
    case domain::KpiMetric::AverageHandlingTime:
        return fixed(value, 0) + " s";
    case domain::KpiMetric::Nps:
        return fixed(value, 0);
    default:
        return fixed(value, 1) + "%";
    }
}

struct KpiAddState {
    domain::KpiDefinition definition;
    std::string metric;
    std::string direction;
    std::string period = "month";
    std::string scope = "organisation";
};

Expected<domain::KpiScope, Failure> scopeOption(const std::string& text) {
    const std::size_t colon = text.find(':');
    const auto level = domain::scopeLevelFromString(text.substr(0, colon));
    if (!level) {
        return localFailure("--scope: '" + text +
                                "' does not start with person, team, branch or organisation",
                            "give --scope organisation, or LEVEL:VALUE such as team:red");
    }
    domain::KpiScope scope{*level, colon == std::string::npos ? std::string() : text.substr(colon + 1)};
    if (*level != domain::ScopeLevel::Organisation && scope.value.empty()) {
        return localFailure("--scope: " + text + " names no " + std::string(domain::toString(*level)),
                            "give it as " + std::string(domain::toString(*level)) + ":VALUE");
    }
    return scope;
}

Outcome addKpi(Context& context, const KpiAddState& state) {
    domain::KpiDefinition definition = state.definition;
    definition.metric = *domain::kpiMetricFromString(state.metric);
    definition.direction = state.direction.empty() ? domain::naturalDirection(definition.metric)
                                                   : *domain::kpiDirectionFromString(state.direction);
    definition.period = *domain::periodKindFromString(state.period);
    auto scope = scopeOption(state.scope);
    if (!scope) {
        return unexpected(scope.error());
    }
    definition.scope = std::move(*scope);
    auto workspace = openWorkspace(context);
    if (!workspace) {
        return unexpected(workspace.error());
    }
    LocalStore& store = *workspace->store;
    auto id = domain::defineKpi(store, workspace->actor, definition);
    if (!id && id.error().code == ErrorCode::Forbidden) {
        return localFailure(id.error().message, "ask a supervisor or an admin to define it");
    }
    if (!id) {
        return storeFailure(id.error());
    }
    auto defined = domain::getKpi(store, *id);
    if (!defined) {
        return storeFailure(defined.error());
    }
    if (context.json) {
        printJson(context.out, domain::kpiDefinitionJson(*defined));
    } else {
        context.out << defined->id << '\n';
    }
    return Done{};
}

Outcome listKpis(Context& context) {
    const auto kpis = onReplica(context, [](LocalStore& store) { return domain::listKpis(store); });
    if (!kpis) {
        return unexpected(kpis.error());
    }
    if (context.json) {
        printJson(context.out, domain::kpiDefinitionsJson(*kpis));
        return Done{};
    }
    if (kpis->empty()) {
        context.out << "No KPIs defined.\n";
        return Done{};
    }
    Table table({"ID", "NAME", "METRIC", "TARGET", "TOLERANCE", "DIRECTION", "PERIOD", "SCOPE", "OWNER"});
    for (const auto& kpi : *kpis) {
        table.addRow({kpi.id, kpi.name, std::string(domain::toString(kpi.metric)),
                      valueText(kpi.metric, kpi.target), fixed(kpi.tolerance, 1),
                      std::string(domain::toString(kpi.direction)), std::string(domain::toString(kpi.period)),
                      scopeText(kpi.scope), kpi.owner});
    }
    table.print(context.out);
    return Done{};
}

struct KpiEvaluateState {
    std::string id;
    std::string date;
};

Outcome evaluateKpis(Context& context, const KpiEvaluateState& state) {
    const auto day = dayOrToday("--date", state.date);
    if (!day) {
        return unexpected(day.error());
    }
    const auto evaluations =
        onReplica(context, [&](LocalStore& store) -> Result<std::vector<domain::KpiEvaluation>> {
            if (state.id.empty()) {
                return domain::evaluateAllKpis(store, *day);
            }
            auto kpi = domain::getKpi(store, state.id);
            if (!kpi) {
                return unexpected(kpi.error());
            }
            auto evaluation = domain::evaluateKpi(store, *kpi, *day);
            if (!evaluation) {
                return unexpected(evaluation.error());
            }
            return std::vector<domain::KpiEvaluation>{std::move(*evaluation)};
        });
    if (!evaluations) {
        return unexpected(evaluations.error());
    }
    if (context.json) {
        printJson(context.out, domain::kpiEvaluationsJson(*day, *evaluations));
        return Done{};
    }
    if (evaluations->empty()) {
        context.out << "No KPIs defined.\n";
        return Done{};
    }
    Table table({"NAME", "PERIOD", "VALUE", "TARGET", "STATUS", "SAMPLE", "COMPLETE"});
    for (const auto& evaluation : *evaluations) {
        const auto& kpi = evaluation.definition;
        const auto& measured = evaluation.measurement;
        const auto completeness = measured.completeness();
        table.addRow({kpi.name, periodText(evaluation.period),
                      measured.value ? valueText(kpi.metric, *measured.value) : "-",
                      valueText(kpi.metric, kpi.target), std::string(domain::toString(evaluation.status)),
                      std::to_string(measured.sampleSize),
                      completeness ? fixed(100 * *completeness, 0) + "%" : "-"});
    }
    table.print(context.out);
    return Done{};
}

std::vector<std::string> metricNames() {
    using enum domain::KpiMetric;
    std::vector<std::string> names;
    for (const auto metric :
         {FirstContactResolution, AverageHandlingTime, EscalationRate, Csat, Nps, FollowUpsOnTime}) {
        names.emplace_back(domain::toString(metric));
    }
    return names;
}

void defineKpi(CLI::App& app, Action& action) {
    CLI::App* kpi = app.add_subcommand("kpi", "key performance indicators: define, list, evaluate");
    kpi->require_subcommand(1);

    auto add = std::make_shared<KpiAddState>();
    CLI::App* command = kpi->add_subcommand("add", "define a KPI (supervisors and admins); prints its id");
    command->add_option("--name", add->definition.name, "what people call it")->required();
    command
        ->add_option("--metric", add->metric,
                     "first_contact_resolution, average_handling_time, escalation_rate, csat, nps or "
                     "follow_ups_on_time")
        ->required()
        ->check(CLI::IsMember(metricNames()));
    command
        ->add_option("--target", add->definition.target,
                     "the value aimed at (% for rates, seconds for handling time)")
        ->required();
    command
        ->add_option("--tolerance", add->definition.tolerance, "how far from the target is still acceptable")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    command
        ->add_option(
            "--direction", add->direction,
            "higher_is_better or lower_is_better (default: lower for handling time and escalation rate)")
        ->check(CLI::IsMember({"higher_is_better", "lower_is_better"}));
    command->add_option("--period", add->period, "day, week, month or quarter")
        ->check(CLI::IsMember({"day", "week", "month", "quarter"}))
        ->capture_default_str();
    command->add_option("--scope", add->scope, "organisation, or person:USER, team:TEAM, branch:BRANCH")
        ->capture_default_str();
    command->add_option("--owner", add->definition.owner, "who answers for it (default: you)");
    command->add_option("--action", add->definition.action, "what to do when it is off target");
    command->callback([add, &action] {
        action = [add](Context& context) {
            return addKpi(context, *add);
        };
    });

    command = kpi->add_subcommand("list", "list the KPI definitions");
    command->callback([&action] {
        action = [](Context& context) {
            return listKpis(context);
        };
    });

    auto evaluate = std::make_shared<KpiEvaluateState>();
    command = kpi->add_subcommand("evaluate", "each KPI (or the one given) for its period holding --date");
    command->add_option("ID", evaluate->id, "one KPI's id (default: all)");
    command->add_option("--date", evaluate->date, "the day, YYYY-MM-DD (default: today)");
    command->callback([evaluate, &action] {
        action = [evaluate](Context& context) {
            return evaluateKpis(context, *evaluate);
        };
    });
}

} // namespace

void defineInsightCommands(CLI::App& app, Action& action) {
    defineInsights(app, action);
    defineKpi(app, action);
}

} // namespace knowset::cli
