#include "client/cli/live_sync.hpp"

#include <csignal>
#include <mutex>
#include <optional>
#include <ostream>
#include <pthread.h>

namespace knowset::cli {

namespace {

// Called on the engine's thread; prints only changes of state or reason, not of counts.
class StatePrinter {
public:
    StatePrinter(std::ostream& out, bool json)
        : m_out(out)
        , m_json(json) {}

    void onStatus(const sync::SyncStatus& status) {
        std::lock_guard lock(m_mutex);
        if (m_last && m_last->first == status.state && m_last->second == status.reason) {
            return;
        }
        m_last.emplace(status.state, status.reason);
        if (m_json) {
            m_out << Json{{"state", sync::toString(status.state)},
                          {"reason", status.reason},
                          {"pending", status.pending},
                          {"parked", status.parked},
                          {"cursor", status.cursor}}
                         .dump()
                  << std::endl;
            return;
        }
        m_out << "state: " << sync::toString(status.state);
        const bool needsReason =
            status.state == sync::SyncState::Offline || status.state == sync::SyncState::Error;
        if (needsReason && !status.reason.empty()) {
            m_out << " (" << status.reason << ")";
        }
        m_out << std::endl; // a script reading the pipe sees each line as it happens
    }

private:
    std::mutex m_mutex;
    std::ostream& m_out;
    bool m_json;
    std::optional<std::pair<sync::SyncState, std::string>> m_last;
};

} // namespace

Outcome runLiveSync(Context& context, sync::SyncOptions options) {
    // Blocked before the engine starts its thread, which inherits the mask: the signals then
    // wait here for sigwait() and never interrupt the engine.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &stopSignals, &previous);

    StatePrinter printer(context.out, context.json);
    options.onStatus = [&printer](const sync::SyncStatus& status) {
        printer.onStatus(status);
    };
    auto engine = sync::SyncEngine::create(std::move(options));
    if (!engine) {
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        return localFailure("cannot start syncing: " + engine.error().message,
                            "check the profile directory, or sign in again");
    }
    (*engine)->start();
    int received = 0;
    sigwait(&stopSignals, &received);
    (*engine)->stop();
    // The signals stay blocked: a second Ctrl-C while stopping must not kill the process
    // before it exits with 0.
    return Done{};
}

} // namespace knowset::cli
