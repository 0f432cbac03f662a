#include "client/cli/customer_commands.hpp"

#include "knowset/domain/customers.hpp"
#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/interactions.hpp"

#include <limits>
#include <memory>
#include <optional>
#include <ostream>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"

namespace knowset::cli {

namespace {

domain::Instant currentTime() {
    return domain::now(clientClock());
}

// A change to an existing record: `document` (the write as JSON, with more members or not),
// else `sentence`.
Outcome printChange(Context& context, const Json& document, const std::string& sentence) {
    if (context.json) {
        printJson(context.out, document);
    } else {
        context.out << sentence << '\n';
    }
    return Done{};
}

Outcome printChange(Context& context, const LocalWrite& write, const std::string& sentence) {
    return printChange(context, domain::writeJson(write), sentence);
}

// A new record: the write as JSON, else its id alone (so that scripts can capture it).
Outcome printCreated(Context& context, const LocalWrite& write) {
    if (context.json) {
        printJson(context.out, domain::writeJson(write));
    } else {
        context.out << write.id << '\n';
    }
    return Done{};
}

std::string reasonsText(const std::vector<domain::DuplicateReason>& reasons) {
    std::vector<std::string> names;
    for (const auto reason : reasons) {
        names.emplace_back(domain::toString(reason));
    }
    return joinedList(names);
}

void printDuplicates(std::ostream& out, const std::vector<domain::DuplicateCandidate>& candidates) {
    Table table({"ID", "NAME", "BRANCH", "EMAIL", "PHONE", "WHY"});
    for (const auto& candidate : candidates) {
        table.addRow({candidate.id, candidate.name, candidate.branch, candidate.email, candidate.phone,
                      reasonsText(candidate.reasons)});
    }
    table.print(out);
}

std::string consentState(const domain::ConsentStatus& status) {
    if (!status.granted) {
        return "withdrawn";
    }
    return status.expired ? "expired" : "in force";
}

void printConsent(std::ostream& out, const std::vector<domain::ConsentStatus>& statuses) {
    out << "consent:\n";
    Table table({"PURPOSE", "STATE", "BASIS", "SOURCE", "CAPTURED BY", "AT", "EXPIRES"});
    for (const auto& status : statuses) {
        table.addRow({status.purpose, consentState(status), status.basis, status.source, status.capturedBy,
                      status.at, status.expires});
    }
    table.print(out);
}

Outcome printInteractions(Context& context, const std::vector<Record>& interactions) {
    if (context.json) {
        printJson(context.out, domain::recordsJson(interactions));
        return Done{};
    }
    if (interactions.empty()) {
        context.out << "No interactions with this customer.\n";
        return Done{};
    }
    Table table({"ID", "OCCURRED", "CHANNEL", "KIND", "OUTCOME", "SUMMARY"});
    for (const auto& record : interactions) {
        const Json& fields = record.fields;
        table.addRow({record.id, domain::stringField(fields, "occurred_at"),
                      domain::stringField(fields, "channel"), domain::stringField(fields, "kind"),
                      domain::stringField(fields, "outcome"), domain::stringField(fields, "summary")});
    }
    table.print(context.out);
    return Done{};
}

void printSummaries(std::ostream& out, const std::string& heading,
                    const std::vector<domain::CustomerSummary>& summaries, bool withConfirmation) {
    out << heading << " (" << summaries.size() << ")" << (summaries.empty() ? "\n" : ":\n");
    if (summaries.empty()) {
        return;
    }
    Table table(withConfirmation ? std::vector<std::string>{"ID", "NAME", "BRANCH", "CONFIRMED"}
                                 : std::vector<std::string>{"ID", "NAME", "BRANCH"});
    for (const auto& summary : summaries) {
        table.addRow({summary.id, summary.name, summary.branch, summary.verifiedAt});
    }
    table.print(out);
}

struct CustomerCommandState {
    std::string id;
    std::string second; // the purpose, the article, the status...
    domain::CustomerContact contact;
    domain::ConsentCapture consent;
    std::string how;
    bool understood = false;
    bool notUnderstood = false;
    int staleAfterDays = 365;
};

void defineCustomerExtras(CLI::App& customer, Action& action) {
    auto state = std::make_shared<CustomerCommandState>();
    CLI::App* command = customer.add_subcommand(
        "duplicates", "customers that may be the same person (e-mail, phone, similar name)");
    command->add_option("--name", state->contact.name, "the name (compared within --branch)");
    command->add_option("--email", state->contact.email, "the e-mail address");
    command->add_option("--phone", state->contact.phone, "the phone number");
    command->add_option("--branch", state->contact.branch, "the branch (for similar names)");
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto candidates = domain::findDuplicateCandidates(*session->store, state->contact);
            if (!candidates) {
                return storeFailure(candidates.error());
            }
            if (context.json) {
                printJson(context.out, domain::duplicatesJson(*candidates));
            } else if (candidates->empty()) {
                context.out << "No possible duplicates.\n";
            } else {
                printDuplicates(context.out, *candidates);
            }
            return Done{};
        };
    });

    state = std::make_shared<CustomerCommandState>();
    command = customer.add_subcommand("consent", "record a customer's consent for a purpose (C3)");
    command->add_option("ID", state->id, "the customer's id")->required();
    command->add_option("PURPOSE", state->consent.purpose, "the purpose, e.g. marketing")->required();
    command
        ->add_option(
            "--basis", state->consent.basis,
            "consent, contract, legal_obligation, legitimate_interest, vital_interest or public_task")
        ->required();
    command->add_option("--source", state->consent.source, "where it was captured, e.g. \"phone call\"");
    command->add_option("--expires", state->consent.expires, "the last day it holds (YYYY-MM-DD)");
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto written =
                domain::setConsent(*session->store, session->actor, state->id, state->consent, currentTime());
            if (!written) {
                return storeFailure(written.error());
            }
            return printChange(context, *written,
                               "Consent for " + state->consent.purpose + " recorded on customer " +
                                   state->id);
        };
    });

    state = std::make_shared<CustomerCommandState>();
    command =
        customer.add_subcommand("withdraw-consent", "mark a purpose's consent withdrawn (kept, not deleted)");
    command->add_option("ID", state->id, "the customer's id")->required();
    command->add_option("PURPOSE", state->second, "the purpose")->required();
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto written = domain::withdrawConsent(*session->store, session->actor, state->id, state->second,
                                                   currentTime());
            if (!written) {
                return storeFailure(written.error());
            }
            return printChange(context, *written,
                               "Consent for " + state->second + " withdrawn on customer " + state->id);
        };
    });

    state = std::make_shared<CustomerCommandState>();
    command = customer.add_subcommand("confirm", "record that the details were read back and confirmed (C8)");
    command->add_option("ID", state->id, "the customer's id")->required();
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto written =
                domain::confirmWithCustomer(*session->store, session->actor, state->id, currentTime());
            if (!written) {
                return storeFailure(written.error());
            }
            return printChange(context, *written, "Customer " + state->id + " confirmed with the customer");
        };
    });

    state = std::make_shared<CustomerCommandState>();
    command = customer.add_subcommand("timeline", "the customer's interactions, newest first");
    command->add_option("ID", state->id, "the customer's id")->required();
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto timeline = domain::customerTimeline(*session->store, state->id);
            if (!timeline) {
                return storeFailure(timeline.error());
            }
            return printInteractions(context, *timeline);
        };
    });

    state = std::make_shared<CustomerCommandState>();
    command =
        customer.add_subcommand("quality", "data quality: unconfirmed, long unconfirmed, no contact point");
    command->add_option("--days", state->staleAfterDays, "a confirmation older than this many days is stale")
        ->check(CLI::Range(0, std::numeric_limits<int>::max()))
        ->capture_default_str();
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto report = domain::dataQualityReport(*session->store, currentTime(), state->staleAfterDays);
            if (!report) {
                return storeFailure(report.error());
            }
            if (context.json) {
                printJson(context.out, domain::dataQualityJson(*report));
                return Done{};
            }
            printSummaries(context.out, "Never confirmed with the customer", report->neverConfirmed, false);
            printSummaries(context.out,
                           "Confirmed more than " + std::to_string(report->staleAfterDays) + " days ago",
                           report->confirmedLongAgo, true);
            printSummaries(context.out, "No e-mail and no phone", report->noContactPoint, false);
            return Done{};
        };
    });
}

