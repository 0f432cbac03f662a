#include "client/app/customers/customer_models.hpp"

#include "knowset/domain/customers.hpp"
#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/interactions.hpp"
#include "knowset/domain/knowledge.hpp"
#include "knowset/schema/registry.hpp"

#include <QRegularExpression>

#include <algorithm>
#include <map>
#include <utility>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/json_variant.hpp"

namespace knowset::app {

namespace {

constexpr const char* kCustomer = "customer";

domain::Actor currentActor() {
    AppController* controller = AppController::instance();
    return controller != nullptr ? controller->actor() : domain::Actor{};
}

// Noon of `referenceDay` (YYYY-MM-DD), or now when it is empty or not a date.
domain::Instant instantOf(const QString& referenceDay) {
    if (const auto day = domain::parseDay(referenceDay.toStdString())) {
        return domain::Instant{*day} + std::chrono::hours{12};
    }
    return domain::now();
}

domain::Day dayOf(const QString& referenceDay) {
    if (const auto day = domain::parseDay(referenceDay.toStdString())) {
        return *day;
    }
    return domain::today();
}

std::string asciiLower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return text;
}

std::string digitsOf(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        }
    }
    return digits;
}

// Only digits and the punctuation of phone numbers, with at least one digit.
bool looksLikePhone(std::string_view text) {
    const bool allowed = std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')' || c == '.';
    });
    return allowed && !digitsOf(text).empty();
}

std::vector<std::string> wordsOf(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == ',') {
            if (!word.empty()) {
                words.push_back(std::move(word));
                word.clear();
            }
        } else {
            word.push_back(c);
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    return words;
}

const char* const kPhoneDigits =
    "replace(replace(replace(replace(replace(replace(ifnull(json_extract(doc, '$.phone'), ''), ' ', ''), "
    "'-', ''), '+', ''), '(', ''), ')', ''), '.', '')";

Result<Json> searchCustomers(LocalStore& store, const domain::Actor& actor, const std::string& text,
                             int limit) {
    return domain::guardedRead("searching customers", [&]() -> Result<Json> {
        std::string sql = "SELECT id, doc FROM records WHERE collection = 'customer' AND deleted = 0";
        std::vector<std::string> binds;
        const std::string trimmed = asciiLower(text);
        if (looksLikePhone(trimmed)) {
            sql += std::string(" AND instr(") + kPhoneDigits + ", ?" + std::to_string(binds.size() + 1) +
                   ") > 0";
            binds.push_back(digitsOf(trimmed));
        } else {
            for (const std::string& word : wordsOf(trimmed)) {
                const std::string n = std::to_string(binds.size() + 1);
                sql += " AND (instr(lower(ifnull(json_extract(doc, '$.name'), '')), ?" + n +
                       ") > 0 OR instr(lower(ifnull(json_extract(doc, '$.email'), '')), ?" + n + ") > 0)";
                binds.push_back(word);
            }
        }
        sql += " ORDER BY lower(ifnull(json_extract(doc, '$.name'), '')), id";
        SQLite::Statement select(store.database(), sql);
        for (std::size_t i = 0; i < binds.size(); ++i) {
            select.bind(static_cast<int>(i + 1), binds[i]);
        }
        Json rows = Json::array();
        bool more = false;
        while (select.executeStep()) {
            const Json doc = Json::parse(select.getColumn(1).getString());
            const std::string branch = domain::stringField(doc, "branch");
            if (!actor.worksIn(branch)) {
                continue;
            }
            if (std::cmp_greater_equal(rows.size(), limit)) {
                more = true;
                break;
            }
            rows.push_back(Json{{"id", select.getColumn(0).getString()},
                                {"name", domain::stringField(doc, "name")},
                                {"email", domain::stringField(doc, "email")},
                                {"phone", domain::stringField(doc, "phone")},
                                {"branch", branch},
                                {"segment", domain::stringField(doc, "segment")},
                                {"verifiedAt", domain::stringField(doc, "verified_at")}});
        }
        return Json{{"rows", std::move(rows)}, {"more", more}};
    });
}

