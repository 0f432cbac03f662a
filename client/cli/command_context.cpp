#include "client/cli/command_context.hpp"

namespace knowset::cli {

std::string Failure::line() const {
    return todo.empty() ? what : what + "; " + todo;
}

Unexpected<Failure> localFailure(std::string what, std::string todo) {
    return {Failure{kExitLocal, std::move(what), std::move(todo)}};
}

Unexpected<Failure> remoteFailure(std::string what, std::string todo) {
    return {Failure{kExitRemote, std::move(what), std::move(todo)}};
}

Unexpected<Failure> storeFailure(const Error& error) {
    switch (error.code) {
    case ErrorCode::InvalidChange:
        return localFailure(error.message, "correct the value and try again");
    case ErrorCode::NotFound:
        return localFailure(error.message, "check the id");
    case ErrorCode::Forbidden:
        return localFailure(error.message, "this cannot be written here");
    default:
        return localFailure(error.message, "check the profile directory (permissions, free disk space)");
    }
}

Unexpected<Failure> serverFailure(const Error& error) {
    if (error.message.find("; ") != std::string::npos) {
        return remoteFailure(error.message, ""); // the message already says what to do
    }
    switch (error.code) {
    case ErrorCode::Unavailable:
        return remoteFailure(error.message, "nothing was lost; try again once the server can be reached");
    case ErrorCode::AuthFailed:
        return remoteFailure(error.message, "sign in again: knowset-cli login URL USER");
    case ErrorCode::Forbidden:
        return remoteFailure(error.message, "ask a supervisor or an admin");
    case ErrorCode::NotFound:
        return remoteFailure(error.message, "run knowset-cli sync and check the id");
    case ErrorCode::InvalidChange:
        return remoteFailure(error.message, "correct the value and try again");
    case ErrorCode::ClockSkew:
        return remoteFailure(error.message, "correct this computer's clock and sync again");
    case ErrorCode::RateLimited:
        return remoteFailure(error.message, "wait a moment and try again");
    case ErrorCode::TooLarge:
        return remoteFailure(error.message, "make the change smaller");
    default:
        return remoteFailure(error.message, "try again later; if it persists, tell your administrator");
    }
}

} // namespace knowset::cli
