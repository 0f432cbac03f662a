// Interactions and feedback (PRODUCT.md I1, I2, I4, I5, I6, C1's timeline, C7, K9): logging a
// contact in seconds with sensible defaults, escalations, follow-ups and the overdue list,
// answers supplied from the knowledge set, and customer feedback with its triage.
//
// Interactions and feedback are branch-scoped: the actor must work in the record's branch
// (admins work in all), as the server requires.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/domain/actor.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/store/local_store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::domain {

// ---- Interactions (I1, I2, C7)

// Logs an interaction from field values typed by a person (unknown fields refused). Defaults:
// agent = the actor, branch = the customer's (when customer_id is given) else the actor's
// first, occurred_at = now; an escalation starts with escalation_status open; an
// identity_check {method, result} gets checked_by = the actor and at = now.
// Rules: the customer must exist; outcome escalated needs escalated_to and escalation_reason;
// outcome follow_up needs follow_up_due. The schema refuses identity answers (C7).
Result<LocalWrite> logInteraction(LocalStore& store, const Actor& actor, Json fields, Instant now);

// Sets escalation_status (open, in_progress, resolved, closed) of an escalated interaction.
Result<LocalWrite> setEscalationStatus(LocalStore& store, const Actor& actor, std::string_view interactionId,
                                       std::string_view status);

// ---- Follow-ups (I6)

// follow_up_done_at = now. Refused when the interaction has no follow-up or it is already done.
Result<LocalWrite> markFollowUpDone(LocalStore& store, const Actor& actor, std::string_view interactionId,
                                    Instant now);

struct OverdueFollowUp {
    std::string interactionId;
    std::string customerId;
    std::string agent;
    std::string branch;
    std::string summary;
    Day due;
    int daysOverdue = 0;
};

// Follow-ups due before `today` and not done, oldest due date first (then by id): an agent's
// own, a supervisor's branches', every one for an admin.
Result<std::vector<OverdueFollowUp>> overdueFollowUps(LocalStore& store, const Actor& actor, Day today);

// ---- Answers supplied (K9)

enum class HowSupplied { Verbal, Written, Electronic, Image };
std::string_view toString(HowSupplied how); // verbal, written, electronic, image
std::optional<HowSupplied> howSuppliedFromString(std::string_view text);

// Appends {article_id, version, how, understood} to the interaction's articles_used, where
// version is the article's current version (its newest field version). `understood` is left
// out when the customer was not asked. Returns the write and the version recorded.
struct AnswerUsed {
    LocalWrite write;
    std::string articleVersion;
};
Result<AnswerUsed> useAnswer(LocalStore& store, const Actor& actor, std::string_view interactionId,
                             std::string_view articleId, HowSupplied how, std::optional<bool> understood);

// ---- The customer's timeline (C1)

// The customer's live interactions, newest first (occurred_at, then id).
Result<std::vector<Record>> customerTimeline(LocalStore& store, std::string_view customerId);

// ---- Feedback (I4, I5)

// Records feedback from field values typed by a person (unknown fields refused): source
// survey (scale csat 1-5 or nps 0-10 with a score, the range checked by the schema),
// unsolicited or anecdotal (a comment needed, triage new by default). Linked customer,
// interaction and article must exist. Defaults: at = now, agent = the actor, branch = the
// linked interaction's, else the linked customer's, else the actor's first.
Result<LocalWrite> addFeedback(LocalStore& store, const Actor& actor, Json fields, Instant now);

// Sets the triage status: new, accepted, declined or actioned.
Result<LocalWrite> setFeedbackTriage(LocalStore& store, const Actor& actor, std::string_view feedbackId,
                                     std::string_view triage);

struct FeedbackFilter {
    std::string triage; // empty: any
    std::string source; // empty: any
};

// Live feedback matching the filter, newest first (at, then id).
Result<std::vector<Record>> listFeedback(LocalStore& store, const FeedbackFilter& filter);

} // namespace knowset::domain
