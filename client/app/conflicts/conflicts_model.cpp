#include "client/app/conflicts/conflicts_model.hpp"

#include "knowset/core/version.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/domain/domain_json.hpp"
#include "knowset/merge/conflict.hpp"
#include "knowset/store/local_store.hpp"

#include <algorithm>
#include <map>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/json_variant.hpp"

namespace knowset::app {

namespace {

std::string textOf(const Json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// A value as people read it: text as it is, anything else as JSON.
std::string shown(const Json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    return value.is_null() ? std::string() : value.dump(2);
}

std::string rfc3339(std::int64_t millis) {
    return domain::formatTimestamp(domain::Instant(std::chrono::seconds(millis / 1000)));
}

// What a record is called in the list: its title, name, summary or query, else its id.
std::string titleOf(LocalStore& store, const std::string& collection, const std::string& id) {
    if (collection.empty() || id.empty()) {
        return id;
    }
    auto record = store.get(collection, id);
    if (!record || !record->has_value()) {
        return id;
    }
    for (const char* name : {"title", "name", "summary", "query", "customer_words", "comment"}) {
        if (std::string title = textOf((**record).fields, name); !title.empty()) {
            return title;
        }
    }
    return id;
}

// The fields of one side (prefix winner_ or loser_) of a conflict row.
void addSide(Json& row, const std::string& prefix, const Json& side) {
    const Json value = side.value("value", Json());
    const std::string version = textOf(side, "version");
    std::string typedAt;
    if (const auto parsed = Version::parse(version)) {
        typedAt = rfc3339(static_cast<std::int64_t>(parsed->hlc.millis()));
    }
    std::string receivedAt;
    if (const auto received = side.find("received_at");
        received != side.end() && received->is_number_integer() && received->get<std::int64_t>() > 0) {
        receivedAt = rfc3339(received->get<std::int64_t>());
    }
    row[prefix + "value"] = shown(value);
    row[prefix + "json"] = value.dump(2);
    row[prefix + "author"] = textOf(side, "author");
    row[prefix + "typed_at"] = typedAt;
    row[prefix + "received_at"] = receivedAt;
    row[prefix + "version"] = version;
}

// This replica's choice for the conflict, if any (see ConflictsModel).
void addChoice(Json& row, const std::map<std::string, QueuedResolution, std::less<>>& chosen,
               const std::string& conflictId) {
    const auto found = chosen.find(conflictId);
    if (found == chosen.end()) {
        row["resolution"] = "";
        row["resolution_value"] = "";
        row["resolution_refusal"] = "";
        row["resolution_at"] = "";
        return;
    }
    const QueuedResolution& queued = found->second;
    row["resolution"] = queued.waiting() ? "waiting" : "refused";
    row["resolution_value"] = shown(queued.value);
    row["resolution_refusal"] = queued.refusal.value_or("");
    row["resolution_at"] = rfc3339(queued.waiting() ? queued.queuedAt : queued.refusedAt);
}

bool isTextOrNull(const Json& value) {
    return value.is_string() || value.is_null();
}

// Both sides' values are text (or one is missing): a merged value is text too.
bool textConflict(const Json& fields) {
    const Json winner = fields.value("winner", Json::object()).value("value", Json());
    const Json loser = fields.value("loser", Json::object()).value("value", Json());
    return isTextOrNull(winner) && isTextOrNull(loser) && !(winner.is_null() && loser.is_null());
}

} // namespace

// ---- ConflictsModel

ConflictsModel::ConflictsModel(QObject* parent)
    : QueryListModel(parent) {}

void ConflictsModel::setShowResolved(bool show) {
    if (show != m_showResolved) {
        m_showResolved = show;
        emit showResolvedChanged();
        refresh();
    }
}

int ConflictsModel::indexOf(const QString& id) const {
    for (int row = 0; row < count(); ++row) {
        if (get(row).value(QStringLiteral("id")).toString() == id) {
            return row;
        }
    }
    return -1;
}

QStringList ConflictsModel::roleKeys() const {
    QStringList keys{QStringLiteral("id"),
                     QStringLiteral("collection"),
                     QStringLiteral("record_id"),
                     QStringLiteral("record_title"),
                     QStringLiteral("field"),
                     QStringLiteral("kind"),
                     QStringLiteral("status"),
                     QStringLiteral("text_value"),
                     QStringLiteral("resolution"),
                     QStringLiteral("resolution_value"),
                     QStringLiteral("resolution_refusal"),
                     QStringLiteral("resolution_at")};
    for (const auto& side : {QStringLiteral("winner_"), QStringLiteral("loser_")}) {
        for (const auto& name :
             {QStringLiteral("value"), QStringLiteral("json"), QStringLiteral("author"),
              QStringLiteral("typed_at"), QStringLiteral("received_at"), QStringLiteral("version")}) {
            keys.push_back(side + name);
        }
    }
    return keys;
}

QueryListModel::Query ConflictsModel::makeQuery() const {
    return [all = m_showResolved](LocalStore& store) -> Result<Json> {
        auto records = store.list(kConflictCollection);
        if (!records) {
            return Unexpected<Error>(records.error());
        }
        auto queue = store.queuedResolutions();
        if (!queue) {
            return Unexpected<Error>(queue.error());
        }
        std::map<std::string, QueuedResolution, std::less<>> chosen;
        for (QueuedResolution& queued : *queue) {
            chosen.insert_or_assign(queued.conflictId, std::move(queued));
        }
        std::vector<Json> rows;
        for (const Record& record : *records) {
            Json row = domain::conflictJson(record);
            if (!all && textOf(row, "status") != "open") {
                continue;
            }
            const Json winner = row.value("winner", Json::object());
            const Json loser = row.value("loser", Json::object());
            row.erase("winner");
            row.erase("loser");
            row["record_title"] = titleOf(store, textOf(row, "collection"), textOf(row, "record_id"));
            row["text_value"] = textConflict(record.fields);
            addSide(row, "winner_", winner);
            addSide(row, "loser_", loser);
            addChoice(row, chosen, record.id);
            rows.push_back(std::move(row));
        }
        // Newest first: the later of the two typing times, then the id.
        const auto latest = [](const Json& row) {
            return std::max(textOf(row, "winner_typed_at"), textOf(row, "loser_typed_at"));
        };
        std::stable_sort(rows.begin(), rows.end(), [&](const Json& a, const Json& b) {
            const std::string first = latest(a);
            const std::string second = latest(b);
            return first != second ? first > second : textOf(a, "id") < textOf(b, "id");
        });
        return Json(rows);
    };
}

// ---- ConflictActions

ConflictActions::ConflictActions(QObject* parent)
    : QObject(parent)
    , m_writes(*this, [this] { emit busyChanged(); }) {}

void ConflictActions::keep(const QString& conflictId, const QString& side) {
    if (side != QStringLiteral("winner") && side != QStringLiteral("loser")) {
        fail(conflictId, tr("side: '%1' is not winner or loser").arg(side));
        return;
    }
    resolve(conflictId, side == QStringLiteral("winner") ? Choice::Winner : Choice::Loser, {});
}

void ConflictActions::merge(const QString& conflictId, const QString& value) {
    resolve(conflictId, Choice::Merged, value);
}

void ConflictActions::resolve(const QString& conflictId, Choice choice, const QString& typed) {
    AppController* controller = AppController::instance();
    if (controller == nullptr || !controller->signedIn()) {
        emit failed(conflictId, tr("Sign in to resolve conflicts."));
        return;
    }
    // Decided here too so that an agent hears why at once; the server checks again.
    if (!controller->supervisor()) {
        fail(conflictId, tr("Only supervisors and admins may resolve conflicts."));
        return;
    }
    // The value to save, read from the replica (the side kept, or how to take the typed text).
    const std::string id = conflictId.toStdString();
    const std::string text = typed.toStdString();
    m_writes.run(
        [id, choice, text](LocalStore& store) -> Result<QueuedResolution> {
            auto record = store.get(kConflictCollection, id);
            if (!record) {
                return Unexpected<Error>(record.error());
            }
            if (!record->has_value() || (**record).deleted) {
                return knowset::fail(ErrorCode::NotFound,
                                     "conflict " + id + " is not in this replica any more");
            }
            const Json& fields = (**record).fields;
            if (textOf(fields, "status") != "open") {
                return knowset::fail(ErrorCode::InvalidChange, "conflict " + id + " is already resolved");
            }
            Json value;
            if (choice == Choice::Merged) {
                if (textConflict(fields)) {
                    value = text;
                } else {
                    value = Json::parse(text, nullptr, false);
                    if (value.is_discarded()) {
                        return knowset::fail(
                            ErrorCode::InvalidChange,
                            "merged value: not valid JSON; write text in quotes (\"like this\"), "
                            "numbers and true/false as they are");
                    }
                }
            } else {
                const char* side = choice == Choice::Winner ? "winner" : "loser";
                value = fields.value(side, Json::object()).value("value", Json());
            }
            return store.queueResolution(id, value);
        },
        [this, conflictId](const QueuedResolution&) { emit queued(conflictId); },
        [this, conflictId](const QString& message) { emit failed(conflictId, message); });
}

void ConflictActions::fail(const QString& conflictId, const QString& message) {
    LocalWrites::report(message);
    emit failed(conflictId, message);
}

} // namespace knowset::app
