// Visits the main screens of the window and saves each as a PNG (the screenshot test and the
// README's pictures). A screen's page may declare
//   property var screenshotChecks: ["objectName", ...]   items that must exist and be visible
//   function prepareScreenshot()                         e.g. open the first article
// The tour waits until the replica is open and caught up and every list has loaded, checks
// that each image is not blank and prints one JSON line per screen.
#pragma once

#include <QDir>
#include <QObject>
#include <QStringList>

class QQuickWindow;

namespace knowset::app {

class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(QQuickWindow& window, QDir directory, QStringList screens, QObject* parent = nullptr);
    void start();

signals:
    void finished(int exitCode);

private:
    void waitUntilReady();
    void showNext();
    void waitForModels(int attemptsLeft);
    void capture();

    QQuickWindow& m_window;
    QDir m_directory;
    QStringList m_screens;
    int m_next = 0;
    int m_failures = 0;
    int m_readyWaits = 0;
};

} // namespace knowset::app
