#include "knowset/sync/sync_session.hpp"

#include "knowset/protocol/codec.hpp"
#include "knowset/schema/registry.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <cstdlib>

namespace knowset::sync {

namespace {

using boost::asio::awaitable;
using boost::asio::use_awaitable;

// Our push messages stay well inside the server's frame limit: the envelope and JSON escaping
// of a batch are not counted exactly.
constexpr std::size_t kPushBudgetDivisor = 2;
constexpr std::size_t kMaxEntriesPerPush = 1000;
// Replies can be larger than what we send (the server budgets half its limit per chunk, but
// one record may exceed that): read generously, the server is trusted to stay sane.
constexpr std::size_t kMinReadLimit = 64 * 1024 * 1024;
// A clock further off than this is corrected from the server's (DESIGN.md "Clocks and skew").
constexpr std::int64_t kClockCorrectionThresholdMs = 60 * 1000;
constexpr auto kRateLimitedPause = std::chrono::seconds(1);

[[noreturn]] void failSession(ErrorCode code, std::string message) {
    throw SessionFailure(Error{code, std::move(message)});
}

std::int64_t nowMillis(const PhysicalClock& clock) {
    return static_cast<std::int64_t>(clock());
}

template <typename T> const T* as(const protocol::Message& message) {
    return std::get_if<T>(&message);
}

// The id of a reply, or of the request an error answers.
std::optional<std::string> replyId(const protocol::Message& message) {
    return std::visit(
        [](const auto& m) -> std::optional<std::string> {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, protocol::ErrorMessage>) {
                return m.ref;
            } else if constexpr (std::is_same_v<T, protocol::Changes>) {
                return m.id;
            } else if constexpr (std::is_same_v<T, protocol::Revoke>) {
                return std::nullopt;
            } else {
                return m.id;
            }
        },
        message);
}

std::string serverRefusal(const protocol::ErrorMessage& error) {
    if (error.code == ErrorCode::AuthFailed) {
        return "the server refused the sign-in: " + error.message + "; sign in again";
    }
    return "the server said: " + error.message;
}

void persist(LocalStore& store, std::string_view key, const std::string& value) {
    if (auto stored = store.setSyncValue(key, value); !stored) {
        failSession(stored.error().code, stored.error().message);
    }
}

template <typename T> T checked(Result<T> result) {
    if (!result) {
        failSession(result.error().code, result.error().message);
    }
    return std::move(*result);
}

} // namespace

awaitable<SignedIn> signIn(WsConnection& connection, protocol::Hello hello, const PhysicalClock& clock) {
    const std::int64_t sentAt = nowMillis(clock);
    co_await connection.send(protocol::encode(hello));
    const std::string text = co_await connection.receive();
    const std::int64_t receivedAt = nowMillis(clock);
    protocol::DecodeLimits limits;
    limits.maxMessageBytes = kMinReadLimit;
    auto decoded = protocol::decode(text, limits);
    if (!decoded) {
        failSession(ErrorCode::Protocol,
                    "the server sent something this client cannot read: " + decoded.error().describe());
    }
    if (const auto* error = as<protocol::ErrorMessage>(*decoded)) {
        failSession(error->code, serverRefusal(*error));
    }
    const auto* welcome = as<protocol::Welcome>(*decoded);
    if (welcome == nullptr) {
        failSession(ErrorCode::Protocol,
                    "the server answered hello with '" + std::string(protocol::messageType(*decoded)) + "'");
    }
    SignedIn signedIn{*welcome, welcome->time - (sentAt + receivedAt) / 2};
    co_return signedIn;
}

SyncSession::SyncSession(LocalStore& store, const SyncOptions& options, SyncReport& report,
                         StatusUpdate update)
    : m_store(store)
    , m_options(options)
    , m_report(report)
    , m_update(std::move(update)) {}

void SyncSession::wake() {
    if (m_wake) {
        m_wake->cancel();
    }
}

awaitable<Result<Done>> SyncSession::run(WsConnection& connection, Mode mode) {
    m_connection = &connection;
    m_wake.emplace(co_await boost::asio::this_coro::executor);
    std::optional<Error> failure;
    try {
        co_await runSteps(mode);
    } catch (const SessionFailure& error) {
        failure = error.error();
    } catch (const boost::system::system_error& error) {
        failure = Error{ErrorCode::Unavailable, "the connection to " + m_options.server.url + " broke (" +
                                                    error.code().message() + ")"};
    } catch (const std::exception& error) {
        failure = Error{ErrorCode::Internal, std::string("sync failed: ") + error.what()};
    }
    if (failure) {
        connection.abort();
    } else {
        co_await connection.close();
    }
    m_connection = nullptr;
    m_wake.reset();
    if (failure) {
        co_return unexpected(std::move(*failure));
    }
    co_return Done{};
}

