#include "client/app/shell/startup_report.hpp"

#include <QFile>
#include <QQuickWindow>
#include <nlohmann/json.hpp>

#include <iostream>
#include <sys/resource.h>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/query_list_model.hpp"

namespace knowset::app {

namespace {

constexpr int kPollMilliseconds = 10;
constexpr qint64 kGiveUpMilliseconds = 10 * 60 * 1000;

// The resident set now, from /proc (kB).
qint64 residentKilobytes() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return 0;
}

qint64 peakResidentKilobytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

StartupReport::StartupReport(QQuickWindow& window, AppController& controller, QElapsedTimer started,
                             QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_controller(controller)
    , m_started(started) {
    m_poll.setInterval(kPollMilliseconds);
    connect(&m_poll, &QTimer::timeout, this, [this] { check(); });
}

void StartupReport::start() {
    m_poll.start();
}

void StartupReport::check() {
    const qint64 now = m_started.elapsed();
    if (m_exposedMs < 0 && m_window.isExposed()) {
        m_exposedMs = now;
    }
    if (m_readyMs < 0 && m_controller.ready()) {
        m_readyMs = now;
    }
    if (m_interactiveMs < 0 && m_exposedMs >= 0 && m_readyMs >= 0) {
        const auto models = m_window.findChildren<QueryListModel*>();
        const bool loaded =
            std::none_of(models.begin(), models.end(), [](auto* model) { return model->loading(); });
        if (loaded && !models.empty()) {
            m_interactiveMs = now;
            m_interactiveRssKb = residentKilobytes();
        }
    }
    const bool caughtUp =
        m_controller.syncState() == QLatin1String("live") && !m_controller.initialSyncActive();
    const bool offline = !m_controller.signedIn() || m_controller.syncState() == QLatin1String("offline") ||
                         m_controller.syncState() == QLatin1String("error");
    if (m_interactiveMs < 0 || (!caughtUp && !(offline && m_controller.failedAttempts() > 0))) {
        if (now < kGiveUpMilliseconds) {
            return;
        }
    }
    m_poll.stop();
    std::cout << nlohmann::json{{"window_exposed_ms", m_exposedMs},
                                {"replica_open_ms", m_readyMs},
                                {"interactive_ms", m_interactiveMs},
                                {"caught_up_ms", caughtUp ? now : -1},
                                {"sync_state", m_controller.syncState().toStdString()},
                                {"pending_changes", m_controller.pendingChanges()},
                                {"rss_interactive_kb", m_interactiveRssKb},
                                {"rss_end_kb", residentKilobytes()},
                                {"peak_rss_kb", peakResidentKilobytes()}}
                     .dump()
              << std::endl;
    emit finished();
}

} // namespace knowset::app
