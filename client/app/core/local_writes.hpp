// What the screens' action objects (KnowledgeActions, CustomerActions, InteractionActions,
// ConflictActions) share: local writes on the store worker as the signed-in user, a count of
// those under way (the objects' `busy`), and failures reported to the status bar
// (App.reportError) before the object's own failure signal.
#pragma once

#include "knowset/domain/actor.hpp"
#include "knowset/store/local_store.hpp"

#include <QObject>
#include <QString>

#include <functional>
#include <type_traits>
#include <utility>

#include "client/app/core/app_controller.hpp"

namespace knowset::app {

class LocalWrites {
public:
    // `owner`: the action object (results are dropped once it is gone); `busyChanged` is called
    // whenever busy() flips.
    LocalWrites(QObject& owner, std::function<void()> busyChanged)
        : m_owner(owner)
        , m_busyChanged(std::move(busyChanged)) {}

    bool busy() const { return m_pending > 0; }

    // Runs `write` on the store worker: write(store, actor) as the signed-in user, or
    // write(store) when it needs no actor. Then on the GUI thread: a failure is reported to
    // App.reportError and handed to failed(message); a success's value goes to succeeded(value).
    // Without a controller (no session) nothing runs.
    template <typename Write, typename Succeeded, typename Failed>
    void run(Write write, Succeeded succeeded, Failed failed) {
        AppController* controller = AppController::instance();
        if (controller == nullptr) {
            return;
        }
        change(+1);
        controller->write(
            &m_owner,
            [actor = controller->actor(), write = std::move(write)](LocalStore& store) mutable {
                if constexpr (std::is_invocable_v<Write&, LocalStore&, const domain::Actor&>) {
                    return write(store, actor);
                } else {
                    return write(store);
                }
            },
            [this, succeeded = std::move(succeeded), failed = std::move(failed)](auto result) mutable {
                change(-1);
                if (!result) {
                    const QString message = QString::fromStdString(result.error().message);
                    report(message);
                    failed(message);
                    return;
                }
                succeeded(std::move(*result));
            });
    }

    // Reports a failure found before any write was made.
    static void report(const QString& message) {
        if (AppController* controller = AppController::instance()) {
            controller->reportError(message);
        }
    }

private:
    void change(int delta) {
        const bool before = busy();
        m_pending += delta;
        if (busy() != before && m_busyChanged) {
            m_busyChanged();
        }
    }

    QObject& m_owner;
    std::function<void()> m_busyChanged;
    int m_pending = 0;
};

} // namespace knowset::app
