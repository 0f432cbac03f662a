// The client sync engine: keeps a local replica in step with a knowset-server.
//
// It runs on its own thread with its own Asio io_context and its own connection to the
// replica file, so readers and writers elsewhere (the GUI, the CLI) never wait for it:
// connect, hello (with the session token), push the journal in batches that fit the server's
// frame limit, pull until caught up (resumable: every chunk commits with its cursor), then
// stay live (apply what the server streams, push what is written locally). On any network
// error it backs off exponentially with jitter (capped) and tries again, forever, until
// stopped; retryNow() skips the wait. Conflict resolutions chosen on the replica
// (LocalStore::queueResolution) travel the same way: sent after the journal once connected, and
// as they are chosen while live; each leaves the queue only when the server has resolved the
// conflict, or stays there marked refused, with the server's reason.
//
// Callbacks (SyncOptions::onStatus) run on the engine's thread: copy what you need and hand
// it over to your own thread.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/hlc.hpp"
#include "knowset/core/patch.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace knowset::sync {

enum class SyncState {
    Offline,    // not connected (not started, stopped, or waiting to retry)
    Connecting, // opening the connection and signing in
    Syncing,    // pushing the journal and pulling to catch up
    Live,       // caught up; changes flow both ways as they happen
    Error,      // signed out or refused: needs the user (see SyncStatus::reason)
};

std::string_view toString(SyncState state);

struct InitialSyncProgress {
    bool active = false;             // a pull from an earlier cursor is catching up
    std::int64_t received = 0;       // records received in this catch-up so far
    std::int64_t estimatedTotal = 0; // estimate of the records this catch-up will bring (0: unknown)
};

struct SyncStatus {
    SyncState state = SyncState::Offline;
    std::string reason;                  // why Offline or Error, in words for the user ("" when fine)
    std::int64_t pending = 0;            // journal entries not yet acknowledged
    std::int64_t parked = 0;             // entries the server refused, set aside
    std::int64_t resolutionsWaiting = 0; // conflict resolutions chosen here, not yet confirmed
    std::int64_t resolutionsRefused = 0; // resolutions the server refused (kept with the reason)
    std::string lastRefusal;             // the newest refusal of a resolution, in words ("" none so far)
    std::int64_t cursor = 0;             // the pull cursor
    InitialSyncProgress progress;
    std::optional<std::int64_t> lastSyncAt;     // ms since the epoch: last time fully caught up
    std::optional<std::int64_t> serverOffsetMs; // server clock minus ours, from the last welcome
    std::chrono::milliseconds retryIn{0};       // Offline: time until the next attempt
    int failedAttempts = 0;                     // consecutive failed connection attempts
};

// Where the server is and whom to trust. URL: ws://host:port[/path] (loopback only) or
// wss://host:port[/path]; the path defaults to /sync.
struct ServerAddress {
    std::string url;
    // wss: trust exactly this certificate (PEM) instead of the system's certificate store.
    std::filesystem::path trustedCertificate;
};

struct SyncOptions {
    std::filesystem::path replicaPath;
    ServerAddress server;
    std::string token; // a session token from login(); never the password
    PhysicalClock clock = systemClockMillis;
    int pullLimit = 1000;                            // records per pull request
    std::chrono::milliseconds backoffInitial{500};   // first retry delay
    std::chrono::milliseconds backoffCap{30000};     // retry delays never exceed this
    std::chrono::milliseconds pollInterval{200};     // how often live mode looks for local writes
    std::chrono::milliseconds connectTimeout{10000}; // TCP + TLS + WebSocket handshake
    std::chrono::milliseconds replyTimeout{60000};   // longest wait for a reply
    std::function<void(const SyncStatus&)> onStatus; // every state or count change
};

// What one sync session did (syncOnce, or the last session of an engine).
struct SyncReport {
    std::int64_t pushed = 0;                            // journal entries acknowledged
    std::int64_t received = 0;                          // records received and applied
    std::int64_t resumedFrom = 0;                       // the cursor the pull started from
    std::int64_t cursor = 0;                            // the cursor after the session
    std::int64_t restamped = 0;                         // entries re-stamped after clock_skew
    std::vector<std::string> conflicts;                 // conflict ids the pushes produced
    std::vector<std::string> parked;                    // reasons of entries set aside in this session
    std::vector<std::string> resolved;                  // conflicts the server resolved with a queued choice
    std::vector<std::pair<std::string, Error>> refused; // conflict id and the server's refusal
};

class SyncEngine {
public:
    // Opens the replica; the engine does not connect before start().
    static Result<std::unique_ptr<SyncEngine>> create(SyncOptions options);
    ~SyncEngine(); // stops and joins
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;

    void start();
    void stop();     // closes the connection and joins the thread; pending writes stay in the journal
    void retryNow(); // connect now instead of waiting for the backoff
    void nudge();    // local writes happened: push them now instead of at the next poll
    void setToken(std::string token); // after a new login; reconnects
    SyncStatus status() const;

private:
    struct Impl;
    explicit SyncEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// ---- one-shot operations (the CLI; the GUI's login screen) ----

struct LoginResult {
    std::string token;
    std::string user;
    std::vector<std::string> roles;
    std::vector<std::string> branches;
    std::int64_t serverTime = 0;     // ms since the epoch
    std::int64_t serverOffsetMs = 0; // server clock minus ours
    std::string server;              // server name and version
};

// Signs in with a password (one hello) and returns the session token. `node` is the replica's
// node id (LocalStore::nodeId()): the server binds it to the user.
Result<LoginResult> login(const ServerAddress& server, const std::string& user, const std::string& password,
                          NodeId node, std::chrono::milliseconds timeout = std::chrono::seconds(15),
                          const PhysicalClock& clock = systemClockMillis);

// One session on the calling thread: connect, push the whole journal, send the queued conflict
// resolutions, pull until caught up, close. No retry: a network error or a timeout is returned.
// A resolution the server refuses does not fail the session: it is marked refused in the queue
// and listed in SyncReport::refused.
// Errors: Unavailable (unreachable, certificate not trusted, connection lost, timed out),
// AuthFailed (sign in again), or the server's own error code.
Result<SyncReport> syncOnce(const SyncOptions& options);

// One committed change of a record's field, as the server keeps it.
struct HistoryEntry {
    std::string field;
    Json value;
    Version version;             // the writer's node and clock when it was typed
    std::int64_t seq = 0;        // the server's sequence number: the order of the history
    std::string author;          // who signed in to send it
    std::int64_t receivedAt = 0; // when the server received it, ms since the epoch (server clock)
};

// The change history of one record, which the server alone keeps: connects, signs in with
// options.token (as the node of options.replicaPath), asks, closes. Oldest change first; fields
// the user may not see are left out by the server. Waits at most connectTimeout to connect and
// replyTimeout for the answer.
// Errors: Unavailable (no server, no answer in time), AuthFailed (sign in again), NotFound (the
// server has no such record, or the user may not see it), Protocol.
Result<std::vector<HistoryEntry>> fetchHistory(const SyncOptions& options, std::string_view collection,
                                               std::string_view recordId);

} // namespace knowset::sync
