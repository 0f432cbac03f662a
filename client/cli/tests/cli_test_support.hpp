// Running knowset-cli in-process against a temporary profile.
#pragma once

#include "knowset/store/local_store.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace knowset::cli::test {

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// knowset-cli ARGS... (without the program name), with `input` as standard input.
CliResult runCli(const std::vector<std::string>& args, const std::string& input = {});

// A profile directory holding a replica (what login leaves), without a server.
std::unique_ptr<LocalStore> makeReplica(const std::filesystem::path& profile);

// Writes `text` to `file`.
void writeText(const std::filesystem::path& file, const std::string& text);

} // namespace knowset::cli::test
