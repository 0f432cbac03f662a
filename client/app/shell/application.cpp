#include "client/app/shell/application.hpp"

#include "knowset/sync/profile.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QPalette>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStyle>
#include <QTimer>

#include <atomic>
#include <iostream>

#include "client/app/core/app_controller.hpp"
#include "client/app/shell/screenshot_tour.hpp"
#include "client/app/shell/startup_report.hpp"

namespace knowset::app {

namespace {

const QUrl kMainQml(QStringLiteral("qrc:/Knowset/Shell/Main.qml"));

// --self-test: every warning Qt or QML prints is a failure.
std::atomic<int> g_warnings{0};
QtMessageHandler g_previousHandler = nullptr;

void countingMessageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) {
        ++g_warnings;
    }
    if (g_previousHandler != nullptr) {
        g_previousHandler(type, context, message);
    }
}

QPalette darkPalette() {
    QPalette palette;
    const QColor window(0x20, 0x22, 0x26);
    const QColor base(0x17, 0x19, 0x1c);
    const QColor text(0xe6, 0xe8, 0xeb);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x2c, 0x2f, 0x34));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x90, 0x96));
    palette.setColor(QPalette::Light, QColor(0x3a, 0x3d, 0x42));
    palette.setColor(QPalette::Midlight, QColor(0x33, 0x36, 0x3b));
    palette.setColor(QPalette::Mid, QColor(0x26, 0x29, 0x2d));
    palette.setColor(QPalette::Dark, QColor(0x14, 0x15, 0x18));
    palette.setColor(QPalette::Shadow, Qt::black);
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x79, 0xb8, 0xff));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x74, 0x7a));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x74, 0x7a));
    return palette;
}

// Compiles every QML file of the app's modules; returns the number that failed.
int compileEveryQmlFile(QQmlEngine& engine) {
    int failed = 0;
    int compiled = 0;
    QDirIterator files(QStringLiteral(":/Knowset"), {QStringLiteral("*.qml")}, QDir::Files,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains("pragma Singleton")) {
            continue; // singletons are compiled when a file that uses them is
        }
        QQmlComponent component(&engine, QUrl(QStringLiteral("qrc") + path));
        ++compiled;
        if (component.isError()) {
            ++failed;
            for (const QQmlError& error : component.errors()) {
                std::cerr << error.toString().toStdString() << "\n";
            }
        }
    }
    std::cout << "knowset --self-test: compiled " << compiled << " QML files, " << failed << " failed\n";
    return compiled == 0 ? 1 : failed;
}

} // namespace

int runApplication(int argc, char** argv) {
    QElapsedTimer started;
    started.start();
    QApplication application(argc, argv); // QtCharts' ChartView needs QApplication
    QApplication::setApplicationName(QStringLiteral("knowset"));
    QApplication::setApplicationDisplayName(QStringLiteral("Knowset"));
    QApplication::setOrganizationName(QStringLiteral("Knowset"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Knowset: the customer-service knowledge desk, offline first."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        QStringLiteral("The profile directory (default: %1).")
            .arg(QString::fromStdString(sync::defaultProfileDirectory().string())),
        QStringLiteral("DIR"));
    const QCommandLineOption schemeOption(QStringLiteral("color-scheme"),
                                          QStringLiteral("system (default), light or dark."),
                                          QStringLiteral("SCHEME"), QStringLiteral("system"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"), QStringLiteral("Window size, e.g. 1920x1080."), QStringLiteral("WxH"));
    const QCommandLineOption selfTestOption(
        QStringLiteral("self-test"),
        QStringLiteral("Load every QML file and the window, then quit; fails on any warning."));
    const QCommandLineOption screenshotsOption(
        QStringLiteral("screenshots"), QStringLiteral("Save a PNG of every main screen into DIR, then quit."),
        QStringLiteral("DIR"));
    const QCommandLineOption startupReportOption(
        QStringLiteral("startup-report"),
        QStringLiteral(
            "Print how long the window took to become interactive (and to catch up with the server) "
            "and the memory used, as JSON, then quit (bench/app_startup_bench)."));
    const QCommandLineOption screensOption(
        QStringLiteral("screens"), QStringLiteral("With --screenshots: the screens, comma-separated."),
        QStringLiteral("LIST"), QStringLiteral("knowledge,customers,insights,conflicts"));
    parser.addOptions({profileOption, schemeOption, sizeOption, selfTestOption, screenshotsOption,
                       screensOption, startupReportOption});
    parser.process(application);

    const bool selfTest = parser.isSet(selfTestOption);
    if (selfTest) {
        g_previousHandler = qInstallMessageHandler(countingMessageHandler);
    }

    const QString scheme = parser.value(schemeOption);
    if (scheme == QLatin1String("dark")) {
        QApplication::setPalette(darkPalette());
    } else if (scheme == QLatin1String("light")) {
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else if (scheme != QLatin1String("system")) {
        std::cerr << "knowset: --color-scheme must be system, light or dark\n";
        return 1;
    }
    QQuickStyle::setStyle(QStringLiteral("Fusion"));

    const std::filesystem::path profileDirectory =
        parser.isSet(profileOption) ? std::filesystem::path(parser.value(profileOption).toStdString())
                                    : sync::defaultProfileDirectory();
    AppController controller(std::filesystem::absolute(profileDirectory));

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/")); // Qt 6.4 puts module resources under qrc:/<URI path>
    if (selfTest && compileEveryQmlFile(engine) != 0) {
        return 1;
    }
    engine.load(kMainQml);
    if (engine.rootObjects().isEmpty()) {
        std::cerr << "knowset: the main window could not be loaded\n";
        return 1;
    }
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
    if (parser.isSet(sizeOption)) {
        const QStringList size = parser.value(sizeOption).split(QLatin1Char('x'));
        if (size.size() != 2 || size[0].toInt() <= 0 || size[1].toInt() <= 0) {
            std::cerr << "knowset: --size must look like 1920x1080\n";
            return 1;
        }
        window->resize(size[0].toInt(), size[1].toInt());
    }
    controller.start();

    if (selfTest) {
        QTimer::singleShot(1500, &application, [&] {
            const int warnings = g_warnings.load();
            std::cout << "knowset --self-test: " << warnings << " warning(s)\n";
            QApplication::exit(warnings == 0 ? 0 : 1);
        });
    }
    std::unique_ptr<ScreenshotTour> tour;
    if (parser.isSet(screenshotsOption)) {
        tour = std::make_unique<ScreenshotTour>(*window, QDir(parser.value(screenshotsOption)),
                                                parser.value(screensOption).split(QLatin1Char(',')));
        QObject::connect(tour.get(), &ScreenshotTour::finished, &application,
                         [](int exitCode) { QApplication::exit(exitCode); });
        QTimer::singleShot(0, tour.get(), [&tour] { tour->start(); });
    }
    std::unique_ptr<StartupReport> startupReport;
    if (parser.isSet(startupReportOption)) {
        startupReport = std::make_unique<StartupReport>(*window, controller, started);
        QObject::connect(startupReport.get(), &StartupReport::finished, &application,
                         [] { QApplication::exit(0); });
        startupReport->start();
    }
    return QApplication::exec();
}

} // namespace knowset::app
