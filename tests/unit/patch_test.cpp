#include "knowset/core/patch.hpp"

#include <catch2/catch.hpp>

using knowset::DecodeErrorKind;
using knowset::Json;
using knowset::patchFromJson;
using knowset::RecordPatch;
using knowset::Version;

namespace {
Version version(std::uint64_t millis, std::uint64_t node) {
    return Version{knowset::Hlc::fromParts(millis, 0), knowset::NodeId(node)};
}
} // namespace

TEST_CASE("A record patch round-trips through JSON", "[patch]") {
    RecordPatch patch{"article", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", {}, {}};
    patch.fields.emplace("title", knowset::FieldChange{"Refunds", version(10, 1), std::nullopt});
    patch.fields.emplace(
        "tags", knowset::FieldChange{Json::array({"billing", "refund"}), version(10, 1), version(9, 2)});
    patch.seen.emplace("body", version(8, 3));

    const Json json = toJson(patch);
    CHECK(json["fields"]["title"]["base"].is_null());
    CHECK(json["fields"]["tags"]["base"] == "0000000000090000-0000000000000002");
    const auto decoded = patchFromJson(json);
    REQUIRE(decoded);
    CHECK(*decoded == patch);
}

TEST_CASE("A malformed patch is refused with the path of the fault", "[patch]") {
    const Json valid = Json::parse(
        R"({"c":"article","id":"a1","fields":{"title":{"v":"x","ver":"0000000000090000-0000000000000002"}}})");
    REQUIRE(patchFromJson(valid));

    auto refused = [&](Json json, DecodeErrorKind kind, const std::string& path) {
        const auto result = patchFromJson(json, "changes[0]");
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == kind);
        CHECK(result.error().path == path);
    };
    Json noCollection = valid;
    noCollection.erase("c");
    refused(noCollection, DecodeErrorKind::MissingField, "changes[0].c");

    Json badCollection = valid;
    badCollection["c"] = "Article!";
    refused(badCollection, DecodeErrorKind::InvalidValue, "changes[0].c");

    Json longId = valid;
    longId["id"] = std::string(200, 'a');
    refused(longId, DecodeErrorKind::InvalidValue, "changes[0].id");

    Json emptyFields = valid;
    emptyFields["fields"] = Json::object();
    refused(emptyFields, DecodeErrorKind::InvalidValue, "changes[0].fields");

    Json badVersion = valid;
    badVersion["fields"]["title"]["ver"] = "yesterday";
    refused(badVersion, DecodeErrorKind::InvalidValue, "changes[0].fields.title.ver");

    Json numericBase = valid;
    numericBase["fields"]["title"]["base"] = 12;
    refused(numericBase, DecodeErrorKind::WrongType, "changes[0].fields.title.base");

    Json missingValue = valid;
    missingValue["fields"]["title"].erase("v");
    refused(missingValue, DecodeErrorKind::MissingField, "changes[0].fields.title.v");

    Json badFieldName = valid;
    badFieldName["fields"]["Title"] = valid["fields"]["title"];
    refused(badFieldName, DecodeErrorKind::InvalidValue, "changes[0].fields.Title");
}

TEST_CASE("Patch: the size bound is never below the encoded size and exact without numbers", "[patch]") {
    const Version version{knowset::Hlc{0x0000018f00000001ULL}, knowset::NodeId{0x1234ULL}};
    RecordPatch patch;
    patch.collection = "article";
    patch.id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    patch.fields.emplace(
        "title", knowset::FieldChange{"Quotes \" and \\ and\ttabs\nand \x01 control", version, std::nullopt});
    patch.fields.emplace("tags", knowset::FieldChange{Json::array({"a", "ü", Json::object({{"k", nullptr}})}),
                                                      version, version});
    patch.fields.emplace("needs_review", knowset::FieldChange{true, version, std::nullopt});
    CHECK(knowset::encodedSizeBound(patch) == knowset::toJson(patch).dump().size());

    patch.seen.emplace("title", version);
    CHECK(knowset::encodedSizeBound(patch) == knowset::toJson(patch).dump().size());

    patch.fields.emplace("position", knowset::FieldChange{7, version, std::nullopt});
    patch.fields.emplace("score", knowset::FieldChange{-0.125, version, std::nullopt});
    const std::size_t encoded = knowset::toJson(patch).dump().size();
    CHECK(knowset::encodedSizeBound(patch) >= encoded);
    CHECK(knowset::encodedSizeBound(patch) <= encoded + 2 * 24);
}
