#include "client/app/conflicts/conflicts_model.hpp"

#include "knowset/core/version.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/domain/domain_json.hpp"
#include "knowset/merge/conflict.hpp"
#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <QMetaObject>

#include <algorithm>

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
    QStringList keys{QStringLiteral("id"),        QStringLiteral("collection"),
                     QStringLiteral("record_id"), QStringLiteral("record_title"),
                     QStringLiteral("field"),     QStringLiteral("kind"),
                     QStringLiteral("status"),    QStringLiteral("text_value")};
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
    : QObject(parent) {
    m_network.setMaxThreadCount(1);
}

ConflictActions::~ConflictActions() {
    m_network.waitForDone();
}

void ConflictActions::keep(const QString& conflictId, const QString& side) {
    if (side != QStringLiteral("winner") && side != QStringLiteral("loser")) {
        finish(conflictId, tr("side: '%1' is not winner or loser").arg(side));
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
    if (m_resolving.contains(conflictId)) {
        return; // already on its way
    }
    const auto refuse = [&](const QString& message) {
        emit failed(conflictId, message);
        controller->reportError(message);
    };
    // Decided here too so that an agent hears why at once; the server checks again.
    if (!controller->supervisor()) {
        refuse(tr("Only supervisors and admins may resolve conflicts."));
        return;
    }
    const QString state = controller->syncState();
    if (state == QStringLiteral("offline") || state == QStringLiteral("error")) {
        const QString reason = controller->syncReason();
        refuse(reason.isEmpty()
                   ? tr("Resolving a conflict needs the server, and Knowset is offline. Try again when "
                        "sync is live.")
                   : tr("Resolving a conflict needs the server, and Knowset is offline (%1). Try again "
                        "when sync is live.")
                         .arg(reason));
        return;
    }
    m_resolving.push_back(conflictId);
    emit resolvingChanged();

    // The value to send, read from the replica (the side kept, or how to take the typed text).
    const std::string id = conflictId.toStdString();
    const std::string text = typed.toStdString();
    controller->read(
        this,
        [id, choice, text](LocalStore& store) -> Result<Json> {
            auto record = store.get(kConflictCollection, id);
            if (!record) {
                return Unexpected<Error>(record.error());
            }
            if (!record->has_value() || (**record).deleted) {
                return fail(ErrorCode::NotFound, "conflict " + id + " is not in this replica any more");
            }
            const Json& fields = (**record).fields;
            if (textOf(fields, "status") != "open") {
                return fail(ErrorCode::InvalidChange, "conflict " + id + " is already resolved");
            }
            if (choice == Choice::Merged) {
                if (textConflict(fields)) {
                    return Json(text);
                }
                Json value = Json::parse(text, nullptr, false);
                if (value.is_discarded()) {
                    return fail(ErrorCode::InvalidChange,
                                "merged value: not valid JSON; write text in quotes (\"like this\"), "
                                "numbers and true/false as they are");
                }
                return value;
            }
            const char* side = choice == Choice::Winner ? "winner" : "loser";
            return fields.value(side, Json::object()).value("value", Json());
        },
        [this, conflictId, controller](Result<Json> value) {
            if (!value) {
                finish(conflictId, QString::fromStdString(value.error().message));
                return;
            }
            const sync::Profile& profile = controller->profile();
            sync::SyncOptions options;
            options.replicaPath = profile.replicaPath();
            options.server = sync::ServerAddress{profile.url, profile.trustedCertificate};
            options.token = profile.token;
            options.replyTimeout = std::chrono::seconds(30);
            sync::OnceOptions once;
            once.resolutions.push_back(sync::ResolveRequest{conflictId.toStdString(), std::move(*value)});
            m_network.start([this, conflictId, options = std::move(options), once = std::move(once)] {
                const auto report = sync::syncOnce(options, once);
                const QString error = report ? QString() : QString::fromStdString(report.error().message);
                QMetaObject::invokeMethod(
                    this, [this, conflictId, error] { finish(conflictId, error); }, Qt::QueuedConnection);
            });
        });
}

void ConflictActions::finish(const QString& conflictId, const QString& error) {
    if (m_resolving.removeAll(conflictId) > 0) {
        emit resolvingChanged();
    }
    if (error.isEmpty()) {
        emit resolved(conflictId);
        return;
    }
    const QString message = tr("Could not resolve the conflict: %1").arg(error);
    emit failed(conflictId, message);
    if (AppController* controller = AppController::instance()) {
        controller->reportError(message);
    }
}

} // namespace knowset::app
