// The customers screen's and the quick log's models on the demo replica: search, opening a
// record (audited, restricted fields masked for agents), confirmation, validation and duplicate
// warnings on create, and logging an interaction with an article used.
#include <catch2/catch.hpp>

#include <optional>

#include "client/app/customers/customer_models.hpp"
#include "client/app/interactions/interaction_models.hpp"
#include "gui_fixture.hpp"

using namespace knowset;
using namespace knowset::app;
using namespace knowset::app::testing;

namespace {

// Runs `query` on the store worker and waits for its result.
template <typename Query> auto readNow(AppController& controller, Query query) {
    using Value = std::invoke_result_t<Query, LocalStore&>;
    std::optional<Value> result;
    QObject receiver;
    controller.read(&receiver, std::move(query), [&](Value value) { result = std::move(value); });
    REQUIRE(waitUntil([&] { return result.has_value(); }));
    return std::move(*result);
}

std::int64_t accessLogCount(AppController& controller) {
    auto counts = readNow(controller, [](LocalStore& store) { return store.countByCollection(); });
    REQUIRE(counts.hasValue());
    const auto found = counts->find("access_log");
    return found == counts->end() ? 0 : found->second;
}

// The first customer the search lists with a non-empty `role`.
QVariantMap firstCustomerWith(CustomerSearchModel& model, const QString& role) {
    REQUIRE(waitUntil([&] { return model.count() > 0 && !model.loading(); }));
    for (int row = 0; row < model.count(); ++row) {
        if (!model.get(row).value(role).toString().isEmpty()) {
            return model.get(row);
        }
    }
    FAIL("no customer with " << role.toStdString());
    return {};
}

} // namespace

TEST_CASE("Customer search finds demo customers by name, e-mail and phone within the actor's branches",
          "[gui][customers]") {
    GuiFixture fixture;
    CustomerSearchModel model;
    REQUIRE(waitUntil([&] { return model.count() > 0 && !model.loading(); }));
    CHECK(model.count() == 150); // every demo customer fits under the limit
    CHECK_FALSE(model.truncated());
    const QVariantMap first = firstCustomerWith(model, QStringLiteral("phone"));
    const QString id = first.value("id").toString();
    const QString lastName = first.value("name").toString().split(' ').last();

    auto shows = [&](const QString& customerId) {
        for (int row = 0; row < model.count(); ++row) {
            if (model.get(row).value("id").toString() == customerId) {
                return true;
            }
        }
        return false;
    };

    model.setText(lastName.toLower());
    REQUIRE(waitUntil([&] { return !model.loading() && model.count() > 0 && model.count() < 150; }));
    CHECK(shows(id));
    for (int row = 0; row < model.count(); ++row) {
        const QVariantMap customer = model.get(row);
        CHECK((customer.value("name").toString().contains(lastName, Qt::CaseInsensitive) ||
               customer.value("email").toString().contains(lastName, Qt::CaseInsensitive)));
    }

    // A phone number matches on its digits, whatever the spacing.
    const QString phone = first.value("phone").toString();
    QString digits = phone;
    digits.remove(' ');
    model.setText(digits.right(6).left(3) + " " + digits.right(3));
    REQUIRE(waitUntil([&] { return !model.loading() && model.count() > 0 && model.count() < 150; }));
    CHECK(shows(id));

    model.setText(QStringLiteral("no such customer anywhere"));
    REQUIRE(waitUntil([&] { return !model.loading() && model.count() == 0; }));

    model.setLimit(10);
    model.setText(QString());
    REQUIRE(waitUntil([&] { return !model.loading() && model.count() == 10; }));
    CHECK(model.truncated());
}

TEST_CASE("Opening a customer record appends an access_log record, a supervisor reads restricted fields",
          "[gui][customers]") {
    GuiFixture fixture;
    CustomerSearchModel search;
    const QString id = firstCustomerWith(search, QStringLiteral("id")).value("id").toString();
    const std::int64_t before = accessLogCount(fixture.controller());

    CustomerRecord record;
    QString openedId;
    QObject::connect(&record, &CustomerRecord::openedRecord,
                     [&](const QString& customerId) { openedId = customerId; });
    record.open(id);
    REQUIRE(waitUntil([&] { return record.opened() && openedId == id; }));
    CHECK(record.error().isEmpty());
    CHECK(record.masked().isEmpty());
    CHECK_FALSE(record.name().isEmpty());
    CHECK_FALSE(record.consent().isEmpty());
    REQUIRE_FALSE(record.accessLogId().isEmpty());
    CHECK(accessLogCount(fixture.controller()) == before + 1);

    auto logged =
        readNow(fixture.controller(), [logId = record.accessLogId().toStdString()](LocalStore& store) {
            return store.get("access_log", logId);
        });
    REQUIRE(logged.hasValue());
    REQUIRE(logged->has_value());
    CHECK((*logged)->fields.value("customer_id", std::string()) == id.toStdString());
    CHECK((*logged)->fields.value("user", std::string()) == "sam");

    // Changes of the replica reload the record without logging another access.
    record.reload();
    REQUIRE(waitUntil([&] { return !record.loading(); }));
    CHECK(accessLogCount(fixture.controller()) == before + 1);
}

