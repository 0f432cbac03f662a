#include "knowset/store/local_store.hpp"

#include "knowset/core/ids.hpp"
#include "knowset/merge/merge.hpp"
#include "knowset/store/replica_schema.hpp"
#include "knowset/store/sqlite_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <utility>

namespace knowset {

namespace {

using Versions = std::map<std::string, Version, std::less<>>;

Json versionsToJson(const Versions& versions) {
    Json json = Json::object();
    for (const auto& [name, version] : versions) {
        json[name] = version.toString();
    }
    return json;
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
    SQLite::Statement upsertRecord{
        db, "INSERT INTO records (collection, id, doc, versions, deleted) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET "
            "doc = excluded.doc, versions = excluded.versions, deleted = excluded.deleted"};
    SQLite::Statement insertJournal{db, "INSERT INTO journal (collection, record_id, patch, created_at) "
                                        "VALUES (?, ?, ?, ?)"};
    SQLite::Statement selectState{db, "SELECT value FROM sync_state WHERE key = ?"};
    SQLite::Statement upsertState{db, "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"};

    explicit Impl(StoreOptions opts)
        : options(std::move(opts))
        , db(openReplica(options))
        , schema(options.schema ? options.schema : &schema::SchemaRegistry::builtin())
        , clock(options.clock)
        , ids(options.clock) {}
};

LocalStore::LocalStore(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}
LocalStore::~LocalStore() = default;

namespace {

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

void writeRow(SQLite::Statement& upsert, std::string_view collection, std::string_view id,
              const RecordRow& row) {
    upsert.reset();
    upsert.bind(1, std::string(collection));
    upsert.bind(2, std::string(id));
    upsert.bind(3, row.doc.dump());
    upsert.bind(4, versionsToJson(row.versions).dump());
    upsert.bind(5, isDeletedDoc(row.doc) ? 1 : 0);
    upsert.exec();
}

std::optional<std::string> readState(SQLite::Statement& select, const char* key) {
    select.reset();
    select.bind(1, key);
    std::optional<std::string> value;
    if (select.executeStep() && !select.getColumn(0).isNull()) {
        value = select.getColumn(0).getString();
    }
    select.reset(); // an unfinished statement would hold its read snapshot open
    return value;
}

void writeState(SQLite::Statement& upsert, const char* key, const std::string& value) {
    upsert.reset();
    upsert.bind(1, key);
    upsert.bind(2, value);
    upsert.exec();
}

void writeState(SQLite::Statement& upsert, const char* key, std::int64_t value) {
    upsert.reset();
    upsert.bind(1, key);
    upsert.bind(2, value);
    upsert.exec();
}

Hlc loadClock(SQLite::Statement& select) {
    const auto text = readState(select, "hlc");
    return text ? Hlc::fromHex(*text).value_or(Hlc{}) : Hlc{};
}

} // namespace

Result<std::unique_ptr<LocalStore>> LocalStore::open(StoreOptions options) {
    return guarded("open " + options.path.string(), [&]() -> Result<std::unique_ptr<LocalStore>> {
        auto impl = std::make_unique<Impl>(std::move(options));
        SQLite::Database& db = impl->db;
        WriteTransaction transaction(db);
        const auto nodeText = readState(impl->selectState, "node_id");
        const auto node = nodeText ? NodeId::fromHex(*nodeText) : std::nullopt;
        if (node) {
            impl->node = *node;
        } else {
            impl->node = NodeId::random();
            writeState(impl->upsertState, "node_id", impl->node.toHex());
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
    if (!fields.is_object() || fields.empty()) {
        return fail(ErrorCode::InvalidChange, std::string(collection) + ": a write needs at least one field");
    }
    if (id.empty() || id.size() > PatchLimits{}.maxIdLength) {
        return fail(ErrorCode::InvalidChange, std::string(collection) + ": a record id must have 1 to " +
                                                  std::to_string(PatchLimits{}.maxIdLength) + " characters");
    }
    if (const auto* spec = m_impl->schema->collection(collection); spec != nullptr && spec->serverWritten) {
        return fail(ErrorCode::Forbidden,
                    std::string(collection) + " records are written by the server only");
    }
    return guarded("write", [&]() -> Result<LocalWrite> {
        Impl& impl = *m_impl;
        WriteTransaction transaction(impl.db);
        RecordRow row = readRow(impl.selectRecord, collection, id);

        const bool restores = fields.contains(kDeletedField) && fields[kDeletedField] == Json(false);
        const bool deletesAgain =
            fields.size() == 1 && fields.contains(kDeletedField) && fields[kDeletedField] == Json(true);
        if (isDeletedDoc(row.doc) && !restores && !deletesAgain) {
            return fail(ErrorCode::InvalidChange, std::string(collection) + " " + std::string(id) +
                                                      " is deleted; restore it before editing");
        }
        const auto issues =
            impl.schema->validateWrite(collection, fields, row.exists ? &row.doc : nullptr, unknown);
        if (!issues.empty()) {
            return fail(ErrorCode::InvalidChange, schema::describe(issues));
        }

        impl.clock.restore(loadClock(impl.selectState));
        const Version version{impl.clock.now(), impl.node};

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

        writeRow(impl.upsertRecord, collection, id, row);
        impl.insertJournal.reset();
        impl.insertJournal.bind(1, std::string(collection));
        impl.insertJournal.bind(2, std::string(id));
        impl.insertJournal.bind(3, toJson(patch).dump());
        impl.insertJournal.bind(4, static_cast<std::int64_t>(impl.clock.physicalMillis()));
        impl.insertJournal.exec();
        const std::int64_t seq = impl.db.getLastInsertRowid();
        writeState(impl.upsertState, "hlc", impl.clock.last().toHex());
        transaction.commit();
        return LocalWrite{std::string(collection), std::string(id), version, seq};
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

Result<ApplyResult> LocalStore::applyRemote(const std::vector<RecordPatch>& patches,
                                            std::optional<std::int64_t> cursor) {
    return guarded("applying remote changes", [&]() -> Result<ApplyResult> {
        Impl& impl = *m_impl;
        WriteTransaction transaction(impl.db);
        ApplyResult result;
        std::optional<Version> newest;
        for (const RecordPatch& patch : patches) {
            RecordRow row = readRow(impl.selectRecord, patch.collection, patch.id);
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
                writeRow(impl.upsertRecord, patch.collection, patch.id, row);
                ++result.recordsChanged;
                result.fieldsApplied += applied;
            }
        }
        if (newest) {
            // One receive for the newest version of the batch: the clock passes every version
            // received, without spending a counter tick per field.
            impl.clock.restore(loadClock(impl.selectState));
            impl.clock.receive(newest->hlc);
            writeState(impl.upsertState, "hlc", impl.clock.last().toHex());
        }
        if (cursor) {
            writeState(impl.upsertState, "cursor", *cursor);
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
        select.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
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
        writeState(m_impl->upsertState, "last_ack", seq);
        transaction.commit();
        return std::int64_t{removed};
    });
}

Result<std::int64_t> LocalStore::cursor() {
    return guarded("reading the cursor", [&]() -> Result<std::int64_t> {
        const auto text = readState(m_impl->selectState, "cursor");
        return text ? std::stoll(*text) : 0;
    });
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
        select.bind(4, static_cast<std::int64_t>(std::min<std::size_t>(options.limit, INT64_MAX)));
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
