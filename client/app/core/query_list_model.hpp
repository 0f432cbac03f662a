// The base of the app's list models: rows that a query over the local replica produced.
//
// A subclass names its roles and builds a query (a function of the store run on the store
// worker, returning JSON); the rows are the objects of the array the query returns (or of the
// array that rowsOf() picks out of a larger result). The model runs the query again when its
// parameters change (subclasses call refresh()) and whenever the replica changed, so remote
// changes appear in open views. Only the newest query's result is shown.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/patch.hpp"

#include <QAbstractListModel>
#include <QStringList>
#include <QTimer>
#include <QVariantMap>

#include <functional>

namespace knowset {
class LocalStore;
}

namespace knowset::app {

class QueryListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // Follow changes of the replica (default true); a model showing a snapshot turns it off.
    Q_PROPERTY(bool live READ live WRITE setLive NOTIFY liveChanged)

public:
    using Query = std::function<Result<Json>(LocalStore&)>;

    explicit QueryListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The whole row as a map (role name -> value), for views that show a selected item.
    Q_INVOKABLE QVariantMap get(int row) const;
    Q_INVOKABLE void refresh();

    bool loading() const { return m_loading; }
    int count() const { return static_cast<int>(m_rows.size()); }
    QString error() const { return m_error; }
    bool live() const { return m_live; }
    void setLive(bool live);

signals:
    void loadingChanged();
    void countChanged();
    void errorChanged();
    void liveChanged();
    // The newest query's rows are in.
    void refreshed();

protected:
    // Role names, in order; each is a key of the row objects.
    virtual QStringList roleKeys() const = 0;
    // The query for the current parameters; an empty function shows no rows (e.g. no
    // customer chosen yet).
    virtual Query makeQuery() const = 0;
    // The rows of a query result; by default the result itself (an array). Subclasses with
    // more than rows (search corrections, a period) read the rest here.
    virtual Json rowsOf(Json result);

private:
    void accept(quint64 generation, Result<Json> result);

    std::vector<QVariantMap> m_rows;
    QTimer m_debounce; // parameters typed key by key: one query per pause
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_live = true;
    QString m_error;
};

} // namespace knowset::app