TEST_CASE("An agent sees the restricted fields of a customer masked", "[gui][customers]") {
    GuiFixture fixture(GuiFixtureOptions{"ana", {"agent"}, {"north"}});
    CustomerSearchModel search;
    REQUIRE(waitUntil([&] { return search.count() > 0 && !search.loading(); }));
    for (int row = 0; row < search.count(); ++row) {
        CHECK(search.get(row).value("branch").toString() == QStringLiteral("north"));
    }
    // A customer who has a date of birth on file.
    auto withBirthDate = readNow(fixture.controller(), [](LocalStore& store) -> Result<std::string> {
        auto customers = store.list("customer");
        if (!customers) {
            return unexpected(customers.error());
        }
        for (const Record& customer : *customers) {
            if (customer.fields.contains("date_of_birth") &&
                customer.fields.value("branch", std::string()) == "north") {
                return customer.id;
            }
        }
        return fail(ErrorCode::NotFound, "no customer with a date of birth");
    });
    REQUIRE(withBirthDate.hasValue());

    CustomerRecord record;
    record.open(QString::fromStdString(*withBirthDate));
    REQUIRE(waitUntil([&] { return record.opened(); }));
    CHECK(record.masked().contains(QStringLiteral("date_of_birth")));
    CHECK(record.masked().contains(QStringLiteral("identity_answers")));
    CHECK(record.isMasked(QStringLiteral("date_of_birth")));
    CHECK_FALSE(record.fields().contains(QStringLiteral("date_of_birth")));
    CHECK_FALSE(record.name().isEmpty());
}

TEST_CASE("Confirmed with the customer records who confirmed and when", "[gui][customers]") {
    GuiFixture fixture;
    CustomerSearchModel search;
    const QString id = firstCustomerWith(search, QStringLiteral("id")).value("id").toString();
    CustomerRecord record;
    record.open(id);
    REQUIRE(waitUntil([&] { return record.opened(); }));

    CustomerActions actions;
    bool confirmed = false;
    QObject::connect(&actions, &CustomerActions::confirmed,
                     [&](const QString& customerId) { confirmed = customerId == id; });
    actions.confirmWithCustomer(id);
    REQUIRE(waitUntil([&] { return confirmed; }));
    // The open record follows the write.
    REQUIRE(waitUntil([&] { return record.verifiedBy() == QStringLiteral("sam") && !record.loading(); }));
    CHECK_FALSE(record.verifiedAt().isEmpty());
}

TEST_CASE(
    "Creating a customer: a validation error names the field, possible duplicates stop it with the reason",
    "[gui][customers]") {
    GuiFixture fixture;
    CustomerActions actions;
    QString failure;
    QVariantMap fieldErrors;
    QVariantList duplicates;
    QString createdId;
    QObject::connect(&actions, &CustomerActions::failed,
                     [&](const QString& message, const QVariantMap& errors) {
                         failure = message;
                         fieldErrors = errors;
                     });
    QObject::connect(&actions, &CustomerActions::duplicatesFound,
                     [&](const QVariantList& candidates) { duplicates = candidates; });
    QObject::connect(&actions, &CustomerActions::customerCreated,
                     [&](const QString& id, const QVariantList&) { createdId = id; });

    // No name: refused, and the message is for the name field.
    actions.createCustomer({{"name", ""}, {"branch", "north"}, {"email", "someone@example.org"}}, false);
    REQUIRE(waitUntil([&] { return !failure.isEmpty(); }));
    CHECK(failure.contains(QStringLiteral("customer.name")));
    REQUIRE(fieldErrors.contains(QStringLiteral("name")));
    CHECK(fieldErrors.value("name").toString().contains(QStringLiteral("required")));

    // The e-mail of an existing customer: a possible duplicate, nothing written yet.
    CustomerSearchModel search;
    const QVariantMap existing = firstCustomerWith(search, QStringLiteral("email"));
    const int before = search.count();
    const QVariantMap typed{{"name", "Quentin Newcomer"},
                            {"branch", existing.value("branch")},
                            {"email", existing.value("email").toString().toUpper()}};
    actions.createCustomer(typed, false);
    REQUIRE(waitUntil([&] { return !duplicates.isEmpty(); }));
    CHECK(createdId.isEmpty());
    bool named = false;
    for (const QVariant& candidate : duplicates) {
        const QVariantMap map = candidate.toMap();
        if (map.value("id") == existing.value("id")) {
            named = map.value("reasons").toStringList().contains(QStringLiteral("same_email"));
        }
    }
    CHECK(named);

    // Creating anyway writes the customer (and still reports the candidates).
    actions.createCustomer(typed, true);
    REQUIRE(waitUntil([&] { return !createdId.isEmpty(); }));
    REQUIRE(waitUntil([&] { return search.count() == before + 1; }));
}

