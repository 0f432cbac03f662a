// How hard a SQLite store pushes its commits to disk; shared by the client replica and the
// server store.
#pragma once

namespace knowset {

enum class Synchronous {
    Full,   // durable across power loss: the default (RELIABILITY.md promise 1)
    Normal, // durable across application crashes only
    Off,    // for throw-away stores in tests
};

} // namespace knowset
