// What the command line of knowset_convergence_tests sets (convergence_main.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace knowset::convergence {

struct ConvergenceSettings {
    std::string program;
    std::uint64_t firstSeed = 1;
    int seeds = 500;
    bool verbose = false;
    std::filesystem::path recordFailures;
};

ConvergenceSettings& settings();

} // namespace knowset::convergence
