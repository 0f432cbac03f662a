#include "bench_process.hpp"

#include <csignal>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "spawn_child.hpp"

extern char** environ;

namespace knowset::bench {

namespace {

std::string readTail(const std::filesystem::path& file, std::size_t limit = 3000) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    return all.size() <= limit ? all : "..." + all.substr(all.size() - limit);
}

std::string joined(const std::vector<std::string>& args) {
    std::string line;
    for (const std::string& arg : args) {
        line += (line.empty() ? "" : " ") + arg;
    }
    return line;
}

long vmHighWaterMark(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmHWM:")) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

} // namespace

ChildProcess::ChildProcess(std::vector<std::string> args, const std::filesystem::path& logDirectory,
                           const std::string& name, const std::string& input)
    : m_args(std::move(args))
    , m_out(logDirectory / (name + ".out"))
    , m_err(logDirectory / (name + ".err")) {
    std::filesystem::create_directories(logDirectory);
    const auto inputFile = logDirectory / (name + ".in");
    std::ofstream(inputFile) << input;

    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        environment.emplace_back(*entry);
    }
    m_pid = test::spawnChild(m_args, environment, inputFile, m_out, m_err);
}

ChildProcess::~ChildProcess() {
    if (!m_exitCode && m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

void ChildProcess::reap(int status, const struct rusage& usage) {
    m_exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    m_peakRssKilobytes = std::max(m_peakRssKilobytes, usage.ru_maxrss);
    const auto toSeconds = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
    };
    m_cpuSeconds = toSeconds(usage.ru_utime) + toSeconds(usage.ru_stime);
}

bool ChildProcess::running() {
    if (m_exitCode) {
        return false;
    }
    int status = 0;
    rusage usage{};
    if (::wait4(m_pid, &status, WNOHANG, &usage) == m_pid) {
        reap(status, usage);
        return false;
    }
    return true;
}

long ChildProcess::peakRssKilobytes() {
    if (running()) {
        m_peakRssKilobytes = std::max(m_peakRssKilobytes, vmHighWaterMark(m_pid));
    }
    return m_peakRssKilobytes;
}

double ChildProcess::cpuSeconds() {
    if (running()) {
        // Fields 14 and 15 of /proc/PID/stat: user and system time in clock ticks.
        std::ifstream stat("/proc/" + std::to_string(m_pid) + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        std::istringstream fields(text.substr(text.rfind(')') + 2));
        std::string field;
        double ticks = 0;
        for (int index = 3; fields >> field; ++index) {
            if (index == 14 || index == 15) {
                ticks += std::stod(field);
            }
        }
        m_cpuSeconds = ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
    return m_cpuSeconds;
}

void ChildProcess::signal(int number) {
    if (running()) {
        ::kill(m_pid, number);
    }
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("still running after " + std::to_string(timeout.count()) +
                                     " ms: " + describe());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return *m_exitCode;
}

std::string ChildProcess::describe() const {
    return joined(m_args) + (m_exitCode ? " (exit " + std::to_string(*m_exitCode) + ")" : " (running)") +
           "\nstdout: " + readTail(m_out) + "\nstderr: " + readTail(m_err);
}

std::string ChildProcess::standardOutput() const {
    return readTail(m_out, std::string::npos);
}

std::string runToCompletion(const std::vector<std::string>& args, const std::filesystem::path& logDirectory,
                            const std::string& name, const std::string& input,
                            std::chrono::milliseconds timeout) {
    ChildProcess child(args, logDirectory, name, input);
    if (child.wait(timeout) != 0) {
        throw std::runtime_error("failed: " + child.describe());
    }
    return child.standardOutput();
}

const std::string& serverBinary() {
    static const std::string path = KNOWSET_SERVER_BINARY;
    return path;
}

const std::string& cliBinary() {
    static const std::string path = KNOWSET_CLI_BINARY;
    return path;
}

} // namespace knowset::bench
