#include "client/app/knowledge/history_model.hpp"

#include "knowset/domain/calendar.hpp"

#include <QStringList>

#include <algorithm>

#include "client/app/core/app_controller.hpp"

namespace knowset::app {

namespace {

const QStringList& roleKeys() {
    static const QStringList keys{QStringLiteral("field"),    QStringLiteral("value"),
                                  QStringLiteral("author"),   QStringLiteral("received_at"),
                                  QStringLiteral("typed_at"), QStringLiteral("seq")};
    return keys;
}

QString rfc3339(std::int64_t millis) {
    if (millis <= 0) {
        return {};
    }
    return QString::fromStdString(
        domain::formatTimestamp(domain::Instant(std::chrono::seconds(millis / 1000))));
}

// A value as people read it: text as it is, nothing as "", anything else as JSON.
QString shown(const Json& value) {
    if (value.is_string()) {
        return QString::fromStdString(value.get<std::string>());
    }
    return value.is_null() ? QString() : QString::fromStdString(value.dump());
}

QVariantMap rowOf(const sync::HistoryEntry& entry) {
    return {{QStringLiteral("field"), QString::fromStdString(entry.field)},
            {QStringLiteral("value"), shown(entry.value)},
            {QStringLiteral("author"), QString::fromStdString(entry.author)},
            {QStringLiteral("received_at"), rfc3339(entry.receivedAt)},
            {QStringLiteral("typed_at"), rfc3339(static_cast<std::int64_t>(entry.version.hlc.millis()))},
            {QStringLiteral("seq"), QVariant::fromValue<qint64>(entry.seq)}};
}

QString describe(const Error& error) {
    if (error.code == ErrorCode::NotFound) {
        return RecordHistoryModel::tr(
            "The server has no history of this record yet: it has not been synced.");
    }
    return RecordHistoryModel::tr("Could not load the history: %1")
        .arg(QString::fromStdString(error.message));
}

} // namespace

RecordHistoryModel::RecordHistoryModel(QObject* parent)
    : QAbstractListModel(parent) {
    if (AppController* controller = AppController::instance()) {
        connect(controller, &AppController::syncStatusChanged, this, &RecordHistoryModel::onSyncStatus);
        connect(controller, &AppController::sessionChanged, this, &RecordHistoryModel::onSyncStatus);
    }
    onSyncStatus();
}

int RecordHistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant RecordHistoryModel::data(const QModelIndex& index, int role) const {
    const int key = role - Qt::UserRole;
    if (!index.isValid() || index.row() >= count() || key < 0 || key >= roleKeys().size()) {
        return {};
    }
    return m_entries[static_cast<std::size_t>(index.row())].value(roleKeys()[key]);
}

QHash<int, QByteArray> RecordHistoryModel::roleNames() const {
    QHash<int, QByteArray> names;
    for (int key = 0; key < roleKeys().size(); ++key) {
        names.insert(Qt::UserRole + key, roleKeys()[key].toUtf8());
    }
    return names;
}

QVariantMap RecordHistoryModel::get(int row) const {
    return row >= 0 && row < count() ? m_entries[static_cast<std::size_t>(row)] : QVariantMap();
}

void RecordHistoryModel::setCollection(const QString& collection) {
    if (collection != m_collection) {
        m_collection = collection;
        emit recordChanged();
        clear();
        refresh();
    }
}

void RecordHistoryModel::setRecordId(const QString& id) {
    if (id != m_recordId) {
        m_recordId = id;
        emit recordChanged();
        clear();
        refresh();
    }
}

void RecordHistoryModel::setRevision(const QString& revision) {
    if (revision != m_revision) {
        m_revision = revision;
        emit revisionChanged();
        refresh();
    }
}

void RecordHistoryModel::onSyncStatus() {
    AppController* controller = AppController::instance();
    const bool available =
        controller != nullptr && controller->signedIn() && controller->syncState() == QLatin1String("live");
    if (available == m_available) {
        return;
    }
    m_available = available;
    emit availableChanged();
    if (m_available) {
        refresh(); // back online: what changed meanwhile is on the server
    } else {
        clear();
    }
}

void RecordHistoryModel::refresh() {
    AppController* controller = AppController::instance();
    ++m_generation; // an answer still on its way is for an older question
    if (!m_available || controller == nullptr || m_recordId.isEmpty() || m_collection.isEmpty()) {
        setLoading(false);
        return;
    }
    setLoading(true);
    // Short waits: the app waits for a fetch still on its way when it quits.
    sync::SyncOptions options = controller->syncOptions();
    options.connectTimeout = std::chrono::seconds(5);
    options.replyTimeout = std::chrono::seconds(15);
    controller->network(
        this,
        [options = std::move(options), collection = m_collection.toStdString(),
         id = m_recordId.toStdString()] { return sync::fetchHistory(options, collection, id); },
        [this, generation = m_generation](Result<std::vector<sync::HistoryEntry>> result) {
            accept(generation, std::move(result));
        });
}

void RecordHistoryModel::accept(quint64 generation, Result<std::vector<sync::HistoryEntry>> result) {
    if (generation != m_generation) {
        return;
    }
    setLoading(false);
    if (!result) {
        setError(describe(result.error()));
        return;
    }
    std::vector<QVariantMap> rows;
    rows.reserve(result->size());
    // Newest first: the server answers oldest first.
    for (auto entry = result->rbegin(); entry != result->rend(); ++entry) {
        rows.push_back(rowOf(*entry));
    }
    const int before = count();
    beginResetModel();
    m_entries = std::move(rows);
    endResetModel();
    if (count() != before) {
        emit countChanged();
    }
    setError({});
    setLoaded(true);
}

void RecordHistoryModel::clear() {
    ++m_generation;
    setLoading(false);
    if (!m_entries.empty()) {
        beginResetModel();
        m_entries.clear();
        endResetModel();
        emit countChanged();
    }
    setError({});
    setLoaded(false);
}

void RecordHistoryModel::setLoading(bool loading) {
    if (loading != m_loading) {
        m_loading = loading;
        emit loadingChanged();
    }
}

void RecordHistoryModel::setLoaded(bool loaded) {
    if (loaded != m_loaded) {
        m_loaded = loaded;
        emit loadedChanged();
    }
}

void RecordHistoryModel::setError(const QString& error) {
    if (error != m_error) {
        m_error = error;
        emit errorChanged();
    }
}

} // namespace knowset::app
