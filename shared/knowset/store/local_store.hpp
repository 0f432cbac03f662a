// The local replica: a full copy of everything the user may see, in one SQLite file.
//
// Every local write updates `records` and appends its patch to the journal (the outbox) in ONE
// transaction, so a crash can never leave an edit without its journal entry or the reverse.
// Remote patches are merged with the same merge rule as the server's and committed together
// with the new server cursor, so an interrupted sync resumes where it stopped.
//
// One LocalStore is one SQLite connection: use it from one thread at a time. Several
// LocalStores may open the same file (say the GUI's and the sync engine's): WAL lets them read
// side by side, and writes serialise on SQLite's write lock. The hybrid clock is persisted in
// the file and advanced inside each write transaction, so all connections of a replica share
// one clock and never issue the same version twice.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/hlc.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/schema/registry.hpp"
#include "knowset/store/sqlite_support.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset {

struct StoreOptions {
    std::filesystem::path path;
    PhysicalClock clock = systemClockMillis;
    Synchronous synchronous = Synchronous::Full;
    const schema::SchemaRegistry* schema = nullptr; // nullptr: the builtin registry
    // The node id of a new replica file (reproducible simulations); random when absent. A file
    // that already has one keeps it.
    std::optional<NodeId> node = std::nullopt;
};

struct Record {
    std::string collection;
    std::string id;
    Json fields = Json::object(); // current values, `_deleted` included when set
    std::map<std::string, Version, std::less<>> versions;
    bool deleted = false;
};

struct LocalWrite {
    std::string collection;
    std::string id;
    Version version;
    std::int64_t journalSeq = 0; // 0 when the write changed nothing (no journal entry)
};

struct JournalEntry {
    std::int64_t seq = 0;
    RecordPatch patch;
    std::int64_t createdAt = 0; // ms since the epoch
};

// One write of a batch (see LocalStore::writeAll). An empty id creates a record with a new id.
struct WriteRequest {
    std::string collection;
    std::string id;
    Json fields = Json::object();
};

// A journal entry the server refused (forbidden or invalid): set aside so the rest of the
// journal can sync, kept with the server's reason until the user deals with it.
struct ParkedEntry {
    std::int64_t seq = 0;
    RecordPatch patch;
    std::string reason;
    std::int64_t parkedAt = 0; // ms since the epoch
};

// A conflict resolution chosen on this replica (LocalStore::queueResolution), waiting for the
// sync session to send it, or refused by the server.
struct QueuedResolution {
    std::int64_t seq = 0; // order of choosing; a new choice for the same conflict gets a new seq
    std::string conflictId;
    Json value;
    std::int64_t queuedAt = 0;          // ms since the epoch
    std::optional<std::string> refusal; // the server's reason, when it refused this choice
    std::int64_t refusedAt = 0;         // ms since the epoch; 0 unless refused

    bool waiting() const { return !refusal.has_value(); }
};

struct ApplyResult {
    std::size_t recordsChanged = 0;
    std::size_t fieldsApplied = 0;
};

struct SearchOptions {
    std::size_t limit = 20;
    std::string highlightStart = "[";
    std::string highlightEnd = "]";
};

struct SearchHit {
    std::string id;
    std::string title;
    std::string snippet; // the best-matching passage, matches wrapped in the highlight markers
    double rank = 0;     // bm25: lower is better
};

class LocalStore {
public:
    static Result<std::unique_ptr<LocalStore>> open(StoreOptions options);
    ~LocalStore();
    LocalStore(const LocalStore&) = delete;
    LocalStore& operator=(const LocalStore&) = delete;

    NodeId nodeId() const;

    // ---- local writes: validated, versioned, journalled in the same transaction ----
    // Creates a record with a new UUIDv7 id.
    Result<LocalWrite> create(std::string_view collection, const Json& fields,
                              schema::UnknownFields unknown = schema::UnknownFields::Preserve);
    // Creates or updates; fields whose value is unchanged are not written. Editing a deleted
    // record is refused unless the same write restores it (`_deleted: false`).
    Result<LocalWrite> write(std::string_view collection, std::string_view id, const Json& fields,
                             schema::UnknownFields unknown = schema::UnknownFields::Preserve);
    Result<LocalWrite> remove(std::string_view collection, std::string_view id);
    Result<LocalWrite> restore(std::string_view collection, std::string_view id);
    // Every write in ONE transaction: all are committed or none (imports). An error names the
    // index of the write that failed ("write 12: ...").
    Result<std::vector<LocalWrite>> writeAll(const std::vector<WriteRequest>& writes,
                                             schema::UnknownFields unknown = schema::UnknownFields::Preserve);

