// The one writer. Sessions hand it pushes and conflict resolutions; its thread takes
// everything queued, commits all pending pushes in one transaction (group commit, so
// throughput does not collapse into one fsync per push), then answers each submitter and
// tells the hub that new changes are visible. Order is first come, first committed, so a
// connection's acks come back in the order of its pushes.
#pragma once

#include "knowset/core/hlc.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>

#include "server/observe/metrics.hpp"
#include "server/store/server_store.hpp"

namespace knowset::server {

class GroupCommitter {
public:
    using PushDone = std::function<void(Result<PushOutcome>)>;
    using ResolutionDone = std::function<void(Result<ResolutionOutcome>)>;
    using CommittedListener = std::function<void()>;

    GroupCommitter(ServerStore& store, HybridClock clock, Metrics& metrics, std::size_t maxGroup = 256);
    ~GroupCommitter();
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    // Called on the committer's thread after every commit that changed something.
    void setCommittedListener(CommittedListener listener);
    void start();
    // Commits everything already queued, then stops; later submissions fail with `internal`.
    void stop();
    // Instead of start(), for a caller that drives the writer itself (a deterministic
    // simulation): commits everything queued so far on the calling thread, exactly as the
    // writer's thread would, and returns when done.
    void commitQueued();

    // `done` runs on the committer's thread: post to your own executor from it.
    void submit(PushBatch batch, PushDone done);
    void submit(Resolution resolution, ResolutionDone done);

private:
    struct PushItem {
        PushBatch batch;
        PushDone done;
    };
    struct ResolutionItem {
        Resolution resolution;
        ResolutionDone done;
    };
    using Item = std::variant<PushItem, ResolutionItem>;

    void run();
    void commitInOrder(std::deque<Item>& pending);
    void commitPushes(std::vector<PushItem>& group);
    void commitResolution(ResolutionItem& item);

    ServerStore& m_store;
    HybridClock m_clock;
    Metrics& m_metrics;
    std::size_t m_maxGroup;
    CommittedListener m_committed;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Item> m_queue;
    bool m_stopping = false;
    bool m_started = false;
    std::thread m_thread;
};

} // namespace knowset::server
