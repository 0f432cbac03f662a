#include "client/cli/knowledge_commands.hpp"

namespace knowset::cli {

void defineKnowledgeCommands(CLI::App& /*app*/, Action& /*action*/) {}

} // namespace knowset::cli
