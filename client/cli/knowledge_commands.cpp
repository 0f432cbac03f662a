#include "client/cli/knowledge_commands.hpp"

#include "knowset/domain/domain_json.hpp"
#include "knowset/domain/knowledge.hpp"
#include "knowset/schema/registry.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <ostream>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"

namespace knowset::cli {

namespace {

using domain::ArticleStatus;

// A refusal of the knowledge set; a role refusal says whom to ask.
Unexpected<Failure> refused(const Error& error) {
    if (error.code == ErrorCode::Forbidden) {
        return localFailure(error.message, "ask a supervisor or an admin");
    }
    return storeFailure(error);
}

// Subcommand `name` of `parent`; when it is chosen, `run` is what the invocation does. `run`
// reads the options through state it shares with them.
CLI::App* command(CLI::App& parent, Action& action, const std::string& name, const std::string& help,
                  Action run) {
    CLI::App* added = parent.add_subcommand(name, help);
    added->callback([&action, run = std::move(run)] { action = run; });
    return added;
}

// ---- Output

Outcome printNewId(Context& context, const LocalWrite& write) {
    if (context.json) {
        printJson(context.out, domain::writeJson(write));
    } else {
        context.out << write.id << '\n';
    }
    return Done{};
}

Outcome printSentence(Context& context, const LocalWrite& write, const std::string& sentence) {
    if (context.json) {
        printJson(context.out, domain::writeJson(write));
    } else {
        context.out << (write.journalSeq == 0 ? write.collection + " " + write.id + ": nothing changed"
                                              : sentence)
                    << '\n';
    }
    return Done{};
}

Outcome printArticleUpdate(Context& context, const domain::ArticleUpdate& update,
                           const std::string& sentence) {
    if (context.json) {
        printJson(context.out, domain::articleUpdateJson(update));
        return Done{};
    }
    const bool changed = update.article.journalSeq != 0;
    context.out << (changed ? sentence : "article " + update.article.id + ": nothing changed") << '\n';
    if (!update.markedForReview.empty()) {
        context.out << update.markedForReview.size()
                    << " published article(s) citing this key message now need review: "
                    << joinedList(update.markedForReview) << '\n';
    }
    return Done{};
}

void printSummaryTable(std::ostream& out, const std::vector<domain::ArticleSummary>& articles) {
    Table table({"ID", "KIND", "STATUS", "REVIEW", "TITLE"});
    for (const auto& article : articles) {
        table.addRow(
            {article.id, article.kind, article.status, article.needsReview ? "needed" : "", article.title});
    }
    table.print(out);
}

// ---- article add, edit, list

// The filter options shared by `article list`, `article tags` and `article products`.
void addFilterOptions(CLI::App* command, domain::ArticleFilter& filter) {
    command->add_option("--category", filter.categoryId, "only this category and its subcategories (id)");
    command->add_option("--kind", filter.kind,
                        "only this kind: faq, answer, procedure, key_message, product_info");
    command->add_option("--status", filter.status, "only this status: draft, in_review, published, archived");
    command->add_option("--tag", filter.tag, "only articles with this tag");
    command->add_option("--product", filter.product, "only articles about this product");
}

// The full records of the listed articles, for --json: the same document as `article show`.
Outcome printArticleRecords(Context& context, LocalStore& store,
                            const std::vector<domain::ArticleSummary>& articles) {
    Json array = Json::array();
    for (const auto& article : articles) {
        auto record = store.get("article", article.id);
        if (!record) {
            return storeFailure(record.error());
        }
        if (record->has_value()) {
            array.push_back(domain::recordJson(**record));
        }
    }
    printJson(context.out, array);
    return Done{};
}

Outcome listArticleCommand(Context& context, const domain::ArticleFilter& filter) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto articles = domain::listArticles(*desk->store, filter);
    if (!articles) {
        return refused(articles.error());
    }
    if (context.json) {
        return printArticleRecords(context, *desk->store, *articles);
    }
    if (articles->empty()) {
        context.out << "No articles.\n";
    } else {
        printSummaryTable(context.out, *articles);
    }
    return Done{};
}

enum class Facet { Tags, Products };

Outcome facetCommand(Context& context, Facet facet, const domain::ArticleFilter& filter) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto counts = facet == Facet::Tags ? domain::articleTags(*desk->store, filter)
                                       : domain::articleProducts(*desk->store, filter);
    if (!counts) {
        return refused(counts.error());
    }
    const std::string name = facet == Facet::Tags ? "tag" : "product";
    if (context.json) {
        printJson(context.out, domain::facetCountsJson(*counts, name));
        return Done{};
    }
    if (counts->empty()) {
        context.out << "No " << name << "s.\n";
        return Done{};
    }
    Table table({facet == Facet::Tags ? "TAG" : "PRODUCT", "ARTICLES"});
    for (const auto& count : *counts) {
        table.addRow({count.value, std::to_string(count.articles)});
    }
    table.print(context.out);
    return Done{};
}

