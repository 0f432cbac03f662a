// The schema registry: the builtin collections of schema version 1 and write validation.
#include "knowset/schema/registry.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

using knowset::Json;
using namespace knowset::schema;

namespace {

const SchemaRegistry& registry() {
    return SchemaRegistry::builtin();
}

using Issues = std::vector<ValidationIssue>;

Issues create(std::string_view collection, const Json& fields,
              UnknownFields unknown = UnknownFields::Preserve) {
    return registry().validateWrite(collection, fields, nullptr, unknown);
}

Issues update(std::string_view collection, const Json& existing, const Json& changed) {
    return registry().validateWrite(collection, changed, &existing);
}

Json with(Json record, const std::string& field, Json value) {
    record[field] = std::move(value);
    return record;
}

Json without(Json record, const std::string& field) {
    record.erase(field);
    return record;
}

// Invalid UTF-8 is among the test values: print it without throwing.
std::string printed(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::set<std::string> asSet(const std::vector<std::string>& names) {
    return {names.begin(), names.end()};
}

// One complete, valid record per collection.
const std::map<std::string, Json>& validRecords() {
    static const std::map<std::string, Json> records = {
        {"category", Json::parse(R"({"name": "Billing", "parent_id": "0190c1b2-7d41-7a3e-9c55-1a2b3c4d5e6f",
                                     "description": "Bills, payments and refunds", "position": 2})")},
        {"article", Json::parse(R"({"kind": "answer", "title": "Refunds after 30 days",
                                    "body": "Refunds after 30 days need a supervisor.\nSee the policy.",
                                    "summary": "Supervisor approval needed", "category_id": "c-1",
                                    "tags": ["refund", "billing"], "status": "published",
                                    "key_message_ids": ["km-1"], "products": ["Basic plan"],
                                    "valid_from": "2026-01-01", "valid_to": "2026-12-31", "owner": "sam",
                                    "verified_at": "2026-11-23T09:30:00Z", "review_due": "2027-05-23"})")},
        {"comment", Json::parse(R"({"target_collection": "article", "target_id": "a-1",
                                    "body": "Mention the form number.", "author": "ana"})")},
        {"customer", Json::parse(R"({"name": "Ana Souza", "email": "ana.souza@example.org",
                                     "phone": "+44 (0)20 7946-0958", "address": "1 High Street\nLeeds",
                                     "branch": "leeds", "segment": "retail", "preferences": {"contact": "email"},
                                     "consent": {"marketing": {"basis": "consent", "source": "phone"}},
                                     "verified_at": "2026-11-23T09:30:00+01:00", "verified_by": "sam",
                                     "notes": "Prefers mornings", "date_of_birth": "1980-02-29",
                                     "identity_answers": {"mother": "x"}})")},
        {"interaction", Json::parse(R"({"customer_id": "cu-1", "channel": "field_visit", "kind": "complaint",
                                        "category_id": "c-1", "summary": "Late refund", "details": "Waited 6 weeks",
                                        "articles_used": [{"article_id": "a-1", "how": "verbal", "understood": true}],
                                        "outcome": "escalated", "follow_up_due": "2026-12-01",
                                        "escalated_to": "sam", "escalation_reason": "beyond_authority",
                                        "agent": "ana", "branch": "leeds",
                                        "occurred_at": "2026-11-23T09:30:00.250Z", "handled_seconds": 340})")},
        {"feedback", Json::parse(R"({"customer_id": "cu-1", "interaction_id": "i-1", "article_id": "a-1",
                                     "source": "survey", "score": 4, "scale": "csat", "comment": "Quick and kind",
                                     "helpful": true, "branch": "leeds", "triage": "new"})")},
        {"kpi",
         Json::parse(
             R"({"name": "First contact resolution", "metric": "first_contact_resolution", "target": 0.8,
                                "tolerance": 0.05, "direction": "higher_is_better", "period": "month",
                                "scope": {"level": "branch", "value": "leeds"}, "owner": "sam", "action": "Review escalations"})")},
        {"search_miss", Json::parse(R"({"query": "refund after 30 days", "category_id": "c-1", "agent": "ana",
                                        "at": "2026-11-23T09:30:00Z"})")},
        {"conflict", Json::parse(R"({"collection": "article", "record_id": "a-1", "field": "title",
                                     "kind": "field", "status": "open",
                                     "winner": {"value": "A", "version": "v2", "author": "ana"},
                                     "loser": {"value": "B", "version": "v1", "author": "sam"}})")},
        {"access_log", Json::parse(R"({"customer_id": "cu-1", "user": "ana", "at": "2026-11-23T09:30:00Z",
                                       "purpose": "phone call", "branch": "leeds"})")},
    };
    return records;
}

const Json& valid(const std::string& collection) {
    return validRecords().at(collection);
}

// The issues of a create that writes `value` into `field` of an otherwise valid record.
Issues createWith(const std::string& collection, const std::string& field, Json value) {
    return create(collection, with(valid(collection), field, std::move(value)));
}

bool hasIssue(const Issues& issues, std::string_view field, std::string_view text) {
    return std::any_of(issues.begin(), issues.end(), [&](const ValidationIssue& issue) {
        return issue.field == field && issue.message.find(text) != std::string::npos;
    });
}

// The value is refused with one issue on `field` whose message names "<collection>.<field>".
void requireRefused(const std::string& collection, const std::string& field, const Json& value,
                    std::string_view text = {}) {
    INFO(collection << "." << field << " = " << printed(value));
    const Issues issues = createWith(collection, field, value);
    INFO(describe(issues));
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].field == field);
    CHECK_THAT(issues[0].message, Catch::StartsWith(collection + "." + field));
    CHECK_THAT(issues[0].message, Catch::Contains(std::string(text)));
}

