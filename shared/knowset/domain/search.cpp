#include "knowset/domain/search.hpp"

#include "knowset/domain/calendar.hpp"
#include "knowset/domain/text_similarity.hpp"
#include "knowset/schema/registry.hpp"
#include "knowset/store/replica_schema.hpp"
#include "knowset/store/sqlite_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <set>
#include <stdexcept>
#include <utility>

namespace knowset::domain {

namespace {

// bm25 weights in the column order of article_fts: title, summary, tags, body.
constexpr const char* kRankExpression = "bm25(article_fts, 10.0, 5.0, 3.0, 1.0)";
// Words of the snippet around the best match.
constexpr int kSnippetWords = 16;
// The longest prefix article_fts indexes (its `prefix` option in replica_schema.cpp).
constexpr std::size_t kLongestIndexedPrefix = 4;
// A longer prefix that covers more terms than this is left to FTS5's own prefix matching.
constexpr std::size_t kMostPrefixTerms = 32;
// bm25 costs microseconds per matching article: a query matching more articles than this ranks
// the newest this many, which bounds its time (issue 7: p95 <= 10 ms on 100,000 articles).
constexpr std::int64_t kRankedCandidates = 1000;

template <typename Function>
auto guarded(std::string_view what, Function&& function) -> decltype(function()) {
    try {
        return function();
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, "search: " + std::string(what) + " failed: " + error.what());
    }
}

// The FTS5 extension interface of the connection (the documented "SELECT fts5(?1)" handshake).
fts5_api* fts5Interface(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    return api;
}

// The tokenizer of article_fts, so that query words and vocabulary terms are split and folded
// exactly as the index splits and folds them.
class IndexTokenizer {
public:
    explicit IndexTokenizer(sqlite3* db) {
        fts5_api* api = fts5Interface(db);
        void* tokenizerData = nullptr;
        if (api == nullptr ||
            api->xFindTokenizer(api, store::kArticleTokenizer, &tokenizerData, &m_methods) != SQLITE_OK) {
            throw std::runtime_error(std::string("the FTS5 tokenizer ") + store::kArticleTokenizer +
                                     " is not available");
        }
        auto arguments = store::kArticleTokenizerArguments;
        if (m_methods.xCreate(tokenizerData, arguments.data(), static_cast<int>(arguments.size()),
                              &m_tokenizer) != SQLITE_OK) {
            throw std::runtime_error("creating the FTS5 tokenizer failed");
        }
    }
    ~IndexTokenizer() { m_methods.xDelete(m_tokenizer); }
    IndexTokenizer(const IndexTokenizer&) = delete;
    IndexTokenizer& operator=(const IndexTokenizer&) = delete;

    // The terms of `text` in order, repeats included. `reason` is FTS5_TOKENIZE_QUERY or
    // FTS5_TOKENIZE_DOCUMENT.
    std::vector<std::string> terms(std::string_view text, int reason) const {
        std::vector<std::string> found;
        const int status = m_methods.xTokenize(m_tokenizer, &found, reason, text.data(),
                                               static_cast<int>(text.size()), collectTerm);
        if (status != SQLITE_OK) {
            throw std::runtime_error("tokenizing text failed");
        }
        return found;
    }

private:
    static int collectTerm(void* context, int /*flags*/, const char* term, int length, int /*start*/,
                           int /*end*/) {
        static_cast<std::vector<std::string>*>(context)->emplace_back(term, static_cast<std::size_t>(length));
        return SQLITE_OK;
    }

