// The customers screen's models (PRODUCT.md C1-C8): finding a customer, the opened record with
// its consent, the customer's interaction timeline, and the actions on customers.
//
// Every query and write runs on the store worker (App.read / App.write); results come back on
// the GUI thread. Failures are reported through the objects' signals and App.reportError, with
// the fields a validation message names picked out (fieldErrorsOf) so forms can show each
// message next to its field.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

#include "client/app/core/local_writes.hpp"
#include "client/app/core/query_list_model.hpp"

namespace knowset::domain {
struct Actor;
}

namespace knowset::app {

// "customer.email: must be ...; customer.name: is required" -> {email: "must be ...", name:
// "is required"} for the messages of `collection` (the whole sentence when no field is named:
// key ""). Messages after the first for the same field are appended.
QVariantMap fieldErrorsOf(const QString& message, const QString& collection);

// Customers of the actor's branches whose name, e-mail or phone contains every word of `text`
// (case ignored; a phone matches on its digits, so "7700 900" finds "+44 7700 900123"). An
// empty text lists every customer. By name, then id, at most `limit` rows.
//
// Roles: id, name, email, phone, branch, segment, verifiedAt ("" when never confirmed).
class CustomerSearchModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    // More customers matched than `limit`: the list shows the first ones.
    Q_PROPERTY(bool truncated READ truncated NOTIFY refreshed)

public:
    explicit CustomerSearchModel(QObject* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);
    int limit() const { return m_limit; }
    void setLimit(int limit);
    bool truncated() const { return m_truncated; }

signals:
    void textChanged();
    void limitChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;

private:
    QString m_text;
    int m_limit = 200;
    bool m_truncated = false;
};

// The customer's interactions, newest first (domain::customerTimeline).
//
// Roles: id, occurredAt, channel, kind, categoryId, categoryName, summary, customerWords,
// details, outcome, agent, escalatedTo, escalationReason, escalationMode, escalationStatus,
// escalationDue, followUpDue, followUpDoneAt, followUpOverdue (due before referenceDay and not
// done), identityMethod, identityResult, articles ([{id, title, how, understood}]: the
// articles used, titles looked up; "" when the article is gone).
class CustomerTimelineModel : public QueryListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString customerId READ customerId WRITE setCustomerId NOTIFY customerIdChanged)
    // YYYY-MM-DD; empty: today.
    Q_PROPERTY(QString referenceDay READ referenceDay WRITE setReferenceDay NOTIFY referenceDayChanged)

public:
    explicit CustomerTimelineModel(QObject* parent = nullptr);

    QString customerId() const { return m_customerId; }
    void setCustomerId(const QString& id);
    QString referenceDay() const { return m_referenceDay; }
    void setReferenceDay(const QString& day);

signals:
    void customerIdChanged();
    void referenceDayChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;

private:
    QString m_customerId;
    QString m_referenceDay;
};

