#include "client/app/knowledge/knowledge_models.hpp"

#include "knowset/domain/calendar.hpp"
#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/knowledge.hpp"
#include "knowset/domain/search.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_map>

#include "client/app/core/app_controller.hpp"

namespace knowset::app {

namespace {

constexpr int kDefaultMissDelayMilliseconds = 2000;
// Browsing lists every matching article; the view shows the newest this many.
constexpr std::size_t kUnlimited = 1000000;
constexpr char kMatchStart = '\x01';
constexpr char kMatchEnd = '\x02';

std::string utf8(const QString& text) {
    return text.toStdString();
}

template <typename T> Result<Json> failed(const Result<T>& result) {
    return Unexpected<Error>(result.error());
}

QString correctionsText(const Json& corrections) {
    if (!corrections.is_array() || corrections.empty()) {
        return {};
    }
    QStringList used;
    QStringList typed;
    for (const Json& correction : corrections) {
        used.push_back(QString::fromStdString(correction.value("used", std::string())));
        typed.push_back(QString::fromStdString(correction.value("typed", std::string())));
    }
    return SearchModel::tr("Showing results for “%1” (you typed “%2”)")
        .arg(used.join(QLatin1Char(' ')), typed.join(QLatin1Char(' ')));
}

} // namespace

domain::Actor currentActor() {
    AppController* controller = AppController::instance();
    return controller != nullptr ? controller->actor() : domain::Actor{};
}

PhysicalClock clockFor(const QString& day) {
    const auto parsed = day.isEmpty() ? std::nullopt : domain::parseDay(utf8(day));
    if (!parsed) {
        return systemClockMillis;
    }
    const auto noon = std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::sys_time<std::chrono::hours>(*parsed) + std::chrono::hours(12));
    const auto millis = static_cast<std::uint64_t>(noon.time_since_epoch().count());
    return [millis] {
        return millis;
    };
}

QString snippetToHtml(const std::string& snippet, const QString& color) {
    QString text = QString::fromStdString(snippet);
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    QString html = text.toHtmlEscaped();
    html.replace(QLatin1Char(kMatchStart),
                 QStringLiteral("<span style=\"background-color:%1\"><b>").arg(color.toHtmlEscaped()));
    html.replace(QLatin1Char(kMatchEnd), QStringLiteral("</b></span>"));
    return html;
}

// ---- SearchModel

SearchModel::SearchModel(QObject* parent)
    : QueryListModel(parent) {
    m_missTimer.setSingleShot(true);
    m_missTimer.setInterval(kDefaultMissDelayMilliseconds);
    connect(&m_missTimer, &QTimer::timeout, this, [this] {
        if (resultIsCurrent() && count() == 0) {
            recordMiss();
        }
    });
    connect(this, &QueryListModel::refreshed, this, &SearchModel::onRefreshed);
}

template <typename T> void SearchModel::setParameter(T& member, const T& value) {
    if (member == value) {
        return;
    }
    member = value;
    m_missTimer.stop();
    m_commitPending = false;
    emit parametersChanged();
    refresh();
}

void SearchModel::setQuery(const QString& query) {
    setParameter(m_query, query);
}
void SearchModel::setCategoryId(const QString& id) {
    setParameter(m_categoryId, id);
}
void SearchModel::setKind(const QString& kind) {
    setParameter(m_kind, kind);
}
void SearchModel::setTag(const QString& tag) {
    setParameter(m_tag, tag);
}
void SearchModel::setProduct(const QString& product) {
    setParameter(m_product, product);
}
void SearchModel::setStatus(const QString& status) {
    setParameter(m_status, status);
}
void SearchModel::setValidToday(bool valid) {
    setParameter(m_validToday, valid);
}
void SearchModel::setReferenceDay(const QString& day) {
    setParameter(m_referenceDay, day);
}
void SearchModel::setLimit(int limit) {
    setParameter(m_limit, std::max(1, limit));
}
void SearchModel::setBrowseLimit(int limit) {
    setParameter(m_browseLimit, std::max(1, limit));
}
void SearchModel::setMatchColor(const QString& color) {
    setParameter(m_matchColor, color);
}

