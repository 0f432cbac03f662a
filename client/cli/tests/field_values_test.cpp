#include <catch2/catch.hpp>

#include "client/cli/field_values.hpp"

using namespace knowset;
using namespace knowset::cli;

namespace {

const schema::SchemaRegistry& registry() {
    return schema::SchemaRegistry::builtin();
}

Json typed(std::string_view collection, std::string_view name, std::string_view text) {
    auto value = typedValue(registry(), collection, name, text);
    INFO(text);
    REQUIRE(value);
    return *value;
}

std::string refusal(std::string_view collection, std::string_view name, std::string_view text) {
    auto value = typedValue(registry(), collection, name, text);
    REQUIRE_FALSE(value);
    CHECK(value.error().code == ErrorCode::InvalidChange);
    return value.error().message;
}

} // namespace

TEST_CASE("Values: --set text-like fields take the value as written, even when it looks like JSON",
          "[cli][values]") {
    CHECK(typed("article", "title", "42") == Json("42"));
    CHECK(typed("article", "title", "\"quoted\"") == Json("\"quoted\""));
    CHECK(typed("article", "body", "two\nlines, and [brackets]") == Json("two\nlines, and [brackets]"));
    CHECK(typed("article", "status", "published") == Json("published"));
    CHECK(typed("article", "category_id", "0190a2b4-0000-7000-8000-000000000001") ==
          Json("0190a2b4-0000-7000-8000-000000000001"));
    CHECK(typed("article", "valid_from", "2026-11-23") == Json("2026-11-23"));
    CHECK(typed("article", "verified_at", "2026-11-23T09:30:00Z") == Json("2026-11-23T09:30:00Z"));
}

TEST_CASE("Values: --set other fields parse the value as JSON", "[cli][values]") {
    CHECK(typed("article", "tags", "[\"a\",\"b\"]") == Json::array({"a", "b"}));
    CHECK(typed("feedback", "score", "4") == Json(4));
    CHECK(typed("feedback", "score", "4.5") == Json(4.5));
    CHECK(typed("feedback", "helpful", "true") == Json(true));
    CHECK(typed("interaction", "handled_seconds", "95") == Json(95));
    CHECK(typed("customer", "preferences", "{\"contact\": \"email\"}") == Json{{"contact", "email"}});
}

TEST_CASE("Values: --set unknown fields are refused with the field named", "[cli][values]") {
    const std::string message = refusal("article", "colour", "red");
    CHECK(message.starts_with("article.colour: unknown field"));
    CHECK(message.find("title") != std::string::npos); // says which fields there are
    CHECK(refusal("article", "_deleted", "true").starts_with("article._deleted: unknown field"));
    CHECK(refusal("nonsense", "title", "x") == "unknown collection 'nonsense'");
}

TEST_CASE("Values: --set values of the wrong type are refused with the field named", "[cli][values]") {
    CHECK(refusal("article", "tags", "billing").starts_with("article.tags: 'billing' is not JSON"));
    CHECK(refusal("article", "tags", "42").find("article.tags") != std::string::npos);
    CHECK(refusal("feedback", "score", "\"four\"").find("feedback.score") != std::string::npos);
    CHECK(refusal("feedback", "helpful", "yes").find("feedback.helpful") != std::string::npos);
    CHECK(refusal("article", "status", "finished").find("article.status") != std::string::npos);
    CHECK(refusal("interaction", "handled_seconds", "1.5").find("interaction.handled_seconds") !=
          std::string::npos);
}

TEST_CASE("Values: --set NAME=VALUE splits at the first '='", "[cli][values]") {
    auto assignment = parseAssignment(registry(), "article", "summary=a=b");
    REQUIRE(assignment);
    CHECK(assignment->first == "summary");
    CHECK(assignment->second == Json("a=b"));

    auto empty = parseAssignment(registry(), "article", "summary=");
    REQUIRE(empty);
    CHECK(empty->second == Json(""));

    auto missing = parseAssignment(registry(), "article", "summary");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("NAME=VALUE") != std::string::npos);
    CHECK_FALSE(parseAssignment(registry(), "article", "=value"));
}

TEST_CASE("Values: valueText is what typedValue reads back", "[cli][values]") {
    const auto& article = *registry().collection("article");
    const auto& feedback = *registry().collection("feedback");
    const auto& interaction = *registry().collection("interaction");
    const std::vector<std::tuple<const schema::CollectionSpec*, std::string, Json>> cases{
        {&article, "title", Json("[not json]")},
        {&article, "tags", Json::array({"a", "b,c"})},
        {&feedback, "score", Json(3.5)},
        {&feedback, "helpful", Json(false)},
        {&interaction, "articles_used", Json::array({{{"article_id", "x"}, {"how", "verbal"}}})},
        {&interaction, "identity_check", Json::object({{"method", "document"}, {"result", "passed"}})},
    };
    for (const auto& [spec, name, value] : cases) {
        const std::string text = valueText(spec->field(name), value);
        INFO(name << " = " << text);
        CHECK(typed(spec->name, name, text) == value);
    }
    CHECK(valueText(nullptr, Json("unknown field text")) == "unknown field text");
    CHECK(valueText(nullptr, Json(7)) == "7");
}

TEST_CASE("Values: --tags a comma-separated list", "[cli][values]") {
    CHECK(commaList("billing, refunds ,,vat") == Json::array({"billing", "refunds", "vat"}));
    CHECK(commaList("") == Json::array());
    CHECK(commaList("one") == Json::array({"one"}));
}
