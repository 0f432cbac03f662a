#include "client/app/knowledge/article_model.hpp"

#include "knowset/domain/calendar.hpp"
#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/knowledge.hpp"

#include <algorithm>
#include <chrono>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/json_variant.hpp"
#include "client/app/knowledge/knowledge_models.hpp"

namespace knowset::app {

namespace {

Result<Json> readArticle(LocalStore& store, const std::string& id, domain::Day today) {
    auto record = store.get("article", id);
    if (!record) {
        return Unexpected<Error>(record.error());
    }
    if (!record->has_value() || (*record)->deleted) {
        return Json{{"found", false}};
    }
    const Record& article = **record;
    Json document = domain::recordJson(article);
    document["found"] = true;

    const auto freshness = domain::freshnessOf(article.fields, today);
    document["freshness"] = domain::articleFreshnessJson(id, freshness);

    // The category's path, from the top level down.
    Json path = Json::array();
    if (const auto category = article.fields.find("category_id");
        category != article.fields.end() && category->is_string()) {
        auto tree = domain::categoryTree(store);
        if (!tree) {
            return Unexpected<Error>(tree.error());
        }
        std::string next = category->get<std::string>();
        for (int guard = 0; !next.empty() && guard < 64; ++guard) {
            const auto node =
                std::find_if(tree->begin(), tree->end(), [&](const auto& n) { return n.id == next; });
            if (node == tree->end()) {
                break;
            }
            path.insert(path.begin(), node->name);
            next = node->parentId;
        }
    }
    document["category_path"] = std::move(path);

    // The key messages it cites, in the order cited.
    Json cited = Json::array();
    if (const auto ids = article.fields.find("key_message_ids");
        ids != article.fields.end() && ids->is_array()) {
        for (const Json& citedId : *ids) {
            if (!citedId.is_string()) {
                continue;
            }
            auto message = store.get("article", citedId.get<std::string>());
            if (!message) {
                return Unexpected<Error>(message.error());
            }
            const bool live = message->has_value() && !(*message)->deleted;
            cited.push_back(
                {{"id", citedId},
                 {"title", live ? (*message)->fields.value("title", std::string()) : std::string()},
                 {"status", live ? (*message)->fields.value("status", std::string()) : std::string()},
                 {"missing", !live}});
        }
    }
    document["key_messages"] = std::move(cited);

    Json citers = Json::array();
    if (article.fields.value("kind", std::string()) == "key_message") {
        auto found = domain::keyMessageCiters(store, id);
        if (!found) {
            return Unexpected<Error>(found.error());
        }
        citers = domain::articleSummariesJson(*found);
    }
    document["cited_by"] = std::move(citers);

    auto counts = domain::helpfulnessCounts(store, id);
    if (!counts) {
        return Unexpected<Error>(counts.error());
    }
    document["helpfulness"] = domain::helpfulnessCountsJson(id, *counts);

    // What the replica knows of the edits: when each field last changed (its version's clock).
    std::vector<std::pair<std::uint64_t, std::string>> changed;
    for (const auto& [field, version] : article.versions) {
        if (!field.empty() && field.front() != '_') {
            changed.emplace_back(version.hlc.millis(), field);
        }
    }
    std::sort(changed.begin(), changed.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const auto stamp = [](std::uint64_t millis) {
        return domain::formatTimestamp(std::chrono::time_point_cast<std::chrono::seconds>(
            std::chrono::sys_time<std::chrono::milliseconds>(
                std::chrono::milliseconds(static_cast<std::int64_t>(millis)))));
    };
    Json changes = Json::array();
    for (const auto& [millis, field] : changed) {
        changes.push_back({{"field", field}, {"at", stamp(millis)}});
    }
    document["last_edited_at"] = changed.empty() ? Json(nullptr) : Json(stamp(changed.front().first));
    document["changes"] = std::move(changes);
    return document;
}

} // namespace

ArticleModel::ArticleModel(QObject* parent)
    : QObject(parent) {
    if (AppController* controller = AppController::instance()) {
        connect(controller, &AppController::storeChanged, this, &ArticleModel::refresh);
        connect(controller, &AppController::readyChanged, this, &ArticleModel::refresh);
    }
}

void ArticleModel::setArticleId(const QString& id) {
    if (id == m_articleId) {
        return;
    }
    m_articleId = id;
    emit articleIdChanged();
    clear();
    refresh();
}

void ArticleModel::setReferenceDay(const QString& day) {
    if (day != m_referenceDay) {
        m_referenceDay = day;
        emit referenceDayChanged();
        refresh();
    }
}

void ArticleModel::setLoading(bool loading) {
    if (loading != m_loading) {
        m_loading = loading;
        emit loadingChanged();
    }
}

void ArticleModel::clear() {
    m_found = false;
    m_error.clear();
    m_fields.clear();
    m_freshness.clear();
    m_categoryPath.clear();
    m_keyMessages.clear();
    m_citedBy.clear();
    m_helpfulness.clear();
    m_changes.clear();
    m_lastEditedAt.clear();
    emit loaded();
}

void ArticleModel::refresh() {
    AppController* controller = AppController::instance();
    const quint64 generation = ++m_generation;
    if (m_articleId.isEmpty() || controller == nullptr || !controller->ready()) {
        setLoading(false);
        return;
    }
    setLoading(true);
    const domain::Day today = domain::today(clockFor(m_referenceDay));
    controller->read(
        this,
        [id = m_articleId.toStdString(), today](LocalStore& store) { return readArticle(store, id, today); },
        [this, generation](Result<Json> result) {
            if (generation != m_generation) {
                return; // a newer read is on its way
            }
            setLoading(false);
            if (!result) {
                m_error = QString::fromStdString(result.error().message);
                emit loaded(); // keep the last good values
                return;
            }
            const Json& document = *result;
            m_error.clear();
            m_found = document.value("found", false);
            const auto map = [&](const char* key) {
                return toVariant(document.value(key, Json::object())).toMap();
            };
            const auto list = [&](const char* key) {
                return toVariant(document.value(key, Json::array())).toList();
            };
            m_fields = map("fields");
            m_freshness = map("freshness");
            m_categoryPath = toVariant(document.value("category_path", Json::array())).toStringList();
            m_keyMessages = list("key_messages");
            m_citedBy = list("cited_by");
            m_helpfulness = map("helpfulness");
            m_changes = list("changes");
            m_lastEditedAt = toVariant(document.value("last_edited_at", Json())).toString();
            emit loaded();
        });
}

} // namespace knowset::app
