// Protocol v1 for one WebSocket connection, independent of the transport (plain or TLS):
// the transport hands it each text message; it answers through the Transport interface.
// All calls happen on the connection's strand, so there is no locking here.
//
// States: awaiting hello -> signed in (pull to catch up) -> live (a pull answered with
// more=false; from then on other clients' committed changes are streamed as `changes`
// without an id). Every message is authorized; a protocol error closes only this connection.
#pragma once

#include "knowset/protocol/messages.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/sync/access_policy.hpp"
#include "server/sync/server_context.hpp"

namespace knowset::server {

enum class CloseReason {
    Normal,          // 1000
    GoingAway,       // 1001: server shutting down
    ProtocolError,   // 1002
    PolicyViolation, // 1008: auth failures, floods, revoked sessions
    TooBig,          // 1009
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual void sendText(std::string text) = 0;
    // Closes after everything already queued has been sent.
    virtual void close(CloseReason reason, std::string_view why) = 0;
    virtual void setReadLimit(std::size_t bytes) = 0;
    // Runs `work` later on this connection's strand (used for answers from the writer).
    virtual void post(std::function<void()> work) = 0;
    virtual std::string remoteAddress() const = 0;
    // Bytes queued for sending and not yet written.
    virtual std::size_t queuedBytes() const = 0;
    // The hub entry for this connection (the transport owns the connection's lifetime).
    virtual std::shared_ptr<LiveConnection> liveHandle() = 0;
};

class SyncConnection {
public:
    SyncConnection(std::shared_ptr<ServerContext> context, Transport& transport);
    ~SyncConnection();

    void onText(std::string_view text);
    void onBinary();
    void onCommitted();
    void onRevalidate();
    void onShutdown();
    void onClosed();
    // Everything queued has been written: live sending may go on.
    void onDrained();

    bool signedIn() const { return m_principal.has_value(); }

private:
    void handle(const protocol::Hello& hello);
    void handle(const protocol::Push& push);
    void handle(const protocol::Pull& pull);
    void handle(const protocol::HistoryRequest& request);
    void handle(const protocol::Resolve& resolve);
    template <typename Unexpected> void handleUnexpected(const Unexpected& message);

    Result<Done> checkPush(const protocol::Push& push, std::int64_t alreadyApplied);
    // Reads the records changed after `cursor` (their fields changed after `fieldsSince`),
    // filtered for this user, up to the page and byte limits.
    Result<protocol::Changes> readVisibleChanges(std::int64_t cursor, std::size_t limit,
                                                 std::int64_t fieldsSince, bool dropOwnChanges);
    void sendLive();

    void send(const protocol::Message& message);
    void sendError(ErrorCode code, const std::string& message, const std::string& ref);
    void fail(ErrorCode code, const std::string& message, const std::string& ref, CloseReason reason);
    bool takeRateToken();
    std::int64_t now() const;

    std::shared_ptr<ServerContext> m_context;
    Transport& m_transport;
    std::optional<Principal> m_principal;
    std::string m_tokenHash;
    NodeId m_node;
    bool m_live = false;
    bool m_livePending = false; // live changes remain to be sent once the queue drains
    bool m_joinedHub = false;
    bool m_closing = false;
    std::int64_t m_liveCursor = 0;
    // The live stream has sent every field changed at or before this seq: it is the live
    // cursor after the last page that was not cut short. Pages after a cut one send the fields
    // changed since here, not since their cursor, or fields of records that moved past the cut
    // would never be sent.
    std::int64_t m_liveComplete = 0;
    double m_tokens = 0;
    std::int64_t m_tokensAt = 0;
    std::size_t m_rateViolations = 0;
};

} // namespace knowset::server
