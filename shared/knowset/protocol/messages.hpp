// Protocol v1: one plain struct per message (DESIGN.md "Protocol"). These are values only;
// the wire form (JSON text, snake_case member names) and every check on hostile input live
// in codec.hpp. Each struct notes its wire type and members.
//
// Ids: requests carry a client-chosen `id`; the reply carries the same `id` (an `error`
// carries it as `ref`). Live `changes` and `revoke` are sent unasked and have none.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/ids.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/core/version.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace knowset::protocol {

// The only protocol version this code speaks; `hello.protocol` must equal it.
inline constexpr int kProtocolVersion = 1;
// The most records one `pull` may ask for.
inline constexpr int kMaxPullLimit = 10000;

// The roles of DESIGN.md "Server"; `welcome.roles` holds only these.
inline constexpr std::string_view kRoleAgent = "agent";
inline constexpr std::string_view kRoleSupervisor = "supervisor";
inline constexpr std::string_view kRoleAdmin = "admin";
inline constexpr bool isKnownRole(std::string_view role) {
    return role == kRoleAgent || role == kRoleSupervisor || role == kRoleAdmin;
}

// hello.auth = {"token": ".."}: a session token from an earlier welcome.
struct TokenAuth {
    std::string token;

    bool operator==(const TokenAuth&) const = default;
};

// hello.auth = {"user": "..", "password": ".."}.
struct PasswordAuth {
    std::string user;
    std::string password;

    bool operator==(const PasswordAuth&) const = default;
};

using Auth = std::variant<TokenAuth, PasswordAuth>;

// "hello" (client -> server): the first message of a connection.
// {type, id, protocol, node, schema, cursor, auth}
struct Hello {
    std::string id;
    int protocol = kProtocolVersion;
    NodeId node;
    int schema = 1;          // the client's schema version, >= 1
    std::int64_t cursor = 0; // the client's pull cursor, 0 before the initial sync
    Auth auth;

    bool operator==(const Hello&) const = default;
};

// "welcome" (server -> client): the answer to a successful hello.
// {type, id, server, user, roles, branches, time, token?, max_message?, head?}
struct Welcome {
    std::string id;
    std::string server; // server name and version, e.g. "knowset-server/0.1.0"
    std::string user;
    std::vector<std::string> roles; // each one of agent, supervisor, admin
    std::vector<std::string> branches;
    std::int64_t time = 0;                       // the server's clock, ms since the epoch
    std::optional<std::string> token;            // a new session token, after a password login
    std::optional<std::int64_t> maxMessageBytes; // wire `max_message`: the server's frame limit
    // The newest sequence number committed when the client signed in: with the cursors of the
    // `changes` chunks it lets a client estimate how far its initial sync has come.
    std::optional<std::int64_t> head;

    bool operator==(const Welcome&) const = default;
};

// "push" (client -> server): journal entries seqFrom, seqFrom + 1, ... as patches.
// {type, id, seq_from, changes}
struct Push {
    std::string id;
    std::int64_t seqFrom = 1;         // wire `seq_from`, >= 1
    std::vector<RecordPatch> changes; // non-empty; changes[i] is journal entry seqFrom + i

    bool operator==(const Push&) const = default;
};

// "ack" (server -> client): every journal entry up to `through` is durable on the server.
// {type, id, through, conflicts}
struct Ack {
    std::string id;
    std::int64_t through = 0;
    std::vector<std::string> conflicts; // ids of the conflict records the push produced

    bool operator==(const Ack&) const = default;
};

// "pull" (client -> server): asks for what committed after `cursor`.
// {type, id, cursor, limit}
struct Pull {
    std::string id;
    std::int64_t cursor = 0; // >= 0; 0 is the initial sync
    int limit = 1000;        // 1 .. kMaxPullLimit

    bool operator==(const Pull&) const = default;
};

// "changes" (server -> client): a chunk of a pull (with the pull's id) or a live update
// (without id). {type, id?, records, cursor, more}
struct Changes {
    std::optional<std::string> id;
    std::vector<RecordPatch> records;
    std::int64_t cursor = 0; // the cursor to store once these records are applied
    bool more = false;       // true while the pull has more chunks to send

    bool operator==(const Changes&) const = default;
};

// "history" (client -> server): a record's change history (online only).
// {type, id, c, rid}
struct HistoryRequest {
    std::string id;
    std::string collection; // wire `c`
    std::string recordId;   // wire `rid`

    bool operator==(const HistoryRequest&) const = default;
};

// One committed field change of a record, as the server stored it.
// {field, value, version, seq, author, received_at}
struct HistoryEntry {
    std::string field;
    Json value;
    Version version;
    std::int64_t seq = 0;
    std::string author;
    std::int64_t receivedAt = 0; // wire `received_at`: ms since the epoch, server clock

    bool operator==(const HistoryEntry&) const = default;
};

// "record_history" (server -> client): the answer to `history`.
// {type, id, c, rid, entries}
struct HistoryReply {
    std::string id;
    std::string collection; // wire `c`
    std::string recordId;   // wire `rid`
    std::vector<HistoryEntry> entries;

    bool operator==(const HistoryReply&) const = default;
};

// "resolve" (client -> server, supervisors and admins): settles a conflict with the value
// chosen or merged. {type, id, conflict, value}
struct Resolve {
    std::string id;
    std::string conflict;
    Json value;

    bool operator==(const Resolve&) const = default;
};

// "resolved" (server -> client): the conflict is marked resolved. {type, id, conflict}
struct Resolved {
    std::string id;
    std::string conflict;

    bool operator==(const Resolved&) const = default;
};

// A record named by collection and id; wire {c, id}.
struct RecordRef {
    std::string collection;
    std::string id;

    bool operator==(const RecordRef&) const = default;
};

// "revoke" (server -> client): these records left the user's scope; drop them.
// {type, records}
struct Revoke {
    std::vector<RecordRef> records; // non-empty

    bool operator==(const Revoke&) const = default;
};

// "error" (either way): {type, code, message, ref?}
struct ErrorMessage {
    ErrorCode code = ErrorCode::Protocol;
    std::string message;
    std::optional<std::string> ref; // the id of the message this answers

    bool operator==(const ErrorMessage&) const = default;
};

using Message = std::variant<Hello, Welcome, Push, Ack, Pull, Changes, HistoryRequest, HistoryReply, Resolve,
                             Resolved, Revoke, ErrorMessage>;

// The wire `type` of each alternative of Message, in the order of the variant.
inline constexpr std::array<std::string_view, std::variant_size_v<Message>> kMessageTypes{
    "hello",   "welcome",        "push",    "ack",      "pull",   "changes",
    "history", "record_history", "resolve", "resolved", "revoke", "error",
};

// The wire `type` of a message, e.g. "record_history" for a HistoryReply.
inline std::string_view messageType(const Message& message) {
    return kMessageTypes[message.index()];
}

} // namespace knowset::protocol
