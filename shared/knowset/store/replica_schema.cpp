#include "knowset/store/replica_schema.hpp"

#include <stdexcept>
#include <string>

namespace knowset::store {

namespace {

// Schema version 1. Column order of article_fts is the bm25 weight order of
// LocalStore::searchArticles; its tokenizer is kArticleTokenizer with kArticleTokenizerArguments.
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

// Version 3: what knowset/domain/search needs besides article_fts, and indexes for the insights.
// Runs on new files and on older ones alike (existing articles are copied in and queued for the typo index);
// IF NOT EXISTS and OR REPLACE / OR IGNORE make running it twice harmless.
constexpr const char* kMigrateTo3 = R"sql(
CREATE TABLE IF NOT EXISTS article_facets (
  article_rowid INTEGER PRIMARY KEY, -- records.rowid, the same as article_fts.rowid
  id            TEXT NOT NULL,
  kind          TEXT,
  status        TEXT,
  category_id   TEXT,
  title         TEXT,
  tags          TEXT, -- the JSON array as stored
  products      TEXT, -- the JSON array as stored
  valid_from    TEXT,
  valid_to      TEXT
);

CREATE INDEX IF NOT EXISTS article_facets_category ON article_facets (category_id);

CREATE VIRTUAL TABLE IF NOT EXISTS article_vocabulary USING fts5vocab(article_fts, 'row');

-- Every term article_fts has indexed (terms whose articles are gone stay: the search checks
-- article_vocabulary before it uses one), and the padded trigrams of each with its length.
CREATE TABLE IF NOT EXISTS search_term (
  term TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS search_trigram (
  trigram TEXT NOT NULL,
  length  INTEGER NOT NULL, -- of the term, in bytes
  term    TEXT NOT NULL,
  PRIMARY KEY (trigram, length, term)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS search_term_pending (
  article_rowid INTEGER PRIMARY KEY
);

-- Conflict clauses (OR IGNORE, OR REPLACE) inside a trigger give way to the policy of the statement
-- that fired it (the store's upsert), so the triggers check for existing rows themselves.
CREATE TRIGGER IF NOT EXISTS records_article_search_insert AFTER INSERT ON records
WHEN new.collection = 'article' AND new.deleted = 0
BEGIN
  INSERT INTO article_facets
  VALUES (new.rowid, new.id, json_extract(new.doc, '$.kind'), json_extract(new.doc, '$.status'),
          json_extract(new.doc, '$.category_id'), json_extract(new.doc, '$.title'),
          json_extract(new.doc, '$.tags'), json_extract(new.doc, '$.products'),
          json_extract(new.doc, '$.valid_from'), json_extract(new.doc, '$.valid_to'));
  INSERT INTO search_term_pending (article_rowid)
  SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_term_pending WHERE article_rowid = new.rowid);
END;

CREATE TRIGGER IF NOT EXISTS records_article_search_update AFTER UPDATE OF doc, deleted ON records
WHEN new.collection = 'article'
BEGIN
  DELETE FROM article_facets WHERE article_rowid = old.rowid;
  INSERT INTO article_facets
  SELECT new.rowid, new.id, json_extract(new.doc, '$.kind'), json_extract(new.doc, '$.status'),
         json_extract(new.doc, '$.category_id'), json_extract(new.doc, '$.title'),
         json_extract(new.doc, '$.tags'), json_extract(new.doc, '$.products'),
         json_extract(new.doc, '$.valid_from'), json_extract(new.doc, '$.valid_to')
  WHERE new.deleted = 0;
  INSERT INTO search_term_pending (article_rowid)
  SELECT new.rowid WHERE new.deleted = 0
    AND NOT EXISTS (SELECT 1 FROM search_term_pending WHERE article_rowid = new.rowid);
END;

CREATE TRIGGER IF NOT EXISTS records_article_search_delete AFTER DELETE ON records
WHEN old.collection = 'article'
BEGIN
  DELETE FROM article_facets WHERE article_rowid = old.rowid;
END;

INSERT OR REPLACE INTO article_facets
SELECT rowid, id, json_extract(doc, '$.kind'), json_extract(doc, '$.status'),
       json_extract(doc, '$.category_id'), json_extract(doc, '$.title'), json_extract(doc, '$.tags'),
       json_extract(doc, '$.products'), json_extract(doc, '$.valid_from'), json_extract(doc, '$.valid_to')
FROM records WHERE collection = 'article' AND deleted = 0;

INSERT OR IGNORE INTO search_term_pending (article_rowid)
SELECT rowid FROM records WHERE collection = 'article' AND deleted = 0;

-- The insights read a period of interactions, feedback and search misses by their time, and
-- follow-ups by their due day (knowset/domain/insights.cpp and kpis.cpp use these expressions).
CREATE INDEX IF NOT EXISTS records_occurred_at ON records (collection, json_extract(doc, '$.occurred_at'));
CREATE INDEX IF NOT EXISTS records_at ON records (collection, json_extract(doc, '$.at'));
CREATE INDEX IF NOT EXISTS records_follow_up_due ON records (collection, json_extract(doc, '$.follow_up_due'));
)sql";

// Version 4: conflict resolutions chosen on this replica (LocalStore::queueResolution): waiting
// to be sent (refusal NULL) or refused by the server (kept with its reason, so the inbox can say
// why the conflict is still open). One per conflict: choosing again replaces the earlier choice.
constexpr const char* kMigrateTo4 = R"sql(
CREATE TABLE IF NOT EXISTS resolution_queue (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  conflict_id TEXT NOT NULL UNIQUE,
  value       TEXT NOT NULL CHECK (json_valid(value)),
  queued_at   INTEGER NOT NULL,
  refusal     TEXT,
  refused_at  INTEGER
);
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
    db.exec(kMigrateTo3);
    db.exec(kMigrateTo4);
    db.exec("PRAGMA user_version = " + std::to_string(kReplicaSchemaVersion));
}

} // namespace knowset::store
