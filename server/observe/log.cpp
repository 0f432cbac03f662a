#include "server/observe/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace knowset::server {

namespace {

std::atomic<LogLevel> minimumLevel{LogLevel::Info};
std::mutex outputMutex;

std::string_view levelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Info:
        return "info";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Error:
        return "error";
    }
    return "info";
}

// Values are quoted when they hold spaces or quotes, so a line always splits unambiguously.
void appendValue(std::string& line, std::string_view value) {
    const bool plain = !value.empty() && value.find_first_of(" \"=\n\r\t") == std::string_view::npos;
    if (plain) {
        line += value;
        return;
    }
    line += '"';
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            line += '\\';
            line += c;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            line += ' ';
        } else {
            line += c;
        }
    }
    line += '"';
}

} // namespace

void setMinimumLogLevel(LogLevel level) {
    minimumLevel = level;
}

void logEvent(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
    if (level < minimumLevel.load()) {
        return;
    }
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));

    std::string line = stamp;
    line += ' ';
    line += levelName(level);
    line += ' ';
    line += event;
    for (const auto& [key, value] : fields) {
        line += ' ';
        line += key;
        line += '=';
        appendValue(line, value);
    }
    line += '\n';
    const std::lock_guard lock(outputMutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace knowset::server
