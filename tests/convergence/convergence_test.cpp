// T1 (RELIABILITY.md): replicas and the server converge under a hostile network, checked over
// many seeded simulations (convergence_sim.hpp). Seeds that ever failed are kept in
// tests/data/convergence_regressions.txt and replayed first.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "convergence_model.hpp"
#include "convergence_settings.hpp"
#include "convergence_sim.hpp"
#include "test_support.hpp"

namespace knowset::convergence {

namespace {

struct Totals {
    std::size_t seeds = 0;
    std::size_t replicas = 0;
    std::size_t writes = 0;
    std::size_t conflicts = 0;
    std::size_t resolutions = 0;
    std::size_t sessions = 0;
    std::size_t restarts = 0;
    std::size_t lost = 0;
    std::size_t repeated = 0;
    std::size_t stale = 0;
    std::size_t cuts = 0;

    void add(const SimulationReport& report) {
        ++seeds;
        replicas += static_cast<std::size_t>(report.replicas);
        writes += report.writes;
        conflicts += report.conflicts;
        resolutions += report.resolutions;
        sessions += report.sessions;
        restarts += report.restarts;
        lost += report.framesLost;
        repeated += report.framesRepeated;
        stale += report.framesStale;
        cuts += report.cuts;
    }
    std::string describe() const {
        std::ostringstream out;
        out << seeds << " seeds, " << replicas << " replicas, " << writes << " journalled writes, "
            << conflicts << " conflicts (" << resolutions << " resolved), " << sessions << " sessions, "
            << restarts << " server restarts, frames lost " << lost << ", repeated " << repeated << ", stale "
            << stale << ", links cut " << cuts;
        return out.str();
    }
};

// Runs one seed; on failure prints it with the command that replays it and returns false.
bool runSeed(std::uint64_t seed, Totals& totals) {
    test::TempDir directory;
    SimulationOptions options;
    options.verbose = settings().verbose;
    if (options.verbose) {
        std::cout << "seed " << seed << ":\n";
    }
    try {
        totals.add(runSimulation(seed, directory.path(), options));
        return true;
    } catch (const SimulationFailure& failure) {
        std::cout << "T1 convergence FAILED for seed " << seed << ": " << failure.what()
                  << "\n  replay: " << settings().program << " --first-seed " << seed
                  << " --seeds 1 --verbose\n"
                  << "  keep it: add the line \"" << seed
                  << "  # <what failed>\" to tests/data/convergence_regressions.txt\n";
    } catch (const std::exception& error) {
        std::cout << "T1 convergence FAILED for seed " << seed << " with an exception: " << error.what()
                  << "\n  replay: " << settings().program << " --first-seed " << seed
                  << " --seeds 1 --verbose\n";
    }
    if (!settings().recordFailures.empty()) {
        std::ofstream(settings().recordFailures, std::ios::app) << seed << "  # found by the soak\n";
    }
    return false;
}

std::vector<std::uint64_t> regressionSeeds() {
    std::ifstream file(std::string(KNOWSET_TEST_DATA_DIR) + "/convergence_regressions.txt");
    REQUIRE(file);
    std::vector<std::uint64_t> seeds;
    std::string line;
    while (std::getline(file, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream fields(line);
        std::uint64_t seed = 0;
        if (fields >> seed) {
            seeds.push_back(seed);
        }
    }
    return seeds;
}

} // namespace

TEST_CASE("T1 convergence: the seeds of past failures still converge", "[t1]") {
    const auto seeds = regressionSeeds();
    Totals totals;
    std::vector<std::uint64_t> failed;
    for (const std::uint64_t seed : seeds) {
        if (!runSeed(seed, totals)) {
            failed.push_back(seed);
        }
    }
    std::cout << "T1 convergence regressions: " << totals.describe() << '\n';
    CHECK(failed.empty());
}

TEST_CASE("T1 convergence: a seed replays exactly", "[t1]") {
    // The promise behind "replay a failing seed": the same seed takes the same steps and ends
    // in the same server state, in another directory and another run.
    const std::uint64_t seed = settings().firstSeed;
    std::vector<SimulationReport> runs;
    for (int run = 0; run < 2; ++run) {
        test::TempDir directory;
        runs.push_back(runSimulation(seed, directory.path()));
    }
    INFO("seed " << seed);
    CHECK(runs[0].actions == runs[1].actions);
    CHECK(runs[0].fingerprint == runs[1].fingerprint);
    CHECK(runs[0].writes == runs[1].writes);
    CHECK(runs[0].conflicts == runs[1].conflicts);
    CHECK(runs[0].framesLost == runs[1].framesLost);
}

TEST_CASE("T1 convergence: replicas and server converge over a faulty network, nothing lost or doubled",
          "[t1]") {
    const std::uint64_t first = settings().firstSeed;
    const int count = settings().seeds;
    std::cout << "T1 convergence: seeds " << first << " to " << first + static_cast<std::uint64_t>(count) - 1
              << " (replay one with --first-seed S --seeds 1 --verbose)\n";
    const auto started = std::chrono::steady_clock::now();
    Totals totals;
    std::vector<std::uint64_t> failed;
    constexpr std::size_t kStopAfterFailures = 5;
    for (int i = 0; i < count && failed.size() < kStopAfterFailures; ++i) {
        const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
        if (!runSeed(seed, totals)) {
            failed.push_back(seed);
        }
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    std::cout << "T1 convergence: " << totals.describe() << " in " << elapsed.count() << " s\n";
    INFO("failing seeds are printed above with the command that replays them");
    CHECK(failed.empty());
}

} // namespace knowset::convergence
