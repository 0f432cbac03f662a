// The strict protocol decoder against malformed and hostile input: each case names the exact
// DecodeErrorKind (and path) expected, and mutated or random input must never throw.
#include "knowset/protocol/codec.hpp"
#include "knowset/protocol/json_prescan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace knowset;
using namespace knowset::protocol;
using Kind = DecodeErrorKind;

constexpr const char* kVersion = "0193a1b2c3d40000-8f3e2a1b4c5d6e7f";
constexpr const char* kBase = "01939f0e11220000-1a2b3c4d5e6f7081";
constexpr const char* kUuid = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

// Valid messages; each malformed case below changes one thing in one of them.
Json validHello() {
    return Json::parse(R"({"type":"hello","id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","protocol":1,
        "node":"8f3e2a1b4c5d6e7f","schema":1,"cursor":0,"auth":{"token":"ks1.abc"}})");
}

Json validWelcome() {
    return Json::parse(R"({"type":"welcome","id":"h1","server":"knowset-server/0.1.0","user":"maria",
        "roles":["agent","supervisor"],"branches":["north"],"time":1732345678901})");
}

Json validPush() {
    return Json::parse(R"({"type":"push","id":"p1","seq_from":1,"changes":[{"c":"article",
        "id":"0193a1b0-0a1b-7c2d-8e3f-405162738495","fields":{"title":{"v":"PIN reset",
        "ver":"0193a1b2c3d40000-8f3e2a1b4c5d6e7f","base":"01939f0e11220000-1a2b3c4d5e6f7081"}}}]})");
}

Json validAck() {
    return Json::parse(R"({"type":"ack","id":"p1","through":1,"conflicts":["cf-1"]})");
}

Json validPull() {
    return Json::parse(R"({"type":"pull","id":"q1","cursor":0,"limit":500})");
}

Json validChanges() {
    return Json::parse(R"({"type":"changes","id":"q1","records":[],"cursor":10,"more":false})");
}

Json validHistory() {
    return Json::parse(
        R"({"type":"history","id":"r1","c":"customer","rid":"0193a0ff-1e2d-7c3b-9a48-5766554433aa"})");
}

Json validRecordHistory() {
    return Json::parse(R"({"type":"record_history","id":"r1","c":"customer","rid":"x","entries":[
        {"field":"phone","value":"+44 20 7946 0958","version":"0193a1b2c3d40000-8f3e2a1b4c5d6e7f",
         "seq":48402,"author":"maria","received_at":1732345680123}]})");
}

Json validResolve() {
    return Json::parse(R"({"type":"resolve","id":"s1","conflict":"cf-1","value":"merged"})");
}

Json validRevoke() {
    return Json::parse(R"({"type":"revoke","records":[{"c":"customer","id":"x"}]})");
}

Json validError() {
    return Json::parse(R"({"type":"error","code":"forbidden","message":"not yours","ref":"p1"})");
}

// `json` with the member at `pointer` (e.g. "/changes/0/c") set to `value`.
std::string with(Json json, const std::string& pointer, Json value) {
    json[Json::json_pointer(pointer)] = std::move(value);
    return json.dump();
}

// `json` without the member at `pointer`.
std::string without(Json json, const std::string& pointer) {
    const Json::json_pointer path(pointer);
    json[path.parent_pointer()].erase(path.back());
    return json.dump();
}

struct Case {
    std::string name;
    std::string text;
    Kind kind;
    std::string path; // "*": not checked
};

std::string pushWithChanges(std::size_t count) {
    Json push = validPush();
    const Json change = push["changes"][0];
    push["changes"] = Json::array();
    for (std::size_t i = 0; i < count; ++i) {
        push["changes"].push_back(change);
    }
    return push.dump();
}

