// The SQLite backend of ServerStore: the embedded default, one file in the data directory
// (DataDirectory::database()), WAL mode.
//
// Thread-safe: every method may be called from any thread at any time. Writes (pushes,
// resolutions, users, sessions, branches, audit) serialise on one write connection; reads run
// on a small pool of read-only connections, so a pull never waits for a commit's fsync.
#pragma once

#include "knowset/schema/registry.hpp"
#include "knowset/store/sqlite_support.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>

#include "server/config/data_directory.hpp"
#include "server/store/server_store.hpp"

namespace knowset::server {

struct SqliteStoreOptions {
    Synchronous synchronous = Synchronous::Full;    // Full: an acknowledged push survives power loss
    const schema::SchemaRegistry* schema = nullptr; // nullptr: the builtin registry
    std::size_t readConnections = 4;                // the most reads that run at once (at least 1)
    int busyTimeoutMs = 5000; // how long to wait for another process (an admin command) holding the lock
};

class SqliteServerStore final : public ServerStore {
public:
    // Creates the schema when the file is new; refuses a file written by a newer version or a
    // file that is not a Knowset server store.
    static Result<std::unique_ptr<SqliteServerStore>> open(const std::filesystem::path& databaseFile,
                                                           SqliteStoreOptions options = {});
    // Opens the store of a data directory made by `knowset-server init`; not_found, saying how
    // to create one, when the directory holds none (so a typo never creates an empty store).
    static Result<std::unique_ptr<SqliteServerStore>> openDataDirectory(const DataDirectory& data);
    ~SqliteServerStore() override;
    SqliteServerStore(const SqliteServerStore&) = delete;
    SqliteServerStore& operator=(const SqliteServerStore&) = delete;

    std::string_view backendName() const override { return "sqlite"; }
    NodeId serverNode() const override;

    // addBranch is idempotent: adding an existing branch succeeds and changes nothing.
    Result<Done> addBranch(const std::string& name) override;
    Result<std::vector<std::string>> branches() override; // sorted by name
    // Stores user.branches sorted and deduplicated.
    Result<Done> putUser(const User& user) override;
    Result<std::optional<User>> findUser(std::string_view name) override;
    Result<std::vector<User>> users() override; // sorted by name
    Result<Done> addSession(const Session& session) override;
    // Returns the session even when it has expired: the caller decides what expiry means.
    Result<std::optional<Session>> findSession(std::string_view tokenHash) override;
    Result<std::size_t> revokeSessions(std::string_view user) override;
    Result<Done> audit(const AuditEntry& entry) override;
    Result<std::vector<AuditEntry>> auditLog(std::size_t limit) override; // newest first

    Result<std::vector<PushOutcome>> commitPushes(const std::vector<PushBatch>& batches,
                                                  HybridClock& clock) override;
    Result<ResolutionOutcome> resolveConflict(const Resolution& resolution, HybridClock& clock) override;
    using ServerStore::readChanges;
    Result<ChangesPage> readChanges(std::int64_t cursor, std::size_t limit,
                                    std::int64_t fieldsSince) override;
    Result<std::optional<ServerRecord>> readRecord(std::string_view collection, std::string_view id) override;
    Result<std::vector<HistoryRow>> history(std::string_view collection, std::string_view id) override;
    Result<std::int64_t> headSeq() override;
    Result<std::int64_t> lastApplied(NodeId node) override;
    Result<Done> claimNode(NodeId node, std::string_view user) override;
    Result<Hlc> maxHlc() override;
    Result<Done> forEachRecord(std::string_view collection,
                               const std::function<void(const ServerRecord&)>& visit) override;
    Result<Done> forEachChange(std::string_view collection,
                               const std::function<void(const ChangeRow&)>& visit) override;

private:
    struct Impl;
    explicit SqliteServerStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace knowset::server
