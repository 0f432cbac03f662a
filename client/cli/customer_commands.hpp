// Customer, interaction and feedback commands (PRODUCT.md C1-C8, I1, I2, I4-I6, K9) over the
// domain operations of knowset/domain/customers.hpp and interactions.hpp. The actor is the
// profile's user with its highest role and its branches.
//
// `customer add|edit|show` and `interaction log` are declared with the other record commands
// (record_commands.cpp) and run here; the rest are added by defineCustomerCommands().
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

#include "client/cli/command_context.hpp"
#include "client/cli/record_operations.hpp"

namespace knowset::cli {

// Creates the customer; prints its id, and any possible duplicates with their reasons (on
// stderr as a warning, or in the JSON document).
Outcome addCustomer(Context& context, const WriteInput& input);
Outcome editCustomer(Context& context, std::string_view id, const WriteInput& input);
// Opens the record (appending an access_log entry): restricted fields masked unless the
// profile is a supervisor's or an admin's, consent shown per purpose.
Outcome showCustomer(Context& context, std::string_view id, std::string_view purpose);

// --identity-method and --identity-result of `interaction log`: the check's method and result.
struct IdentityCheckInput {
    std::string method;
    std::string result;
};
Outcome logInteraction(Context& context, const WriteInput& input, const IdentityCheckInput& identity);

// customer duplicates|consent|withdraw-consent|confirm|timeline|quality,
// interaction use-answer|escalation|follow-up-done|overdue, feedback add|list|triage.
void defineCustomerCommands(CLI::App& app, Action& action);

} // namespace knowset::cli
