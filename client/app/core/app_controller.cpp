#include "client/app/core/app_controller.hpp"

#include <QCoreApplication>
#include <QJSEngine>
#include <QMetaObject>

#include <system_error>

namespace knowset::app {

namespace {

AppController* g_instance = nullptr;

constexpr const char* kTrustedCertificateFile = "server-certificate.pem";

bool isTlsUrl(const std::string& url) {
    return url.rfind("wss://", 0) == 0;
}

} // namespace

struct AppController::SignInOutcome {
    Result<sync::Profile> profile = fail(ErrorCode::Internal, "not signed in");
    // The server's certificate, when the user must decide whether to trust it first.
    std::optional<sync::ServerCertificate> untrusted;
};

namespace {

// Signs in on the calling thread (a worker): checks the server's certificate, opens or creates
// the profile's replica for its node id, sends one hello with the password and stores the
// session token in the profile. `toTrust`: the certificate the user agreed to trust.
AppController::SignInOutcome signInBlocking(const std::filesystem::path& directory, const std::string& url,
                                            const std::string& user, const std::string& password,
                                            const std::optional<sync::ServerCertificate>& toTrust) {
    using Outcome = AppController::SignInOutcome;
    auto stored = sync::loadProfile(directory);
    if (!stored) {
        return Outcome{Unexpected<Error>(stored.error()), {}};
    }
    sync::Profile profile = std::move(*stored);
    if (!profile.user.empty() && profile.user != user) {
        return Outcome{
            fail(ErrorCode::Forbidden, "this profile holds the replica of " + profile.user +
                                           "; start knowset with --profile DIR to sign in as someone else"),
            {}};
    }
    if (profile.url != url) {
        profile.trustedCertificate.clear();
    }
    profile.directory = directory;
    profile.url = url;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all, error);

    if (isTlsUrl(url) && profile.trustedCertificate.empty()) {
        if (toTrust) {
            const auto file = directory / kTrustedCertificateFile;
            if (auto written = sync::writeCertificateFile(*toTrust, file); !written) {
                return Outcome{Unexpected<Error>(written.error()), {}};
            }
            profile.trustedCertificate = file;
        } else {
            auto presented = sync::fetchServerCertificate(url);
            if (!presented) {
                return Outcome{Unexpected<Error>(presented.error()), {}};
            }
            if (!presented->trustedBySystem) {
                return Outcome{fail(ErrorCode::Unavailable, "the server's certificate is not trusted yet"),
                               std::move(*presented)};
            }
        }
    }

