// The Knowledge screen's models and actions on the demo replica: search as you type with typo
// tolerance and highlighted snippets, filters, the category tree, helpfulness votes, search
// misses and the lifecycle rules of the signed-in role.
#include <QRegularExpression>
#include <QSet>
#include <catch2/catch.hpp>

#include "client/app/knowledge/article_model.hpp"
#include "client/app/knowledge/knowledge_actions.hpp"
#include "client/app/knowledge/knowledge_models.hpp"
#include "gui_fixture.hpp"

using namespace knowset;
using namespace knowset::app;
using namespace knowset::app::testing;

namespace {

QString idOf(const QueryListModel& model, int row) {
    return model.get(row).value(QStringLiteral("id")).toString();
}

bool contains(const QueryListModel& model, const QString& id) {
    for (int row = 0; row < model.count(); ++row) {
        if (idOf(model, row) == id) {
            return true;
        }
    }
    return false;
}

// The model answered its current parameters with rows.
bool settled(const QueryListModel& model) {
    return !model.loading() && model.count() > 0;
}

// A demo article and the longest word of its title (at least six letters), lower case.
struct TitleWord {
    QString articleId;
    QString title;
    QString word;
};

TitleWord pickTitleWord(const SearchModel& browse) {
    static const QRegularExpression letters(QStringLiteral("^[A-Za-z]+$"));
    for (int row = 0; row < browse.count(); ++row) {
        const QString title = browse.get(row).value(QStringLiteral("title")).toString();
        QString longest;
        for (const QString& word : title.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (letters.match(word).hasMatch() && word.size() > longest.size()) {
                longest = word;
            }
        }
        if (longest.size() >= 7) {
            return {idOf(browse, row), title, longest.toLower()};
        }
    }
    return {};
}

struct ActionLog {
    QStringList created;
    QStringList statusChanged;
    QStringList voted;
    QStringList failedMessages;
    QList<QVariantMap> fieldErrors;

    explicit ActionLog(KnowledgeActions& actions) {
        QObject::connect(&actions, &KnowledgeActions::created, [this](const QString& id) { created << id; });
        QObject::connect(
            &actions, &KnowledgeActions::statusChanged,
            [this](const QString& id, const QString& status) { statusChanged << id + "=" + status; });
        QObject::connect(&actions, &KnowledgeActions::voted,
                         [this](const QString& id, bool) { voted << id; });
        QObject::connect(&actions, &KnowledgeActions::failed,
                         [this](const QString&, const QString& message, const QVariantMap& errors) {
                             failedMessages << message;
                             fieldErrors << errors;
                         });
    }
};

} // namespace

TEST_CASE("Knowledge search finds a demo article by a title word, and by a misspelt one",
          "[gui][knowledge]") {
    GuiFixture fixture;
    SearchModel browse;
    browse.setBrowseLimit(200);
    REQUIRE(waitUntil([&] { return settled(browse); }));
    CHECK(browse.browsing());
    const TitleWord picked = pickTitleWord(browse);
    REQUIRE_FALSE(picked.word.isEmpty());
    INFO("title: " << picked.title.toStdString() << ", word: " << picked.word.toStdString());

    SearchModel search;
    search.setQuery(picked.word);
    REQUIRE(waitUntil([&] { return settled(search) && contains(search, picked.articleId); }));
    CHECK_FALSE(search.browsing());
    CHECK(search.corrections().isEmpty());
    CHECK(search.get(0).value(QStringLiteral("rank")).toInt() == 1);
    CHECK(search.get(0).value(QStringLiteral("snippetHtml")).toString().contains(QStringLiteral("<span")));

    // One letter left out in the middle of the word ("pasword"): still found, and the model
    // says what it searched for instead.
    QString typo = picked.word;
    typo.remove(typo.size() / 2, 1);
    search.setQuery(typo);
    REQUIRE(waitUntil([&] { return settled(search) && !search.corrections().isEmpty(); }));
    CHECK(contains(search, picked.articleId));
    CHECK(search.corrections().contains(typo));
}