    fts5_tokenizer m_methods{};
    Fts5Tokenizer* m_tokenizer = nullptr;
};

std::string commaSeparated(const std::vector<std::string>& values) {
    std::string list;
    for (const auto& value : values) {
        list += (list.empty() ? "" : ", ") + value;
    }
    return list;
}

// Refuses kinds and statuses the schema does not allow, naming the field.
Result<Done> checkAllowed(std::string_view field, const std::vector<std::string>& values) {
    const auto* spec = schema::SchemaRegistry::builtin().collection("article")->field(field);
    for (const auto& value : values) {
        if (std::find(spec->allowed.begin(), spec->allowed.end(), value) == spec->allowed.end()) {
            return fail(ErrorCode::InvalidChange, "article." + std::string(field) + ": '" + value +
                                                      "' is not one of " + commaSeparated(spec->allowed));
        }
    }
    return Done{};
}

Result<Done> checkQuery(SQLite::Database& db, const ArticleQuery& query) {
    if (query.limit == 0) {
        return fail(ErrorCode::InvalidChange, "search.limit: must be at least 1");
    }
    if (auto kinds = checkAllowed("kind", query.kinds); !kinds) {
        return kinds;
    }
    if (auto statuses = checkAllowed("status", query.statuses); !statuses) {
        return statuses;
    }
    if (query.categoryId) {
        SQLite::Statement category(
            db, "SELECT 1 FROM records WHERE collection = 'category' AND id = ? AND deleted = 0");
        category.bind(1, *query.categoryId);
        if (!category.executeStep()) {
            return fail(ErrorCode::NotFound,
                        "article.category_id: no category " + *query.categoryId + " in this replica");
        }
    }
    return Done{};
}

std::string jsonArray(const std::vector<std::string>& values) {
    return Json(values).dump();
}

// The filters of `query` as conditions over article_facets `f`, with their parameters. The SQL
// is made of fixed pieces only; every value is bound.
struct Filters {
    std::string with;       // the WITH clause the conditions need, or ""
    std::string conditions; // " AND ..." for each filter given
    std::vector<std::pair<std::string, std::string>> parameters;

