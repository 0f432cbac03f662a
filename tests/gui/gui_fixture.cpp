#include "gui_fixture.hpp"

#include "knowset/domain/demo_data.hpp"
#include "knowset/merge/conflict.hpp"
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

namespace {

constexpr std::uint64_t kConflictTypedAt = 1'795'000'000'000; // 2026-11-18

void applyFields(LocalStore& store, const std::string& conflictId, const Json& fields, std::uint64_t at) {
    RecordPatch patch{std::string(kConflictCollection), conflictId, {}, {}};
    const Version written{Hlc::fromParts(at, 0), NodeId(1)};
    for (auto field = fields.begin(); field != fields.end(); ++field) {
        patch.fields.emplace(field.key(), FieldChange{field.value(), written, std::nullopt});
    }
    if (auto applied = store.applyRemote({patch}); !applied) {
        throw std::runtime_error(applied.error().message);
    }
}

} // namespace

std::string writeFieldConflict(LocalStore& store, const std::string& articleId, const std::string& field,
                               const Json& winner, const Json& loser) {
    Conflict conflict;
    conflict.kind = ConflictKind::Field;
    conflict.collection = "article";
    conflict.recordId = articleId;
    conflict.field = field;
    conflict.winner = ConflictSide{winner, Version{Hlc::fromParts(kConflictTypedAt + 60'000, 0), NodeId(7)},
                                   "alice", static_cast<std::int64_t>(kConflictTypedAt + 90'000)};
    conflict.loser = ConflictSide{loser, Version{Hlc::fromParts(kConflictTypedAt, 0), NodeId(9)}, "bob",
                                  static_cast<std::int64_t>(kConflictTypedAt + 120'000)};
    conflict.id = conflictId(conflict.kind, conflict.collection, conflict.recordId, conflict.field,
                             conflict.winner.version, conflict.loser.version);
    applyFields(store, conflict.id, conflict.toFields(), kConflictTypedAt + 130'000);
    return conflict.id;
}

void markConflictResolved(LocalStore& store, const std::string& conflictId, const Json& value,
                          const std::string& by) {
    applyFields(store, conflictId,
                Json{{"status", "resolved"},
                     {"resolution", value},
                     {"resolved_by", by},
                     {"resolved_at", "2026-11-19T10:00:00Z"}},
                kConflictTypedAt + 86'400'000);
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