void SearchModel::setMissDelay(int milliseconds) {
    if (milliseconds != m_missTimer.interval()) {
        m_missTimer.setInterval(std::max(0, milliseconds));
        emit missDelayChanged();
    }
}

void SearchModel::clearFilters() {
    m_categoryId.clear();
    m_kind.clear();
    m_tag.clear();
    m_product.clear();
    m_status.clear();
    m_validToday = false;
    m_missTimer.stop();
    m_commitPending = false;
    emit parametersChanged();
    refresh();
}

QStringList SearchModel::roleKeys() const {
    return {QStringLiteral("id"),           QStringLiteral("title"),       QStringLiteral("kind"),
            QStringLiteral("status"),       QStringLiteral("category_id"), QStringLiteral("rank"),
            QStringLiteral("needs_review"), QStringLiteral("tags"),        QStringLiteral("snippetHtml")};
}

QueryListModel::Query SearchModel::makeQuery() const {
    const domain::Actor actor = currentActor();
    const std::string text = utf8(m_query.trimmed());
    const std::string key = utf8(m_query.trimmed() + QLatin1Char('\n') + m_categoryId);
    const PhysicalClock clock = clockFor(m_referenceDay);
    const auto limit = static_cast<std::size_t>(m_limit);
    const QString color = m_matchColor;

    domain::ArticleQuery query;
    query.text = text;
    if (!m_categoryId.isEmpty()) {
        query.categoryId = utf8(m_categoryId);
    }
    const auto addFilter = [](std::vector<std::string>& values, const QString& value) {
        if (!value.isEmpty()) {
            values.push_back(utf8(value));
        }
    };
    addFilter(query.kinds, m_kind);
    addFilter(query.tags, m_tag);
    addFilter(query.products, m_product);
    addFilter(query.statuses, m_status);
    query.validToday = m_validToday;
    query.limit = limit;
    query.highlightStart = std::string(1, kMatchStart);
    query.highlightEnd = std::string(1, kMatchEnd);

    if (!text.empty()) {
        return [actor, query, clock, color, key](LocalStore& store) -> Result<Json> {
            auto result = domain::searchArticles(store, actor, query, clock);
            if (!result) {
                return failed(result);
            }
            Json rows = Json::array();
            for (const auto& hit : result->hits) {
                Json row = domain::articleHitJson(hit);
                row["snippetHtml"] = utf8(snippetToHtml(hit.snippet, color));
                rows.push_back(std::move(row));
            }
            Json corrections = Json::array();
            for (const auto& correction : result->corrections) {
                corrections.push_back(domain::correctionJson(correction));
            }
            return Json{{"key", key}, {"rows", std::move(rows)}, {"corrections", std::move(corrections)}};
        };
    }

    domain::ArticleFilter filter{utf8(m_categoryId), utf8(m_kind), utf8(m_status), utf8(m_tag),
                                 utf8(m_product)};
    const auto browseLimit = static_cast<std::size_t>(m_browseLimit);
    return [actor, query, filter, clock, browseLimit, key](LocalStore& store) -> Result<Json> {
        auto articles = domain::listArticles(store, filter);
        if (!articles) {
            return failed(articles);
        }
        if (query.validToday) {
            // The search's browse mode knows the validity dates: keep the articles it keeps.
            domain::ArticleQuery valid = query;
            valid.limit = kUnlimited;
            auto hits = domain::searchArticles(store, actor, valid, clock);
            if (!hits) {
                return failed(hits);
            }
            std::set<std::string> ids;
            for (const auto& hit : hits->hits) {
                ids.insert(hit.id);
            }
            std::erase_if(*articles,
                          [&](const domain::ArticleSummary& article) { return !ids.contains(article.id); });
        }
        // Newest first: article ids are UUIDv7, so a later id is a later article. Agents see the
        // published ones first, as in a search.
        const bool publishedFirst = !actor.isSupervisorOrAdmin();
        std::sort(articles->begin(), articles->end(), [&](const auto& a, const auto& b) {
            if (publishedFirst && (a.status == "published") != (b.status == "published")) {
                return a.status == "published";
            }
            return a.id > b.id;
        });
        if (articles->size() > browseLimit) {
            articles->resize(browseLimit);
        }
        Json rows = Json::array();
        for (const auto& article : *articles) {
            Json row = domain::articleSummaryJson(article);
            row["rank"] = 0;
            row["snippetHtml"] = "";
            rows.push_back(std::move(row));
        }
        return Json{{"key", key}, {"rows", std::move(rows)}, {"corrections", Json::array()}};
    };
}