// ---- Lifecycle, verification, freshness, key messages

Outcome statusCommand(Context& context, const std::string& id, ArticleStatus status) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto update = domain::changeArticleStatus(*desk->store, desk->actor, id, status, clientClock());
    if (!update) {
        return refused(update.error());
    }
    return printArticleUpdate(context, *update, "article " + id + " is now " + std::string(toString(status)));
}

Outcome verifyCommand(Context& context, const std::string& id, int reviewAfterDays) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto verified = domain::verifyArticle(*desk->store, desk->actor, id, reviewAfterDays, clientClock());
    if (!verified) {
        return refused(verified.error());
    }
    auto record = desk->store->get("article", id);
    if (!record) {
        return storeFailure(record.error());
    }
    const std::string reviewDue = (*record)->fields.value("review_due", "");
    if (context.json) {
        Json document = domain::writeJson(*verified);
        document["review_due"] = reviewDue;
        printJson(context.out, document);
    } else {
        context.out << "Verified article " << id << "; next review due " << reviewDue << '\n';
    }
    return Done{};
}

std::string reviewText(const domain::ArticleFreshness& freshness) {
    if (!freshness.reviewDue) {
        return "not scheduled";
    }
    const int days = *freshness.daysUntilReview;
    const std::string day = domain::formatDay(*freshness.reviewDue);
    if (days < 0) {
        return day + " (overdue by " + std::to_string(-days) + " days)";
    }
    return day + (days == 0 ? " (today)" : " (in " + std::to_string(days) + " days)");
}

Outcome freshnessCommand(Context& context, const std::string& id) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto freshness = domain::articleFreshness(*desk->store, id, domain::today(clientClock()));
    if (!freshness) {
        return refused(freshness.error());
    }
    const auto dayText = [](const std::optional<domain::Day>& day) {
        return day ? std::optional(domain::formatDay(*day)) : std::nullopt;
    };
    if (context.json) {
        printJson(context.out, domain::articleFreshnessJson(id, *freshness));
        return Done{};
    }
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back("verified", freshness->verifiedOn
                                      ? *dayText(freshness->verifiedOn) + " by " + freshness->verifiedBy +
                                            " (" + std::to_string(*freshness->daysSinceVerified) +
                                            " days ago)"
                                      : "never");
    rows.emplace_back("review due", reviewText(*freshness));
    if (freshness->validTo) {
        rows.emplace_back("valid to",
                          *dayText(freshness->validTo) + (freshness->expired ? " (expired)" : ""));
    }
    rows.emplace_back("needs review", freshness->needsReview ? "yes: " + freshness->reviewReason : "no");
    context.out << "article " << id << '\n';
    printFields(context.out, rows);
    return Done{};
}

Outcome citersCommand(Context& context, const std::string& keyMessageId) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto citers = domain::keyMessageCiters(*desk->store, keyMessageId);
    if (!citers) {
        return refused(citers.error());
    }
    if (context.json) {
        printJson(context.out, domain::articleSummariesJson(*citers));
    } else if (citers->empty()) {
        context.out << "No article cites " << keyMessageId << ".\n";
    } else {
        printSummaryTable(context.out, *citers);
    }
    return Done{};
}

