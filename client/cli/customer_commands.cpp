#include "client/cli/customer_commands.hpp"

namespace knowset::cli {

void defineCustomerCommands(CLI::App& /*app*/, Action& /*action*/) {}

} // namespace knowset::cli
