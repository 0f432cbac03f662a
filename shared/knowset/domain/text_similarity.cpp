#include "knowset/domain/text_similarity.hpp"

#include <algorithm>
#include <array>
#include <numeric>

namespace knowset::domain {

namespace {

bool isWordByte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80U;
}

// Common English words that say nothing about the topic of a comment, and the fragments that
// folding leaves of contractions ("doesn't" -> "doesn t").
constexpr std::array<std::string_view, 66> kStopWords{
    "a",    "about", "am",    "an",   "and",   "are",  "as",    "at",   "be",    "been", "but",
    "by",   "can",   "could", "d",    "did",   "do",   "does",  "for",  "from",  "had",  "has",
    "have", "hello", "hi",    "how",  "i",     "in",   "is",    "it",   "its",   "just", "ll",
    "m",    "me",    "my",    "no",   "not",   "of",   "on",    "or",   "our",   "re",   "s",
    "so",   "t",     "that",  "the",  "their", "them", "there", "they", "this",  "to",   "ve",
    "very", "was",   "we",    "were", "what",  "when", "will",  "with", "would", "you",  "your"};

bool isStopWord(std::string_view word) {
    return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

} // namespace

std::string foldText(std::string_view text) {
    std::string folded;
    folded.reserve(text.size());
    bool pendingSpace = false;
    for (const char byte : text) {
        const auto c = static_cast<unsigned char>(byte);
        if (!isWordByte(c)) {
            pendingSpace = !folded.empty();
            continue;
        }
        if (pendingSpace) {
            folded += ' ';
            pendingSpace = false;
        }
        folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : byte;
    }
    return folded;
}

std::vector<std::string> foldedWords(std::string_view text) {
    std::vector<std::string> words;
    const std::string folded = foldText(text);
    std::size_t start = 0;
    while (start < folded.size()) {
        const std::size_t end = std::min(folded.find(' ', start), folded.size());
        words.emplace_back(folded.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t lengthGap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (lengthGap > limit) {
        return limit + 1;
    }
    // Three rows of the dynamic programme: the one before the previous is needed for swaps.
    std::vector<std::size_t> beforePrevious(b.size() + 1);
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(previous.begin(), previous.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        std::size_t rowMinimum = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                row[j] = std::min(row[j], beforePrevious[j - 2] + 1);
            }
            rowMinimum = std::min(rowMinimum, row[j]);
        }
        if (rowMinimum > limit) {
            return limit + 1;
        }
        std::swap(beforePrevious, previous);
        std::swap(previous, row);
    }
    return std::min(previous[b.size()], limit + 1);
}

std::size_t typoBudget(std::size_t length) {
    if (length < 4) {
        return 0;
    }
    return length < 8 ? 1 : 2;
}

std::vector<std::string> paddedTrigrams(std::string_view word) {
    const std::string padded = "^" + std::string(word) + "$";
    std::vector<std::string> trigrams;
    for (std::size_t at = 0; at + 3 <= padded.size(); ++at) {
        trigrams.emplace_back(padded.substr(at, 3));
    }
    std::sort(trigrams.begin(), trigrams.end());
    trigrams.erase(std::unique(trigrams.begin(), trigrams.end()), trigrams.end());
    return trigrams;
}

std::vector<std::string> meaningfulWords(std::string_view text) {
    std::vector<std::string> words = foldedWords(text);
    std::erase_if(words, [](const std::string& word) { return isStopWord(word); });
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
}

double wordSetSimilarity(std::string_view a, std::string_view b) {
    const auto left = meaningfulWords(a);
    const auto right = meaningfulWords(b);
    if (left.empty() && right.empty()) {
        return foldText(a) == foldText(b) ? 1.0 : 0.0;
    }
    std::vector<std::string> common;
    std::set_intersection(left.begin(), left.end(), right.begin(), right.end(), std::back_inserter(common));
    const std::size_t together = left.size() + right.size() - common.size();
    return static_cast<double>(common.size()) / static_cast<double>(together);
}

} // namespace knowset::domain
