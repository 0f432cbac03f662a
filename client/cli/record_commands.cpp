#include "client/cli/record_commands.hpp"

#include <deque>
#include <limits>
#include <memory>

#include "client/cli/customer_commands.hpp"
#include "client/cli/knowledge_commands.hpp"
#include "client/cli/record_operations.hpp"

namespace knowset::cli {

namespace {

// The field options of an add or edit command (--title T ...), bound to the schema's fields.
class WriteFlags {
public:
    void add(CLI::App* command, const std::string& flag, std::string field, const std::string& help,
             bool commaList = false, bool required = false) {
        Binding& binding = m_bindings.emplace_back();
        binding.input.field = std::move(field);
        binding.input.commaList = commaList;
        binding.option = command->add_option(flag, binding.input.text, help);
        binding.option->required(required);
    }

    void addSet(CLI::App* command) {
        command->add_option("--set", m_assignments, "NAME=VALUE: any field of the schema (repeatable)")
            ->type_name("NAME=VALUE");
    }

    WriteInput input(Json defaults = Json::object()) const {
        WriteInput input;
        for (const auto& binding : m_bindings) {
            if (binding.option->count() > 0) {
                input.given.push_back(binding.input);
            }
        }
        input.assignments = m_assignments;
        input.defaults = std::move(defaults);
        return input;
    }

private:
    struct Binding {
        FieldInput input;
        CLI::Option* option = nullptr;
    };
    std::deque<Binding> m_bindings; // stable addresses: CLI11 writes into them
    std::vector<std::string> m_assignments;
};

struct RecordCommandState {
    std::string id;
    std::string text;
    std::size_t limit = 0;
    std::string filter;
    CLI::Option* filterOption = nullptr;
    WriteFlags flags;
};

const std::vector<Column> kCustomerColumns{
    {"BRANCH", "branch"}, {"NAME", "name"}, {"EMAIL", "email"}, {"PHONE", "phone"}};
const std::vector<Column> kInteractionColumns{{"CHANNEL", "channel"},
                                              {"KIND", "kind"},
                                              {"OUTCOME", "outcome"},
                                              {"CUSTOMER", "customer_id"},
                                              {"SUMMARY", "summary"}};

void addArticleFlags(CLI::App* command, WriteFlags& flags, bool adding) {
    flags.add(command, "--title", "title", "the title", false, adding);
    flags.add(command, "--kind", "kind", "faq, answer, procedure, key_message or product_info (new: answer)");
    flags.add(command, "--status", "status",
              "draft, in_review, published or archived (new: draft); publishing and archiving are for "
              "supervisors and admins");
    flags.add(command, "--body", "body", "the text");
    flags.add(command, "--summary", "summary", "a short summary");
    flags.add(command, "--tags", "tags", "comma-separated tags, e.g. billing,refunds", true);
    flags.add(command, "--category", "category_id", "the id of its category");
    flags.add(command, "--products", "products", "comma-separated products it is about", true);
    flags.add(command, "--key-messages", "key_message_ids",
              "comma-separated ids of the key messages it cites", true);
    flags.addSet(command);
}

void addCustomerFlags(CLI::App* command, WriteFlags& flags, bool adding) {
    flags.add(command, "--name", "name", "the customer's name", false, adding);
    flags.add(command, "--branch", "branch", "the branch the customer belongs to", false, adding);
    flags.add(command, "--email", "email", "e-mail address");
    flags.add(command, "--phone", "phone", "phone number");
    flags.add(command, "--address", "address", "postal address");
    flags.add(command, "--segment", "segment", "customer type or segment, e.g. residential");
    flags.add(command, "--notes", "notes", "notes");
    flags.addSet(command);
}

void defineArticle(CLI::App& app, Action& action) {
    CLI::App* article = app.add_subcommand("article", "knowledge articles");
    article->require_subcommand(1);

    auto state = std::make_shared<RecordCommandState>();
    CLI::App* command = article->add_subcommand("add", "create an article; prints its id");
    addArticleFlags(command, state->flags, true);
    command->callback([state, &action] {
        action = [state](Context& context) {
            return addArticle(context, state->flags.input({{"kind", "answer"}}));
        };
    });

    state = std::make_shared<RecordCommandState>();
    command = article->add_subcommand("edit", "change the given fields of an article");
    command->add_option("ID", state->id, "the article's id")->required();
    addArticleFlags(command, state->flags, false);
    command->callback([state, &action] {
        action = [state](Context& context) {
            return editArticle(context, state->id, state->flags.input());
        };
    });

    state = std::make_shared<RecordCommandState>();
    command = article->add_subcommand("show", "show an article");
    command->add_option("ID", state->id, "the article's id")->required();
    command->callback([state, &action] {
        action = [state](Context& context) {
            return showRecord(context, "article", state->id);
        };
    });

    state = std::make_shared<RecordCommandState>();
    state->limit = SearchOptions{}.limit;
    command = article->add_subcommand("search", "full-text search, best match first");
    command->add_option("QUERY", state->text, "words to look for (each matches as a prefix)")->required();
    command->add_option("--limit", state->limit, "at most this many results")
        ->check(CLI::Range(1, std::numeric_limits<int>::max()))
        ->capture_default_str();
    command->callback([state, &action] {
        action = [state](Context& context) {
            return searchArticles(context, state->text, state->limit);
        };
    });
}

void defineCustomer(CLI::App& app, Action& action) {
    CLI::App* customer = app.add_subcommand("customer", "customers");
    customer->require_subcommand(1);

    auto state = std::make_shared<RecordCommandState>();
    CLI::App* command = customer->add_subcommand(
        "add", "create a customer; prints its id, and possible duplicates on stderr");
    addCustomerFlags(command, state->flags, true);
    command->callback([state, &action] {
        action = [state](Context& context) {
            return addCustomer(context, state->flags.input());
        };
    });

    state = std::make_shared<RecordCommandState>();
    command = customer->add_subcommand("edit", "change the given fields of a customer");
    command->add_option("ID", state->id, "the customer's id")->required();
    addCustomerFlags(command, state->flags, false);
    command->callback([state, &action] {
        action = [state](Context& context) {
            return editCustomer(context, state->id, state->flags.input());
        };
    });

    state = std::make_shared<RecordCommandState>();
    command = customer->add_subcommand("show", "open a customer record (logged in access_log; restricted "
                                               "fields shown to supervisors and admins only)");
    command->add_option("ID", state->id, "the customer's id")->required();
    command->add_option("--purpose", state->text, "why the record is opened (kept in access_log)");
    command->callback([state, &action] {
        action = [state](Context& context) {
            return showCustomer(context, state->id, state->text);
        };
    });

    command = customer->add_subcommand("list", "list customers");
    command->callback([&action] {
        action = [](Context& context) {
            return listRecords(context, "customer", {}, kCustomerColumns);
        };
    });

    state = std::make_shared<RecordCommandState>();
    state->limit = 50;
    command = customer->add_subcommand("search", "customers with TEXT in any field (name, e-mail, phone...)");
    command->add_option("TEXT", state->text, "the text to look for (case does not matter)")->required();
    command->add_option("--limit", state->limit, "at most this many results")
        ->check(CLI::Range(1, std::numeric_limits<int>::max()))
        ->capture_default_str();
    command->callback([state, &action] {
        action = [state](Context& context) {
            return findRecords(context, "customer", state->text, state->limit, kCustomerColumns);
        };
    });
}

struct InteractionLogState {
    WriteFlags flags;
    IdentityCheckInput identity;
};

void defineInteraction(CLI::App& app, Action& action) {
    CLI::App* interaction = app.add_subcommand("interaction", "customer interactions");
    interaction->require_subcommand(1);

    auto logState = std::make_shared<InteractionLogState>();
    CLI::App* command = interaction->add_subcommand("log", "log an interaction; prints its id");
    WriteFlags& flags = logState->flags;
    flags.add(command, "--channel", "channel",
              "phone, email, face_to_face, chat, letter, social or field_visit", false, true);
    flags.add(command, "--kind", "kind", "query, request, complaint, comment or compliment", false, true);
    flags.add(command, "--branch", "branch",
              "the branch it happened in (default: the customer's, else your first branch)");
    flags.add(command, "--customer", "customer_id", "the customer's id");
    flags.add(command, "--category", "category_id", "the id of its category");
    flags.add(command, "--words", "customer_words", "what the customer said, in their words");
    flags.add(command, "--summary", "summary", "what it was about");
    flags.add(command, "--product", "product", "the product it was about");
    flags.add(command, "--outcome", "outcome", "resolved, follow_up, escalated or pending");
    flags.add(command, "--escalate-to", "escalated_to", "who it was escalated to (outcome escalated)");
    flags.add(command, "--escalation-reason", "escalation_reason",
              "beyond_authority, needs_specialist, complaint or regulatory (outcome escalated)");
    flags.add(command, "--escalation-mode", "escalation_mode", "verbal or written");
    flags.add(command, "--escalation-due", "escalation_due", "when the escalation is due (YYYY-MM-DD)");
    flags.add(command, "--follow-up-due", "follow_up_due",
              "when the follow-up is due (YYYY-MM-DD; outcome follow_up)");
    flags.add(command, "--handled-seconds", "handled_seconds", "how long it took, in seconds");
    command->add_option("--identity-method", logState->identity.method,
                        "how the caller's identity was checked (the answers are never stored)");
    command->add_option("--identity-result", logState->identity.result, "passed, failed or not_completed");
    flags.addSet(command);
    command->callback([logState, &action] {
        action = [logState](Context& context) {
            return logInteraction(context, logState->flags.input(), logState->identity);
        };
    });

    auto state = std::make_shared<RecordCommandState>();
    command = interaction->add_subcommand("list", "list interactions");
    state->filterOption =
        command->add_option("--customer", state->filter, "only those of this customer (id)");
    command->callback([state, &action] {
        action = [state](Context& context) {
            std::vector<Condition> where;
            if (state->filterOption->count() > 0) {
                where.emplace_back("customer_id", state->filter);
            }
            return listRecords(context, "interaction", where, kInteractionColumns);
        };
    });
}

} // namespace

void defineRecordCommands(CLI::App& app, Action& action) {
    defineArticle(app, action);
    defineCustomer(app, action);
    defineInteraction(app, action);
}

} // namespace knowset::cli
