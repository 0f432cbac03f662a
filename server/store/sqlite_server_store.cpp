// The SQLite backend of the server store.
//
// Tables (schema version kStoreSchemaVersion, checked through PRAGMA user_version and
// application_id, so a client replica or a foreign file is refused rather than misread):
//   records        one row per record: its fields as one JSON object
//                  {name: {"v": value, "ver": version, "by": author, "at": received ms, "seq": n}},
//                  its scope `branch` ("" for global collections) and `seq`, the highest seq of
//                  its fields. Conflict records live here too, under collection "conflict".
//   changes        the history: one row per applied field change, keyed by its seq.
//   node_progress  per client node, the highest journal entry number applied (idempotent pushes).
//   server_state   the server's node id, the last seq issued (head_seq) and the highest HLC seen.
//   users, branches, sessions (token hashes only), audit.
//
// Commit algorithm (commitPushes): one BEGIN IMMEDIATE transaction for the whole group. For each
// batch, entries at or below the node's progress are skipped; every other patch is judged
// against the record's current fields by the shared merge code (judgePatch), the winning fields
// are applied (applyVerdict) and each gets the next seq, written to the record row and to
// `changes`. Each conflict found becomes a `conflict` record unless one with its derived id
// exists; its fields are versioned by the server's clock and sequenced like any change, and its
// branch is the conflicted record's, so scope filtering treats it like the record. Finally
// node_progress, head_seq and the highest HLC are updated, and the transaction commits.
//
// Sequence order equals commit order because seqs are issued only inside write transactions,
// which run one at a time on the write connection (and SQLite's write lock keeps another
// process out). Readers use their own read-only connections: in WAL mode each statement sees a
// committed snapshot, which therefore always holds a prefix of the sequence, and never waits for
// a commit's fsync.
#include "server/store/sqlite_server_store.hpp"

#include "knowset/core/ids.hpp"
#include "knowset/merge/conflict.hpp"
#include "knowset/merge/merge.hpp"
#include "knowset/store/sqlite_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace knowset::server {