void defineInteractionExtras(CLI::App& interaction, Action& action) {
    auto state = std::make_shared<CustomerCommandState>();
    CLI::App* command = interaction.add_subcommand(
        "use-answer", "record an article supplied to the customer, with the version it had (K9)");
    command->add_option("ID", state->id, "the interaction's id")->required();
    command->add_option("ARTICLE", state->second, "the article's id")->required();
    command->add_option("--how", state->how, "verbal, written, electronic or image")->required();
    CLI::Option* understood =
        command->add_flag("--understood", state->understood, "the customer confirmed they understood");
    command->add_flag("--not-understood", state->notUnderstood, "the customer did not understand")
        ->excludes(understood);
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            const auto how = domain::howSuppliedFromString(state->how);
            if (!how) {
                return localFailure("interaction.articles_used: '" + state->how +
                                        "' is not a way of supplying",
                                    "give --how verbal, written, electronic or image");
            }
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            std::optional<bool> confirmed;
            if (state->understood || state->notUnderstood) {
                confirmed = state->understood;
            }
            auto used =
                domain::useAnswer(*session->store, session->actor, state->id, state->second, *how, confirmed);
            if (!used) {
                return storeFailure(used.error());
            }
            return printChange(context, domain::answerUsedJson(*used),
                               "Article " + state->second + " (version " + used->articleVersion + ", " +
                                   state->how + ") recorded on interaction " + state->id);
        };
    });

    state = std::make_shared<CustomerCommandState>();
    command = interaction.add_subcommand("escalation", "change the status of an escalation (I2)");
    command->add_option("ID", state->id, "the interaction's id")->required();
    command->add_option("--status", state->second, "open, in_progress, resolved or closed")->required();
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto written =
                domain::setEscalationStatus(*session->store, session->actor, state->id, state->second);
            if (!written) {
                return storeFailure(written.error());
            }
            return printChange(context, *written,
                               "Escalation of interaction " + state->id + " is now " + state->second);
        };
    });

    state = std::make_shared<CustomerCommandState>();
    command = interaction.add_subcommand("follow-up-done", "mark an interaction's follow-up done (I6)");
    command->add_option("ID", state->id, "the interaction's id")->required();
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto written =
                domain::markFollowUpDone(*session->store, session->actor, state->id, currentTime());
            if (!written) {
                return storeFailure(written.error());
            }
            return printChange(context, *written, "Follow-up of interaction " + state->id + " done");
        };
    });

    command = interaction.add_subcommand(
        "overdue", "follow-ups past their due date: your own, or your branches' for a supervisor");
    command->callback([&action] {
        action = [](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto overdue =
                domain::overdueFollowUps(*session->store, session->actor, domain::today(clientClock()));
            if (!overdue) {
                return storeFailure(overdue.error());
            }
            if (context.json) {
                printJson(context.out, domain::overdueFollowUpsJson(*overdue));
                return Done{};
            }
            if (overdue->empty()) {
                context.out << "No overdue follow-ups.\n";
                return Done{};
            }
            Table table({"ID", "DUE", "DAYS", "AGENT", "BRANCH", "CUSTOMER", "SUMMARY"});
            for (const auto& item : *overdue) {
                table.addRow({item.interactionId, domain::formatDay(item.due),
                              std::to_string(item.daysOverdue), item.agent, item.branch, item.customerId,
                              item.summary});
            }
            table.print(context.out);
            return Done{};
        };
    });
}