Json SearchModel::rowsOf(Json result) {
    m_resultKey = QString::fromStdString(result.value("key", std::string()));
    const QString corrections = correctionsText(result.value("corrections", Json::array()));
    if (corrections != m_corrections) {
        m_corrections = corrections;
        emit correctionsChanged();
    }
    return std::move(result["rows"]);
}

bool SearchModel::resultIsCurrent() const {
    return !loading() && m_resultKey == m_query.trimmed() + QLatin1Char('\n') + m_categoryId;
}

void SearchModel::onRefreshed() {
    if (browsing() || !resultIsCurrent() || count() > 0) {
        m_missTimer.stop();
        m_commitPending = false;
        return;
    }
    if (m_commitPending) {
        m_commitPending = false;
        recordMiss();
    } else if (!m_missTimer.isActive()) {
        m_missTimer.start();
    }
}

void SearchModel::commit() {
    if (browsing()) {
        return;
    }
    if (!resultIsCurrent()) {
        m_commitPending = true; // decided when the answer comes
        return;
    }
    if (count() == 0) {
        m_missTimer.stop();
        recordMiss();
    }
}

void SearchModel::recordMiss() {
    const QString key = m_query.trimmed() + QLatin1Char('\n') + m_categoryId;
    AppController* controller = AppController::instance();
    if (key == m_lastMiss || controller == nullptr) {
        return;
    }
    m_lastMiss = key;
    domain::SearchMiss miss;
    miss.query = utf8(m_query.trimmed());
    if (!m_categoryId.isEmpty()) {
        miss.categoryId = utf8(m_categoryId);
    }
    const QString query = m_query.trimmed();
    controller->write(
        this,
        [actor = controller->actor(), miss](LocalStore& store) {
            return domain::recordSearchMiss(store, actor, miss);
        },
        [this, query](Result<LocalWrite> written) {
            if (!written) {
                if (AppController* app = AppController::instance()) {
                    app->reportError(QString::fromStdString(written.error().message));
                }
                return;
            }
            emit missRecorded(query);
        });
}

// ---- CategoryTreeModel

CategoryTreeModel::CategoryTreeModel(QObject* parent)
    : QueryListModel(parent) {}

QStringList CategoryTreeModel::roleKeys() const {
    return {QStringLiteral("id"),          QStringLiteral("name"),     QStringLiteral("parent_id"),
            QStringLiteral("depth"),       QStringLiteral("articles"), QStringLiteral("total"),
            QStringLiteral("has_children")};
}

QueryListModel::Query CategoryTreeModel::makeQuery() const {
    return [](LocalStore& store) -> Result<Json> {
        auto tree = domain::categoryTree(store);
        if (!tree) {
            return failed(tree);
        }
        Json rows = domain::categoryTreeJson(*tree);
        // Depth first: a category's subtree follows it, so totals add up from the end.
        std::unordered_map<std::string, std::size_t> rowOf;
        for (std::size_t i = 0; i < tree->size(); ++i) {
            rowOf[(*tree)[i].id] = i;
        }
        std::vector<std::int64_t> totals(tree->size(), 0);
        std::vector<bool> hasChildren(tree->size(), false);
        for (std::size_t i = tree->size(); i-- > 0;) {
            totals[i] += (*tree)[i].articleCount;
            if (const auto parent = rowOf.find((*tree)[i].parentId); parent != rowOf.end()) {
                totals[parent->second] += totals[i];
                hasChildren[parent->second] = true;
            }
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            rows[i]["total"] = totals[i];
            rows[i]["has_children"] = static_cast<bool>(hasChildren[i]);
        }
        return rows;
    };
}

