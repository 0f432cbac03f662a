#include "server/sync/sync_connection.hpp"

#include "knowset/merge/conflict.hpp"
#include "knowset/protocol/codec.hpp"

#include <algorithm>
#include <chrono>

#include "server/observe/log.hpp"

namespace knowset::server {

namespace {

Json currentValues(const ServerRecord& record) {
    Json doc = Json::object();
    for (const auto& [name, field] : record.fields) {
        doc[name] = field.value;
    }
    return doc;
}

Json changedValues(const RecordPatch& patch) {
    Json values = Json::object();
    for (const auto& [name, change] : patch.fields) {
        values[name] = change.value;
    }
    return values;
}

// Rate limiting measures intervals, so it must not follow the wall clock when it is stepped.
std::int64_t steadyMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string describeChange(std::size_t index, const RecordPatch& patch) {
    return "change " + std::to_string(index) + " (" + patch.collection + " " + patch.id + ")";
}

} // namespace

SyncConnection::SyncConnection(std::shared_ptr<ServerContext> context, Transport& transport)
    : m_context(std::move(context))
    , m_transport(transport)
    , m_tokens(m_context->config.limits.messageBurst)
    , m_tokensAt(steadyMillis()) {}

SyncConnection::~SyncConnection() = default;

std::int64_t SyncConnection::now() const {
    return static_cast<std::int64_t>(m_context->clock());
}

bool SyncConnection::takeRateToken() {
    const auto& limits = m_context->config.limits;
    const std::int64_t current = steadyMillis();
    m_tokens = std::min(limits.messageBurst, m_tokens + static_cast<double>(current - m_tokensAt) *
                                                            limits.messagesPerSecond / 1000.0);
    m_tokensAt = current;
    if (m_tokens < 1.0) {
        return false;
    }
    m_tokens -= 1.0;
    return true;
}

void SyncConnection::send(const protocol::Message& message) {
    if (!m_closing) {
        m_transport.sendText(protocol::encode(message));
    }
}

void SyncConnection::sendError(ErrorCode code, const std::string& message, const std::string& ref) {
    m_context->metrics.countError(code);
    protocol::ErrorMessage error{code, message, std::nullopt};
    if (!ref.empty()) {
        error.ref = ref;
    }
    send(error);
}

void SyncConnection::fail(ErrorCode code, const std::string& message, const std::string& ref,
                          CloseReason reason) {
    if (m_closing) {
        return;
    }
    sendError(code, message, ref);
    m_closing = true;
    logEvent(LogLevel::Info, "connection.refused",
             {{"code", std::string(toString(code))},
              {"user", m_principal ? m_principal->user : std::string("-")},
              {"peer", m_transport.remoteAddress()}});
    m_transport.close(reason, toString(code));
}

void SyncConnection::onBinary() {
    fail(ErrorCode::Protocol, "binary frames are not part of protocol v1; send JSON text frames", "",
         CloseReason::ProtocolError);
}

void SyncConnection::onText(std::string_view text) {
    if (m_closing) {
        return;
    }
    if (!takeRateToken()) {
        if (++m_rateViolations > m_context->config.limits.rateViolationsBeforeClose) {
            fail(ErrorCode::RateLimited, "too many messages; disconnected", "", CloseReason::PolicyViolation);
        } else {
            sendError(ErrorCode::RateLimited, "too many messages per second; this one was not processed", "");
        }
        return;
    }
    protocol::DecodeLimits limits;
    limits.maxMessageBytes =
        signedIn() ? m_context->config.limits.maxMessageBytes : m_context->config.limits.preAuthMessageBytes;
    auto decoded = protocol::decode(text, limits);
    if (!decoded) {
        const ErrorCode code = protocol::errorCodeFor(decoded.error());
        fail(code, decoded.error().describe(), "",
             code == ErrorCode::TooLarge ? CloseReason::TooBig : CloseReason::ProtocolError);
        return;
    }
    std::visit(
        [this](const auto& message) {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, protocol::Hello>) {
                handle(message);
            } else if constexpr (std::is_same_v<T, protocol::Push> || std::is_same_v<T, protocol::Pull> ||
                                 std::is_same_v<T, protocol::HistoryRequest> ||
                                 std::is_same_v<T, protocol::Resolve>) {
                if (!signedIn()) {
                    fail(ErrorCode::AuthFailed, "sign in with hello first", message.id,
                         CloseReason::PolicyViolation);
                    return;
                }
                handle(message);
            } else {
                handleUnexpected(message);
            }
        },
        *decoded);
}