struct FeedbackCommandState {
    std::string id;
    std::string status;
    std::optional<int> csat;
    std::optional<int> nps;
    std::string source;
    std::string comment;
    std::string customerId;
    std::string interactionId;
    std::string articleId;
    domain::FeedbackFilter filter;
};

Json feedbackFields(const FeedbackCommandState& state) {
    Json fields = Json::object();
    if (state.csat || state.nps) {
        fields = Json{{"source", "survey"},
                      {"scale", state.csat ? "csat" : "nps"},
                      {"score", state.csat ? *state.csat : *state.nps}};
    } else {
        fields["source"] = state.source;
    }
    for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"comment", &state.comment},
                                      {"customer_id", &state.customerId},
                                      {"interaction_id", &state.interactionId},
                                      {"article_id", &state.articleId}}) {
        if (!value->empty()) {
            fields[name] = *value;
        }
    }
    return fields;
}

std::string scoreText(const Json& fields) {
    const auto score = fields.find("score");
    if (score == fields.end()) {
        return {};
    }
    return domain::stringField(fields, "scale") + " " + displayValue(*score);
}

void defineFeedback(CLI::App& app, Action& action) {
    CLI::App* feedback = app.add_subcommand("feedback", "customer feedback: surveys, unsolicited, anecdotal");
    feedback->require_subcommand(1);

    auto state = std::make_shared<FeedbackCommandState>();
    CLI::App* command = feedback->add_subcommand("add", "record feedback; prints its id");
    CLI::Option* csat = command->add_option("--csat", state->csat, "a CSAT survey score, 1 to 5");
    CLI::Option* nps =
        command->add_option("--nps", state->nps, "an NPS survey score, 0 to 10")->excludes(csat);
    command->add_option("--source", state->source, "unsolicited or anecdotal (without a survey score)")
        ->excludes(csat)
        ->excludes(nps);
    command->add_option("--comment", state->comment, "what the customer said");
    command->add_option("--customer", state->customerId, "the customer's id");
    command->add_option("--interaction", state->interactionId, "the interaction's id");
    command->add_option("--article", state->articleId, "the article's id");
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            if (!state->csat && !state->nps && state->source.empty()) {
                return localFailure(
                    "no kind of feedback given",
                    "give --csat N, --nps N, or --source unsolicited|anecdotal with --comment");
            }
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto written =
                domain::addFeedback(*session->store, session->actor, feedbackFields(*state), currentTime());
            if (!written) {
                return storeFailure(written.error());
            }
            return printCreated(context, *written);
        };
    });

    state = std::make_shared<FeedbackCommandState>();
    command = feedback->add_subcommand("list", "feedback, newest first");
    command->add_option("--triage", state->filter.triage,
                        "only this triage status: new, accepted, declined, actioned");
    command->add_option("--source", state->filter.source, "only this source: survey, unsolicited, anecdotal");
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto records = domain::listFeedback(*session->store, state->filter);
            if (!records) {
                return storeFailure(records.error());
            }
            if (context.json) {
                printJson(context.out, domain::recordsJson(*records));
                return Done{};
            }
            if (records->empty()) {
                context.out << "No feedback.\n";
                return Done{};
            }
            Table table({"ID", "AT", "SOURCE", "SCORE", "TRIAGE", "COMMENT"});
            for (const auto& record : *records) {
                const Json& fields = record.fields;
                table.addRow({record.id, domain::stringField(fields, "at"),
                              domain::stringField(fields, "source"), scoreText(fields),
                              domain::stringField(fields, "triage"), domain::stringField(fields, "comment")});
            }
            table.print(context.out);
            return Done{};
        };
    });

    state = std::make_shared<FeedbackCommandState>();
    command = feedback->add_subcommand("triage", "set the triage status of feedback (I5)");
    command->add_option("ID", state->id, "the feedback's id")->required();
    command->add_option("STATUS", state->status, "new, accepted, declined or actioned")->required();
    command->callback([state, &action] {
        action = [state](Context& context) -> Outcome {
            auto session = openWorkspace(context);
            if (!session) {
                return unexpected(session.error());
            }
            auto written =
                domain::setFeedbackTriage(*session->store, session->actor, state->id, state->status);
            if (!written) {
                return storeFailure(written.error());
            }
            return printChange(context, *written, "Feedback " + state->id + " is now " + state->status);
        };
    });
}

} // namespace

