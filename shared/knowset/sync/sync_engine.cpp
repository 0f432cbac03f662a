#include "knowset/sync/sync_engine.hpp"

#include "knowset/core/ids.hpp"
#include "knowset/protocol/codec.hpp"
#include "knowset/schema/registry.hpp"
#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_session.hpp"
#include "knowset/sync/ws_connection.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

namespace knowset::sync {

namespace {

using boost::asio::awaitable;
using boost::asio::use_awaitable;

constexpr std::chrono::milliseconds kIdleTimeout{30000};
// A record's history can be long (every value of every field): read generously.
constexpr std::size_t kHistoryReadLimit = 64 * 1024 * 1024;

Result<ConnectSettings> connectSettings(const SyncOptions& options) {
    auto url = parseServerUrl(options.server.url);
    if (!url) {
        return unexpected(url.error());
    }
    ConnectSettings settings;
    settings.url = std::move(*url);
    settings.trustedCertificate = options.server.trustedCertificate;
    settings.timeout = options.connectTimeout;
    settings.idleTimeout = kIdleTimeout;
    return settings;
}

// Connects and runs one session; every failure comes back as an Error.
awaitable<Result<Done>> connectAndRun(const ConnectSettings& settings, SyncSession& session,
                                      SyncSession::Mode mode, std::function<void(WsConnection*)> connected) {
    std::unique_ptr<WsConnection> connection;
    std::optional<Error> failure;
    try {
        connection = co_await connectWebSocket(settings);
    } catch (const boost::system::system_error& error) {
        failure = Error{ErrorCode::Unavailable, describeNetworkError(error.code(), settings)};
    } catch (const std::exception& error) {
        failure = Error{ErrorCode::Unavailable,
                        "cannot connect to " + settings.url.hostAndPort() + ": " + error.what()};
    }
    if (failure) {
        co_return unexpected(std::move(*failure));
    }
    connected(connection.get());
    auto outcome = co_await session.run(*connection, mode);
    connected(nullptr);
    co_return outcome;
}

// One request-and-answer exchange on a connection of its own, on the calling thread (login,
// fetchHistory): connects, signs in with `hello`, runs `exchange` on the signed-in connection and
// closes. The sign-in and the exchange together must finish within `deadline`. Network failures
// come back as Unavailable, refusals with the server's code.
template <typename T, typename Exchange>
Result<T> exchangeOnce(const ConnectSettings& settings, const protocol::Hello& hello,
                       const PhysicalClock& clock, std::chrono::milliseconds deadline, Exchange exchange) {
    boost::asio::io_context io;
    boost::asio::steady_timer timer(io);
    std::unique_ptr<WsConnection> connection;
    bool timedOut = false;
    std::optional<Result<T>> result;
    const auto run = [&]() -> awaitable<void> {
        try {
            connection = co_await connectWebSocket(settings);
        } catch (const boost::system::system_error& error) {
            result = fail(ErrorCode::Unavailable, describeNetworkError(error.code(), settings));
            co_return;
        }
        timer.expires_after(deadline);
        timer.async_wait([&](boost::system::error_code error) {
            if (!error) {
                timedOut = true;
                connection->abort();
            }
        });
        try {
            const SignedIn signedIn = co_await signIn(*connection, hello, clock);
            result = co_await exchange(*connection, signedIn);
        } catch (const SessionFailure& failure) {
            result = unexpected(failure.error());
        } catch (const boost::system::system_error& error) {
            result = fail(ErrorCode::Unavailable, timedOut ? "no answer from " + settings.url.hostAndPort() +
                                                                 " within " +
                                                                 std::to_string(deadline.count() / 1000) +
                                                                 " s: the server or the network is down"
                                                           : describeNetworkError(error.code(), settings));
        }
        timer.cancel();
        if (!timedOut) {
            co_await connection->close();
        }
    };
    boost::asio::co_spawn(io, run(), [](std::exception_ptr) {});
    io.run();
    if (!result) {
        return fail(ErrorCode::Internal, "the exchange with the server ended without an answer");
    }
    return std::move(*result);
}

} // namespace

std::string_view toString(SyncState state) {
    switch (state) {
    case SyncState::Offline:
        return "offline";
    case SyncState::Connecting:
        return "connecting";
    case SyncState::Syncing:
        return "syncing";
    case SyncState::Live:
        return "live";
    case SyncState::Error:
        return "error";
    }
    return "offline";
}

struct SyncEngine::Impl {
    SyncOptions options;
    ConnectSettings settings;
    std::unique_ptr<LocalStore> store; // used on the engine thread only, once started
    boost::asio::io_context io{1};
    boost::asio::steady_timer retryTimer{io};
    boost::asio::steady_timer stopDeadline{io};
    std::thread thread;
    std::mt19937_64 random{std::random_device{}()};