Result<Json> timelineOf(LocalStore& store, const std::string& customerId, domain::Day today) {
    auto records = domain::customerTimeline(store, customerId);
    if (!records) {
        return unexpected(records.error());
    }
    std::map<std::string, std::string> categories;
    if (auto tree = domain::categoryTree(store)) {
        for (const auto& node : *tree) {
            categories[node.id] = node.name;
        }
    }
    std::map<std::string, std::string> titles;
    auto titleOf = [&](const std::string& articleId) -> std::string {
        if (auto found = titles.find(articleId); found != titles.end()) {
            return found->second;
        }
        std::string title;
        if (auto article = store.get("article", articleId); article && *article && !(*article)->deleted) {
            title = domain::stringField((*article)->fields, "title");
        }
        titles[articleId] = title;
        return title;
    };
    Json rows = Json::array();
    for (const Record& record : *records) {
        const Json& f = record.fields;
        auto text = [&](const char* name) {
            return domain::stringField(f, name);
        };
        Json articles = Json::array();
        if (auto used = f.find("articles_used"); used != f.end() && used->is_array()) {
            for (const Json& item : *used) {
                if (!item.is_object()) {
                    continue;
                }
                const std::string articleId = domain::stringField(item, "article_id");
                const auto understood = item.find("understood");
                articles.push_back(Json{{"id", articleId},
                                        {"title", titleOf(articleId)},
                                        {"how", domain::stringField(item, "how")},
                                        {"understood", understood != item.end() && understood->is_boolean()
                                                           ? *understood
                                                           : Json(nullptr)}});
            }
        }
        Json identity = f.value("identity_check", Json::object());
        if (!identity.is_object()) {
            identity = Json::object();
        }
        const std::string due = text("follow_up_due");
        const std::string done = text("follow_up_done_at");
        const auto dueDay = domain::parseDay(due);
        const std::string category = text("category_id");
        const auto categoryName = categories.find(category);
        rows.push_back(Json{
            {"id", record.id},
            {"occurredAt", text("occurred_at")},
            {"channel", text("channel")},
            {"kind", text("kind")},
            {"categoryId", category},
            {"categoryName", categoryName != categories.end() ? categoryName->second : std::string()},
            {"summary", text("summary")},
            {"customerWords", text("customer_words")},
            {"details", text("details")},
            {"outcome", text("outcome")},
            {"agent", text("agent")},
            {"escalatedTo", text("escalated_to")},
            {"escalationReason", text("escalation_reason")},
            {"escalationMode", text("escalation_mode")},
            {"escalationStatus", text("escalation_status")},
            {"escalationDue", text("escalation_due")},
            {"followUpDue", due},
            {"followUpDoneAt", done},
            {"followUpOverdue", dueDay.has_value() && *dueDay < today && done.empty()},
            {"identityMethod", domain::stringField(identity, "method")},
            {"identityResult", domain::stringField(identity, "result")},
            {"articles", std::move(articles)},
        });
    }
    return rows;
}

// The document CustomerRecord shows: openedCustomerJson's shape.
Result<Json> readCustomer(LocalStore& store, const std::string& id, const std::vector<std::string>& masked,
                          const std::string& accessLogId, domain::Instant now) {
    auto record = domain::liveRecord(store, kCustomer, id);
    if (!record) {
        return unexpected(record.error());
    }
    for (const std::string& name : masked) {
        record->fields.erase(name);
        record->versions.erase(name);
    }
    auto consent = domain::consentOf(store, id, now);
    if (!consent) {
        return unexpected(consent.error());
    }
    Json document = domain::recordJson(*record);
    document["masked"] = masked;
    document["consent"] = domain::consentJson(*consent);
    document["access_log_id"] = accessLogId;
    return document;
}

// Field values typed into a form: empty texts become null (cleared) or are left out.
Json formFields(const QVariantMap& values, bool dropEmpty) {
    Json fields = Json::object();
    for (auto it = values.begin(); it != values.end(); ++it) {
        const QVariant& value = it.value();
        const bool empty = !value.isValid() || value.isNull() ||
                           (value.typeId() == QMetaType::QString && value.toString().trimmed().isEmpty());
        if (empty) {
            if (!dropEmpty) {
                fields[it.key().toStdString()] = nullptr;
            }
            continue;
        }
        if (value.typeId() == QMetaType::QString) {
            fields[it.key().toStdString()] = value.toString().trimmed().toStdString();
        } else {
            fields[it.key().toStdString()] = toJson(value);
        }
    }
    return fields;
}

} // namespace