    void bind(SQLite::Statement& statement) const {
        for (const auto& [name, value] : parameters) {
            statement.bind(name, value);
        }
    }
};

// `list` holds any of the values bound to `parameter`, ASCII case aside.
std::string listHoldsAny(std::string_view list, std::string_view parameter) {
    return " AND EXISTS (SELECT 1 FROM json_each(" + std::string(list) +
           ") WHERE lower(value) IN (SELECT lower(value) FROM json_each(" + std::string(parameter) + ")))";
}

Filters filtersOf(const ArticleQuery& query, const PhysicalClock& clock) {
    Filters filters;
    if (query.categoryId) {
        // UNION (not UNION ALL) stops at categories already seen, so a cycle cannot loop.
        filters.with =
            "WITH RECURSIVE subtree(id) AS (SELECT :category UNION "
            "SELECT c.id FROM records c JOIN subtree s ON json_extract(c.doc, '$.parent_id') = s.id "
            "WHERE c.collection = 'category' AND c.deleted = 0) ";
        filters.conditions += " AND f.category_id IN (SELECT id FROM subtree)";
        filters.parameters.emplace_back(":category", *query.categoryId);
    }
    if (!query.kinds.empty()) {
        filters.conditions += " AND f.kind IN (SELECT value FROM json_each(:kinds))";
        filters.parameters.emplace_back(":kinds", jsonArray(query.kinds));
    }
    if (!query.statuses.empty()) {
        filters.conditions += " AND f.status IN (SELECT value FROM json_each(:statuses))";
        filters.parameters.emplace_back(":statuses", jsonArray(query.statuses));
    }
    if (!query.tags.empty()) {
        filters.conditions += listHoldsAny("f.tags", ":tags");
        filters.parameters.emplace_back(":tags", jsonArray(query.tags));
    }
    if (!query.products.empty()) {
        filters.conditions += listHoldsAny("f.products", ":products");
        filters.parameters.emplace_back(":products", jsonArray(query.products));
    }
    if (query.validToday) {
        filters.conditions += " AND (f.valid_from IS NULL OR f.valid_from <= :today)"
                              " AND (f.valid_to IS NULL OR f.valid_to >= :today)";
        filters.parameters.emplace_back(":today", formatDay(today(clock)));
    }
    return filters;
}

// Agents see published articles first; supervisors and admins one ranking.
std::string orderPrefix(const Actor& actor) {
    return actor.isSupervisorOrAdmin() ? "" : "status IS 'published' DESC, ";
}

std::string textOrEmpty(const SQLite::Column& column) {
    return column.isNull() ? std::string() : column.getString();
}

// Rows of `select`: id, title, kind, status, category_id, score, article rowid.
std::vector<std::pair<ArticleHit, std::int64_t>> readHits(SQLite::Statement& select) {
    std::vector<std::pair<ArticleHit, std::int64_t>> hits;
    while (select.executeStep()) {
        ArticleHit hit;
        hit.id = select.getColumn(0).getString();
        hit.title = textOrEmpty(select.getColumn(1));
        hit.kind = textOrEmpty(select.getColumn(2));
        hit.status = textOrEmpty(select.getColumn(3));
        hit.categoryId = textOrEmpty(select.getColumn(4));
        hit.score = select.getColumn(5).getDouble();
        hit.rank = hits.size() + 1;
        hits.emplace_back(std::move(hit), select.getColumn(6).getInt64());
    }
    return hits;
}

std::vector<ArticleHit> browse(SQLite::Database& db, const Actor& actor, const ArticleQuery& query,
                               const Filters& filters) {
    SQLite::Statement select(db,
                             filters.with +
                                 "SELECT f.id, f.title, f.kind, f.status, f.category_id, 0, f.article_rowid "
                                 "FROM article_facets f WHERE TRUE" +
                                 filters.conditions + " ORDER BY " + orderPrefix(actor) +
                                 "title COLLATE NOCASE, id LIMIT :limit");
    filters.bind(select);
    select.bind(":limit", static_cast<std::int64_t>(std::min<std::size_t>(query.limit, INT64_MAX)));
    std::vector<ArticleHit> hits;
    for (auto& [hit, rowid] : readHits(select)) {
        hits.push_back(std::move(hit));
    }
    return hits;
}

std::string quotedTerm(std::string_view term) {
    std::string quoted = "\"";
    for (const char c : term) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

// The MATCH expression for `word` as a prefix. FTS5 answers a prefix longer than its prefix
// indexes by merging the doclists of every term it covers before it returns one row, which
// costs tens of milliseconds for common words on 100,000 articles; an OR of those terms
// (from search_term) is read lazily instead. A one-letter word matches as a whole word.
std::string prefixExpression(SQLite::Statement& termsWithPrefix, const std::string& word) {
    if (word.size() == 1) {
        return quotedTerm(word);
    }
    if (word.size() <= kLongestIndexedPrefix) {
        return quotedTerm(word) + "*";
    }
    std::string upperBound = word;
    upperBound.back() = static_cast<char>(upperBound.back() + 1); // the last byte of a term is never 0xFF
    termsWithPrefix.bind(1, word);
    termsWithPrefix.bind(2, upperBound);
    termsWithPrefix.bind(3, static_cast<std::int64_t>(kMostPrefixTerms + 1));
    std::vector<std::string> terms;
    while (termsWithPrefix.executeStep()) {
        terms.push_back(termsWithPrefix.getColumn(0).getString());
    }
    termsWithPrefix.reset();
    if (terms.empty() || terms.size() > kMostPrefixTerms) {
        return quotedTerm(word) + "*";
    }
    std::string expression;
    for (const auto& term : terms) {
        expression += (expression.empty() ? "(" : " OR ") + quotedTerm(term);
    }
    return expression + ")";
}

// The MATCH expression for `words`: all of them, each as a prefix.
std::string matchExpression(SQLite::Database& db, const std::vector<std::string>& words) {
    SQLite::Statement termsWithPrefix(db, "SELECT term FROM search_term WHERE term >= ? AND term < ? "
                                          "ORDER BY term LIMIT ?");
    std::string match;
    for (const auto& word : words) {
        match += (match.empty() ? "" : " AND ") + prefixExpression(termsWithPrefix, word);
    }
    return match;
}

std::vector<ArticleHit> rankedSearch(SQLite::Database& db, const Actor& actor, const ArticleQuery& query,
                                     const Filters& filters, const std::vector<std::string>& words) {
    const std::string match = matchExpression(db, words);
    // The newest kRankedCandidates matches that pass the filters are ranked (all of them, for
    // any query that is not very broad).
    SQLite::Statement select(
        db, filters.with + "SELECT * FROM (SELECT f.id, f.title, f.kind, f.status, f.category_id, " +
                kRankExpression +
                " AS score, article_fts.rowid "
                "FROM article_fts JOIN article_facets f ON f.article_rowid = article_fts.rowid "
                "WHERE article_fts MATCH :match" +
                filters.conditions +
                " ORDER BY article_fts.rowid DESC LIMIT :candidates) AS candidate ORDER BY " +
                orderPrefix(actor) + "score, id LIMIT :limit");
    filters.bind(select);
    select.bind(":match", match);
    select.bind(":candidates", static_cast<std::int64_t>(kRankedCandidates));
    select.bind(":limit", static_cast<std::int64_t>(std::min<std::size_t>(query.limit, INT64_MAX)));
    auto found = readHits(select);

    // Snippets for the hits only, not for every match the ranking looked at.
    SQLite::Statement snippet(db,
                              "SELECT snippet(article_fts, -1, :start, :end, '…', :words) FROM article_fts "
                              "WHERE article_fts MATCH :match AND rowid = :rowid");
    snippet.bind(":start", query.highlightStart);
    snippet.bind(":end", query.highlightEnd);
    snippet.bind(":words", kSnippetWords);
    snippet.bind(":match", match);
    std::vector<ArticleHit> hits;
    for (auto& [hit, rowid] : found) {
        snippet.bind(":rowid", rowid);
        if (snippet.executeStep()) {
            hit.snippet = textOrEmpty(snippet.getColumn(0));
        }
        snippet.reset();
        hits.push_back(std::move(hit));
    }
    return hits;
}

// Whether article_fts holds a term that starts with `word`, and so can match it.
bool indexKnows(SQLite::Database& db, const std::string& word) {
    SQLite::Statement next(db, "SELECT term FROM article_vocabulary WHERE term >= ? ORDER BY term LIMIT 1");
    next.bind(1, word);
    return next.executeStep() && next.getColumn(0).getString().starts_with(word);
}

// Adds the terms of the articles written since the last call to search_term and
// search_trigram, in one write transaction, so the typo index knows every indexed word.
void absorbPendingArticles(SQLite::Database& db, const IndexTokenizer& tokenizer) {
    if (db.execAndGet("SELECT EXISTS (SELECT 1 FROM search_term_pending)").getInt() == 0) {
        return;
    }
    WriteTransaction transaction(db);
    std::set<std::string> terms;
    SQLite::Statement pending(db, "SELECT a.title, a.summary, a.tags, a.body FROM search_term_pending p "
                                  "JOIN article_fts a ON a.rowid = p.article_rowid");
    while (pending.executeStep()) {
        for (int column = 0; column < 4; ++column) {
            for (auto& term :
                 tokenizer.terms(textOrEmpty(pending.getColumn(column)), FTS5_TOKENIZE_DOCUMENT)) {
                terms.insert(std::move(term));
            }
        }
    }
    SQLite::Statement insertTerm(db, "INSERT OR IGNORE INTO search_term (term) VALUES (?)");
    SQLite::Statement insertTrigram(
        db, "INSERT OR IGNORE INTO search_trigram (trigram, length, term) VALUES (?, ?, ?)");
    for (const auto& term : terms) {
        insertTerm.bind(1, term);
        const bool isNew = insertTerm.exec() == 1;
        insertTerm.reset();
        if (!isNew) {
            continue;
        }
        for (const auto& trigram : paddedTrigrams(term)) {
            insertTrigram.bind(1, trigram);
            insertTrigram.bind(2, static_cast<std::int64_t>(term.size()));
            insertTrigram.bind(3, term);
            insertTrigram.exec();
            insertTrigram.reset();
        }
    }
    db.exec("DELETE FROM search_term_pending");
    transaction.commit();
}

// The indexed term closest to `word` within its typo budget: the fewest edits, then the most
// articles, then the first in order. Nothing when no term is close enough.
std::optional<std::string> closestTerm(SQLite::Database& db, const std::string& word) {
    const std::size_t budget = typoBudget(word.size());
    const auto trigrams = paddedTrigrams(word);
    // One edit changes at most four trigrams (a swap of two neighbours), so a term within the
    // budget shares at least this many with the word.
    const auto sharedAtLeast = std::max<std::int64_t>(1, static_cast<std::int64_t>(trigrams.size()) -
                                                             4 * static_cast<std::int64_t>(budget));
    SQLite::Statement candidates(db, "SELECT term FROM search_trigram "
                                     "WHERE trigram IN (SELECT value FROM json_each(:trigrams)) "
                                     "AND length BETWEEN :shortest AND :longest "
                                     "GROUP BY term HAVING count(*) >= :shared");
    candidates.bind(":trigrams", jsonArray(trigrams));
    candidates.bind(":shortest", static_cast<std::int64_t>(word.size() - std::min(budget, word.size())));
    candidates.bind(":longest", static_cast<std::int64_t>(word.size() + budget));
    candidates.bind(":shared", sharedAtLeast);
    std::vector<std::pair<std::size_t, std::string>> close; // (edits, term)
    while (candidates.executeStep()) {
        std::string term = candidates.getColumn(0).getString();
        const std::size_t edits = editDistance(word, term, budget);
        if (edits <= budget) {
            close.emplace_back(edits, std::move(term));
        }
    }
    std::sort(close.begin(), close.end());

    // The typo index keeps terms whose articles are gone: article_vocabulary says which are live.
    SQLite::Statement documents(db, "SELECT doc FROM article_vocabulary WHERE term = ?");
    std::optional<std::string> best;
    std::int64_t bestDocuments = 0;
    for (std::size_t at = 0; at < close.size() && (!best || close[at].first == close.front().first); ++at) {
        documents.bind(1, close[at].second);
        if (documents.executeStep() && documents.getColumn(0).getInt64() > bestDocuments) {
            best = close[at].second;
            bestDocuments = documents.getColumn(0).getInt64();
        }
        documents.reset();
    }
    return best;
}

} // namespace

Result<ArticleSearchResult> searchArticles(LocalStore& store, const Actor& actor, const ArticleQuery& query,
                                           const PhysicalClock& clock) {
    return guarded("searching articles", [&]() -> Result<ArticleSearchResult> {
        SQLite::Database& db = store.database();
        if (auto checked = checkQuery(db, query); !checked) {
            return unexpected(checked.error());
        }
        const Filters filters = filtersOf(query, clock);
        const IndexTokenizer tokenizer(db.getHandle());
        std::vector<std::string> words = tokenizer.terms(query.text, FTS5_TOKENIZE_QUERY);
        ArticleSearchResult result;
        if (words.empty()) {
            result.hits = browse(db, actor, query, filters);
            return result;
        }
        // Prefix expansion and the typo index need every indexed term in search_term.
        absorbPendingArticles(db, tokenizer);
        result.hits = rankedSearch(db, actor, query, filters, words);
        if (!result.hits.empty()) {
            return result;
        }
        // Nothing found: every word the index does not know is a typo candidate.
        for (auto& word : words) {
            if (typoBudget(word.size()) == 0 || indexKnows(db, word)) {
                continue;
            }
            if (auto term = closestTerm(db, word)) {
                result.corrections.push_back(Correction{word, *term});
                word = std::move(*term);
            }
        }
        if (result.usedTypoTolerance()) {
            result.hits = rankedSearch(db, actor, query, filters, words);
        }
        return result;
    });
}

Result<LocalWrite> recordSearchMiss(LocalStore& store, const Actor& actor, const SearchMiss& miss,
                                    const PhysicalClock& clock) {
    const auto first = miss.query.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return fail(ErrorCode::InvalidChange, "search_miss.query: a search without words is not a miss");
    }
    const auto last = miss.query.find_last_not_of(" \t\r\n");
    Json fields{{"query", miss.query.substr(first, last - first + 1)},
                {"at", formatTimestamp(now(clock))},
                {"result_count", static_cast<std::int64_t>(miss.resultCount)}};
    if (!actor.user.empty()) {
        fields["agent"] = actor.user;
    }
    if (miss.categoryId) {
        fields["category_id"] = *miss.categoryId;
    }
    return store.create("search_miss", fields, schema::UnknownFields::Refuse);
}

} // namespace knowset::domain
