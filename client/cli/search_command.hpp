// `knowset-cli search`: ranked article search with filters and typo tolerance on the local
// replica (knowset/domain/search). `article search` runs the same search.
#pragma once

#include "knowset/domain/search.hpp"

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

struct SearchRequest {
    domain::ArticleQuery query;
    bool recordMiss = true; // a search with words and no hits is stored as a search_miss
};

void defineSearchCommand(CLI::App& app, Action& action);

// Runs `request` as the profile's user and prints the hits (--json: one document).
Outcome runSearch(Context& context, const SearchRequest& request);

} // namespace knowset::cli