std::vector<Case> malformedCases() {
    const std::string tooLong(257, 'x');
    return {
        // Not JSON, or not valid JSON.
        {"empty string", "", Kind::InvalidJson, ""},
        {"only whitespace", " \n\t ", Kind::InvalidJson, ""},
        {"truncated object", "{", Kind::InvalidJson, ""},
        {"truncated push", validPush().dump().substr(0, 60), Kind::InvalidJson, ""},
        {"truncated inside a string", R"({"type":"pull","id":"q1)", Kind::InvalidJson, ""},
        {"trailing garbage", validPull().dump() + " x", Kind::InvalidJson, ""},
        {"two objects", "{}{}", Kind::InvalidJson, ""},
        {"comment", "/* hi */" + validPull().dump(), Kind::InvalidJson, ""},
        {"single quotes", "{'type':'pull'}", Kind::InvalidJson, ""},
        {"NaN literal", R"({"type":"pull","id":"q1","cursor":NaN,"limit":1})", Kind::InvalidJson, ""},
        {"trailing comma", R"({"type":"pull","id":"q1","cursor":0,"limit":1,})", Kind::InvalidJson, ""},
        {"leading zero", R"({"type":"pull","id":"q1","cursor":01,"limit":1})", Kind::InvalidJson, ""},
        {"raw NUL byte", std::string("{\"type\":\0\"pull\"}", 16), Kind::InvalidJson, ""},
        {"raw control character in a string", "{\"type\":\"pu\x01ll\"}", Kind::InvalidJson, ""},
        {"invalid UTF-8: truncated sequence",
         "{\"type\":\"error\",\"code\":\"internal\",\"message\":\"caf\xC3\"}", Kind::InvalidJson, ""},
        {"invalid UTF-8: lone continuation byte",
         "{\"type\":\"error\",\"code\":\"internal\",\"message\":\"\x80\"}", Kind::InvalidJson, ""},
        {"invalid UTF-8: overlong encoding",
         "{\"type\":\"error\",\"code\":\"internal\",\"message\":\"\xC0\xAF\"}", Kind::InvalidJson, ""},
        {"invalid UTF-8: encoded surrogate",
         "{\"type\":\"error\",\"code\":\"internal\",\"message\":\"\xED\xA0\x80\"}", Kind::InvalidJson, ""},
        {"invalid UTF-8: 0xFF", "{\"type\":\"pull\xFF\"}", Kind::InvalidJson, ""},
        {"lone surrogate escape", R"({"type":"error","code":"internal","message":"\ud800"})",
         Kind::InvalidJson, ""},
        {"duplicate member", R"({"type":"pull","id":"q1","cursor":0,"cursor":5,"limit":1})",
         Kind::InvalidJson, ""},
        {"duplicate member inside a field value",
         R"({"type":"resolve","id":"s1","conflict":"cf-1","value":{"city":"Leeds","city":"York"}})",
         Kind::InvalidJson, ""},
        {"duplicate type", R"({"type":"pull","type":"ack","id":"q1","cursor":0,"limit":1})",
         Kind::InvalidJson, ""},

        // Not an object, or no usable type.
        {"array", "[]", Kind::NotAnObject, ""},
        {"array of a message", "[" + validPull().dump() + "]", Kind::NotAnObject, ""},
        {"number", "42", Kind::NotAnObject, ""},
        {"string", R"("hello")", Kind::NotAnObject, ""},
        {"null", "null", Kind::NotAnObject, ""},
        {"boolean", "true", Kind::NotAnObject, ""},
        {"empty object", "{}", Kind::MissingField, "type"},
        {"missing type", without(validPull(), "/type"), Kind::MissingField, "type"},
        {"type is a number", with(validPull(), "/type", 1), Kind::WrongType, "type"},
        {"type is null", with(validPull(), "/type", nullptr), Kind::WrongType, "type"},
        {"type is an array", with(validPull(), "/type", Json::array({"pull"})), Kind::WrongType, "type"},
        {"unknown type", with(validPull(), "/type", "subscribe"), Kind::UnknownType, "type"},
        {"type in upper case", with(validHello(), "/type", "HELLO"), Kind::UnknownType, "type"},
        {"empty type", with(validPull(), "/type", ""), Kind::UnknownType, "type"},

        // hello
        {"hello without id", without(validHello(), "/id"), Kind::MissingField, "id"},
        {"hello without protocol", without(validHello(), "/protocol"), Kind::MissingField, "protocol"},
        {"hello without node", without(validHello(), "/node"), Kind::MissingField, "node"},
        {"hello without schema", without(validHello(), "/schema"), Kind::MissingField, "schema"},
        {"hello without cursor", without(validHello(), "/cursor"), Kind::MissingField, "cursor"},
        {"hello without auth", without(validHello(), "/auth"), Kind::MissingField, "auth"},
        {"hello id is a number", with(validHello(), "/id", 7), Kind::WrongType, "id"},
        {"hello id is empty", with(validHello(), "/id", ""), Kind::InvalidValue, "id"},
        {"hello id too long", with(validHello(), "/id", tooLong), Kind::TooLarge, "id"},
        {"hello id with a control character", with(validHello(), "/id", std::string("a\0b", 3)),
         Kind::InvalidValue, "id"},
        {"protocol 2", with(validHello(), "/protocol", 2), Kind::InvalidValue, "protocol"},
        {"protocol 0", with(validHello(), "/protocol", 0), Kind::InvalidValue, "protocol"},
        {"protocol as a string", with(validHello(), "/protocol", "1"), Kind::WrongType, "protocol"},
        {"protocol as a float",
         R"({"type":"hello","id":"h","protocol":1.0,"node":"8f3e2a1b4c5d6e7f","schema":1,
            "cursor":0,"auth":{"token":"t"}})",
         Kind::WrongType, "protocol"},
        {"protocol as a bool", with(validHello(), "/protocol", true), Kind::WrongType, "protocol"},
        {"node in upper case", with(validHello(), "/node", "8F3E2A1B4C5D6E7F"), Kind::InvalidValue, "node"},
        {"node too short", with(validHello(), "/node", "8f3e2a1b"), Kind::InvalidValue, "node"},
        {"node as a number", with(validHello(), "/node", 12345), Kind::WrongType, "node"},
        {"schema 0", with(validHello(), "/schema", 0), Kind::InvalidValue, "schema"},
        {"schema beyond int", with(validHello(), "/schema", 4294967296LL), Kind::InvalidValue, "schema"},
        {"negative cursor", with(validHello(), "/cursor", -1), Kind::InvalidValue, "cursor"},
        {"cursor just beyond int64",
         R"({"type":"hello","id":"h","protocol":1,"node":"8f3e2a1b4c5d6e7f","schema":1,
            "cursor":9223372036854775808,"auth":{"token":"t"}})",
         Kind::TooLarge, "cursor"},
        {"cursor beyond uint64",
         R"({"type":"hello","id":"h","protocol":1,"node":"8f3e2a1b4c5d6e7f","schema":1,
            "cursor":18446744073709551616,"auth":{"token":"t"}})",
         Kind::TooLarge, "cursor"},
        {"cursor 1e300", R"({"type":"hello","id":"h","protocol":1,"node":"8f3e2a1b4c5d6e7f","schema":1,
            "cursor":1e300,"auth":{"token":"t"}})",
         Kind::TooLarge, "cursor"},
        {"cursor below int64", R"({"type":"hello","id":"h","protocol":1,"node":"8f3e2a1b4c5d6e7f","schema":1,
            "cursor":-9223372036854775809,"auth":{"token":"t"}})",
         Kind::TooLarge, "cursor"},
        {"cursor with exponent",
         R"({"type":"hello","id":"h","protocol":1,"node":"8f3e2a1b4c5d6e7f","schema":1,
            "cursor":1e3,"auth":{"token":"t"}})",
         Kind::WrongType, "cursor"},
        {"cursor is null", with(validHello(), "/cursor", nullptr), Kind::WrongType, "cursor"},
        {"auth is an array", with(validHello(), "/auth", Json::array()), Kind::NotAnObject, "auth"},
        {"auth is a string", with(validHello(), "/auth", "token"), Kind::NotAnObject, "auth"},
        {"auth is empty", with(validHello(), "/auth", Json::object()), Kind::MissingField, "auth.token"},
        {"auth with token and password", with(validHello(), "/auth/user", "maria"), Kind::InvalidValue,
         "auth"},
        {"auth user without password", with(validHello(), "/auth", Json{{"user", "maria"}}),
         Kind::MissingField, "auth.password"},
        {"auth password without user", with(validHello(), "/auth", Json{{"password", "pw"}}),
         Kind::MissingField, "auth.user"},
        {"auth empty password", with(validHello(), "/auth", Json{{"user", "maria"}, {"password", ""}}),
         Kind::InvalidValue, "auth.password"},
        {"auth password too long",
         with(validHello(), "/auth", Json{{"user", "maria"}, {"password", std::string(1025, 'p')}}),
         Kind::TooLarge, "auth.password"},
        {"auth empty token", with(validHello(), "/auth/token", ""), Kind::InvalidValue, "auth.token"},
        {"auth token too long", with(validHello(), "/auth/token", tooLong), Kind::TooLarge, "auth.token"},
        {"auth token is a number", with(validHello(), "/auth/token", 5), Kind::WrongType, "auth.token"},

        // welcome
        {"welcome without time", without(validWelcome(), "/time"), Kind::MissingField, "time"},
        {"welcome without roles", without(validWelcome(), "/roles"), Kind::MissingField, "roles"},
        {"welcome without server", without(validWelcome(), "/server"), Kind::MissingField, "server"},
        {"welcome with an unknown role", with(validWelcome(), "/roles/1", "root"), Kind::InvalidValue,
         "roles[1]"},
        {"welcome with a role in upper case", with(validWelcome(), "/roles/0", "Agent"), Kind::InvalidValue,
         "roles[0]"},
        {"welcome with a role twice", with(validWelcome(), "/roles/1", "agent"), Kind::InvalidValue,
         "roles[1]"},
        {"welcome roles as a string", with(validWelcome(), "/roles", "agent"), Kind::WrongType, "roles"},
        {"welcome roles as an object", with(validWelcome(), "/roles", Json::object()), Kind::WrongType,
         "roles"},
        {"welcome branch as a number", with(validWelcome(), "/branches/0", 1), Kind::WrongType,
         "branches[0]"},
        {"welcome time as a string", with(validWelcome(), "/time", "now"), Kind::WrongType, "time"},
        {"welcome negative time", with(validWelcome(), "/time", -5), Kind::InvalidValue, "time"},
        {"welcome max_message 0", with(validWelcome(), "/max_message", 0), Kind::InvalidValue, "max_message"},
        {"welcome token as a number", with(validWelcome(), "/token", 1), Kind::WrongType, "token"},

        // push
        {"push without seq_from", without(validPush(), "/seq_from"), Kind::MissingField, "seq_from"},
        {"push without changes", without(validPush(), "/changes"), Kind::MissingField, "changes"},
        {"push seq_from 0", with(validPush(), "/seq_from", 0), Kind::InvalidValue, "seq_from"},
        {"push seq_from negative", with(validPush(), "/seq_from", -5), Kind::InvalidValue, "seq_from"},
        {"push seq_from as a string", with(validPush(), "/seq_from", "1"), Kind::WrongType, "seq_from"},
        {"push seq_from as a float", with(validPush(), "/seq_from", 1.5), Kind::WrongType, "seq_from"},
        {"push whose journal numbers overflow",
         with(Json::parse(pushWithChanges(2)), "/seq_from", 9223372036854775807LL), Kind::InvalidValue,
         "seq_from"},
        {"push with no changes", with(validPush(), "/changes", Json::array()), Kind::InvalidValue, "changes"},
        {"push changes as an object", with(validPush(), "/changes", Json::object()), Kind::WrongType,
         "changes"},
        {"push change that is a number", with(validPush(), "/changes/0", 1), Kind::NotAnObject, "changes[0]"},
        {"push change without collection", without(validPush(), "/changes/0/c"), Kind::MissingField,
         "changes[0].c"},
        {"push change without id", without(validPush(), "/changes/0/id"), Kind::MissingField,
         "changes[0].id"},
        {"push change without fields", without(validPush(), "/changes/0/fields"), Kind::MissingField,
         "changes[0].fields"},
        {"push change with an empty fields object", with(validPush(), "/changes/0/fields", Json::object()),
         Kind::InvalidValue, "changes[0].fields"},
        {"push change with fields as an array", with(validPush(), "/changes/0/fields", Json::array()),
         Kind::WrongType, "changes[0].fields"},
        {"push bad collection name", with(validPush(), "/changes/0/c", "Article"), Kind::InvalidValue,
         "changes[0].c"},
        {"push bad field name (upper case)",
         with(validPush(), "/changes/0/fields",
              Json{{"Title", validPush()["changes"][0]["fields"]["title"]}}),
         Kind::InvalidValue, "changes[0].fields.Title"},
        {"push bad field name (leading digit)",
         with(validPush(), "/changes/0/fields",
              Json{{"1title", validPush()["changes"][0]["fields"]["title"]}}),
         Kind::InvalidValue, "changes[0].fields.1title"},
        {"push bad field name (dash)",
         with(validPush(), "/changes/0/fields",
              Json{{"parent-id", validPush()["changes"][0]["fields"]["title"]}}),
         Kind::InvalidValue, "changes[0].fields.parent-id"},
        {"push field change not an object", with(validPush(), "/changes/0/fields/title", "x"),
         Kind::NotAnObject, "changes[0].fields.title"},
        {"push field change without value", without(validPush(), "/changes/0/fields/title/v"),
         Kind::MissingField, "changes[0].fields.title.v"},
        {"push field change without version", without(validPush(), "/changes/0/fields/title/ver"),
         Kind::MissingField, "changes[0].fields.title.ver"},
        {"push version not a version", with(validPush(), "/changes/0/fields/title/ver", "yesterday"),
         Kind::InvalidValue, "changes[0].fields.title.ver"},
        {"push version in upper-case hex",
         with(validPush(), "/changes/0/fields/title/ver", "0193A1B2C3D40000-8F3E2A1B4C5D6E7F"),
         Kind::InvalidValue, "changes[0].fields.title.ver"},
        {"push version without dash",
         with(validPush(), "/changes/0/fields/title/ver", "0193a1b2c3d400008f3e2a1b4c5d6e7f"),
         Kind::InvalidValue, "changes[0].fields.title.ver"},
        {"push version too short", with(validPush(), "/changes/0/fields/title/ver", "0193a1b2c3d40000-8f3e"),
         Kind::InvalidValue, "changes[0].fields.title.ver"},
        {"push version with a non-hex digit",
         with(validPush(), "/changes/0/fields/title/ver", "0193a1b2c3d4000g-8f3e2a1b4c5d6e7f"),
         Kind::InvalidValue, "changes[0].fields.title.ver"},
        {"push version as a number", with(validPush(), "/changes/0/fields/title/ver", 42), Kind::WrongType,
         "changes[0].fields.title.ver"},
        {"push base not a version", with(validPush(), "/changes/0/fields/title/base", "0193a1b2c3d40000"),
         Kind::InvalidValue, "changes[0].fields.title.base"},
        {"push seen not an object", with(validPush(), "/changes/0/seen", Json::array()), Kind::WrongType,
         "changes[0].seen"},
        {"push too many changes", pushWithChanges(10001), Kind::TooLarge, "changes"},

        // ack
        {"ack without conflicts", without(validAck(), "/conflicts"), Kind::MissingField, "conflicts"},
        {"ack without through", without(validAck(), "/through"), Kind::MissingField, "through"},
        {"ack negative through", with(validAck(), "/through", -1), Kind::InvalidValue, "through"},
        {"ack empty conflict id", with(validAck(), "/conflicts/0", ""), Kind::InvalidValue, "conflicts[0]"},
        {"ack conflicts as a string", with(validAck(), "/conflicts", "cf-1"), Kind::WrongType, "conflicts"},

        // pull
        {"pull limit 0", with(validPull(), "/limit", 0), Kind::InvalidValue, "limit"},
        {"pull limit 10001", with(validPull(), "/limit", 10001), Kind::InvalidValue, "limit"},
        {"pull limit 100001", with(validPull(), "/limit", 100001), Kind::InvalidValue, "limit"},
        {"pull limit negative", with(validPull(), "/limit", -1), Kind::InvalidValue, "limit"},
        {"pull limit as a float", with(validPull(), "/limit", 2.5), Kind::WrongType, "limit"},
        {"pull limit as a bool", with(validPull(), "/limit", false), Kind::WrongType, "limit"},
        {"pull without limit", without(validPull(), "/limit"), Kind::MissingField, "limit"},
        {"pull negative cursor", with(validPull(), "/cursor", -1), Kind::InvalidValue, "cursor"},
        {"pull cursor as a string", with(validPull(), "/cursor", "0"), Kind::WrongType, "cursor"},
        {"pull cursor as an object", with(validPull(), "/cursor", Json::object()), Kind::WrongType, "cursor"},
        {"pull without id", without(validPull(), "/id"), Kind::MissingField, "id"},

        // changes
        {"changes without records", without(validChanges(), "/records"), Kind::MissingField, "records"},
        {"changes without more", without(validChanges(), "/more"), Kind::MissingField, "more"},
        {"changes without cursor", without(validChanges(), "/cursor"), Kind::MissingField, "cursor"},
        {"changes more as a string", with(validChanges(), "/more", "yes"), Kind::WrongType, "more"},
        {"changes more as a number", with(validChanges(), "/more", 1), Kind::WrongType, "more"},
        {"changes id as a number", with(validChanges(), "/id", 5), Kind::WrongType, "id"},
        {"changes records as an object", with(validChanges(), "/records", Json::object()), Kind::WrongType,
         "records"},
        {"changes with a bad record", with(validChanges(), "/records", Json::array({Json{{"c", "article"}}})),
         Kind::MissingField, "records[0].id"},

        // history
        {"history without rid", without(validHistory(), "/rid"), Kind::MissingField, "rid"},
        {"history without c", without(validHistory(), "/c"), Kind::MissingField, "c"},
        {"history bad collection", with(validHistory(), "/c", "Customer"), Kind::InvalidValue, "c"},
        {"history rid too long", with(validHistory(), "/rid", std::string(129, 'r')), Kind::TooLarge, "rid"},
        {"history empty rid", with(validHistory(), "/rid", ""), Kind::InvalidValue, "rid"},

        // record_history
        {"record_history entries missing", without(validRecordHistory(), "/entries"), Kind::MissingField,
         "entries"},
        {"record_history entries as an object", with(validRecordHistory(), "/entries", Json::object()),
         Kind::WrongType, "entries"},
        {"record_history entry not an object", with(validRecordHistory(), "/entries/0", "phone"),
         Kind::NotAnObject, "entries[0]"},
        {"record_history entry without seq", without(validRecordHistory(), "/entries/0/seq"),
         Kind::MissingField, "entries[0].seq"},
        {"record_history entry without value", without(validRecordHistory(), "/entries/0/value"),
         Kind::MissingField, "entries[0].value"},
        {"record_history entry seq 0", with(validRecordHistory(), "/entries/0/seq", 0), Kind::InvalidValue,
         "entries[0].seq"},
        {"record_history entry bad version",
         with(validRecordHistory(), "/entries/0/version", "0193A1B2C3D40000-8f3e2a1b4c5d6e7f"),
         Kind::InvalidValue, "entries[0].version"},
        {"record_history entry bad field name", with(validRecordHistory(), "/entries/0/field", "Phone"),
         Kind::InvalidValue, "entries[0].field"},
        {"record_history entry received_at as a float",
         with(validRecordHistory(), "/entries/0/received_at", 1.5), Kind::WrongType,
         "entries[0].received_at"},

        // resolve, resolved
        {"resolve without value", without(validResolve(), "/value"), Kind::MissingField, "value"},
        {"resolve without conflict", without(validResolve(), "/conflict"), Kind::MissingField, "conflict"},
        {"resolve conflict as an array", with(validResolve(), "/conflict", Json::array()), Kind::WrongType,
         "conflict"},
        {"resolved without conflict", R"({"type":"resolved","id":"s1"})", Kind::MissingField, "conflict"},
        {"resolved without id", R"({"type":"resolved","conflict":"cf-1"})", Kind::MissingField, "id"},

        // revoke
        {"revoke with no records", with(validRevoke(), "/records", Json::array()), Kind::InvalidValue,
         "records"},
        {"revoke without records", R"({"type":"revoke"})", Kind::MissingField, "records"},
        {"revoke record without collection", without(validRevoke(), "/records/0/c"), Kind::MissingField,
         "records[0].c"},
        {"revoke record as an array", with(validRevoke(), "/records/0", Json::array()), Kind::NotAnObject,
         "records[0]"},

        // error
        {"error with an unknown code", with(validError(), "/code", "teapot"), Kind::InvalidValue, "code"},
        {"error code in upper case", with(validError(), "/code", "FORBIDDEN"), Kind::InvalidValue, "code"},
        {"error code as a number", with(validError(), "/code", 500), Kind::WrongType, "code"},
        {"error without code", without(validError(), "/code"), Kind::MissingField, "code"},
        {"error without message", without(validError(), "/message"), Kind::MissingField, "message"},
        {"error ref as a number", with(validError(), "/ref", 1), Kind::WrongType, "ref"},
        {"error message too long", with(validError(), "/message", std::string(16385, 'm')), Kind::TooLarge,
         "message"},
    };
}

