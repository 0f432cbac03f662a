// The knowledge-set commands (PRODUCT.md K1, K3, K8, K10, K12, K13): the article lifecycle,
// verification and freshness, key-message citers, helpfulness, drafts from interactions, the
// browse list with its tag and product chips, categories and comments. `article add` and
// `article edit` (record_commands.cpp) run through addArticle and editArticle, so every way of
// writing an article follows the same rules.
#pragma once

#include <CLI/CLI.hpp>

#include <string_view>

#include "client/cli/command_context.hpp"
#include "client/cli/record_operations.hpp"

namespace knowset::cli {

// Adds the subcommands of `article` (which must exist already), `category` and `comment`.
void defineKnowledgeCommands(CLI::App& app, Action& action);

// Creates an article as the signed-in user (domain::createArticle): status draft unless the
// user may give another, owner the user unless given; prints its id.
Outcome addArticle(Context& context, const WriteInput& input);
// Changes the given fields (domain::updateArticle): a status change follows the lifecycle, and
// changing a key message puts the published articles citing it up for review.
Outcome editArticle(Context& context, std::string_view id, const WriteInput& input);

} // namespace knowset::cli