TEST_CASE("Knowledge filters narrow the results, a category includes its subtree", "[gui][knowledge]") {
    GuiFixture fixture;
    SearchModel all;
    all.setBrowseLimit(1000);
    REQUIRE(waitUntil([&] { return settled(all); }));
    const int everything = all.count();

    SECTION("kind and status") {
        SearchModel faqs;
        faqs.setBrowseLimit(1000);
        faqs.setKind(QStringLiteral("faq"));
        REQUIRE(waitUntil([&] { return settled(faqs); }));
        CHECK(faqs.count() < everything);
        for (int row = 0; row < faqs.count(); ++row) {
            CHECK(faqs.get(row).value(QStringLiteral("kind")).toString() == QStringLiteral("faq"));
        }
        faqs.setStatus(QStringLiteral("published"));
        REQUIRE(waitUntil([&] {
            if (faqs.loading() || faqs.count() == 0) {
                return false;
            }
            for (int row = 0; row < faqs.count(); ++row) {
                if (faqs.get(row).value(QStringLiteral("status")).toString() != QStringLiteral("published")) {
                    return false;
                }
            }
            return true;
        }));
        faqs.clearFilters();
        REQUIRE(waitUntil([&] { return !faqs.loading() && faqs.count() == everything; }));
    }

    SECTION("a category and the categories under it") {
        CategoryTreeModel tree;
        REQUIRE(waitUntil([&] { return settled(tree); }));
        int parentRow = -1;
        for (int row = 0; row < tree.count(); ++row) {
            const QVariantMap node = tree.get(row);
            if (node.value(QStringLiteral("has_children")).toBool() &&
                node.value(QStringLiteral("total")).toLongLong() >
                    node.value(QStringLiteral("articles")).toLongLong()) {
                parentRow = row;
                break;
            }
        }
        REQUIRE(parentRow >= 0);
        const QVariantMap parent = tree.get(parentRow);
        const int depth = parent.value(QStringLiteral("depth")).toInt();
        QSet<QString> subtree{parent.value(QStringLiteral("id")).toString()};
        for (int row = parentRow + 1;
             row < tree.count() && tree.get(row).value(QStringLiteral("depth")).toInt() > depth; ++row) {
            subtree.insert(idOf(tree, row));
        }
        REQUIRE(subtree.size() > 1);
        CHECK_FALSE(tree.pathOf(idOf(tree, parentRow + 1)).isEmpty());

        SearchModel inCategory;
        inCategory.setBrowseLimit(1000);
        inCategory.setCategoryId(parent.value(QStringLiteral("id")).toString());
        REQUIRE(waitUntil([&] { return settled(inCategory); }));
        CHECK(inCategory.count() == parent.value(QStringLiteral("total")).toInt());
        CHECK(inCategory.count() < everything);
        bool underChild = false;
        for (int row = 0; row < inCategory.count(); ++row) {
            const QString category = inCategory.get(row).value(QStringLiteral("category_id")).toString();
            CHECK(subtree.contains(category));
            underChild = underChild || category != parent.value(QStringLiteral("id")).toString();
        }
        CHECK(underChild);
    }

    SECTION("tag chips name tags that filter") {
        TagChipsModel tags;
        REQUIRE(waitUntil([&] { return settled(tags); }));
        const QString tag = tags.get(0).value(QStringLiteral("value")).toString();
        const int carrying = tags.get(0).value(QStringLiteral("articles")).toInt();
        SearchModel tagged;
        tagged.setBrowseLimit(1000);
        tagged.setTag(tag);
        REQUIRE(waitUntil([&] { return settled(tagged); }));
        CHECK(tagged.count() == carrying);
        ProductChipsModel products;
        REQUIRE(waitUntil([&] { return settled(products); }));
    }
}

TEST_CASE("Knowledge snippets are HTML-escaped with the matches highlighted", "[gui][knowledge]") {
    const QString html = snippetToHtml("Tom & <Jerry> say \x01refund\x02 \"now\"", QStringLiteral("#fff1a8"));
    CHECK(html ==
          QStringLiteral(
              "Tom &amp; &lt;Jerry&gt; say <span style=\"background-color:#fff1a8\"><b>refund</b></span> "
              "&quot;now&quot;"));
    CHECK_FALSE(html.contains(QStringLiteral("<Jerry>")));
}

