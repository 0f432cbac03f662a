// The convergence simulation's own account of what happened, kept without the product's merge
// or conflict code: which field writes exist, which of them each replica has seen, what each
// journal entry must hold, and — mirroring the server's commit order — which writes won and
// which concurrent overwrites must have been flagged (DESIGN.md "Conflict flags": a change is
// concurrent when its writer had not seen the value it meets).
//
// Every check that fails throws SimulationFailure with what differs.
#pragma once

#include "knowset/core/ids.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/core/version.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace knowset::convergence {

class SimulationFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void failSimulation(const std::string& what);

inline constexpr std::string_view kCollection = "category";

struct FieldKey {
    std::string record;
    std::string field;
    auto operator<=>(const FieldKey&) const = default;
};

enum class ExpectedKind { Field, EditDelete };

// A conflict's identity: what it is about and the unordered pair of versions.
struct ConflictKey {
    ExpectedKind kind = ExpectedKind::Field;
    FieldKey target;
    Version low;
    Version high;
    auto operator<=>(const ConflictKey&) const = default;
};

struct ExpectedConflict {
    Version winner;
    Version loser;
    bool resolved = false;
    Json resolution;
};

// One journal entry as the replica must have written it.
struct ExpectedEntry {
    std::string record;
    Version version;
    std::map<std::string, Json> values;                  // the fields that changed
    std::map<std::string, std::optional<Version>> bases; // per changed field: the version seen
    std::map<std::string, Version> deletionSeen;         // deletions: every field version seen
    // Per field of the record: every version of it the writer had seen when writing.
    std::map<std::string, std::set<Version>> seenBefore;
};

struct ModelReplica {
    NodeId node;
    std::map<FieldKey, std::set<Version>> seen; // own writes and everything received
    std::map<std::int64_t, ExpectedEntry> journal;
    std::int64_t lastSeq = 0;
    std::int64_t ackedThrough = 0; // the highest `through` of an ack the replica read
};

// A push or a resolution the server accepted and handed to its writer.
struct QueuedPush {
    int replica = 0;
    std::int64_t seqFrom = 0;
    Json changes; // the frame's `changes`
};
struct QueuedResolution {
    std::string conflictId;
    Json value;
};

class Model {
public:
    explicit Model(std::vector<NodeId> nodes);

    ModelReplica& replica(int index) { return m_replicas.at(static_cast<std::size_t>(index)); }
    int replicaCount() const { return static_cast<int>(m_replicas.size()); }

    // ---- what replicas see ----
    std::optional<Version> currentVersion(int replica, const FieldKey& key) const;
    std::optional<Json> currentValue(int replica, const FieldKey& key) const;
    bool knows(int replica, const std::string& record) const;
    bool seesDeleted(int replica, const std::string& record) const;
    // The fields `write` would change on `replica` (unchanged values are not journalled).
    std::map<std::string, Json> changedFields(int replica, const std::string& record,
                                              const Json& write) const;
    // A local write the store accepted: remembers the write and what its journal entry must hold.
    void recordLocalWrite(int replica, const std::string& record, const std::map<std::string, Json>& changed,
                          const Version& version, std::int64_t journalSeq);
    // The replica read a frame from the server (it applies `changes` and acks right away).
    void onClientRead(int replica, const Json& frame);

    // ---- the server's writer, in its order ----
    void queuePush(int replica, const Json& frame);
    void queueResolution(const Json& frame);
    bool hasQueued() const { return !m_queue.empty(); }
    // The writer committed everything queued; `resolutionVersion` tells the version a
    // committed resolution was stamped with (read from the server's conflict record).
    template <typename VersionOf> void commitQueued(VersionOf resolutionVersion);
    void dropQueued() { m_queue.clear(); } // the server crashed before committing them

    // The conflict a supervisor chose from its replica, by the id the server gave it.
    void nameConflict(const std::string& id, const ConflictKey& key);
    std::optional<ConflictKey> conflictNamed(const std::string& id) const;

    // ---- expectations for the end ----
    const std::map<FieldKey, Version>& serverCurrent() const { return m_current; }
    const std::map<ConflictKey, ExpectedConflict>& conflicts() const { return m_conflicts; }
    // Every field change the server applied (won when it arrived), as (field, version).
    const std::vector<std::pair<FieldKey, Version>>& appliedChanges() const { return m_applied; }
    std::int64_t appliedThrough(int replica) const;
    const Json& valueOf(const FieldKey& key, const Version& version) const;
    std::size_t writeCount() const;

private:
    void commitPush(const QueuedPush& push);
    void commitEntry(const ExpectedEntry& entry);
    void commitResolution(const QueuedResolution& resolution, const Version& stamp);
    void expectConflict(ExpectedKind kind, const FieldKey& target, const Version& winner,
                        const Version& loser);
    void registerWrite(const FieldKey& key, const Version& version, const Json& value);

    std::vector<ModelReplica> m_replicas;
    // Every field write ever made (replicas and resolutions): its value.
    std::map<FieldKey, std::map<Version, Json>> m_writes;

    // The server as the model expects it.
    std::map<FieldKey, Version> m_current;
    std::map<NodeId, std::int64_t> m_appliedThrough;
    std::deque<std::variant<QueuedPush, QueuedResolution>> m_queue;
    std::map<ConflictKey, ExpectedConflict> m_conflicts;
    std::map<std::string, ConflictKey> m_conflictIds;
    std::vector<std::pair<FieldKey, Version>> m_applied;
};

template <typename VersionOf> void Model::commitQueued(VersionOf resolutionVersion) {
    while (!m_queue.empty()) {
        auto item = std::move(m_queue.front());
        m_queue.pop_front();
        if (const auto* push = std::get_if<QueuedPush>(&item)) {
            commitPush(*push);
        } else {
            const auto& resolution = std::get<QueuedResolution>(item);
            const auto key = conflictNamed(resolution.conflictId);
            if (!key) {
                failSimulation("a resolution of conflict " + resolution.conflictId +
                               " that no supervisor chose was committed");
            }
            const auto conflict = m_conflicts.find(*key);
            if (conflict == m_conflicts.end()) {
                failSimulation("conflict " + resolution.conflictId +
                               " was resolved, but no concurrent overwrite explains it");
            }
            if (conflict->second.resolved) {
                continue; // the server refuses a second resolution (invalid_change)
            }
            commitResolution(resolution, resolutionVersion(resolution.conflictId));
        }
    }
}

} // namespace knowset::convergence