void requireAccepted(const std::string& collection, const std::string& field, const Json& value) {
    INFO(collection << "." << field << " = " << printed(value));
    const Issues issues = createWith(collection, field, value);
    INFO(describe(issues));
    REQUIRE(issues.empty());
}

} // namespace

TEST_CASE("the builtin registry has the collections of schema version 1", "[schema]") {
    STATIC_REQUIRE(kSchemaVersion == 1);
    std::vector<std::string> names;
    for (const CollectionSpec& collection : registry().collections()) {
        names.push_back(collection.name);
    }
    CHECK(names == std::vector<std::string>{"category", "article", "comment", "customer", "interaction",
                                            "feedback", "kpi", "search_miss", "conflict", "access_log"});
    CHECK(registry().collection("widget") == nullptr);
}

TEST_CASE("each collection declares its required fields", "[schema]") {
    const std::map<std::string, std::set<std::string>> required = {
        {"category", {"name"}},
        {"article", {"kind", "title", "status"}},
        {"comment", {"target_collection", "target_id", "body"}},
        {"customer", {"name", "branch"}},
        {"interaction", {"channel", "kind", "branch"}},
        {"feedback", {"source"}},
        {"kpi", {"name", "metric", "target"}},
        {"search_miss", {"query"}},
        {"conflict", {"collection", "record_id", "field", "kind", "winner", "loser", "status"}},
        {"access_log", {"customer_id", "user", "at"}},
    };
    for (const auto& [name, fields] : required) {
        INFO(name);
        const CollectionSpec* collection = registry().collection(name);
        REQUIRE(collection != nullptr);
        CHECK(asSet(collection->requiredFields()) == fields);
    }
}

