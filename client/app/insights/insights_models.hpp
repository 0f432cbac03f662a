// The models of the Insights screen (PRODUCT.md R1, R2, K14, I3, I4, I6, R5): weekly trends,
// rising topics, satisfaction, KPI tiles, repeated comments, FAQ candidates and overdue
// follow-ups, each a query of knowset/domain over the local replica turned into rows by the
// domain's JSON forms (domain_json.hpp), so the app shows what `knowset-cli ... --json` prints.
//
// Every model has a `referenceDay` (YYYY-MM-DD; empty: today by this computer's clock): the
// day the periods end on. Tests and screenshots use the demo organisation's 2026-11-20.
#pragma once

#include "knowset/domain/calendar.hpp"

#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>

#include "client/app/core/query_list_model.hpp"

namespace knowset::app {

// The base of the insight models: a reference day, and the period it ends.
class InsightQueryModel : public QueryListModel {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(QString referenceDay READ referenceDay WRITE setReferenceDay NOTIFY referenceDayChanged)
    // The period of the last result: first and last day (included), YYYY-MM-DD.
    Q_PROPERTY(QString periodFrom READ periodFrom NOTIFY periodChanged)
    Q_PROPERTY(QString periodTo READ periodTo NOTIFY periodChanged)

public:
    using QueryListModel::QueryListModel;

    QString referenceDay() const { return m_referenceDay; }
    void setReferenceDay(const QString& day);
    QString periodFrom() const { return m_periodFrom; }
    QString periodTo() const { return m_periodTo; }

signals:
    void referenceDayChanged();
    void periodChanged();

protected:
    // The reference day; none when referenceDay is not a date (the query then fails with a
    // message naming it, see invalidDay()).
    std::optional<domain::Day> reference() const;
    Query invalidDay() const;
    // Reads {"from", "to"} of a result document.
    void takePeriod(const Json& document);

private:
    QString m_referenceDay;
    QString m_periodFrom;
    QString m_periodTo;
};

// Interactions per week (the 12 weeks ending on the reference day) by category, product or
// channel. Rows: week (the Monday), key, label, count — every interaction of the period once.
// For the chart: `weeks` (the Mondays, oldest first, weeks without interactions included) and
// `series`: the `topCount` keys with the most interactions, then "Other" for the rest, each
// {key, label, values: [count per week], total}.
class TrendsModel : public InsightQueryModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString dimension READ dimension WRITE setDimension NOTIFY dimensionChanged)
    Q_PROPERTY(int topCount READ topCount WRITE setTopCount NOTIFY topCountChanged)
    Q_PROPERTY(QStringList weeks READ weeks NOTIFY chartChanged)
    Q_PROPERTY(QVariantList series READ series NOTIFY chartChanged)
    Q_PROPERTY(qint64 total READ total NOTIFY chartChanged)             // interactions in the period
    Q_PROPERTY(qint64 busiestWeek READ busiestWeek NOTIFY chartChanged) // the highest week total

public:
    explicit TrendsModel(QObject* parent = nullptr);

    QString dimension() const { return m_dimension; }
    void setDimension(const QString& dimension);
    int topCount() const { return m_topCount; }
    void setTopCount(int count);
    QStringList weeks() const { return m_weeks; }
    QVariantList series() const { return m_series; }
    qint64 total() const { return m_total; }
    qint64 busiestWeek() const { return m_busiestWeek; }

signals:
    void dimensionChanged();
    void topCountChanged();
    void chartChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;

private:
    QString m_dimension = QStringLiteral("category");
    int m_topCount = 6;
    QStringList m_weeks;
    QVariantList m_series;
    qint64 m_total = 0;
    qint64 m_busiestWeek = 0;
};

// Categories and products asked about more than in the period before (`period`: week or
// month, the one holding the reference day). Rows: dimension, key, label, current, previous,
// ratio (null: new). `previousFrom`/`previousTo`: the period compared with.
class RisingTopicsModel : public InsightQueryModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString period READ period WRITE setPeriod NOTIFY periodKindChanged)
    Q_PROPERTY(QString previousFrom READ previousFrom NOTIFY periodChanged)
    Q_PROPERTY(QString previousTo READ previousTo NOTIFY periodChanged)
    Q_PROPERTY(int maxCount READ maxCount NOTIFY periodChanged) // the largest count of a row

public:
    explicit RisingTopicsModel(QObject* parent = nullptr);

    QString period() const { return m_period; }
    void setPeriod(const QString& period);
    QString previousFrom() const { return m_previousFrom; }
    QString previousTo() const { return m_previousTo; }
    int maxCount() const { return m_maxCount; }

signals:
    void periodKindChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;

private:
    QString m_period = QStringLiteral("month");
    QString m_previousFrom;
    QString m_previousTo;
    int m_maxCount = 0;
};

// CSAT and NPS per week, the 12 weeks ending on the reference day (weeks without responses
// left out). Rows: week, csat_percent, csat_mean, csat_responses, nps, nps_responses (a
// percentage or score is null without responses).
class SatisfactionModel : public InsightQueryModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit SatisfactionModel(QObject* parent = nullptr);

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;
};

// Every KPI evaluated for its period holding the reference day, optionally only those of one
// scope level (`scopeLevel`: organisation, branch, team, person; empty: all). Rows: id, name,
// metric, scope_level, scope_value, period_from, period_to, value (null: no data), target,
// tolerance, direction, sample_size, with_data, completeness (0-1, null), status (on_target,
// within_tolerance, off_target, no_data), value_text and target_text (in the metric's unit),
// band_text (the target and tolerance band in words), owner, action.
class KpiTilesModel : public InsightQueryModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString scopeLevel READ scopeLevel WRITE setScopeLevel NOTIFY scopeLevelChanged)

public:
    explicit KpiTilesModel(QObject* parent = nullptr);

    QString scopeLevel() const { return m_scopeLevel; }
    void setScopeLevel(const QString& level);

signals:
    void scopeLevelChanged();

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;

private:
    QString m_scopeLevel = QStringLiteral("organisation");
};

// Feedback comments and customer words that say nearly the same thing, the 30 days ending on
// the reference day; groups of 3 or more. Rows: size, representative, first_seen, last_seen
// (RFC 3339), samples (up to 3 texts of the group other than the representative), sources
// ("2 feedback, 3 interactions").
class RepeatedCommentsModel : public InsightQueryModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit RepeatedCommentsModel(QObject* parent = nullptr);

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;
};

// FAQ candidates of the 30 days ending on the reference day, one list: kind (category,
// phrase, search), text (the category, phrase or search words), count (queries,
// interactions without an article, searches), detail (the rest in words).
class FaqCandidatesModel : public InsightQueryModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit FaqCandidatesModel(QObject* parent = nullptr);

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
    Json rowsOf(Json result) override;
};

// Follow-ups due before the reference day and not done that the signed-in user answers for
// (an agent's own, a supervisor's branches', all for an admin), oldest due first. Rows: id
// (the interaction), due, days_overdue, agent, branch, customer_id, customer_name, summary.
class OverdueFollowUpsModel : public InsightQueryModel {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit OverdueFollowUpsModel(QObject* parent = nullptr);

protected:
    QStringList roleKeys() const override;
    Query makeQuery() const override;
};

} // namespace knowset::app
