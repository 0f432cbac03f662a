#include "knowset/store/local_store.hpp"

#include "knowset/core/ids.hpp"
#include "knowset/merge/merge.hpp"
#include "knowset/store/replica_schema.hpp"
#include "knowset/store/sqlite_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <set>
#include <stdexcept>
#include <utility>

namespace knowset {

namespace {

using Versions = std::map<std::string, Version, std::less<>>;

// Keys of sync_state that belong to the store itself; setSyncValue refuses them.
constexpr const char* kCursorKey = "cursor";
constexpr const char* kClockKey = "hlc";
constexpr const char* kNodeKey = "node_id";
constexpr const char* kLastAckKey = "last_ack";
constexpr const char* kClockCorrectionKey = "clock_correction";
constexpr std::array<std::string_view, 5> kReservedStateKeys = {kCursorKey, kClockKey, kNodeKey, kLastAckKey,
                                                                kClockCorrectionKey};

std::int64_t sqlLimit(std::size_t limit) {
    return static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX));
}

Versions versionsFromText(const std::string& text) {
    Versions versions;
    const Json json = Json::parse(text);
    for (const auto& [name, value] : json.items()) {
        if (const auto version = Version::parse(value.get<std::string>())) {
            versions.emplace(name, *version);
        }
    }
    return versions;
}

bool isDeletedDoc(const Json& doc) {
    const auto deleted = doc.find(kDeletedField);
    return deleted != doc.end() && *deleted == Json(true);
}

// Words of a search query: runs of letters and digits (bytes >= 0x80 count as letters, so
// UTF-8 words stay whole). FTS5 syntax characters never reach the MATCH expression.
std::vector<std::string> queryWords(std::string_view query) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : query) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || byte >= 0x80) {
            word.push_back(c);
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    return words;
}

template <typename Function>
auto guarded(std::string_view what, Function&& function) -> decltype(function()) {
    try {
        return function();
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, "local store: " + std::string(what) + " failed: " + error.what());
    }
}

constexpr const char* kUpsertRecordsHead =
    "INSERT INTO records (collection, id, doc, versions, deleted) VALUES ";
constexpr const char* kUpsertRecordsTail =
    " ON CONFLICT (collection, id) DO UPDATE SET "
    "doc = excluded.doc, versions = excluded.versions, deleted = excluded.deleted";
constexpr const char* kInsertJournalHead =
    "INSERT INTO journal (seq, collection, record_id, patch, created_at) VALUES ";

// Rows per multi-row statement of a WriteBuffer (5 parameters each, far below SQLite's limit).
constexpr std::size_t kChunkRows = 128;

// "<head>(?, ?, ?, ?, ?), (?, ?, ?, ?, ?)...<tail>" for `rows` rows of 5 columns.
std::string fiveColumnSql(std::string_view head, std::size_t rows, std::string_view tail = {}) {
    std::string sql(head);
    for (std::size_t row = 0; row < rows; ++row) {
        sql += row == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
    }
    sql += tail;
    return sql;
}

// {"name":"version",...} without building a Json object: version strings never need escaping,
// field names only in theory.
std::string versionsText(const Versions& versions) {
    std::string text = "{";
    for (const auto& [name, version] : versions) {
        if (text.size() > 1) {
            text += ',';
        }
        text += Json(name).dump();
        text += ":\"";
        text += version.toString();
        text += '"';
    }
    text += '}';
    return text;
}

struct RecordRow {
    bool exists = false;
    Json doc = Json::object();
    Versions versions;
};

RecordRow readRow(SQLite::Statement& select, std::string_view collection, std::string_view id) {
    select.reset();
    select.bind(1, std::string(collection));
    select.bind(2, std::string(id));
    RecordRow row;
    if (select.executeStep()) {
        row.exists = true;
        row.doc = Json::parse(select.getColumn(0).getString());
        row.versions = versionsFromText(select.getColumn(1).getString());
    }
    select.reset(); // an unfinished statement would hold its read snapshot open
    return row;
}

// The record rows and journal entries of one write transaction, written kChunkRows rows per
// statement. FTS5 moves its pending terms into a new index segment at every statement boundary
// inside a transaction, so one upsert per record would write (and then merge) one segment per
// article of a big batch; one statement per chunk writes one. Reads look in the buffer first,
// so a write sees the earlier writes of its transaction. Journal sequence numbers are handed
// out here, as AUTOINCREMENT would (the transaction holds the write lock): never reused.
class WriteBuffer {
public:
    // `selectRecord`: doc and versions by collection and id; `upsertRecord` and
    // `insertJournal`: the one-row forms of kUpsertRecords* and kInsertJournalHead.
    WriteBuffer(SQLite::Database& db, SQLite::Statement& selectRecord, SQLite::Statement& upsertRecord,
                SQLite::Statement& insertJournal)
        : m_db(db)
        , m_selectRecord(selectRecord)
        , m_upsertRecord(upsertRecord)
        , m_insertJournal(insertJournal) {}
    WriteBuffer(const WriteBuffer&) = delete;
    WriteBuffer& operator=(const WriteBuffer&) = delete;

    // The write (index in a batch) the rows added next belong to, for error reports.
    void setWrite(std::size_t index) { m_write = index; }
    // After a flush threw: the write whose row SQLite refused, when it could be told.
    std::optional<std::size_t> failedWrite() const { return m_failedWrite; }