Expected<Message, DecodeError> decodeNoThrow(const std::string& text, const DecodeLimits& limits = {}) {
    try {
        return decode(text, limits);
    } catch (...) {
        FAIL("decode threw on input of " << text.size() << " bytes");
        throw;
    }
}

std::vector<std::string> goldenTexts() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(KNOWSET_TEST_DATA_DIR) / "protocol")) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> texts;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        texts.push_back(text.str());
        texts.push_back(Json::parse(texts.back()).dump()); // the compact form too
    }
    return texts;
}

} // namespace

TEST_CASE("the valid bases of the malformed cases decode", "[protocol][codec]") {
    for (const Json& json :
         {validHello(), validWelcome(), validPush(), validAck(), validPull(), validChanges(), validHistory(),
          validRecordHistory(), validResolve(), validRevoke(), validError()}) {
        INFO(json.dump());
        const auto decoded = decodeNoThrow(json.dump());
        if (!decoded) {
            FAIL(decoded.error().describe());
        }
        CHECK(toJson(*decoded) == json);
    }
}

TEST_CASE("malformed messages are refused with the exact error kind", "[protocol][codec]") {
    const auto cases = malformedCases();
    REQUIRE(cases.size() >= 30);
    std::vector<std::string> texts;
    for (const Case& c : cases) {
        texts.push_back(c.text);
    }
    std::sort(texts.begin(), texts.end());
    CHECK(std::adjacent_find(texts.begin(), texts.end()) == texts.end()); // every input is distinct

    for (const Case& c : cases) {
        INFO("case: " << c.name);
        INFO("input: " << (c.text.size() > 300 ? c.text.substr(0, 300) + "..." : c.text));
        const auto decoded = decodeNoThrow(c.text);
        REQUIRE_FALSE(decoded.hasValue());
        const DecodeError& error = decoded.error();
        INFO("got: " << toString(error.kind) << " " << error.describe());
        CHECK(error.kind == c.kind);
        if (c.path != "*") {
            CHECK(error.path == c.path);
        }
        CHECK_FALSE(error.message.empty());
        CHECK(errorCodeFor(error) == (c.kind == Kind::TooLarge || c.kind == Kind::TooDeep
                                          ? ErrorCode::TooLarge
                                          : ErrorCode::Protocol));
    }
}

