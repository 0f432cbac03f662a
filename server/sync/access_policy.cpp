#include "server/sync/access_policy.hpp"

#include "knowset/merge/conflict.hpp"

#include <algorithm>

namespace knowset::server {

namespace {

bool isSupervisorOrAdmin(const Principal& who) {
    return who.role == Role::Supervisor || who.role == Role::Admin;
}

std::string describeRecord(const RecordPatch& patch) {
    return patch.collection + " " + patch.id;
}

} // namespace

AccessPolicy::AccessPolicy(const schema::SchemaRegistry& schema)
    : m_schema(schema) {}

bool AccessPolicy::canReadRestricted(const Principal& who) const {
    return isSupervisorOrAdmin(who);
}

bool AccessPolicy::canResolveConflicts(const Principal& who) const {
    return isSupervisorOrAdmin(who);
}

bool AccessPolicy::canSeeBranch(const Principal& who, std::string_view branch) const {
    return branch.empty() || who.role == Role::Admin ||
           std::find(who.branches.begin(), who.branches.end(), branch) != who.branches.end();
}

bool AccessPolicy::isRestricted(std::string_view collection, std::string_view field) const {
    const auto* spec = m_schema.collection(collection);
    const auto* fieldSpec = spec != nullptr ? spec->field(field) : nullptr;
    return fieldSpec != nullptr && fieldSpec->restricted;
}

bool AccessPolicy::canRead(const Principal& who, const ServerRecord& record) const {
    if (record.collection == kConflictCollection && !isSupervisorOrAdmin(who)) {
        return false;
    }
    return canSeeBranch(who, record.branch);
}

std::optional<RecordPatch> AccessPolicy::filterForReader(const Principal& who,
                                                         const RecordChange& change) const {
    const RecordPatch& patch = change.patch;
    if (patch.collection == kConflictCollection) {
        if (!isSupervisorOrAdmin(who) || !canSeeBranch(who, change.branch)) {
            return std::nullopt;
        }
        return patch; // supervisors and admins may read restricted values, conflicts included
    }
    if (!canSeeBranch(who, change.branch)) {
        return std::nullopt;
    }
    if (canReadRestricted(who)) {
        return patch;
    }
    RecordPatch visible{patch.collection, patch.id, {}, {}};
    for (const auto& [name, fieldChange] : patch.fields) {
        if (!isRestricted(patch.collection, name)) {
            visible.fields.emplace(name, fieldChange);
        }
    }
    if (visible.fields.empty()) {
        return std::nullopt;
    }
    return visible;
}

std::optional<std::vector<HistoryRow>> AccessPolicy::filterHistory(const Principal& who,
                                                                   const ServerRecord& record,
                                                                   std::vector<HistoryRow> rows) const {
    if (!canRead(who, record)) {
        return std::nullopt;
    }
    if (!canReadRestricted(who)) {
        std::erase_if(rows,
                      [&](const HistoryRow& row) { return isRestricted(record.collection, row.field); });
    }
    return rows;
}

Result<Done> AccessPolicy::authorizeWrite(const Principal& who, const RecordPatch& patch,
                                          const ServerRecord* current) const {
    const auto* spec = m_schema.collection(patch.collection);
    if (spec == nullptr) {
        return fail(ErrorCode::InvalidChange, "unknown collection '" + patch.collection + "'");
    }
    if (spec->serverWritten) {
        return fail(ErrorCode::Forbidden, patch.collection + " records are written by the server only");
    }
    if (current != nullptr && !canSeeBranch(who, current->branch)) {
        return fail(ErrorCode::Forbidden, describeRecord(patch) + " belongs to a branch you do not work in");
    }
    if (spec->scope == schema::Scope::Branch) {
        const auto branch = patch.fields.find(spec->branchField);
        if (branch != patch.fields.end()) {
            const Json& value = branch->second.value;
            if (!value.is_string() || !canSeeBranch(who, value.get<std::string>()) ||
                value.get<std::string>().empty()) {
                return fail(ErrorCode::Forbidden, patch.collection + "." + spec->branchField +
                                                      ": you may only write records of your own branches");
            }
        } else if (current == nullptr) {
            return fail(ErrorCode::InvalidChange,
                        patch.collection + "." + spec->branchField + ": is required");
        }
    }
    if (!isSupervisorOrAdmin(who)) {
        for (const auto& [name, change] : patch.fields) {
            if (isRestricted(patch.collection, name)) {
                return fail(ErrorCode::Forbidden, patch.collection + "." + name +
                                                      ": only supervisors and admins may write this field");
            }
        }
        if (patch.collection == "article") {
            const auto status = patch.fields.find("status");
            if (status != patch.fields.end() &&
                (status->second.value == "published" || status->second.value == "archived")) {
                return fail(ErrorCode::Forbidden,
                            "article.status: only supervisors and admins may publish or "
                            "archive articles");
            }
        }
        if (patch.collection == "kpi") {
            return fail(ErrorCode::Forbidden, "kpi: only supervisors and admins may define KPIs");
        }
    }
    return Done{};
}

} // namespace knowset::server
