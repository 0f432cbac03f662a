// A child process of a benchmark (knowset-server, knowset-cli): started with posix_spawn, its
// output in files, its peak resident memory read from /proc while it runs and from wait4's
// rusage once it has exited. Failures throw std::runtime_error with the command and its output.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <sys/types.h>
#include <vector>

namespace knowset::bench {

class ChildProcess {
public:
    // `name` names the log files under `logDirectory`; `input` is written to standard input.
    ChildProcess(std::vector<std::string> args, const std::filesystem::path& logDirectory,
                 const std::string& name, const std::string& input = {});
    ~ChildProcess(); // kill -9 and reap if it still runs
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return m_pid; }
    bool running();
    // Peak resident set in KiB: VmHWM while it runs, ru_maxrss once reaped.
    long peakRssKilobytes();
    // CPU time (user + system) in seconds: from /proc while it runs, from wait4 once reaped.
    double cpuSeconds();
    void signal(int number);
    // Waits for the exit; returns the exit code (or -signal). Throws when `timeout` passes first.
    int wait(std::chrono::milliseconds timeout);
    // The command line, exit code and the end of its output: for error messages.
    std::string describe() const;
    std::string standardOutput() const;

private:
    void reap(int status, const struct rusage& usage);

    std::vector<std::string> m_args;
    std::filesystem::path m_out;
    std::filesystem::path m_err;
    pid_t m_pid = -1;
    std::optional<int> m_exitCode;
    long m_peakRssKilobytes = 0;
    double m_cpuSeconds = 0;
};

// Runs `args` to completion; throws (with its output) unless it exits 0. Returns stdout.
std::string runToCompletion(const std::vector<std::string>& args, const std::filesystem::path& logDirectory,
                            const std::string& name, const std::string& input = {},
                            std::chrono::milliseconds timeout = std::chrono::minutes(5));

// The path of a Knowset binary beside this benchmark's build tree (KNOWSET_SERVER_BINARY and
// KNOWSET_CLI_BINARY are compiled in by bench/CMakeLists.txt).
const std::string& serverBinary();
const std::string& cliBinary();

} // namespace knowset::bench
