#include "client/app/core/app_controller.hpp"

#include <QCoreApplication>
#include <QJSEngine>
#include <QMetaObject>

#include <system_error>

namespace knowset::app {

namespace {

AppController* g_instance = nullptr;

// Signs in on the calling thread (a worker): opens or creates the profile's replica for its
// node id, sends one hello with the password and stores the session token in the profile.
Result<sync::Profile> signInBlocking(const std::filesystem::path& directory, const std::string& url,
                                     const std::string& user, const std::string& password) {
    auto stored = sync::loadProfile(directory);
    if (!stored) {
        return Unexpected<Error>(stored.error());
    }
    sync::Profile profile = std::move(*stored);
    if (!profile.user.empty() && profile.user != user) {
        return fail(ErrorCode::Forbidden,
                    "this profile holds the replica of " + profile.user +
                        "; start knowset with --profile DIR to sign in as someone else");
    }
    if (profile.url != url) {
        profile.trustedCertificate.clear();
    }
    profile.directory = directory;
    profile.url = url;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all, error);
    NodeId node;
    {
        auto store = LocalStore::open(StoreOptions{profile.replicaPath()});
        if (!store) {
            return Unexpected<Error>(store.error());
        }
        node = (*store)->nodeId();
    }
    auto signedIn = sync::login(sync::ServerAddress{url, profile.trustedCertificate}, user, password, node);
    if (!signedIn) {
        return Unexpected<Error>(signedIn.error());
    }
    profile.user = signedIn->user;
    profile.token = signedIn->token;
    profile.roles = signedIn->roles;
    profile.branches = signedIn->branches;
    if (auto saved = sync::saveProfile(profile); !saved) {
        return Unexpected<Error>(saved.error());
    }
    return profile;
}

QStringList toStringList(const std::vector<std::string>& values) {
    QStringList list;
    for (const auto& value : values) {
        list.push_back(QString::fromStdString(value));
    }
    return list;
}

} // namespace

AppController::AppController(std::filesystem::path profileDirectory, QObject* parent)
    : QObject(parent)
    , m_profileDirectory(std::move(profileDirectory)) {
    m_signInThread.setMaxThreadCount(1);
    g_instance = this;
}

AppController::~AppController() {
    m_signInThread.waitForDone();
    closeSession();
    if (g_instance == this) {
        g_instance = nullptr;
    }
}

AppController* AppController::instance() {
    return g_instance;
}

AppController* AppController::create(QQmlEngine*, QJSEngine*) {
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void AppController::start() {
    auto stored = sync::loadProfile(m_profileDirectory);
    if (!stored) {
        reportError(QString::fromStdString(stored.error().message));
        return;
    }
    m_profile = std::move(*stored);
    m_profile.directory = m_profileDirectory;
    if (m_profile.signedIn()) {
        openSession();
    }
}

void AppController::signIn(const QString& url, const QString& user, const QString& password) {
    if (m_signingIn) {
        return;
    }
    if (url.trimmed().isEmpty() || user.trimmed().isEmpty() || password.isEmpty()) {
        m_signInError = tr("Enter the server address, your user name and your password.");
        emit signingInChanged();
        return;
    }
    m_signingIn = true;
    m_signInError.clear();
    emit signingInChanged();
    m_signInThread.start([this, directory = m_profileDirectory, url = url.trimmed().toStdString(),
                          user = user.trimmed().toStdString(), password = password.toStdString()] {
        auto result = signInBlocking(directory, url, user, password);
        QMetaObject::invokeMethod(
            this, [this, result = std::move(result)] { finishSignIn(result); }, Qt::QueuedConnection);
    });
}

void AppController::finishSignIn(const Result<sync::Profile>& profile) {
    m_signingIn = false;
    if (!profile) {
        m_signInError = QString::fromStdString(profile.error().message);
        emit signingInChanged();
        return;
    }
    closeSession();
    m_profile = *profile;
    emit signingInChanged();
    openSession();
}

void AppController::signOut() {
    closeSession();
    m_profile.token.clear();
    if (auto saved = sync::saveProfile(m_profile); !saved) {
        reportError(QString::fromStdString(saved.error().message));
    }
    emit sessionChanged();
}

void AppController::retryNow() {
    if (m_engine) {
        m_engine->retryNow();
    }
}

void AppController::clearLastError() {
    m_lastError.clear();
    emit lastErrorChanged();
}

void AppController::reportError(const QString& message) {
    m_lastError = message;
    emit lastErrorChanged();
}

QString AppController::role() const {
    switch (m_actor.role) {
    case domain::Role::Admin:
        return QStringLiteral("admin");
    case domain::Role::Supervisor:
        return QStringLiteral("supervisor");
    case domain::Role::Agent:
        break;
    }
    return QStringLiteral("agent");
}

QStringList AppController::branches() const {
    return toStringList(m_profile.branches);
}

QString AppController::syncState() const {
    return QString::fromUtf8(sync::toString(m_status.state));
}

QDateTime AppController::lastSyncAt() const {
    if (!m_status.lastSyncAt) {
        return {};
    }
    return QDateTime::fromMSecsSinceEpoch(*m_status.lastSyncAt);
}

int AppController::retryInSeconds() const {
    return static_cast<int>((m_status.retryIn.count() + 999) / 1000);
}

void AppController::afterLocalWrite() {
    if (m_engine) {
        m_engine->nudge();
    }
    emit wrote();
}

void AppController::openSession() {
    m_actor = domain::Actor{m_profile.user, domain::roleFromNames(m_profile.roles), m_profile.branches};
    m_worker = std::make_unique<StoreWorker>(m_profile.replicaPath());
    connect(m_worker.get(), &StoreWorker::opened, this, [this] { setReady(true); });
    connect(m_worker.get(), &StoreWorker::failed, this,
            [this](const QString& message) { reportError(message); });
    connect(m_worker.get(), &StoreWorker::storeChanged, this, [this] {
        ++m_dataRevision;
        emit storeChanged();
    });

    sync::SyncOptions options;
    options.replicaPath = m_profile.replicaPath();
    options.server = sync::ServerAddress{m_profile.url, m_profile.trustedCertificate};
    options.token = m_profile.token;
    options.onStatus = [this](const sync::SyncStatus& status) {
        QMetaObject::invokeMethod(
            this, [this, status] { applyStatus(status); }, Qt::QueuedConnection);
    };
    auto engine = sync::SyncEngine::create(std::move(options));
    if (!engine) {
        reportError(tr("Sync is off: %1").arg(QString::fromStdString(engine.error().message)));
    } else {
        m_engine = std::move(*engine);
        m_engine->start();
    }
    emit sessionChanged();
}

void AppController::closeSession() {
    if (m_engine) {
        m_engine->stop();
        m_engine.reset();
    }
    m_worker.reset();
    m_status = sync::SyncStatus{};
    setReady(false);
    emit syncStatusChanged();
}

void AppController::setReady(bool ready) {
    if (m_ready != ready) {
        m_ready = ready;
        emit readyChanged();
    }
}

void AppController::applyStatus(const sync::SyncStatus& status) {
    if (!m_engine) {
        return; // a report queued before the session closed
    }
    const bool becameError =
        status.state == sync::SyncState::Error && m_status.state != sync::SyncState::Error;
    m_status = status;
    if (becameError && !status.reason.empty()) {
        reportError(QString::fromStdString(status.reason));
    }
    emit syncStatusChanged();
}

} // namespace knowset::app