TEST_CASE("fields have the declared types and allowed values", "[schema]") {
    const CollectionSpec& article = *registry().collection("article");
    REQUIRE(article.field("kind") != nullptr);
    CHECK(article.field("kind")->type == FieldType::Enum);
    CHECK(article.field("kind")->allowed ==
          std::vector<std::string>{"faq", "answer", "procedure", "key_message", "product_info"});
    CHECK(article.field("status")->allowed ==
          std::vector<std::string>{"draft", "in_review", "published", "archived"});
    CHECK(article.field("tags")->type == FieldType::StringList);
    CHECK(article.field("key_message_ids")->type == FieldType::IdList);
    CHECK(article.field("valid_to")->type == FieldType::Date);
    CHECK(article.field("verified_at")->type == FieldType::Timestamp);
    CHECK(article.field("colour") == nullptr);

    const CollectionSpec& interaction = *registry().collection("interaction");
    CHECK(interaction.field("channel")->allowed == std::vector<std::string>{"phone", "email", "face_to_face",
                                                                            "chat", "letter", "social",
                                                                            "field_visit"});
    CHECK(interaction.field("handled_seconds")->type == FieldType::Integer);
    CHECK(interaction.field("articles_used")->type == FieldType::Any);
    CHECK(registry().collection("feedback")->field("triage")->allowed ==
          std::vector<std::string>{"new", "accepted", "declined", "actioned"});
    CHECK(registry().collection("conflict")->field("winner")->type == FieldType::Object);

    CHECK(toString(FieldType::StringList) == "string_list");
    CHECK(toString(FieldType::Timestamp) == "timestamp");
}

TEST_CASE("full-text and restricted fields", "[schema]") {
    CHECK(asSet(registry().collection("article")->fullTextFields()) ==
          std::set<std::string>{"title", "summary", "body", "tags"});
    CHECK(asSet(registry().collection("customer")->restrictedFields()) ==
          std::set<std::string>{"date_of_birth", "identity_answers"});
    for (const CollectionSpec& collection : registry().collections()) {
        INFO(collection.name);
        if (collection.name != "article") {
            CHECK(collection.fullTextFields().empty());
        }
        if (collection.name != "customer") {
            CHECK(collection.restrictedFields().empty());
        }
    }
}

TEST_CASE("scopes and server-written collections", "[schema]") {
    const std::set<std::string> branchScoped = {"customer", "interaction", "feedback", "access_log"};
    for (const CollectionSpec& collection : registry().collections()) {
        INFO(collection.name);
        if (branchScoped.count(collection.name) != 0) {
            CHECK(collection.scope == Scope::Branch);
            CHECK(collection.branchField == "branch");
            CHECK(collection.field(collection.branchField) != nullptr);
        } else {
            CHECK(collection.scope == Scope::Global);
            CHECK(collection.branchField.empty());
        }
        CHECK(collection.serverWritten == (collection.name == "conflict"));
    }
}

TEST_CASE("a valid create passes for every collection", "[schema]") {
    REQUIRE(validRecords().size() == registry().collections().size());
    for (const auto& [collection, record] : validRecords()) {
        INFO(collection);
        const Issues issues = create(collection, record, UnknownFields::Refuse);
        INFO(describe(issues));
        CHECK(issues.empty());
        // Only the required fields are enough too.
        Json minimal = Json::object();
        for (const std::string& field : registry().collection(collection)->requiredFields()) {
            minimal[field] = record.at(field);
        }
        CHECK(create(collection, minimal).empty());
    }
}

TEST_CASE("an unknown collection is one issue naming it", "[schema]") {
    const Issues issues = create("widget", Json::object());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].field.empty());
    CHECK(issues[0].message == "unknown collection 'widget'");
}

TEST_CASE("a write must be a JSON object", "[schema]") {
    for (const Json& notObject : {Json(nullptr), Json::array(), Json("title"), Json(3)}) {
        const Issues issues = create("article", notObject);
        REQUIRE(issues.size() == 1);
        CHECK_THAT(issues[0].message, Catch::StartsWith("article: "));
    }
}

TEST_CASE("field names must be valid and '_' names are reserved", "[schema]") {
    for (const std::string& name : {std::string("Title"), std::string("1st"), std::string("with space"),
                                    std::string("tab\t"), std::string(65, 'a'), std::string()}) {
        INFO(name);
        const Issues issues = createWith("article", name, "x");
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].field == name);
        CHECK_THAT(issues[0].message, Catch::Contains("is not a valid field name"));
    }
    CHECK(createWith("article", "Title", "x")[0].message.rfind("article.Title: ", 0) == 0);
    CHECK(createWith("article", "tab\t", "x")[0].message.rfind("article.tab?: ", 0) == 0);
    CHECK(createWith("article", "", "x")[0].message.rfind("article.'': ", 0) == 0);

    requireRefused("article", "_x", 1, "field '_x' is reserved");
    requireRefused("article", "_version", "v", "reserved");
}

