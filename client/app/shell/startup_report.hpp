// --startup-report: how long the app takes to become interactive, for bench/app_startup_bench.
// Interactive means: the window is exposed, the replica is open and every list of the first
// screen has loaded. Caught up means the sync engine is live with no initial sync running.
// Prints one JSON line (milliseconds since main() started, memory in kB) and finishes.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QQuickWindow;

namespace knowset::app {

class AppController;

class StartupReport : public QObject {
    Q_OBJECT
public:
    StartupReport(QQuickWindow& window, AppController& controller, QElapsedTimer started,
                  QObject* parent = nullptr);
    void start();

signals:
    void finished();

private:
    void check();

    QQuickWindow& m_window;
    AppController& m_controller;
    QElapsedTimer m_started;
    QTimer m_poll;
    qint64 m_exposedMs = -1;
    qint64 m_readyMs = -1;
    qint64 m_interactiveMs = -1;
    qint64 m_interactiveRssKb = 0;
};

} // namespace knowset::app
