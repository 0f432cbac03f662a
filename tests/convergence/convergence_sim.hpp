// T1 (RELIABILITY.md): one seeded, deterministic run of the convergence simulation.
//
// 2 to 8 replicas (real LocalStore files, real SyncSession) and one server (real SQLite
// store file, real SyncConnection and GroupCommitter, driven on the simulation's thread)
// exchange frames over simulated links. The seed decides everything: local edits, deletes,
// restores and conflict resolutions, who is online and in which mode, when the writer
// commits, which frames are lost (the connection stalls until it is cut) or delivered twice,
// in which order the connections' frames reach the server (a connection the client already
// gave up included), when connections break and when the server restarts (gracefully or as a
// crash) from its file. Frames of one connection keep their order, as TCP keeps it.
// Afterwards everything heals and syncs to quiescence, and the run checks: every replica's
// canonical dump equals the server's, no journal entry is left or lost, nothing was applied
// twice, and the conflicts recorded are exactly the concurrent overwrites the test's own model
// (convergence_model.hpp) found.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace knowset::convergence {

struct SimulationOptions {
    bool verbose = false; // print every action as it happens
};

struct SimulationReport {
    int replicas = 0;
    int records = 0;
    int steps = 0;
    std::size_t writes = 0;      // journalled local writes
    std::size_t conflicts = 0;   // conflicts recorded (and expected)
    std::size_t resolutions = 0; // conflicts resolved
    std::size_t sessions = 0;
    std::size_t restarts = 0;
    std::size_t framesLost = 0;
    std::size_t framesRepeated = 0;
    std::size_t framesStale = 0; // reached the server after their connection's client had left
    std::size_t cuts = 0;
    std::size_t actions = 0;       // every step the run took, healing included
    std::uint64_t fingerprint = 0; // of the final server state and history: equal for a replay
};

// Runs seed `seed` with its files under `directory` (which must exist and be empty).
// Throws SimulationFailure (convergence_model.hpp) naming what went wrong, with the last
// actions that led there.
SimulationReport runSimulation(std::uint64_t seed, const std::filesystem::path& directory,
                               const SimulationOptions& options = {});

} // namespace knowset::convergence