    RecordRow read(std::string_view collection, std::string_view id) {
        if (const auto found = m_index.find(Key(collection, id)); found != m_index.end()) {
            return m_records[found->second].row;
        }
        return readRow(m_selectRecord, collection, id);
    }

    void write(std::string_view collection, std::string_view id, RecordRow row) {
        row.exists = true;
        Key key(collection, id);
        if (const auto found = m_index.find(key); found != m_index.end()) {
            m_records[found->second].row = std::move(row);
            m_records[found->second].write = m_write;
            return;
        }
        m_index.emplace(key, m_records.size());
        m_records.push_back(PendingRecord{m_write, std::move(key), std::move(row)});
        if (m_records.size() == kChunkRows) {
            flushRecords();
        }
    }

    // Returns the entry's sequence number.
    std::int64_t journal(std::string_view collection, std::string_view id, std::string patch,
                         std::int64_t createdAt) {
        if (!m_lastSeq) {
            m_lastSeq = m_db.execAndGet("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
                                        "'journal'), 0), coalesce((SELECT max(seq) FROM journal), 0))")
                            .getInt64();
        }
        const std::int64_t seq = ++*m_lastSeq;
        m_journal.push_back(PendingEntry{m_write, seq, std::string(collection), std::string(id),
                                         std::move(patch), createdAt});
        if (m_journal.size() == kChunkRows) {
            flushJournal();
        }
        return seq;
    }

    // Writes everything buffered. Call before commit and before any SQL reading what was written.
    void flush() {
        flushRecords();
        flushJournal();
    }

private:
    using Key = std::pair<std::string, std::string>;
    struct PendingRecord {
        std::size_t write = 0;
        Key key;
        RecordRow row;
    };
    struct PendingEntry {
        std::size_t write = 0;
        std::int64_t seq = 0;
        std::string collection;
        std::string id;
        std::string patch;
        std::int64_t createdAt = 0;
    };

    // The statement for `rows` rows: the one-row one, the full-chunk one (prepared once per
    // buffer) or, for the last partial chunk, one prepared for it.
    SQLite::Statement& statementFor(std::size_t rows, SQLite::Statement& one,
                                    std::optional<SQLite::Statement>& chunk,
                                    std::optional<SQLite::Statement>& partial, std::string_view head,
                                    std::string_view tail) {
        if (rows == 1) {
            return one;
        }
        if (rows == kChunkRows) {
            if (!chunk) {
                chunk.emplace(m_db, fiveColumnSql(head, rows, tail));
            }
            return *chunk;
        }
        return partial.emplace(m_db, fiveColumnSql(head, rows, tail));
    }

    static void bindRecord(SQLite::Statement& statement, int& parameter, const PendingRecord& pending) {
        statement.bind(++parameter, pending.key.first);
        statement.bind(++parameter, pending.key.second);
        statement.bind(++parameter, pending.row.doc.dump());
        statement.bind(++parameter, versionsText(pending.row.versions));
        statement.bind(++parameter, isDeletedDoc(pending.row.doc) ? 1 : 0);
    }

    static void bindEntry(SQLite::Statement& statement, int& parameter, const PendingEntry& entry) {
        statement.bind(++parameter, entry.seq);
        statement.bind(++parameter, entry.collection);
        statement.bind(++parameter, entry.id);
        statement.bind(++parameter, entry.patch);
        statement.bind(++parameter, entry.createdAt);
    }

    // Runs `statement` for all `rows`. When it fails, finds the row to blame by trying them one
    // at a time with `one` (while the transaction is still open: its end rolls them back).
    template <typename Row, typename Bind>
    void execRows(SQLite::Statement& statement, SQLite::Statement& one, const std::vector<Row>& rows,
                  Bind bind) {
        statement.reset();
        int parameter = 0;
        for (const Row& row : rows) {
            bind(statement, parameter, row);
        }
        try {
            statement.exec();
        } catch (const std::exception&) {
            m_failedWrite = rows.front().write;
            if (rows.size() > 1 && sqlite3_get_autocommit(m_db.getHandle()) == 0) {
                for (const Row& row : rows) {
                    one.reset();
                    parameter = 0;
                    bind(one, parameter, row);
                    try {
                        one.exec();
                    } catch (const std::exception&) {
                        m_failedWrite = row.write;
                        break;
                    }
                }
            }
            throw;
        }
    }

    void flushRecords() {
        if (m_records.empty()) {
            return;
        }
        std::optional<SQLite::Statement> partial;
        SQLite::Statement& upsert = statementFor(m_records.size(), m_upsertRecord, m_upsertChunk, partial,
                                                 kUpsertRecordsHead, kUpsertRecordsTail);
        execRows(upsert, m_upsertRecord, m_records, bindRecord);
        m_records.clear();
        m_index.clear();
    }

    void flushJournal() {
        if (m_journal.empty()) {
            return;
        }
        std::optional<SQLite::Statement> partial;
        SQLite::Statement& insert =
            statementFor(m_journal.size(), m_insertJournal, m_journalChunk, partial, kInsertJournalHead, {});
        execRows(insert, m_insertJournal, m_journal, bindEntry);
        m_journal.clear();
    }

    SQLite::Database& m_db;
    SQLite::Statement& m_selectRecord;
    SQLite::Statement& m_upsertRecord;
    SQLite::Statement& m_insertJournal;
    std::optional<SQLite::Statement> m_upsertChunk;
    std::optional<SQLite::Statement> m_journalChunk;
    std::vector<PendingRecord> m_records;
    std::map<Key, std::size_t> m_index;
    std::vector<PendingEntry> m_journal;
    std::optional<std::int64_t> m_lastSeq;
    std::size_t m_write = 0;
    std::optional<std::size_t> m_failedWrite;
};

