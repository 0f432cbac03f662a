// Comparing short texts written by people: search typo tolerance, duplicate customer names,
// near-duplicate comments. Folding lower-cases ASCII and turns anything that is not a letter or
// digit into a word break; bytes of non-ASCII UTF-8 letters are kept as they are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::domain {

// "Ms. O'Brien,  42" -> "ms o brien 42"
std::string foldText(std::string_view text);
// The words of the folded text, in order.
std::vector<std::string> foldedWords(std::string_view text);

// The optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
// two neighbours, each 1) between two byte strings; any value above `limit` is returned as
// limit + 1, which lets the computation stop early.
std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit = 3);

// The typo budget for a word of this many bytes: 0 below 4, 1 below 8, else 2.
std::size_t typoBudget(std::size_t length);

// The trigrams of a word padded as "^word$" ("ab" -> "^ab", "ab$"), for finding words that
// differ by a typo.
std::vector<std::string> paddedTrigrams(std::string_view word);

// Jaccard similarity of the two texts' sets of folded words that carry meaning (stop words
// such as "the", "and", "my" are left out): 1 for the same words, 0 for none in common.
double wordSetSimilarity(std::string_view a, std::string_view b);

// The folded words that carry meaning, sorted and without repeats.
std::vector<std::string> meaningfulWords(std::string_view text);

} // namespace knowset::domain
