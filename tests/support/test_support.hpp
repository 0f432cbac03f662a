// Helpers shared by the unit tests: property-test settings and temporary directories.
#pragma once

#include "knowset/core/error.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>

namespace knowset::test {

struct PropertyConfig {
    std::uint64_t seed = 0;
    int cases = 1000;
};

PropertyConfig& propertyConfig();

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        m_path = std::filesystem::temp_directory_path() /
                 ("knowset-test-" + std::to_string(random()) + "-" + std::to_string(random()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path file(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

} // namespace knowset::test

// Failed results print their error in assertions: REQUIRE(store->write(...)) shows why.
namespace Catch {
template <typename T> struct StringMaker<knowset::Result<T>> {
    static std::string convert(const knowset::Result<T>& result) {
        if (result) {
            return "ok";
        }
        return "error " + std::string(knowset::toString(result.error().code)) + ": " + result.error().message;
    }
};
} // namespace Catch