QVariantMap fieldErrorsOf(const QString& message, const QString& collection) {
    static const QRegularExpression pattern(QStringLiteral("^([a-z_]+)\\.([a-z0-9_]+)([^:\\s]*): (.*)$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    QVariantMap errors;
    auto add = [&errors](const QString& key, const QString& text) {
        const QString before = errors.value(key).toString();
        errors.insert(key, before.isEmpty() ? text : before + QStringLiteral("; ") + text);
    };
    for (const QString& part : message.split(QStringLiteral("; "), Qt::SkipEmptyParts)) {
        const auto match = pattern.match(part);
        if (match.hasMatch() && match.captured(1) == collection) {
            QString where = match.captured(3);
            if (where.startsWith(QLatin1Char('.'))) {
                where.remove(0, 1);
            }
            add(match.captured(2),
                where.isEmpty() ? match.captured(4) : where + QStringLiteral(": ") + match.captured(4));
        } else {
            add(QString(), part);
        }
    }
    return errors;
}

// ---- CustomerSearchModel

CustomerSearchModel::CustomerSearchModel(QObject* parent)
    : QueryListModel(parent) {}

void CustomerSearchModel::setText(const QString& text) {
    if (m_text != text) {
        m_text = text;
        emit textChanged();
        refresh();
    }
}

void CustomerSearchModel::setLimit(int limit) {
    limit = std::max(1, limit);
    if (m_limit != limit) {
        m_limit = limit;
        emit limitChanged();
        refresh();
    }
}

QStringList CustomerSearchModel::roleKeys() const {
    return {QStringLiteral("id"),        QStringLiteral("name"),   QStringLiteral("email"),
            QStringLiteral("phone"),     QStringLiteral("branch"), QStringLiteral("segment"),
            QStringLiteral("verifiedAt")};
}

QueryListModel::Query CustomerSearchModel::makeQuery() const {
    return
        [actor = currentActor(), text = m_text.trimmed().toStdString(), limit = m_limit](LocalStore& store) {
            return searchCustomers(store, actor, text, limit);
        };
}

Json CustomerSearchModel::rowsOf(Json result) {
    m_truncated = result.value("more", false);
    return result.value("rows", Json::array());
}

// ---- CustomerTimelineModel

CustomerTimelineModel::CustomerTimelineModel(QObject* parent)
    : QueryListModel(parent) {}

void CustomerTimelineModel::setCustomerId(const QString& id) {
    if (m_customerId != id) {
        m_customerId = id;
        emit customerIdChanged();
        refresh();
    }
}

void CustomerTimelineModel::setReferenceDay(const QString& day) {
    if (m_referenceDay != day) {
        m_referenceDay = day;
        emit referenceDayChanged();
        refresh();
    }
}

QStringList CustomerTimelineModel::roleKeys() const {
    return {QStringLiteral("id"),
            QStringLiteral("occurredAt"),
            QStringLiteral("channel"),
            QStringLiteral("kind"),
            QStringLiteral("categoryId"),
            QStringLiteral("categoryName"),
            QStringLiteral("summary"),
            QStringLiteral("customerWords"),
            QStringLiteral("details"),
            QStringLiteral("outcome"),
            QStringLiteral("agent"),
            QStringLiteral("escalatedTo"),
            QStringLiteral("escalationReason"),
            QStringLiteral("escalationMode"),
            QStringLiteral("escalationStatus"),
            QStringLiteral("escalationDue"),
            QStringLiteral("followUpDue"),
            QStringLiteral("followUpDoneAt"),
            QStringLiteral("followUpOverdue"),
            QStringLiteral("identityMethod"),
            QStringLiteral("identityResult"),
            QStringLiteral("articles")};
}

QueryListModel::Query CustomerTimelineModel::makeQuery() const {
    if (m_customerId.isEmpty()) {
        return {};
    }
    return [id = m_customerId.toStdString(), today = dayOf(m_referenceDay)](LocalStore& store) {
        return timelineOf(store, id, today);
    };
}

// ---- CustomerRecord

CustomerRecord::CustomerRecord(QObject* parent)
    : QObject(parent) {
    if (AppController* controller = AppController::instance()) {
        connect(controller, &AppController::storeChanged, this, [this] {
            if (m_opened && !m_loading) {
                reload();
            }
        });
    }
}

void CustomerRecord::setPurpose(const QString& purpose) {
    if (m_purpose != purpose) {
        m_purpose = purpose;
        emit purposeChanged();
    }
}

void CustomerRecord::setReferenceDay(const QString& day) {
    if (m_referenceDay != day) {
        m_referenceDay = day;
        emit referenceDayChanged();
        if (m_opened) {
            reload();
        }
    }
}

void CustomerRecord::setLoading(bool loading) {
    if (m_loading != loading) {
        m_loading = loading;
        emit loadingChanged();
    }
}

void CustomerRecord::setError(const QString& error) {
    if (m_error != error) {
        m_error = error;
        emit errorChanged();
    }
}

void CustomerRecord::open(const QString& customerId) {
    if (customerId.isEmpty()) {
        close();
        return;
    }
    AppController* controller = AppController::instance();
    if (controller == nullptr) {
        return;
    }
    const quint64 generation = ++m_generation;
    const bool changed = m_customerId != customerId || m_opened;
    m_customerId = customerId;
    m_opened = false;
    m_fields.clear();
    m_masked.clear();
    m_consent.clear();
    m_accessLogId.clear();
    if (changed) {
        emit customerChanged();
        emit recordChanged();
    }
    setError({});
    setLoading(true);
    controller->write(
        this,
        [actor = controller->actor(), id = customerId.toStdString(), purpose = m_purpose.toStdString(),
         judgedAt = instantOf(m_referenceDay)](LocalStore& store) -> Result<Json> {
            auto opened = domain::openCustomer(store, actor, id, purpose, domain::now());
            if (!opened) {
                return unexpected(opened.error());
            }
            auto consent = domain::consentOf(store, id, judgedAt);
            if (!consent) {
                return unexpected(consent.error());
            }
            return domain::openedCustomerJson(*opened, *consent);
        },
        [this, generation](Result<Json> result) { accept(generation, std::move(result), true); });
}

void CustomerRecord::close() {
    ++m_generation;
    const bool changed = !m_customerId.isEmpty();
    m_customerId.clear();
    m_opened = false;
    m_fields.clear();
    m_masked.clear();
    m_consent.clear();
    m_accessLogId.clear();
    setLoading(false);
    setError({});
    if (changed) {
        emit customerChanged();
        emit recordChanged();
    }
}

void CustomerRecord::reload() {
    AppController* controller = AppController::instance();
    if (controller == nullptr || !m_opened) {
        return;
    }
    const quint64 generation = ++m_generation;
    std::vector<std::string> masked;
    for (const QString& name : m_masked) {
        masked.push_back(name.toStdString());
    }
    controller->read(
        this,
        [id = m_customerId.toStdString(), masked = std::move(masked), accessLog = m_accessLogId.toStdString(),
         now = instantOf(m_referenceDay)](LocalStore& store) -> Result<Json> {
            return readCustomer(store, id, masked, accessLog, now);
        },
        [this, generation](Result<Json> result) { accept(generation, std::move(result), false); });
}

void CustomerRecord::accept(quint64 generation, Result<Json> result, bool opening) {
    if (generation != m_generation) {
        return;
    }
    setLoading(false);
    if (!result) {
        const QString message = QString::fromStdString(result.error().message);
        setError(message);
        if (opening) {
            if (AppController* controller = AppController::instance()) {
                controller->reportError(message);
            }
        }
        return;
    }
    setError({});
    const QVariantMap document = toVariant(*result).toMap();
    m_fields = document.value(QStringLiteral("fields")).toMap();
    m_masked = document.value(QStringLiteral("masked")).toStringList();
    m_consent = document.value(QStringLiteral("consent")).toList();
    m_accessLogId = document.value(QStringLiteral("access_log_id")).toString();
    const bool becameOpen = !m_opened;
    m_opened = true;
    if (becameOpen) {
        emit customerChanged();
    }
    emit recordChanged();
    if (opening) {
        emit openedRecord(m_customerId);
    }
}

// ---- CustomerActions

CustomerActions::CustomerActions(QObject* parent)
    : QObject(parent)
    , m_writes(*this, [this] { emit busyChanged(); }) {}

template <typename Query, typename Done>
void CustomerActions::run(const QString& collection, Query query, Done done) {
    m_writes.run(std::move(query), std::move(done), [this, collection](const QString& message) {
        emit failed(message, fieldErrorsOf(message, collection));
    });
}

void CustomerActions::createCustomer(const QVariantMap& values, bool evenIfDuplicate) {
    const domain::Actor actor = currentActor();
    run(
        QStringLiteral("customer"),
        [actor, fields = formFields(values, true), evenIfDuplicate](LocalStore& store) -> Result<Json> {
            const auto issues = schema::SchemaRegistry::builtin().validateWrite(
                kCustomer, fields, nullptr, schema::UnknownFields::Refuse);
            if (!issues.empty()) {
                return knowset::fail(ErrorCode::InvalidChange, schema::describe(issues));
            }
            if (!evenIfDuplicate) {
                const domain::CustomerContact contact{
                    domain::stringField(fields, "name"), domain::stringField(fields, "email"),
                    domain::stringField(fields, "phone"), domain::stringField(fields, "branch")};
                auto candidates = domain::findDuplicateCandidates(store, contact);
                if (!candidates) {
                    return unexpected(candidates.error());
                }
                if (!candidates->empty()) {
                    return Json{{"duplicates", domain::duplicatesJson(*candidates)}};
                }
            }
            auto created = domain::createCustomer(store, actor, fields);
            if (!created) {
                return unexpected(created.error());
            }
            return domain::createdCustomerJson(*created);
        },
        [this](const Json& result) {
            const QVariantList duplicates = toVariant(result.value("duplicates", Json::array())).toList();
            if (!result.contains("id")) {
                emit duplicatesFound(duplicates);
                return;
            }
            emit customerCreated(QString::fromStdString(result.value("id", std::string())), duplicates);
        });
}

void CustomerActions::updateCustomer(const QString& customerId, const QVariantMap& values) {
    run(
        QStringLiteral("customer"),
        [actor = currentActor(), id = customerId.toStdString(),
         fields = formFields(values, false)](LocalStore& store) -> Result<Json> {
            auto written = domain::updateCustomer(store, actor, id, fields);
            if (!written) {
                return unexpected(written.error());
            }
            return domain::writeJson(*written);
        },
        [this, customerId](const Json&) { emit customerUpdated(customerId); });
}

void CustomerActions::confirmWithCustomer(const QString& customerId) {
    run(
        QStringLiteral("customer"),
        [actor = currentActor(), id = customerId.toStdString()](LocalStore& store) -> Result<Json> {
            auto written = domain::confirmWithCustomer(store, actor, id, domain::now());
            if (!written) {
                return unexpected(written.error());
            }
            return domain::writeJson(*written);
        },
        [this, customerId](const Json&) { emit confirmed(customerId); });
}

void CustomerActions::setConsent(const QString& customerId, const QString& purpose, const QString& basis,
                                 const QString& source, const QString& expires) {
    domain::ConsentCapture capture{purpose.trimmed().toStdString(), basis.trimmed().toStdString(),
                                   source.trimmed().toStdString(), expires.trimmed().toStdString()};
    run(
        QStringLiteral("customer"),
        [actor = currentActor(), id = customerId.toStdString(), capture](LocalStore& store) -> Result<Json> {
            auto written = domain::setConsent(store, actor, id, capture, domain::now());
            if (!written) {
                return unexpected(written.error());
            }
            return domain::writeJson(*written);
        },
        [this, customerId, purpose](const Json&) { emit consentChanged(customerId, purpose.trimmed()); });
}

void CustomerActions::withdrawConsent(const QString& customerId, const QString& purpose) {
    run(
        QStringLiteral("customer"),
        [actor = currentActor(), id = customerId.toStdString(),
         name = purpose.toStdString()](LocalStore& store) -> Result<Json> {
            auto written = domain::withdrawConsent(store, actor, id, name, domain::now());
            if (!written) {
                return unexpected(written.error());
            }
            return domain::writeJson(*written);
        },
        [this, customerId, purpose](const Json&) { emit consentChanged(customerId, purpose); });
}

void CustomerActions::draftFromInteraction(const QString& interactionId) {
    run(
        QStringLiteral("article"),
        [actor = currentActor(), id = interactionId.toStdString()](LocalStore& store) -> Result<Json> {
            auto written = domain::draftFromInteraction(store, actor, id);
            if (!written) {
                return unexpected(written.error());
            }
            return domain::writeJson(*written);
        },
        [this](const Json& result) {
            emit articleDrafted(QString::fromStdString(result.value("id", std::string())));
        });
}

} // namespace knowset::app
