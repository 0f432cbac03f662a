#include "convergence_model.hpp"

#include <algorithm>

namespace knowset::convergence {

namespace {

bool isSystemName(std::string_view name) {
    return !name.empty() && name.front() == '_';
}

const std::string kDeleted(kDeletedField);

Version parseVersion(const Json& text, const std::string& what) {
    const auto version = text.is_string() ? Version::parse(text.get<std::string>()) : std::nullopt;
    if (!version) {
        failSimulation(what + ": " + text.dump() + " is not a version");
    }
    return *version;
}

template <typename Map> auto fieldsOf(Map& map, const std::string& record) {
    std::vector<decltype(map.begin())> found;
    for (auto it = map.lower_bound(FieldKey{record, ""}); it != map.end() && it->first.record == record;
         ++it) {
        found.push_back(it);
    }
    return found;
}

std::string describe(const FieldKey& key) {
    return key.record + "." + key.field;
}

} // namespace

void failSimulation(const std::string& what) {
    throw SimulationFailure(what);
}

Model::Model(std::vector<NodeId> nodes) {
    for (const NodeId& node : nodes) {
        ModelReplica replica;
        replica.node = node;
        m_replicas.push_back(std::move(replica));
    }
}

std::optional<Version> Model::currentVersion(int replica, const FieldKey& key) const {
    const auto& seen = m_replicas.at(static_cast<std::size_t>(replica)).seen;
    const auto found = seen.find(key);
    if (found == seen.end() || found->second.empty()) {
        return std::nullopt;
    }
    return *found->second.rbegin(); // last writer wins: the replica holds the highest version seen
}

std::optional<Json> Model::currentValue(int replica, const FieldKey& key) const {
    const auto version = currentVersion(replica, key);
    if (!version) {
        return std::nullopt;
    }
    return valueOf(key, *version);
}

bool Model::knows(int replica, const std::string& record) const {
    return currentVersion(replica, FieldKey{record, "name"}).has_value();
}

bool Model::seesDeleted(int replica, const std::string& record) const {
    const auto deleted = currentValue(replica, FieldKey{record, kDeleted});
    return deleted && *deleted == Json(true);
}

std::map<std::string, Json> Model::changedFields(int replica, const std::string& record,
                                                 const Json& write) const {
    std::map<std::string, Json> changed;
    for (const auto& [name, value] : write.items()) {
        const auto current = currentValue(replica, FieldKey{record, name});
        if (!current || *current != value) {
            changed.emplace(name, value);
        }
    }
    return changed;
}

const Json& Model::valueOf(const FieldKey& key, const Version& version) const {
    const auto field = m_writes.find(key);
    if (field != m_writes.end()) {
        const auto write = field->second.find(version);
        if (write != field->second.end()) {
            return write->second;
        }
    }
    failSimulation("no write of " + describe(key) + " has version " + version.toString());
}

void Model::registerWrite(const FieldKey& key, const Version& version, const Json& value) {
    const auto [it, inserted] = m_writes[key].emplace(version, value);
    if (!inserted && it->second != value) {
        failSimulation("version " + version.toString() + " of " + describe(key) + " was issued twice, for " +
                       it->second.dump() + " and " + value.dump());
    }
}

std::size_t Model::writeCount() const {
    std::size_t count = 0;
    for (const auto& [key, writes] : m_writes) {
        count += writes.size();
    }
    return count;
}

void Model::recordLocalWrite(int replicaIndex, const std::string& record,
                             const std::map<std::string, Json>& changed, const Version& version,
                             std::int64_t journalSeq) {
    ModelReplica& replica = this->replica(replicaIndex);
    const std::string who = "replica " + std::to_string(replicaIndex);
    if (changed.empty()) {
        if (journalSeq != 0) {
            failSimulation(who + " journalled a write of " + record + " that changed nothing (entry " +
                           std::to_string(journalSeq) + ")");
        }
        return;
    }
    if (journalSeq <= replica.lastSeq) {
        failSimulation(who + " gave a write of " + record + " journal number " + std::to_string(journalSeq) +
                       " after " + std::to_string(replica.lastSeq));
    }
    ExpectedEntry entry;
    entry.record = record;
    entry.version = version;
    entry.values = changed;
    for (const auto& it : fieldsOf(replica.seen, record)) {
        if (!it->second.empty()) {
            entry.seenBefore[it->first.field] = it->second;
        }
    }
    for (const auto& [name, value] : changed) {
        entry.bases[name] = currentVersion(replicaIndex, FieldKey{record, name});
    }
    const auto deletion = changed.find(kDeleted);
    if (deletion != changed.end() && deletion->second == Json(true)) {
        for (const auto& [name, versions] : entry.seenBefore) {
            if (!isSystemName(name)) {
                entry.deletionSeen[name] = *versions.rbegin();
            }
        }
    }
    for (const auto& [name, value] : changed) {
        const FieldKey key{record, name};
        registerWrite(key, version, value);
        replica.seen[key].insert(version);
    }
    replica.journal.emplace(journalSeq, std::move(entry));
    replica.lastSeq = journalSeq;
}

void Model::onClientRead(int replicaIndex, const Json& frame) {
    ModelReplica& replica = this->replica(replicaIndex);
    const std::string type = frame.value("type", "");
    if (type == "changes") {
        for (const Json& record : frame.at("records")) {
            if (record.at("c") != kCollection) {
                continue; // conflict records are the server's; the final dumps compare them
            }
            const std::string id = record.at("id").get<std::string>();
            for (const auto& [name, change] : record.at("fields").items()) {
                const FieldKey key{id, name};
                const Version version = parseVersion(change.at("ver"), "a change of " + describe(key));
                const Json& expected = valueOf(key, version);
                if (change.at("v") != expected) {
                    failSimulation("replica " + std::to_string(replicaIndex) + " received " + describe(key) +
                                   " = " + change.at("v").dump() + " at " + version.toString() +
                                   ", but that version was written as " + expected.dump());
                }
                replica.seen[key].insert(version);
            }
        }
    } else if (type == "ack") {
        const std::int64_t through = frame.at("through").get<std::int64_t>();
        if (through > appliedThrough(replicaIndex)) {
            failSimulation("replica " + std::to_string(replicaIndex) + " was acknowledged through " +
                           std::to_string(through) + " but the server committed only through " +
                           std::to_string(appliedThrough(replicaIndex)));
        }
        replica.ackedThrough = std::max(replica.ackedThrough, through);
    }
}

std::int64_t Model::appliedThrough(int replica) const {
    const auto found = m_appliedThrough.find(m_replicas.at(static_cast<std::size_t>(replica)).node);
    return found == m_appliedThrough.end() ? 0 : found->second;
}

void Model::queuePush(int replica, const Json& frame) {
    m_queue.emplace_back(QueuedPush{replica, frame.at("seq_from").get<std::int64_t>(), frame.at("changes")});
}

void Model::queueResolution(const Json& frame) {
    m_queue.emplace_back(QueuedResolution{frame.at("conflict").get<std::string>(), frame.at("value")});
}

void Model::nameConflict(const std::string& id, const ConflictKey& key) {
    m_conflictIds.insert_or_assign(id, key);
}

std::optional<ConflictKey> Model::conflictNamed(const std::string& id) const {
    const auto found = m_conflictIds.find(id);
    return found == m_conflictIds.end() ? std::nullopt : std::optional(found->second);
}

void Model::commitPush(const QueuedPush& push) {
    ModelReplica& replica = this->replica(push.replica);
    std::int64_t& through = m_appliedThrough[replica.node];
    const auto count = static_cast<std::int64_t>(push.changes.size());
    for (std::int64_t i = 0; i < count; ++i) {
        const std::int64_t seq = push.seqFrom + i;
        if (seq <= through) {
            continue; // applied before: the server skips it
        }
        const std::string what =
            "replica " + std::to_string(push.replica) + " journal entry " + std::to_string(seq);
        const auto entry = replica.journal.find(seq);
        if (entry == replica.journal.end()) {
            failSimulation(what + " was pushed, but the replica never wrote it");
        }
        const ExpectedEntry& expected = entry->second;
        const Json& sent = push.changes.at(static_cast<std::size_t>(i));
        // The entry as pushed must be exactly the write, with the bases the writer had seen.
        Json fields = Json::object();
        for (const auto& [name, value] : expected.values) {
            const auto base = expected.bases.at(name);
            fields[name] = {{"v", value},
                            {"ver", expected.version.toString()},
                            {"base", base ? Json(base->toString()) : Json(nullptr)}};
        }
        Json want = {{"c", kCollection}, {"id", expected.record}, {"fields", fields}};
        if (!expected.deletionSeen.empty()) {
            Json seen = Json::object();
            for (const auto& [name, version] : expected.deletionSeen) {
                seen[name] = version.toString();
            }
            want["seen"] = seen;
        }
        if (sent != want) {
            failSimulation(what + " was pushed as " + sent.dump() + " but the model expected " + want.dump());
        }
        commitEntry(expected);
    }
    if (count > 0) {
        through = std::max(through, push.seqFrom + count - 1);
    }
}

void Model::commitEntry(const ExpectedEntry& entry) {
    std::map<std::string, Version> before;
    for (const auto& it : fieldsOf(m_current, entry.record)) {
        before.emplace(it->first.field, it->second);
    }
    const auto seenBy = [&](const std::string& field, const Version& version) {
        const auto seen = entry.seenBefore.find(field);
        return seen != entry.seenBefore.end() && seen->second.contains(version);
    };
    const auto deletedBefore = before.find(kDeleted);
    const bool wasDeleted = deletedBefore != before.end() &&
                            valueOf(FieldKey{entry.record, kDeleted}, deletedBefore->second) == Json(true);

    std::set<std::string> flagged;
    for (const auto& [name, value] : entry.values) {
        const FieldKey key{entry.record, name};
        const auto current = before.find(name);
        if (current == before.end()) {
            m_current[key] = entry.version;
            m_applied.emplace_back(key, entry.version);
            continue;
        }
        const Version& met = current->second;
        if (met == entry.version) {
            continue;
        }
        const bool wins = entry.version > met;
        // Concurrent: the writer had not seen the value it meets. Equal values lose nothing.
        const bool concurrent = !seenBy(name, met);
        if (valueOf(key, met) != value && (concurrent || !wins)) {
            expectConflict(ExpectedKind::Field, key, wins ? entry.version : met, wins ? met : entry.version);
            flagged.insert(name);
        }
        if (wins) {
            m_current[key] = entry.version;
            m_applied.emplace_back(key, entry.version);
        }
    }

    // An edit reaching a deleted record: its writer cannot have seen the deletion (a replica
    // refuses to edit what it sees deleted), so each edited field is kept in a conflict.
    if (wasDeleted && !entry.values.contains(kDeleted)) {
        const Version& deletion = deletedBefore->second;
        if (seenBy(kDeleted, deletion)) {
            failSimulation("an edit of " + entry.record + " at " + entry.version.toString() +
                           " was made after its writer had seen the deletion " + deletion.toString());
        }
        for (const auto& [name, value] : entry.values) {
            if (!isSystemName(name) && !flagged.contains(name)) {
                expectConflict(ExpectedKind::EditDelete, FieldKey{entry.record, name}, deletion,
                               entry.version);
            }
        }
    }
    // A deletion that takes effect over edits its writer had not seen.
    const auto deletes = entry.values.find(kDeleted);
    const bool deletionWins = deletes != entry.values.end() && deletes->second == Json(true) &&
                              m_current[FieldKey{entry.record, kDeleted}] == entry.version;
    if (deletionWins && !wasDeleted) {
        for (const auto& [name, version] : before) {
            if (!isSystemName(name) && !entry.values.contains(name) && !seenBy(name, version)) {
                expectConflict(ExpectedKind::EditDelete, FieldKey{entry.record, name}, entry.version,
                               version);
            }
        }
    }
}

void Model::commitResolution(const QueuedResolution& resolution, const Version& stamp) {
    const ConflictKey key = *conflictNamed(resolution.conflictId);
    ExpectedConflict& conflict = m_conflicts.at(key);
    const auto current = m_current.find(key.target);
    if (current != m_current.end() && !(stamp > current->second)) {
        failSimulation("the resolution of conflict " + resolution.conflictId + " was stamped " +
                       stamp.toString() + ", not after the current " + current->second.toString() + " of " +
                       describe(key.target));
    }
    registerWrite(key.target, stamp, resolution.value);
    m_current[key.target] = stamp;
    m_applied.emplace_back(key.target, stamp);
    conflict.resolved = true;
    conflict.resolution = resolution.value;
}

void Model::expectConflict(ExpectedKind kind, const FieldKey& target, const Version& winner,
                           const Version& loser) {
    const ConflictKey key{kind, target, std::min(winner, loser), std::max(winner, loser)};
    m_conflicts.try_emplace(key, ExpectedConflict{winner, loser, false, Json()});
}

} // namespace knowset::convergence
