#include "knowset/protocol/codec.hpp"

#include "knowset/protocol/json_prescan.hpp"
#include "knowset/protocol/json_reader.hpp"

#include <climits>

#include <algorithm>
#include <exception>
#include <limits>
#include <new>
#include <stdexcept>
#include <utility>
#include <vector>

namespace knowset::protocol {

namespace {

template <typename... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
// C++20 deduces this for aggregates, but clang before 17 (the fuzz build's clang 14) needs it.
template <typename... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

// ---------------------------------------------------------------------------------------
// Encoding: one write() per message; the `type` member is added by toJson().

Json patchesToJson(const std::vector<RecordPatch>& patches) {
    Json array = Json::array();
    for (const RecordPatch& patch : patches) {
        array.push_back(knowset::toJson(patch));
    }
    return array;
}

void write(Json& json, const Hello& m) {
    json["id"] = m.id;
    json["protocol"] = m.protocol;
    json["node"] = m.node.toHex();
    json["schema"] = m.schema;
    json["cursor"] = m.cursor;
    json["auth"] = std::visit(Overloaded{
                                  [](const TokenAuth& auth) {
                                      return Json{{"token", auth.token}};
                                  },
                                  [](const PasswordAuth& auth) {
                                      return Json{{"user", auth.user}, {"password", auth.password}};
                                  },
                              },
                              m.auth);
}

void write(Json& json, const Welcome& m) {
    json["id"] = m.id;
    json["server"] = m.server;
    json["user"] = m.user;
    json["roles"] = m.roles;
    json["branches"] = m.branches;
    json["time"] = m.time;
    if (m.token) {
        json["token"] = *m.token;
    }
    if (m.maxMessageBytes) {
        json["max_message"] = *m.maxMessageBytes;
    }
    if (m.head) {
        json["head"] = *m.head;
    }
}

void write(Json& json, const Push& m) {
    json["id"] = m.id;
    json["seq_from"] = m.seqFrom;
    json["changes"] = patchesToJson(m.changes);
}

void write(Json& json, const Ack& m) {
    json["id"] = m.id;
    json["through"] = m.through;
    json["conflicts"] = m.conflicts;
}

void write(Json& json, const Pull& m) {
    json["id"] = m.id;
    json["cursor"] = m.cursor;
    json["limit"] = m.limit;
}

void write(Json& json, const Changes& m) {
    if (m.id) {
        json["id"] = *m.id;
    }
    json["records"] = patchesToJson(m.records);
    json["cursor"] = m.cursor;
    json["more"] = m.more;
}

void write(Json& json, const HistoryRequest& m) {
    json["id"] = m.id;
    json["c"] = m.collection;
    json["rid"] = m.recordId;
}

void write(Json& json, const HistoryReply& m) {
    json["id"] = m.id;
    json["c"] = m.collection;
    json["rid"] = m.recordId;
    Json entries = Json::array();
    for (const HistoryEntry& entry : m.entries) {
        Json item = Json::object();
        item["field"] = entry.field;
        item["value"] = entry.value;
        item["version"] = entry.version.toString();
        item["seq"] = entry.seq;
        item["author"] = entry.author;
        item["received_at"] = entry.receivedAt;
        entries.push_back(std::move(item));
    }
    json["entries"] = std::move(entries);
}

void write(Json& json, const Resolve& m) {
    json["id"] = m.id;
    json["conflict"] = m.conflict;
    json["value"] = m.value;
}

void write(Json& json, const Resolved& m) {
    json["id"] = m.id;
    json["conflict"] = m.conflict;
}

void write(Json& json, const Revoke& m) {
    Json records = Json::array();
    for (const RecordRef& record : m.records) {
        records.push_back(Json{{"c", record.collection}, {"id", record.id}});
    }
    json["records"] = std::move(records);
}

void write(Json& json, const ErrorMessage& m) {
    json["code"] = toString(m.code);
    json["message"] = m.message;
    if (m.ref) {
        json["ref"] = *m.ref;
    }
}

// ---------------------------------------------------------------------------------------
// Decoding: one read() per message, members in wire order, so the first error in that order
// is the one reported.

void read(ObjectReader& r, Hello& m) {
    m.id = r.required("id").identifier();
    auto protocol = r.required("protocol");
    if (protocol.integer(std::numeric_limits<std::int64_t>::min(), kMaxInt64) != kProtocolVersion) {
        protocol.fail(DecodeErrorKind::InvalidValue, "unsupported protocol version (this peer speaks " +
                                                         std::to_string(kProtocolVersion) + ")");
    }
    m.protocol = kProtocolVersion;
    m.node = r.required("node").nodeId();
    m.schema = static_cast<int>(r.required("schema").integer(1, INT_MAX));
    m.cursor = r.required("cursor").integer(0, kMaxInt64);

    ObjectReader auth = r.required("auth").object();
    const bool token = auth.has("token");
    const bool password = auth.has("user") || auth.has("password");
    if (token && password) {
        auth.fail(DecodeErrorKind::InvalidValue, {}, "either a token or a user and password, not both");
    } else if (token) {
        m.auth = TokenAuth{auth.required("token").identifier()};
    } else if (password) {
        PasswordAuth credentials;
        credentials.user = auth.required("user").identifier();
        credentials.password =
            auth.required("password").string(1, r.context().limits().maxPasswordBytes, true);
        m.auth = std::move(credentials);
    } else {
        auth.fail(DecodeErrorKind::MissingField, "token", "missing: a token, or a user and password");
    }
}

void read(ObjectReader& r, Welcome& m) {
    const DecodeLimits& limits = r.context().limits();
    m.id = r.required("id").identifier();
    m.server = r.required("server").identifier();
    m.user = r.required("user").identifier();
    r.required("roles").array(0, limits.maxItems, [&](ValueReader item) {
        std::string role = item.identifier();
        if (r.context().failed()) {
            return;
        }
        if (!isKnownRole(role)) {
            item.fail(DecodeErrorKind::InvalidValue, "not a role (agent, supervisor, admin)");
        } else if (std::find(m.roles.begin(), m.roles.end(), role) != m.roles.end()) {
            item.fail(DecodeErrorKind::InvalidValue, "role listed twice");
        } else {
            m.roles.push_back(std::move(role));
        }
    });
    r.required("branches").array(0, limits.maxItems, [&](ValueReader item) {
        m.branches.push_back(item.identifier());
    });
    m.time = r.required("time").integer(0, kMaxInt64);
    if (auto token = r.optional("token"); token.present()) {
        m.token = token.identifier();
    }
    if (auto maxMessage = r.optional("max_message"); maxMessage.present()) {
        m.maxMessageBytes = maxMessage.integer(1, kMaxInt64);
    }
    if (auto head = r.optional("head"); head.present()) {
        m.head = head.integer(0, kMaxInt64);
    }
}

void read(ObjectReader& r, Push& m) {
    m.id = r.required("id").identifier();
    auto seqFrom = r.required("seq_from");
    m.seqFrom = seqFrom.integer(1, kMaxInt64);
    r.required("changes").array(1, r.context().limits().maxChanges,
                                [&](ValueReader item) { m.changes.push_back(item.patch()); });
    // The journal numbers seqFrom .. seqFrom + n - 1 must all be int64.
    if (!r.context().failed() && m.seqFrom > kMaxInt64 - static_cast<std::int64_t>(m.changes.size() - 1)) {
        seqFrom.fail(DecodeErrorKind::InvalidValue, "the last journal number is beyond the 64-bit range");
    }
}

void read(ObjectReader& r, Ack& m) {
    m.id = r.required("id").identifier();
    m.through = r.required("through").integer(0, kMaxInt64);
    r.required("conflicts").array(0, r.context().limits().maxItems, [&](ValueReader item) {
        m.conflicts.push_back(item.identifier());
    });
}

void read(ObjectReader& r, Pull& m) {
    m.id = r.required("id").identifier();
    m.cursor = r.required("cursor").integer(0, kMaxInt64);
    m.limit = static_cast<int>(r.required("limit").integer(1, kMaxPullLimit));
}

void read(ObjectReader& r, Changes& m) {
    if (auto id = r.optional("id"); id.present()) {
        m.id = id.identifier();
    }
    r.required("records").array(0, r.context().limits().maxChanges,
                                [&](ValueReader item) { m.records.push_back(item.patch()); });
    m.cursor = r.required("cursor").integer(0, kMaxInt64);
    m.more = r.required("more").boolean();
}

void read(ObjectReader& r, HistoryRequest& m) {
    m.id = r.required("id").identifier();
    m.collection = r.required("c").name();
    m.recordId = r.required("rid").recordId();
}

void read(ObjectReader& r, HistoryReply& m) {
    m.id = r.required("id").identifier();
    m.collection = r.required("c").name();
    m.recordId = r.required("rid").recordId();
    r.required("entries").array(0, r.context().limits().maxItems, [&](ValueReader item) {
        ObjectReader entry = item.object();
        HistoryEntry decoded;
        decoded.field = entry.required("field").name();
        decoded.value = entry.required("value").any();
        decoded.version = entry.required("version").version();
        decoded.seq = entry.required("seq").integer(1, kMaxInt64);
        decoded.author = entry.required("author").string(0, r.context().limits().maxStringBytes);
        decoded.receivedAt = entry.required("received_at").integer(0, kMaxInt64);
        m.entries.push_back(std::move(decoded));
    });
}

void read(ObjectReader& r, Resolve& m) {
    m.id = r.required("id").identifier();
    m.conflict = r.required("conflict").identifier();
    m.value = r.required("value").any();
}

void read(ObjectReader& r, Resolved& m) {
    m.id = r.required("id").identifier();
    m.conflict = r.required("conflict").identifier();
}

void read(ObjectReader& r, Revoke& m) {
    r.required("records").array(1, r.context().limits().maxItems, [&](ValueReader item) {
        ObjectReader record = item.object();
        RecordRef decoded;
        decoded.collection = record.required("c").name();
        decoded.id = record.required("id").recordId();
        m.records.push_back(std::move(decoded));
    });
}

void read(ObjectReader& r, ErrorMessage& m) {
    auto code = r.required("code");
    const std::string name = code.string(1, r.context().limits().maxStringBytes);
    if (!r.context().failed()) {
        if (const auto known = errorCodeFromString(name); known && *known != ErrorCode::Unavailable) {
            m.code = *known;
        } else {
            code.fail(DecodeErrorKind::InvalidValue, "not an error code of protocol v1");
        }
    }
    m.message = r.required("message").string(0, r.context().limits().maxTextBytes, true);
    if (auto ref = r.optional("ref"); ref.present()) {
        m.ref = ref.identifier();
    }
}

// Builds the alternative whose wire type is kMessageTypes[index] and reads it.
template <std::size_t... I>
Message readMessage(std::size_t index, ObjectReader& r, std::index_sequence<I...> /*indices*/) {
    Message message;
    ((index == I ? (read(r, message.emplace<I>()), void()) : void()), ...);
    return message;
}

// ---------------------------------------------------------------------------------------

Unexpected<DecodeError> refuse(DecodeErrorKind kind, std::string path, std::string message) {
    return {DecodeError{kind, std::move(path), std::move(message)}};
}

// A piece of untrusted input for an error message: at most 64 bytes, as a JSON string.
std::string excerpt(std::string_view text) {
    constexpr std::size_t kShown = 64;
    const Json shown = std::string(text.substr(0, kShown)) + (text.size() > kShown ? "..." : "");
    return shown.dump(-1, ' ', true, Json::error_handler_t::replace);
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." ->
// "syntax error ...". The parser quotes the bytes it read last as they came ("last read:
// '...'"), invalid UTF-8 and DEL included: the detail is escaped as JSON string contents in
// ASCII, so it is safe in logs and reaches the peer unchanged in an `error` message.
std::string parseErrorDetail(const char* what) {
    std::string_view text(what);
    if (const auto colon = text.find(": "); colon != std::string_view::npos) {
        text.remove_prefix(colon + 2);
    }
    const std::string quoted = Json(std::string(text)).dump(-1, ' ', true, Json::error_handler_t::replace);
    return quoted.substr(1, quoted.size() - 2);
}

Expected<Message, DecodeError> decodeUnchecked(std::string_view text, const DecodeLimits& limits) {
    if (text.size() > limits.maxMessageBytes) {
        return refuse(DecodeErrorKind::TooLarge, {},
                      "message of " + std::to_string(text.size()) + " bytes is over the limit of " +
                          std::to_string(limits.maxMessageBytes));
    }
    const JsonPrescan scan = prescanJson(text, limits.maxDepth);
    if (scan.tooDeep) {
        return refuse(DecodeErrorKind::TooDeep, {},
                      "nested deeper than " + std::to_string(limits.maxDepth) + " levels");
    }
    Json json;
    try {
        json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/true,
                           /*ignore_comments=*/false);
    } catch (const Json::parse_error& error) {
        return refuse(DecodeErrorKind::InvalidJson, {},
                      "not valid JSON at byte " + std::to_string(error.byte) + ": " +
                          parseErrorDetail(error.what()));
    }
    // Parsers disagree about which of two same-named members wins, so neither does here.
    if (countMembers(json) != scan.members) {
        return refuse(DecodeErrorKind::InvalidJson, {}, "an object names the same member twice");
    }
    if (!json.is_object()) {
        return refuse(DecodeErrorKind::NotAnObject, {}, "a message must be a JSON object");
    }

    const auto type = json.find("type");
    if (type == json.end()) {
        return refuse(DecodeErrorKind::MissingField, "type", "missing");
    }
    if (!type->is_string()) {
        return refuse(DecodeErrorKind::WrongType, "type", "expected a string");
    }
    const auto& typeName = type->get_ref<const std::string&>();
    std::size_t index = kMessageTypes.size();
    for (std::size_t i = 0; i < kMessageTypes.size(); ++i) {
        if (kMessageTypes[i] == typeName) {
            index = i;
            break;
        }
    }
    if (index == kMessageTypes.size()) {
        return refuse(DecodeErrorKind::UnknownType, "type",
                      "not a message type of protocol v1: " + excerpt(typeName));
    }

    DecodeContext context(limits);
    ObjectReader reader(context, &json, {});
    Message message = readMessage(index, reader, std::make_index_sequence<std::variant_size_v<Message>>{});
    if (context.failed()) {
        return unexpected(context.takeError());
    }
    return message;
}

} // namespace

Json toJson(const Message& message) {
    Json json = Json::object();
    json["type"] = messageType(message);
    std::visit([&json](const auto& m) { write(json, m); }, message);
    return json;
}

std::string encode(const Message& message) {
    return toJson(message).dump(-1, ' ', false, Json::error_handler_t::replace);
}

Expected<Message, DecodeError> decode(std::string_view text, const DecodeLimits& limits) {
    // Nothing may escape: the messages below are short enough for std::string's small-string
    // buffer, so building them cannot fail even when memory has run out.
    try {
        return decodeUnchecked(text, limits);
    } catch (const std::bad_alloc&) {
        return refuse(DecodeErrorKind::TooLarge, {}, "out of memory");
    } catch (const std::length_error&) {
        return refuse(DecodeErrorKind::TooLarge, {}, "too large");
    } catch (...) {
        return refuse(DecodeErrorKind::InvalidJson, {}, "undecodable");
    }
}

ErrorCode errorCodeFor(const DecodeError& error) {
    switch (error.kind) {
    case DecodeErrorKind::TooLarge:
    case DecodeErrorKind::TooDeep:
        return ErrorCode::TooLarge;
    default:
        return ErrorCode::Protocol;
    }
}

} // namespace knowset::protocol
