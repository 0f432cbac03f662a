#include "gui_fixture.hpp"

#include "knowset/domain/demo_data.hpp"
#include "knowset/sync/profile.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <mutex>
#include <stdexcept>

namespace knowset::app::testing {

namespace {

// The demo replica is written once per test process and copied for each fixture.
const std::filesystem::path& demoReplicaTemplate() {
    static QTemporaryDir directory;
    static std::filesystem::path path;
    static std::once_flag once;
    std::call_once(once, [] {
        path = std::filesystem::path(directory.path().toStdString()) / "demo.sqlite";
        auto store = LocalStore::open(StoreOptions{path, systemClockMillis, Synchronous::Normal});
        if (!store) {
            throw std::runtime_error(store.error().message);
        }
        domain::DemoSpec spec;
        spec.until = *domain::parseDay(kDemoUntil);
        spec.articles = 60;
        spec.customers = 150;
        spec.interactions = 3000;
        if (auto written = domain::writeDemoData(**store, spec); !written) {
            throw std::runtime_error(written.error().message);
        }
        (*store)->database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    });
    return path;
}

} // namespace

GuiFixture::GuiFixture(GuiFixtureOptions options) {
    if (!m_directory.isValid()) {
        throw std::runtime_error("no temporary directory");
    }
    sync::Profile profile;
    profile.directory = profileDirectory();
    profile.url = "ws://127.0.0.1:9/sync"; // nothing listens there: the app works offline
    profile.user = options.user;
    profile.token = "offline-test-token";
    profile.roles = options.roles;
    profile.branches = options.branches;
    if (auto saved = sync::saveProfile(profile); !saved) {
        throw std::runtime_error(saved.error().message);
    }
    std::filesystem::copy_file(demoReplicaTemplate(), profile.replicaPath());
    m_controller = std::make_unique<AppController>(profile.directory);
    m_controller->start();
    if (!waitUntil([this] { return m_controller->ready(); })) {
        throw std::runtime_error("the replica did not open");
    }
}

GuiFixture::~GuiFixture() = default;

std::filesystem::path GuiFixture::profileDirectory() const {
    return std::filesystem::path(m_directory.path().toStdString()) / "profile";
}

bool waitUntil(const std::function<bool()>& condition, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

} // namespace knowset::app::testing