template <typename Unexpected> void SyncConnection::handleUnexpected(const Unexpected& message) {
    fail(ErrorCode::Protocol,
         "'" + std::string(protocol::messageType(protocol::Message(message))) +
             "' is sent by servers, not by clients",
         "", CloseReason::ProtocolError);
}

void SyncConnection::handle(const protocol::Hello& hello) {
    if (signedIn()) {
        fail(ErrorCode::Protocol, "hello was already received on this connection", hello.id,
             CloseReason::ProtocolError);
        return;
    }
    Result<SignedIn> signedInUser = std::visit(
        [&](const auto& auth) -> Result<SignedIn> {
            using T = std::decay_t<decltype(auth)>;
            if constexpr (std::is_same_v<T, protocol::TokenAuth>) {
                return m_context->authenticator->signInWithToken(auth.token, now());
            } else {
                return m_context->authenticator->signInWithPassword(auth.user, auth.password,
                                                                    m_transport.remoteAddress(), now());
            }
        },
        hello.auth);
    if (!signedInUser) {
        fail(signedInUser.error().code, signedInUser.error().message, hello.id, CloseReason::PolicyViolation);
        return;
    }
    const User& user = signedInUser->user;
    if (!m_context->hub.join(m_transport.liveHandle(), user.name,
                             m_context->config.limits.connectionsPerUser)) {
        fail(ErrorCode::RateLimited,
             "too many connections for this user (at most " +
                 std::to_string(m_context->config.limits.connectionsPerUser) + "); close another one first",
             hello.id, CloseReason::PolicyViolation);
        return;
    }
    m_joinedHub = true;
    if (auto claimed = m_context->store->claimNode(hello.node, user.name); !claimed) {
        fail(claimed.error().code, claimed.error().message, hello.id, CloseReason::PolicyViolation);
        return;
    }
    m_principal = Principal{user.name, user.role, user.branches};
    m_tokenHash = signedInUser->tokenHash;
    m_node = hello.node;
    m_transport.setReadLimit(m_context->config.limits.maxMessageBytes);

    protocol::Welcome welcome;
    welcome.id = hello.id;
    welcome.server = "knowset-server/" + std::string(kServerVersion);
    welcome.user = user.name;
    welcome.roles = {std::string(toString(user.role))};
    welcome.branches = user.branches;
    welcome.time = now();
    if (!signedInUser->token.empty()) {
        welcome.token = signedInUser->token;
    }
    welcome.maxMessageBytes = static_cast<std::int64_t>(m_context->config.limits.maxMessageBytes);
    if (auto head = m_context->store->headSeq()) {
        welcome.head = *head;
    }
    send(welcome);
    logEvent(LogLevel::Info, "connection.signed_in",
             {{"user", user.name},
              {"role", std::string(toString(user.role))},
              {"peer", m_transport.remoteAddress()}});
}

