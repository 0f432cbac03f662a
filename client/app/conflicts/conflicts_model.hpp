// The conflicts inbox (PRODUCT.md: concurrent edits the server flagged; supervisors and
// admins resolve them): the open `conflict` records of the replica, and the action that
// resolves one.
//
// Resolving goes to the server: the app runs one sync session (sync::syncOnce with the
// resolution) on a worker thread, beside the sync engine's live session. That session pushes
// the journal, sends the resolution and pulls until caught up, so the conflict record arrives
// resolved and leaves the list (and every other replica gets it from the server). Offline, a
// resolution is refused with a message rather than queued: the server decides, and may refuse.
#pragma once

#include <QObject>
#include <QStringList>
#include <QThreadPool>
#include <QtQml/qqmlregistration.h>

#include "client/app/core/query_list_model.hpp"

namespace knowset::app {

// The open conflicts (or all, with showResolved), newest typed first. Rows:
//   id, collection, record_id, record_title (the record's title, name or summary; its id when
//   it has none or is gone), field, kind (field, edit_delete), status (open, resolved),
//   text_value (true when the sides' values are text: a merged value is typed as text, else
//   as JSON), and for each side (winner_..., loser_...):
//   _value (the value as shown: text as is, other values as JSON), _json (the value as JSON
//   text), _author, _typed_at (when it was typed, RFC 3339 from its version's clock; "" when
//   unknown), _received_at (when the server received it, RFC 3339; "" when unknown), _version.
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

// Resolves conflicts through the server. `resolving` lists the conflicts whose resolution is
// on its way; resolved(id) or failed(id, message) follows each request (failures are reported
// to App.reportError too).
class ConflictActions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList resolving READ resolving NOTIFY resolvingChanged)

public:
    explicit ConflictActions(QObject* parent = nullptr);
    ~ConflictActions() override; // waits for a resolution on its way

    QStringList resolving() const { return m_resolving; }
    Q_INVOKABLE bool isResolving(const QString& conflictId) const { return m_resolving.contains(conflictId); }

    // Keeps one side's value: side is "winner" or "loser".
    Q_INVOKABLE void keep(const QString& conflictId, const QString& side);
    // Resolves with a value typed by the person: taken as text when the conflict's values are
    // text, else parsed as JSON (a refusal names the merged value).
    Q_INVOKABLE void merge(const QString& conflictId, const QString& value);

signals:
    void resolvingChanged();
    void resolved(const QString& conflictId);
    void failed(const QString& conflictId, const QString& message);

private:
    enum class Choice { Winner, Loser, Merged };
    void resolve(const QString& conflictId, Choice choice, const QString& typed);
    void finish(const QString& conflictId, const QString& error);

    QThreadPool m_network; // the resolving sessions wait on the network: never on the GUI thread
    QStringList m_resolving;
};

} // namespace knowset::app