TEST_CASE("parse errors report the byte position", "[protocol][codec]") {
    const auto decoded = decodeNoThrow(R"({"type":"pull",,"id":"q"})");
    REQUIRE_FALSE(decoded.hasValue());
    CHECK(decoded.error().kind == Kind::InvalidJson);
    CHECK(decoded.error().message.find("at byte 16") != std::string::npos);
}

TEST_CASE("a parse error quotes the bytes it read in printable ASCII", "[protocol][codec]") {
    // Found by the protocol_decode fuzz target: the parser's "last read" excerpt carried the
    // sender's invalid UTF-8 (and DEL) into the error text that is logged and sent back.
    const auto decoded = decodeNoThrow("{\"type\":\"pull\",\"id\":\"q\x7f\xC3(\"}");
    REQUIRE_FALSE(decoded.hasValue());
    CHECK(decoded.error().kind == Kind::InvalidJson);
    const std::string& message = decoded.error().message;
    CHECK(message.find("last read") != std::string::npos);
    CHECK(std::all_of(message.begin(), message.end(), [](char c) { return c >= 0x20 && c < 0x7f; }));
}

TEST_CASE("an unknown type is quoted safely in the error", "[protocol][codec]") {
    const auto decoded = decodeNoThrow(with(validPull(), "/type", std::string(1000, 'z') + "\n"));
    REQUIRE_FALSE(decoded.hasValue());
    CHECK(decoded.error().kind == Kind::UnknownType);
    CHECK(decoded.error().message.size() < 200);
    CHECK(decoded.error().message.find('\n') == std::string::npos);
}

