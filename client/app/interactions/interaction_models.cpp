#include "client/app/interactions/interaction_models.hpp"

#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/interactions.hpp"
#include "knowset/domain/knowledge.hpp"
#include "knowset/domain/search.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/json_variant.hpp"
#include "client/app/customers/customer_models.hpp"

namespace knowset::app {

namespace {

domain::Actor currentActor() {
    AppController* controller = AppController::instance();
    return controller != nullptr ? controller->actor() : domain::Actor{};
}

// The interaction's fields as typed: trimmed texts, empty ones left out; identity_check kept
// only with a method.
Json interactionFields(const QVariantMap& values) {
    Json fields = Json::object();
    for (auto it = values.begin(); it != values.end(); ++it) {
        const std::string name = it.key().toStdString();
        const QVariant& value = it.value();
        if (!value.isValid() || value.isNull()) {
            continue;
        }
        if (value.typeId() == QMetaType::QString) {
            const QString text = value.toString().trimmed();
            if (!text.isEmpty()) {
                fields[name] = text.toStdString();
            }
            continue;
        }
        if (name == "identity_check") {
            const QVariantMap check = value.toMap();
            const QString method = check.value(QStringLiteral("method")).toString().trimmed();
            const QString result = check.value(QStringLiteral("result")).toString().trimmed();
            if (!method.isEmpty() || !result.isEmpty()) {
                Json object = Json::object();
                if (!method.isEmpty()) {
                    object["method"] = method.toStdString();
                }
                if (!result.isEmpty()) {
                    object["result"] = result.toStdString();
                }
                fields[name] = std::move(object);
            }
            continue;
        }
        fields[name] = toJson(value);
    }
    return fields;
}

struct UsedArticle {
    std::string articleId;
    domain::HowSupplied how = domain::HowSupplied::Verbal;
    std::optional<bool> understood;
};

} // namespace

// ---- ArticlePickerModel

ArticlePickerModel::ArticlePickerModel(QObject* parent)
    : QueryListModel(parent) {}

void ArticlePickerModel::setText(const QString& text) {
    if (m_text != text) {
        m_text = text;
        emit textChanged();
        refresh();
    }
}

void ArticlePickerModel::setLimit(int limit) {
    limit = std::max(1, limit);
    if (m_limit != limit) {
        m_limit = limit;
        emit limitChanged();
        refresh();
    }
}

QStringList ArticlePickerModel::roleKeys() const {
    return {QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("kind"), QStringLiteral("status"),
            QStringLiteral("snippet")};
}

QueryListModel::Query ArticlePickerModel::makeQuery() const {
    domain::ArticleQuery query;
    query.text = m_text.trimmed().toStdString();
    query.limit = static_cast<std::size_t>(m_limit);
    return [actor = currentActor(), query](LocalStore& store) -> Result<Json> {
        auto result = domain::searchArticles(store, actor, query);
        if (!result) {
            return unexpected(result.error());
        }
        return domain::searchResultJson(*result);
    };
}

Json ArticlePickerModel::rowsOf(Json result) {
    Json rows = Json::array();
    for (const Json& hit : result.value("hits", Json::array())) {
        rows.push_back(Json{{"id", hit.value("id", std::string())},
                            {"title", hit.value("title", std::string())},
                            {"kind", hit.value("kind", std::string())},
                            {"status", hit.value("status", std::string())},
                            {"snippet", hit.value("snippet", std::string())}});
    }
    return rows;
}

// ---- CategoryChoiceModel

CategoryChoiceModel::CategoryChoiceModel(QObject* parent)
    : QueryListModel(parent) {}

QStringList CategoryChoiceModel::roleKeys() const {
    return {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("depth"), QStringLiteral("path")};
}

int CategoryChoiceModel::indexOfId(const QString& id) const {
    for (int row = 0; row < count(); ++row) {
        if (get(row).value(QStringLiteral("id")).toString() == id) {
            return row;
        }
    }
    return -1;
}

QueryListModel::Query CategoryChoiceModel::makeQuery() const {
    return [](LocalStore& store) -> Result<Json> {
        auto tree = domain::categoryTree(store);
        if (!tree) {
            return unexpected(tree.error());
        }
        std::map<std::string, std::string> paths;
        Json rows = Json::array();
        for (const domain::CategoryNode& node : *tree) {
            std::string path = node.name;
            if (auto parent = paths.find(node.parentId); !node.parentId.empty() && parent != paths.end()) {
                path = parent->second + " / " + node.name;
            }
            paths[node.id] = path;
            rows.push_back(Json{{"id", node.id}, {"name", node.name}, {"depth", node.depth}, {"path", path}});
        }
        return rows;
    };
}

// ---- InteractionActions

InteractionActions::InteractionActions(QObject* parent)
    : QObject(parent)
    , m_writes(*this, [this] { emit busyChanged(); }) {}

void InteractionActions::logInteraction(const QVariantMap& values, const QVariantList& articlesUsed) {
    if (AppController::instance() == nullptr || m_writes.busy()) {
        return; // one log at a time: a second keystroke must not log it twice
    }
    std::vector<UsedArticle> used;
    for (const QVariant& item : articlesUsed) {
        const QVariantMap map = item.toMap();
        UsedArticle article;
        article.articleId = map.value(QStringLiteral("articleId")).toString().toStdString();
        const std::string how = map.value(QStringLiteral("how")).toString().toStdString();
        if (article.articleId.empty()) {
            continue;
        }
        if (auto parsed = domain::howSuppliedFromString(how.empty() ? "verbal" : how)) {
            article.how = *parsed;
        } else {
            const QString message = tr("interaction.articles_used: '%1' is not a way of supplying (verbal, "
                                       "written, electronic or image)")
                                        .arg(QString::fromStdString(how));
            LocalWrites::report(message);
            emit failed(message, fieldErrorsOf(message, QStringLiteral("interaction")), QString());
            return;
        }
        const QVariant understood = map.value(QStringLiteral("understood"));
        if (understood.isValid() && !understood.isNull()) {
            article.understood = understood.toBool();
        }
        used.push_back(std::move(article));
    }
    m_writes.run(
        [fields = interactionFields(values),
         used = std::move(used)](LocalStore& store, const domain::Actor& actor) -> Result<Json> {
            auto written = domain::logInteraction(store, actor, fields, domain::now());
            if (!written) {
                return unexpected(written.error());
            }
            Json result{{"id", written->id}, {"recorded", 0}};
            int recorded = 0;
            for (const UsedArticle& article : used) {
                auto answer = domain::useAnswer(store, actor, written->id, article.articleId, article.how,
                                                article.understood);
                if (!answer) {
                    result["error"] = answer.error().message;
                    break;
                }
                ++recorded;
            }
            result["recorded"] = recorded;
            return result;
        },
        [this](const Json& result) {
            const QString id = QString::fromStdString(result.value("id", std::string()));
            if (result.contains("error")) {
                const QString message =
                    tr("The interaction was logged, but an article used was not recorded: %1")
                        .arg(QString::fromStdString(result.value("error", std::string())));
                LocalWrites::report(message);
                emit failed(message, {}, id);
                return;
            }
            emit logged(id, result.value("recorded", 0));
        },
        [this](const QString& message) {
            emit failed(message, fieldErrorsOf(message, QStringLiteral("interaction")), QString());
        });
}

} // namespace knowset::app