// One opened customer record. open() goes through domain::openCustomer: it appends the
// access_log record and leaves out the restricted fields the role may not read (listed in
// `masked`, which views show as "restricted"). Afterwards the record follows changes of the
// replica (a confirmation, consent, a remote edit) without logging another access.
class CustomerRecord : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString customerId READ customerId NOTIFY customerChanged)
    Q_PROPERTY(bool opened READ opened NOTIFY customerChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // The record's field values (restricted ones left out when masked).
    Q_PROPERTY(QVariantMap fields READ fields NOTIFY recordChanged)
    // Restricted fields the role may not read: shown as "restricted".
    Q_PROPERTY(QStringList masked READ masked NOTIFY recordChanged)
    // [{purpose, basis, granted, expired, in_force, source, captured_by, at, expires}]
    Q_PROPERTY(QVariantList consent READ consent NOTIFY recordChanged)
    // The access_log record the opening appended.
    Q_PROPERTY(QString accessLogId READ accessLogId NOTIFY recordChanged)
    Q_PROPERTY(QString name READ name NOTIFY recordChanged)
    Q_PROPERTY(QString branch READ branch NOTIFY recordChanged)
    Q_PROPERTY(QString verifiedAt READ verifiedAt NOTIFY recordChanged)
    Q_PROPERTY(QString verifiedBy READ verifiedBy NOTIFY recordChanged)
    // Why the record is opened, kept in access_log.
    Q_PROPERTY(QString purpose READ purpose WRITE setPurpose NOTIFY purposeChanged)
    // YYYY-MM-DD: the day consent expiry is judged on; empty: now.
    Q_PROPERTY(QString referenceDay READ referenceDay WRITE setReferenceDay NOTIFY referenceDayChanged)

public:
    explicit CustomerRecord(QObject* parent = nullptr);

    // Opens the customer (a write: the access_log record). An empty id closes the record.
    Q_INVOKABLE void open(const QString& customerId);
    Q_INVOKABLE void close();
    // Reads the opened record again (no access_log record).
    Q_INVOKABLE void reload();
    // A field is masked: the role may not read it.
    Q_INVOKABLE bool isMasked(const QString& field) const { return m_masked.contains(field); }

    QString customerId() const { return m_customerId; }
    bool opened() const { return m_opened; }
    bool loading() const { return m_loading; }
    QString error() const { return m_error; }
    QVariantMap fields() const { return m_fields; }
    QStringList masked() const { return m_masked; }
    QVariantList consent() const { return m_consent; }
    QString accessLogId() const { return m_accessLogId; }
    QString name() const { return m_fields.value(QStringLiteral("name")).toString(); }
    QString branch() const { return m_fields.value(QStringLiteral("branch")).toString(); }
    QString verifiedAt() const { return m_fields.value(QStringLiteral("verified_at")).toString(); }
    QString verifiedBy() const { return m_fields.value(QStringLiteral("verified_by")).toString(); }
    QString purpose() const { return m_purpose; }
    void setPurpose(const QString& purpose);
    QString referenceDay() const { return m_referenceDay; }
    void setReferenceDay(const QString& day);

signals:
    void customerChanged();
    void loadingChanged();
    void errorChanged();
    void recordChanged();
    void purposeChanged();
    void referenceDayChanged();
    // open() finished: the record is shown and the access is logged.
    void openedRecord(const QString& customerId);

private:
    void setLoading(bool loading);
    void setError(const QString& error);
    void accept(quint64 generation, Result<Json> result, bool opening);

    QString m_customerId;
    bool m_opened = false;
    bool m_loading = false;
    QString m_error;
    QVariantMap m_fields;
    QStringList m_masked;
    QVariantList m_consent;
    QString m_accessLogId;
    QString m_purpose = QStringLiteral("customer service");
    QString m_referenceDay;
    quint64 m_generation = 0;
};

// The writes of the customers screen. Each reports `succeeded`-style signals or failed(message,
// fieldErrors); failures also go to App.reportError.
class CustomerActions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

public:
    explicit CustomerActions(QObject* parent = nullptr);

    // Creates a customer from field values (empty strings are left out). Unless
    // `evenIfDuplicate`, live customers that may be the same person stop the creation:
    // duplicatesFound() lists them (with their reasons) and nothing is written. Invalid values
    // fail before the duplicate check.
    Q_INVOKABLE void createCustomer(const QVariantMap& fields, bool evenIfDuplicate);
    // Changes the given fields (an empty string clears an optional field).
    Q_INVOKABLE void updateCustomer(const QString& customerId, const QVariantMap& fields);
    Q_INVOKABLE void confirmWithCustomer(const QString& customerId);
    Q_INVOKABLE void setConsent(const QString& customerId, const QString& purpose, const QString& basis,
                                const QString& source, const QString& expires);
    Q_INVOKABLE void withdrawConsent(const QString& customerId, const QString& purpose);
    // A draft answer from the interaction (domain::draftFromInteraction): articleDrafted(id).
    Q_INVOKABLE void draftFromInteraction(const QString& interactionId);

    bool busy() const { return m_writes.busy(); }

signals:
    void busyChanged();
    // [{id, name, branch, email, phone, reasons: ["same_email", ...]}]
    void duplicatesFound(const QVariantList& candidates);
    void customerCreated(const QString& customerId, const QVariantList& duplicates);
    void customerUpdated(const QString& customerId);
    void confirmed(const QString& customerId);
    void consentChanged(const QString& customerId, const QString& purpose);
    void articleDrafted(const QString& articleId);
    // `fieldErrors`: field name -> message (key "" for a message naming no field).
    void failed(const QString& message, const QVariantMap& fieldErrors);

private:
    // Runs `query` (a write) as LocalWrites::run does; a failure names fields of `collection`.
    template <typename Query, typename Done> void run(const QString& collection, Query query, Done done);

    LocalWrites m_writes;
};

} // namespace knowset::app