namespace {

constexpr int kStoreSchemaVersion = 1;
constexpr int kApplicationId = 0x4b4e5356; // "KNSV": a server store, not a client replica

constexpr const char* kCreateSchema = R"sql(
CREATE TABLE records (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  fields     TEXT NOT NULL CHECK (json_valid(fields)),
  branch     TEXT NOT NULL DEFAULT '',
  seq        INTEGER NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE UNIQUE INDEX records_seq ON records (seq);

CREATE TABLE changes (
  seq         INTEGER PRIMARY KEY,
  collection  TEXT NOT NULL,
  id          TEXT NOT NULL,
  field       TEXT NOT NULL,
  value       TEXT NOT NULL CHECK (json_valid(value)),
  version     TEXT NOT NULL,
  author      TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX changes_record ON changes (collection, id, seq);

CREATE TABLE node_progress (
  node    TEXT PRIMARY KEY,
  through INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE node_owners (
  node  TEXT PRIMARY KEY,
  owner TEXT NOT NULL
) WITHOUT ROWID;

-- `value` has no declared type on purpose: any affinity would turn an all-digit hex string
-- into a number and lose its leading zeros.
CREATE TABLE server_state (
  key   TEXT PRIMARY KEY,
  value NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL,
  branches      TEXT NOT NULL CHECK (json_valid(branches)),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE branches (
  name TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user);

CREATE TABLE audit (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

// Statements both kinds of connection use.
constexpr const char* kSelectRecord =
    "SELECT fields, branch, seq FROM records WHERE collection = ? AND id = ?";
constexpr const char* kSelectState = "SELECT value FROM server_state WHERE key = ?";
constexpr const char* kSelectProgress = "SELECT through FROM node_progress WHERE node = ?";

constexpr const char* kStateNode = "server_node";
constexpr const char* kStateHeadSeq = "head_seq";
constexpr const char* kStateMaxHlc = "max_hlc";

constexpr const char* kServerAuthor = "server";

template <typename Function>
auto guarded(std::string_view what, Function&& function) -> decltype(function()) {
    try {
        return function();
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, "server store: " + std::string(what) + " failed: " + error.what());
    }
}

// Resets a kept statement before and after one use, even when the use throws: an unfinished
// statement would hold its read snapshot open (and keep the WAL from being checkpointed).
class StatementUse {
public:
    explicit StatementUse(SQLite::Statement& statement)
        : m_statement(statement) {
        m_statement.tryReset();
    }
    ~StatementUse() { m_statement.tryReset(); }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;

    SQLite::Statement* operator->() { return &m_statement; }
    SQLite::Statement& operator*() { return m_statement; }

private:
    SQLite::Statement& m_statement;
};

std::int64_t toInt64(std::size_t value) {
    return static_cast<std::int64_t>(std::min<std::size_t>(value, std::numeric_limits<std::int64_t>::max()));
}

// ---- records as stored ----

struct RecordState {
    bool exists = false;
    StoredFields fields;
    std::map<std::string, std::int64_t, std::less<>> fieldSeqs;
    std::string branch;
    std::int64_t seq = 0;
};

Version parseVersion(const std::string& text) {
    const auto version = Version::parse(text);
    if (!version) {
        throw std::runtime_error("damaged version \"" + text + "\" in the store");
    }
    return *version;
}

void parseFields(const std::string& text, RecordState& record) {
    const Json json = Json::parse(text);
    for (const auto& item : json.items()) {
        const Json& entry = item.value();
        record.fields.emplace(
            item.key(), StoredField{entry.at("v"), parseVersion(entry.at("ver").get<std::string>()),
                                    entry.at("by").get<std::string>(), entry.at("at").get<std::int64_t>()});
        record.fieldSeqs.emplace(item.key(), entry.at("seq").get<std::int64_t>());
    }
}

std::string fieldsToText(const RecordState& record) {
    Json json = Json::object();
    for (const auto& [name, field] : record.fields) {
        const auto seq = record.fieldSeqs.find(name);
        json[name] = Json{{"v", field.value},
                          {"ver", field.version.toString()},
                          {"by", field.author},
                          {"at", field.receivedAt},
                          {"seq", seq == record.fieldSeqs.end() ? 0 : seq->second}};
    }
    return json.dump();
}

RecordState loadRecord(SQLite::Statement& select, std::string_view collection, std::string_view id) {
    StatementUse use(select);
    use->bind(1, std::string(collection));
    use->bind(2, std::string(id));
    RecordState record;
    if (use->executeStep()) {
        record.exists = true;
        parseFields(use->getColumn(0).getString(), record);
        record.branch = use->getColumn(1).getString();
        record.seq = use->getColumn(2).getInt64();
    }
    return record;
}

std::optional<std::string> readStateText(SQLite::Statement& select, const char* key) {
    StatementUse use(select);
    use->bind(1, key);
    if (use->executeStep() && !use->getColumn(0).isNull()) {
        return use->getColumn(0).getString();
    }
    return std::nullopt;
}

std::int64_t readStateInt(SQLite::Statement& select, const char* key) {
    StatementUse use(select);
    use->bind(1, key);
    if (use->executeStep() && !use->getColumn(0).isNull()) {
        return use->getColumn(0).getInt64();
    }
    return 0;
}

Hlc readMaxHlc(SQLite::Statement& select) {
    const auto text = readStateText(select, kStateMaxHlc);
    return text ? Hlc::fromHex(*text).value_or(Hlc{}) : Hlc{};
}

std::int64_t readProgress(SQLite::Statement& select, NodeId node) {
    StatementUse use(select);
    use->bind(1, node.toHex());
    return use->executeStep() ? use->getColumn(0).getInt64() : 0;
}

// The scope of a record: the value of its collection's branch field, "" for global collections.
std::string branchOf(const schema::SchemaRegistry& registry, std::string_view collection,
                     const StoredFields& fields) {
    const schema::CollectionSpec* spec = registry.collection(collection);
    if (spec == nullptr || spec->scope != schema::Scope::Branch || spec->branchField.empty()) {
        return {};
    }
    const auto field = fields.find(spec->branchField);
    if (field == fields.end() || field->second.value.is_null()) {
        return {};
    }
    return field->second.value.is_string() ? field->second.value.get<std::string>()
                                           : field->second.value.dump();
}

// RFC 3339 in UTC with milliseconds, e.g. 2026-11-23T09:30:00.000Z.
std::string rfc3339(std::int64_t millis) {
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds{millis}};
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss<milliseconds> clock{time - day};
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()),
                  static_cast<int>(clock.subseconds().count()));
    return text.data();
}

User readUser(SQLite::Statement& select) {
    User user;
    user.name = select.getColumn(0).getString();
    const std::string role = select.getColumn(1).getString();
    const auto parsed = roleFromString(role);
    if (!parsed) {
        throw std::runtime_error("user " + user.name + " has an unknown role \"" + role + "\"");
    }
    user.role = *parsed;
    user.branches = Json::parse(select.getColumn(2).getString()).get<std::vector<std::string>>();
    user.passwordHash = select.getColumn(3).getString();
    user.disabled = select.getColumn(4).getInt() != 0;
    user.createdAt = select.getColumn(5).getInt64();
    return user;
}

constexpr const char* kUserColumns =
    "SELECT name, role, branches, password_hash, disabled, created_at FROM users";

// ---- connections ----

// Creates the schema in a new file, or checks that an existing file is a store this build reads.
void prepareSchema(SQLite::Database& db) {
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    const int applicationId = db.execAndGet("PRAGMA application_id").getInt();
    if (version == 0 && applicationId == 0) {
        if (db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() != 0) {
            throw std::runtime_error("this file is not a Knowset server store");
        }
        db.exec(kCreateSchema);
        db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        db.exec("PRAGMA user_version = " + std::to_string(kStoreSchemaVersion));
        return;
    }
    if (applicationId != kApplicationId) {
        throw std::runtime_error("this file is not a Knowset server store");
    }
    if (version > kStoreSchemaVersion) {
        throw std::runtime_error("this store was written by a newer knowset-server (store schema " +
                                 std::to_string(version) + ", this build reads up to " +
                                 std::to_string(kStoreSchemaVersion) +
                                 "); upgrade knowset-server to open it");
    }
    if (version != kStoreSchemaVersion) {
        throw std::runtime_error("unknown store schema version " + std::to_string(version));
    }
}

// Opens the write connection, with the schema ready for its statements to be prepared.
SQLite::Database openWriter(const std::filesystem::path& file, const SqliteStoreOptions& options) {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    db.setBusyTimeout(options.busyTimeoutMs);
    db.exec(synchronousPragma(options.synchronous));
    {
        WriteTransaction transaction(db);
        prepareSchema(db);
        transaction.commit();
    }
    // Only once the file is known to be ours (journal_mode cannot change inside a transaction).
    if (db.execAndGet("PRAGMA journal_mode = WAL").getString() != "wal") {
        throw std::runtime_error("cannot switch the store to WAL mode");
    }
    return db;
}

struct WriteConnection {
    SQLite::Database db;
    SQLite::Statement selectRecord{db, kSelectRecord};
    SQLite::Statement upsertRecord{db,
                                   "INSERT INTO records (collection, id, fields, branch, seq) "
                                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET "
                                   "fields = excluded.fields, branch = excluded.branch, seq = excluded.seq"};
    SQLite::Statement insertChange{db, "INSERT INTO changes "
                                       "(seq, collection, id, field, value, version, author, received_at) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"};
    SQLite::Statement selectState{db, kSelectState};
    SQLite::Statement upsertState{db, "INSERT INTO server_state (key, value) VALUES (?, ?) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"};
    SQLite::Statement selectProgress{db, kSelectProgress};
    SQLite::Statement upsertProgress{db, "INSERT INTO node_progress (node, through) VALUES (?, ?) "
                                         "ON CONFLICT (node) DO UPDATE SET through = excluded.through"};
    SQLite::Statement insertBranch{db,
                                   "INSERT INTO branches (name) VALUES (?) ON CONFLICT (name) DO NOTHING"};
    SQLite::Statement upsertUser{
        db, "INSERT INTO users (name, role, branches, password_hash, disabled, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "role = excluded.role, branches = excluded.branches, "
            "password_hash = excluded.password_hash, disabled = excluded.disabled, "
            "created_at = excluded.created_at"};
    SQLite::Statement insertSession{db, "INSERT INTO sessions (token_hash, user, created_at, expires_at) "
                                        "VALUES (?, ?, ?, ?)"};
    SQLite::Statement deleteSessions{db, "DELETE FROM sessions WHERE user = ?"};
    SQLite::Statement insertAudit{
        db, "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)"};

    explicit WriteConnection(SQLite::Database opened)
        : db(std::move(opened)) {}
};

struct ReadConnection {
    SQLite::Database db;
    SQLite::Statement selectRecord{db, kSelectRecord};
    SQLite::Statement selectChanges{db, "SELECT collection, id, fields, branch, seq FROM records "
                                        "WHERE seq > ? ORDER BY seq LIMIT ?"};
    SQLite::Statement selectHistory{db, "SELECT seq, field, value, version, author, received_at FROM changes "
                                        "WHERE collection = ? AND id = ? ORDER BY seq"};
    SQLite::Statement selectState{db, kSelectState};
    SQLite::Statement selectProgress{db, kSelectProgress};
    SQLite::Statement selectBranches{db, "SELECT name FROM branches ORDER BY name"};
    SQLite::Statement selectUser{db, std::string(kUserColumns) + " WHERE name = ?"};
    SQLite::Statement selectUsers{db, std::string(kUserColumns) + " ORDER BY name"};
    SQLite::Statement selectSession{db, "SELECT token_hash, user, created_at, expires_at FROM sessions "
                                        "WHERE token_hash = ?"};
    SQLite::Statement selectAudit{db, "SELECT at, actor, action, target, detail FROM audit "
                                      "ORDER BY id DESC LIMIT ?"};

    ReadConnection(const std::filesystem::path& file, int busyTimeoutMs)
        : db(file.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX) {
        db.setBusyTimeout(busyTimeoutMs);
    }
};

// Read-only connections, opened on demand up to a bound, each used by one thread at a time.
class ReadPool {
public:
    class Lease {
    public:
        Lease(ReadPool& pool, ReadConnection& connection)
            : m_pool(pool)
            , m_connection(connection) {}
        ~Lease() { m_pool.release(m_connection); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;

        ReadConnection* operator->() { return &m_connection; }

    private:
        ReadPool& m_pool;
        ReadConnection& m_connection;
    };

    ReadPool(std::filesystem::path file, std::size_t size, int busyTimeoutMs)
        : m_file(std::move(file))
        , m_size(std::max<std::size_t>(size, 1))
        , m_busyTimeoutMs(busyTimeoutMs) {}

    Lease acquire() {
        std::unique_lock lock(m_mutex);
        m_available.wait(lock, [&] { return !m_idle.empty() || m_connections.size() < m_size; });
        if (m_idle.empty()) {
            m_connections.push_back(std::make_unique<ReadConnection>(m_file, m_busyTimeoutMs));
            return Lease(*this, *m_connections.back());
        }
        ReadConnection* connection = m_idle.back();
        m_idle.pop_back();
        return Lease(*this, *connection);
    }

private:
    void release(ReadConnection& connection) {
        {
            const std::lock_guard lock(m_mutex);
            m_idle.push_back(&connection);
        }
        m_available.notify_one();
    }

    std::filesystem::path m_file;
    std::size_t m_size;
    int m_busyTimeoutMs;
    std::mutex m_mutex;
    std::condition_variable m_available;
    std::vector<std::unique_ptr<ReadConnection>> m_connections;
    std::vector<ReadConnection*> m_idle;
};

} // namespace

struct SqliteServerStore::Impl {
    SqliteStoreOptions options;
    const schema::SchemaRegistry* registry;
    std::mutex writeMutex; // guards `writer`
    WriteConnection writer;
    NodeId node;
    ReadPool readers;

    Impl(const std::filesystem::path& file, SqliteStoreOptions opts)
        : options(opts)
        , registry(options.schema != nullptr ? options.schema : &schema::SchemaRegistry::builtin())
        , writer(openWriter(file, options))
        , readers(file, options.readConnections, options.busyTimeoutMs) {}
};

namespace {

struct AppliedPatch {
    PatchVerdict verdict;
    std::string branch; // the record's branch after the patch
};

// One write transaction on the write connection. The caller holds the write mutex.
class WriteScope {
public:
    WriteScope(WriteConnection& connection, const schema::SchemaRegistry& registry)
        : m_connection(connection)
        , m_registry(registry)
        , m_transaction(connection.db)
        , m_head(readStateInt(connection.selectState, kStateHeadSeq))
        , m_maxHlc(readMaxHlc(connection.selectState)) {}

    RecordState load(std::string_view collection, std::string_view id) {
        return loadRecord(m_connection.selectRecord, collection, id);
    }

    // Judges `patch` against the record with the shared merge code, applies the winning
    // fields with fresh seqs and writes the record and its history. `branch` overrides the
    // scope computed from the collection (conflict records take their record's).
    AppliedPatch apply(const RecordPatch& patch, const IncomingContext& context,
                       const std::string* branch = nullptr) {
        for (const auto& [name, change] : patch.fields) {
            m_maxHlc = std::max(m_maxHlc, change.version.hlc);
        }
        RecordState record = load(patch.collection, patch.id);
        AppliedPatch result;
        result.verdict = judgePatch(record.fields, patch, context);
        applyVerdict(record.fields, patch, result.verdict, context);
        result.branch = branch != nullptr ? *branch : branchOf(m_registry, patch.collection, record.fields);
        if (result.verdict.applied.empty()) {
            return result;
        }
        for (const std::string& name : result.verdict.applied) {
            const std::int64_t seq = ++m_head;
            record.fieldSeqs.insert_or_assign(name, seq);
            record.seq = seq;
            const StoredField& field = record.fields.at(name);
            StatementUse insert(m_connection.insertChange);
            insert->bind(1, seq);
            insert->bind(2, patch.collection);
            insert->bind(3, patch.id);
            insert->bind(4, name);
            insert->bind(5, field.value.dump());
            insert->bind(6, field.version.toString());
            insert->bind(7, field.author);
            insert->bind(8, field.receivedAt);
            insert->exec();
        }
        record.branch = result.branch;
        StatementUse upsert(m_connection.upsertRecord);
        upsert->bind(1, patch.collection);
        upsert->bind(2, patch.id);
        upsert->bind(3, fieldsToText(record));
        upsert->bind(4, record.branch);
        upsert->bind(5, record.seq);
        upsert->exec();
        return result;
    }

    // Writes the conflict record unless one with its id exists (the same pair of changes met
    // again). Its fields are the server's change, stamped once by `clock`.
    void recordConflict(const Conflict& conflict, const std::string& branch, HybridClock& clock,
                        NodeId node) {
        if (load(kConflictCollection, conflict.id).exists) {
            return;
        }
        const Version stamp{clock.now(), node};
        RecordPatch patch{std::string(kConflictCollection), conflict.id, {}, {}};
        const Json fields = conflict.toFields(); // named: items() must not outlive it
        for (const auto& item : fields.items()) {
            patch.fields.emplace(item.key(), FieldChange{item.value(), stamp, std::nullopt});
        }
        apply(patch, IncomingContext{kServerAuthor, static_cast<std::int64_t>(clock.physicalMillis())},
              &branch);
    }

    std::int64_t progress(NodeId node) { return readProgress(m_connection.selectProgress, node); }

    void setProgress(NodeId node, std::int64_t through) {
        StatementUse upsert(m_connection.upsertProgress);
        upsert->bind(1, node.toHex());
        upsert->bind(2, through);
        upsert->exec();
    }

    void commit() {
        {
            StatementUse upsert(m_connection.upsertState);
            upsert->bind(1, kStateHeadSeq);
            upsert->bind(2, m_head);
            upsert->exec();
        }
        {
            StatementUse upsert(m_connection.upsertState);
            upsert->bind(1, kStateMaxHlc);
            upsert->bind(2, m_maxHlc.toHex());
            upsert->exec();
        }
        m_transaction.commit();
    }

private:
    WriteConnection& m_connection;
    const schema::SchemaRegistry& m_registry;
    WriteTransaction m_transaction;
    std::int64_t m_head;
    Hlc m_maxHlc;
};

void addUnique(std::vector<std::string>& ids, const std::string& id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(id);
    }
}

std::string requireText(const RecordState& record, std::string_view field, std::string_view what) {
    const auto found = record.fields.find(field);
    if (found == record.fields.end() || !found->second.value.is_string()) {
        throw std::runtime_error(std::string(what) + " has no " + std::string(field));
    }
    return found->second.value.get<std::string>();
}

} // namespace

SqliteServerStore::SqliteServerStore(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

SqliteServerStore::~SqliteServerStore() = default;

Result<std::unique_ptr<SqliteServerStore>> SqliteServerStore::open(const std::filesystem::path& databaseFile,
                                                                   SqliteStoreOptions options) {
    return guarded("opening " + databaseFile.string(), [&]() -> Result<std::unique_ptr<SqliteServerStore>> {
        auto impl = std::make_unique<Impl>(databaseFile, options);
        WriteConnection& writer = impl->writer;
        WriteTransaction transaction(writer.db);
        const auto nodeText = readStateText(writer.selectState, kStateNode);
        const auto node = nodeText ? NodeId::fromHex(*nodeText) : std::nullopt;
        if (node) {
            impl->node = *node;
        } else if (nodeText) {
            throw std::runtime_error("the server node id \"" + *nodeText + "\" is damaged");
        } else {
            impl->node = NodeId::random();
            StatementUse upsert(writer.upsertState);
            upsert->bind(1, kStateNode);
            upsert->bind(2, impl->node.toHex());
            upsert->exec();
        }
        transaction.commit();
        return std::unique_ptr<SqliteServerStore>(new SqliteServerStore(std::move(impl)));
    });
}

NodeId SqliteServerStore::serverNode() const {
    return m_impl->node;
}

// ---- branches, users, sessions, audit ----

Result<Done> SqliteServerStore::addBranch(const std::string& name) {
    if (name.empty()) {
        return fail(ErrorCode::InvalidChange, "a branch needs a name");
    }
    return guarded("adding a branch", [&]() -> Result<Done> {
        const std::lock_guard lock(m_impl->writeMutex);
        StatementUse insert(m_impl->writer.insertBranch);
        insert->bind(1, name);
        insert->exec();
        return Done{};
    });
}

Result<std::unique_ptr<SqliteServerStore>> SqliteServerStore::openDataDirectory(const DataDirectory& data) {
    if (!std::filesystem::exists(data.database())) {
        return fail(ErrorCode::NotFound, data.root.string() +
                                             " holds no Knowset store; create one with: "
                                             "knowset-server init --data " +
                                             data.root.string());
    }
    return open(data.database());
}

Result<Done> SqliteServerStore::claimNode(NodeId node, std::string_view user) {
    return guarded("claiming a node", [&]() -> Result<Done> {
        const std::lock_guard lock(m_impl->writeMutex);
        SQLite::Database& db = m_impl->writer.db;
        SQLite::Statement insert(
            db, "INSERT INTO node_owners (node, owner) VALUES (?, ?) ON CONFLICT (node) DO NOTHING");
        insert.bind(1, node.toHex());
        insert.bind(2, std::string(user));
        insert.exec();
        SQLite::Statement select(db, "SELECT owner FROM node_owners WHERE node = ?");
        select.bind(1, node.toHex());
        if (!select.executeStep() || select.getColumn(0).getString() != user) {
            return fail(ErrorCode::Forbidden,
                        "this replica's node id belongs to another user; sign in from a "
                        "fresh replica");
        }
        return Done{};
    });
}

Result<std::vector<std::string>> SqliteServerStore::branches() {
    return guarded("listing branches", [&]() -> Result<std::vector<std::string>> {
        auto connection = m_impl->readers.acquire();
        StatementUse select(connection->selectBranches);
        std::vector<std::string> names;
        while (select->executeStep()) {
            names.push_back(select->getColumn(0).getString());
        }
        return names;
    });
}

Result<Done> SqliteServerStore::putUser(const User& user) {
    if (user.name.empty()) {
        return fail(ErrorCode::InvalidChange, "a user needs a name");
    }
    return guarded("storing user " + user.name, [&]() -> Result<Done> {
        std::vector<std::string> branchNames = user.branches;
        std::sort(branchNames.begin(), branchNames.end());
        branchNames.erase(std::unique(branchNames.begin(), branchNames.end()), branchNames.end());
        const std::lock_guard lock(m_impl->writeMutex);
        StatementUse upsert(m_impl->writer.upsertUser);
        upsert->bind(1, user.name);
        upsert->bind(2, std::string(toString(user.role)));
        upsert->bind(3, Json(branchNames).dump());
        upsert->bind(4, user.passwordHash);
        upsert->bind(5, user.disabled ? 1 : 0);
        upsert->bind(6, user.createdAt);
        upsert->exec();
        return Done{};
    });
}

Result<std::optional<User>> SqliteServerStore::findUser(std::string_view name) {
    return guarded("reading a user", [&]() -> Result<std::optional<User>> {
        auto connection = m_impl->readers.acquire();
        StatementUse select(connection->selectUser);
        select->bind(1, std::string(name));
        if (!select->executeStep()) {
            return std::optional<User>{};
        }
        return std::optional<User>(readUser(*select));
    });
}

Result<std::vector<User>> SqliteServerStore::users() {
    return guarded("listing users", [&]() -> Result<std::vector<User>> {
        auto connection = m_impl->readers.acquire();
        StatementUse select(connection->selectUsers);
        std::vector<User> result;
        while (select->executeStep()) {
            result.push_back(readUser(*select));
        }
        return result;
    });
}

Result<Done> SqliteServerStore::addSession(const Session& session) {
    return guarded("adding a session", [&]() -> Result<Done> {
        const std::lock_guard lock(m_impl->writeMutex);
        StatementUse insert(m_impl->writer.insertSession);
        insert->bind(1, session.tokenHash);
        insert->bind(2, session.user);
        insert->bind(3, session.createdAt);
        insert->bind(4, session.expiresAt);
        insert->exec();
        return Done{};
    });
}

Result<std::optional<Session>> SqliteServerStore::findSession(std::string_view tokenHash) {
    return guarded("reading a session", [&]() -> Result<std::optional<Session>> {
        auto connection = m_impl->readers.acquire();
        StatementUse select(connection->selectSession);
        select->bind(1, std::string(tokenHash));
        if (!select->executeStep()) {
            return std::optional<Session>{};
        }
        return std::optional<Session>(
            Session{select->getColumn(0).getString(), select->getColumn(1).getString(),
                    select->getColumn(2).getInt64(), select->getColumn(3).getInt64()});
    });
}

Result<std::size_t> SqliteServerStore::revokeSessions(std::string_view user) {
    return guarded("revoking sessions", [&]() -> Result<std::size_t> {
        const std::lock_guard lock(m_impl->writeMutex);
        StatementUse remove(m_impl->writer.deleteSessions);
        remove->bind(1, std::string(user));
        return static_cast<std::size_t>(remove->exec());
    });
}

Result<Done> SqliteServerStore::audit(const AuditEntry& entry) {
    return guarded("writing the audit log", [&]() -> Result<Done> {
        const std::lock_guard lock(m_impl->writeMutex);
        StatementUse insert(m_impl->writer.insertAudit);
        insert->bind(1, entry.at);
        insert->bind(2, entry.actor);
        insert->bind(3, entry.action);
        insert->bind(4, entry.target);
        insert->bind(5, entry.detail);
        insert->exec();
        return Done{};
    });
}

Result<std::vector<AuditEntry>> SqliteServerStore::auditLog(std::size_t limit) {
    return guarded("reading the audit log", [&]() -> Result<std::vector<AuditEntry>> {
        auto connection = m_impl->readers.acquire();
        StatementUse select(connection->selectAudit);
        select->bind(1, toInt64(limit));
        std::vector<AuditEntry> entries;
        while (select->executeStep()) {
            entries.push_back(AuditEntry{select->getColumn(0).getInt64(), select->getColumn(1).getString(),
                                         select->getColumn(2).getString(), select->getColumn(3).getString(),
                                         select->getColumn(4).getString()});
        }
        return entries;
    });
}

// ---- sync ----

Result<std::vector<PushOutcome>> SqliteServerStore::commitPushes(const std::vector<PushBatch>& batches,
                                                                 HybridClock& clock) {
    return guarded("committing pushes", [&]() -> Result<std::vector<PushOutcome>> {
        const std::lock_guard lock(m_impl->writeMutex);
        WriteScope scope(m_impl->writer, *m_impl->registry);
        std::vector<PushOutcome> outcomes;
        outcomes.reserve(batches.size());
        for (const PushBatch& batch : batches) {
            PushOutcome outcome;
            const std::int64_t through = scope.progress(batch.node);
            outcome.through = through;
            const IncomingContext context{batch.author, batch.receivedAt};
            std::size_t skipped = 0;
            for (std::size_t i = 0; i < batch.changes.size(); ++i) {
                if (batch.seqFrom + static_cast<std::int64_t>(i) <= through) {
                    ++skipped;
                    continue;
                }
                const AppliedPatch applied = scope.apply(batch.changes[i], context);
                outcome.fieldsApplied += applied.verdict.applied.size();
                for (const Conflict& conflict : applied.verdict.conflicts) {
                    scope.recordConflict(conflict, applied.branch, clock, m_impl->node);
                    addUnique(outcome.conflictIds, conflict.id);
                }
            }
            if (!batch.changes.empty()) {
                const std::int64_t last = batch.seqFrom + static_cast<std::int64_t>(batch.changes.size()) - 1;
                if (last > through) {
                    scope.setProgress(batch.node, last);
                    outcome.through = last;
                }
                outcome.duplicate = skipped == batch.changes.size();
            }
            outcomes.push_back(std::move(outcome));
        }
        scope.commit();
        return outcomes;
    });
}

Result<ResolutionOutcome> SqliteServerStore::resolveConflict(const Resolution& resolution,
                                                             HybridClock& clock) {
    return guarded("resolving a conflict", [&]() -> Result<ResolutionOutcome> {
        const std::lock_guard lock(m_impl->writeMutex);
        WriteScope scope(m_impl->writer, *m_impl->registry);
        const RecordState flag = scope.load(kConflictCollection, resolution.conflictId);
        if (!flag.exists) {
            return fail(ErrorCode::NotFound, "conflict " + resolution.conflictId + " does not exist");
        }
        const std::string what = "conflict " + resolution.conflictId;
        if (requireText(flag, "status", what) == "resolved") {
            return fail(ErrorCode::InvalidChange, what + " is already resolved");
        }
        const std::string collection = requireText(flag, "collection", what);
        const std::string recordId = requireText(flag, "record_id", what);
        const std::string field = requireText(flag, "field", what);

        // The resolution must win over every version it replaces, whatever this clock has
        // seen so far: receiving them first makes the new stamp greater than all of them.
        const RecordState target = scope.load(collection, recordId);
        const auto current = target.fields.find(field);
        std::optional<Version> base;
        if (current != target.fields.end()) {
            base = current->second.version;
            clock.receive(current->second.version.hlc);
        }
        for (const auto& entry : flag.fields) {
            clock.receive(entry.second.version.hlc);
        }
        const Version stamp{clock.now(), m_impl->node};
        const IncomingContext context{resolution.resolvedBy, resolution.at};

        RecordPatch change{collection, recordId, {}, {}};
        change.fields.emplace(field, FieldChange{resolution.value, stamp, base});
        // The verdict's conflicts are not written: the supervisor saw the current state. (On a
        // deleted record judgePatch flags any edit as edit_delete, which would make resolving
        // an edit_delete conflict create a new one.)
        const AppliedPatch applied = scope.apply(change, context);

        RecordPatch mark{std::string(kConflictCollection), resolution.conflictId, {}, {}};
        const Json updates = {{"status", "resolved"},
                              {"resolution", resolution.value},
                              {"resolved_by", resolution.resolvedBy},
                              {"resolved_at", rfc3339(resolution.at)}};
        for (const auto& item : updates.items()) {
            const auto existing = flag.fields.find(item.key());
            mark.fields.emplace(item.key(), FieldChange{item.value(), stamp,
                                                        existing == flag.fields.end()
                                                            ? std::nullopt
                                                            : std::optional(existing->second.version)});
        }
        scope.apply(mark, context, &applied.branch);
        scope.commit();
        return ResolutionOutcome{std::move(change)};
    });
}

Result<ChangesPage> SqliteServerStore::readChanges(std::int64_t cursor, std::size_t limit,
                                                   std::int64_t fieldsSince) {
    return guarded("reading changes", [&]() -> Result<ChangesPage> {
        auto connection = m_impl->readers.acquire();
        StatementUse select(connection->selectChanges);
        select->bind(1, cursor);
        // One row more than asked tells whether more follow, within the same snapshot.
        select->bind(2, toInt64(std::min(limit, std::numeric_limits<std::size_t>::max() - 1) + 1));
        ChangesPage page;
        page.cursor = cursor;
        while (select->executeStep()) {
            if (page.records.size() == limit) {
                page.more = true;
                break;
            }
            RecordState record;
            parseFields(select->getColumn(2).getString(), record);
            RecordChange change;
            change.patch.collection = select->getColumn(0).getString();
            change.patch.id = select->getColumn(1).getString();
            for (auto& [name, field] : record.fields) {
                if (record.fieldSeqs.at(name) > fieldsSince) {
                    change.patch.fields.emplace(
                        name, FieldChange{std::move(field.value), field.version, std::nullopt});
                }
            }
            change.branch = select->getColumn(3).getString();
            change.seq = select->getColumn(4).getInt64();
            page.cursor = change.seq;
            page.records.push_back(std::move(change));
        }
        return page;
    });
}

Result<std::optional<ServerRecord>> SqliteServerStore::readRecord(std::string_view collection,
                                                                  std::string_view id) {
    return guarded("reading a record", [&]() -> Result<std::optional<ServerRecord>> {
        auto connection = m_impl->readers.acquire();
        RecordState record = loadRecord(connection->selectRecord, collection, id);
        if (!record.exists) {
            return std::optional<ServerRecord>{};
        }
        return std::optional<ServerRecord>(ServerRecord{std::string(collection), std::string(id),
                                                        std::move(record.fields), std::move(record.branch),
                                                        record.seq});
    });
}

Result<std::vector<HistoryRow>> SqliteServerStore::history(std::string_view collection, std::string_view id) {
    return guarded("reading history", [&]() -> Result<std::vector<HistoryRow>> {
        auto connection = m_impl->readers.acquire();
        StatementUse select(connection->selectHistory);
        select->bind(1, std::string(collection));
        select->bind(2, std::string(id));
        std::vector<HistoryRow> rows;
        while (select->executeStep()) {
            rows.push_back(HistoryRow{select->getColumn(0).getInt64(), select->getColumn(1).getString(),
                                      Json::parse(select->getColumn(2).getString()),
                                      parseVersion(select->getColumn(3).getString()),
                                      select->getColumn(4).getString(), select->getColumn(5).getInt64()});
        }
        return rows;
    });
}

Result<std::int64_t> SqliteServerStore::headSeq() {
    return guarded("reading the head sequence number", [&]() -> Result<std::int64_t> {
        auto connection = m_impl->readers.acquire();
        return readStateInt(connection->selectState, kStateHeadSeq);
    });
}

Result<std::int64_t> SqliteServerStore::lastApplied(NodeId node) {
    return guarded("reading node progress", [&]() -> Result<std::int64_t> {
        auto connection = m_impl->readers.acquire();
        return readProgress(connection->selectProgress, node);
    });
}

Result<Hlc> SqliteServerStore::maxHlc() {
    return guarded("reading the highest clock", [&]() -> Result<Hlc> {
        auto connection = m_impl->readers.acquire();
        return readMaxHlc(connection->selectState);
    });
}

} // namespace knowset::server

namespace knowset::server {

Result<Done> SqliteServerStore::forEachRecord(std::string_view collection,
                                              const std::function<void(const ServerRecord&)>& visit) {
    return guarded("reading every record", [&]() -> Result<Done> {
        auto connection = m_impl->readers.acquire();
        // One statement reads one snapshot; the primary key serves the order (binary collation,
        // the same order as a client replica's canonical dump).
        SQLite::Statement select(
            connection->db, collection.empty() ? "SELECT collection, id, fields, branch, seq FROM records "
                                                 "ORDER BY collection, id"
                                               : "SELECT collection, id, fields, branch, seq FROM records "
                                                 "WHERE collection = ? ORDER BY collection, id");
        if (!collection.empty()) {
            select.bind(1, std::string(collection));
        }
        while (select.executeStep()) {
            RecordState state;
            parseFields(select.getColumn(2).getString(), state);
            const ServerRecord record{select.getColumn(0).getString(), select.getColumn(1).getString(),
                                      std::move(state.fields), select.getColumn(3).getString(),
                                      select.getColumn(4).getInt64()};
            visit(record);
        }
        return Done{};
    });
}

Result<Done> SqliteServerStore::forEachChange(std::string_view collection,
                                              const std::function<void(const ChangeRow&)>& visit) {
    return guarded("reading the history", [&]() -> Result<Done> {
        auto connection = m_impl->readers.acquire();
        SQLite::Statement select(connection->db,
                                 collection.empty()
                                     ? "SELECT seq, collection, id, field, value, version, author, "
                                       "received_at FROM changes ORDER BY seq"
                                     : "SELECT seq, collection, id, field, value, version, author, "
                                       "received_at FROM changes WHERE collection = ? ORDER BY seq");
        if (!collection.empty()) {
            select.bind(1, std::string(collection));
        }
        while (select.executeStep()) {
            const ChangeRow row{select.getColumn(1).getString(), select.getColumn(2).getString(),
                                HistoryRow{select.getColumn(0).getInt64(), select.getColumn(3).getString(),
                                           Json::parse(select.getColumn(4).getString()),
                                           parseVersion(select.getColumn(5).getString()),
                                           select.getColumn(6).getString(), select.getColumn(7).getInt64()}};
            visit(row);
        }
        return Done{};
    });
}

} // namespace knowset::server
