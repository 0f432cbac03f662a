// The one controller of the desktop app (the QML singleton `App`): the signed-in profile, the
// store worker every view queries through, and the sync engine with its status.
//
// Threads: the controller lives on the GUI thread. Queries and local writes run on the store
// worker's thread; the sync engine runs on its own. Results come back to the GUI thread as
// queued calls, so QML only ever sees GUI-thread objects.
#pragma once

#include "knowset/domain/actor.hpp"
#include "knowset/sync/profile.hpp"
#include "knowset/sync/server_certificate.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QThreadPool>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>

#include "client/app/core/store_worker.hpp"

class QQmlEngine;
class QJSEngine;

namespace knowset::app {

class AppController : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY sessionChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY readyChanged)
    Q_PROPERTY(bool signingIn READ signingIn NOTIFY signingInChanged)
    Q_PROPERTY(QString signInError READ signInError NOTIFY signingInChanged)
    // Set while a wss:// server presents a certificate this computer does not trust: url,
    // fingerprint (SHA-256), subject, notAfter. Empty otherwise.
    Q_PROPERTY(QVariantMap certificatePrompt READ certificatePrompt NOTIFY certificatePromptChanged)
    Q_PROPERTY(QString user READ user NOTIFY sessionChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY sessionChanged)
    Q_PROPERTY(QString role READ role NOTIFY sessionChanged)
    Q_PROPERTY(bool supervisor READ supervisor NOTIFY sessionChanged)
    Q_PROPERTY(bool admin READ admin NOTIFY sessionChanged)
    Q_PROPERTY(QStringList branches READ branches NOTIFY sessionChanged)
    Q_PROPERTY(QString profileDirectory READ profileDirectory CONSTANT)
    // The sync status, as the status bar shows it.
    Q_PROPERTY(QString syncState READ syncState NOTIFY syncStatusChanged)
    Q_PROPERTY(QString syncReason READ syncReason NOTIFY syncStatusChanged)
    Q_PROPERTY(qint64 pendingChanges READ pendingChanges NOTIFY syncStatusChanged)
    Q_PROPERTY(qint64 parkedChanges READ parkedChanges NOTIFY syncStatusChanged)
    // Conflict resolutions chosen here: waiting to be sent (or for the server's answer), and
    // refused by the server (the conflicts inbox shows why), counted in the replica.
    Q_PROPERTY(qint64 pendingResolutions READ pendingResolutions NOTIFY syncStatusChanged)
    Q_PROPERTY(qint64 refusedResolutions READ refusedResolutions NOTIFY syncStatusChanged)
    Q_PROPERTY(bool initialSyncActive READ initialSyncActive NOTIFY syncStatusChanged)
    Q_PROPERTY(qint64 initialSyncReceived READ initialSyncReceived NOTIFY syncStatusChanged)
    Q_PROPERTY(qint64 initialSyncTotal READ initialSyncTotal NOTIFY syncStatusChanged)
    Q_PROPERTY(QDateTime lastSyncAt READ lastSyncAt NOTIFY syncStatusChanged)
    Q_PROPERTY(int retryInSeconds READ retryInSeconds NOTIFY syncStatusChanged)
    Q_PROPERTY(int failedAttempts READ failedAttempts NOTIFY syncStatusChanged)
    // The last thing that went wrong (sync or a local action), in words for people.
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    // Bumped whenever the replica changed (local write or remote changes): views refresh.
    Q_PROPERTY(int dataRevision READ dataRevision NOTIFY storeChanged)