awaitable<void> SyncSession::runSteps(Mode mode) {
    protocol::Hello hello;
    hello.id = "hello";
    hello.node = m_store.nodeId();
    hello.schema = schema::kSchemaVersion;
    hello.cursor = checked(m_store.cursor());
    hello.auth = protocol::TokenAuth{m_options.token};
    const SignedIn signedIn = co_await signIn(*m_connection, hello, m_options.clock);

    m_serverOffsetMs = signedIn.serverOffsetMs;
    m_maxMessageBytes = static_cast<std::size_t>(signedIn.welcome.maxMessageBytes.value_or(4 * 1024 * 1024));
    m_connection->setReadLimit(std::max(kMinReadLimit, m_maxMessageBytes * 2));
    persist(m_store, "server_offset_ms", std::to_string(m_serverOffsetMs));
    const bool clockIsOff = std::abs(m_serverOffsetMs) > kClockCorrectionThresholdMs;
    checked(m_store.setClockCorrection(clockIsOff ? m_serverOffsetMs : 0));
    m_head = signedIn.welcome.head.value_or(0);
    m_update([&](SyncStatus& status) {
        status.state = SyncState::Syncing;
        status.reason.clear();
        status.serverOffsetMs = m_serverOffsetMs;
    });
    refreshPending();

    co_await pushJournal();
    co_await sendQueuedResolutions();
    m_report.resumedFrom = checked(m_store.cursor());
    if (m_head > m_report.resumedFrom) {
        m_update([&](SyncStatus& status) { status.progress = InitialSyncProgress{true, 0, 0}; });
    }
    co_await pullUntilCaughtUp();
    caughtUp();
    if (mode == Mode::Once) {
        co_return;
    }
    co_await runLive();
}

// The reader runs here; the writer (pushLive) runs beside it as its own coroutine. Whichever
// fails first aborts the connection, which ends the other; the session ends once both have.
awaitable<void> SyncSession::runLive() {
    auto executor = co_await boost::asio::this_coro::executor;
    m_writerDone.emplace(executor, boost::asio::steady_timer::time_point::max());
    m_writerRunning = true;
    std::exception_ptr writerFailure;
    boost::asio::co_spawn(executor, pushLive(), [this, &writerFailure](std::exception_ptr failure) {
        writerFailure = failure;
        m_writerRunning = false;
        m_writerDone->cancel();
    });
    std::exception_ptr readerFailure;
    try {
        co_await readLive();
    } catch (...) {
        readerFailure = std::current_exception();
    }
    // What failed first explains the end; the other side only saw the abort that followed.
    const bool writerFailedFirst = !m_writerRunning && writerFailure;
    m_liveEnded = true;
    m_connection->abort();
    wake();
    while (m_writerRunning) {
        boost::system::error_code ignored;
        co_await m_writerDone->async_wait(boost::asio::redirect_error(use_awaitable, ignored));
    }
    m_writerDone.reset();
    if (writerFailedFirst) {
        std::rethrow_exception(writerFailure);
    }
    if (readerFailure) {
        std::rethrow_exception(readerFailure);
    }
}

awaitable<void> SyncSession::send(const protocol::Message& message) {
    co_await m_connection->send(protocol::encode(message));
}

awaitable<protocol::Message> SyncSession::receive() {
    const std::string text = co_await m_connection->receive();
    protocol::DecodeLimits limits;
    limits.maxMessageBytes = std::max(kMinReadLimit, m_maxMessageBytes * 2);
    auto decoded = protocol::decode(text, limits);
    if (!decoded) {
        failSession(ErrorCode::Protocol,
                    "the server sent something this client cannot read: " + decoded.error().describe());
    }
    if (const auto* error = as<protocol::ErrorMessage>(*decoded); error != nullptr && !error->ref) {
        failSession(error->code, serverRefusal(*error)); // not an answer: the server is closing on us
    }
    co_return std::move(*decoded);
}

// Before live mode every message is the answer to our one outstanding request; anything else
// (a revoke) is handled on the way.
awaitable<protocol::Message> SyncSession::awaitReply(const std::string& id) {
    for (;;) {
        protocol::Message message = co_await receive();
        if (replyId(message) == id) {
            co_return message;
        }
        handleUnsolicited(message);
    }
}