SQLite::Database openReplica(const StoreOptions& options) {
    SQLite::Database db(options.path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
    db.exec(synchronousPragma(options.synchronous)); // first, so switching to WAL obeys it too
    db.exec("PRAGMA journal_mode = WAL");
    WriteTransaction transaction(db);
    store::prepareReplicaSchema(db);
    transaction.commit();
    return db;
}

} // namespace

struct LocalStore::Impl {
    StoreOptions options;
    SQLite::Database db;
    const schema::SchemaRegistry* schema;
    NodeId node;
    HybridClock clock;
    UuidV7Generator ids;

    SQLite::Statement selectRecord{db, "SELECT doc, versions FROM records WHERE collection = ? AND id = ?"};
    SQLite::Statement upsertRecord{db, fiveColumnSql(kUpsertRecordsHead, 1, kUpsertRecordsTail)};
    SQLite::Statement insertJournal{db, fiveColumnSql(kInsertJournalHead, 1)};
    SQLite::Statement selectState{db, "SELECT value FROM sync_state WHERE key = ?"};
    SQLite::Statement upsertState{db, "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"};

    explicit Impl(StoreOptions opts)
        : options(std::move(opts))
        , db(openReplica(options))
        , schema(options.schema ? options.schema : &schema::SchemaRegistry::builtin())
        , clock(options.clock)
        , ids(options.clock) {}

    // Inside a write transaction: the clock as persisted in the file (exactly: another
    // connection may have re-stamped and so lowered it) with the persisted clock correction.
    void loadClockState();
    void saveClock();
    WriteBuffer writeBuffer() { return WriteBuffer(db, selectRecord, upsertRecord, insertJournal); }
    // One local write inside an already-open write transaction (after loadClockState): checks,
    // validates, versions and journals it into `rows`. The caller flushes `rows`, persists the
    // clock and commits.
    Result<LocalWrite> writeInTransaction(WriteBuffer& rows, std::string_view collection, std::string_view id,
                                          const Json& fields, schema::UnknownFields unknown);
};

LocalStore::LocalStore(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}
LocalStore::~LocalStore() = default;

namespace {

std::optional<std::string> readState(SQLite::Statement& select, std::string_view key) {
    select.reset();
    select.bind(1, std::string(key));
    std::optional<std::string> value;
    if (select.executeStep() && !select.getColumn(0).isNull()) {
        value = select.getColumn(0).getString();
    }
    select.reset(); // an unfinished statement would hold its read snapshot open
    return value;
}

// Sync values (setSyncValue) may use any non-empty key the store does not keep for itself.
bool isSyncValueKey(std::string_view key) {
    return !key.empty() &&
           std::find(kReservedStateKeys.begin(), kReservedStateKeys.end(), key) == kReservedStateKeys.end();
}

Unexpected<Error> refuseSyncValueKey(std::string_view key) {
    return fail(ErrorCode::InvalidChange,
                "sync value \"" + std::string(key) + "\": the name is empty or reserved by the store");
}

void writeState(SQLite::Statement& upsert, std::string_view key, const std::string& value) {
    upsert.reset();
    upsert.bind(1, std::string(key));
    upsert.bind(2, value);
    upsert.exec();
}

void writeState(SQLite::Statement& upsert, std::string_view key, std::int64_t value) {
    upsert.reset();
    upsert.bind(1, std::string(key));
    upsert.bind(2, value);
    upsert.exec();
}

Hlc loadClock(SQLite::Statement& select) {
    const auto text = readState(select, kClockKey);
    return text ? Hlc::fromHex(*text).value_or(Hlc{}) : Hlc{};
}

std::int64_t loadInteger(SQLite::Statement& select, std::string_view key) {
    const auto text = readState(select, key);
    return text ? std::stoll(*text) : 0;
}

RecordPatch parseStoredPatch(const std::string& text, std::string_view what, std::int64_t seq) {
    auto patch = patchFromJson(Json::parse(text));
    if (!patch) {
        throw std::runtime_error(std::string(what) + " " + std::to_string(seq) +
                                 " is damaged: " + patch.error().describe());
    }
    return std::move(*patch);
}

} // namespace

void LocalStore::Impl::loadClockState() {
    clock = HybridClock(options.clock, loadClock(selectState));
    clock.setPhysicalOffset(loadInteger(selectState, kClockCorrectionKey));
}

void LocalStore::Impl::saveClock() {
    writeState(upsertState, kClockKey, clock.last().toHex());
}

