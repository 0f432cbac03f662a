#include "client/cli/search_command.hpp"

namespace knowset::cli {

void defineSearchCommand(CLI::App& /*app*/, Action& /*action*/) {}

} // namespace knowset::cli
