// The runner of the convergence tests: Catch2 with the options of the seeded simulation.
//   --seeds N            how many random seeds the seed test runs (default 500)
//   --first-seed S       the first of them (default: random, printed)
//   --verbose            print every action of every seed (for replaying one seed)
//   --record-failures F  append each failing seed to F, one line with a comment (the soak
//                        script passes tests/data/convergence_regressions.txt)
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <random>

#include "convergence_settings.hpp"

namespace knowset::convergence {

ConvergenceSettings& settings() {
    static ConvergenceSettings instance;
    return instance;
}

} // namespace knowset::convergence

int main(int argc, char* argv[]) {
    Catch::Session session;
    auto& settings = knowset::convergence::settings();
    settings.program = argc > 0 ? argv[0] : "knowset_convergence_tests";
    std::uint64_t firstSeed = 0;
    bool haveFirstSeed = false;
    std::string recordFailures;
    using Catch::clara::Opt;
    auto cli =
        session.cli() |
        Opt(settings.seeds, "count")["--seeds"]("random seeds the seed test runs (default 500)") |
        Opt(
            [&](std::uint64_t seed) {
                firstSeed = seed;
                haveFirstSeed = true;
            },
            "seed")["--first-seed"]("the first seed (default: random)") |
        Opt(settings.verbose)["--verbose"]("print every action of the simulation") |
        Opt(recordFailures, "file")["--record-failures"]("append failing seeds to this regression file");
    session.cli(cli);
    if (const int status = session.applyCommandLine(argc, argv); status != 0) {
        return status;
    }
    if (!haveFirstSeed) {
        std::random_device random;
        firstSeed = (static_cast<std::uint64_t>(random()) << 20U) ^ random(); // small enough to type
        firstSeed %= 1'000'000'000'000ULL;
    }
    settings.firstSeed = firstSeed;
    settings.recordFailures = recordFailures;
    return session.run();
}