TEST_CASE("optional members may be absent or null, unknown members are ignored", "[protocol][codec]") {
    SECTION("changes without id is a live update") {
        const auto decoded = decodeNoThrow(without(validChanges(), "/id"));
        REQUIRE(decoded.hasValue());
        CHECK_FALSE(std::get<Changes>(*decoded).id.has_value());
    }
    SECTION("null optional members") {
        const auto changes = decodeNoThrow(with(validChanges(), "/id", nullptr));
        REQUIRE(changes.hasValue());
        CHECK_FALSE(std::get<Changes>(*changes).id.has_value());
        const auto error = decodeNoThrow(with(validError(), "/ref", nullptr));
        REQUIRE(error.hasValue());
        CHECK_FALSE(std::get<ErrorMessage>(*error).ref.has_value());
        const auto welcome = decodeNoThrow(with(validWelcome(), "/token", nullptr));
        REQUIRE(welcome.hasValue());
    }
    SECTION("extra members from a newer peer") {
        Json pull = validPull();
        pull["priority"] = "high";
        pull["filters"] = Json{{"collections", {"article"}}};
        const auto decoded = decodeNoThrow(pull.dump());
        REQUIRE(decoded.hasValue());
        CHECK(std::get<Pull>(*decoded).limit == 500);
    }
    SECTION("a resolution may be null") {
        const auto decoded = decodeNoThrow(with(validResolve(), "/value", nullptr));
        REQUIRE(decoded.hasValue());
        CHECK(std::get<Resolve>(*decoded).value.is_null());
    }
    SECTION("a UTF-8 byte order mark and surrounding whitespace") {
        const auto decoded = decodeNoThrow("\xEF\xBB\xBF\n  " + validPull().dump() + "  \n");
        CHECK(decoded.hasValue());
    }
}