Outcome addCustomer(Context& context, const WriteInput& input) {
    auto fields = fieldsOf(schema::SchemaRegistry::builtin(), "customer", input, true);
    if (!fields) {
        return unexpected(fields.error());
    }
    auto session = openWorkspace(context);
    if (!session) {
        return unexpected(session.error());
    }
    auto created = domain::createCustomer(*session->store, session->actor, *fields);
    if (!created) {
        return storeFailure(created.error());
    }
    if (context.json) {
        printJson(context.out, domain::createdCustomerJson(*created));
        return Done{};
    }
    context.out << created->write.id << '\n';
    if (!created->duplicates.empty()) {
        context.err << "knowset-cli: the new customer may be a duplicate of " << created->duplicates.size()
                    << " existing one(s); check them with knowset-cli customer show ID:\n";
        printDuplicates(context.err, created->duplicates);
    }
    return Done{};
}

Outcome editCustomer(Context& context, std::string_view id, const WriteInput& input) {
    auto fields = fieldsOf(schema::SchemaRegistry::builtin(), "customer", input, false);
    if (!fields) {
        return unexpected(fields.error());
    }
    if (fields->empty()) {
        return localFailure("nothing to change",
                            "give at least one field option, e.g. --set NAME=VALUE (see --help)");
    }
    auto session = openWorkspace(context);
    if (!session) {
        return unexpected(session.error());
    }
    auto written = domain::updateCustomer(*session->store, session->actor, id, *fields);
    if (!written) {
        return storeFailure(written.error());
    }
    const std::string sentence = written->journalSeq == 0
                                     ? "customer " + std::string(id) + ": nothing changed"
                                     : "Updated customer " + std::string(id);
    return printChange(context, *written, sentence);
}

