// The unit test runner: Catch2 with two options of our own for the property tests.
//   --property-seed N    run the randomized property tests from seed N (printed on every run)
//   --property-cases N   how many random cases each property test runs
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <random>

#include "test_support.hpp"

namespace knowset::test {

PropertyConfig& propertyConfig() {
    static PropertyConfig config;
    return config;
}

} // namespace knowset::test

int main(int argc, char* argv[]) {
    Catch::Session session;
    auto& config = knowset::test::propertyConfig();
    std::uint64_t seed = 0;
    int cases = 0;
    using Catch::clara::Opt;
    auto cli =
        session.cli() |
        Opt(seed, "seed")["--property-seed"]("seed of the randomized property tests (default: random)") |
        Opt(cases, "count")["--property-cases"]("random cases per property test (default: 1000)");
    session.cli(cli);
    if (const int status = session.applyCommandLine(argc, argv); status != 0) {
        return status;
    }
    if (seed == 0) {
        seed = std::random_device{}();
        seed = (seed << 32U) ^ std::random_device{}();
    }
    config.seed = seed;
    if (cases > 0) {
        config.cases = cases;
    }
    return session.run();
}