int CategoryTreeModel::indexOf(const QString& id) const {
    for (int row = 0; row < count(); ++row) {
        if (get(row).value(QStringLiteral("id")).toString() == id) {
            return row;
        }
    }
    return -1;
}

QString CategoryTreeModel::pathOf(const QString& id) const {
    QStringList names;
    QString next = id;
    for (int guard = 0; !next.isEmpty() && guard < 64; ++guard) {
        const int row = indexOf(next);
        if (row < 0) {
            break;
        }
        const QVariantMap node = get(row);
        names.prepend(node.value(QStringLiteral("name")).toString());
        next = node.value(QStringLiteral("parent_id")).toString();
    }
    return names.join(QStringLiteral(" › "));
}

// ---- FacetChipsModel

FacetChipsModel::FacetChipsModel(Facet facet, QObject* parent)
    : QueryListModel(parent)
    , m_facet(facet) {}

void FacetChipsModel::setCategoryId(const QString& id) {
    if (id != m_categoryId) {
        m_categoryId = id;
        emit parametersChanged();
        refresh();
    }
}

void FacetChipsModel::setKind(const QString& kind) {
    if (kind != m_kind) {
        m_kind = kind;
        emit parametersChanged();
        refresh();
    }
}

void FacetChipsModel::setStatus(const QString& status) {
    if (status != m_status) {
        m_status = status;
        emit parametersChanged();
        refresh();
    }
}

void FacetChipsModel::setLimit(int limit) {
    if (limit != m_limit) {
        m_limit = std::max(0, limit);
        emit parametersChanged();
        refresh();
    }
}

QStringList FacetChipsModel::roleKeys() const {
    return {QStringLiteral("value"), QStringLiteral("articles")};
}

QueryListModel::Query FacetChipsModel::makeQuery() const {
    domain::ArticleFilter filter;
    filter.categoryId = utf8(m_categoryId);
    filter.kind = utf8(m_kind);
    filter.status = utf8(m_status);
    const bool tags = m_facet == Facet::Tags;
    const auto limit = static_cast<std::size_t>(m_limit);
    return [filter, tags, limit](LocalStore& store) -> Result<Json> {
        auto counts = tags ? domain::articleTags(store, filter) : domain::articleProducts(store, filter);
        if (!counts) {
            return failed(counts);
        }
        if (limit > 0 && counts->size() > limit) {
            counts->resize(limit);
        }
        return domain::facetCountsJson(*counts, "value");
    };
}

// ---- KeyMessagesModel

KeyMessagesModel::KeyMessagesModel(QObject* parent)
    : QueryListModel(parent) {}

QStringList KeyMessagesModel::roleKeys() const {
    return {QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("status")};
}

QueryListModel::Query KeyMessagesModel::makeQuery() const {
    return [](LocalStore& store) -> Result<Json> {
        domain::ArticleFilter filter;
        filter.kind = "key_message";
        auto articles = domain::listArticles(store, filter);
        if (!articles) {
            return failed(articles);
        }
        return domain::articleSummariesJson(*articles);
    };
}

// ---- CommentsModel

CommentsModel::CommentsModel(QObject* parent)
    : QueryListModel(parent) {}

void CommentsModel::setArticleId(const QString& id) {
    if (id != m_articleId) {
        m_articleId = id;
        emit articleIdChanged();
        refresh();
    }
}

QStringList CommentsModel::roleKeys() const {
    return {QStringLiteral("id"), QStringLiteral("author"), QStringLiteral("body")};
}

QueryListModel::Query CommentsModel::makeQuery() const {
    if (m_articleId.isEmpty()) {
        return {};
    }
    return [id = utf8(m_articleId)](LocalStore& store) -> Result<Json> {
        auto comments = domain::listComments(store, "article", id);
        if (!comments) {
            return failed(comments);
        }
        return domain::commentsJson(*comments);
    };
}

} // namespace knowset::app
