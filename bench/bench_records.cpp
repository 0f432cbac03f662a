#include "bench_records.hpp"

#include <array>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

namespace knowset::bench {

namespace {

constexpr std::size_t kVocabularySize = 20'000;

// Pronounceable words of two to four syllables, the same on every run.
const std::vector<std::string>& vocabulary() {
    static const std::vector<std::string> words = [] {
        static constexpr std::array<const char*, 24> syllables{
            "ka",  "ro", "mi", "te", "lu", "san", "vo", "re",  "di",  "po", "gan", "el",
            "tor", "bi", "nu", "fa", "se", "quo", "li", "mar", "ten", "ob", "cy",  "ha"};
        std::mt19937_64 random(20261123);
        std::vector<std::string> made;
        made.reserve(kVocabularySize);
        while (made.size() < kVocabularySize) {
            std::string word;
            const int count = 2 + static_cast<int>(random() % 3);
            for (int s = 0; s < count; ++s) {
                word += syllables[random() % syllables.size()];
            }
            made.push_back(std::move(word));
        }
        return made;
    }();
    return words;
}

// `count` words, rank r drawn with probability about 1/r (a Zipf-like law).
std::string words(std::mt19937_64& random, std::size_t count) {
    const auto& all = vocabulary();
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::string text;
    for (std::size_t i = 0; i < count; ++i) {
        const auto rank =
            static_cast<std::size_t>(std::pow(static_cast<double>(all.size()), unit(random))) - 1;
        text += (i == 0 ? "" : " ") + all[std::min(rank, all.size() - 1)];
    }
    return text;
}

std::mt19937_64 streamFor(std::size_t index, std::uint64_t kind) {
    return std::mt19937_64(index * 0x9E3779B97F4A7C15ULL + kind);
}

} // namespace

Json benchCustomer(std::size_t index) {
    static constexpr std::array<const char*, 3> branches{"north", "south", "east"};
    auto random = streamFor(index, 1);
    const std::string number = std::to_string(index);
    return {
        {"name", words(random, 2) + " " + number},
        {"email", "customer" + number + "@example.org"},
        {"phone", "+44 20 7946 " + std::to_string(1000 + index % 9000)},
        {"address", std::to_string(1 + index % 300) + " " + words(random, 3) + " Road, " + words(random, 1)},
        {"branch", branches[index % branches.size()]},
        {"segment", index % 5 == 0 ? "business" : "residential"},
        {"notes", words(random, 110)}};
}

std::string benchArticleReference(std::size_t index) {
    return "ref" + std::to_string(index);
}

Json benchArticle(std::size_t index) {
    auto random = streamFor(index, 2);
    return {{"kind", "faq"},
            {"status", "published"},
            {"title", words(random, 6) + " " + benchArticleReference(index)},
            {"summary", words(random, 18)},
            {"body", words(random, 110)},
            {"tags", Json::array({words(random, 1), words(random, 1)})}};
}

Json benchRecord(const std::string& collection, std::size_t index) {
    if (collection == "customer") {
        return benchCustomer(index);
    }
    if (collection == "article") {
        return benchArticle(index);
    }
    throw std::invalid_argument("no benchmark records of " + collection);
}

} // namespace knowset::bench