TEST_CASE("limits: size before parsing, bounds on arrays", "[protocol][codec]") {
    SECTION("text over maxMessageBytes") {
        DecodeLimits limits;
        limits.maxMessageBytes = 64;
        const std::string text = validPush().dump();
        REQUIRE(text.size() > 64);
        const auto decoded = decodeNoThrow(text, limits);
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooLarge);
        CHECK(decoded.error().path.empty());
        CHECK(errorCodeFor(decoded.error()) == ErrorCode::TooLarge);
    }
    SECTION("oversized garbage is refused for its size, not parsed") {
        const std::string text(4 * 1024 * 1024 + 1, '{');
        const auto decoded = decodeNoThrow(text);
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooLarge);
    }
    SECTION("exactly maxMessageBytes is accepted") {
        const std::string text = validPull().dump();
        DecodeLimits limits;
        limits.maxMessageBytes = text.size();
        CHECK(decodeNoThrow(text, limits).hasValue());
    }
    SECTION("exactly maxChanges changes is accepted") {
        DecodeLimits limits;
        limits.maxChanges = 3;
        CHECK(decodeNoThrow(pushWithChanges(3), limits).hasValue());
        const auto decoded = decodeNoThrow(pushWithChanges(4), limits);
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooLarge);
        CHECK(decoded.error().path == "changes");
    }
    SECTION("maxItems bounds the other arrays") {
        DecodeLimits limits;
        limits.maxItems = 2;
        const auto decoded =
            decodeNoThrow(with(validAck(), "/conflicts", Json::array({"a", "b", "c"})), limits);
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooLarge);
        CHECK(decoded.error().path == "conflicts");
    }
}

