// Searching the knowledge set (PRODUCT.md K6, K7): ranked full text over the local replica with
// search as you type, typo tolerance, filters and highlighted snippets, and the record of a
// search that found nothing useful.
//
// Ranking is bm25 over article_fts with title > summary > tags > body; every word of the query
// must match, each as a prefix (a one-letter word as a whole word). For an agent, published
// articles come before the others; supervisors and admins see one ranking. A query that
// matches more than 1,000 articles (after the filters) ranks the newest 1,000 of them, which
// keeps its time bounded on 100,000 articles.
//
// Typo tolerance: when a query finds nothing, each word no indexed term starts with is replaced
// by the closest indexed term within its typo budget (text_similarity's typoBudget and
// editDistance), found through a trigram index over the vocabulary, and the search runs again.
// Each text search first adds the words of articles written since the previous one to that
// index (a write to the replica's derived search tables, never to records), so it knows every
// word article_fts holds at that moment.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/hlc.hpp"
#include "knowset/domain/actor.hpp"
#include "knowset/store/local_store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace knowset::domain {

// What to look for. Each list filter keeps articles with any of its values (empty: no filter);
// the filters given must all hold. Every member has an initializer, so designated initializers
// may name only the ones they set.
struct ArticleQuery {
    std::string text{};                      // empty: browse the filtered articles by title
    std::optional<std::string> categoryId{}; // this category and every category under it
    std::vector<std::string> kinds{};
    std::vector<std::string> tags{};     // compared without regard to ASCII case
    std::vector<std::string> products{}; // compared without regard to ASCII case
    std::vector<std::string> statuses{};
    bool validToday = false; // valid_from <= today <= valid_to, a missing bound being open
    std::size_t limit = 20;
    std::string highlightStart = "[";
    std::string highlightEnd = "]";
};

struct ArticleHit {
    std::string id;
    std::string title;
    std::string kind;
    std::string status;
    std::string categoryId; // empty when the article has none
    std::string snippet;    // the best passage, matches between the highlight markers; "" when browsing
    std::size_t rank = 0;   // 1 for the first hit
    double score = 0;       // bm25, lower is better; 0 when browsing
};

// A query word the index did not know, and the indexed term searched for instead.
struct Correction {
    std::string typed;
    std::string used;
};

struct ArticleSearchResult {
    std::vector<ArticleHit> hits;
    std::vector<Correction> corrections; // in the order of the query's words

    bool usedTypoTolerance() const { return !corrections.empty(); }
};

// Runs `query` for `actor`; `clock` gives today's date for validToday. Unknown kinds or
// statuses and a zero limit are InvalidChange, an unknown category NotFound.
Result<ArticleSearchResult> searchArticles(LocalStore& store, const Actor& actor, const ArticleQuery& query,
                                           const PhysicalClock& clock = systemClockMillis);

// A search that found nothing useful, for the FAQ candidates (K14).
struct SearchMiss {
    std::string query{};
    std::optional<std::string> categoryId{}; // the category the search was limited to
    std::size_t resultCount = 0;             // what the search showed (0: nothing at all)
};

// Stores `miss` as a search_miss record by `actor` at the clock's time. Call it once per search
// the person gave up on (a committed search with no hits, or "none of these helped"), never
// per keystroke.
Result<LocalWrite> recordSearchMiss(LocalStore& store, const Actor& actor, const SearchMiss& miss,
                                    const PhysicalClock& clock = systemClockMillis);

} // namespace knowset::domain
