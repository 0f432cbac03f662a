// A signed-in desktop-app session for tests, without a server: a profile whose replica holds a
// small, fixed demo organisation (the demo generator's records, 26 weeks up to 2026-11-20),
// an AppController started on it. The sync engine points at a closed loopback port, so the app
// is offline, as a field agent's laptop often is.
#pragma once

#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/app/core/app_controller.hpp"

namespace knowset::app::testing {

struct GuiFixtureOptions {
    std::string user = "sam";
    std::vector<std::string> roles{"supervisor"};
    std::vector<std::string> branches{"north", "south", "east"};
};

class GuiFixture {
public:
    explicit GuiFixture(GuiFixtureOptions options = {});
    ~GuiFixture();

    AppController& controller() { return *m_controller; }
    std::filesystem::path profileDirectory() const;

private:
    QTemporaryDir m_directory;
    std::unique_ptr<AppController> m_controller;
};

// A field conflict on `field` of the article `articleId`, written into `store` as the server
// writes one (a remote change): the winner typed by alice on 2026-11-18 a minute after the
// loser by bob. Returns the conflict's id; throws when the store refuses.
std::string writeFieldConflict(LocalStore& store, const std::string& articleId, const std::string& field,
                               const Json& winner, const Json& loser);

// Marks a conflict resolved with `value` by `by`, as the server's change would arrive.
void markConflictResolved(LocalStore& store, const std::string& conflictId, const Json& value,
                          const std::string& by = "sam");

// Spins the event loop until `condition` holds; false after `timeoutMs`.
bool waitUntil(const std::function<bool()>& condition, int timeoutMs = 15000);

// The demo organisation's day of reference (the last day of its interactions).
constexpr const char* kDemoUntil = "2026-11-20";

} // namespace knowset::app::testing