TEST_CASE("The quick log saves an interaction with an article used, which the customer's timeline shows",
          "[gui][customers][interactions]") {
    GuiFixture fixture;
    CustomerSearchModel search;
    const QString customerId = firstCustomerWith(search, QStringLiteral("id")).value("id").toString();

    ArticlePickerModel articles;
    articles.setText(QStringLiteral("refund"));
    REQUIRE(waitUntil([&] { return articles.count() > 0 && !articles.loading(); }));
    const QString articleId = articles.get(0).value("id").toString();

    CategoryChoiceModel categories;
    REQUIRE(waitUntil([&] { return categories.count() > 0; }));
    const QString categoryId = categories.get(0).value("id").toString();
    CHECK(categories.indexOfId(categoryId) == 0);

    InteractionActions actions;
    QString loggedId;
    int recorded = -1;
    QString failure;
    QObject::connect(&actions, &InteractionActions::logged, [&](const QString& id, int count) {
        loggedId = id;
        recorded = count;
    });
    QObject::connect(&actions, &InteractionActions::failed,
                     [&](const QString& message, const QVariantMap&, const QString&) { failure = message; });

    // Follow-up without a due date: refused, naming the field.
    actions.logInteraction(
        {{"customer_id", customerId}, {"channel", "phone"}, {"kind", "query"}, {"outcome", "follow_up"}}, {});
    REQUIRE(waitUntil([&] { return !failure.isEmpty(); }));
    CHECK(failure.contains(QStringLiteral("interaction.follow_up_due")));

    const QVariantMap used{{"articleId", articleId}, {"how", "written"}, {"understood", true}};
    actions.logInteraction({{"customer_id", customerId},
                            {"channel", "phone"},
                            {"kind", "query"},
                            {"category_id", categoryId},
                            {"customer_words", "I was charged twice this month"},
                            {"summary", "Quick log test: double charge"},
                            {"outcome", "resolved"},
                            {"follow_up_due", ""},
                            {"identity_check", QVariantMap{{"method", "account PIN"}, {"result", "passed"}}}},
                           {used});
    REQUIRE(waitUntil([&] { return !loggedId.isEmpty(); }));
    CHECK(recorded == 1);

    CustomerTimelineModel timeline;
    timeline.setReferenceDay(QString::fromLatin1(kDemoUntil));
    timeline.setCustomerId(customerId);
    REQUIRE(waitUntil([&] { return timeline.count() > 0 && !timeline.loading(); }));
    const QVariantMap newest = timeline.get(0); // logged now: after every demo interaction
    CHECK(newest.value("id").toString() == loggedId);
    CHECK(newest.value("summary").toString() == QStringLiteral("Quick log test: double charge"));
    CHECK(newest.value("channel").toString() == QStringLiteral("phone"));
    CHECK(newest.value("identityResult").toString() == QStringLiteral("passed"));
    CHECK_FALSE(newest.value("categoryName").toString().isEmpty());
    const QVariantList articlesUsed = newest.value("articles").toList();
    REQUIRE(articlesUsed.size() == 1);
    const QVariantMap article = articlesUsed.front().toMap();
    CHECK(article.value("id").toString() == articleId);
    CHECK(article.value("how").toString() == QStringLiteral("written"));
    CHECK(article.value("understood").toBool());
    CHECK_FALSE(article.value("title").toString().isEmpty());

    // Draft an article from that interaction.
    CustomerActions customerActions;
    QString draftId;
    QObject::connect(&customerActions, &CustomerActions::articleDrafted,
                     [&](const QString& id) { draftId = id; });
    customerActions.draftFromInteraction(loggedId);
    REQUIRE(waitUntil([&] { return !draftId.isEmpty(); }));
    auto draft = readNow(fixture.controller(), [id = draftId.toStdString()](LocalStore& store) {
        return store.get("article", id);
    });
    REQUIRE(draft.hasValue());
    REQUIRE(draft->has_value());
    CHECK((*draft)->fields.value("source_interaction_id", std::string()) == loggedId.toStdString());
}

TEST_CASE("Validation messages are split by the field they name", "[gui][customers]") {
    const QVariantMap errors = fieldErrorsOf(
        QStringLiteral("customer.name: is required; customer.consent.marketing: bad; something else"),
        QStringLiteral("customer"));
    CHECK(errors.value("name").toString() == QStringLiteral("is required"));
    CHECK(errors.value("consent").toString() == QStringLiteral("marketing: bad"));
    CHECK(errors.value("").toString() == QStringLiteral("something else"));
}