Result<Done> SyncConnection::checkPush(const protocol::Push& push, std::int64_t alreadyApplied) {
    const HybridClock serverClock(m_context->clock);
    const auto maxSkew = static_cast<std::uint64_t>(m_context->config.limits.maxClockSkew.count());
    const auto& schema = schema::SchemaRegistry::builtin();
    for (std::size_t i = 0; i < push.changes.size(); ++i) {
        if (push.seqFrom + static_cast<std::int64_t>(i) <= alreadyApplied) {
            continue; // applied before: acknowledged again, not checked again
        }
        const RecordPatch& patch = push.changes[i];
        for (const auto& [name, change] : patch.fields) {
            if (change.version.node != m_node) {
                return knowset::fail(ErrorCode::InvalidChange,
                                     describeChange(i, patch) + " is stamped by another replica's node id");
            }
            if (serverClock.isTooFarAhead(change.version.hlc, maxSkew)) {
                return knowset::fail(
                    ErrorCode::ClockSkew,
                    describeChange(i, patch) + " is stamped " +
                        std::to_string(change.version.hlc.millis() - serverClock.physicalMillis()) +
                        " ms ahead of the server clock; correct the clock and push again");
            }
        }
        auto current = m_context->store->readRecord(patch.collection, patch.id);
        if (!current) {
            return unexpected(current.error());
        }
        const ServerRecord* existing = current->has_value() ? &**current : nullptr;
        auto allowed = m_context->policy.authorizeWrite(*m_principal, patch, existing);
        if (!allowed) {
            return knowset::fail(allowed.error().code,
                                 describeChange(i, patch) + ": " + allowed.error().message);
        }
        const Json existingDoc = existing != nullptr ? currentValues(*existing) : Json();
        const auto issues = schema.validateWrite(patch.collection, changedValues(patch),
                                                 existing != nullptr ? &existingDoc : nullptr);
        if (!issues.empty()) {
            return knowset::fail(ErrorCode::InvalidChange,
                                 describeChange(i, patch) + ": " + schema::describe(issues));
        }
    }
    return Done{};
}

void SyncConnection::handle(const protocol::Push& push) {
    auto applied = m_context->store->lastApplied(m_node);
    if (!applied) {
        sendError(ErrorCode::Internal, "the server could not read its store; push again later", push.id);
        return;
    }
    if (auto checked = checkPush(push, *applied); !checked) {
        sendError(checked.error().code, checked.error().message, push.id);
        return;
    }
    PushBatch batch{m_node, push.seqFrom, push.changes, m_principal->user, now()};
    std::weak_ptr<LiveConnection> alive = m_transport.liveHandle();
    Transport* transport = &m_transport;
    m_context->committer->submit(
        std::move(batch), [this, alive, transport, id = push.id](Result<PushOutcome> outcome) {
            const auto handle = alive.lock();
            if (!handle) {
                return; // the connection is gone; the client re-sends and gets the ack then
            }
            transport->post([this, handle, id, outcome = std::move(outcome)] {
                if (!outcome) {
                    sendError(outcome.error().code, outcome.error().message, id);
                    return;
                }
                send(protocol::Ack{id, outcome->through, outcome->conflictIds});
            });
        });
}

Result<protocol::Changes> SyncConnection::readVisibleChanges(std::int64_t cursor, std::size_t limit,
                                                             std::int64_t fieldsSince, bool dropOwnChanges) {
    auto page = m_context->store->readChanges(cursor, limit, fieldsSince);
    if (!page) {
        return unexpected(page.error());
    }
    protocol::Changes changes;
    changes.cursor = page->cursor;
    changes.more = page->more;
    // Keep a message well inside the frame limit: stop early and let the client ask again.
    const std::size_t byteBudget = m_context->config.limits.maxMessageBytes / 2;
    std::size_t bytes = 0;
    for (const RecordChange& change : page->records) {
        std::optional<RecordPatch> visible = m_context->policy.filterForReader(*m_principal, change);
        if (visible && dropOwnChanges) {
            std::erase_if(visible->fields,
                          [&](const auto& field) { return field.second.version.node == m_node; });
            if (visible->fields.empty()) {
                visible.reset();
            }
        }
        if (visible) {
            const std::size_t size = toJson(*visible).dump().size();
            if (!changes.records.empty() && bytes + size > byteBudget) {
                changes.more = true;
                break;
            }
            bytes += size;
            changes.records.push_back(std::move(*visible));
        }
        changes.cursor = change.seq;
    }
    return changes;
}