    NodeId node;
    {
        auto store = LocalStore::open(StoreOptions{profile.replicaPath()});
        if (!store) {
            return Outcome{Unexpected<Error>(store.error()), {}};
        }
        node = (*store)->nodeId();
    }
    auto signedIn = sync::login(sync::ServerAddress{url, profile.trustedCertificate}, user, password, node);
    if (!signedIn) {
        return Outcome{Unexpected<Error>(signedIn.error()), {}};
    }
    profile.user = signedIn->user;
    profile.token = signedIn->token;
    profile.roles = signedIn->roles;
    profile.branches = signedIn->branches;
    if (auto saved = sync::saveProfile(profile); !saved) {
        return Outcome{Unexpected<Error>(saved.error()), {}};
    }
    return Outcome{std::move(profile), {}};
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
    m_network.setMaxThreadCount(2);
    g_instance = this;
}

AppController::~AppController() {
    m_signInThread.waitForDone();
    m_network.waitForDone();
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

void AppController::signIn(const QString& url, const QString& user, const QString& password,
                           bool trustCertificate) {
    if (m_signingIn) {
        return;
    }
    if (url.trimmed().isEmpty() || user.trimmed().isEmpty() || password.isEmpty()) {
        m_signInError = tr("Enter the server address, your user name and your password.");
        emit signingInChanged();
        return;
    }
    std::optional<sync::ServerCertificate> toTrust;
    if (trustCertificate && m_untrustedCertificate && m_untrustedUrl == url.trimmed().toStdString()) {
        toTrust = m_untrustedCertificate;
    }
    cancelCertificatePrompt();
    m_signingIn = true;
    m_signInError.clear();
    emit signingInChanged();
    m_signInThread.start([this, directory = m_profileDirectory, url = url.trimmed().toStdString(),
                          user = user.trimmed().toStdString(), password = password.toStdString(), toTrust] {
        auto outcome = signInBlocking(directory, url, user, password, toTrust);
        QMetaObject::invokeMethod(
            this,
            [this, url, outcome = std::move(outcome)] {
                if (outcome.untrusted) {
                    m_untrustedCertificate = outcome.untrusted;
                    m_untrustedUrl = url;
                    emit certificatePromptChanged();
                }
                finishSignIn(outcome);
            },
            Qt::QueuedConnection);
    });
}

void AppController::cancelCertificatePrompt() {
    if (m_untrustedCertificate) {
        m_untrustedCertificate.reset();
        m_untrustedUrl.clear();
        emit certificatePromptChanged();
    }
}

QVariantMap AppController::certificatePrompt() const {
    if (!m_untrustedCertificate) {
        return {};
    }
    return {
        {QStringLiteral("url"), QString::fromStdString(m_untrustedUrl)},
        {QStringLiteral("fingerprint"), QString::fromStdString(m_untrustedCertificate->sha256Fingerprint)},
        {QStringLiteral("subject"), QString::fromStdString(m_untrustedCertificate->subject)},
        {QStringLiteral("notAfter"), QString::fromStdString(m_untrustedCertificate->notAfter)}};
}

void AppController::finishSignIn(const SignInOutcome& outcome) {
    m_signingIn = false;
    if (outcome.untrusted) {
        emit signingInChanged(); // the prompt asks; no error to show
        return;
    }
    if (!outcome.profile) {
        m_signInError = QString::fromStdString(outcome.profile.error().message);
        emit signingInChanged();
        return;
    }
    closeSession();
    m_profile = *outcome.profile;
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

sync::SyncOptions AppController::syncOptions() const {
    sync::SyncOptions options;
    options.replicaPath = m_profile.replicaPath();
    options.server = sync::ServerAddress{m_profile.url, m_profile.trustedCertificate};
    options.token = m_profile.token;
    return options;
}

// The journal and the resolution queue are the truth about what waits to be sent, also while
// the engine is offline and not counting.
void AppController::countPendingChanges() {
    struct Counts {
        std::int64_t journal = 0;
        std::int64_t waiting = 0;
        std::int64_t refused = 0;
    };
    read(
        this,
        [](LocalStore& store) -> Result<Counts> {
            auto journal = store.pendingCount();
            if (!journal) {
                return Unexpected<Error>(journal.error());
            }
            auto resolutions = store.queuedResolutions();
            if (!resolutions) {
                return Unexpected<Error>(resolutions.error());
            }
            Counts counts{*journal, 0, 0};
            for (const QueuedResolution& resolution : *resolutions) {
                ++(resolution.waiting() ? counts.waiting : counts.refused);
            }
            return counts;
        },
        [this](Result<Counts> counts) {
            if (counts && (counts->journal != m_pending || counts->waiting != m_resolutionsWaiting ||
                           counts->refused != m_resolutionsRefused)) {
                m_pending = counts->journal;
                m_resolutionsWaiting = counts->waiting;
                m_resolutionsRefused = counts->refused;
                emit syncStatusChanged();
            }
        });
}

void AppController::openSession() {
    m_actor = domain::Actor{m_profile.user, domain::roleFromNames(m_profile.roles), m_profile.branches};
    m_worker = std::make_unique<StoreWorker>(m_profile.replicaPath());
    connect(m_worker.get(), &StoreWorker::opened, this, [this] {
        setReady(true);
        countPendingChanges();
    });
    connect(m_worker.get(), &StoreWorker::failed, this,
            [this](const QString& message) { reportError(message); });
    connect(m_worker.get(), &StoreWorker::storeChanged, this, [this] {
        ++m_dataRevision;
        emit storeChanged();
        countPendingChanges();
    });

    sync::SyncOptions options = syncOptions();
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
    m_pending = 0;
    m_resolutionsWaiting = 0;
    m_resolutionsRefused = 0;
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
    const bool countChanged = status.pending != m_status.pending ||
                              status.resolutionsWaiting != m_status.resolutionsWaiting ||
                              status.resolutionsRefused != m_status.resolutionsRefused;
    const bool newRefusal = !status.lastRefusal.empty() && status.lastRefusal != m_status.lastRefusal;
    m_status = status;
    if (countChanged) {
        countPendingChanges();
    }
    if (becameError && !status.reason.empty()) {
        reportError(QString::fromStdString(status.reason));
    }
    if (newRefusal) {
        reportError(tr("%1 (see Conflicts)").arg(QString::fromStdString(status.lastRefusal)));
    }
    emit syncStatusChanged();
}

} // namespace knowset::app