// ---- Helpfulness and drafts

struct HelpfulState {
    std::string id;
    bool yes = false;
    bool no = false;
    std::string outcome;
    std::string interaction;
};

Outcome helpfulCommand(Context& context, const HelpfulState& state) {
    domain::HelpfulnessReport report{state.id, std::nullopt, domain::answerOutcomeFromString(state.outcome),
                                     state.interaction};
    if (state.yes || state.no) {
        report.helpful = state.yes;
    }
    if (!report.helpful && !report.outcome) {
        return localFailure("say whether the article helped", "give --yes or --no, and/or --outcome");
    }
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::recordHelpfulness(*desk->store, desk->actor, report, clientClock());
    if (!written) {
        return refused(written.error());
    }
    return printNewId(context, *written);
}

void addCountsRow(Table& table, const std::string& articleId, const std::string& title,
                  const domain::HelpfulnessCounts& counts) {
    table.addRow({articleId, std::to_string(counts.helpful), std::to_string(counts.notHelpful),
                  std::to_string(counts.worked), std::to_string(counts.partly),
                  std::to_string(counts.notWorked), title});
}

Outcome countsCommand(Context& context, const std::string& articleId) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    std::map<std::string, domain::HelpfulnessCounts> counts;
    if (articleId.empty()) {
        auto all = domain::helpfulnessCountsByArticle(*desk->store);
        if (!all) {
            return refused(all.error());
        }
        counts = std::move(*all);
    } else {
        auto one = domain::helpfulnessCounts(*desk->store, articleId);
        if (!one) {
            return refused(one.error());
        }
        counts.emplace(articleId, *one);
    }
    if (context.json) {
        Json array = Json::array();
        for (const auto& [id, perArticle] : counts) {
            array.push_back(domain::helpfulnessCountsJson(id, perArticle));
        }
        printJson(context.out, articleId.empty() ? array : array.front());
        return Done{};
    }
    if (counts.empty()) {
        context.out << "No helpfulness feedback yet.\n";
        return Done{};
    }
    auto articles = domain::listArticles(*desk->store);
    if (!articles) {
        return refused(articles.error());
    }
    std::map<std::string, std::string> titles;
    for (const auto& article : *articles) {
        titles.emplace(article.id, article.title);
    }
    Table table({"ARTICLE", "HELPFUL", "NOT HELPFUL", "WORKED", "PARTLY", "NOT", "TITLE"});
    for (const auto& [id, perArticle] : counts) {
        const auto title = titles.find(id);
        addCountsRow(table, id, title == titles.end() ? "" : title->second, perArticle);
    }
    table.print(context.out);
    return Done{};
}

Outcome draftCommand(Context& context, const std::string& interactionId) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::draftFromInteraction(*desk->store, desk->actor, interactionId);
    if (!written) {
        return refused(written.error());
    }
    return printNewId(context, *written);
}

// ---- Categories

struct CategoryState {
    std::string id;
    std::string name;
    std::string parent;
    bool top = false;
    std::int64_t position = 0;
    CLI::Option* positionOption = nullptr;
};

Outcome addCategoryCommand(Context& context, const CategoryState& state) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    const std::optional<std::int64_t> position =
        state.positionOption->count() > 0 ? std::optional(state.position) : std::nullopt;
    auto written = domain::createCategory(*desk->store, state.name, state.parent, position);
    if (!written) {
        return refused(written.error());
    }
    return printNewId(context, *written);
}

Outcome renameCategoryCommand(Context& context, const CategoryState& state) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::renameCategory(*desk->store, state.id, state.name);
    if (!written) {
        return refused(written.error());
    }
    return printSentence(context, *written, "Renamed category " + state.id);
}