TEST_CASE("nesting depth is checked before parsing", "[protocol][codec]") {
    SECTION("10000 nested arrays are TooDeep, quickly") {
        const auto start = std::chrono::steady_clock::now();
        const auto decoded = decodeNoThrow(std::string(10000, '['));
        const auto elapsed = std::chrono::steady_clock::now() - start;
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooDeep);
        CHECK(elapsed < std::chrono::milliseconds(200));
    }
    SECTION("4 MiB of nested objects are TooDeep, quickly") {
        std::string text;
        for (int i = 0; i < 800000; ++i) { // 4,000,000 bytes: under the size limit
            text += "{\"a\":";
        }
        const auto start = std::chrono::steady_clock::now();
        const auto decoded = decodeNoThrow(text);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooDeep);
        CHECK(elapsed < std::chrono::milliseconds(200));
    }
    SECTION("a deep field value inside a push") {
        Json value = "leaf";
        for (int i = 0; i < 40; ++i) {
            value = Json::array({value});
        }
        const auto decoded = decodeNoThrow(with(validPush(), "/changes/0/fields/title/v", value));
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooDeep);
        CHECK(errorCodeFor(decoded.error()) == ErrorCode::TooLarge);
    }
    SECTION("depth exactly maxDepth is accepted, one more is not") {
        // A resolve is depth 1; its value adds the rest.
        Json value = 1;
        for (int i = 0; i < 31; ++i) {
            value = Json::array({value});
        }
        CHECK(decodeNoThrow(with(validResolve(), "/value", value)).hasValue());
        value = Json::array({value});
        const auto decoded = decodeNoThrow(with(validResolve(), "/value", value));
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooDeep);
    }
    SECTION("brackets inside string literals do not count") {
        const std::string brackets = std::string(5000, '[') + std::string(5000, '{');
        const auto decoded = decodeNoThrow(with(validError(), "/message", brackets));
        REQUIRE(decoded.hasValue());
        CHECK(std::get<ErrorMessage>(*decoded).message == brackets);
    }
    SECTION("an escaped quote does not end the string") {
        const std::string message = "say \\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\" again";
        const std::string text = R"({"type":"error","code":"internal","message":")" + message + R"("})";
        const auto decoded = decodeNoThrow(text);
        REQUIRE(decoded.hasValue());
    }
    SECTION("an escaped backslash before the closing quote ends the string") {
        const std::string text = R"({"type":"error","code":"internal","message":"a\\"})";
        CHECK(decodeNoThrow(text).hasValue());
        // ...so brackets after it are real nesting.
        const std::string deep = R"({"type":"resolve","id":"s","conflict":"c\\","value":)" +
                                 std::string(40, '[') + std::string(40, ']') + "}";
        const auto decoded = decodeNoThrow(deep);
        REQUIRE_FALSE(decoded.hasValue());
        CHECK(decoded.error().kind == Kind::TooDeep);
    }
}

