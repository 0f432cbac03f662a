// The records of the benchmarks: about 1 KB each, made of words of a fixed synthetic
// vocabulary whose frequencies fall off like a natural language's (a few words very often,
// most rarely), so the search index does the work it does on real text. Deterministic: record
// i is the same on every run.
#pragma once

#include "knowset/core/patch.hpp"

#include <cstddef>
#include <string>

namespace knowset::bench {

// Fields of customer i: name, e-mail, phone, address, branch (north, south, east in turn),
// segment and notes.
Json benchCustomer(std::size_t index);

// Fields of article i: a published FAQ with title, summary, body and two tags. Its title holds
// the reference "ref<i>", a word no other article has (benchArticleReference).
Json benchArticle(std::size_t index);
std::string benchArticleReference(std::size_t index);

// The fields of record i of `collection` ("customer" or "article").
Json benchRecord(const std::string& collection, std::size_t index);

} // namespace knowset::bench