TEST_CASE("Knowledge search records a miss when the person pauses or presses Enter, not per keystroke",
          "[gui][knowledge]") {
    GuiFixture fixture;
    SearchModel search;
    search.setMissDelay(60000); // no pause long enough in this test
    QStringList misses;
    QObject::connect(&search, &SearchModel::missRecorded, [&](const QString& query) { misses << query; });

    for (const char* typed : {"q", "qz", "qzx", "qzxv", "qzxvw"}) {
        search.setQuery(QString::fromLatin1(typed));
        waitUntil([] { return false; }, 30);
    }
    REQUIRE(waitUntil([&] { return !search.loading() && search.query() == QStringLiteral("qzxvw"); }));
    waitUntil([] { return false; }, 300);
    CHECK(search.count() == 0);
    CHECK(misses.isEmpty());

    search.commit(); // Enter
    REQUIRE(waitUntil([&] { return misses.size() == 1; }));
    CHECK(misses.front() == QStringLiteral("qzxvw"));
    search.commit(); // the same search again: recorded once
    waitUntil([] { return false; }, 300);
    CHECK(misses.size() == 1);

    // A pause records it too.
    search.setMissDelay(50);
    search.setQuery(QStringLiteral("wvxzq"));
    REQUIRE(waitUntil([&] { return misses.size() == 2; }));
    CHECK(misses.back() == QStringLiteral("wvxzq"));
}

TEST_CASE("Knowledge article model: freshness, category path, and a helpfulness vote changes the counts",
          "[gui][knowledge]") {
    GuiFixture fixture;
    SearchModel published;
    published.setStatus(QStringLiteral("published"));
    REQUIRE(waitUntil([&] { return settled(published); }));
    const QString id = idOf(published, 0);

    ArticleModel article;
    article.setReferenceDay(QString::fromLatin1(kDemoUntil));
    article.setArticleId(id);
    REQUIRE(waitUntil([&] { return article.found() && !article.loading(); }));
    CHECK(article.fields().value(QStringLiteral("title")).toString() ==
          published.get(0).value(QStringLiteral("title")).toString());
    CHECK(article.freshness().contains(QStringLiteral("review_due")));
    CHECK_FALSE(article.changes().isEmpty());
    CHECK_FALSE(article.lastEditedAt().isEmpty());
    if (!article.fields().value(QStringLiteral("category_id")).toString().isEmpty()) {
        CHECK_FALSE(article.categoryPath().isEmpty());
    }
    const qint64 helpfulBefore = article.helpfulness().value(QStringLiteral("helpful")).toLongLong();
    const qint64 notHelpfulBefore = article.helpfulness().value(QStringLiteral("not_helpful")).toLongLong();

    KnowledgeActions actions;
    ActionLog log(actions);
    actions.recordHelpful(id, true);
    REQUIRE(waitUntil([&] { return log.voted.size() == 1; }));
    REQUIRE(waitUntil([&] {
        return article.helpfulness().value(QStringLiteral("helpful")).toLongLong() == helpfulBefore + 1;
    }));
    actions.recordHelpful(id, false);
    REQUIRE(waitUntil([&] {
        return article.helpfulness().value(QStringLiteral("not_helpful")).toLongLong() ==
               notHelpfulBefore + 1;
    }));
    CHECK(log.failedMessages.isEmpty());

    CommentsModel comments;
    comments.setArticleId(id);
    waitUntil([&] { return !comments.loading(); });
    const int commentsBefore = comments.count();
    actions.addComment(id, QStringLiteral("Step 3 needs the new screenshot"));
    REQUIRE(waitUntil([&] { return comments.count() == commentsBefore + 1; }));
    CHECK(comments.get(commentsBefore).value(QStringLiteral("author")).toString() == QStringLiteral("sam"));
}