Outcome moveCategoryCommand(Context& context, const CategoryState& state) {
    if (state.top == !state.parent.empty()) {
        return localFailure("say where to move the category", "give either --parent ID or --top");
    }
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::moveCategory(*desk->store, state.id, state.parent);
    if (!written) {
        return refused(written.error());
    }
    return printSentence(context, *written,
                         "Moved category " + state.id +
                             (state.top ? " to the top level" : " under " + state.parent));
}

Outcome reorderCategoryCommand(Context& context, const CategoryState& state) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::reorderCategory(*desk->store, state.id, state.position);
    if (!written) {
        return refused(written.error());
    }
    std::vector<std::string> renumbered;
    for (const auto& write : *written) {
        renumbered.push_back(write.id);
    }
    if (context.json) {
        printJson(context.out, Json{{"id", state.id}, {"renumbered", renumbered}});
    } else if (renumbered.empty()) {
        context.out << "category " << state.id << ": already in that place\n";
    } else {
        context.out << "Reordered category " << state.id << " (" << renumbered.size()
                    << " categories renumbered)\n";
    }
    return Done{};
}

Outcome deleteCategoryCommand(Context& context, const CategoryState& state) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::deleteCategory(*desk->store, state.id);
    if (!written) {
        return refused(written.error());
    }
    return printSentence(context, *written, "Deleted category " + state.id);
}

Outcome categoryTreeCommand(Context& context) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto tree = domain::categoryTree(*desk->store);
    if (!tree) {
        return refused(tree.error());
    }
    if (context.json) {
        printJson(context.out, domain::categoryTreeJson(*tree));
        return Done{};
    }
    if (tree->empty()) {
        context.out << "No categories.\n";
        return Done{};
    }
    Table table({"ID", "ARTICLES", "CATEGORY"});
    for (const auto& node : *tree) {
        table.addRow({node.id, std::to_string(node.articleCount),
                      std::string(static_cast<std::size_t>(node.depth) * 2, ' ') + node.name});
    }
    table.print(context.out);
    return Done{};
}

// ---- Comments

struct CommentState {
    std::string collection;
    std::string id;
    std::string text;
};

Outcome addCommentCommand(Context& context, const CommentState& state) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::addComment(*desk->store, desk->actor, state.collection, state.id, state.text);
    if (!written) {
        return refused(written.error());
    }
    return printNewId(context, *written);
}

Outcome listCommentsCommand(Context& context, const CommentState& state) {
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto comments = domain::listComments(*desk->store, state.collection, state.id);
    if (!comments) {
        return refused(comments.error());
    }
    if (context.json) {
        printJson(context.out, domain::commentsJson(*comments));
        return Done{};
    }
    if (comments->empty()) {
        context.out << "No comments on " << state.collection << ' ' << state.id << ".\n";
    }
    for (const auto& comment : *comments) {
        context.out << (comment.author.empty() ? "(unknown)" : comment.author) << "  " << comment.id << '\n';
        printFields(context.out, {{"", comment.body}}, "");
    }
    return Done{};
}

// ---- Command definitions