void SyncConnection::handle(const protocol::Pull& pull) {
    auto head = m_context->store->headSeq();
    if (!head) {
        sendError(ErrorCode::Internal, "the server could not read its store; pull again later", pull.id);
        return;
    }
    if (pull.cursor > *head) {
        sendError(ErrorCode::ResetRequired,
                  "cursor " + std::to_string(pull.cursor) + " is ahead of this server (" +
                      std::to_string(*head) + "); resynchronise from cursor 0",
                  pull.id);
        return;
    }
    const std::size_t limit =
        std::min<std::size_t>(static_cast<std::size_t>(pull.limit), m_context->config.limits.maxPullRecords);
    // Whole records: the client's cursor may be where an earlier run of pages was cut off (a
    // connection lost between chunks), so fields at or below it may still be missing there.
    auto changes = readVisibleChanges(pull.cursor, limit, 0, false);
    if (!changes) {
        sendError(ErrorCode::Internal, "the server could not read its store; pull again later", pull.id);
        return;
    }
    changes->id = pull.id;
    m_context->metrics.pullRecordsSent += changes->records.size();
    if (!changes->more) {
        m_live = true;
        if (changes->cursor >= m_liveCursor) {
            m_liveCursor = changes->cursor;
            m_liveComplete = changes->cursor;
        }
    }
    send(*changes);
    if (m_live) {
        sendLive(); // anything committed while this page was read
    }
}

void SyncConnection::sendLive() {
    for (int pages = 0; pages < 16 && !m_closing; ++pages) {
        auto changes =
            readVisibleChanges(m_liveCursor, m_context->config.limits.maxPullRecords, m_liveComplete, true);
        if (!changes) {
            logEvent(LogLevel::Error, "live.read_failed", {{"reason", changes.error().message}});
            return;
        }
        m_liveCursor = changes->cursor;
        if (!changes->records.empty()) {
            m_context->metrics.liveRecordsSent += changes->records.size();
            send(*changes);
        }
        if (!changes->more) {
            m_liveComplete = m_liveCursor;
            m_livePending = false;
            return;
        }
        if (m_transport.queuedBytes() > m_context->config.limits.maxQueuedBytes / 4) {
            m_livePending = true; // go on when the reader has taken what is queued (onDrained)
            return;
        }
    }
    m_livePending = true;
    m_transport.post([this, handle = m_transport.liveHandle()] { onDrained(); });
}

void SyncConnection::onDrained() {
    if (m_live && m_livePending && !m_closing) {
        sendLive();
    }
}

void SyncConnection::onCommitted() {
    if (m_live && !m_closing) {
        sendLive();
    }
}

void SyncConnection::handle(const protocol::HistoryRequest& request) {
    auto record = m_context->store->readRecord(request.collection, request.recordId);
    auto rows = m_context->store->history(request.collection, request.recordId);
    if (!record || !rows) {
        sendError(ErrorCode::Internal, "the server could not read its store; try again later", request.id);
        return;
    }
    std::optional<std::vector<HistoryRow>> visible;
    if (record->has_value()) {
        visible = m_context->policy.filterHistory(*m_principal, **record, std::move(*rows));
    }
    if (!visible) {
        sendError(ErrorCode::NotFound, "no " + request.collection + " with that id", request.id);
        return;
    }
    protocol::HistoryReply reply;
    reply.id = request.id;
    reply.collection = request.collection;
    reply.recordId = request.recordId;
    for (HistoryRow& row : *visible) {
        reply.entries.push_back(protocol::HistoryEntry{row.field, std::move(row.value), row.version, row.seq,
                                                       row.author, row.receivedAt});
    }
    send(reply);
}

