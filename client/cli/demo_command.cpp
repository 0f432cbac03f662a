#include "client/cli/demo_command.hpp"

namespace knowset::cli {

void defineDemoCommand(CLI::App& /*app*/, Action& /*action*/) {}

} // namespace knowset::cli
