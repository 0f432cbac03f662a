#include "knowset/domain/interactions.hpp"

#include "knowset/domain/customers.hpp"

#include <algorithm>
#include <array>

namespace knowset::domain {

namespace {

constexpr std::string_view kInteraction = "interaction";
constexpr std::string_view kFeedback = "feedback";

constexpr std::array<std::pair<HowSupplied, std::string_view>, 4> kHowSuppliedNames{{
    {HowSupplied::Verbal, "verbal"},
    {HowSupplied::Written, "written"},
    {HowSupplied::Electronic, "electronic"},
    {HowSupplied::Image, "image"},
}};

bool hasText(const Json& fields, std::string_view name) {
    return stringField(fields, name).find_first_not_of(" \t\r\n") != std::string::npos;
}

// Sets `name` to `value` unless the caller gave it (null included: a deliberate "none").
void setDefault(Json& fields, std::string_view name, Json value) {
    if (!fields.contains(name)) {
        fields[std::string(name)] = std::move(value);
    }
}

Result<Done> refuseUnlessObject(std::string_view collection, const Json& fields) {
    if (fields.is_object()) {
        return Done{};
    }
    return fail(ErrorCode::InvalidChange, std::string(collection) + ": the fields must be a JSON object");
}

// "interaction.escalated_to: is required when ...; interaction.escalation_reason: ..."
Result<Done> refuseIfAny(const std::vector<std::string>& problems) {
    if (problems.empty()) {
        return Done{};
    }
    std::string message;
    for (const std::string& problem : problems) {
        message += (message.empty() ? "" : "; ") + problem;
    }
    return fail(ErrorCode::InvalidChange, std::move(message));
}

// The branch a new record takes when none is given: the linked record's, else the actor's first.
std::string defaultBranch(const Actor& actor, const std::vector<const Record*>& linked) {
    for (const Record* record : linked) {
        if (record != nullptr) {
            if (std::string branch = stringField(record->fields, "branch"); !branch.empty()) {
                return branch;
            }
        }
    }
    return actor.branches.empty() ? std::string() : actor.branches.front();
}

// Fills in the branch (when missing) and checks that the actor works in it.
Result<Done> settleBranch(Json& fields, const Actor& actor, std::string_view collection,
                          const std::vector<const Record*>& linked) {
    if (!fields.contains("branch")) {
        if (std::string branch = defaultBranch(actor, linked); !branch.empty()) {
            fields["branch"] = std::move(branch);
        }
    }
    const std::string branch = stringField(fields, "branch");
    return branch.empty() ? Result<Done>(Done{}) : requireBranch(actor, collection, branch);
}

// The live linked record named by `field`, or nothing when the field is not given.
Result<std::optional<Record>> linkedRecord(LocalStore& store, const Json& fields, std::string_view field,
                                           std::string_view collection) {
    const std::string id = stringField(fields, field);
    if (id.empty()) {
        return std::optional<Record>();
    }
    auto record = liveRecord(store, collection, id);
    if (!record) {
        return unexpected(record.error());
    }
    return std::optional<Record>(std::move(*record));
}

const Record* addressOf(const std::optional<Record>& record) {
    return record ? &*record : nullptr;
}

// A live record of a branch-scoped collection that the actor may change.
Result<Record> writableRecord(LocalStore& store, const Actor& actor, std::string_view collection,
                              std::string_view id) {
    auto record = liveRecord(store, collection, id);
    if (!record) {
        return record;
    }
    if (const std::string branch = stringField(record->fields, "branch"); !branch.empty()) {
        if (auto allowed = requireBranch(actor, collection, branch); !allowed) {
            return unexpected(allowed.error());
        }
    }
    return record;
}

std::map<std::string, Version, std::less<>> versionsOf(const std::string& text) {
    std::map<std::string, Version, std::less<>> versions;
    const Json parsed = Json::parse(text);
    for (const auto& [name, value] : parsed.items()) {
        if (const auto version =
                value.is_string() ? Version::parse(value.get<std::string>()) : std::nullopt) {
            versions.emplace(name, *version);
        }
    }
    return versions;
}

// The records of a statement that selects id, doc and versions of live records.
std::vector<Record> recordsOf(SQLite::Statement& select, std::string_view collection) {
    std::vector<Record> records;
    while (select.executeStep()) {
        records.push_back(Record{std::string(collection), select.getColumn(0).getString(),
                                 Json::parse(select.getColumn(1).getString()),
                                 versionsOf(select.getColumn(2).getString()), false});
    }
    return records;
}

} // namespace

Result<LocalWrite> logInteraction(LocalStore& store, const Actor& actor, Json fields, Instant now) {
    if (auto shaped = refuseUnlessObject(kInteraction, fields); !shaped) {
        return unexpected(shaped.error());
    }
    auto customer = linkedRecord(store, fields, "customer_id", "customer");
    if (!customer) {
        return unexpected(customer.error());
    }
    if (auto allowed = settleBranch(fields, actor, kInteraction, {addressOf(*customer)}); !allowed) {
        return unexpected(allowed.error());
    }
    if (!actor.user.empty()) {
        setDefault(fields, "agent", actor.user);
    }
    setDefault(fields, "occurred_at", formatTimestamp(now));

    const std::string outcome = stringField(fields, "outcome");
    std::vector<std::string> problems;
    if (outcome == "escalated") {
        for (const char* needed : {"escalated_to", "escalation_reason"}) {
            if (!hasText(fields, needed)) {
                problems.push_back("interaction." + std::string(needed) +
                                   ": is required when the outcome is escalated");
            }
        }
        setDefault(fields, "escalation_status", "open");
    } else if (outcome == "follow_up" && !hasText(fields, "follow_up_due")) {
        problems.emplace_back("interaction.follow_up_due: is required when the outcome is follow_up");
    }
    if (auto refused = refuseIfAny(problems); !refused) {
        return unexpected(refused.error());
    }
    if (auto check = fields.find("identity_check"); check != fields.end() && check->is_object()) {
        if (!actor.user.empty()) {
            setDefault(*check, "checked_by", actor.user);
        }
        setDefault(*check, "at", formatTimestamp(now));
    }
    return store.create(kInteraction, fields, schema::UnknownFields::Refuse);
}

Result<LocalWrite> setEscalationStatus(LocalStore& store, const Actor& actor, std::string_view interactionId,
                                       std::string_view status) {
    auto interaction = writableRecord(store, actor, kInteraction, interactionId);
    if (!interaction) {
        return unexpected(interaction.error());
    }
    if (const std::string outcome = stringField(interaction->fields, "outcome"); outcome != "escalated") {
        return fail(ErrorCode::InvalidChange, "interaction.escalation_status: interaction " +
                                                  std::string(interactionId) +
                                                  " was not escalated (outcome '" + outcome + "')");
    }
    return store.write(kInteraction, interactionId, Json{{"escalation_status", std::string(status)}},
                       schema::UnknownFields::Refuse);
}

Result<LocalWrite> markFollowUpDone(LocalStore& store, const Actor& actor, std::string_view interactionId,
                                    Instant now) {
    auto interaction = writableRecord(store, actor, kInteraction, interactionId);
    if (!interaction) {
        return unexpected(interaction.error());
    }
    const std::string id(interactionId);
    if (!hasText(interaction->fields, "follow_up_due")) {
        return fail(ErrorCode::InvalidChange, "interaction.follow_up_done_at: interaction " + id +
                                                  " has no follow-up (no follow_up_due)");
    }
    if (const std::string done = stringField(interaction->fields, "follow_up_done_at"); !done.empty()) {
        return fail(ErrorCode::InvalidChange, "interaction.follow_up_done_at: the follow-up of interaction " +
                                                  id + " was done at " + done);
    }
    return store.write(kInteraction, interactionId, Json{{"follow_up_done_at", formatTimestamp(now)}},
                       schema::UnknownFields::Refuse);
}

Result<std::vector<OverdueFollowUp>> overdueFollowUps(LocalStore& store, const Actor& actor, Day today) {
    return guardedRead("listing overdue follow-ups", [&]() -> Result<std::vector<OverdueFollowUp>> {
        SQLite::Statement select(
            store.database(),
            "SELECT id, ifnull(json_extract(doc, '$.customer_id'), ''), "
            "ifnull(json_extract(doc, '$.agent'), ''), ifnull(json_extract(doc, '$.branch'), ''), "
            "ifnull(json_extract(doc, '$.summary'), ''), json_extract(doc, '$.follow_up_due') "
            "FROM records WHERE collection = 'interaction' AND deleted = 0 "
            "AND json_extract(doc, '$.follow_up_due') < ?1 "
            "AND json_extract(doc, '$.follow_up_done_at') IS NULL "
            "AND (?3 = 0 OR json_extract(doc, '$.agent') = ?2) "
            "ORDER BY json_extract(doc, '$.follow_up_due'), id");
        select.bind(1, formatDay(today));
        select.bind(2, actor.user);
        select.bind(3, actor.isSupervisorOrAdmin() ? 0 : 1);
        std::vector<OverdueFollowUp> overdue;
        while (select.executeStep()) {
            const auto due = parseDay(select.getColumn(5).getString());
            OverdueFollowUp item{select.getColumn(0).getString(),
                                 select.getColumn(1).getString(),
                                 select.getColumn(2).getString(),
                                 select.getColumn(3).getString(),
                                 select.getColumn(4).getString(),
                                 due.value_or(today),
                                 0};
            if (!due || !actor.worksIn(item.branch)) {
                continue;
            }
            item.daysOverdue = static_cast<int>((today - *due).count());
            overdue.push_back(std::move(item));
        }
        return overdue;
    });
}

std::string_view toString(HowSupplied how) {
    for (const auto& [value, name] : kHowSuppliedNames) {
        if (value == how) {
            return name;
        }
    }
    return "verbal";
}

std::optional<HowSupplied> howSuppliedFromString(std::string_view text) {
    for (const auto& [value, name] : kHowSuppliedNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

Result<AnswerUsed> useAnswer(LocalStore& store, const Actor& actor, std::string_view interactionId,
                             std::string_view articleId, HowSupplied how, std::optional<bool> understood) {
    auto interaction = writableRecord(store, actor, kInteraction, interactionId);
    if (!interaction) {
        return unexpected(interaction.error());
    }
    auto article = liveRecord(store, "article", articleId);
    if (!article) {
        return unexpected(article.error());
    }
    const auto newest = std::max_element(article->versions.begin(), article->versions.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
    const std::string version = newest == article->versions.end() ? std::string() : newest->second.toString();
    Json used = interaction->fields.value("articles_used", Json::array());
    if (!used.is_array()) {
        used = Json::array();
    }
    Json entry{
        {"article_id", std::string(articleId)}, {"version", version}, {"how", std::string(toString(how))}};
    if (understood) {
        entry["understood"] = *understood;
    }
    used.push_back(std::move(entry));
    auto written = store.write(kInteraction, interactionId, Json{{"articles_used", std::move(used)}},
                               schema::UnknownFields::Refuse);
    if (!written) {
        return unexpected(written.error());
    }
    return AnswerUsed{std::move(*written), version};
}

Result<std::vector<Record>> customerTimeline(LocalStore& store, std::string_view customerId) {
    if (auto customer = liveRecord(store, "customer", customerId); !customer) {
        return unexpected(customer.error());
    }
    return guardedRead("reading the customer's timeline", [&]() -> Result<std::vector<Record>> {
        SQLite::Statement select(store.database(),
                                 "SELECT id, doc, versions FROM records "
                                 "WHERE collection = 'interaction' AND deleted = 0 "
                                 "AND json_extract(doc, '$.customer_id') = ? "
                                 "ORDER BY json_extract(doc, '$.occurred_at') DESC, id DESC");
        select.bind(1, std::string(customerId));
        return recordsOf(select, kInteraction);
    });
}

Result<LocalWrite> addFeedback(LocalStore& store, const Actor& actor, Json fields, Instant now) {
    if (auto shaped = refuseUnlessObject(kFeedback, fields); !shaped) {
        return unexpected(shaped.error());
    }
    auto customer = linkedRecord(store, fields, "customer_id", "customer");
    if (!customer) {
        return unexpected(customer.error());
    }
    auto interaction = linkedRecord(store, fields, "interaction_id", kInteraction);
    if (!interaction) {
        return unexpected(interaction.error());
    }
    if (auto article = linkedRecord(store, fields, "article_id", "article"); !article) {
        return unexpected(article.error());
    }
    const std::vector<const Record*> linked{addressOf(*interaction), addressOf(*customer)};
    if (auto allowed = settleBranch(fields, actor, kFeedback, linked); !allowed) {
        return unexpected(allowed.error());
    }

    const std::string source = stringField(fields, "source");
    std::vector<std::string> problems;
    if (source == "survey") {
        if (const std::string scale = stringField(fields, "scale"); scale != "csat" && scale != "nps") {
            problems.emplace_back("feedback.scale: a survey needs the scale csat (1-5) or nps (0-10)");
        }
        if (!fields.contains("score") || fields["score"].is_null()) {
            problems.emplace_back("feedback.score: is required for a survey");
        }
    } else if (source == "unsolicited" || source == "anecdotal") {
        if (!hasText(fields, "comment")) {
            problems.push_back("feedback.comment: is required for " + source + " feedback");
        }
        setDefault(fields, "triage", "new");
    }
    if (auto refused = refuseIfAny(problems); !refused) {
        return unexpected(refused.error());
    }
    setDefault(fields, "at", formatTimestamp(now));
    if (!actor.user.empty()) {
        setDefault(fields, "agent", actor.user);
    }
    return store.create(kFeedback, fields, schema::UnknownFields::Refuse);
}

Result<LocalWrite> setFeedbackTriage(LocalStore& store, const Actor& actor, std::string_view feedbackId,
                                     std::string_view triage) {
    if (auto feedback = writableRecord(store, actor, kFeedback, feedbackId); !feedback) {
        return unexpected(feedback.error());
    }
    return store.write(kFeedback, feedbackId, Json{{"triage", std::string(triage)}},
                       schema::UnknownFields::Refuse);
}

Result<std::vector<Record>> listFeedback(LocalStore& store, const FeedbackFilter& filter) {
    return guardedRead("listing feedback", [&]() -> Result<std::vector<Record>> {
        SQLite::Statement select(
            store.database(),
            "SELECT id, doc, versions FROM records WHERE collection = 'feedback' AND deleted = 0 "
            "AND (?1 = '' OR json_extract(doc, '$.triage') = ?1) "
            "AND (?2 = '' OR json_extract(doc, '$.source') = ?2) "
            "ORDER BY json_extract(doc, '$.at') DESC, id DESC");
        select.bind(1, filter.triage);
        select.bind(2, filter.source);
        return recordsOf(select, kFeedback);
    });
}

} // namespace knowset::domain
