// Starts a child process with posix_spawn: standard input from a file (or /dev/null), standard
// output and error into files. Shared by the end-to-end harness and the benchmarks.
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace knowset::test {

// `args[0]` is the binary's path; `environment` holds "KEY=value" entries. Throws
// std::runtime_error naming the command when it cannot be started.
pid_t spawnChild(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                 const std::filesystem::path& inputFile, const std::filesystem::path& outFile,
                 const std::filesystem::path& errFile);

} // namespace knowset::test