TEST_CASE("unknown fields are preserved or refused", "[schema]") {
    const Json record = with(valid("article"), "colour", "red");
    CHECK(registry().validateWrite("article", record, nullptr, UnknownFields::Preserve).empty());
    CHECK(registry().validateWrite("article", record, nullptr).empty()); // Preserve is the default

    const Issues refused = registry().validateWrite("article", record, nullptr, UnknownFields::Refuse);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].field == "colour");
    CHECK_THAT(refused[0].message,
               Catch::StartsWith("article.colour: unknown field (known fields: kind, title, "));
    CHECK_THAT(refused[0].message, Catch::Contains("source_interaction_id)"));
}

TEST_CASE("strings, texts and numbers", "[schema]") {
    requireRefused("article", "title", 42, "must be a string");
    requireRefused("article", "title", "first line\nsecond line", "single line");
    requireRefused("article", "owner", "sam\r", "single line");
    requireRefused("article", "title", std::string(501, 'x'), "500 characters");
    requireAccepted("article", "title", std::string(500, 'x'));
    // Characters, not bytes: 500 two-byte characters fit.
    std::string accented;
    for (int i = 0; i < 500; ++i) {
        accented += "\xc3\xa9";
    }
    requireAccepted("article", "title", accented);
    requireRefused("article", "title", "caf\xc3", "UTF-8");

    requireAccepted("article", "body", std::string(1'000'000, 'x'));
    requireRefused("article", "body", std::string(1'000'001, 'x'), "1000000 bytes");
    requireRefused("article", "body", Json::array(), "must be a string");

    requireAccepted("category", "position", -3);
    requireRefused("category", "position", 1.5, "whole number");
    requireRefused("category", "position", 2.0, "whole number");
    requireRefused("category", "position", true, "whole number");
    requireRefused("category", "position", "3", "whole number");

    requireAccepted("kpi", "target", 95);
    requireRefused("kpi", "target", "95%", "must be a number");
    requireRefused("kpi", "target", std::nan(""), "must be a number");
    requireRefused("kpi", "target", false, "must be a number");

    requireRefused("feedback", "helpful", "yes", "boolean");
    requireRefused("feedback", "helpful", 1, "boolean");
    requireRefused("conflict", "winner", "A", "must be an object");
    requireAccepted("comment", "body", "anything at all");
}

TEST_CASE("enums name their allowed values", "[schema]") {
    const Issues issues = createWith("article", "kind", "blog");
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].message ==
          "article.kind: must be one of faq, answer, procedure, key_message, product_info");
    requireRefused("article", "status", "Published", "draft, in_review, published, archived");
    requireRefused("interaction", "channel", 1, "interaction.channel: must be one of phone");
    requireRefused("feedback", "scale", "stars", "csat, nps, helpful");
}

TEST_CASE("ids and lists", "[schema]") {
    requireAccepted("article", "category_id", std::string(128, 'c'));
    requireRefused("article", "category_id", std::string(129, 'c'), "128");
    requireRefused("article", "category_id", "", "record id");
    requireRefused("article", "category_id", 17, "record id");

    requireAccepted("article", "tags", Json::array());
    requireRefused("article", "tags", "refund", "must be a list");
    requireRefused("article", "tags", Json::array({"ok", 3}), "article.tags[1]: must be a string");
    requireRefused("article", "tags", Json::array({"ok", ""}), "article.tags[1]: must not be empty");
    requireRefused("article", "tags", Json::array({"two\nlines"}), "single line");
    requireRefused("article", "key_message_ids", Json::array({"km-1", nullptr}), "key_message_ids[1]");
    requireRefused("article", "key_message_ids", Json::array({std::string(129, 'k')}), "key_message_ids[0]");

    requireAccepted("article", "products", Json(std::vector<std::string>(1000, "p")));
    requireRefused("article", "products", Json(std::vector<std::string>(1001, "p")), "1000 items");

    const Issues several = createWith("article", "tags", Json::array({1, "ok", 2}));
    REQUIRE(several.size() == 2);
    CHECK_THAT(several[0].message, Catch::StartsWith("article.tags[0]"));
    CHECK_THAT(several[1].message, Catch::StartsWith("article.tags[2]"));
}

