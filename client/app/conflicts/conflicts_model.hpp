// The conflicts inbox (PRODUCT.md: concurrent edits the server flagged; supervisors and
// admins resolve them): the open `conflict` records of the replica, and the action that
// resolves one.
//
// Resolving works like every other local write, online or not: the choice is saved in the
// replica's resolution queue (LocalStore::queueResolution) and the sync engine sends it, at
// once when live, else as soon as the server is back. The conflict stays listed, marked as
// waiting, until the server's resolution arrives; then it leaves the list here and on every
// other replica. A choice the server refuses (the person is no longer a supervisor, someone
// else resolved it first, the merged value is invalid) stays listed with the server's reason
// until the person chooses again.
#pragma once

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include "client/app/core/local_writes.hpp"
#include "client/app/core/query_list_model.hpp"

namespace knowset::app {

// The open conflicts (or all, with showResolved), newest typed first. Rows:
//   id, collection, record_id, record_title (the record's title, name or summary; its id when
//   it has none or is gone), field, kind (field, edit_delete), status (open, resolved),
//   text_value (true when the sides' values are text: a merged value is typed as text, else
//   as JSON), and for each side (winner_..., loser_...):
//   _value (the value as shown: text as is, other values as JSON), _json (the value as JSON
//   text), _author, _typed_at (when it was typed, RFC 3339 from its version's clock; "" when
//   unknown), _received_at (when the server received it, RFC 3339; "" when unknown), _version;
//   and this replica's choice: resolution ("" none, "waiting" saved and not yet confirmed by
//   the server, "refused"), resolution_value (as shown), resolution_refusal (the server's
//   reason), resolution_at (when chosen, or refused; RFC 3339).
class ConflictsModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool showResolved READ showResolved WRITE setShowResolved NOTIFY showResolvedChanged)

public:
    explicit ConflictsModel(QObject* parent = nullptr);

    bool showResolved() const { return m_showResolved; }
    void setShowResolved(bool show);
    // The row of the conflict with this id; -1 when it is not listed.
    Q_INVOKABLE int indexOf(const QString& id) const;

signals:
    void showResolvedChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;

private:
    bool m_showResolved = false;
};

// Resolves conflicts: keep a side or a merged value. The choice is saved in the replica and
// sent by the sync engine (see above); queued(id) or failed(id, message) follows each choice
// (failures are reported to App.reportError too). Choosing again before the server has
// answered replaces the earlier choice.
class ConflictActions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    // A choice is being saved.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

public:
    explicit ConflictActions(QObject* parent = nullptr);

    bool busy() const { return m_writes.busy(); }

    // Keeps one side's value: side is "winner" or "loser".
    Q_INVOKABLE void keep(const QString& conflictId, const QString& side);
    // Resolves with a value typed by the person: taken as text when the conflict's values are
    // text, else parsed as JSON (a refusal names the merged value).
    Q_INVOKABLE void merge(const QString& conflictId, const QString& value);

signals:
    void busyChanged();
    // Saved: the sync engine sends it (now when live, else when the server is back).
    void queued(const QString& conflictId);
    void failed(const QString& conflictId, const QString& message);

private:
    enum class Choice { Winner, Loser, Merged };
    void resolve(const QString& conflictId, Choice choice, const QString& typed);
    void fail(const QString& conflictId, const QString& message);

    LocalWrites m_writes;
};

} // namespace knowset::app
