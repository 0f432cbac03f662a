// The writes of the Knowledge screen: create and edit articles, move them through their
// lifecycle as the signed-in role allows, verify them, vote on their helpfulness, comment on
// them and draft one from an interaction. Each runs on the store worker (App.write) and reports
// back through a signal; a failure also goes to the status bar (App.reportError) and, when the
// domain names fields ("article.title: is required"), to `failed`'s fieldErrors by field name.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "client/app/core/local_writes.hpp"

namespace knowset::app {

class KnowledgeActions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    // A write is under way.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

public:
    explicit KnowledgeActions(QObject* parent = nullptr);

    bool busy() const { return m_writes.busy(); }

    // A new article from its fields (title, kind, summary, body, category_id, tags, products,
    // key_message_ids...). Empty values are left out; status defaults to draft. -> created(id)
    Q_INVOKABLE void createArticle(const QVariantMap& fields);
    // Changes the given fields; an empty text or list clears the field. -> saved(id, markedForReview)
    Q_INVOKABLE void updateArticle(const QString& id, const QVariantMap& fields);
    // Moves an article to `status` (draft, in_review, published, archived). -> statusChanged(id, status)
    Q_INVOKABLE void changeStatus(const QString& id, const QString& status);
    // Records that the signed-in person checked the article today. -> verified(id)
    Q_INVOKABLE void verify(const QString& id);
    // "Was this helpful?" -> voted(id, helpful)
    Q_INVOKABLE void recordHelpful(const QString& id, bool helpful);
    // -> commented(articleId, commentId)
    Q_INVOKABLE void addComment(const QString& articleId, const QString& body);
    // A draft answer from an interaction (its category, product and the customer's words).
    // -> drafted(articleId, interactionId)
    Q_INVOKABLE void draftFromInteraction(const QString& interactionId);

    // The lifecycle moves from `status` the signed-in role may make, in button order:
    // [{status, label}] (agents: submit and withdraw; supervisors and admins also publish,
    // archive and revive).
    Q_INVOKABLE QVariantList transitions(const QString& status) const;
    // The signed-in role may move an article from `from` to `to`.
    Q_INVOKABLE bool mayMove(const QString& from, const QString& to) const;

    // "article.title: is required; article.tags[1]: ..." -> {title: "is required", tags: "..."}.
    static QVariantMap fieldErrorsOf(const QString& message);

signals:
    void busyChanged();
    void created(const QString& id);
    void saved(const QString& id, int markedForReview);
    void statusChanged(const QString& id, const QString& status);
    void verified(const QString& id);
    void voted(const QString& id, bool helpful);
    void commented(const QString& articleId, const QString& commentId);
    void drafted(const QString& articleId, const QString& interactionId);
    // `action`: create, update, status, verify, helpful, comment, draft.
    void failed(const QString& action, const QString& message, const QVariantMap& fieldErrors);

private:
    void fail(const QString& action, const QString& message);
    template <typename Write, typename Succeeded>
    void run(const QString& action, Write write, Succeeded succeeded);

    LocalWrites m_writes;
};

} // namespace knowset::app
