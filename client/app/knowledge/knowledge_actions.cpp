#include "client/app/knowledge/knowledge_actions.hpp"

#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/knowledge.hpp"

#include <QRegularExpression>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/json_variant.hpp"
#include "client/app/knowledge/knowledge_models.hpp"

namespace knowset::app {

namespace {

using domain::ArticleStatus;

// An empty text or list means "no value".
bool isEmptyValue(const Json& value) {
    return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
           (value.is_array() && value.empty());
}

std::string utf8(const QString& text) {
    return text.toStdString();
}

QString nameOf(ArticleStatus status) {
    const std::string_view name = domain::toString(status);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString labelOf(ArticleStatus from, ArticleStatus to) {
    using enum ArticleStatus;
    if (to == InReview) {
        return KnowledgeActions::tr("Submit for review");
    }
    if (to == Published) {
        return KnowledgeActions::tr("Publish");
    }
    if (to == Archived) {
        return KnowledgeActions::tr("Archive");
    }
    return from == Archived ? KnowledgeActions::tr("Revive as draft") : KnowledgeActions::tr("Back to draft");
}

} // namespace

KnowledgeActions::KnowledgeActions(QObject* parent)
    : QObject(parent)
    , m_writes(*this, [this] { emit busyChanged(); }) {}

void KnowledgeActions::fail(const QString& action, const QString& message) {
    LocalWrites::report(message);
    emit failed(action, message, fieldErrorsOf(message));
}

QVariantMap KnowledgeActions::fieldErrorsOf(const QString& message) {
    // Issues are joined by "; "; a part that does not start with "<collection>.<field>" belongs
    // to the issue before it.
    static const QRegularExpression issue(QStringLiteral("^[a-z_]+\\.([a-z_]+)[^:]*:\\s*(.*)$"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QVariantMap errors;
    QString field;
    for (const QString& part : message.split(QStringLiteral("; "))) {
        const QRegularExpressionMatch match = issue.match(part);
        if (match.hasMatch()) {
            field = match.captured(1);
            const QString previous = errors.value(field).toString();
            errors.insert(field, previous.isEmpty() ? match.captured(2)
                                                    : previous + QStringLiteral("; ") + match.captured(2));
        } else if (!field.isEmpty()) {
            errors.insert(field, errors.value(field).toString() + QStringLiteral("; ") + part);
        }
    }
    return errors;
}

// Runs `write(store, actor)` on the store worker as the signed-in user. A failure is reported
// under `action` (status bar and `failed`); a success goes to `succeeded` on the GUI thread.
template <typename Write, typename Succeeded>
void KnowledgeActions::run(const QString& action, Write write, Succeeded succeeded) {
    m_writes.run(std::move(write), std::move(succeeded), [this, action](const QString& message) {
        emit failed(action, message, fieldErrorsOf(message));
    });
}

void KnowledgeActions::createArticle(const QVariantMap& fields) {
    const Json given = toJson(fields);
    Json values = Json::object();
    for (const auto& [name, value] : given.items()) {
        if (!isEmptyValue(value)) {
            values[name] = value;
        }
    }
    run(
        QStringLiteral("create"),
        [values](LocalStore& store, const domain::Actor& actor) {
            return domain::createArticle(store, actor, values);
        },
        [this](const LocalWrite& written) { emit created(QString::fromStdString(written.id)); });
}

void KnowledgeActions::updateArticle(const QString& id, const QVariantMap& fields) {
    const Json given = toJson(fields);
    Json values = Json::object();
    for (const auto& [name, value] : given.items()) {
        values[name] = isEmptyValue(value) ? Json(nullptr) : value;
    }
    run(
        QStringLiteral("update"),
        [id = utf8(id), values](LocalStore& store, const domain::Actor& actor) {
            return domain::updateArticle(store, actor, id, values);
        },
        [this, id](const domain::ArticleUpdate& update) {
            emit saved(id, static_cast<int>(update.markedForReview.size()));
        });
}

void KnowledgeActions::changeStatus(const QString& id, const QString& status) {
    const auto target = domain::articleStatusFromString(utf8(status));
    if (!target) {
        fail(QStringLiteral("status"), tr("article.status: unknown status %1").arg(status));
        return;
    }
    run(
        QStringLiteral("status"),
        [id = utf8(id), target = *target](LocalStore& store, const domain::Actor& actor) {
            return domain::changeArticleStatus(store, actor, id, target);
        },
        [this, id, status](const domain::ArticleUpdate&) { emit statusChanged(id, status); });
}

void KnowledgeActions::verify(const QString& id) {
    run(
        QStringLiteral("verify"),
        [id = utf8(id)](LocalStore& store, const domain::Actor& actor) {
            return domain::verifyArticle(store, actor, id);
        },
        [this, id](const LocalWrite&) { emit verified(id); });
}

void KnowledgeActions::recordHelpful(const QString& id, bool helpful) {
    domain::HelpfulnessReport report;
    report.articleId = utf8(id);
    report.helpful = helpful;
    run(
        QStringLiteral("helpful"),
        [report](LocalStore& store, const domain::Actor& actor) {
            return domain::recordHelpfulness(store, actor, report);
        },
        [this, id, helpful](const LocalWrite&) { emit voted(id, helpful); });
}

void KnowledgeActions::addComment(const QString& articleId, const QString& body) {
    run(
        QStringLiteral("comment"),
        [id = utf8(articleId), text = utf8(body.trimmed())](LocalStore& store, const domain::Actor& actor) {
            return domain::addComment(store, actor, "article", id, text);
        },
        [this, articleId](const LocalWrite& written) {
            emit commented(articleId, QString::fromStdString(written.id));
        });
}

void KnowledgeActions::draftFromInteraction(const QString& interactionId) {
    run(
        QStringLiteral("draft"),
        [id = utf8(interactionId)](LocalStore& store, const domain::Actor& actor) {
            return domain::draftFromInteraction(store, actor, id);
        },
        [this, interactionId](const LocalWrite& written) {
            emit drafted(QString::fromStdString(written.id), interactionId);
        });
}

QVariantList KnowledgeActions::transitions(const QString& status) const {
    const auto from = domain::articleStatusFromString(utf8(status));
    QVariantList moves;
    if (!from) {
        return moves;
    }
    for (const ArticleStatus to :
         {ArticleStatus::InReview, ArticleStatus::Published, ArticleStatus::Archived, ArticleStatus::Draft}) {
        if (mayMove(status, nameOf(to))) {
            moves.push_back(QVariantMap{{QStringLiteral("status"), nameOf(to)},
                                        {QStringLiteral("label"), labelOf(*from, to)}});
        }
    }
    return moves;
}

bool KnowledgeActions::mayMove(const QString& from, const QString& to) const {
    const auto source = domain::articleStatusFromString(utf8(from));
    const auto target = domain::articleStatusFromString(utf8(to));
    if (!source || !target) {
        return false;
    }
    switch (domain::transitionRule(*source, *target)) {
    case domain::TransitionRule::Anyone:
        return true;
    case domain::TransitionRule::SupervisorsOnly:
        return currentActor().canPublish();
    case domain::TransitionRule::Impossible:
        break;
    }
    return false;
}

} // namespace knowset::app