Result<LocalWrite> LocalStore::Impl::writeInTransaction(WriteBuffer& rows, std::string_view collection,
                                                        std::string_view id, const Json& fields,
                                                        schema::UnknownFields unknown) {
    if (!fields.is_object() || fields.empty()) {
        return fail(ErrorCode::InvalidChange, std::string(collection) + ": a write needs at least one field");
    }
    if (id.empty() || id.size() > PatchLimits{}.maxIdLength) {
        return fail(ErrorCode::InvalidChange, std::string(collection) + ": a record id must have 1 to " +
                                                  std::to_string(PatchLimits{}.maxIdLength) + " characters");
    }
    if (const auto* spec = schema->collection(collection); spec != nullptr && spec->serverWritten) {
        return fail(ErrorCode::Forbidden,
                    std::string(collection) + " records are written by the server only");
    }
    RecordRow row = rows.read(collection, id);

    const bool restores = fields.contains(kDeletedField) && fields[kDeletedField] == Json(false);
    const bool deletesAgain =
        fields.size() == 1 && fields.contains(kDeletedField) && fields[kDeletedField] == Json(true);
    if (isDeletedDoc(row.doc) && !restores && !deletesAgain) {
        return fail(ErrorCode::InvalidChange, std::string(collection) + " " + std::string(id) +
                                                  " is deleted; restore it before editing");
    }
    const auto issues = schema->validateWrite(collection, fields, row.exists ? &row.doc : nullptr, unknown);
    if (!issues.empty()) {
        return fail(ErrorCode::InvalidChange, schema::describe(issues));
    }

    const Version version{clock.now(), node};

    RecordPatch patch{std::string(collection), std::string(id), {}, {}};
    if (fields.contains(kDeletedField) && fields[kDeletedField] == Json(true)) {
        for (const auto& [name, seenVersion] : row.versions) {
            if (!isSystemField(name)) {
                patch.seen.emplace(name, seenVersion);
            }
        }
    }
    for (const auto& [name, value] : fields.items()) {
        const auto current = row.doc.find(name);
        if (current != row.doc.end() && *current == value) {
            continue; // unchanged: nothing to journal
        }
        const auto base = row.versions.find(name);
        patch.fields.emplace(
            name, FieldChange{value, version,
                              base == row.versions.end() ? std::nullopt : std::optional(base->second)});
        row.doc[name] = value;
        row.versions.insert_or_assign(name, version);
    }
    if (patch.fields.empty()) {
        return LocalWrite{std::string(collection), std::string(id), version, 0};
    }

    rows.write(collection, id, std::move(row));
    const std::int64_t seq =
        rows.journal(collection, id, toJson(patch).dump(), static_cast<std::int64_t>(clock.physicalMillis()));
    return LocalWrite{std::string(collection), std::string(id), version, seq};
}

Result<std::unique_ptr<LocalStore>> LocalStore::open(StoreOptions options) {
    return guarded("open " + options.path.string(), [&]() -> Result<std::unique_ptr<LocalStore>> {
        auto impl = std::make_unique<Impl>(std::move(options));
        SQLite::Database& db = impl->db;
        WriteTransaction transaction(db);
        const auto nodeText = readState(impl->selectState, kNodeKey);
        const auto node = nodeText ? NodeId::fromHex(*nodeText) : std::nullopt;
        if (node) {
            impl->node = *node;
        } else {
            impl->node = impl->options.node ? *impl->options.node : NodeId::random();
            writeState(impl->upsertState, kNodeKey, impl->node.toHex());
        }
        transaction.commit();
        return std::unique_ptr<LocalStore>(new LocalStore(std::move(impl)));
    });
}

NodeId LocalStore::nodeId() const {
    return m_impl->node;
}

Result<LocalWrite> LocalStore::create(std::string_view collection, const Json& fields,
                                      schema::UnknownFields unknown) {
    const std::string id = m_impl->ids.next();
    return write(collection, id, fields, unknown);
}

Result<LocalWrite> LocalStore::write(std::string_view collection, std::string_view id, const Json& fields,
                                     schema::UnknownFields unknown) {
    return guarded("write", [&]() -> Result<LocalWrite> {
        Impl& impl = *m_impl;
        WriteTransaction transaction(impl.db);
        impl.loadClockState();
        WriteBuffer rows = impl.writeBuffer();
        auto written = impl.writeInTransaction(rows, collection, id, fields, unknown);
        if (written && written->journalSeq != 0) {
            rows.flush();
            impl.saveClock();
            transaction.commit();
        }
        return written;
    });
}

Result<std::vector<LocalWrite>> LocalStore::writeAll(const std::vector<WriteRequest>& writes,
                                                     schema::UnknownFields unknown) {
    return guarded("batch write", [&]() -> Result<std::vector<LocalWrite>> {
        Impl& impl = *m_impl;
        WriteTransaction transaction(impl.db);
        impl.loadClockState();
        WriteBuffer rows = impl.writeBuffer();
        std::vector<LocalWrite> written;
        written.reserve(writes.size());
        bool journalled = false;
        std::size_t index = 0;
        try {
            for (; index < writes.size(); ++index) {
                const WriteRequest& request = writes[index];
                const std::string id = request.id.empty() ? impl.ids.next() : request.id;
                rows.setWrite(index);
                auto one = impl.writeInTransaction(rows, request.collection, id, request.fields, unknown);
                if (!one) {
                    return fail(one.error().code,
                                "write " + std::to_string(index) + ": " + one.error().message);
                }
                journalled = journalled || one->journalSeq != 0;
                written.push_back(std::move(*one));
            }
            rows.flush();
        } catch (const std::exception& error) {
            // A buffered row may fail to store after later writes were taken: name its write.
            const std::size_t culprit = rows.failedWrite().value_or(std::min(index, writes.size() - 1));
            return fail(ErrorCode::Internal,
                        "write " + std::to_string(culprit) + ": local store: write failed: " + error.what());
        }
        if (journalled) {
            impl.saveClock();
            transaction.commit();
        }
        return written;
    });
}

