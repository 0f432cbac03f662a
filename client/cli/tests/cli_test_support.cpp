#include "cli_test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "client/cli/command_line.hpp"

namespace knowset::cli::test {

CliResult runCli(const std::vector<std::string>& args, const std::string& input) {
    std::vector<const char*> argv{"knowset-cli"};
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in(input);
    CliResult result;
    result.exitCode = run(static_cast<int>(argv.size()), argv.data(), out, err, in);
    result.out = out.str();
    result.err = err.str();
    return result;
}

std::unique_ptr<LocalStore> makeReplica(const std::filesystem::path& profile) {
    std::filesystem::create_directories(profile);
    StoreOptions options;
    options.path = profile / "replica.sqlite";
    auto store = LocalStore::open(options);
    REQUIRE(store);
    return std::move(*store);
}

void writeText(const std::filesystem::path& file, const std::string& text) {
    std::ofstream output(file, std::ios::binary);
    output << text;
    REQUIRE(output.good());
}

} // namespace knowset::cli::test
