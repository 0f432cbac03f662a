// One article as the article view shows it, read off the GUI thread and read again whenever the
// replica changes: its fields, freshness (verified on/by, review due), category path, the key
// messages it cites, the articles citing it (a key message), helpfulness counts and what the
// replica knows of its edits (when each field last changed).
//
// The full change history (who changed what, every value) lives on the server only: the view
// asks it through RecordHistoryModel while online, and shows the replica's per-field change
// times offline.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace knowset::app {

class ArticleModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString articleId READ articleId WRITE setArticleId NOTIFY articleIdChanged)
    // YYYY-MM-DD for freshness ("review due in 12 days"); empty: today.
    Q_PROPERTY(QString referenceDay READ referenceDay WRITE setReferenceDay NOTIFY referenceDayChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    // The article was read and exists (false while none is chosen, or when it is gone).
    Q_PROPERTY(bool found READ found NOTIFY loaded)
    Q_PROPERTY(QString error READ error NOTIFY loaded)
    // The record's field values: title, kind, status, summary, body, tags, products,
    // category_id, key_message_ids, owner, valid_from, valid_to, verified_at...
    Q_PROPERTY(QVariantMap fields READ fields NOTIFY loaded)
    // articleFreshnessJson: verified_on, verified_by, days_since_verified, review_due,
    // days_until_review, review_overdue, valid_to, expired, needs_review, review_reason.
    Q_PROPERTY(QVariantMap freshness READ freshness NOTIFY loaded)
    // The category's names from the top level down.
    Q_PROPERTY(QStringList categoryPath READ categoryPath NOTIFY loaded)
    // The cited key messages: [{id, title, status, missing}] in the order cited.
    Q_PROPERTY(QVariantList keyMessages READ keyMessages NOTIFY loaded)
    // For a key message: the articles citing it (articleSummaryJson).
    Q_PROPERTY(QVariantList citedBy READ citedBy NOTIFY loaded)
    // helpfulnessCountsJson: helpful, not_helpful, worked, partly, not.
    Q_PROPERTY(QVariantMap helpfulness READ helpfulness NOTIFY loaded)
    // When each field last changed, newest first: [{field, at (RFC 3339)}].
    Q_PROPERTY(QVariantList changes READ changes NOTIFY loaded)
    Q_PROPERTY(QString lastEditedAt READ lastEditedAt NOTIFY loaded)

public:
    explicit ArticleModel(QObject* parent = nullptr);

    QString articleId() const { return m_articleId; }
    void setArticleId(const QString& id);
    QString referenceDay() const { return m_referenceDay; }
    void setReferenceDay(const QString& day);
    bool loading() const { return m_loading; }
    bool found() const { return m_found; }
    QString error() const { return m_error; }
    QVariantMap fields() const { return m_fields; }
    QVariantMap freshness() const { return m_freshness; }
    QStringList categoryPath() const { return m_categoryPath; }
    QVariantList keyMessages() const { return m_keyMessages; }
    QVariantList citedBy() const { return m_citedBy; }
    QVariantMap helpfulness() const { return m_helpfulness; }
    QVariantList changes() const { return m_changes; }
    QString lastEditedAt() const { return m_lastEditedAt; }

    Q_INVOKABLE void refresh();

signals:
    void articleIdChanged();
    void referenceDayChanged();
    void loadingChanged();
    void loaded();

private:
    void setLoading(bool loading);
    void clear();

    QString m_articleId;
    QString m_referenceDay;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_found = false;
    QString m_error;
    QVariantMap m_fields;
    QVariantMap m_freshness;
    QStringList m_categoryPath;
    QVariantList m_keyMessages;
    QVariantList m_citedBy;
    QVariantMap m_helpfulness;
    QVariantList m_changes;
    QString m_lastEditedAt;
};

} // namespace knowset::app