Result<LocalWrite> LocalStore::remove(std::string_view collection, std::string_view id) {
    return setDeleted(collection, id, true);
}

Result<LocalWrite> LocalStore::restore(std::string_view collection, std::string_view id) {
    return setDeleted(collection, id, false);
}

Result<LocalWrite> LocalStore::setDeleted(std::string_view collection, std::string_view id, bool deleted) {
    auto existing = get(collection, id);
    if (!existing) {
        return unexpected(existing.error());
    }
    if (!existing->has_value()) {
        return fail(ErrorCode::NotFound, std::string(collection) + " " + std::string(id) + " does not exist");
    }
    return write(collection, id, Json{{kDeletedField, deleted}});
}

Result<Done> LocalStore::setClockCorrection(std::int64_t offsetMillis) {
    return guarded("setting the clock correction", [&]() -> Result<Done> {
        writeState(m_impl->upsertState, kClockCorrectionKey, offsetMillis);
        return Done{};
    });
}

Result<std::int64_t> LocalStore::clockCorrection() {
    return guarded("reading the clock correction", [&]() -> Result<std::int64_t> {
        return loadInteger(m_impl->selectState, kClockCorrectionKey);
    });
}

Result<std::int64_t> LocalStore::restampPending() {
    return guarded("re-stamping the journal", [&]() -> Result<std::int64_t> {
        Impl& impl = *m_impl;
        WriteTransaction transaction(impl.db);
        impl.loadClockState();

        struct Pending {
            std::int64_t seq = 0;
            RecordPatch patch;
        };
        std::vector<Pending> pending;
        {
            SQLite::Statement select(impl.db, "SELECT seq, patch FROM journal ORDER BY seq");
            while (select.executeStep()) {
                const std::int64_t seq = select.getColumn(0).getInt64();
                pending.push_back(
                    Pending{seq, parseStoredPatch(select.getColumn(1).getString(), "journal entry", seq)});
            }
        }

        // The newest version the replica holds that is not one of the versions being replaced
        // (version text order is version order). The new versions must pass it, so that no
        // re-stamped change falls behind a change it has already seen or overwritten.
        Hlc start;
        {
            SQLite::Statement newest(impl.db, "SELECT max(v.value) FROM records r, json_each(r.versions) v "
                                              "WHERE v.value NOT IN (SELECT json_extract(f.value, '$.ver') "
                                              "FROM journal j, json_each(j.patch, '$.fields') f)");
            if (newest.executeStep() && !newest.getColumn(0).isNull()) {
                if (const auto version = Version::parse(newest.getColumn(0).getString())) {
                    start = version->hlc;
                }
            }
        }
        // Restarting lowers the clock, which HybridClock::restore (a max) cannot do. now()
        // issues max(start + 1 tick, corrected physical time).
        const std::int64_t correction = impl.clock.physicalOffset();
        impl.clock = HybridClock(impl.options.clock, start);
        impl.clock.setPhysicalOffset(correction);

        std::map<Version, Version> restamped; // old version -> new version
        const auto follow = [&](Version& version) {
            if (const auto found = restamped.find(version); found != restamped.end()) {
                version = found->second;
            }
        };
        std::set<std::pair<std::string, std::string>> records;
        SQLite::Statement updateEntry(impl.db, "UPDATE journal SET patch = ? WHERE seq = ?");
        for (Pending& entry : pending) {
            const Version fresh{impl.clock.now(), impl.node}; // one version per entry, as write() does
            for (auto& [name, change] : entry.patch.fields) {
                if (change.base) {
                    follow(*change.base); // bases only name versions of earlier entries
                }
                restamped.insert_or_assign(change.version, fresh);
                change.version = fresh;
            }
            for (auto& [name, seen] : entry.patch.seen) {
                follow(seen);
            }
            updateEntry.reset();
            updateEntry.bind(1, toJson(entry.patch).dump());
            updateEntry.bind(2, entry.seq);
            updateEntry.exec();
            records.emplace(entry.patch.collection, entry.patch.id);
        }

        // Fields still carrying a replaced version take its new one; fields a remote change
        // overwrote since keep theirs. Only `versions` changes, so the FTS triggers stay quiet.
        SQLite::Statement updateVersions(impl.db,
                                         "UPDATE records SET versions = ? WHERE collection = ? AND id = ?");
        for (const auto& [collection, id] : records) {
            RecordRow row = readRow(impl.selectRecord, collection, id);
            if (!row.exists) {
                continue;
            }
            bool changed = false;
            for (auto& [name, version] : row.versions) {
                if (const auto found = restamped.find(version); found != restamped.end()) {
                    version = found->second;
                    changed = true;
                }
            }
            if (changed) {
                updateVersions.reset();
                updateVersions.bind(1, versionsText(row.versions));
                updateVersions.bind(2, collection);
                updateVersions.bind(3, id);
                updateVersions.exec();
            }
        }
        impl.saveClock();
        transaction.commit();
        return static_cast<std::int64_t>(pending.size());
    });
}

