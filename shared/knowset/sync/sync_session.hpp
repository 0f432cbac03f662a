// One signed-in connection's worth of protocol v1, from the client side: hello, push the
// journal, send the queued conflict resolutions, pull until caught up, then (live) apply what
// streams in and push what is written or resolved locally. The engine (sync_engine.cpp) owns connections,
// retries and threads; the session owns what is said on one connection.
#pragma once

#include "knowset/protocol/messages.hpp"
#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_engine.hpp"
#include "knowset/sync/ws_connection.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace knowset::sync {

// A failure that ends the session, with the error to report.
class SessionFailure : public std::runtime_error {
public:
    explicit SessionFailure(Error error)
        : std::runtime_error(error.message)
        , m_error(std::move(error)) {}
    const Error& error() const { return m_error; }

private:
    Error m_error;
};

struct SignedIn {
    protocol::Welcome welcome;
    std::int64_t serverOffsetMs = 0; // server clock minus ours, at the midpoint of the exchange
};

// Sends hello and waits for welcome; an `error` reply throws SessionFailure with its code.
boost::asio::awaitable<SignedIn> signIn(WsConnection& connection, protocol::Hello hello,
                                        const PhysicalClock& clock);

using StatusUpdate = std::function<void(const std::function<void(SyncStatus&)>&)>;

class SyncSession {
public:
    enum class Mode { Once, Live };

    SyncSession(LocalStore& store, const SyncOptions& options, SyncReport& report, StatusUpdate update);

    // Runs until the session is done (Once: caught up) or the connection fails. Never throws:
    // network failures come back as Unavailable, server refusals with the server's code.
    boost::asio::awaitable<Result<Done>> run(WsConnection& connection, Mode mode);
    // Look for local writes now instead of at the next poll.
    void wake();

private:
    enum class PushReply { Done, RetryLater };

    // A queued resolution on its way: the message sent and the queue entry it came from.
    struct SentResolution {
        protocol::Resolve message;
        std::int64_t seq = 0;
    };

    boost::asio::awaitable<void> runSteps(Mode mode);
    boost::asio::awaitable<protocol::Message> receive();
    boost::asio::awaitable<protocol::Message> awaitReply(const std::string& id);
    boost::asio::awaitable<void> send(const protocol::Message& message);
    boost::asio::awaitable<void> pause(std::chrono::milliseconds delay);

    boost::asio::awaitable<void> pushJournal();
    boost::asio::awaitable<void> sendQueuedResolutions();
    boost::asio::awaitable<void> pullUntilCaughtUp();
    // Sends a pull from `cursor`; returns its id.
    boost::asio::awaitable<std::string> sendPull(std::int64_t cursor);
    boost::asio::awaitable<void> runLive();
    boost::asio::awaitable<void> readLive();
    boost::asio::awaitable<void> pushLive();

    // The next push: contiguous journal entries that fit the server's frame limit (one entry
    // at a time while looking for an entry the server refuses).
    std::optional<protocol::Push> nextPush();
    PushReply handlePushReply(const protocol::Message& reply);
    // The oldest resolution waiting in the queue, as the message to send.
    std::optional<SentResolution> nextResolution();
    // Resolved: the entry leaves the queue. Refused (forbidden, not found, invalid): the entry
    // stays, marked refused with the server's reason. Other errors end the session.
    PushReply handleResolveReply(const protocol::Message& reply);
    void handleUnsolicited(const protocol::Message& message);
    void applyLive(const protocol::Changes& changes);
    void caughtUp();
    void refreshPending();

    LocalStore& m_store;
    const SyncOptions& m_options;
    SyncReport& m_report;
    StatusUpdate m_update;
    WsConnection* m_connection = nullptr;
    std::optional<boost::asio::steady_timer> m_wake;
    std::optional<boost::asio::steady_timer> m_writerDone; // cancelled when pushLive ends
    bool m_writerRunning = false;
    bool m_liveEnded = false;

    std::size_t m_maxMessageBytes = 4 * 1024 * 1024;
    std::int64_t m_serverOffsetMs = 0;
    std::int64_t m_head = 0;                            // the server's newest sequence number at sign-in
    std::optional<protocol::Push> m_inFlight;           // the push awaiting its ack (one at a time)
    std::optional<SentResolution> m_resolutionInFlight; // live: a resolve awaiting its answer
    std::int64_t m_singleThrough = 0;                   // push entries through this seq one by one
    bool m_restamped = false;                           // clock_skew handled once per session
    std::chrono::steady_clock::time_point m_holdPushesUntil{};
    std::uint64_t m_nextId = 0;
};

} // namespace knowset::sync
