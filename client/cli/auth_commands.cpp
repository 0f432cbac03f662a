#include "client/cli/auth_commands.hpp"

#include "knowset/core/password_input.hpp"
#include "knowset/sync/server_address.hpp"

#include <memory>
#include <ostream>

#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"
#include "client/cli/sync_report.hpp"

namespace knowset::cli {

namespace {

struct LoginOptions {
    std::string url;
    std::string user;
    std::string trustCertificate;
    bool passwordFromStdin = false;
};

// Refuses to let another user's sign-in throw away changes that never reached the server.
Outcome requireNothingUnsynced(const sync::Profile& profile, const std::string& newUser) {
    std::error_code ignored;
    if (!std::filesystem::exists(profile.replicaPath(), ignored)) {
        return Done{};
    }
    auto store = openReplica(profile);
    if (!store) {
        return unexpected(store.error());
    }
    auto pending = (*store)->pendingCount();
    if (!pending) {
        return storeFailure(pending.error());
    }
    auto parked = (*store)->parkedEntries();
    if (!parked) {
        return storeFailure(parked.error());
    }
    const std::int64_t unsynced = *pending + static_cast<std::int64_t>(parked->size());
    if (unsynced > 0) {
        return localFailure("the profile " + profile.directory.string() + " holds " +
                                std::to_string(unsynced) + " unsynced change(s) of " + profile.user +
                                "; signing in as " + newUser + " would lose them",
                            "sync them first as " + profile.user + " (knowset-cli sync), or sign in as " +
                                newUser + " with another --profile");
    }
    return Done{};
}

// The old user's replica goes, and with it the node id the server bound to that user.
Outcome replaceReplica(sync::Profile& profile) {
    const std::string replica = profile.replicaPath().string();
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::error_code error;
        std::filesystem::remove(replica + suffix, error);
        if (error) {
            return localFailure("cannot delete " + replica + suffix + ": " + error.message(),
                                "check the permissions of the profile directory");
        }
    }
    // Until the new user has signed in, the profile is nobody's.
    profile.user.clear();
    profile.token.clear();
    profile.roles.clear();
    profile.branches.clear();
    if (auto saved = sync::saveProfile(profile); !saved) {
        return localFailure(saved.error().message, "check the permissions of the profile directory");
    }
    return Done{};
}

Outcome login(Context& context, const LoginOptions& options) {
    if (auto url = sync::parseServerUrl(options.url); !url) {
        return localFailure(url.error().message, "");
    }
    auto loaded = loadCurrentProfile(context);
    if (!loaded) {
        return unexpected(loaded.error());
    }
    sync::Profile profile = std::move(*loaded);

    std::filesystem::path certificate;
    if (!options.trustCertificate.empty()) {
        certificate = std::filesystem::absolute(options.trustCertificate);
        std::error_code ignored;
        if (!std::filesystem::is_regular_file(certificate, ignored)) {
            return localFailure("the certificate file " + certificate.string() + " does not exist",
                                "give the server's certificate (PEM) with --trust-cert FILE");
        }
    } else if (profile.url == options.url) {
        certificate = profile.trustedCertificate; // signing in again: keep trusting it
    }

    const bool otherUser = !profile.user.empty() && profile.user != options.user;
    if (otherUser) {
        if (auto clean = requireNothingUnsynced(profile, options.user); !clean) {
            return clean;
        }
    }
    const auto password = readPassword("Password for " + options.user + ": ", options.passwordFromStdin);
    if (!password) {
        return localFailure(
            "no password on standard input",
            "type it when asked, or pipe it in (echo ... | knowset-cli login URL USER --password-stdin)");
    }
    if (otherUser) {
        if (auto replaced = replaceReplica(profile); !replaced) {
            return replaced;
        }
    }

    auto store = openOrCreateReplica(profile);
    if (!store) {
        return unexpected(store.error());
    }
    const sync::ServerAddress server{options.url, certificate};
    auto signedIn = sync::login(server, options.user, *password, (*store)->nodeId());
    if (!signedIn) {
        const Error& error = signedIn.error();
        if (error.message.find("; ") != std::string::npos) {
            return remoteFailure(error.message, ""); // it already says what to do
        }
        if (error.code == ErrorCode::AuthFailed) {
            return remoteFailure(error.message, "check the user name and the password");
        }
        if (error.code == ErrorCode::Unavailable) {
            return remoteFailure(error.message,
                                 "check the URL and that the server runs; for a server with its "
                                 "own certificate, give it with --trust-cert FILE");
        }
        return serverFailure(error);
    }

    profile.url = options.url;
    profile.user = signedIn->user.empty() ? options.user : signedIn->user;
    profile.token = signedIn->token;
    profile.trustedCertificate = certificate;
    profile.roles = signedIn->roles;
    profile.branches = signedIn->branches;
    if (auto saved = sync::saveProfile(profile); !saved) {
        return localFailure(saved.error().message, "check the permissions of the profile directory");
    }
    if (auto stored = (*store)->setSyncValue("server_offset_ms", std::to_string(signedIn->serverOffsetMs));
        !stored) {
        return storeFailure(stored.error());
    }

    if (context.json) {
        printJson(context.out, Json{{"user", profile.user},
                                    {"roles", profile.roles},
                                    {"branches", profile.branches},
                                    {"server", signedIn->server},
                                    {"server_offset_ms", signedIn->serverOffsetMs}});
    } else {
        context.out << "Signed in to " << profile.url << " as " << profile.user
                    << " (roles: " << joinedList(profile.roles)
                    << "; branches: " << (profile.branches.empty() ? "none" : joinedList(profile.branches))
                    << ")\n";
    }
    warnAboutClock(context.err, signedIn->serverOffsetMs);
    return Done{};
}

Outcome logout(Context& context) {
    auto loaded = loadCurrentProfile(context);
    if (!loaded) {
        return unexpected(loaded.error());
    }
    sync::Profile profile = std::move(*loaded);
    const bool wasSignedIn = profile.signedIn();
    if (wasSignedIn) {
        profile.token.clear();
        if (auto saved = sync::saveProfile(profile); !saved) {
            return localFailure(saved.error().message, "check the permissions of the profile directory");
        }
    }
    if (context.json) {
        printJson(context.out, Json{{"user", profile.user}, {"signed_in", false}});
    } else if (wasSignedIn) {
        context.out << "Signed out " << profile.user << "; the replica and its unsynced changes stay\n";
    } else {
        context.out << "Not signed in\n";
    }
    return Done{};
}

} // namespace

void defineAuthCommands(CLI::App& app, Action& action) {
    auto options = std::make_shared<LoginOptions>();
    CLI::App* command = app.add_subcommand("login", "sign in and keep the session token in the profile");
    command->add_option("URL", options->url, "the server, e.g. wss://knowset.example.org:8443")->required();
    command->add_option("USER", options->user, "your user name")->required();
    command->add_option("--trust-cert", options->trustCertificate,
                        "trust this certificate (PEM) instead of the system's certificate store");
    command->add_flag("--password-stdin", options->passwordFromStdin,
                      "read the password from standard input (also done when it is not a terminal)");
    command->callback([options, &action] {
        action = [options](Context& context) {
            return login(context, *options);
        };
    });

    command =
        app.add_subcommand("logout", "forget the session token (the replica and unsynced changes stay)");
    command->callback([&action] {
        action = [](Context& context) {
            return logout(context);
        };
    });
}

} // namespace knowset::cli