awaitable<void> SyncSession::pause(std::chrono::milliseconds delay) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
    co_await timer.async_wait(use_awaitable);
}

std::optional<protocol::Push> SyncSession::nextPush() {
    const std::size_t limit = m_singleThrough > 0 ? 1 : kMaxEntriesPerPush;
    auto entries = checked(m_store.pendingJournal(limit));
    if (entries.empty()) {
        return std::nullopt;
    }
    if (m_singleThrough > 0 && entries.front().seq > m_singleThrough) {
        m_singleThrough = 0; // the refused batch has been searched through
    }
    const std::size_t budget = m_maxMessageBytes / kPushBudgetDivisor;
    protocol::Push push;
    push.id = "push-" + std::to_string(++m_nextId);
    push.seqFrom = entries.front().seq;
    std::size_t bytes = 0;
    for (JournalEntry& entry : entries) {
        if (entry.seq != push.seqFrom + static_cast<std::int64_t>(push.changes.size())) {
            break; // a gap left by a parked entry: the next push starts after it
        }
        const std::size_t size = encodedSizeBound(entry.patch) + 1;
        if (bytes + size > budget) {
            if (push.changes.empty()) {
                const std::string reason = "the change is larger than the server accepts (" +
                                           std::to_string(m_maxMessageBytes) + " bytes per message)";
                checked(m_store.parkJournalEntry(entry.seq, reason));
                m_report.parked.push_back(reason);
                return nextPush();
            }
            break;
        }
        bytes += size;
        push.changes.push_back(std::move(entry.patch));
    }
    return push;
}

SyncSession::PushReply SyncSession::handlePushReply(const protocol::Message& reply) {
    const protocol::Push& push = *m_inFlight;
    if (const auto* ack = as<protocol::Ack>(reply)) {
        const std::int64_t last = push.seqFrom + static_cast<std::int64_t>(push.changes.size()) - 1;
        const std::int64_t removed = checked(m_store.acknowledgeThrough(std::min(ack->through, last)));
        m_report.pushed += removed;
        for (const std::string& conflict : ack->conflicts) {
            if (std::find(m_report.conflicts.begin(), m_report.conflicts.end(), conflict) ==
                m_report.conflicts.end()) {
                m_report.conflicts.push_back(conflict);
            }
        }
        refreshPending();
        return PushReply::Done;
    }
    const auto* error = as<protocol::ErrorMessage>(reply);
    if (error == nullptr) {
        failSession(ErrorCode::Protocol,
                    "the server answered a push with '" + std::string(protocol::messageType(reply)) + "'");
    }
    switch (error->code) {
    case ErrorCode::ClockSkew: {
        if (m_restamped) {
            failSession(ErrorCode::ClockSkew, "the server still finds this computer's clock wrong after "
                                              "correcting it: " +
                                                  error->message + "; set the clock right");
        }
        m_restamped = true;
        checked(m_store.setClockCorrection(m_serverOffsetMs));
        m_report.restamped += checked(m_store.restampPending());
        return PushReply::Done;
    }
    case ErrorCode::Forbidden:
    case ErrorCode::InvalidChange:
        if (push.changes.size() > 1) {
            // Find the entry the server refuses by pushing this batch's entries one at a time.
            m_singleThrough = push.seqFrom + static_cast<std::int64_t>(push.changes.size()) - 1;
        } else {
            checked(m_store.parkJournalEntry(push.seqFrom, error->message));
            m_report.parked.push_back(error->message);
            refreshPending();
        }
        return PushReply::Done;
    case ErrorCode::RateLimited:
        return PushReply::RetryLater;
    default:
        failSession(error->code, serverRefusal(*error));
    }
}

awaitable<void> SyncSession::pushJournal() {
    for (;;) {
        m_inFlight = nextPush();
        if (!m_inFlight) {
            co_return;
        }
        co_await send(*m_inFlight);
        const protocol::Message reply = co_await awaitReply(m_inFlight->id);
        if (handlePushReply(reply) == PushReply::RetryLater) {
            co_await pause(kRateLimitedPause);
        }
        m_inFlight.reset();
    }
}

std::optional<SyncSession::SentResolution> SyncSession::nextResolution() {
    for (QueuedResolution& queued : checked(m_store.queuedResolutions())) {
        if (queued.waiting()) {
            protocol::Resolve resolve;
            resolve.id = "resolve-" + std::to_string(++m_nextId);
            resolve.conflict = std::move(queued.conflictId);
            resolve.value = std::move(queued.value);
            return SentResolution{std::move(resolve), queued.seq};
        }
    }
    return std::nullopt;
}