Outcome showCustomer(Context& context, std::string_view id, std::string_view purpose) {
    auto session = openWorkspace(context);
    if (!session) {
        return unexpected(session.error());
    }
    const domain::Instant now = currentTime();
    auto opened = domain::openCustomer(*session->store, session->actor, id, purpose, now);
    if (!opened) {
        return storeFailure(opened.error());
    }
    auto consent = domain::consentOf(*session->store, id, now);
    if (!consent) {
        return storeFailure(consent.error());
    }
    if (context.json) {
        printJson(context.out, domain::openedCustomerJson(*opened, *consent));
        return Done{};
    }
    Record shown = opened->record;
    if (!consent->empty()) {
        shown.fields.erase("consent"); // shown as a table below
    }
    printRecord(context.out, shown, schema::SchemaRegistry::builtin());
    if (!opened->masked.empty()) {
        context.out << "  restricted, not shown: " << joinedList(opened->masked) << '\n';
    }
    if (!consent->empty()) {
        printConsent(context.out, *consent);
    }
    return Done{};
}

Outcome logInteraction(Context& context, const WriteInput& input, const IdentityCheckInput& identity) {
    auto fields = fieldsOf(schema::SchemaRegistry::builtin(), "interaction", input, true);
    if (!fields) {
        return unexpected(fields.error());
    }
    if (!identity.method.empty() || !identity.result.empty()) {
        Json check = Json::object();
        if (!identity.method.empty()) {
            check["method"] = identity.method;
        }
        if (!identity.result.empty()) {
            check["result"] = identity.result;
        }
        (*fields)["identity_check"] = std::move(check);
    }
    auto session = openWorkspace(context);
    if (!session) {
        return unexpected(session.error());
    }
    auto written = domain::logInteraction(*session->store, session->actor, std::move(*fields), currentTime());
    if (!written) {
        return storeFailure(written.error());
    }
    return printCreated(context, *written);
}

void defineCustomerCommands(CLI::App& app, Action& action) {
    defineCustomerExtras(*app.get_subcommand("customer"), action);
    defineInteractionExtras(*app.get_subcommand("interaction"), action);
    defineFeedback(app, action);
}

} // namespace knowset::cli
