#include "server/observe/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace knowset::server {

namespace {

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

void renderCounter(std::string& out, const char* name, const char* help, const char* type, double value) {
    out += std::string("# HELP ") + name + ' ' + help + '\n';
    out += std::string("# TYPE ") + name + ' ' + type + '\n';
    out += std::string(name) + ' ' + number(value) + '\n';
}

} // namespace

Histogram::Histogram(std::vector<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_counts(m_bounds.size() + 1, 0) {}

void Histogram::observe(double value) {
    const std::lock_guard lock(m_mutex);
    const auto bucket = static_cast<std::size_t>(std::lower_bound(m_bounds.begin(), m_bounds.end(), value) -
                                                 m_bounds.begin());
    ++m_counts[bucket];
    m_sum += value;
    ++m_count;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& help) const {
    const std::lock_guard lock(m_mutex);
    out += "# HELP " + name + ' ' + help + '\n';
    out += "# TYPE " + name + " histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts[i];
        out += name + "_bucket{le=\"" + number(m_bounds[i]) + "\"} " + std::to_string(cumulative) + '\n';
    }
    cumulative += m_counts.back();
    out += name + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + '\n';
    out += name + "_sum " + number(m_sum) + '\n';
    out += name + "_count " + std::to_string(m_count) + '\n';
}

void Metrics::countError(ErrorCode code) {
    const auto index = static_cast<std::size_t>(code);
    if (index < errorsByCode.size()) {
        ++errorsByCode[index];
    }
}

std::string Metrics::render() const {
    std::string out;
    renderCounter(out, "knowset_connections_open", "WebSocket connections open now.", "gauge",
                  static_cast<double>(connectionsOpen.load()));
    renderCounter(out, "knowset_connections_total", "WebSocket connections accepted.", "counter",
                  static_cast<double>(connectionsTotal.load()));
    renderCounter(out, "knowset_pushes_total", "Push messages committed.", "counter",
                  static_cast<double>(pushes.load()));
    renderCounter(out, "knowset_field_changes_applied_total", "Field changes applied by pushes.", "counter",
                  static_cast<double>(fieldChangesApplied.load()));
    renderCounter(out, "knowset_conflicts_recorded_total", "Conflicts found by pushes.", "counter",
                  static_cast<double>(conflictsRecorded.load()));
    renderCounter(out, "knowset_pull_records_sent_total", "Records sent in answer to pulls.", "counter",
                  static_cast<double>(pullRecordsSent.load()));
    renderCounter(out, "knowset_live_records_sent_total", "Records streamed live after catch-up.", "counter",
                  static_cast<double>(liveRecordsSent.load()));
    out += "# HELP knowset_errors_total Error messages sent, by code.\n# TYPE knowset_errors_total counter\n";
    for (std::size_t i = 0; i < errorsByCode.size(); ++i) {
        out += "knowset_errors_total{code=\"" + std::string(toString(static_cast<ErrorCode>(i))) + "\"} " +
               std::to_string(errorsByCode[i].load()) + '\n';
    }
    commitSeconds.render(out, "knowset_commit_seconds", "Duration of one group commit.");
    commitBatchPushes.render(out, "knowset_commit_batch_pushes",
                             "Pushes committed together in one group commit.");
    return out;
}

} // namespace knowset::server
