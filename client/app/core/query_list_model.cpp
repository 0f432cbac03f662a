#include "client/app/core/query_list_model.hpp"

#include "client/app/core/app_controller.hpp"
#include "client/app/core/json_variant.hpp"

namespace knowset::app {

namespace {
// Short enough to feel immediate while typing, long enough to skip intermediate keystrokes.
constexpr int kDebounceMilliseconds = 60;
} // namespace

QueryListModel::QueryListModel(QObject* parent)
    : QAbstractListModel(parent) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMilliseconds);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        AppController* controller = AppController::instance();
        if (controller == nullptr || !controller->ready()) {
            return; // refreshed when the replica opens (still loading until then)
        }
        Query query = makeQuery();
        const quint64 generation = ++m_generation;
        if (!query) {
            accept(generation, Json::array());
            return;
        }
        controller->read(this, std::move(query),
                         [this, generation](Result<Json> result) { accept(generation, std::move(result)); });
    });
    if (AppController* controller = AppController::instance()) {
        connect(controller, &AppController::storeChanged, this, [this] {
            if (m_live) {
                refresh();
            }
        });
        connect(controller, &AppController::readyChanged, this, [this] { refresh(); });
    }
    refresh();
}

void QueryListModel::setLive(bool live) {
    if (m_live != live) {
        m_live = live;
        emit liveChanged();
    }
}

void QueryListModel::refresh() {
    // Loading from the moment the parameters change: a view never mistakes the old rows for the
    // answer to the new question.
    if (!m_loading) {
        m_loading = true;
        emit loadingChanged();
    }
    m_debounce.start();
}

int QueryListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant QueryListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count()) {
        return {};
    }
    const QStringList keys = roleKeys();
    const int keyIndex = role - Qt::UserRole;
    if (keyIndex < 0 || keyIndex >= keys.size()) {
        return {};
    }
    return m_rows[static_cast<std::size_t>(index.row())].value(keys[keyIndex]);
}

QHash<int, QByteArray> QueryListModel::roleNames() const {
    QHash<int, QByteArray> names;
    const QStringList keys = roleKeys();
    for (int i = 0; i < keys.size(); ++i) {
        names.insert(Qt::UserRole + i, keys[i].toUtf8());
    }
    return names;
}

QVariantMap QueryListModel::get(int row) const {
    if (row < 0 || row >= count()) {
        return {};
    }
    return m_rows[static_cast<std::size_t>(row)];
}

Json QueryListModel::rowsOf(Json result) {
    return result;
}

void QueryListModel::accept(quint64 generation, Result<Json> result) {
    if (generation != m_generation) {
        return; // a newer query is on its way
    }
    if (m_loading) {
        m_loading = false;
        emit loadingChanged();
    }
    const QString error = result ? QString() : QString::fromStdString(result.error().message);
    if (error != m_error) {
        m_error = error;
        emit errorChanged();
    }
    if (!result) {
        return; // keep showing the last good rows
    }
    const Json rows = rowsOf(std::move(*result));
    const int before = count();
    beginResetModel();
    m_rows.clear();
    if (rows.is_array()) {
        m_rows.reserve(rows.size());
        for (const Json& row : rows) {
            m_rows.push_back(toVariant(row).toMap());
        }
    }
    endResetModel();
    if (count() != before) {
        emit countChanged();
    }
    emit refreshed();
}

} // namespace knowset::app