TEST_CASE("enum lists and maxLength in a custom registry", "[schema]") {
    FieldSpec channels{"channels", FieldType::EnumList, false, {"phone", "email"}};
    FieldSpec code;
    code.name = "code";
    code.maxLength = 3;
    const SchemaRegistry custom({CollectionSpec{"team", Scope::Global, {}, false, {channels, code}}});

    CHECK(
        custom
            .validateWrite("team", Json::parse(R"({"channels": ["phone", "email"], "code": "abc"})"), nullptr)
            .empty());
    const Issues issues =
        custom.validateWrite("team", Json::parse(R"({"channels": ["fax"], "code": "abcd"})"), nullptr);
    REQUIRE(issues.size() == 2);
    CHECK(issues[0].message == "team.channels[0]: must be one of phone, email");
    CHECK(issues[1].message == "team.code: is longer than 3 characters");
    CHECK(custom.validateWrite("article", Json::object(), nullptr).size() == 1);
}

TEST_CASE("dates are valid calendar dates", "[schema]") {
    for (const char* date : {"2024-02-29", "2000-02-29", "2026-12-31", "2026-01-01", "2026-04-30"}) {
        requireAccepted("article", "review_due", date);
    }
    for (const char* date :
         {"2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-32", "2026-01-00",
          "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00:00:00Z", "2026-01-01 ", "today"}) {
        requireRefused("article", "review_due", date, "is not a valid date");
    }
    const Issues issues = createWith("article", "review_due", "2023-02-29");
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].message == "article.review_due: '2023-02-29' is not a valid date (YYYY-MM-DD)");
    requireRefused("customer", "date_of_birth", 19800229, "must be a valid date");
}

TEST_CASE("timestamps are RFC 3339", "[schema]") {
    for (const char* at :
         {"2026-11-23T09:30:00Z", "2026-11-23T09:30:00.5Z", "2026-11-23T09:30:00.123456789Z",
          "2026-11-23T09:30:00+01:00", "2024-02-29T23:59:59-05:30", "2026-12-31T23:59:60Z"}) {
        requireAccepted("interaction", "occurred_at", at);
    }
    for (const char* at :
         {"2026-11-23 09:30:00Z", "2026-11-23T09:30:00", "2026-11-23T24:00:00Z", "2026-11-23T09:60:00Z",
          "2026-11-23T09:30:61Z", "2026-13-23T09:30:00Z", "2026-11-31T09:30:00Z", "2023-02-29T09:30:00Z",
          "2026-11-23T09:30:00.Z", "2026-11-23T09:30:00.1234567890Z", "2026-11-23T09:30:00+1:00",
          "2026-11-23T09:30:00+24:00", "2026-11-23T09:30:00+01:60", "2026-11-23T09:30:00Zjunk",
          "2026-11-23T9:30:00Z", "2026-11-23"}) {
        requireRefused("interaction", "occurred_at", at, "is not a timestamp");
    }
    requireRefused("access_log", "at", 1732354200, "must be a timestamp");
}

TEST_CASE("null clears optional fields but not required ones", "[schema]") {
    const Json& article = valid("article");
    CHECK(update("article", article, Json::parse(R"({"summary": null, "tags": null, "valid_to": null})"))
              .empty());
    CHECK(createWith("article", "summary", nullptr).empty());

    for (const Json& cleared : {Json(nullptr), Json(""), Json("   ")}) {
        const Issues issues = update("article", article, Json{{"title", cleared}});
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].field == "title");
        CHECK_THAT(issues[0].message, Catch::StartsWith("article.title: is required"));
    }
    CHECK(update("article", article, Json{{"kind", nullptr}}).size() == 1);
    CHECK(update("conflict", valid("conflict"), Json{{"winner", nullptr}}).size() == 1);
}

