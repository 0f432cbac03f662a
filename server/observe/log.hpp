// One line per event on stderr: time, level, event name, then key=value pairs.
// Callers pass only what is safe to log: user names, ids, codes, counts, addresses. Never a
// token, a password, a message's contents or personal data.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace knowset::server {

enum class LogLevel { Debug, Info, Warning, Error };

using LogField = std::pair<std::string_view, std::string>;

void logEvent(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});
void setMinimumLogLevel(LogLevel level);

} // namespace knowset::server
