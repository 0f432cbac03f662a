#include "client/app/shell/screenshot_tour.hpp"

#include <QImage>
#include <QMetaProperty>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>
#include <QTimer>
#include <nlohmann/json.hpp>

#include <iostream>

#include "client/app/core/app_controller.hpp"
#include "client/app/core/query_list_model.hpp"

namespace knowset::app {

namespace {

constexpr int kPollMilliseconds = 200;
constexpr int kReadyWaitLimit = 600;    // 2 minutes for the initial sync
constexpr int kModelWaitAttempts = 100; // 20 s for a screen's lists
constexpr int kSettleMilliseconds = 400;
// An image with fewer colours than this is blank (or only a background and a line).
constexpr int kMinimumColours = 12;

int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    const int step = 3;
    for (int y = 0; y < image.height(); y += step) {
        for (int x = 0; x < image.width(); x += step) {
            colours.insert(image.pixel(x, y));
            if (colours.size() > 1000) {
                return static_cast<int>(colours.size());
            }
        }
    }
    return static_cast<int>(colours.size());
}

QObject* findByName(QObject* root, const QString& name) {
    if (root->objectName() == name) {
        return root;
    }
    return root->findChild<QObject*>(name);
}

// Visible when it and every item above it are visible (QQuickItem::isVisible covers that).
bool shows(QObject* object) {
    auto* item = qobject_cast<QQuickItem*>(object);
    return item == nullptr || item->isVisible();
}

} // namespace

ScreenshotTour::ScreenshotTour(QQuickWindow& window, QDir directory, QStringList screens, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_directory(std::move(directory))
    , m_screens(std::move(screens)) {}

void ScreenshotTour::start() {
    m_directory.mkpath(QStringLiteral("."));
    waitUntilReady();
}

void ScreenshotTour::waitUntilReady() {
    AppController* controller = AppController::instance();
    const bool caughtUp = controller != nullptr && controller->ready() &&
                          (controller->syncState() == QLatin1String("live") || m_readyWaits > 50) &&
                          !controller->initialSyncActive();
    if (caughtUp || controller == nullptr || !controller->signedIn()) {
        showNext();
        return;
    }
    if (++m_readyWaits > kReadyWaitLimit) {
        std::cerr << "knowset: the replica did not catch up in time (state "
                  << controller->syncState().toStdString() << ")\n";
        emit finished(1);
        return;
    }
    QTimer::singleShot(kPollMilliseconds, this, [this] { waitUntilReady(); });
}

void ScreenshotTour::showNext() {
    if (m_next >= m_screens.size()) {
        emit finished(m_failures == 0 ? 0 : 1);
        return;
    }
    QObject* root = m_window.contentItem() != nullptr ? static_cast<QObject*>(&m_window) : nullptr;
    const QString screen = m_screens[m_next];
    if (root != nullptr && screen != QLatin1String("signIn")) {
        QMetaObject::invokeMethod(root, "showScreen", Q_ARG(QVariant, QVariant(screen)));
        if (QObject* page = findByName(root, screen + QStringLiteral("Page"));
            page != nullptr && page->metaObject()->indexOfMethod("prepareScreenshot()") >= 0) {
            QMetaObject::invokeMethod(page, "prepareScreenshot");
        }
    }
    QTimer::singleShot(kSettleMilliseconds, this, [this] { waitForModels(kModelWaitAttempts); });
}

void ScreenshotTour::waitForModels(int attemptsLeft) {
    // Every list model, and any other object that says it is loading (the article, its history).
    const auto objects = m_window.findChildren<QObject*>();
    const bool loading = std::any_of(objects.begin(), objects.end(), [](QObject* object) {
        if (auto* model = qobject_cast<QueryListModel*>(object)) {
            return model->loading();
        }
        const int index = object->metaObject()->indexOfProperty("loading");
        return index >= 0 && object->metaObject()->property(index).read(object).toBool();
    });
    if (loading && attemptsLeft > 0) {
        QTimer::singleShot(kPollMilliseconds, this,
                           [this, attemptsLeft] { waitForModels(attemptsLeft - 1); });
        return;
    }
    QTimer::singleShot(kSettleMilliseconds, this, [this] { capture(); });
}

void ScreenshotTour::capture() {
    const QString screen = m_screens[m_next++];
    const QImage image = m_window.grabWindow();
    const QString path = m_directory.filePath(screen + QStringLiteral(".png"));
    const bool saved = image.save(path);
    const int colours = image.isNull() ? 0 : distinctColours(image);

    nlohmann::json missing = nlohmann::json::array();
    QObject* page = findByName(&m_window, screen + QStringLiteral("Page"));
    if (page == nullptr) {
        missing.push_back((screen + QStringLiteral("Page")).toStdString());
    } else {
        const QStringList checks = page->property("screenshotChecks").toStringList();
        for (const QString& name : checks) {
            QObject* object = findByName(page, name);
            if (object == nullptr || !shows(object)) {
                missing.push_back(name.toStdString());
            }
        }
    }
    const bool passed = saved && colours >= kMinimumColours && missing.empty();
    if (!passed) {
        ++m_failures;
    }
    std::cout << nlohmann::json{{"screen", screen.toStdString()},
                                {"file", path.toStdString()},
                                {"saved", saved},
                                {"width", image.width()},
                                {"height", image.height()},
                                {"colours", colours},
                                {"missing", missing},
                                {"passed", passed}}
                     .dump()
              << std::endl;
    showNext();
}

} // namespace knowset::app
