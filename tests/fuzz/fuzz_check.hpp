// What the fuzz targets (RELIABILITY.md T5) share: a check that stops the run.
//
// A failed FUZZ_CHECK prints what broke and aborts, which libFuzzer reports as a crash (and
// keeps the input) and the corpus replay test reports as a failure naming the input file.
// Checks stay on in every build type, unlike assert().
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace knowset::fuzz {

[[noreturn]] inline void failCheck(const char* condition, const char* file, int line,
                                   const std::string& detail) {
    std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n  %s\n", file, line, condition, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

// Whether `text` is valid UTF-8 (nlohmann's strict dump refuses anything else).
inline bool isValidUtf8(std::string_view text) {
    try {
        (void)nlohmann::json(std::string(text)).dump();
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

} // namespace knowset::fuzz

#define FUZZ_CHECK(condition, detail)                                                                        \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            ::knowset::fuzz::failCheck(#condition, __FILE__, __LINE__, (detail));                            \
        }                                                                                                    \
    } while (false)
