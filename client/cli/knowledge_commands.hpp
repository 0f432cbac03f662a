// The knowledge-set commands: lifecycle, categories, comments, key messages, helpfulness.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.hpp"

namespace knowset::cli {

void defineKnowledgeCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
