// The SQL schema of the local replica (DESIGN.md "The local replica"):
//   records      one row per record: current field values (a JSON object, keys sorted) and
//                per-field versions (a JSON object of version strings); `deleted` mirrors the
//                `_deleted` field for indexes and queries.
//   article_fts  FTS5 over article title, summary, tags and body (bm25, prefix indexes),
//                kept current by triggers on `records`, so no code path can forget it.
//   journal      the outbox: one row per local write, numbered by a never-reused sequence.
//   sync_state   node id, server cursor, hybrid clock, clock correction, sync engine values.
//   parked       journal entries the server refused, set aside with its reason (version 2).
#pragma once

#include <SQLiteCpp/Database.h>

namespace knowset::store {

inline constexpr int kReplicaSchemaVersion = 2;

// Creates the schema in an empty database, or checks that an existing one is a version this
// build understands and upgrades an older one in place (run it inside a write transaction). Throws
// SQLite::Exception or std::runtime_error with a clear message.
void prepareReplicaSchema(SQLite::Database& db);

} // namespace knowset::store