public:
    // `profileDirectory`: where profile.json and replica.sqlite live (one per user).
    explicit AppController(std::filesystem::path profileDirectory, QObject* parent = nullptr);
    ~AppController() override;

    // The controller of this process (set by the constructor): models created from QML find
    // it here.
    static AppController* instance();
    // QML's singleton `App` is the instance above (owned by C++, not by the engine).
    static AppController* create(QQmlEngine* engine, QJSEngine* scriptEngine);

    // Opens the stored profile: with a session token, straight into the app, online or not.
    void start();

    // Signs in on a worker thread. A wss:// server whose certificate the system does not trust
    // raises certificatePrompt instead; signing in again with `trustCertificate` keeps that
    // certificate in the profile as the one to trust.
    Q_INVOKABLE void signIn(const QString& url, const QString& user, const QString& password,
                            bool trustCertificate = false);
    Q_INVOKABLE void cancelCertificatePrompt();
    Q_INVOKABLE void signOut();
    Q_INVOKABLE void retryNow();
    Q_INVOKABLE void clearLastError();
    // Reports a failed action of a view (the status bar shows it).
    Q_INVOKABLE void reportError(const QString& message);

    bool signedIn() const { return m_profile.signedIn(); }
    bool ready() const { return m_ready; }
    bool signingIn() const { return m_signingIn; }
    QString signInError() const { return m_signInError; }
    QVariantMap certificatePrompt() const;
    QString user() const { return QString::fromStdString(m_profile.user); }
    QString serverUrl() const { return QString::fromStdString(m_profile.url); }
    QString role() const;
    bool supervisor() const { return m_actor.isSupervisorOrAdmin(); }
    bool admin() const { return m_actor.role == domain::Role::Admin; }
    QStringList branches() const;
    QString profileDirectory() const { return QString::fromStdString(m_profileDirectory.string()); }
    QString syncState() const;
    QString syncReason() const { return QString::fromStdString(m_status.reason); }
    qint64 pendingChanges() const { return m_pending; }
    qint64 parkedChanges() const { return m_status.parked; }
    qint64 pendingResolutions() const { return m_resolutionsWaiting; }
    qint64 refusedResolutions() const { return m_resolutionsRefused; }
    bool initialSyncActive() const { return m_status.progress.active; }
    qint64 initialSyncReceived() const { return m_status.progress.received; }
    qint64 initialSyncTotal() const { return m_status.progress.estimatedTotal; }
    QDateTime lastSyncAt() const;
    int retryInSeconds() const;
    int failedAttempts() const { return m_status.failedAttempts; }
    QString lastError() const { return m_lastError; }
    int dataRevision() const { return m_dataRevision; }

    // What a sign-in attempt on the worker thread came back with.
    struct SignInOutcome;

    const domain::Actor& actor() const { return m_actor; }
    const sync::Profile& profile() const { return m_profile; }
    // Where the signed-in profile's server is and how to sign in there (for one-shot calls).
    sync::SyncOptions syncOptions() const;

    // Runs `job` (it waits on the network, e.g. sync::fetchHistory) on a worker thread and hands
    // its result to `done` on the GUI thread, unless `receiver` is gone by then. GUI thread only.
    template <typename Job, typename Done> void network(QObject* receiver, Job job, Done done) {
        QPointer<QObject> guard(receiver);
        m_network.start([this, guard, job = std::move(job), done = std::move(done)]() mutable {
            auto result = job();
            QMetaObject::invokeMethod(
                this,
                [guard, done = std::move(done), result = std::move(result)]() mutable {
                    if (guard) {
                        done(std::move(result));
                    }
                },
                Qt::QueuedConnection);
        });
    }

    // Runs `query` on the store worker and hands its result to `done` on the GUI thread, unless
    // `receiver` is gone by then. Thread-safe to call from the GUI thread only.
    template <typename Query, typename Done> void read(QObject* receiver, Query query, Done done) {
        post(false, receiver, std::move(query), std::move(done));
    }
    // The same for a local write: the sync engine is nudged and views refresh afterwards.
    template <typename Query, typename Done> void write(QObject* receiver, Query query, Done done) {
        post(true, receiver, std::move(query), std::move(done));
    }

signals:
    void sessionChanged();
    void readyChanged();
    void signingInChanged();
    void certificatePromptChanged();
    void syncStatusChanged();
    void lastErrorChanged();
    void storeChanged();
    // A local write finished (views that wrote can move on, e.g. close an editor).
    void wrote();

private:
    template <typename Query, typename Done>
    void post(bool writes, QObject* receiver, Query query, Done done) {
        if (!m_worker) {
            reportError(tr("The local replica is not open yet."));
            return;
        }
        QPointer<QObject> guard(receiver);
        auto job = [this, writes, guard, query = std::move(query),
                    done = std::move(done)](LocalStore& store) mutable {
            auto result = query(store);
            QMetaObject::invokeMethod(
                this,
                [this, writes, guard, done = std::move(done), result = std::move(result)]() mutable {
                    if (writes) {
                        afterLocalWrite();
                    }
                    if (guard) {
                        done(std::move(result));
                    }
                },
                Qt::QueuedConnection);
        };
        if (writes) {
            m_worker->postWrite(std::move(job));
        } else {
            m_worker->postRead(std::move(job));
        }
    }

    void afterLocalWrite();
    void countPendingChanges();
    void openSession();
    void closeSession();
    void applyStatus(const sync::SyncStatus& status);
    void setReady(bool ready);
    void finishSignIn(const SignInOutcome& outcome);

    QThreadPool m_signInThread; // sign-in waits on the network: never on the GUI thread
    QThreadPool m_network;      // other one-shot calls to the server (network())
    std::filesystem::path m_profileDirectory;
    sync::Profile m_profile;
    domain::Actor m_actor;
    std::unique_ptr<StoreWorker> m_worker;
    std::unique_ptr<sync::SyncEngine> m_engine;
    sync::SyncStatus m_status;
    bool m_ready = false;
    bool m_signingIn = false;
    QString m_signInError;
    std::optional<sync::ServerCertificate> m_untrustedCertificate; // shown in the prompt
    std::string m_untrustedUrl;
    QString m_lastError;
    int m_dataRevision = 0;
    qint64 m_pending = 0; // journal entries not yet acknowledged, counted in the replica
    qint64 m_resolutionsWaiting = 0;
    qint64 m_resolutionsRefused = 0;
};

} // namespace knowset::app
