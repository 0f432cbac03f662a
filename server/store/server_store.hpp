// The server's storage, behind one interface so that backends can be swapped: SQLite now
// (embedded, a data directory), PostgreSQL later. Nothing here names SQLite.
//
// Contract every backend keeps (DESIGN.md "Server", "Conflict flags"):
//   * commitPushes() applies a group of pushes in ONE durable transaction and returns only
//     after it committed; it runs on one writer at a time.
//   * Every committed field change gets the next global sequence number `seq`; sequence order
//     equals commit order: a reader never sees seq N+1 before seq N is visible.
//   * A push is idempotent per (node, client sequence number): entries at or below the
//     highest number already applied for that node are skipped, not applied twice.
//   * The merge rule and conflict detection are the shared pure functions (knowset/merge):
//     every conflict found is written as a record of the `conflict` collection, with its
//     derived id, so a conflict is never written twice.
//   * readChanges(cursor, limit, fieldsSince) returns current state, one entry per record
//     changed after the cursor, in sequence order, each with its fields changed after
//     `fieldsSince` (the cursor unless given); cursor 0 is the whole current state, not
//     history. A record sits at the seq of its newest field, so a page that stops at seq N
//     leaves out records updated after N whose older fields lie below N: a reader that goes on
//     from N must ask for fields since the point where it last read a page that was not cut
//     short (or for whole records), or it never sees those fields.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/hlc.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/merge/merge.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::server {

enum class Role { Agent, Supervisor, Admin };

std::string_view toString(Role role);
std::optional<Role> roleFromString(std::string_view text);

struct User {
    std::string name;
    Role role = Role::Agent;
    std::vector<std::string> branches; // sorted, unique
    std::string passwordHash;          // libsodium's Argon2id string ("$argon2id$...")
    bool disabled = false;
    std::int64_t createdAt = 0; // ms since the epoch

    bool operator==(const User&) const = default;
};

// A session token is never stored: only its hash (see auth/tokens.hpp).
struct Session {
    std::string tokenHash;
    std::string user;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;

    bool operator==(const Session&) const = default;
};

// One push as the sync layer hands it to the writer: already decoded, validated and
// authorized. changes[i] is the client's journal entry number seqFrom + i.
struct PushBatch {
    NodeId node;
    std::int64_t seqFrom = 1;
    std::vector<RecordPatch> changes;
    std::string author;          // the user name
    std::int64_t receivedAt = 0; // ms since the epoch, the server's clock
};

struct PushOutcome {
    std::int64_t through = 0;             // highest journal number of this node now applied
    std::vector<std::string> conflictIds; // conflicts this push found (new or already known)
    std::size_t fieldsApplied = 0;
    bool duplicate = false; // every entry had been applied before (a re-sent push)
};

// A record as the server holds it: every field with its version, author and arrival time.
struct ServerRecord {
    std::string collection;
    std::string id;
    StoredFields fields;
    std::string branch;   // the scope: the record's branch for branch-scoped collections, else ""
    std::int64_t seq = 0; // the sequence number of its latest change
};

// One record's changes since a cursor: the fields changed after it, with their versions.
struct RecordChange {
    RecordPatch patch;  // bases are empty; `seen` is empty
    std::string branch; // the record's current scope ("" for global collections)
    std::int64_t seq = 0;
};

struct ChangesPage {
    std::vector<RecordChange> records;
    std::int64_t cursor = 0; // the seq of the last record returned, or the input cursor
    bool more = false;
};

struct HistoryRow {
    std::int64_t seq = 0;
    std::string field;
    Json value;
    Version version;
    std::string author;
    std::int64_t receivedAt = 0;
};

// One stored field change of the history, with its record: what `forEachChange` visits.
struct ChangeRow {
    std::string collection;
    std::string id;
    HistoryRow change;
};

struct AuditEntry {
    std::int64_t at = 0;
    std::string actor;  // user name, or "system"
    std::string action; // e.g. "user.add", "user.disable", "conflict.resolve", "login.failed"
    std::string target; // e.g. the user name or "conflict/<id>"
    std::string detail; // never a password, a token or personal data
};

// The resolution of a conflict: an ordinary change to the record (fast-forward from the
// current version) plus the conflict record marked resolved, in one transaction.
struct Resolution {
    std::string conflictId;
    Json value;
    std::string resolvedBy;
    std::int64_t at = 0;
};

struct ResolutionOutcome {
    RecordPatch change; // the change applied to the record
};

class ServerStore {
public:
    virtual ~ServerStore() = default;

    virtual std::string_view backendName() const = 0; // "sqlite", "postgresql"
    // The server's node id, used for the versions of changes the server itself makes
    // (conflict records, resolutions). Made once when the store is created.
    virtual NodeId serverNode() const = 0;

    // ---- branches, users, sessions, audit ----
    virtual Result<Done> addBranch(const std::string& name) = 0;
    virtual Result<std::vector<std::string>> branches() = 0;
    virtual Result<Done> putUser(const User& user) = 0; // insert or replace
    virtual Result<std::optional<User>> findUser(std::string_view name) = 0;
    virtual Result<std::vector<User>> users() = 0;
    virtual Result<Done> addSession(const Session& session) = 0;
    virtual Result<std::optional<Session>> findSession(std::string_view tokenHash) = 0;
    virtual Result<std::size_t> revokeSessions(std::string_view user) = 0;
    virtual Result<Done> audit(const AuditEntry& entry) = 0;
    virtual Result<std::vector<AuditEntry>> auditLog(std::size_t limit) = 0;

    // ---- sync ----
    // Applies every batch in one transaction (group commit); outcomes in the order given.
    // `clock` stamps the conflict records the server writes.
    virtual Result<std::vector<PushOutcome>> commitPushes(const std::vector<PushBatch>& batches,
                                                          HybridClock& clock) = 0;
    // Errors: not_found (no such conflict), invalid_change (already resolved).
    virtual Result<ResolutionOutcome> resolveConflict(const Resolution& resolution, HybridClock& clock) = 0;
    virtual Result<ChangesPage> readChanges(std::int64_t cursor, std::size_t limit,
                                            std::int64_t fieldsSince) = 0;
    Result<ChangesPage> readChanges(std::int64_t cursor, std::size_t limit) {
        return readChanges(cursor, limit, cursor);
    }
    virtual Result<std::optional<ServerRecord>> readRecord(std::string_view collection,
                                                           std::string_view id) = 0;
    virtual Result<std::vector<HistoryRow>> history(std::string_view collection, std::string_view id) = 0;
    virtual Result<std::int64_t> headSeq() = 0;
    virtual Result<std::int64_t> lastApplied(NodeId node) = 0;
    // Binds a replica's node id to the user who first signs in with it; forbidden when the
    // node already belongs to someone else (a node's journal numbers are its user's alone).
    virtual Result<Done> claimNode(NodeId node, std::string_view user) = 0;
    // The highest HLC the store has seen, so a restarted server's clock starts past it.
    virtual Result<Hlc> maxHlc() = 0;

    // ---- inspection (`knowset-server dump`, tests) ----
    // Visits every record in (collection, id) order, only those of `collection` unless it is
    // empty, from one consistent snapshot. Conflict records are records of "conflict".
    virtual Result<Done> forEachRecord(std::string_view collection,
                                       const std::function<void(const ServerRecord&)>& visit) = 0;
    // Visits every stored field change (the history) in sequence order, from one consistent
    // snapshot, only those of `collection` unless it is empty.
    virtual Result<Done> forEachChange(std::string_view collection,
                                       const std::function<void(const ChangeRow&)>& visit) = 0;
};

} // namespace knowset::server
