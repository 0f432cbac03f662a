// The SQL schema of the local replica (DESIGN.md "The local replica"):
//   records      one row per record: current field values (a JSON object, keys sorted) and
//                per-field versions (a JSON object of version strings); `deleted` mirrors the
//                `_deleted` field for indexes and queries.
//   article_fts  FTS5 over article title, summary, tags and body (bm25, prefix indexes),
//                kept current by triggers on `records`, so no code path can forget it.
//   journal      the outbox: one row per local write, numbered by a never-reused sequence.
//   sync_state   node id, server cursor, hybrid clock, clock correction, sync engine values.
//   parked       journal entries the server refused, set aside with its reason (version 2).
//   article_facets        per live article the fields search filters and sorts on, kept current
//                         by triggers like article_fts, so a search never parses a JSON document
//                         (version 3).
//   article_vocabulary    fts5vocab over article_fts: each indexed term with its live document
//                         count (version 3).
//   search_term, search_trigram, search_term_pending
//                         the typo index of knowset/domain/search: the terms of article_fts
//                         with their trigrams, and the articles whose terms are still to be
//                         added (filled by triggers, drained by the search when it needs the
//                         typo index) (version 3).
//   resolution_queue      conflict resolutions chosen here: waiting to be sent, or refused by
//                         the server with its reason (version 4).
#pragma once

#include <SQLiteCpp/Database.h>

#include <array>

namespace knowset::store {

inline constexpr int kReplicaSchemaVersion = 4;

// The tokenizer of article_fts and its arguments, for code that must split and fold text
// exactly as the index does (the `tokenize` option in replica_schema.cpp says the same).
inline constexpr const char* kArticleTokenizer = "unicode61";
inline constexpr std::array<const char*, 2> kArticleTokenizerArguments = {"remove_diacritics", "2"};

// Creates the schema in an empty database, or checks that an existing one is a version this
// build understands and upgrades an older one in place (run it inside a write transaction). Throws
// SQLite::Exception or std::runtime_error with a clear message.
void prepareReplicaSchema(SQLite::Database& db);

} // namespace knowset::store
