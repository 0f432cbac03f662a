// The desktop app's own connection to the local replica, on its own thread.
//
// Every query and every local write of the GUI runs here, never on the GUI thread, so a slow
// query or a busy disk never freezes a window. Jobs run one at a time, in the order posted.
// The worker also notices commits made by other connections (the sync engine applying remote
// changes) by polling SQLite's data_version, and reports them as storeChanged().
#pragma once

#include "knowset/store/local_store.hpp"

#include <QObject>
#include <QThread>
#include <QTimer>

#include <filesystem>
#include <functional>
#include <memory>

namespace knowset::app {

class StoreWorker : public QObject {
    Q_OBJECT
public:
    using Job = std::function<void(LocalStore&)>;

    // Opens the replica at `path` on a new thread; opened() or failed() follows.
    explicit StoreWorker(std::filesystem::path path, QObject* parent = nullptr);
    ~StoreWorker() override; // runs the jobs already posted (no write is lost), then closes

    // Thread-safe. A read runs as soon as the jobs before it have run.
    void postRead(Job job);
    // Thread-safe. A write; storeChanged() follows it.
    void postWrite(Job job);

signals:
    void opened();
    void failed(const QString& message);
    // Something committed to the replica: a write of ours or of another connection.
    void storeChanged();

private:
    class Runner;
    QThread m_thread;
    Runner* m_runner = nullptr; // lives on m_thread
};

} // namespace knowset::app
