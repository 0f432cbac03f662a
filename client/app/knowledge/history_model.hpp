// The change history of one record as the server keeps it (who changed which field to what,
// and when), for the article view. Only the server has it, so it is fetched with
// sync::fetchHistory on a worker thread (never the GUI thread) while sync is live, and again
// whenever `revision` changes (the view binds the record's last edit). Offline, `available` is
// false and the rows are empty: the view says so and shows what the replica knows instead.
#pragma once

#include "knowset/sync/sync_engine.hpp"

#include <QAbstractListModel>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace knowset::app {

// Rows, newest change first: field, value (text as is, other values as JSON; "" for none),
// author, received_at (when the server received it, RFC 3339), typed_at (when it was typed,
// from its version's clock, RFC 3339), seq.
class RecordHistoryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString collection READ collection WRITE setCollection NOTIFY recordChanged)
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY recordChanged)
    // Any value; when it changes, the history is fetched again.
    Q_PROPERTY(QString revision READ revision WRITE setRevision NOTIFY revisionChanged)
    // Sync is live: the server can be asked.
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    // The rows are the server's answer for this record (false before the first answer).
    Q_PROPERTY(bool loaded READ loaded NOTIFY loadedChanged)
    // Why the history could not be fetched, in words ("" when fine).
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit RecordHistoryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString collection() const { return m_collection; }
    void setCollection(const QString& collection);
    QString recordId() const { return m_recordId; }
    void setRecordId(const QString& id);
    QString revision() const { return m_revision; }
    void setRevision(const QString& revision);
    bool available() const { return m_available; }
    bool loading() const { return m_loading; }
    bool loaded() const { return m_loaded; }
    QString error() const { return m_error; }
    int count() const { return static_cast<int>(m_entries.size()); }

    // The row as a map (role name -> value).
    Q_INVOKABLE QVariantMap get(int row) const;
    // Fetches again now (when available).
    Q_INVOKABLE void refresh();

signals:
    void recordChanged();
    void revisionChanged();
    void availableChanged();
    void loadingChanged();
    void loadedChanged();
    void errorChanged();
    void countChanged();

private:
    void onSyncStatus();
    void clear();
    void accept(quint64 generation, Result<std::vector<sync::HistoryEntry>> result);
    void setLoading(bool loading);
    void setLoaded(bool loaded);
    void setError(const QString& error);

    QString m_collection = QStringLiteral("article");
    QString m_recordId;
    QString m_revision;
    bool m_available = false;
    bool m_loading = false;
    bool m_loaded = false;
    QString m_error;
    quint64 m_generation = 0;
    std::vector<QVariantMap> m_entries;
};

} // namespace knowset::app
