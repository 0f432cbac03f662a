#include "knowset/store/replica_schema.hpp"

#include <stdexcept>
#include <string>

namespace knowset::store {

namespace {

// Schema version 1. Column order of article_fts is the bm25 weight order of
// LocalStore::searchArticles.
constexpr const char* kCreateSchema = R"sql(
CREATE TABLE records (
  rowid      INTEGER PRIMARY KEY,
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  doc        TEXT NOT NULL CHECK (json_valid(doc)),
  versions   TEXT NOT NULL CHECK (json_valid(versions)),
  deleted    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (collection, id)
);

CREATE VIRTUAL TABLE article_fts USING fts5(
  title, summary, tags, body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);

CREATE TRIGGER records_article_fts_insert AFTER INSERT ON records
WHEN new.collection = 'article' AND new.deleted = 0
BEGIN
  INSERT INTO article_fts (rowid, title, summary, tags, body)
  VALUES (new.rowid, json_extract(new.doc, '$.title'), json_extract(new.doc, '$.summary'),
          (SELECT group_concat(value, ' ') FROM json_each(new.doc, '$.tags')),
          json_extract(new.doc, '$.body'));
END;

CREATE TRIGGER records_article_fts_update AFTER UPDATE OF doc, deleted ON records
WHEN new.collection = 'article'
BEGIN
  DELETE FROM article_fts WHERE rowid = old.rowid;
  INSERT INTO article_fts (rowid, title, summary, tags, body)
  SELECT new.rowid, json_extract(new.doc, '$.title'), json_extract(new.doc, '$.summary'),
         (SELECT group_concat(value, ' ') FROM json_each(new.doc, '$.tags')),
         json_extract(new.doc, '$.body')
  WHERE new.deleted = 0;
END;

CREATE TRIGGER records_article_fts_delete AFTER DELETE ON records
WHEN old.collection = 'article'
BEGIN
  DELETE FROM article_fts WHERE rowid = old.rowid;
END;

CREATE TABLE journal (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  collection TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  patch      TEXT NOT NULL CHECK (json_valid(patch)),
  created_at INTEGER NOT NULL
);

-- `value` has no declared type on purpose: any type name would give it an affinity, and
-- NUMERIC affinity turns an all-digit hex clock or node id into a number, losing its zeros.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value
) WITHOUT ROWID;
)sql";

// Version 2: journal entries the server refused, set aside (LocalStore::parkJournalEntry), and
// an index to find a record's journal entries (LocalStore::dropRecords). Runs on new files and
// on version 1 files alike; IF NOT EXISTS makes running it twice harmless.
constexpr const char* kMigrateTo2 = R"sql(
CREATE TABLE IF NOT EXISTS parked (
  seq        INTEGER PRIMARY KEY,
  collection TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  patch      TEXT NOT NULL CHECK (json_valid(patch)),
  reason     TEXT NOT NULL,
  parked_at  INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS journal_record ON journal (collection, record_id);
)sql";

} // namespace

void prepareReplicaSchema(SQLite::Database& db) {
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version == kReplicaSchemaVersion) {
        return;
    }
    if (version > kReplicaSchemaVersion) {
        throw std::runtime_error("this replica was written by a newer Knowset (replica schema " +
                                 std::to_string(version) + "); upgrade Knowset to open it");
    }
    if (version == 0) {
        if (db.tableExists("records")) {
            throw std::runtime_error("this file is not a Knowset replica this version can open");
        }
        db.exec(kCreateSchema);
    }
    // Replicas written by earlier versions are brought up to date step by step.
    db.exec(kMigrateTo2);
    db.exec("PRAGMA user_version = " + std::to_string(kReplicaSchemaVersion));
}

} // namespace knowset::store
