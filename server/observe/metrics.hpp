// Counters and histograms for GET /metrics, rendered in the Prometheus text format
// (version 0.0.4). Lock-free for counters; histograms take a small mutex.
#pragma once

#include "knowset/core/error.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace knowset::server {

class Histogram {
public:
    explicit Histogram(std::vector<double> upperBounds);
    void observe(double value);
    // Appends the _bucket, _sum and _count lines of `name`.
    void render(std::string& out, const std::string& name, const std::string& help) const;

private:
    mutable std::mutex m_mutex;
    std::vector<double> m_bounds;
    std::vector<std::uint64_t> m_counts; // one per bound, plus +Inf
    double m_sum = 0;
    std::uint64_t m_count = 0;
};

struct Metrics {
    std::atomic<std::int64_t> connectionsOpen{0};
    std::atomic<std::uint64_t> connectionsTotal{0};
    std::atomic<std::uint64_t> pushes{0};
    std::atomic<std::uint64_t> fieldChangesApplied{0};
    std::atomic<std::uint64_t> conflictsRecorded{0};
    std::atomic<std::uint64_t> pullRecordsSent{0};
    std::atomic<std::uint64_t> liveRecordsSent{0};
    std::array<std::atomic<std::uint64_t>, 10> errorsByCode{}; // indexed by ErrorCode
    Histogram commitSeconds{{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2}};
    Histogram commitBatchPushes{{1, 2, 4, 8, 16, 32, 64, 128, 256}};

    void countError(ErrorCode code);
    std::string render() const;
};

} // namespace knowset::server
