// What every command gets (where the profile is, where to print) and how it reports failure.
//
// Exit codes (docs/cli.md): 0 done; 1 decided locally (usage, validation, unknown id, not
// signed in, role); 2 the network or the server (unreachable, untrusted certificate, sign-in
// refused, request refused or failed).
#pragma once

#include "knowset/core/error.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

namespace knowset::cli {

inline constexpr int kExitLocal = 1;
inline constexpr int kExitRemote = 2;

// A command that did not succeed. Printed as one line: "knowset-cli: <what>; <todo>".
struct Failure {
    int exitCode = kExitLocal;
    std::string what; // what happened
    std::string todo; // what to do about it ("" when `what` already says it)

    std::string line() const;
};

using Outcome = Expected<Done, Failure>;

Unexpected<Failure> localFailure(std::string what, std::string todo);
Unexpected<Failure> remoteFailure(std::string what, std::string todo);

// A local store error (validation, unknown record, SQLite) as a failure with exit code 1.
Unexpected<Failure> storeFailure(const Error& error);
// A failed exchange with the server (syncOnce, login) as a failure with exit code 2, with advice
// that fits the error code.
Unexpected<Failure> serverFailure(const Error& error);

struct Context {
    std::filesystem::path profileDirectory; // absolute
    bool json = false;                      // one JSON document on stdout instead of text
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
};

// What the parsed command line asks for, run once parsing succeeded.
using Action = std::function<Outcome(Context&)>;

} // namespace knowset::cli
