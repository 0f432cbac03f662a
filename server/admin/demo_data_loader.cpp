#include "server/admin/demo_data_loader.hpp"

#include "knowset/schema/registry.hpp"

#include <string>
#include <utility>
#include <vector>

#include "server/admin/admin_commands.hpp"
#include "server/store/sqlite_server_store.hpp"

namespace knowset::server::admin {

namespace {

Result<bool> holdsRecords(ServerStore& store) {
    auto head = store.headSeq();
    if (!head) {
        return unexpected(head.error());
    }
    return *head > 0;
}

// A demo record as the patch a client of the demo node would push: every field at one version.
RecordPatch patchOf(domain::DemoRecord& record, const Version& version) {
    RecordPatch patch;
    patch.collection = std::move(record.collection);
    patch.id = std::move(record.id);
    for (auto field = record.fields.begin(); field != record.fields.end(); ++field) {
        patch.fields.emplace(field.key(), FieldChange{std::move(field.value()), version, std::nullopt});
    }
    return patch;
}

Result<HybridClock> serverClock(ServerStore& store) {
    auto last = store.maxHlc();
    if (!last) {
        return unexpected(last.error());
    }
    return HybridClock(systemClockMillis, *last);
}

} // namespace

Result<domain::DemoSummary> loadDemoData(ServerStore& store, const domain::DemoSpec& spec, HybridClock& clock,
                                         bool force, std::string_view actor) {
    auto nonEmpty = holdsRecords(store);
    if (!nonEmpty) {
        return unexpected(nonEmpty.error());
    }
    if (*nonEmpty && !force) {
        return fail(ErrorCode::InvalidChange,
                    "the store already holds records; load the demo data into a new data directory, or add "
                    "--force to write it beside them");
    }
    for (const std::string& branch : domain::demoBranches()) {
        if (auto added = store.addBranch(branch); !added) {
            return unexpected(added.error());
        }
    }
    auto applied = store.lastApplied(kDemoNode);
    if (!applied) {
        return unexpected(applied.error());
    }
    std::int64_t nextSeq = *applied + 1;
    const auto& registry = schema::SchemaRegistry::builtin();
    const domain::DemoBatchSink commit = [&](std::vector<domain::DemoRecord>& records) -> Result<Done> {
        PushBatch batch;
        batch.node = kDemoNode;
        batch.seqFrom = nextSeq;
        batch.author = std::string(kDemoAuthor);
        batch.receivedAt = static_cast<std::int64_t>(clock.physicalMillis());
        batch.changes.reserve(records.size());
        for (domain::DemoRecord& record : records) {
            // The server stores only valid records, whoever wrote them.
            const auto issues = registry.validateWrite(record.collection, record.fields, nullptr,
                                                       schema::UnknownFields::Refuse);
            if (!issues.empty()) {
                return fail(ErrorCode::Internal, "demo record " + record.collection + "/" + record.id +
                                                     " is invalid: " + schema::describe(issues));
            }
            batch.changes.push_back(patchOf(record, Version{clock.now(), kDemoNode}));
        }
        nextSeq += static_cast<std::int64_t>(batch.changes.size());
        auto committed = store.commitPushes({std::move(batch)}, clock);
        if (!committed) {
            return unexpected(committed.error());
        }
        return Done{};
    };
    auto summary = domain::generateDemoData(spec, commit);
    if (!summary) {
        return summary;
    }
    auto audited = store.audit(
        AuditEntry{static_cast<std::int64_t>(systemClockMillis()), std::string(actor), "demo.load", "store",
                   std::to_string(summary->records) + " records, seed " + std::to_string(spec.seed) +
                       ", until " + domain::formatDay(spec.until) + ", checksum " + summary->checksum});
    if (!audited) {
        return unexpected(audited.error());
    }
    return summary;
}

Result<domain::DemoSummary> loadDemoDataInto(const DataDirectory& data, const domain::DemoSpec& spec,
                                             bool force, std::string_view actor) {
    auto store = SqliteServerStore::openDataDirectory(data);
    if (!store) {
        return unexpected(store.error());
    }
    auto clock = serverClock(**store);
    if (!clock) {
        return unexpected(clock.error());
    }
    return loadDemoData(**store, spec, *clock, force, actor);
}

Result<std::optional<domain::DemoSummary>> loadDemoDataOnFirstStart(const DataDirectory& data,
                                                                    const domain::DemoSpec& spec) {
    auto store = SqliteServerStore::openDataDirectory(data);
    if (!store) {
        return unexpected(store.error());
    }
    auto nonEmpty = holdsRecords(**store);
    if (!nonEmpty) {
        return unexpected(nonEmpty.error());
    }
    if (*nonEmpty) {
        return std::optional<domain::DemoSummary>();
    }
    auto clock = serverClock(**store);
    if (!clock) {
        return unexpected(clock.error());
    }
    auto summary = loadDemoData(**store, spec, *clock, false, kSystemActor);
    if (!summary) {
        return unexpected(summary.error());
    }
    return std::optional<domain::DemoSummary>(std::move(*summary));
}

} // namespace knowset::server::admin
