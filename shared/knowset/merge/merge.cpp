#include "knowset/merge/merge.hpp"

#include <algorithm>

namespace knowset {

MergeDecision mergeField(const std::optional<Version>& current, const Version& incoming) {
    if (!current || incoming > *current) {
        return MergeDecision::Apply;
    }
    return MergeDecision::Keep;
}

bool isDeleted(const StoredFields& fields) {
    const auto deleted = fields.find(kDeletedField);
    return deleted != fields.end() && deleted->second.value.is_boolean() && deleted->second.value.get<bool>();
}

bool isSystemField(std::string_view name) {
    return !name.empty() && name.front() == '_';
}

namespace {

ConflictSide sideOf(const StoredField& field) {
    return {field.value, field.version, field.author, field.receivedAt};
}

ConflictSide sideOf(const FieldChange& change, const IncomingContext& context) {
    return {change.value, change.version, context.author, context.receivedAt};
}

Conflict makeConflict(ConflictKind kind, std::string_view collection, std::string_view recordId,
                      std::string_view field, ConflictSide winner, ConflictSide loser) {
    Conflict conflict;
    conflict.id = conflictId(kind, collection, recordId, field, winner.version, loser.version);
    conflict.kind = kind;
    conflict.collection = collection;
    conflict.recordId = recordId;
    conflict.field = field;
    conflict.winner = std::move(winner);
    conflict.loser = std::move(loser);
    return conflict;
}

bool hasConflictOn(const std::vector<Conflict>& conflicts, std::string_view field) {
    return std::any_of(conflicts.begin(), conflicts.end(),
                       [&](const Conflict& c) { return c.field == field; });
}

} // namespace

FieldVerdict judgeFieldChange(std::string_view collection, std::string_view recordId, std::string_view field,
                              const StoredField* current, const FieldChange& incoming,
                              const IncomingContext& context) {
    FieldVerdict verdict;
    verdict.decision =
        mergeField(current != nullptr ? std::optional(current->version) : std::nullopt, incoming.version);
    if (current == nullptr || incoming.version == current->version) {
        return verdict; // first value, or the same change again
    }
    const bool fastForward = incoming.base == current->version;
    const bool sameValue = incoming.value == current->value;
    if (sameValue || (fastForward && verdict.decision == MergeDecision::Apply)) {
        return verdict;
    }
    if (verdict.decision == MergeDecision::Apply) {
        verdict.conflict = makeConflict(ConflictKind::Field, collection, recordId, field,
                                        sideOf(incoming, context), sideOf(*current));
    } else {
        verdict.conflict = makeConflict(ConflictKind::Field, collection, recordId, field, sideOf(*current),
                                        sideOf(incoming, context));
    }
    return verdict;
}

PatchVerdict judgePatch(const StoredFields& current, const RecordPatch& patch,
                        const IncomingContext& context) {
    PatchVerdict verdict;
    for (const auto& [name, change] : patch.fields) {
        const auto found = current.find(name);
        const StoredField* currentField = found == current.end() ? nullptr : &found->second;
        FieldVerdict field =
            judgeFieldChange(patch.collection, patch.id, name, currentField, change, context);
        if (field.decision == MergeDecision::Apply) {
            verdict.applied.push_back(name);
        }
        if (field.conflict) {
            verdict.conflicts.push_back(std::move(*field.conflict));
        }
    }

    const auto deletion = current.find(kDeletedField);
    const auto incomingDeletion = patch.fields.find(kDeletedField);

    // Case A: edits reaching a deleted record whose writer had not seen the deletion.
    if (isDeleted(current) && incomingDeletion == patch.fields.end()) {
        for (const auto& [name, change] : patch.fields) {
            const auto existing = current.find(name);
            const bool repeated = existing != current.end() && existing->second.version == change.version;
            if (isSystemField(name) || repeated || hasConflictOn(verdict.conflicts, name)) {
                continue;
            }
            verdict.conflicts.push_back(makeConflict(ConflictKind::EditDelete, patch.collection, patch.id,
                                                     name, sideOf(deletion->second),
                                                     sideOf(change, context)));
        }
    }

    // Case B: a winning deletion over edits the deleter had not seen.
    const bool deletes =
        incomingDeletion != patch.fields.end() && incomingDeletion->second.value == Json(true);
    const bool deletionWins =
        std::find(verdict.applied.begin(), verdict.applied.end(), kDeletedField) != verdict.applied.end();
    if (deletes && deletionWins && !isDeleted(current)) {
        for (const auto& [name, field] : current) {
            if (isSystemField(name) || patch.fields.contains(name)) {
                continue;
            }
            const auto seen = patch.seen.find(name);
            if (seen != patch.seen.end() && seen->second == field.version) {
                continue;
            }
            verdict.conflicts.push_back(makeConflict(ConflictKind::EditDelete, patch.collection, patch.id,
                                                     name, sideOf(incomingDeletion->second, context),
                                                     sideOf(field)));
        }
    }
    return verdict;
}

void applyVerdict(StoredFields& fields, const RecordPatch& patch, const PatchVerdict& verdict,
                  const IncomingContext& context) {
    for (const std::string& name : verdict.applied) {
        const FieldChange& change = patch.fields.find(name)->second;
        fields.insert_or_assign(
            name, StoredField{change.value, change.version, context.author, context.receivedAt});
    }
}

} // namespace knowset
