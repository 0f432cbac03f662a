#include "spawn_child.hpp"

#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <unistd.h>

namespace knowset::test {

namespace {

std::vector<char*> pointersTo(std::vector<std::string>& texts) {
    std::vector<char*> pointers;
    pointers.reserve(texts.size() + 1);
    for (std::string& text : texts) {
        pointers.push_back(text.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

} // namespace

pid_t spawnChild(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                 const std::filesystem::path& inputFile, const std::filesystem::path& outFile,
                 const std::filesystem::path& errFile) {
    if (args.empty()) {
        throw std::runtime_error("no command to start");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string input = inputFile.empty() ? std::string("/dev/null") : inputFile.string();
    const std::string out = outFile.string();
    const std::string err = errFile.string();
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, input.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    std::vector<std::string> argStorage = args;
    std::vector<std::string> envStorage = environment;
    const std::vector<char*> argv = pointersTo(argStorage);
    const std::vector<char*> envp = pointersTo(envStorage);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        std::string command;
        for (const std::string& arg : args) {
            command += (command.empty() ? "" : " ") + arg;
        }
        throw std::runtime_error("cannot start " + command + ": " + std::strerror(spawned));
    }
    return pid;
}

} // namespace knowset::test