TEST_CASE("Knowledge actions: an agent's draft, a refused publish naming the field, a supervisor publishes",
          "[gui][knowledge]") {
    SECTION("an agent") {
        GuiFixture fixture(GuiFixtureOptions{"ana", {"agent"}, {"north"}});
        KnowledgeActions actions;
        ActionLog log(actions);

        const QVariantList moves = actions.transitions(QStringLiteral("draft"));
        REQUIRE(moves.size() == 1);
        CHECK(moves.front().toMap().value(QStringLiteral("status")).toString() ==
              QStringLiteral("in_review"));
        CHECK_FALSE(actions.mayMove(QStringLiteral("draft"), QStringLiteral("published")));

        // A missing title is named.
        actions.createArticle(
            {{QStringLiteral("kind"), QStringLiteral("answer")}, {QStringLiteral("title"), QString()}});
        REQUIRE(waitUntil([&] { return log.failedMessages.size() == 1; }));
        CHECK(log.fieldErrors.front().contains(QStringLiteral("title")));
        CHECK(fixture.controller().lastError() == log.failedMessages.front());

        actions.createArticle({{QStringLiteral("kind"), QStringLiteral("answer")},
                               {QStringLiteral("title"), QStringLiteral("Router stuck on a red light")},
                               {QStringLiteral("tags"), QVariantList{QStringLiteral("router")}},
                               {QStringLiteral("summary"), QString()}});
        REQUIRE(waitUntil([&] { return log.created.size() == 1; }));
        const QString id = log.created.front();

        actions.changeStatus(id, QStringLiteral("published"));
        REQUIRE(waitUntil([&] { return log.failedMessages.size() == 2; }));
        CHECK(log.failedMessages.back().contains(QStringLiteral("only supervisors and admins")));
        CHECK(log.fieldErrors.back().contains(QStringLiteral("status")));

        actions.changeStatus(id, QStringLiteral("in_review"));
        REQUIRE(waitUntil([&] { return log.statusChanged.size() == 1; }));
        CHECK(log.statusChanged.front() == id + QStringLiteral("=in_review"));
    }

    SECTION("a supervisor") {
        GuiFixture fixture;
        KnowledgeActions actions;
        ActionLog log(actions);
        QStringList statuses;
        for (const QVariant& move : actions.transitions(QStringLiteral("draft"))) {
            statuses << move.toMap().value(QStringLiteral("status")).toString();
        }
        CHECK(statuses == QStringList{QStringLiteral("in_review"), QStringLiteral("published")});

        actions.createArticle({{QStringLiteral("kind"), QStringLiteral("faq")},
                               {QStringLiteral("title"), QStringLiteral("Paying by card over the phone")}});
        REQUIRE(waitUntil([&] { return log.created.size() == 1; }));
        const QString id = log.created.front();
        actions.updateArticle(
            id, {{QStringLiteral("summary"), QStringLiteral("We take debit and credit cards.")}});
        actions.changeStatus(id, QStringLiteral("published"));
        REQUIRE(waitUntil([&] { return log.statusChanged.size() == 1; }));
        CHECK(log.failedMessages.isEmpty());

        ArticleModel article;
        article.setArticleId(id);
        REQUIRE(waitUntil([&] {
            return article.found() &&
                   article.fields().value(QStringLiteral("status")).toString() == QStringLiteral("published");
        }));
        CHECK(article.fields().value(QStringLiteral("summary")).toString() ==
              QStringLiteral("We take debit and credit cards."));
        CHECK(article.fields().value(QStringLiteral("owner")).toString() == QStringLiteral("sam"));
    }
}

TEST_CASE("Knowledge: field errors are read out of the domain's messages", "[gui][knowledge]") {
    const QVariantMap errors = KnowledgeActions::fieldErrorsOf(
        QStringLiteral("article.title: is required; article.tags[1]: must be text; or a list"));
    CHECK(errors.value(QStringLiteral("title")).toString() == QStringLiteral("is required"));
    CHECK(errors.value(QStringLiteral("tags")).toString() == QStringLiteral("must be text; or a list"));
    CHECK(KnowledgeActions::fieldErrorsOf(QStringLiteral("the replica is not open")).isEmpty());
}

TEST_CASE("Knowledge: drafting from an interaction reports the new article", "[gui][knowledge]") {
    GuiFixture fixture;
    QString interactionId;
    bool read = false;
    fixture.controller().read(
        &fixture.controller(),
        [](LocalStore& store) -> Result<Json> {
            auto records = store.list("interaction");
            if (!records) {
                return Unexpected<Error>(records.error());
            }
            return records->empty() ? Json("") : Json(records->front().id);
        },
        [&](Result<Json> result) {
            read = true;
            if (result) {
                interactionId = QString::fromStdString(result->get<std::string>());
            }
        });
    REQUIRE(waitUntil([&] { return read; }));
    REQUIRE_FALSE(interactionId.isEmpty());

    KnowledgeActions actions;
    QString drafted;
    QObject::connect(&actions, &KnowledgeActions::drafted,
                     [&](const QString& articleId, const QString& from) {
                         drafted = articleId;
                         CHECK(from == interactionId);
                     });
    actions.draftFromInteraction(interactionId);
    REQUIRE(waitUntil([&] { return !drafted.isEmpty(); }));
    ArticleModel article;
    article.setArticleId(drafted);
    REQUIRE(waitUntil([&] { return article.found(); }));
    CHECK(article.fields().value(QStringLiteral("status")).toString() == QStringLiteral("draft"));
    CHECK(article.fields().value(QStringLiteral("source_interaction_id")).toString() == interactionId);
}