    mutable std::mutex statusMutex;
    SyncStatus status;

    // Engine thread only:
    bool stopping = false;
    WsConnection* connection = nullptr;
    SyncSession* session = nullptr;
    SyncReport lastReport;

    void update(const std::function<void(SyncStatus&)>& change) {
        SyncStatus copy;
        {
            const std::lock_guard lock(statusMutex);
            const SyncState before = status.state;
            const std::string reasonBefore = status.reason;
            change(status);
            copy = status;
            if (copy.state != before || copy.reason != reasonBefore) {
                (void)store->setSyncValue("state", std::string(toString(copy.state)));
                (void)store->setSyncValue("state_reason", copy.reason);
            }
        }
        if (options.onStatus) {
            options.onStatus(copy);
        }
    }

    std::chrono::milliseconds backoff(int failures) {
        const auto initial = std::max<std::int64_t>(1, options.backoffInitial.count());
        const auto cap = std::max<std::int64_t>(initial, options.backoffCap.count());
        const int doublings = std::clamp(failures - 1, 0, 30);
        const std::int64_t ceiling = std::min<std::int64_t>(cap, initial << doublings);
        // "Equal jitter": at least half the delay, so clients that lost the server together
        // come back spread out but never hammer it.
        std::uniform_int_distribution<std::int64_t> jitter(ceiling / 2, ceiling);
        return std::chrono::milliseconds(jitter(random));
    }

