// The quick log's models (PRODUCT.md I1, I2, I6, C7, K9): logging an interaction with the
// articles used, and the pickers it needs (articles, categories). Customers are picked with
// Knowset.Customers' CustomerSearchModel.
//
// Every query and write runs on the store worker (App.read / App.write).
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "client/app/core/local_writes.hpp"
#include "client/app/core/query_list_model.hpp"

namespace knowset::app {

// Articles for the "articles used" picker: domain::searchArticles as the person types (ranked,
// typo tolerant); an empty text browses by title. At most `limit` rows.
//
// Roles: id, title, kind, status, snippet (matches between "[" and "]"; "" when browsing).
class ArticlePickerModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)

public:
    explicit ArticlePickerModel(QObject* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);
    int limit() const { return m_limit; }
    void setLimit(int limit);

signals:
    void textChanged();
    void limitChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;

private:
    QString m_text;
    int m_limit = 12;
};

// The category tree, depth first, for a category choice.
//
// Roles: id, name, depth (0 for top level), path ("Billing / Refunds").
class CategoryChoiceModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit CategoryChoiceModel(QObject* parent = nullptr);

    // The row of the category, -1 when not listed.
    Q_INVOKABLE int indexOfId(const QString& id) const;

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
};

// Logs interactions (domain::logInteraction) and records the articles used with each
// (domain::useAnswer, which stores the article's current version).
class InteractionActions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

public:
    explicit InteractionActions(QObject* parent = nullptr);

    // `fields`: interaction field values as typed (empty texts left out; identity_check
    // {method, result} only when a method is given). `articlesUsed`: [{articleId, how
    // ("verbal", "written", "electronic", "image"), understood (true, false, or absent when the
    // customer was not asked)}]. logged() or failed() follows.
    Q_INVOKABLE void logInteraction(const QVariantMap& fields, const QVariantList& articlesUsed);

    bool busy() const { return m_writes.busy(); }

signals:
    void busyChanged();
    // `articlesRecorded`: how many articles used were recorded with their version.
    void logged(const QString& interactionId, int articlesRecorded);
    // `fieldErrors`: interaction field name -> message (key "" when no field is named). When
    // the interaction was logged but an article could not be recorded, `interactionId` is set.
    void failed(const QString& message, const QVariantMap& fieldErrors, const QString& interactionId);

private:
    LocalWrites m_writes;
};

} // namespace knowset::app
