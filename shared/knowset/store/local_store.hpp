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

    // ---- sync ----
    // Merges remote patches and, when given, stores the new server cursor: all or nothing.
    Result<ApplyResult> applyRemote(const std::vector<RecordPatch>& patches,
                                    std::optional<std::int64_t> cursor = std::nullopt);
    // Unacknowledged journal entries in order, oldest first.
    Result<std::vector<JournalEntry>> pendingJournal(std::size_t limit = 1000, std::int64_t afterSeq = 0);
    Result<std::int64_t> pendingCount();
    // Deletes the journal entries through `seq` (the server acknowledged them).
    Result<std::int64_t> acknowledgeThrough(std::int64_t seq);
    Result<std::int64_t> cursor();
    Result<Hlc> lastClock();

    // ---- reads ----
    Result<std::optional<Record>> get(std::string_view collection, std::string_view id);
    Result<std::vector<Record>> list(std::string_view collection, bool includeDeleted = false);
    // Full-text search over articles: every word is matched as a prefix (search as you type),
    // ranked by bm25 with title > summary > tags > body.
    Result<std::vector<SearchHit>> searchArticles(std::string_view query, const SearchOptions& options = {});

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