void defineArticleCommands(CLI::App& article, Action& action) {
    auto filter = std::make_shared<domain::ArticleFilter>();
    CLI::App* list = command(article, action, "list", "list articles by title; filters combine",
                             [filter](Context& context) { return listArticleCommand(context, *filter); });
    addFilterOptions(list, *filter);

    for (const Facet facet : {Facet::Tags, Facet::Products}) {
        auto facetFilter = std::make_shared<domain::ArticleFilter>();
        const bool tags = facet == Facet::Tags;
        CLI::App* chips = command(
            article, action, tags ? "tags" : "products",
            tags ? "the tags in use, with how many articles carry each"
                 : "the products articles are about, with how many articles each",
            [facet, facetFilter](Context& context) { return facetCommand(context, facet, *facetFilter); });
        addFilterOptions(chips, *facetFilter);
    }

    struct Transition {
        const char* name;
        ArticleStatus status;
        const char* help;
    };
    for (const Transition& transition : {
             Transition{"submit", ArticleStatus::InReview, "send a draft for review (draft -> in_review)"},
             Transition{"withdraw", ArticleStatus::Draft,
                        "take an article back from review (in_review -> draft)"},
             Transition{"publish", ArticleStatus::Published,
                        "publish a draft or reviewed article (supervisors and admins)"},
             Transition{"archive", ArticleStatus::Archived,
                        "archive a published article (supervisors and admins)"},
             Transition{"revive", ArticleStatus::Draft,
                        "bring an archived article back as a draft (supervisors and admins)"},
         }) {
        auto id = std::make_shared<std::string>();
        const ArticleStatus status = transition.status;
        command(article, action, transition.name, transition.help,
                [id, status](Context& context) { return statusCommand(context, *id, status); })
            ->add_option("ID", *id, "the article's id")
            ->required();
    }

    struct VerifyState {
        std::string id;
        int days = domain::kDefaultReviewAfterDays;
    };
    auto verify = std::make_shared<VerifyState>();
    CLI::App* verifying = command(
        article, action, "verify", "record that you checked the article today and when to review it next",
        [verify](Context& context) { return verifyCommand(context, verify->id, verify->days); });
    verifying->add_option("ID", verify->id, "the article's id")->required();
    verifying->add_option("--review-in", verify->days, "days until the next review")
        ->check(CLI::Range(1, 3650))
        ->capture_default_str();

    auto freshId = std::make_shared<std::string>();
    command(article, action, "freshness", "when the article was verified, review due, expiry, needs review",
            [freshId](Context& context) { return freshnessCommand(context, *freshId); })
        ->add_option("ID", *freshId, "the article's id")
        ->required();

    auto keyMessageId = std::make_shared<std::string>();
    command(article, action, "key-message-citers", "the articles that cite a key message",
            [keyMessageId](Context& context) { return citersCommand(context, *keyMessageId); })
        ->add_option("ID", *keyMessageId, "the key message's id")
        ->required();

    auto helpful = std::make_shared<HelpfulState>();
    CLI::App* rating =
        command(article, action, "helpful", "record whether an article helped and how it worked",
                [helpful](Context& context) { return helpfulCommand(context, *helpful); });
    rating->add_option("ID", helpful->id, "the article's id")->required();
    CLI::Option* yes = rating->add_flag("--yes", helpful->yes, "it was helpful");
    rating->add_flag("--no", helpful->no, "it was not helpful")->excludes(yes);
    rating->add_option("--outcome", helpful->outcome, "how the answer worked when used")
        ->check(CLI::IsMember({"worked", "partly", "not"}));
    rating->add_option("--interaction", helpful->interaction, "the interaction it was used in (id)");

    auto countedId = std::make_shared<std::string>();
    command(article, action, "counts", "helpfulness counts of one article, or of every article with feedback",
            [countedId](Context& context) { return countsCommand(context, *countedId); })
        ->add_option("ID", *countedId, "the article's id (default: all)");

    auto interactionId = std::make_shared<std::string>();
    command(
        article, action, "draft-from-interaction",
        "create a draft answer from an interaction (its category and the customer's words); prints its id",
        [interactionId](Context& context) { return draftCommand(context, *interactionId); })
        ->add_option("INTERACTION_ID", *interactionId, "the interaction's id")
        ->required();
}

