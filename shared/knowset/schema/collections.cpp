// The collections of schema version 1, as tabled in DESIGN.md ("Data model"). Adding a field
// here is a schema change: older clients preserve it as an unknown field until they update.
#include "knowset/schema/registry.hpp"

namespace knowset::schema {

namespace {

enum Flag : unsigned {
    None = 0,
    Required = 1U << 0U,
    FullText = 1U << 1U,
    Restricted = 1U << 2U,
};

FieldSpec field(std::string name, FieldType type, unsigned flags = None) {
    FieldSpec spec;
    spec.name = std::move(name);
    spec.type = type;
    spec.required = (flags & Required) != 0;
    spec.fullText = (flags & FullText) != 0;
    spec.restricted = (flags & Restricted) != 0;
    return spec;
}

FieldSpec oneOf(std::string name, std::vector<std::string> allowed, unsigned flags = None) {
    FieldSpec spec = field(std::move(name), FieldType::Enum, flags);
    spec.allowed = std::move(allowed);
    return spec;
}

CollectionSpec global(std::string name, std::vector<FieldSpec> fields) {
    CollectionSpec spec;
    spec.name = std::move(name);
    spec.fields = std::move(fields);
    return spec;
}

// Records of a branch-scoped collection replicate only to users of the branch named by `branch`.
CollectionSpec perBranch(std::string name, std::vector<FieldSpec> fields) {
    CollectionSpec spec = global(std::move(name), std::move(fields));
    spec.scope = Scope::Branch;
    spec.branchField = "branch";
    return spec;
}

CollectionSpec serverWritten(std::string name, std::vector<FieldSpec> fields) {
    CollectionSpec spec = global(std::move(name), std::move(fields));
    spec.serverWritten = true;
    return spec;
}

using enum FieldType;

} // namespace

std::vector<CollectionSpec> builtinCollections() {
    return {
        global("category",
               {
                   field("name", String, Required),
                   field("parent_id", Id),
                   field("description", Text),
                   field("position", Integer),
               }),
        global("article",
               {
                   oneOf("kind", {"faq", "answer", "procedure", "key_message", "product_info"}, Required),
                   field("title", String, Required | FullText), field("body", Text, FullText),
                   field("summary", Text, FullText), field("category_id", Id),
                   field("tags", StringList, FullText),
                   oneOf("status", {"draft", "in_review", "published", "archived"}, Required),
                   field("key_message_ids", IdList), field("products", StringList), field("valid_from", Date),
                   field("valid_to", Date), field("owner", String), field("verified_at", Timestamp),
                   field("verified_by", String), field("review_due", Date),
                   // Set when a key message the article cites changed (or a reviewer asks
                   // for a review); cleared when the article is verified again.
                   field("needs_review", Boolean), field("review_reason", Text),
                   field("source_interaction_id", Id), // drafted from this interaction
               }),
        global("comment",
               {
                   field("target_collection", String, Required),
                   field("target_id", Id, Required),
                   field("body", Text, Required),
                   field("author", String),
               }),
        perBranch("customer",
                  {
                      field("name", String, Required),
                      field("email", String),
                      field("phone", String),
                      field("address", Text),
                      field("branch", String, Required),
                      field("segment", String),
                      field("preferences", Object),
                      field("consent", Object),
                      field("verified_at", Timestamp),
                      field("verified_by", String),
                      field("notes", Text),
                      field("date_of_birth", Date, Restricted),
                      field("identity_answers", Any, Restricted),
                  }),
        perBranch("interaction",
                  {
                      field("customer_id", Id),
                      oneOf("channel",
                            {"phone", "email", "face_to_face", "chat", "letter", "social", "field_visit"},
                            Required),
                      oneOf("kind", {"query", "request", "complaint", "comment", "compliment"}, Required),
                      field("category_id", Id),
                      field("summary", Text),
                      field("details", Text),
                      field("articles_used", Any), // [{article_id, version, how, understood}]
                      field("product", String),
                      field("customer_words", Text),   // what the customer said, in their words
                      field("identity_check", Object), // {method, result}: never the answers
                      oneOf("escalation_mode", {"verbal", "written"}),
                      oneOf("escalation_status", {"open", "in_progress", "resolved", "closed"}),
                      field("escalation_due", Date),
                      field("follow_up_done_at", Timestamp),
                      field("team", String),
                      oneOf("outcome", {"resolved", "follow_up", "escalated", "pending"}),
                      field("follow_up_due", Date),
                      field("escalated_to", String),
                      oneOf("escalation_reason",
                            {"beyond_authority", "needs_specialist", "complaint", "regulatory"}),
                      field("agent", String),
                      field("branch", String, Required),
                      field("occurred_at", Timestamp),
                      field("handled_seconds", Integer),
                  }),
        perBranch("feedback",
                  {
                      field("customer_id", Id),
                      field("interaction_id", Id),
                      field("article_id", Id),
                      oneOf("source", {"survey", "unsolicited", "anecdotal"}, Required),
                      field("score", Number),
                      oneOf("scale", {"csat", "nps", "helpful"}),
                      field("comment", Text),
                      field("helpful", Boolean),
                      // The outcome of an answer at the point of use (K8).
                      oneOf("answer_outcome", {"worked", "partly", "not"}),
                      field("branch", String),
                      oneOf("triage", {"new", "accepted", "declined", "actioned"}),
                      field("at", Timestamp),
                      field("agent", String),
                      field("team", String),
                  }),
        global("kpi",
               {
                   field("name", String, Required),
                   oneOf("metric",
                         {"first_contact_resolution", "average_handling_time", "escalation_rate", "csat",
                          "nps", "follow_ups_on_time"},
                         Required),
                   field("target", Number, Required),
                   field("tolerance", Number),
                   oneOf("direction", {"higher_is_better", "lower_is_better"}),
                   oneOf("period", {"day", "week", "month", "quarter"}),
                   field("scope", Object), // {level: person|team|branch|organisation, value}
                   field("owner", String),
                   field("action", Text),
               }),
        global("search_miss",
               {
                   field("query", String, Required),
                   field("category_id", Id),
                   field("agent", String),
                   field("at", Timestamp),
                   field("result_count", Integer),
               }),
        serverWritten("conflict",
                      {
                          field("collection", String, Required),
                          field("record_id", Id, Required),
                          field("field", String, Required),
                          oneOf("kind", {"field", "edit_delete"}, Required),
                          field("winner", Object, Required), // {value, version, author}
                          field("loser", Object, Required),
                          oneOf("status", {"open", "resolved"}, Required),
                          field("resolution", Any),
                          field("resolved_by", String),
                          field("resolved_at", Timestamp),
                      }),
        perBranch("access_log",
                  {
                      field("customer_id", Id, Required),
                      field("user", String, Required),
                      field("at", Timestamp, Required),
                      field("purpose", String),
                      field("branch", String),
                  }),
    };
}

} // namespace knowset::schema
