// The list models of the Knowledge screen: search results (search as you type, browse when the
// query is empty), the category tree, the tag and product chips, the key messages an article
// may cite, and an article's comments. Every query runs on the store worker (QueryListModel).
#pragma once

#include "knowset/domain/actor.hpp"

#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include "client/app/core/query_list_model.hpp"

namespace knowset::app {

// Search results, best first, or, with an empty query, the filtered articles newest first
// (published first for agents, as the domain ranks searches).
//
// Roles: id, title, kind, status, category_id (undefined: none), rank (1 first; 0 browsing),
// needs_review (browsing only), tags (browsing only), snippetHtml (the best passage, HTML-escaped,
// the matches in a highlighted span; "" when browsing).
//
// A search that finds nothing is recorded as a search miss once the person pauses
// (missDelay ms after the empty result) or presses Enter (commit()), never per keystroke, and
// once per query text and category.
class SearchModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY parametersChanged)
    Q_PROPERTY(QString categoryId READ categoryId WRITE setCategoryId NOTIFY parametersChanged)
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY parametersChanged)
    Q_PROPERTY(QString tag READ tag WRITE setTag NOTIFY parametersChanged)
    Q_PROPERTY(QString product READ product WRITE setProduct NOTIFY parametersChanged)
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY parametersChanged)
    Q_PROPERTY(bool validToday READ validToday WRITE setValidToday NOTIFY parametersChanged)
    // YYYY-MM-DD for "valid today"; empty: today.
    Q_PROPERTY(QString referenceDay READ referenceDay WRITE setReferenceDay NOTIFY parametersChanged)
    // At most this many results when searching, and rows when browsing.
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY parametersChanged)
    Q_PROPERTY(int browseLimit READ browseLimit WRITE setBrowseLimit NOTIFY parametersChanged)
    // The background of matches in snippetHtml (pass Theme.match).
    Q_PROPERTY(QString matchColor READ matchColor WRITE setMatchColor NOTIFY parametersChanged)
    // "Showing results for … (you typed …)" when typo tolerance replaced words; else "".
    Q_PROPERTY(QString corrections READ corrections NOTIFY correctionsChanged)
    // The query is empty: the rows are the filtered articles.
    Q_PROPERTY(bool browsing READ browsing NOTIFY parametersChanged)
    // How long a search with no results must stay on screen to count as a miss.
    Q_PROPERTY(int missDelay READ missDelay WRITE setMissDelay NOTIFY missDelayChanged)

public:
    explicit SearchModel(QObject* parent = nullptr);

    QString query() const { return m_query; }
    void setQuery(const QString& query);
    QString categoryId() const { return m_categoryId; }
    void setCategoryId(const QString& id);
    QString kind() const { return m_kind; }
    void setKind(const QString& kind);
    QString tag() const { return m_tag; }
    void setTag(const QString& tag);
    QString product() const { return m_product; }
    void setProduct(const QString& product);
    QString status() const { return m_status; }
    void setStatus(const QString& status);
    bool validToday() const { return m_validToday; }
    void setValidToday(bool valid);
    QString referenceDay() const { return m_referenceDay; }
    void setReferenceDay(const QString& day);
    int limit() const { return m_limit; }
    void setLimit(int limit);
    int browseLimit() const { return m_browseLimit; }
    void setBrowseLimit(int limit);
    QString matchColor() const { return m_matchColor; }
    void setMatchColor(const QString& color);
    QString corrections() const { return m_corrections; }
    bool browsing() const { return m_query.trimmed().isEmpty(); }
    int missDelay() const { return m_missTimer.interval(); }
    void setMissDelay(int milliseconds);

    // The person committed the search (Enter): with no results, it is recorded as a miss now
    // (or as soon as the running query answers).
    Q_INVOKABLE void commit();
    // Clears every filter (not the query).
    Q_INVOKABLE void clearFilters();

signals:
    void parametersChanged();
    void correctionsChanged();
    void missDelayChanged();
    // A search with no results was stored as a search miss.
    void missRecorded(const QString& query);

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;

private:
    template <typename T> void setParameter(T& member, const T& value);
    void onRefreshed();
    void recordMiss();
    bool resultIsCurrent() const;

    QString m_query;
    QString m_categoryId;
    QString m_kind;
    QString m_tag;
    QString m_product;
    QString m_status;
    bool m_validToday = false;
    QString m_referenceDay;
    int m_limit = 50;
    int m_browseLimit = 500;
    QString m_matchColor = QStringLiteral("#fff1a8");
    QString m_corrections;
    QString m_resultKey; // query and category the shown rows answer
    QString m_lastMiss;  // query and category last recorded as a miss
    bool m_commitPending = false;
    QTimer m_missTimer;
};

// Every category depth first (siblings by position, then name), for an indented list.
// Roles: id, name, parent_id (undefined: top level), depth (0 top level), articles (directly in
// it), total (in it and its subcategories), has_children.
class CategoryTreeModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit CategoryTreeModel(QObject* parent = nullptr);

    // The row of the category, -1 when it is not in the tree.
    Q_INVOKABLE int indexOf(const QString& id) const;
    // "Parent › Child" for a category id; "" when unknown.
    Q_INVOKABLE QString pathOf(const QString& id) const;

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
};

// The tags or the products of the articles matching a filter, most used first: the chips.
// Roles: value, articles.
class FacetChipsModel : public QueryListModel {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(QString categoryId READ categoryId WRITE setCategoryId NOTIFY parametersChanged)
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY parametersChanged)
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY parametersChanged)
    // At most this many chips (0: all).
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY parametersChanged)

public:
    enum class Facet { Tags, Products };
    FacetChipsModel(Facet facet, QObject* parent);

    QString categoryId() const { return m_categoryId; }
    void setCategoryId(const QString& id);
    QString kind() const { return m_kind; }
    void setKind(const QString& kind);
    QString status() const { return m_status; }
    void setStatus(const QString& status);
    int limit() const { return m_limit; }
    void setLimit(int limit);

signals:
    void parametersChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;

private:
    Facet m_facet;
    QString m_categoryId;
    QString m_kind;
    QString m_status;
    int m_limit = 16;
};

class TagChipsModel : public FacetChipsModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit TagChipsModel(QObject* parent = nullptr)
        : FacetChipsModel(Facet::Tags, parent) {}
};

class ProductChipsModel : public FacetChipsModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit ProductChipsModel(QObject* parent = nullptr)
        : FacetChipsModel(Facet::Products, parent) {}
};

// The key messages (articles of kind key_message) by title, for citing one.
// Roles: id, title, status.
class KeyMessagesModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit KeyMessagesModel(QObject* parent = nullptr);

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
};

// The comments on an article, oldest first. Roles: id, author, body.
class CommentsModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString articleId READ articleId WRITE setArticleId NOTIFY articleIdChanged)

public:
    explicit CommentsModel(QObject* parent = nullptr);

    QString articleId() const { return m_articleId; }
    void setArticleId(const QString& id);

signals:
    void articleIdChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;

private:
    QString m_articleId;
};

// Helpers shared by the knowledge models and actions.

// The signed-in actor (an agent without a controller, e.g. in a unit test without a session).
domain::Actor currentActor();
// A clock that reads `day` (YYYY-MM-DD) at noon UTC; the system clock when `day` is empty or
// malformed.
PhysicalClock clockFor(const QString& day);
// The snippet with markers \x01 ... \x02 as HTML: escaped, matches in a span with `color` behind
// them and in bold.
QString snippetToHtml(const std::string& snippet, const QString& color);

} // namespace knowset::app