SyncSession::PushReply SyncSession::handleResolveReply(const protocol::Message& reply) {
    const SentResolution& sent = *m_resolutionInFlight;
    const std::string& conflict = sent.message.conflict;
    if (as<protocol::Resolved>(reply) != nullptr) {
        checked(m_store.removeResolution(sent.seq));
        m_report.resolved.push_back(conflict);
        refreshPending();
        return PushReply::Done;
    }
    const auto* error = as<protocol::ErrorMessage>(reply);
    if (error == nullptr) {
        failSession(ErrorCode::Protocol,
                    "the server answered a resolve with '" + std::string(protocol::messageType(reply)) + "'");
    }
    switch (error->code) {
    case ErrorCode::Forbidden:
    case ErrorCode::NotFound:
    case ErrorCode::InvalidChange:
    case ErrorCode::TooLarge: {
        // Sending it again would be refused again: it waits for the person to choose anew.
        checked(m_store.refuseResolution(sent.seq, error->message));
        m_report.refused.emplace_back(conflict, Error{error->code, error->message});
        const std::string words = "the server refused a conflict resolution: " + error->message;
        m_update([&](SyncStatus& status) { status.lastRefusal = words; });
        refreshPending();
        return PushReply::Done;
    }
    case ErrorCode::RateLimited:
        return PushReply::RetryLater;
    default:
        failSession(error->code, serverRefusal(*error));
    }
}

awaitable<void> SyncSession::sendQueuedResolutions() {
    for (;;) {
        m_resolutionInFlight = nextResolution();
        if (!m_resolutionInFlight) {
            co_return;
        }
        co_await send(m_resolutionInFlight->message);
        const protocol::Message reply = co_await awaitReply(m_resolutionInFlight->message.id);
        if (handleResolveReply(reply) == PushReply::RetryLater) {
            co_await pause(kRateLimitedPause);
        }
        m_resolutionInFlight.reset();
    }
}

awaitable<std::string> SyncSession::sendPull(std::int64_t cursor) {
    protocol::Pull pull;
    pull.id = "pull-" + std::to_string(++m_nextId);
    pull.cursor = cursor;
    pull.limit = std::clamp(m_options.pullLimit, 1, protocol::kMaxPullLimit);
    co_await send(pull);
    co_return pull.id;
}

awaitable<void> SyncSession::pullUntilCaughtUp() {
    std::int64_t startCursor = checked(m_store.cursor());
    std::int64_t cursor = startCursor;
    std::int64_t received = 0;
    bool resetOnce = false;
    std::string pullId = co_await sendPull(cursor);
    for (;;) {
        const protocol::Message reply = co_await awaitReply(pullId);
        if (const auto* error = as<protocol::ErrorMessage>(reply)) {
            if (error->code == ErrorCode::RateLimited) {
                co_await pause(kRateLimitedPause);
                pullId = co_await sendPull(cursor);
                continue;
            }
            if (error->code == ErrorCode::ResetRequired && !resetOnce) {
                // The server no longer knows our cursor: our journal is already pushed, so
                // start the pull over from its current state.
                resetOnce = true;
                checked(m_store.applyRemote({}, 0));
                cursor = startCursor = 0;
                pullId = co_await sendPull(cursor);
                continue;
            }
            failSession(error->code, serverRefusal(*error));
        }
        const auto* changes = as<protocol::Changes>(reply);
        if (changes == nullptr) {
            failSession(ErrorCode::Protocol, "the server answered a pull with '" +
                                                 std::string(protocol::messageType(reply)) + "'");
        }
        if (changes->more) {
            // Ask for the next page before applying this one: the server reads and sends it
            // while this replica writes, instead of the two taking turns. Only the cursor of a
            // page this replica has committed is ever stored, so a failure in between loses
            // nothing: the next session pulls from there again.
            pullId = co_await sendPull(changes->cursor);
        }
        checked(m_store.applyRemote(changes->records, changes->cursor));
        cursor = changes->cursor;
        received += static_cast<std::int64_t>(changes->records.size());
        m_report.received += static_cast<std::int64_t>(changes->records.size());
        m_report.cursor = cursor;
        m_update([&](SyncStatus& status) {
            status.cursor = cursor;
            if (status.progress.active) {
                status.progress.received = received;
                // Records arrive in sequence order, so the share of the sequence range covered
                // so far estimates the share of records received.
                if (cursor > startCursor && m_head > startCursor) {
                    const double covered = static_cast<double>(std::min(cursor, m_head) - startCursor) /
                                           static_cast<double>(m_head - startCursor);
                    status.progress.estimatedTotal = std::max(
                        received, static_cast<std::int64_t>(static_cast<double>(received) / covered));
                }
            }
        });
        if (!changes->more) {
            co_return;
        }
    }
}