    awaitable<void> runForever() {
        int failures = 0;
        while (!stopping) {
            update([](SyncStatus& s) {
                s.state = SyncState::Connecting;
                s.retryIn = std::chrono::milliseconds(0);
            });
            lastReport = SyncReport{};
            SyncSession current(*store, options, lastReport, [this](const auto& change) { update(change); });
            session = &current;
            const Result<Done> outcome =
                co_await connectAndRun(settings, current, SyncSession::Mode::Live,
                                       [this](WsConnection* open) { connection = open; });
            session = nullptr;
            if (stopping) {
                break;
            }
            const bool reachedLive = [&] {
                const std::lock_guard lock(statusMutex);
                return status.state == SyncState::Live;
            }();
            failures = reachedLive ? 1 : failures + 1;
            const Error error =
                outcome ? Error{ErrorCode::Unavailable, "the server closed the connection"} : outcome.error();
            const bool needsUser = error.code == ErrorCode::AuthFailed || error.code == ErrorCode::Forbidden;
            const auto delay = needsUser ? std::chrono::milliseconds::max() : backoff(failures);
            update([&](SyncStatus& s) {
                s.state = needsUser ? SyncState::Error : SyncState::Offline;
                s.reason = error.message;
                s.progress = InitialSyncProgress{};
                s.failedAttempts = failures;
                s.retryIn = needsUser ? std::chrono::milliseconds(0) : delay;
            });
            if (needsUser) {
                retryTimer.expires_at(
                    boost::asio::steady_timer::time_point::max()); // until retryNow/setToken
            } else {
                retryTimer.expires_after(delay);
            }
            boost::system::error_code ignored;
            co_await retryTimer.async_wait(boost::asio::redirect_error(use_awaitable, ignored));
        }
        update([](SyncStatus& s) {
            s.state = SyncState::Offline;
            s.reason = "stopped";
        });
        stopDeadline.cancel();
    }
};

SyncEngine::SyncEngine(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

SyncEngine::~SyncEngine() {
    stop();
}

Result<std::unique_ptr<SyncEngine>> SyncEngine::create(SyncOptions options) {
    auto settings = connectSettings(options);
    if (!settings) {
        return unexpected(settings.error());
    }
    auto store = LocalStore::open(StoreOptions{options.replicaPath, options.clock});
    if (!store) {
        return unexpected(store.error());
    }
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    impl->settings = std::move(*settings);
    impl->store = std::move(*store);
    auto pending = impl->store->pendingCount();
    auto cursor = impl->store->cursor();
    impl->status.pending = pending ? *pending : 0;
    impl->status.cursor = cursor ? *cursor : 0;
    if (auto queued = impl->store->queuedResolutions()) {
        for (const QueuedResolution& resolution : *queued) {
            ++(resolution.waiting() ? impl->status.resolutionsWaiting : impl->status.resolutionsRefused);
        }
    }
    if (auto lastSync = impl->store->syncValue("last_sync"); lastSync && *lastSync) {
        impl->status.lastSyncAt = std::stoll(**lastSync);
    }
    impl->status.reason = "not started";
    return std::unique_ptr<SyncEngine>(new SyncEngine(std::move(impl)));
}

void SyncEngine::start() {
    Impl& impl = *m_impl;
    if (impl.thread.joinable()) {
        return;
    }
    impl.stopping = false;
    impl.io.restart();
    boost::asio::co_spawn(impl.io, impl.runForever(), [](std::exception_ptr) {});
    impl.thread = std::thread([&impl] { impl.io.run(); });
}

void SyncEngine::stop() {
    Impl& impl = *m_impl;
    if (!impl.thread.joinable()) {
        return;
    }
    boost::asio::post(impl.io, [&impl] {
        impl.stopping = true;
        impl.retryTimer.cancel();
        if (impl.connection != nullptr) {
            impl.connection->abort();
        }
        if (impl.session != nullptr) {
            impl.session->wake();
        }
        // A connection attempt still resolving or connecting cannot be aborted: give up on
        // it rather than wait for its timeout.
        impl.stopDeadline.expires_after(std::chrono::seconds(2));
        impl.stopDeadline.async_wait([&impl](boost::system::error_code error) {
            if (!error) {
                impl.io.stop();
            }
        });
    });
    impl.thread.join();
    impl.io.restart();
}

void SyncEngine::retryNow() {
    Impl& impl = *m_impl;
    boost::asio::post(impl.io, [&impl] { impl.retryTimer.cancel(); });
}

void SyncEngine::nudge() {
    Impl& impl = *m_impl;
    boost::asio::post(impl.io, [&impl] {
        if (impl.session != nullptr) {
            impl.session->wake();
        }
    });
}

void SyncEngine::setToken(std::string token) {
    Impl& impl = *m_impl;
    boost::asio::post(impl.io, [&impl, token = std::move(token)]() mutable {
        impl.options.token = std::move(token);
        if (impl.connection != nullptr) {
            impl.connection->abort(); // sign in again with the new token
        }
        impl.retryTimer.cancel();
    });
}

SyncStatus SyncEngine::status() const {
    const std::lock_guard lock(m_impl->statusMutex);
    return m_impl->status;
}

// ---- one-shot operations ----

Result<LoginResult> login(const ServerAddress& server, const std::string& user, const std::string& password,
                          NodeId node, std::chrono::milliseconds timeout, const PhysicalClock& clock) {
    SyncOptions options;
    options.server = server;
    options.connectTimeout = timeout;
    auto settings = connectSettings(options);
    if (!settings) {
        return unexpected(settings.error());
    }
    protocol::Hello hello;
    hello.id = "login";
    hello.node = node;
    hello.schema = schema::kSchemaVersion;
    hello.auth = protocol::PasswordAuth{user, password};
    return exchangeOnce<LoginResult>(
        *settings, hello, clock, timeout,
        [](WsConnection&, const SignedIn& signedIn) -> awaitable<Result<LoginResult>> {
            if (!signedIn.welcome.token) {
                co_return fail(ErrorCode::Protocol, "the server signed us in without a session token");
            }
            co_return LoginResult{*signedIn.welcome.token,   signedIn.welcome.user, signedIn.welcome.roles,
                                  signedIn.welcome.branches, signedIn.welcome.time, signedIn.serverOffsetMs,
                                  signedIn.welcome.server};
        });
}

Result<SyncReport> syncOnce(const SyncOptions& options) {
    auto settings = connectSettings(options);
    if (!settings) {
        return unexpected(settings.error());
    }
    auto store = LocalStore::open(StoreOptions{options.replicaPath, options.clock});
    if (!store) {
        return unexpected(store.error());
    }
    boost::asio::io_context io;
    SyncReport report;
    SyncStatus status;
    std::optional<Result<Done>> outcome;
    auto update = [&](const std::function<void(SyncStatus&)>& change) {
        change(status);
        if (options.onStatus) {
            options.onStatus(status);
        }
    };
    SyncSession session(**store, options, report, update);
    boost::asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
            outcome =
                co_await connectAndRun(*settings, session, SyncSession::Mode::Once, [](WsConnection*) {});
        },
        [](std::exception_ptr) {});
    io.run();
    if (!outcome) {
        return fail(ErrorCode::Internal, "the sync ended without an outcome");
    }
    if (!*outcome) {
        return unexpected(outcome->error());
    }
    (void)(*store)->setSyncValue("state", "offline");
    return report;
}

