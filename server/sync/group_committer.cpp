#include "server/sync/group_committer.hpp"

#include <chrono>

#include "server/observe/log.hpp"

namespace knowset::server {

GroupCommitter::GroupCommitter(ServerStore& store, HybridClock clock, Metrics& metrics, std::size_t maxGroup)
    : m_store(store)
    , m_clock(std::move(clock))
    , m_metrics(metrics)
    , m_maxGroup(maxGroup) {}

GroupCommitter::~GroupCommitter() {
    stop();
}

void GroupCommitter::setCommittedListener(CommittedListener listener) {
    m_committed = std::move(listener);
}

void GroupCommitter::start() {
    const std::lock_guard lock(m_mutex);
    if (!m_started) {
        m_started = true;
        m_thread = std::thread([this] { run(); });
    }
}

void GroupCommitter::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void GroupCommitter::submit(PushBatch batch, PushDone done) {
    {
        std::unique_lock lock(m_mutex);
        if (!m_stopping) {
            m_queue.emplace_back(PushItem{std::move(batch), std::move(done)});
            lock.unlock();
            m_wake.notify_one();
            return;
        }
    }
    done(fail(ErrorCode::Internal, "the server is shutting down; push again after it restarts"));
}

void GroupCommitter::submit(Resolution resolution, ResolutionDone done) {
    {
        std::unique_lock lock(m_mutex);
        if (!m_stopping) {
            m_queue.emplace_back(ResolutionItem{std::move(resolution), std::move(done)});
            lock.unlock();
            m_wake.notify_one();
            return;
        }
    }
    done(fail(ErrorCode::Internal, "the server is shutting down; resolve again after it restarts"));
}

void GroupCommitter::run() {
    for (;;) {
        std::deque<Item> pending;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) {
                return; // stopping, and everything queued has been committed
            }
            pending.swap(m_queue);
        }
        commitInOrder(pending);
    }
}

void GroupCommitter::commitQueued() {
    std::deque<Item> pending;
    {
        const std::lock_guard lock(m_mutex);
        pending.swap(m_queue);
    }
    commitInOrder(pending);
}

void GroupCommitter::commitInOrder(std::deque<Item>& pending) {
    // Consecutive pushes form one group; a resolution commits on its own, in its place.
    std::vector<PushItem> group;
    for (Item& item : pending) {
        if (auto* push = std::get_if<PushItem>(&item)) {
            group.push_back(std::move(*push));
            if (group.size() >= m_maxGroup) {
                commitPushes(group);
            }
            continue;
        }
        commitPushes(group);
        commitResolution(std::get<ResolutionItem>(item));
    }
    commitPushes(group);
}

void GroupCommitter::commitPushes(std::vector<PushItem>& group) {
    if (group.empty()) {
        return;
    }
    std::vector<PushBatch> batches;
    batches.reserve(group.size());
    for (PushItem& item : group) {
        for (const RecordPatch& patch : item.batch.changes) {
            for (const auto& [name, change] : patch.fields) {
                m_clock.restore(change.version.hlc); // server stamps come after what it stores
            }
        }
        batches.push_back(std::move(item.batch));
    }
    const auto started = std::chrono::steady_clock::now();
    auto outcomes = m_store.commitPushes(batches, m_clock);
    if (!outcomes && batches.size() > 1) {
        // One bad batch must not fail its neighbours: commit each alone to isolate it.
        logEvent(LogLevel::Warning, "commit.group_failed", {{"reason", outcomes.error().message}});
        std::vector<PushItem> single(1);
        for (std::size_t i = 0; i < group.size(); ++i) {
            single.front() = std::move(group[i]);
            single.front().batch = std::move(batches[i]);
            commitPushes(single);
        }
        group.clear();
        return;
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    m_metrics.commitSeconds.observe(elapsed.count());
    m_metrics.commitBatchPushes.observe(static_cast<double>(group.size()));

    bool changed = false;
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (!outcomes) {
            logEvent(LogLevel::Error, "commit.failed", {{"reason", outcomes.error().message}});
            group[i].done(unexpected(outcomes.error()));
            continue;
        }
        const PushOutcome& outcome = outcomes->at(i);
        changed = changed || outcome.fieldsApplied > 0 || !outcome.conflictIds.empty();
        m_metrics.pushes += 1;
        m_metrics.fieldChangesApplied += outcome.fieldsApplied;
        m_metrics.conflictsRecorded += outcome.conflictIds.size();
        group[i].done(outcome);
    }
    group.clear();
    if (changed && m_committed) {
        m_committed();
    }
}

void GroupCommitter::commitResolution(ResolutionItem& item) {
    auto outcome = m_store.resolveConflict(item.resolution, m_clock);
    const bool changed = outcome.hasValue();
    item.done(std::move(outcome));
    if (changed && m_committed) {
        m_committed();
    }
}

} // namespace knowset::server