TEST_CASE("jsonNestingDepth counts structure outside strings", "[protocol][codec]") {
    CHECK(jsonNestingDepth("") == 0);
    CHECK(jsonNestingDepth("42") == 0);
    CHECK(jsonNestingDepth("[]") == 1);
    CHECK(jsonNestingDepth("{\"a\":[1,{\"b\":[]}],\"c\":{}}") == 4);
    CHECK(jsonNestingDepth("[\"[[[[\"]") == 1);
    CHECK(jsonNestingDepth(R"(["\"[[[["])") == 1);
    CHECK(jsonNestingDepth(R"(["\\",[[]]])") == 3);
    CHECK(jsonNestingDepth("]]]][[") == 2);
    CHECK(jsonNestingDepth(std::string(100, '['), 10) == 11);
    CHECK(prescanJson(std::string(100, '['), 10).tooDeep);
    CHECK_FALSE(prescanJson(std::string(10, '['), 10).tooDeep);
}

TEST_CASE("the pre-scan counts the members a text writes", "[protocol][codec]") {
    const auto members = [](std::string_view text) {
        return prescanJson(text).members;
    };
    CHECK(members("[1,2,3]") == 0);
    CHECK(members(R"({"a":1,"b":{"c":[{"d":null}]}})") == 4);
    CHECK(members(R"({"a:b":"c:d","e\\":"\\:\":"})") == 2);
    CHECK(countMembers(Json::parse(R"({"a:b":"c:d","e\\":"\\:\":"})")) == 2);
    CHECK(countMembers(Json::parse(R"({"a":1,"b":{"c":[{"d":null}]}})")) == 4);
    CHECK(countMembers(Json::parse(R"({"a":1,"a":2})")) == 1);
    CHECK(members(R"({"a":1,"a":2})") == 2);
    CHECK(countMembers(Json::parse("[[[[{}]]]]")) == 0);
}

TEST_CASE("errorCodeFor maps decode errors to wire error codes", "[protocol][codec]") {
    CHECK(errorCodeFor(DecodeError{Kind::TooLarge, {}, "x"}) == ErrorCode::TooLarge);
    CHECK(errorCodeFor(DecodeError{Kind::TooDeep, {}, "x"}) == ErrorCode::TooLarge);
    for (const Kind kind : {Kind::InvalidJson, Kind::NotAnObject, Kind::UnknownType, Kind::MissingField,
                            Kind::WrongType, Kind::InvalidValue}) {
        CHECK(errorCodeFor(DecodeError{kind, {}, "x"}) == ErrorCode::Protocol);
    }
}

TEST_CASE("mutated and random input never throws", "[protocol][codec][fuzz]") {
    constexpr std::uint64_t kSeed = 0x6b6e6f7773657431ULL; // fixed, so a failure replays
    INFO("mutation seed " << kSeed);
    std::mt19937_64 random(kSeed);
    const auto pick = [&random](std::size_t n) {
        return static_cast<std::size_t>(random() % n);
    };
    const std::string interesting =
        std::string("{}[]\",:\\0123456789-+.eEtrufalsn ") + std::string("\x00\x7f\x80\xc3\xff", 5);

    const auto texts = goldenTexts();
    REQUIRE_FALSE(texts.empty());
    int accepted = 0;
    constexpr int kMutations = 5000;
    for (int round = 0; round < kMutations + 500; ++round) {
        std::string text;
        if (round < kMutations) {
            text = texts[pick(texts.size())];
            const std::size_t edits = 1 + pick(4);
            for (std::size_t e = 0; e < edits && !text.empty(); ++e) {
                const std::size_t at = pick(text.size());
                switch (pick(6)) {
                case 0: // flip a bit
                    text[at] = static_cast<char>(text[at] ^ static_cast<char>(1U << pick(8)));
                    break;
                case 1: // replace by a structural or otherwise interesting byte
                    text[at] = interesting[pick(interesting.size())];
                    break;
                case 2: // insert
                    text.insert(at, 1, interesting[pick(interesting.size())]);
                    break;
                case 3: // delete a run
                    text.erase(at, 1 + pick(8));
                    break;
                case 4: // truncate
                    text.resize(at);
                    break;
                default: // duplicate a slice
                    text.insert(at, text.substr(pick(text.size()), 1 + pick(32)));
                    break;
                }
            }
        } else { // pure garbage
            text.resize(pick(200));
            for (char& c : text) {
                c = static_cast<char>(random());
            }
        }

        Expected<Message, DecodeError> decoded = unexpected(DecodeError{});
        try {
            decoded = decode(text);
        } catch (const std::exception& e) {
            FAIL("decode threw " << e.what() << " on "
                                 << Json(text).dump(-1, ' ', true, Json::error_handler_t::replace));
        } catch (...) {
            FAIL("decode threw on " << Json(text).dump(-1, ' ', true, Json::error_handler_t::replace));
        }
        if (decoded) {
            // Whatever is accepted must survive a round trip unchanged.
            ++accepted;
            const auto again = decode(encode(*decoded));
            REQUIRE(again.hasValue());
            CHECK(*again == *decoded);
        } else {
            CHECK_FALSE(decoded.error().message.empty());
        }
    }
    CHECK(accepted > 0); // some mutations (e.g. inside a string) stay valid
}
