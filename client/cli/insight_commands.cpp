#include "client/cli/insight_commands.hpp"

namespace knowset::cli {

void defineInsightCommands(CLI::App& /*app*/, Action& /*action*/) {}

} // namespace knowset::cli