Result<ApplyResult>
LocalStore::applyRemote(const std::vector<RecordPatch>& patches, std::optional<std::int64_t> cursor,
                        const std::vector<std::pair<std::string, std::string>>& syncValues) {
    for (const auto& [key, value] : syncValues) {
        if (!isSyncValueKey(key)) {
            return refuseSyncValueKey(key);
        }
    }
    return guarded("applying remote changes", [&]() -> Result<ApplyResult> {
        Impl& impl = *m_impl;
        WriteTransaction transaction(impl.db);
        ApplyResult result;
        std::optional<Version> newest;
        WriteBuffer rows = impl.writeBuffer();
        for (const RecordPatch& patch : patches) {
            RecordRow row = rows.read(patch.collection, patch.id);
            std::size_t applied = 0;
            for (const auto& [name, change] : patch.fields) {
                newest = std::max(newest.value_or(change.version), change.version);
                const auto current = row.versions.find(name);
                const auto decision =
                    mergeField(current == row.versions.end() ? std::nullopt : std::optional(current->second),
                               change.version);
                if (decision == MergeDecision::Apply) {
                    row.doc[name] = change.value;
                    row.versions.insert_or_assign(name, change.version);
                    ++applied;
                }
            }
            if (applied > 0) {
                rows.write(patch.collection, patch.id, std::move(row));
                ++result.recordsChanged;
                result.fieldsApplied += applied;
            }
        }
        rows.flush();
        if (newest) {
            // One receive for the newest version of the batch: the clock passes every version
            // received, without spending a counter tick per field.
            impl.loadClockState();
            impl.clock.receive(newest->hlc);
            impl.saveClock();
        }
        if (cursor) {
            writeState(impl.upsertState, kCursorKey, *cursor);
        }
        for (const auto& [key, value] : syncValues) {
            writeState(impl.upsertState, key, value);
        }
        transaction.commit();
        return result;
    });
}