TEST_CASE("required fields are checked on create only", "[schema]") {
    const Issues missing = create("article", without(valid("article"), "title"));
    REQUIRE(missing.size() == 1);
    CHECK(missing[0] == ValidationIssue{"title", "article.title: is required"});
    CHECK(createWith("article", "title", nullptr) == missing);
    CHECK(createWith("article", "title", "  ") == missing);

    // An update writes only what changed.
    CHECK(update("article", valid("article"), Json{{"summary", "Shorter"}}).empty());
    CHECK(update("article", valid("article"), Json::object()).empty());

    const Issues nothing = create("customer", Json::object());
    REQUIRE(nothing.size() == 2);
    CHECK(nothing[0].message == "customer.branch: is required");
    CHECK(nothing[1].message == "customer.name: is required");
}

TEST_CASE("_deleted must be a boolean, a deletion alone needs no other field", "[schema]") {
    const Json& article = valid("article");
    CHECK(update("article", article, Json{{"_deleted", true}}).empty());
    CHECK(update("article", article, Json{{"_deleted", false}}).empty());
    CHECK(create("article", Json{{"_deleted", true}}).empty());
    CHECK(create("article", Json{{"_deleted", false}}).size() == 3);

    for (const Json& notBoolean : {Json("true"), Json(1), Json(nullptr)}) {
        const Issues issues = update("article", article, Json{{"_deleted", notBoolean}});
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].field == "_deleted");
        CHECK_THAT(issues[0].message, Catch::StartsWith("article._deleted: must be a boolean"));
    }
}

TEST_CASE("customer e-mail and phone", "[schema]") {
    const Issues issues = createWith("customer", "email", "abc");
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].message == "customer.email: 'abc' is not an e-mail address");
    for (const char* email :
         {"a@b", "ana souza@example.org", "ana@@example.org", "ana@b@example.org", "@example.org", "ana@.org",
          "ana@example.", "ana@example..org", " ana@example.org"}) {
        requireRefused("customer", "email", email, "is not an e-mail address");
    }
    for (const char* email : {"a@b.co", "ana.souza+billing@mail.example.org", ""}) {
        requireAccepted("customer", "email", email);
    }

    for (const char* phone : {"12345", "123456789012345678901", "12a456", "12+3456", "+", "phone: 123456",
                              "(+44) 20 7946 0958"}) {
        requireRefused("customer", "phone", phone, "is not a phone number");
    }
    for (const char* phone : {"123456", "+44 (0)20 7946-0958", "030.123.456", "12345678901234567890", ""}) {
        requireAccepted("customer", "phone", phone);
    }
    CHECK(hasIssue(update("customer", valid("customer"), Json{{"phone", "12"}}), "phone", "customer.phone"));
}

TEST_CASE("valid_to may not be before valid_from", "[schema]") {
    const Issues issues =
        create("article", with(with(valid("article"), "valid_from", "2026-06-01"), "valid_to", "2026-05-31"));
    REQUIRE(issues.size() == 1);
    CHECK(issues[0] ==
          ValidationIssue{"valid_to", "article.valid_to: 2026-05-31 is before valid_from 2026-06-01"});
    CHECK(
        create("article", with(with(valid("article"), "valid_from", "2026-06-01"), "valid_to", "2026-06-01"))
            .empty());

    // The existing value counts when only one side changes.
    const Json& article = valid("article"); // valid 2026-01-01 to 2026-12-31
    CHECK(hasIssue(update("article", article, Json{{"valid_to", "2025-12-31"}}), "valid_to",
                   "article.valid_to"));
    CHECK(hasIssue(update("article", article, Json{{"valid_from", "2027-01-01"}}), "valid_to", "valid_from"));
    CHECK(update("article", article, Json{{"valid_from", nullptr}, {"valid_to", "2025-12-31"}}).empty());
    // A record stored out of order can still be edited elsewhere.
    const Json stored = with(article, "valid_to", "2025-01-01");
    CHECK(update("article", stored, Json{{"summary", "x"}}).empty());
    // A malformed date is reported once, by its own check.
    CHECK(update("article", article, Json{{"valid_to", "2025-13-01"}}).size() == 1);
}