void SyncConnection::handle(const protocol::Resolve& resolve) {
    if (!m_context->policy.canResolveConflicts(*m_principal)) {
        sendError(ErrorCode::Forbidden, "only supervisors and admins may resolve conflicts", resolve.id);
        return;
    }
    auto conflict = m_context->store->readRecord(kConflictCollection, resolve.conflict);
    if (!conflict) {
        sendError(ErrorCode::Internal, "the server could not read its store; try again later", resolve.id);
        return;
    }
    if (!conflict->has_value() || !m_context->policy.canRead(*m_principal, **conflict)) {
        sendError(ErrorCode::NotFound, "no conflict " + resolve.conflict, resolve.id);
        return;
    }
    const StoredFields& fields = (*conflict)->fields;
    const auto text = [&](const char* name) {
        const auto found = fields.find(name);
        return found != fields.end() && found->second.value.is_string()
                   ? found->second.value.get<std::string>()
                   : std::string();
    };
    const std::string collection = text("collection");
    const std::string field = text("field");
    const std::string recordId = text("record_id");
    auto target = m_context->store->readRecord(collection, recordId);
    if (!target) {
        sendError(ErrorCode::Internal, "the server could not read its store; try again later", resolve.id);
        return;
    }
    // A resolution is a write like any other: the resolver must be allowed to make it.
    const ServerRecord* existing = target->has_value() ? &**target : nullptr;
    RecordPatch resolution{
        collection, recordId, {{field, FieldChange{resolve.value, Version{}, std::nullopt}}}, {}};
    if (auto allowed = m_context->policy.authorizeWrite(*m_principal, resolution, existing); !allowed) {
        sendError(allowed.error().code, allowed.error().message, resolve.id);
        return;
    }
    const Json existingDoc = existing != nullptr ? currentValues(*existing) : Json();
    const auto issues = schema::SchemaRegistry::builtin().validateWrite(
        collection, Json{{field, resolve.value}}, existing != nullptr ? &existingDoc : nullptr);
    if (!issues.empty()) {
        sendError(ErrorCode::InvalidChange, schema::describe(issues), resolve.id);
        return;
    }
    std::weak_ptr<LiveConnection> alive = m_transport.liveHandle();
    Transport* transport = &m_transport;
    m_context->committer->submit(
        Resolution{resolve.conflict, resolve.value, m_principal->user, now()},
        [this, alive, transport, id = resolve.id, conflictId = resolve.conflict,
         user = m_principal->user](Result<ResolutionOutcome> outcome) {
            auto handle = alive.lock();
            if (!handle) {
                return;
            }
            transport->post(
                [this, handle = std::move(handle), id, conflictId, user, outcome = std::move(outcome)] {
                    if (!outcome) {
                        sendError(outcome.error().code, outcome.error().message, id);
                        return;
                    }
                    logEvent(LogLevel::Info, "conflict.resolved", {{"user", user}, {"conflict", conflictId}});
                    const auto audited = m_context->store->audit(
                        AuditEntry{now(), user, "conflict.resolve", "conflict/" + conflictId, ""});
                    if (!audited) {
                        logEvent(LogLevel::Error, "audit.failed", {{"reason", audited.error().message}});
                    }
                    send(protocol::Resolved{id, conflictId});
                });
        });
}

void SyncConnection::onRevalidate() {
    if (!signedIn() || m_closing) {
        return;
    }
    if (!m_context->authenticator->sessionStillValid(m_tokenHash, now())) {
        fail(ErrorCode::AuthFailed, "your session was revoked or has expired; sign in again", "",
             CloseReason::PolicyViolation);
    }
}

void SyncConnection::onShutdown() {
    if (!m_closing) {
        m_closing = true;
        m_transport.close(CloseReason::GoingAway, "server shutting down");
    }
}

void SyncConnection::onClosed() {
    m_closing = true;
    if (m_joinedHub) {
        m_context->hub.leave(m_transport.liveHandle().get());
        m_joinedHub = false;
    }
}

} // namespace knowset::server
