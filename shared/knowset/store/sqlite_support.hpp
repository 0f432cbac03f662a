// Pieces every SQLite store of Knowset uses (the client replica and the server store): the
// durability setting and a write transaction that takes the write lock up front.
#pragma once

#include <SQLiteCpp/Database.h>

#include <exception>

namespace knowset {

enum class Synchronous {
    Full,   // durable across power loss: the default (RELIABILITY.md promise 1)
    Normal, // durable across application crashes only
    Off,    // for throw-away stores in tests
};

inline const char* synchronousPragma(Synchronous mode) {
    switch (mode) {
    case Synchronous::Full:
        return "PRAGMA synchronous = FULL";
    case Synchronous::Normal:
        return "PRAGMA synchronous = NORMAL";
    case Synchronous::Off:
        return "PRAGMA synchronous = OFF";
    }
    return "PRAGMA synchronous = FULL";
}

// BEGIN IMMEDIATE takes the write lock up front, so what a write reads at its start (the
// clock, the head sequence number) cannot change under it before it commits. Rolls back
// unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(SQLite::Database& db)
        : m_db(db) {
        m_db.exec("BEGIN IMMEDIATE");
    }
    ~WriteTransaction() {
        if (!m_done) {
            try {
                m_db.exec("ROLLBACK");
            } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): nothing more to do
            }
        }
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit() {
        m_db.exec("COMMIT");
        m_done = true;
    }

private:
    SQLite::Database& m_db;
    bool m_done = false;
};

} // namespace knowset
