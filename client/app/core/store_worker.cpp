#include "client/app/core/store_worker.hpp"

#include <QMetaObject>

#include <chrono>

namespace knowset::app {

namespace {
// How often the worker looks for commits of other connections: remote changes show up in
// open views within this time.
constexpr std::chrono::milliseconds kChangePollInterval{300};
} // namespace

// Owns the LocalStore; every member runs on the worker thread.
class StoreWorker::Runner : public QObject {
public:
    Runner(StoreWorker& owner, std::filesystem::path path)
        : m_owner(owner)
        , m_path(std::move(path)) {}

    void open() {
        auto store = LocalStore::open(StoreOptions{m_path});
        if (!store) {
            emit m_owner.failed(QString::fromStdString(store.error().message));
            return;
        }
        m_store = std::move(*store);
        m_lastVersion = currentVersion();
        m_poll = new QTimer(this);
        m_poll->setInterval(kChangePollInterval);
        connect(m_poll, &QTimer::timeout, this, [this] { noticeOtherCommits(); });
        m_poll->start();
        emit m_owner.opened();
    }

    void run(const Job& job, bool writes) {
        if (!m_store) {
            return;
        }
        job(*m_store);
        if (writes) {
            emit m_owner.storeChanged();
        }
    }

    void close() {
        delete m_poll;
        m_poll = nullptr;
        m_store.reset();
    }

private:
    std::int64_t currentVersion() {
        auto version = m_store->dataVersion();
        return version ? *version : m_lastVersion;
    }

    void noticeOtherCommits() {
        const std::int64_t version = currentVersion();
        if (version != m_lastVersion) {
            m_lastVersion = version;
            emit m_owner.storeChanged();
        }
    }

    StoreWorker& m_owner;
    std::filesystem::path m_path;
    std::unique_ptr<LocalStore> m_store;
    QTimer* m_poll = nullptr;
    std::int64_t m_lastVersion = 0;
};

StoreWorker::StoreWorker(std::filesystem::path path, QObject* parent)
    : QObject(parent) {
    m_thread.setObjectName(QStringLiteral("knowset-store"));
    m_runner = new Runner(*this, std::move(path));
    m_runner->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner] { runner->open(); }, Qt::QueuedConnection);
}

StoreWorker::~StoreWorker() {
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner] { runner->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_runner;
}

void StoreWorker::postRead(Job job) {
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner, job = std::move(job)] { runner->run(job, false); },
        Qt::QueuedConnection);
}

void StoreWorker::postWrite(Job job) {
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner, job = std::move(job)] { runner->run(job, true); },
        Qt::QueuedConnection);
}

} // namespace knowset::app