Result<std::vector<JournalEntry>> LocalStore::pendingJournal(std::size_t limit, std::int64_t afterSeq) {
    return guarded("reading the journal", [&]() -> Result<std::vector<JournalEntry>> {
        SQLite::Statement select(
            m_impl->db, "SELECT seq, patch, created_at FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
        select.bind(1, afterSeq);
        select.bind(2, sqlLimit(limit));
        std::vector<JournalEntry> entries;
        while (select.executeStep()) {
            JournalEntry entry;
            entry.seq = select.getColumn(0).getInt64();
            auto patch = patchFromJson(Json::parse(select.getColumn(1).getString()));
            if (!patch) {
                return fail(ErrorCode::Internal, "journal entry " + std::to_string(entry.seq) +
                                                     " is damaged: " + patch.error().describe());
            }
            entry.patch = std::move(*patch);
            entry.createdAt = select.getColumn(2).getInt64();
            entries.push_back(std::move(entry));
        }
        return entries;
    });
}

Result<std::int64_t> LocalStore::pendingCount() {
    return guarded("counting the journal", [&]() -> Result<std::int64_t> {
        return m_impl->db.execAndGet("SELECT count(*) FROM journal").getInt64();
    });
}

Result<std::int64_t> LocalStore::acknowledgeThrough(std::int64_t seq) {
    return guarded("acknowledging the journal", [&]() -> Result<std::int64_t> {
        WriteTransaction transaction(m_impl->db);
        SQLite::Statement remove(m_impl->db, "DELETE FROM journal WHERE seq <= ?");
        remove.bind(1, seq);
        const int removed = remove.exec();
        // The acknowledged position only moves forward (a repeated or late ack changes nothing).
        const std::int64_t lastAck = loadInteger(m_impl->selectState, kLastAckKey);
        if (seq > lastAck) {
            writeState(m_impl->upsertState, kLastAckKey, seq);
        }
        transaction.commit();
        return std::int64_t{removed};
    });
}

Result<Done> LocalStore::parkJournalEntry(std::int64_t seq, std::string_view reason) {
    return guarded("parking a journal entry", [&]() -> Result<Done> {
        Impl& impl = *m_impl;
        WriteTransaction transaction(impl.db);
        impl.loadClockState();
        SQLite::Statement park(impl.db,
                               "INSERT INTO parked (seq, collection, record_id, patch, reason, parked_at) "
                               "SELECT seq, collection, record_id, patch, ?, ? FROM journal WHERE seq = ?");
        park.bind(1, std::string(reason));
        park.bind(2, static_cast<std::int64_t>(impl.clock.physicalMillis()));
        park.bind(3, seq);
        if (park.exec() == 0) {
            return fail(ErrorCode::NotFound, "journal entry " + std::to_string(seq) + " is not pending");
        }
        SQLite::Statement remove(impl.db, "DELETE FROM journal WHERE seq = ?");
        remove.bind(1, seq);
        remove.exec();
        transaction.commit();
        return Done{};
    });
}

Result<std::vector<ParkedEntry>> LocalStore::parkedEntries() {
    return guarded("reading parked entries", [&]() -> Result<std::vector<ParkedEntry>> {
        SQLite::Statement select(m_impl->db, "SELECT seq, patch, reason, parked_at FROM parked ORDER BY seq");
        std::vector<ParkedEntry> entries;
        while (select.executeStep()) {
            ParkedEntry entry;
            entry.seq = select.getColumn(0).getInt64();
            entry.patch = parseStoredPatch(select.getColumn(1).getString(), "parked entry", entry.seq);
            entry.reason = select.getColumn(2).getString();
            entry.parkedAt = select.getColumn(3).getInt64();
            entries.push_back(std::move(entry));
        }
        return entries;
    });
}

Result<std::size_t>
LocalStore::dropRecords(const std::vector<std::pair<std::string, std::string>>& collectionAndIds) {
    return guarded("dropping records", [&]() -> Result<std::size_t> {
        // One statement per table for the whole list ([[collection, id], ...]), as one statement
        // per record would make FTS5 write an index segment per article. Deleting from
        // `records` fires the trigger that removes the article_fts row.
        Json refs = Json::array();
        for (const auto& [collection, id] : collectionAndIds) {
            refs.push_back(Json::array({collection, id}));
        }
        const std::string refsText = refs.dump();
        WriteTransaction transaction(m_impl->db);
        SQLite::Statement removeRecords(
            m_impl->db,
            "DELETE FROM records WHERE rowid IN ("
            "SELECT r.rowid FROM json_each(?) j JOIN records r "
            "ON r.collection = json_extract(j.value, '$[0]') AND r.id = json_extract(j.value, '$[1]'))");
        removeRecords.bind(1, refsText);
        const int removed = removeRecords.exec();
        SQLite::Statement removeJournal(m_impl->db, "DELETE FROM journal WHERE seq IN ("
                                                    "SELECT e.seq FROM json_each(?) j JOIN journal e "
                                                    "ON e.collection = json_extract(j.value, '$[0]') AND "
                                                    "e.record_id = json_extract(j.value, '$[1]'))");
        removeJournal.bind(1, refsText);
        removeJournal.exec();
        transaction.commit();
        return static_cast<std::size_t>(removed);
    });
}

Result<QueuedResolution> LocalStore::queueResolution(std::string_view conflictId, const Json& value) {
    if (conflictId.empty()) {
        return fail(ErrorCode::InvalidChange, "a resolution needs the conflict's id");
    }
    return guarded("saving a conflict resolution", [&]() -> Result<QueuedResolution> {
        Impl& impl = *m_impl;
        QueuedResolution queued;
        queued.conflictId = std::string(conflictId);
        queued.value = value;
        queued.queuedAt = static_cast<std::int64_t>(impl.options.clock());
        // REPLACE deletes the earlier row of the conflict; AUTOINCREMENT never reuses its seq, so
        // a session that sent the earlier choice cannot remove this one by mistake.
        SQLite::Statement insert(impl.db, "INSERT OR REPLACE INTO resolution_queue "
                                          "(conflict_id, value, queued_at, refusal, refused_at) "
                                          "VALUES (?, ?, ?, NULL, NULL)");
        insert.bind(1, queued.conflictId);
        insert.bind(2, value.dump());
        insert.bind(3, queued.queuedAt);
        insert.exec();
        queued.seq = impl.db.getLastInsertRowid();
        return queued;
    });
}

Result<std::vector<QueuedResolution>> LocalStore::queuedResolutions() {
    return guarded("reading queued resolutions", [&]() -> Result<std::vector<QueuedResolution>> {
        SQLite::Statement select(m_impl->db, "SELECT seq, conflict_id, value, queued_at, refusal, refused_at "
                                             "FROM resolution_queue ORDER BY seq");
        std::vector<QueuedResolution> entries;
        while (select.executeStep()) {
            QueuedResolution entry;
            entry.seq = select.getColumn(0).getInt64();
            entry.conflictId = select.getColumn(1).getString();
            entry.value = Json::parse(select.getColumn(2).getString());
            entry.queuedAt = select.getColumn(3).getInt64();
            if (!select.getColumn(4).isNull()) {
                entry.refusal = select.getColumn(4).getString();
                entry.refusedAt = select.getColumn(5).getInt64();
            }
            entries.push_back(std::move(entry));
        }
        return entries;
    });
}

Result<Done> LocalStore::removeResolution(std::int64_t seq) {
    return guarded("removing a sent resolution", [&]() -> Result<Done> {
        SQLite::Statement remove(m_impl->db, "DELETE FROM resolution_queue WHERE seq = ?");
        remove.bind(1, seq);
        remove.exec();
        return Done{};
    });
}

Result<Done> LocalStore::refuseResolution(std::int64_t seq, std::string_view reason) {
    return guarded("recording a refused resolution", [&]() -> Result<Done> {
        SQLite::Statement refuse(m_impl->db,
                                 "UPDATE resolution_queue SET refusal = ?, refused_at = ? WHERE seq = ?");
        refuse.bind(1, std::string(reason));
        refuse.bind(2, static_cast<std::int64_t>(m_impl->options.clock()));
        refuse.bind(3, seq);
        refuse.exec();
        return Done{};
    });
}

Result<std::optional<std::string>> LocalStore::syncValue(std::string_view key) {
    return guarded("reading a sync value", [&]() -> Result<std::optional<std::string>> {
        return readState(m_impl->selectState, key);
    });
}

Result<Done> LocalStore::setSyncValue(std::string_view key, std::string_view value) {
    if (!isSyncValueKey(key)) {
        return refuseSyncValueKey(key);
    }
    return guarded("setting a sync value", [&]() -> Result<Done> {
        writeState(m_impl->upsertState, key, std::string(value));
        return Done{};
    });
}

Result<std::int64_t> LocalStore::dataVersion() {
    return guarded("reading the data version", [&]() -> Result<std::int64_t> {
        return m_impl->db.execAndGet("PRAGMA data_version").getInt64();
    });
}

Result<std::int64_t> LocalStore::cursor() {
    return guarded("reading the cursor",
                   [&]() -> Result<std::int64_t> { return loadInteger(m_impl->selectState, kCursorKey); });
}

Result<Hlc> LocalStore::lastClock() {
    return guarded("reading the clock", [&]() -> Result<Hlc> { return loadClock(m_impl->selectState); });
}

Result<std::optional<Record>> LocalStore::get(std::string_view collection, std::string_view id) {
    return guarded("reading a record", [&]() -> Result<std::optional<Record>> {
        RecordRow row = readRow(m_impl->selectRecord, collection, id);
        if (!row.exists) {
            return std::optional<Record>{};
        }
        const bool deleted = isDeletedDoc(row.doc);
        return std::optional<Record>(Record{std::string(collection), std::string(id), std::move(row.doc),
                                            std::move(row.versions), deleted});
    });
}

Result<std::vector<Record>> LocalStore::list(std::string_view collection, bool includeDeleted) {
    return guarded("listing records", [&]() -> Result<std::vector<Record>> {
        SQLite::Statement select(m_impl->db, "SELECT id, doc, versions, deleted FROM records "
                                             "WHERE collection = ? AND (? OR deleted = 0) ORDER BY id");
        select.bind(1, std::string(collection));
        select.bind(2, includeDeleted ? 1 : 0);
        std::vector<Record> records;
        while (select.executeStep()) {
            records.push_back(Record{std::string(collection), select.getColumn(0).getString(),
                                     Json::parse(select.getColumn(1).getString()),
                                     versionsFromText(select.getColumn(2).getString()),
                                     select.getColumn(3).getInt() != 0});
        }
        return records;
    });
}

Result<std::vector<Record>> LocalStore::findRecords(std::string_view collection, std::string_view text,
                                                    std::size_t limit) {
    return guarded("finding records", [&]() -> Result<std::vector<Record>> {
        // json_tree visits every value, nested ones included; only strings ('text') are
        // searched, never member names. SQLite's lower() folds ASCII only, as promised; the
        // needle is folded the same way here. An empty text matches every live record.
        std::string needle(text);
        std::transform(needle.begin(), needle.end(), needle.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
        SQLite::Statement select(m_impl->db,
                                 "SELECT r.id, r.doc, r.versions FROM records r "
                                 "WHERE r.collection = ? AND r.deleted = 0 AND (?2 = '' OR EXISTS ("
                                 "SELECT 1 FROM json_tree(r.doc) t "
                                 "WHERE t.type = 'text' AND instr(lower(t.atom), ?2) > 0)) "
                                 "ORDER BY r.id LIMIT ?3");
        select.bind(1, std::string(collection));
        select.bind(2, needle);
        select.bind(3, sqlLimit(limit));
        std::vector<Record> records;
        while (select.executeStep()) {
            records.push_back(Record{std::string(collection), select.getColumn(0).getString(),
                                     Json::parse(select.getColumn(1).getString()),
                                     versionsFromText(select.getColumn(2).getString()), false});
        }
        return records;
    });
}

Result<std::map<std::string, std::int64_t, std::less<>>> LocalStore::countByCollection() {
    return guarded("counting records", [&]() -> Result<std::map<std::string, std::int64_t, std::less<>>> {
        SQLite::Statement select(
            m_impl->db, "SELECT collection, count(*) FROM records WHERE deleted = 0 GROUP BY collection");
        std::map<std::string, std::int64_t, std::less<>> counts;
        while (select.executeStep()) {
            counts.emplace(select.getColumn(0).getString(), select.getColumn(1).getInt64());
        }
        return counts;
    });
}

Result<std::vector<SearchHit>> LocalStore::searchArticles(std::string_view query,
                                                          const SearchOptions& options) {
    const auto words = queryWords(query);
    if (words.empty() || options.limit == 0) {
        return std::vector<SearchHit>{};
    }
    std::string match;
    for (const auto& word : words) {
        match += (match.empty() ? "\"" : " \"") + word + "\"*";
    }
    return guarded("searching articles", [&]() -> Result<std::vector<SearchHit>> {
        // Weights follow the column order of article_fts: title, summary, tags, body.
        SQLite::Statement select(m_impl->db, "SELECT r.id, json_extract(r.doc, '$.title'), "
                                             "snippet(article_fts, -1, ?, ?, '…', 16), "
                                             "bm25(article_fts, 10.0, 5.0, 3.0, 1.0) AS rank "
                                             "FROM article_fts JOIN records r ON r.rowid = article_fts.rowid "
                                             "WHERE article_fts MATCH ? ORDER BY rank LIMIT ?");
        select.bind(1, options.highlightStart);
        select.bind(2, options.highlightEnd);
        select.bind(3, match);
        select.bind(4, sqlLimit(options.limit));
        std::vector<SearchHit> hits;
        while (select.executeStep()) {
            const auto title = select.getColumn(1);
            hits.push_back(SearchHit{select.getColumn(0).getString(),
                                     title.isNull() ? std::string() : title.getString(),
                                     select.getColumn(2).getString(), select.getColumn(3).getDouble()});
        }
        return hits;
    });
}

SQLite::Database& LocalStore::database() {
    return m_impl->db;
}

Result<std::string> LocalStore::canonicalDump() {
    return guarded("dumping the replica", [&]() -> Result<std::string> {
        SQLite::Statement select(m_impl->db,
                                 "SELECT collection, id, doc, versions FROM records ORDER BY collection, id");
        std::string dump;
        while (select.executeStep()) {
            for (int column = 0; column < 4; ++column) {
                dump += select.getColumn(column).getString();
                dump += column == 3 ? '\n' : '\t';
            }
        }
        return dump;
    });
}

} // namespace knowset