    // ---- clock correction ----
    // The offset in ms added to the physical clock when stamping local versions, persisted in
    // the file so every connection and process of the replica stamps alike. 0 by default.
    Result<Done> setClockCorrection(std::int64_t offsetMillis);
    Result<std::int64_t> clockCorrection();
    // After the server refused versions from a clock running ahead: gives every pending
    // journal entry a fresh version from the corrected clock, oldest first, in one transaction.
    // The clock restarts from max(corrected now, newest version in the replica that is not a
    // pending one of ours); record fields that still carry a re-stamped version take the new
    // one; a later entry whose base was a re-stamped version gets the new version as its base.
    // Returns the number of entries re-stamped. Nothing is dropped.
    Result<std::int64_t> restampPending();

    // ---- sync ----
    // Merges remote patches and, when given, stores the new server cursor and sync values
    // (setSyncValue's keys): all or nothing, one commit.
    Result<ApplyResult> applyRemote(const std::vector<RecordPatch>& patches,
                                    std::optional<std::int64_t> cursor = std::nullopt,
                                    const std::vector<std::pair<std::string, std::string>>& syncValues = {});
    // Unacknowledged journal entries in order, oldest first.
    Result<std::vector<JournalEntry>> pendingJournal(std::size_t limit = 1000, std::int64_t afterSeq = 0);
    Result<std::int64_t> pendingCount();
    // Deletes the journal entries through `seq` (the server acknowledged them).
    Result<std::int64_t> acknowledgeThrough(std::int64_t seq);
    // Moves journal entry `seq` into the parked table with the server's reason.
    Result<Done> parkJournalEntry(std::int64_t seq, std::string_view reason);
    Result<std::vector<ParkedEntry>> parkedEntries();
    // Removes records that left the user's scope (`revoke`), with any pending journal entries
    // for them. Returns the number of records removed.
    Result<std::size_t> dropRecords(const std::vector<std::pair<std::string, std::string>>& collectionAndIds);
    // ---- conflict resolutions: saved locally like any write, sent by the sync session ----
    // Saves the choice of `value` for conflict `conflictId`, replacing an earlier choice for it
    // (waiting or refused). Whether the conflict exists is for the server to say.
    Result<QueuedResolution> queueResolution(std::string_view conflictId, const Json& value);
    // Every queued resolution, oldest first: the waiting ones and the refused ones.
    Result<std::vector<QueuedResolution>> queuedResolutions();
    // The server resolved the conflict with entry `seq`: it is removed (a newer choice for the
    // same conflict, made meanwhile, stays). Removing an entry that is gone is not an error.
    Result<Done> removeResolution(std::int64_t seq);
    // The server refused entry `seq`: it is kept with the reason and not sent again.
    Result<Done> refuseResolution(std::int64_t seq, std::string_view reason);

    // Small named values of the sync engine (last sync time, server offset, last state...),
    // kept in sync_state beside the cursor.
    Result<std::optional<std::string>> syncValue(std::string_view key);
    Result<Done> setSyncValue(std::string_view key, std::string_view value);
    // Changes whenever another connection commits to the file: a cheap way to notice writes
    // made by another process (PRAGMA data_version).
    Result<std::int64_t> dataVersion();
    Result<std::int64_t> cursor();
    Result<Hlc> lastClock();

    // ---- reads ----
    Result<std::optional<Record>> get(std::string_view collection, std::string_view id);
    Result<std::vector<Record>> list(std::string_view collection, bool includeDeleted = false);
    // Records of `collection` with `text` in any string value (case-insensitive for ASCII),
    // deleted ones excluded, ordered by id, at most `limit`.
    Result<std::vector<Record>> findRecords(std::string_view collection, std::string_view text,
                                            std::size_t limit = 50);
    // Live (not deleted) records per collection.
    Result<std::map<std::string, std::int64_t, std::less<>>> countByCollection();
    // Full-text search over articles: every word is matched as a prefix (search as you type),
    // ranked by bm25 with title > summary > tags > body.
    Result<std::vector<SearchHit>> searchArticles(std::string_view query, const SearchOptions& options = {});

    // The replica's connection, for the read queries of the domain layer (knowset/domain):
    // reads only. Writes go through the methods above, so they are validated and journalled.
    SQLite::Database& database();

    // Every record (values and versions), one line each, in a fixed order: replicas that have
    // seen the same changes produce byte-identical dumps.
    Result<std::string> canonicalDump();

private:
    struct Impl;
    Result<LocalWrite> setDeleted(std::string_view collection, std::string_view id, bool deleted);
    explicit LocalStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace knowset