void SyncSession::caughtUp() {
    const std::int64_t now = nowMillis(m_options.clock);
    persist(m_store, "last_sync", std::to_string(now));
    m_report.cursor = checked(m_store.cursor());
    refreshPending();
    m_update([&](SyncStatus& status) {
        status.state = SyncState::Live;
        status.reason.clear();
        status.progress = InitialSyncProgress{};
        status.lastSyncAt = now;
        status.cursor = m_report.cursor;
        status.failedAttempts = 0;
    });
}

void SyncSession::refreshPending() {
    const std::int64_t pending = checked(m_store.pendingCount());
    const auto parked = checked(m_store.parkedEntries()).size();
    std::int64_t waiting = 0;
    std::int64_t refused = 0;
    for (const QueuedResolution& queued : checked(m_store.queuedResolutions())) {
        ++(queued.waiting() ? waiting : refused);
    }
    m_update([&](SyncStatus& status) {
        status.pending = pending;
        status.parked = static_cast<std::int64_t>(parked);
        status.resolutionsWaiting = waiting;
        status.resolutionsRefused = refused;
    });
}

void SyncSession::applyLive(const protocol::Changes& changes) {
    const std::int64_t now = nowMillis(m_options.clock);
    // One commit (one fsync) for the changes, the cursor and the time of this sync.
    checked(m_store.applyRemote(changes.records, changes.cursor, {{"last_sync", std::to_string(now)}}));
    m_report.received += static_cast<std::int64_t>(changes.records.size());
    m_report.cursor = changes.cursor;
    m_update([&](SyncStatus& status) {
        status.cursor = changes.cursor;
        status.lastSyncAt = now;
    });
}

void SyncSession::handleUnsolicited(const protocol::Message& message) {
    if (const auto* changes = as<protocol::Changes>(message); changes != nullptr && !changes->id) {
        applyLive(*changes);
        return;
    }
    if (const auto* revoke = as<protocol::Revoke>(message)) {
        std::vector<std::pair<std::string, std::string>> records;
        for (const auto& record : revoke->records) {
            records.emplace_back(record.collection, record.id);
        }
        checked(m_store.dropRecords(records));
        refreshPending();
        return;
    }
    failSession(ErrorCode::Protocol,
                "the server sent an unexpected '" + std::string(protocol::messageType(message)) + "'");
}

awaitable<void> SyncSession::readLive() {
    for (;;) {
        const protocol::Message message = co_await receive();
        if (m_inFlight && replyId(message) == m_inFlight->id) {
            if (handlePushReply(message) == PushReply::RetryLater) {
                m_holdPushesUntil = std::chrono::steady_clock::now() + kRateLimitedPause;
            }
            m_inFlight.reset();
            wake();
            continue;
        }
        if (m_resolutionInFlight && replyId(message) == m_resolutionInFlight->message.id) {
            if (handleResolveReply(message) == PushReply::RetryLater) {
                m_holdPushesUntil = std::chrono::steady_clock::now() + kRateLimitedPause;
            }
            m_resolutionInFlight.reset();
            wake();
            continue;
        }
        handleUnsolicited(message);
    }
}

awaitable<void> SyncSession::pushLive() {
    try {
        while (!m_liveEnded) {
            // One request at a time: the journal first, then the resolutions chosen meanwhile.
            if (!m_inFlight && !m_resolutionInFlight &&
                std::chrono::steady_clock::now() >= m_holdPushesUntil) {
                m_inFlight = nextPush();
                if (m_inFlight) {
                    co_await send(*m_inFlight);
                } else if ((m_resolutionInFlight = nextResolution())) {
                    co_await send(m_resolutionInFlight->message);
                } else {
                    refreshPending(); // written elsewhere, or parked
                }
            }
            m_wake->expires_after(m_options.pollInterval);
            boost::system::error_code woken;
            co_await m_wake->async_wait(boost::asio::redirect_error(use_awaitable, woken));
        }
    } catch (...) {
        m_connection->abort(); // the reader must not wait on a connection the writer found broken
        throw;
    }
}

} // namespace knowset::sync
