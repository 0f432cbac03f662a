#include "client/cli/search_command.hpp"

#include "knowset/domain/domain_json.hpp"

#include <limits>
#include <memory>
#include <optional>
#include <ostream>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"

namespace knowset::cli {

namespace {

struct SearchCommandState {
    SearchRequest request;
    std::string category;
    CLI::Option* categoryOption = nullptr;
    bool noRecordMiss = false;
};

void printTextResult(Context& context, const domain::ArticleSearchResult& result,
                     const std::optional<std::string>& missId) {
    if (result.usedTypoTolerance()) {
        std::vector<std::string> used;
        std::vector<std::string> typed;
        for (const auto& correction : result.corrections) {
            used.push_back(correction.used);
            typed.push_back(correction.typed);
        }
        context.out << "Showing results for " << joinedList(used) << " (you typed " << joinedList(typed)
                    << ").\n";
    }
    if (result.hits.empty()) {
        context.out << "No articles match.\n";
    } else {
        Table table({"#", "ID", "KIND", "STATUS", "TITLE", "MATCH"});
        for (const auto& hit : result.hits) {
            table.addRow({std::to_string(hit.rank), hit.id, hit.kind, hit.status, hit.title, hit.snippet});
        }
        table.print(context.out);
    }
    if (missId) {
        context.out << "Recorded as a search miss (" << *missId << ").\n";
    }
}

bool hasWords(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") != std::string::npos;
}

} // namespace

Outcome runSearch(Context& context, const SearchRequest& request) {
    auto workspace = openWorkspace(context);
    if (!workspace) {
        return unexpected(workspace.error());
    }
    const PhysicalClock clock = clientClock();
    auto result = domain::searchArticles(*workspace->store, workspace->actor, request.query, clock);
    if (!result) {
        return storeFailure(result.error());
    }
    std::optional<std::string> missId;
    if (request.recordMiss && result->hits.empty() && hasWords(request.query.text)) {
        auto miss = domain::recordSearchMiss(*workspace->store, workspace->actor,
                                             {request.query.text, request.query.categoryId, 0}, clock);
        if (!miss) {
            return storeFailure(miss.error());
        }
        missId = miss->id;
    }
    if (context.json) {
        printJson(context.out, domain::searchResultJson(*result, missId));
    } else {
        printTextResult(context, *result, missId);
    }
    return Done{};
}

void defineSearchCommand(CLI::App& app, Action& action) {
    auto state = std::make_shared<SearchCommandState>();
    CLI::App* command = app.add_subcommand(
        "search", "search articles, best match first (typos corrected); without QUERY, browse by title");
    domain::ArticleQuery& query = state->request.query;
    command->add_option("QUERY", query.text, "words to look for (each matches as a prefix)");
    state->categoryOption =
        command->add_option("--category", state->category, "only this category and the categories under it");
    // One value per occurrence (or a comma list), so a QUERY after --kind K stays the query.
    const auto addListFilter = [command](const std::string& flag, std::vector<std::string>& values,
                                         const std::string& help) {
        command->add_option(flag, values, help + " (repeatable, or a comma list)")
            ->allow_extra_args(false)
            ->delimiter(',');
    };
    addListFilter("--kind", query.kinds, "only articles of this kind");
    addListFilter("--tag", query.tags, "only articles with this tag");
    addListFilter("--product", query.products, "only articles for this product");
    addListFilter("--status", query.statuses, "only articles with this status");
    command->add_flag("--valid-today", query.validToday, "only articles valid today (valid_from/valid_to)");
    command->add_option("--limit", query.limit, "at most this many results")
        ->check(CLI::Range(1, std::numeric_limits<int>::max()))
        ->capture_default_str();
    command->add_flag("--no-record-miss", state->noRecordMiss,
                      "do not store a search that finds nothing as a search miss");
    command->callback([state, &action] {
        action = [state](Context& context) {
            SearchRequest request = state->request;
            if (state->categoryOption->count() > 0) {
                request.query.categoryId = state->category;
            }
            request.recordMiss = !state->noRecordMiss;
            return runSearch(context, request);
        };
    });
}

} // namespace knowset::cli