Result<std::vector<HistoryEntry>> fetchHistory(const SyncOptions& options, std::string_view collection,
                                               std::string_view recordId) {
    auto settings = connectSettings(options);
    if (!settings) {
        return unexpected(settings.error());
    }
    NodeId node;
    {
        auto store = LocalStore::open(StoreOptions{options.replicaPath, options.clock});
        if (!store) {
            return unexpected(store.error());
        }
        node = (*store)->nodeId();
    }
    protocol::Hello hello;
    hello.id = "hello";
    hello.node = node;
    hello.schema = schema::kSchemaVersion;
    hello.auth = protocol::TokenAuth{options.token};
    protocol::HistoryRequest request{"history", std::string(collection), std::string(recordId)};
    return exchangeOnce<std::vector<HistoryEntry>>(
        *settings, hello, options.clock, options.connectTimeout + options.replyTimeout,
        [&request](WsConnection& connection,
                   const SignedIn&) -> awaitable<Result<std::vector<HistoryEntry>>> {
            connection.setReadLimit(kHistoryReadLimit);
            co_await connection.send(protocol::encode(request));
            for (;;) {
                protocol::DecodeLimits limits;
                limits.maxMessageBytes = kHistoryReadLimit;
                auto decoded = protocol::decode(co_await connection.receive(), limits);
                if (!decoded) {
                    co_return fail(ErrorCode::Protocol,
                                   "the server sent something this client cannot read: " +
                                       decoded.error().describe());
                }
                if (const auto* error = std::get_if<protocol::ErrorMessage>(&*decoded)) {
                    if (!error->ref || *error->ref == request.id) {
                        co_return fail(error->code, "the server said: " + error->message);
                    }
                    continue;
                }
                const auto* reply = std::get_if<protocol::HistoryReply>(&*decoded);
                if (reply == nullptr || reply->id != request.id) {
                    continue; // not the answer (nothing else is expected before a pull)
                }
                std::vector<HistoryEntry> entries;
                entries.reserve(reply->entries.size());
                for (const protocol::HistoryEntry& entry : reply->entries) {
                    entries.push_back(HistoryEntry{entry.field, entry.value, entry.version, entry.seq,
                                                   entry.author, entry.receivedAt});
                }
                co_return entries;
            }
        });
}

} // namespace knowset::sync