void defineCategoryCommands(CLI::App& app, Action& action) {
    CLI::App* category =
        app.add_subcommand("category", "the category tree shared by articles and interactions");
    category->require_subcommand(1);

    auto state = std::make_shared<CategoryState>();
    CLI::App* adding = command(*category, action, "add", "create a category; prints its id",
                               [state](Context& context) { return addCategoryCommand(context, *state); });
    adding->add_option("NAME", state->name, "its name")->required();
    adding->add_option("--parent", state->parent, "the parent category (id); default: top level");
    state->positionOption = adding->add_option("--position", state->position,
                                               "its place among its siblings, 1 first (default: last)");
    state->positionOption->check(CLI::PositiveNumber);

    state = std::make_shared<CategoryState>();
    CLI::App* renaming = command(*category, action, "rename", "rename a category", [state](Context& context) {
        return renameCategoryCommand(context, *state);
    });
    renaming->add_option("ID", state->id, "the category's id")->required();
    renaming->add_option("NAME", state->name, "its new name")->required();

    state = std::make_shared<CategoryState>();
    CLI::App* moving =
        command(*category, action, "move", "move a category with its subtree, last among its new siblings",
                [state](Context& context) { return moveCategoryCommand(context, *state); });
    moving->add_option("ID", state->id, "the category's id")->required();
    CLI::Option* parent = moving->add_option("--parent", state->parent, "the new parent category (id)");
    moving->add_flag("--top", state->top, "move it to the top level")->excludes(parent);

    state = std::make_shared<CategoryState>();
    CLI::App* ordering =
        command(*category, action, "reorder", "put a category at a place among its siblings",
                [state](Context& context) { return reorderCategoryCommand(context, *state); });
    ordering->add_option("ID", state->id, "the category's id")->required();
    ordering->add_option("POSITION", state->position, "1 for first; past the end for last")
        ->required()
        ->check(CLI::PositiveNumber);

    command(*category, action, "list", "the tree, with how many articles each category holds",
            [](Context& context) { return categoryTreeCommand(context); });

    state = std::make_shared<CategoryState>();
    command(*category, action, "delete", "delete a category that holds no subcategories and no articles",
            [state](Context& context) { return deleteCategoryCommand(context, *state); })
        ->add_option("ID", state->id, "the category's id")
        ->required();
}

void defineCommentCommands(CLI::App& app, Action& action) {
    CLI::App* comment = app.add_subcommand("comment", "comments on any record (reviews, developing answers)");
    comment->require_subcommand(1);

    auto state = std::make_shared<CommentState>();
    CLI::App* adding = command(*comment, action, "add", "comment on a record; prints the comment's id",
                               [state](Context& context) { return addCommentCommand(context, *state); });
    adding->add_option("COLLECTION", state->collection, "the record's collection, e.g. article")->required();
    adding->add_option("ID", state->id, "the record's id")->required();
    adding->add_option("TEXT", state->text, "the comment")->required();

    state = std::make_shared<CommentState>();
    CLI::App* listing = command(*comment, action, "list", "the comments on a record, oldest first",
                                [state](Context& context) { return listCommentsCommand(context, *state); });
    listing->add_option("COLLECTION", state->collection, "the record's collection, e.g. article")->required();
    listing->add_option("ID", state->id, "the record's id")->required();
}

} // namespace

Outcome addArticle(Context& context, const WriteInput& input) {
    auto fields = fieldsOf(schema::SchemaRegistry::builtin(), "article", input, true);
    if (!fields) {
        return unexpected(fields.error());
    }
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto written = domain::createArticle(*desk->store, desk->actor, *fields);
    if (!written) {
        return refused(written.error());
    }
    return printNewId(context, *written);
}

Outcome editArticle(Context& context, std::string_view id, const WriteInput& input) {
    auto fields = fieldsOf(schema::SchemaRegistry::builtin(), "article", input, false);
    if (!fields) {
        return unexpected(fields.error());
    }
    if (fields->empty()) {
        return localFailure("nothing to change",
                            "give at least one field option, e.g. --set NAME=VALUE (see --help)");
    }
    auto desk = openWorkspace(context);
    if (!desk) {
        return unexpected(desk.error());
    }
    auto update = domain::updateArticle(*desk->store, desk->actor, id, *fields, clientClock());
    if (!update) {
        return refused(update.error());
    }
    return printArticleUpdate(context, *update, "Updated article " + std::string(id));
}

void defineKnowledgeCommands(CLI::App& app, Action& action) {
    defineArticleCommands(*app.get_subcommand("article"), action);
    defineCategoryCommands(app, action);
    defineCommentCommands(app, action);
}

} // namespace knowset::cli