TEST_CASE("feedback scores fit their scale", "[schema]") {
    const Json& feedback = valid("feedback");
    const auto scored = [&](Json score, const char* scale) {
        return create("feedback", with(with(feedback, "score", std::move(score)), "scale", scale));
    };
    CHECK(scored(5, "csat").empty());
    CHECK(scored(1, "csat").empty());
    CHECK(scored(10, "nps").empty());
    CHECK(scored(0, "nps").empty());
    CHECK(scored(1, "helpful").empty());

    const Issues csat = scored(6, "csat");
    REQUIRE(csat.size() == 1);
    CHECK(csat[0].field == "score");
    CHECK_THAT(csat[0].message, Catch::StartsWith("feedback.score: 6 "));
    CHECK_THAT(csat[0].message, Catch::Contains("1 to 5"));
    CHECK(hasIssue(scored(0, "csat"), "score", "feedback.score"));
    CHECK(hasIssue(scored(4.5, "csat"), "score", "feedback.score"));
    CHECK(hasIssue(scored(11, "nps"), "score", "0 to 10"));
    CHECK(hasIssue(scored(-1, "nps"), "score", "feedback.score"));

    // Changing only the scale re-checks the stored score.
    const Json stored = with(with(feedback, "score", 9), "scale", "nps");
    CHECK(hasIssue(update("feedback", stored, Json{{"scale", "csat"}}), "score", "csat"));
    CHECK(update("feedback", stored, Json{{"comment", "thanks"}}).empty());
}

TEST_CASE("articles used in an interaction have a fixed shape", "[schema]") {
    requireAccepted("interaction", "articles_used", Json::array());
    requireAccepted(
        "interaction", "articles_used",
        Json::parse(R"([{"article_id": "a-1", "version": "v", "how": "image", "understood": false}])"));
    requireRefused("interaction", "articles_used", Json{{"article_id", "a-1"}}, "must be a list");
    requireRefused("interaction", "articles_used", Json::parse(R"([{"how": "verbal"}])"),
                   "[0] needs article_id");
    requireRefused("interaction", "articles_used",
                   Json::parse(R"([{"article_id": "a"}, {"article_id": "b", "how": "fax"}])"),
                   "[1] how must be verbal, written, electronic or image");
    requireRefused("interaction", "articles_used",
                   Json::parse(R"([{"article_id": "a", "understood": "yes"}])"),
                   "understood must be true or false");
    requireRefused("interaction", "articles_used", Json::parse(R"([{"article_id": "a", "note": "x"}])"),
                   "unknown member 'note'");
}

TEST_CASE("an identity check keeps the method and result, never the answers", "[schema]") {
    requireAccepted("interaction", "identity_check",
                    Json{{"method", "security_questions"}, {"result", "passed"}});
    requireRefused(
        "interaction", "identity_check",
        Json{{"method", "security_questions"}, {"result", "passed"}, {"answers", {"Rex", "Leeds"}}},
        "the answers to identity questions are never stored");
    requireRefused("interaction", "identity_check", Json{{"method", "document"}}, "needs result");
    requireRefused("interaction", "identity_check", Json{{"method", "document"}, {"result", "ok"}},
                   "result must be passed, failed or not_completed");
}

TEST_CASE("consent is recorded per purpose", "[schema]") {
    requireAccepted("customer", "consent",
                    Json::parse(R"({"marketing": {"basis": "consent", "granted": true, "source": "phone call",
                                    "captured_by": "ana", "at": "2026-11-23T09:30:00Z", "expires": "2027-11-23"},
                                    "billing": {"basis": "contract"}})"));
    requireRefused("customer", "consent", Json::parse(R"({"marketing": {"source": "web"}})"),
                   "customer.consent: .marketing needs basis");
    requireRefused("customer", "consent", Json::parse(R"({"marketing": {"basis": "because"}})"),
                   ".marketing basis must be consent, contract");
    requireRefused("customer", "consent", Json::parse(R"({"Marketing!": {"basis": "consent"}})"),
                   "purpose 'Marketing!' is not a valid name");
    requireRefused("customer", "consent",
                   Json::parse(R"({"marketing": {"basis": "consent", "expires": "soon"}})"),
                   "expires must be a date or timestamp");
}

TEST_CASE("a KPI's scope names its level and whom it measures", "[schema]") {
    requireAccepted("kpi", "scope", Json{{"level", "organisation"}});
    requireAccepted("kpi", "scope", Json{{"level", "person"}, {"value", "ana"}});
    requireRefused("kpi", "scope", Json{{"level", "team"}}, "needs value (which team)");
    requireRefused("kpi", "scope", Json{{"level", "planet"}, {"value", "x"}}, "level must be person, team");
    requireRefused("kpi", "tolerance", -0.1, "must not be negative");
    requireRefused("kpi", "metric", "fcr_rate", "must be one of");
}

TEST_CASE("all issues are reported at once, sorted by field", "[schema]") {
    const Json record = Json::parse(R"({"kind": "blog", "title": 5, "tags": "x", "valid_from": "2026-02-30",
                                        "_secret": 1, "colour": "red"})");
    const Issues issues = create("article", record, UnknownFields::Refuse);
    std::vector<std::string> fields;
    for (const ValidationIssue& issue : issues) {
        fields.push_back(issue.field);
        CHECK_THAT(issue.message, Catch::StartsWith("article." + issue.field + ": "));
    }
    CHECK(fields ==
          std::vector<std::string>{"_secret", "colour", "kind", "status", "tags", "title", "valid_from"});
    CHECK(registry().validateWrite("article", record, nullptr, UnknownFields::Refuse) == issues);

    const std::string line = describe(issues);
    CHECK_THAT(line, Catch::StartsWith(issues[0].message + "; " + issues[1].message + "; "));
    CHECK_THAT(line, Catch::EndsWith("; " + issues.back().message));
    CHECK(describe({}).empty());
    CHECK(describe({issues[0]}) == issues[0].message);
}

TEST_CASE("validation never throws and its messages are printable JSON strings", "[schema]") {
    const std::vector<Json> odd = {
        Json(nullptr),
        Json(true),
        Json(-1),
        Json(18446744073709551615ULL),
        Json(1e308),
        Json(std::nan("")),
        Json(""),
        Json(" "),
        Json("\xff\xfe"),
        Json(std::string("a\0b", 3)),
        Json(std::string(2000, 'x')),
        Json::array(),
        Json::array({nullptr, Json::object(), "\xc0\x80"}),
        Json::object(),
        Json::parse(R"({"nested": {"deeper": [1, 2, 3]}})"),
    };
    for (const CollectionSpec& collection : registry().collections()) {
        std::vector<std::string> names = {"", "_deleted", "_x", "\xff", std::string(100, 'n'), "unknown"};
        for (const FieldSpec& field : collection.fields) {
            names.push_back(field.name);
        }
        for (const std::string& name : names) {
            for (const Json& value : odd) {
                Json changed = Json::object();
                changed[name] = value;
                Issues issues;
                REQUIRE_NOTHROW(issues = registry().validateWrite(collection.name, changed, nullptr,
                                                                  UnknownFields::Refuse));
                REQUIRE_NOTHROW(issues = registry().validateWrite(collection.name, changed, &value));
                std::string dumped;
                REQUIRE_NOTHROW(dumped = Json(describe(issues)).dump());
            }
        }
    }
    REQUIRE_NOTHROW(registry().validateWrite(std::string("\xff\n", 2), Json::object(), nullptr));
    CHECK(Json(describe(registry().validateWrite("\xff", Json::object(), nullptr))).dump() ==
          R"("unknown collection '?'")");
}
