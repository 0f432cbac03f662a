#include "knowset/domain/knowledge.hpp"

#include "knowset/schema/registry.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <functional>
#include <set>
#include <unordered_map>

namespace knowset::domain {

namespace {

constexpr std::string_view kArticle = "article";
constexpr std::string_view kCategory = "category";
constexpr std::string_view kComment = "comment";
constexpr std::string_view kFeedback = "feedback";
constexpr std::string_view kInteraction = "interaction";
constexpr std::string_view kKeyMessageKind = "key_message";

// The fields of a key message whose change puts the articles citing it up for review.
constexpr std::array<std::string_view, 7> kKeyMessageContent{"title",    "summary", "body",  "valid_from",
                                                             "valid_to", "kind",    "status"};

constexpr std::array<std::string_view, 4> kStatusNames{"draft", "in_review", "published", "archived"};
constexpr std::array<std::string_view, 3> kOutcomeNames{"worked", "partly", "not"};

// Draft titles: long enough to say what the question was, short enough for a list.
constexpr std::size_t kTitleMaxWords = 12;
constexpr std::size_t kTitleMaxBytes = 120;
constexpr std::size_t kNamesInMessage = 3;

// Runs a read of the domain against SQLite; an exception becomes ErrorCode::Internal naming
// what failed.
template <typename T> Result<T> guardedRead(std::string_view what, const std::function<Result<T>()>& read) {
    try {
        return read();
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, std::string(what) + " failed: " + error.what());
    }
}

std::string singleQuoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

std::string textOf(const Json& fields, std::string_view name) {
    const auto found = fields.find(name);
    return found != fields.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::vector<std::string> stringsIn(const Json& list) {
    std::vector<std::string> strings;
    if (list.is_array()) {
        for (const Json& item : list) {
            if (item.is_string()) {
                strings.push_back(item.get<std::string>());
            }
        }
    }
    return strings;
}

// "1 article", "2 articles"
std::string counted(std::int64_t count, std::string_view one, std::string_view many) {
    return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// "'A', 'B', 'C' and 2 more"
std::string someNames(const std::vector<std::string>& names, std::int64_t total) {
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < kNamesInMessage; ++i) {
        text += (text.empty() ? "" : ", ") + singleQuoted(names[i]);
    }
    const auto shown = static_cast<std::int64_t>(std::min(names.size(), kNamesInMessage));
    if (total > shown) {
        text += " and " + std::to_string(total - shown) + " more";
    }
    return text;
}

// The live record `collection`/`id`, or NotFound naming `field` (the reference being followed).
Result<Record> liveRecord(LocalStore& store, std::string_view collection, std::string_view id,
                          std::string_view field) {
    auto record = store.get(collection, id);
    if (!record) {
        return unexpected(record.error());
    }
    if (!record->has_value() || (*record)->deleted) {
        return fail(ErrorCode::NotFound, std::string(field) + ": no " + std::string(collection) + " " +
                                             std::string(id) + " in this replica");
    }
    return std::move(**record);
}

// The store's validation of one write, run before a batch that carries it so that a refusal
// reads like that of a single write ("article.title: ..." rather than "write 0: ...").
Result<Done> checkWrite(std::string_view collection, const Json& fields, const Json* existing) {
    const auto issues = schema::SchemaRegistry::builtin().validateWrite(collection, fields, existing,
                                                                        schema::UnknownFields::Refuse);
    if (!issues.empty()) {
        return fail(ErrorCode::InvalidChange, schema::describe(issues));
    }
    return Done{};
}

// ---- Lifecycle

std::string allowedTargets(ArticleStatus from) {
    std::string names;
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (transitionRule(from, static_cast<ArticleStatus>(i)) != TransitionRule::Impossible) {
            names += (names.empty() ? "" : " or ") + std::string(kStatusNames[i]);
        }
    }
    return names;
}

Result<Done> checkTransition(const Actor& actor, ArticleStatus from, ArticleStatus to) {
    const std::string change = std::string(toString(from)) + " to " + std::string(toString(to));
    switch (transitionRule(from, to)) {
    case TransitionRule::Impossible:
        return fail(ErrorCode::InvalidChange, "article.status: an article cannot go from " + change +
                                                  " (from " + std::string(toString(from)) + " it can go to " +
                                                  allowedTargets(from) + ")");
    case TransitionRule::SupervisorsOnly:
        if (!actor.canPublish()) {
            return fail(ErrorCode::Forbidden,
                        "article.status: only supervisors and admins may move an article from " + change);
        }
        break;
    case TransitionRule::Anyone:
        break;
    }
    return Done{};
}

// Every id of key_message_ids must name a live key message: a citation of anything else is an
// invalid value of the field (InvalidChange), an unknown id included. Values of the wrong shape
// are left to the schema validation, which names them.
Result<Done> checkKeyMessageIds(LocalStore& store, const Json& fields) {
    const auto ids = fields.find("key_message_ids");
    if (ids == fields.end()) {
        return Done{};
    }
    for (const std::string& id : stringsIn(*ids)) {
        auto cited = liveRecord(store, kArticle, id, "article.key_message_ids");
        if (!cited) {
            const ErrorCode code =
                cited.error().code == ErrorCode::NotFound ? ErrorCode::InvalidChange : cited.error().code;
            return fail(code, cited.error().message);
        }
        if (textOf(cited->fields, "kind") != kKeyMessageKind) {
            return fail(ErrorCode::InvalidChange,
                        "article.key_message_ids: " + singleQuoted(textOf(cited->fields, "title")) + " (" +
                            id + ") is not a key message");
        }
    }
    return Done{};
}

bool changesKeyMessageContent(const Json& current, const Json& changes) {
    return std::any_of(kKeyMessageContent.begin(), kKeyMessageContent.end(), [&](std::string_view name) {
        const auto change = changes.find(name);
        if (change == changes.end()) {
            return false;
        }
        const auto now = current.find(name);
        return now == current.end() ? !change->is_null() : *now != *change;
    });
}

// ---- Article queries

// The conditions of an article query over `records r`, with their bound parameters in order.
class ArticleQuery {
public:
    void require(std::string_view condition, std::string parameter) {
        m_where.append(" AND ").append(condition);
        m_parameters.push_back(std::move(parameter));
    }

    void requireFilter(const ArticleFilter& filter, const std::vector<std::string>& categoryIds) {
        if (!filter.categoryId.empty()) {
            require("json_extract(r.doc, '$.category_id') IN (SELECT value FROM json_each(?))",
                    Json(categoryIds).dump());
        }
        if (!filter.kind.empty()) {
            require("json_extract(r.doc, '$.kind') = ?", filter.kind);
        }
        if (!filter.status.empty()) {
            require("json_extract(r.doc, '$.status') = ?", filter.status);
        }
        if (!filter.tag.empty()) {
            require("EXISTS (SELECT 1 FROM json_each(r.doc, '$.tags') WHERE value = ?)", filter.tag);
        }
        if (!filter.product.empty()) {
            require("EXISTS (SELECT 1 FROM json_each(r.doc, '$.products') WHERE value = ?)", filter.product);
        }
    }

    // `head` ends with the FROM clause naming `records r`; `tail` follows the WHERE clause.
    SQLite::Statement prepare(SQLite::Database& db, std::string_view head, std::string_view tail) const {
        SQLite::Statement statement(db, std::string(head) + " WHERE " + m_where + " " + std::string(tail));
        for (std::size_t i = 0; i < m_parameters.size(); ++i) {
            statement.bind(static_cast<int>(i + 1), m_parameters[i]);
        }
        return statement;
    }

    std::vector<ArticleSummary> summaries(SQLite::Database& db) const {
        SQLite::Statement select =
            prepare(db,
                    "SELECT r.id, json_extract(r.doc, '$.kind'), json_extract(r.doc, '$.status'), "
                    "json_extract(r.doc, '$.title'), json_extract(r.doc, '$.category_id'), "
                    "json_extract(r.doc, '$.tags'), json_extract(r.doc, '$.products'), "
                    "json_type(r.doc, '$.needs_review') = 'true' FROM records r",
                    "ORDER BY json_extract(r.doc, '$.title') COLLATE NOCASE, r.id");
        std::vector<ArticleSummary> articles;
        while (select.executeStep()) {
            ArticleSummary& article = articles.emplace_back();
            article.id = select.getColumn(0).getString();
            article.kind = select.getColumn(1).getString();
            article.status = select.getColumn(2).getString();
            article.title = select.getColumn(3).getString();
            article.categoryId = select.getColumn(4).getString();
            article.tags = listColumn(select.getColumn(5));
            article.products = listColumn(select.getColumn(6));
            article.needsReview = select.getColumn(7).getInt() == 1;
        }
        return articles;
    }

private:
    static std::vector<std::string> listColumn(const SQLite::Column& column) {
        return column.isNull() ? std::vector<std::string>{} : stringsIn(Json::parse(column.getString()));
    }

    std::string m_where = "r.collection = 'article' AND r.deleted = 0";
    std::vector<std::string> m_parameters;
};

// The published articles (other than the key message itself) citing a key message.
std::vector<std::string> publishedCiters(SQLite::Database& db, std::string_view keyMessageId) {
    SQLite::Statement select(db,
                             "SELECT r.id FROM records r WHERE r.collection = 'article' AND r.deleted = 0 "
                             "AND r.id <> ?1 AND json_extract(r.doc, '$.status') = 'published' "
                             "AND EXISTS (SELECT 1 FROM json_each(r.doc, '$.key_message_ids') "
                             "WHERE value = ?1) ORDER BY r.id");
    select.bind(1, std::string(keyMessageId));
    std::vector<std::string> ids;
    while (select.executeStep()) {
        ids.push_back(select.getColumn(0).getString());
    }
    return ids;
}

// "facetPath" is one of two fixed JSON paths, never user input.
Result<std::vector<FacetCount>> facetCounts(LocalStore& store, const ArticleFilter& filter,
                                            std::string_view facetPath) {
    std::vector<std::string> categoryIds;
    if (!filter.categoryId.empty()) {
        auto subtree = categorySubtree(store, filter.categoryId);
        if (!subtree) {
            return unexpected(subtree.error());
        }
        categoryIds = std::move(*subtree);
    }
    return guardedRead<std::vector<FacetCount>>("counting article " + std::string(facetPath), [&] {
        ArticleQuery query;
        query.requireFilter(filter, categoryIds);
        SQLite::Statement select =
            query.prepare(store.database(),
                          "SELECT f.value, count(DISTINCT r.rowid) FROM records r, json_each(r.doc, '$." +
                              std::string(facetPath) + "') f",
                          "GROUP BY f.value ORDER BY 2 DESC, f.value");
        std::vector<FacetCount> counts;
        while (select.executeStep()) {
            counts.push_back({select.getColumn(0).getString(), select.getColumn(1).getInt64()});
        }
        return Result<std::vector<FacetCount>>(std::move(counts));
    });
}

// ---- Categories

struct CategoryRow {
    std::string id;
    std::string name;
    std::string parentId; // as stored
    std::optional<std::int64_t> position;
};

bool lessCaseInsensitive(std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
    });
}

// Siblings in display order: numbered ones by position, then the rest; ties by name, then id.
bool displayOrder(const CategoryRow* a, const CategoryRow* b) {
    if (a->position.has_value() != b->position.has_value()) {
        return a->position.has_value();
    }
    if (a->position != b->position) {
        return *a->position < *b->position;
    }
    if (lessCaseInsensitive(a->name, b->name) || lessCaseInsensitive(b->name, a->name)) {
        return lessCaseInsensitive(a->name, b->name);
    }
    return a->id < b->id;
}

// Every live category with its children in display order. A category whose parent is not a
// live category counts as top level.
class CategoryIndex {
public:
    CategoryIndex(const CategoryIndex&) = delete;
    CategoryIndex& operator=(const CategoryIndex&) = delete;
    CategoryIndex(CategoryIndex&&) = default;
    CategoryIndex& operator=(CategoryIndex&&) = default;

    static CategoryIndex load(SQLite::Database& db) {
        CategoryIndex index;
        SQLite::Statement select(db,
                                 "SELECT id, json_extract(doc, '$.name'), json_extract(doc, '$.parent_id'), "
                                 "json_extract(doc, '$.position') FROM records "
                                 "WHERE collection = 'category' AND deleted = 0");
        while (select.executeStep()) {
            CategoryRow row;
            row.id = select.getColumn(0).getString();
            row.name = select.getColumn(1).getString();
            row.parentId = select.getColumn(2).getString();
            if (select.getColumn(3).isInteger()) {
                row.position = select.getColumn(3).getInt64();
            }
            index.m_rows.push_back(std::move(row));
        }
        for (const CategoryRow& row : index.m_rows) {
            index.m_byId.emplace(row.id, &row);
        }
        for (const CategoryRow& row : index.m_rows) {
            index.m_children[index.effectiveParent(row)].push_back(&row);
        }
        for (auto& [parent, children] : index.m_children) {
            std::sort(children.begin(), children.end(), displayOrder);
        }
        return index;
    }

    const CategoryRow* find(std::string_view id) const {
        const auto found = m_byId.find(std::string(id));
        return found == m_byId.end() ? nullptr : found->second;
    }

    std::string effectiveParent(const CategoryRow& row) const {
        return find(row.parentId) != nullptr ? row.parentId : "";
    }

    const std::vector<const CategoryRow*>& children(const std::string& parentId) const {
        static const std::vector<const CategoryRow*> kNone;
        const auto found = m_children.find(parentId);
        return found == m_children.end() ? kNone : found->second;
    }

    // Depth first from `root`, each category once (concurrent moves can make a cycle).
    void visit(const CategoryRow& root, int depth, std::set<std::string>& seen,
               const std::function<void(const CategoryRow&, int)>& each) const {
        if (!seen.insert(root.id).second) {
            return;
        }
        each(root, depth);
        for (const CategoryRow* child : children(root.id)) {
            visit(*child, depth + 1, seen, each);
        }
    }

    // The whole forest: top-level categories first, then any left in a cycle as top level.
    void visitAll(const std::function<void(const CategoryRow&, int)>& each) const {
        std::set<std::string> seen;
        for (const CategoryRow* root : children("")) {
            visit(*root, 0, seen, each);
        }
        std::vector<const CategoryRow*> rest;
        for (const CategoryRow& row : m_rows) {
            if (!seen.contains(row.id)) {
                rest.push_back(&row);
            }
        }
        std::sort(rest.begin(), rest.end(), displayOrder);
        for (const CategoryRow* row : rest) {
            visit(*row, 0, seen, each);
        }
    }

    std::vector<std::string> subtree(const CategoryRow& root) const {
        std::vector<std::string> ids;
        std::set<std::string> seen;
        visit(root, 0, seen, [&](const CategoryRow& row, int /*depth*/) { ids.push_back(row.id); });
        return ids;
    }

    std::int64_t nextPosition(const std::string& parentId) const {
        std::int64_t last = 0;
        for (const CategoryRow* sibling : children(parentId)) {
            last = std::max(last, sibling->position.value_or(0));
        }
        return std::max(last, static_cast<std::int64_t>(children(parentId).size())) + 1;
    }

private:
    CategoryIndex() = default;

    // Filled before any pointer to its elements is taken; a move keeps the elements in place.
    std::vector<CategoryRow> m_rows;
    std::unordered_map<std::string, const CategoryRow*> m_byId;
    std::unordered_map<std::string, std::vector<const CategoryRow*>> m_children;
};

Result<CategoryIndex> loadCategories(LocalStore& store) {
    return guardedRead<CategoryIndex>("reading the categories", [&] {
        return Result<CategoryIndex>(CategoryIndex::load(store.database()));
    });
}

Result<const CategoryRow*> findCategory(const CategoryIndex& index, std::string_view id,
                                        std::string_view field) {
    const CategoryRow* row = index.find(id);
    if (row == nullptr) {
        return fail(ErrorCode::NotFound,
                    std::string(field) + ": no category " + std::string(id) + " in this replica");
    }
    return row;
}

// Writes that number `ordered` 1..n, for the categories whose position changes. An empty id
// stands for a category being created: it gets no write here (its creation carries it).
std::vector<WriteRequest> renumbered(const std::vector<std::string>& ordered, const CategoryIndex& index) {
    std::vector<WriteRequest> writes;
    for (std::size_t i = 0; i < ordered.size(); ++i) {
        const auto position = static_cast<std::int64_t>(i + 1);
        const CategoryRow* row = ordered[i].empty() ? nullptr : index.find(ordered[i]);
        if (row != nullptr && row->position != position) {
            writes.push_back({std::string(kCategory), row->id, Json{{"position", position}}});
        }
    }
    return writes;
}

// The ids of `siblings` in display order with `placed` inserted at 1-based `position` (past the
// end: last).
std::vector<std::string> placedAmong(const std::vector<const CategoryRow*>& siblings, std::string_view placed,
                                     std::int64_t position) {
    std::vector<std::string> ordered;
    for (const CategoryRow* sibling : siblings) {
        if (sibling->id != placed) {
            ordered.push_back(sibling->id);
        }
    }
    const auto at = std::min(static_cast<std::size_t>(position - 1), ordered.size());
    ordered.insert(ordered.begin() + static_cast<std::ptrdiff_t>(at), std::string(placed));
    return ordered;
}

Result<Done> checkPosition(std::int64_t position) {
    if (position < 1) {
        return fail(ErrorCode::InvalidChange,
                    "category.position: must be 1 or more (1 is first), not " + std::to_string(position));
    }
    return Done{};
}

// ---- Helpfulness counts

constexpr const char* kCountsHead =
    "SELECT json_extract(doc, '$.article_id'), "
    "count(CASE WHEN json_type(doc, '$.helpful') = 'true' THEN 1 END), "
    "count(CASE WHEN json_type(doc, '$.helpful') = 'false' THEN 1 END), "
    "count(CASE WHEN json_extract(doc, '$.answer_outcome') = 'worked' THEN 1 END), "
    "count(CASE WHEN json_extract(doc, '$.answer_outcome') = 'partly' THEN 1 END), "
    "count(CASE WHEN json_extract(doc, '$.answer_outcome') = 'not' THEN 1 END) "
    "FROM records WHERE collection = 'feedback' AND deleted = 0 "
    "AND json_extract(doc, '$.article_id') IS NOT NULL "
    "AND (json_type(doc, '$.helpful') IN ('true', 'false') OR json_extract(doc, '$.answer_outcome') IS NOT "
    "NULL) ";

HelpfulnessCounts countsAt(SQLite::Statement& select) {
    return {select.getColumn(1).getInt64(), select.getColumn(2).getInt64(), select.getColumn(3).getInt64(),
            select.getColumn(4).getInt64(), select.getColumn(5).getInt64()};
}

// ---- Drafts from interactions

std::vector<std::string_view> wordsOf(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t start = text.find_first_not_of(" \t\r\n", at);
        if (start == std::string_view::npos) {
            break;
        }
        const std::size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
        words.push_back(text.substr(start, end - start));
        at = end;
    }
    return words;
}

// The first bytes of `text` up to `limit`, never cutting a UTF-8 sequence.
std::string_view utf8Prefix(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return text;
    }
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
        --end;
    }
    return text.substr(0, end);
}

// The leading words of `text` on one line, "…" when some were left out.
std::string leadingWords(std::string_view text) {
    const auto words = wordsOf(text);
    std::string line;
    std::size_t taken = 0;
    for (; taken < words.size() && taken < kTitleMaxWords; ++taken) {
        const std::size_t length = line.size() + (line.empty() ? 0 : 1) + words[taken].size();
        if (length > kTitleMaxBytes) {
            break;
        }
        line.append(line.empty() ? "" : " ").append(words[taken]);
    }
    if (line.empty() && !words.empty()) {
        line = utf8Prefix(words.front(), kTitleMaxBytes);
    }
    return taken < words.size() ? line + "…" : line;
}

std::string_view trimmed(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string quotedLines(std::string_view text) {
    std::string quote;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        quote.append(line.empty() ? ">" : "> ").append(line).append("\n");
        at = end + 1;
    }
    return quote;
}

std::string draftTitle(const Json& interaction, std::string_view customerWords) {
    std::string title = leadingWords(textOf(interaction, "summary"));
    if (title.empty()) {
        title = leadingWords(customerWords);
    }
    if (title.empty()) {
        title = "Draft from a " + textOf(interaction, "channel") + " " + textOf(interaction, "kind");
    }
    return title;
}

std::string draftBody(const Record& interaction, std::string_view customerWords) {
    std::string body;
    if (!customerWords.empty()) {
        body = "The customer said:\n\n" + quotedLines(customerWords) + "\n";
    }
    body += "Drafted from interaction " + interaction.id + " (" + textOf(interaction.fields, "channel");
    if (const auto day = parseDay(textOf(interaction.fields, "occurred_at"))) {
        body += ", " + formatDay(*day);
    }
    return body + ").";
}

} // namespace

// ---- Articles and their lifecycle

std::optional<ArticleStatus> articleStatusFromString(std::string_view text) {
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == text) {
            return static_cast<ArticleStatus>(i);
        }
    }
    return std::nullopt;
}

std::string_view toString(ArticleStatus status) {
    return kStatusNames[static_cast<std::size_t>(status)];
}

TransitionRule transitionRule(ArticleStatus from, ArticleStatus to) {
    using enum ArticleStatus;
    if ((from == Draft && to == InReview) || (from == InReview && to == Draft)) {
        return TransitionRule::Anyone;
    }
    if (((from == Draft || from == InReview) && to == Published) || (from == Published && to == Archived) ||
        (from == Archived && to == Draft)) {
        return TransitionRule::SupervisorsOnly;
    }
    return TransitionRule::Impossible;
}

Result<LocalWrite> createArticle(LocalStore& store, const Actor& actor, const Json& fields) {
    if (!fields.is_object()) {
        return fail(ErrorCode::InvalidChange, "article: the fields must be an object of field values");
    }
    Json values = fields;
    if (!values.contains("status")) {
        values["status"] = toString(ArticleStatus::Draft);
    } else if (const auto status = articleStatusFromString(textOf(values, "status"));
               status && *status != ArticleStatus::Draft) {
        if (auto allowed = checkTransition(actor, ArticleStatus::Draft, *status); !allowed) {
            return unexpected(allowed.error());
        }
    }
    if (!values.contains("owner") && !actor.user.empty()) {
        values["owner"] = actor.user;
    }
    if (auto cited = checkKeyMessageIds(store, values); !cited) {
        return unexpected(cited.error());
    }
    return store.create(kArticle, values, schema::UnknownFields::Refuse);
}

Result<ArticleUpdate> updateArticle(LocalStore& store, const Actor& actor, std::string_view id,
                                    const Json& fields, const PhysicalClock& clock) {
    if (!fields.is_object() || fields.empty()) {
        return fail(ErrorCode::InvalidChange, "article: nothing to change");
    }
    auto current = liveRecord(store, kArticle, id, "article");
    if (!current) {
        return unexpected(current.error());
    }
    const auto from = articleStatusFromString(textOf(current->fields, "status"));
    const auto to = articleStatusFromString(textOf(fields, "status"));
    if (from && to && *from != *to) {
        if (auto allowed = checkTransition(actor, *from, *to); !allowed) {
            return unexpected(allowed.error());
        }
    }
    if (auto cited = checkKeyMessageIds(store, fields); !cited) {
        return unexpected(cited.error());
    }
    if (auto valid = checkWrite(kArticle, fields, &current->fields); !valid) {
        return unexpected(valid.error());
    }

    std::vector<WriteRequest> writes{{std::string(kArticle), std::string(id), fields}};
    const bool isKeyMessage = textOf(current->fields, "kind") == kKeyMessageKind;
    if (isKeyMessage && changesKeyMessageContent(current->fields, fields)) {
        auto citers = guardedRead<std::vector<std::string>>(
            "finding the articles citing key message " + std::string(id),
            [&] { return Result<std::vector<std::string>>(publishedCiters(store.database(), id)); });
        if (!citers) {
            return unexpected(citers.error());
        }
        const std::string title =
            textOf(fields, "title").empty() ? textOf(current->fields, "title") : textOf(fields, "title");
        const std::string reason = "key message " + singleQuoted(title) + " (" + std::string(id) +
                                   ") changed on " + formatDay(today(clock));
        for (const std::string& citer : *citers) {
            writes.push_back(
                {std::string(kArticle), citer, Json{{"needs_review", true}, {"review_reason", reason}}});
        }
    }
    auto written = store.writeAll(writes, schema::UnknownFields::Refuse);
    if (!written) {
        return unexpected(written.error());
    }
    ArticleUpdate update{written->front(), {}};
    for (std::size_t i = 1; i < written->size(); ++i) {
        update.markedForReview.push_back((*written)[i].id);
    }
    return update;
}

Result<ArticleUpdate> changeArticleStatus(LocalStore& store, const Actor& actor, std::string_view id,
                                          ArticleStatus status, const PhysicalClock& clock) {
    auto current = liveRecord(store, kArticle, id, "article");
    if (!current) {
        return unexpected(current.error());
    }
    if (textOf(current->fields, "status") == toString(status)) {
        return fail(ErrorCode::InvalidChange,
                    "article.status: the article is already " + std::string(toString(status)));
    }
    return updateArticle(store, actor, id, Json{{"status", toString(status)}}, clock);
}

// ---- Verification and freshness

Result<LocalWrite> verifyArticle(LocalStore& store, const Actor& actor, std::string_view id,
                                 int reviewAfterDays, const PhysicalClock& clock) {
    if (reviewAfterDays < 1) {
        return fail(ErrorCode::InvalidChange,
                    "article.review_due: the next review must be at least 1 day away, not " +
                        std::to_string(reviewAfterDays));
    }
    if (actor.user.empty()) {
        return fail(ErrorCode::InvalidChange, "article.verified_by: verifying needs a signed-in user");
    }
    auto current = liveRecord(store, kArticle, id, "article");
    if (!current) {
        return unexpected(current.error());
    }
    const Json fields{{"verified_at", formatTimestamp(now(clock))},
                      {"verified_by", actor.user},
                      {"review_due", formatDay(today(clock) + std::chrono::days(reviewAfterDays))},
                      {"needs_review", false},
                      {"review_reason", nullptr}};
    return store.write(kArticle, id, fields, schema::UnknownFields::Refuse);
}

ArticleFreshness freshnessOf(const Json& fields, Day today) {
    const auto daysBetween = [](Day from, Day to) {
        return static_cast<int>((to - from).count());
    };
    ArticleFreshness freshness;
    freshness.verifiedOn = parseDay(textOf(fields, "verified_at"));
    freshness.verifiedBy = textOf(fields, "verified_by");
    if (freshness.verifiedOn) {
        freshness.daysSinceVerified = daysBetween(*freshness.verifiedOn, today);
    }
    freshness.reviewDue = parseDay(textOf(fields, "review_due"));
    if (freshness.reviewDue) {
        freshness.daysUntilReview = daysBetween(today, *freshness.reviewDue);
        freshness.reviewOverdue = today > *freshness.reviewDue;
    }
    freshness.validTo = parseDay(textOf(fields, "valid_to"));
    freshness.expired = freshness.validTo.has_value() && *freshness.validTo < today;
    const auto needsReview = fields.find("needs_review");
    freshness.needsReview = needsReview != fields.end() && *needsReview == true;
    freshness.reviewReason = textOf(fields, "review_reason");
    return freshness;
}

Result<ArticleFreshness> articleFreshness(LocalStore& store, std::string_view id, Day today) {
    auto article = liveRecord(store, kArticle, id, "article");
    if (!article) {
        return unexpected(article.error());
    }
    return freshnessOf(article->fields, today);
}

// ---- Categories

Result<LocalWrite> createCategory(LocalStore& store, std::string_view name, std::string_view parentId,
                                  std::optional<std::int64_t> position) {
    if (position) {
        if (auto valid = checkPosition(*position); !valid) {
            return unexpected(valid.error());
        }
    }
    auto index = loadCategories(store);
    if (!index) {
        return unexpected(index.error());
    }
    if (!parentId.empty()) {
        if (auto parent = findCategory(*index, parentId, "category.parent_id"); !parent) {
            return unexpected(parent.error());
        }
    }
    const std::string parent(parentId);
    Json fields{{"name", name}};
    if (!parent.empty()) {
        fields["parent_id"] = parent;
    }
    if (auto valid = checkWrite(kCategory, fields, nullptr); !valid) {
        return unexpected(valid.error());
    }
    std::vector<WriteRequest> writes{{std::string(kCategory), "", fields}};
    if (position) {
        const auto ordered = placedAmong(index->children(parent), "", *position);
        const auto created = std::find(ordered.begin(), ordered.end(), "");
        writes.front().fields["position"] = static_cast<std::int64_t>(created - ordered.begin()) + 1;
        const auto others = renumbered(ordered, *index);
        writes.insert(writes.end(), others.begin(), others.end());
    } else {
        writes.front().fields["position"] = index->nextPosition(parent);
    }
    auto written = store.writeAll(writes, schema::UnknownFields::Refuse);
    if (!written) {
        return unexpected(written.error());
    }
    return written->front();
}

Result<LocalWrite> renameCategory(LocalStore& store, std::string_view id, std::string_view name) {
    if (auto category = liveRecord(store, kCategory, id, "category"); !category) {
        return unexpected(category.error());
    }
    return store.write(kCategory, id, Json{{"name", name}}, schema::UnknownFields::Refuse);
}

Result<LocalWrite> moveCategory(LocalStore& store, std::string_view id, std::string_view newParentId) {
    auto index = loadCategories(store);
    if (!index) {
        return unexpected(index.error());
    }
    auto moving = findCategory(*index, id, "category");
    if (!moving) {
        return unexpected(moving.error());
    }
    const std::string parent(newParentId);
    if ((*moving)->parentId == parent) {
        return LocalWrite{std::string(kCategory), std::string(id), {}, 0}; // already there: nothing written
    }
    if (!parent.empty()) {
        auto target = findCategory(*index, parent, "category.parent_id");
        if (!target) {
            return unexpected(target.error());
        }
        const auto subtree = index->subtree(**moving);
        if (std::find(subtree.begin(), subtree.end(), parent) != subtree.end()) {
            return fail(ErrorCode::InvalidChange,
                        "category.parent_id: " + singleQuoted((*moving)->name) + " cannot move under " +
                            (parent == (*moving)->id
                                 ? std::string("itself")
                                 : "its own subcategory " + singleQuoted((*target)->name)));
        }
    }
    const Json fields{{"parent_id", parent.empty() ? Json() : Json(parent)},
                      {"position", index->nextPosition(parent)}};
    return store.write(kCategory, id, fields, schema::UnknownFields::Refuse);
}

Result<std::vector<LocalWrite>> reorderCategory(LocalStore& store, std::string_view id,
                                                std::int64_t position) {
    if (auto valid = checkPosition(position); !valid) {
        return unexpected(valid.error());
    }
    auto index = loadCategories(store);
    if (!index) {
        return unexpected(index.error());
    }
    auto category = findCategory(*index, id, "category");
    if (!category) {
        return unexpected(category.error());
    }
    const auto& siblings = index->children(index->effectiveParent(**category));
    const auto writes = renumbered(placedAmong(siblings, id, position), *index);
    if (writes.empty()) {
        return std::vector<LocalWrite>{};
    }
    return store.writeAll(writes, schema::UnknownFields::Refuse);
}

Result<LocalWrite> deleteCategory(LocalStore& store, std::string_view id) {
    auto index = loadCategories(store);
    if (!index) {
        return unexpected(index.error());
    }
    auto category = findCategory(*index, id, "category");
    if (!category) {
        return unexpected(category.error());
    }
    const std::string name = singleQuoted((*category)->name);
    std::vector<std::string> children;
    for (const CategoryRow* child : index->children((*category)->id)) {
        children.push_back(child->name);
    }
    if (!children.empty()) {
        const auto total = static_cast<std::int64_t>(children.size());
        return fail(ErrorCode::InvalidChange, "category.parent_id: " + name + " still has " +
                                                  counted(total, "subcategory", "subcategories") + " (" +
                                                  someNames(children, total) +
                                                  "); move or delete them first");
    }
    struct Held {
        std::vector<std::string> titles;
        std::int64_t total = 0;
    };
    auto held = guardedRead<Held>("finding the articles of category " + std::string(id), [&] {
        SQLite::Statement select(store.database(),
                                 "SELECT json_extract(doc, '$.title'), count(*) OVER () FROM records "
                                 "WHERE collection = 'article' AND deleted = 0 "
                                 "AND json_extract(doc, '$.category_id') = ? "
                                 "ORDER BY json_extract(doc, '$.title') COLLATE NOCASE LIMIT ?");
        select.bind(1, std::string(id));
        select.bind(2, static_cast<std::int64_t>(kNamesInMessage));
        Held found;
        while (select.executeStep()) {
            found.titles.push_back(select.getColumn(0).getString());
            found.total = select.getColumn(1).getInt64();
        }
        return Result<Held>(std::move(found));
    });
    if (!held) {
        return unexpected(held.error());
    }
    if (held->total > 0) {
        return fail(ErrorCode::InvalidChange, "article.category_id: " + name + " still holds " +
                                                  counted(held->total, "article", "articles") + " (" +
                                                  someNames(held->titles, held->total) +
                                                  "); move them to another category first");
    }
    return store.remove(kCategory, id);
}

Result<std::vector<CategoryNode>> categoryTree(LocalStore& store) {
    auto index = loadCategories(store);
    if (!index) {
        return unexpected(index.error());
    }
    auto counts =
        guardedRead<std::unordered_map<std::string, std::int64_t>>("counting articles per category", [&] {
            SQLite::Statement select(store.database(),
                                     "SELECT json_extract(doc, '$.category_id'), count(*) FROM records "
                                     "WHERE collection = 'article' AND deleted = 0 "
                                     "AND json_extract(doc, '$.category_id') IS NOT NULL GROUP BY 1");
            std::unordered_map<std::string, std::int64_t> perCategory;
            while (select.executeStep()) {
                perCategory.emplace(select.getColumn(0).getString(), select.getColumn(1).getInt64());
            }
            return Result<std::unordered_map<std::string, std::int64_t>>(std::move(perCategory));
        });
    if (!counts) {
        return unexpected(counts.error());
    }
    std::vector<CategoryNode> tree;
    index->visitAll([&](const CategoryRow& row, int depth) {
        const auto count = counts->find(row.id);
        tree.push_back({row.id, row.name, index->effectiveParent(row), row.position, depth,
                        count == counts->end() ? 0 : count->second});
    });
    return tree;
}

Result<std::vector<std::string>> categorySubtree(LocalStore& store, std::string_view id) {
    auto index = loadCategories(store);
    if (!index) {
        return unexpected(index.error());
    }
    auto root = findCategory(*index, id, "category");
    if (!root) {
        return unexpected(root.error());
    }
    return index->subtree(**root);
}

// ---- Article lists and facets

Result<std::vector<ArticleSummary>> listArticles(LocalStore& store, const ArticleFilter& filter) {
    std::vector<std::string> categoryIds;
    if (!filter.categoryId.empty()) {
        auto subtree = categorySubtree(store, filter.categoryId);
        if (!subtree) {
            return unexpected(subtree.error());
        }
        categoryIds = std::move(*subtree);
    }
    return guardedRead<std::vector<ArticleSummary>>("listing articles", [&] {
        ArticleQuery query;
        query.requireFilter(filter, categoryIds);
        return Result<std::vector<ArticleSummary>>(query.summaries(store.database()));
    });
}

Result<std::vector<FacetCount>> articleTags(LocalStore& store, const ArticleFilter& filter) {
    return facetCounts(store, filter, "tags");
}

Result<std::vector<FacetCount>> articleProducts(LocalStore& store, const ArticleFilter& filter) {
    return facetCounts(store, filter, "products");
}

// ---- Comments

Result<LocalWrite> addComment(LocalStore& store, const Actor& actor, std::string_view targetCollection,
                              std::string_view targetId, std::string_view body) {
    if (schema::SchemaRegistry::builtin().collection(targetCollection) == nullptr) {
        return fail(ErrorCode::InvalidChange,
                    "comment.target_collection: there is no collection " + singleQuoted(targetCollection));
    }
    if (auto target = liveRecord(store, targetCollection, targetId, "comment.target_id"); !target) {
        return unexpected(target.error());
    }
    Json fields{{"target_collection", targetCollection}, {"target_id", targetId}, {"body", body}};
    if (!actor.user.empty()) {
        fields["author"] = actor.user;
    }
    return store.create(kComment, fields, schema::UnknownFields::Refuse);
}

Result<std::vector<Comment>> listComments(LocalStore& store, std::string_view targetCollection,
                                          std::string_view targetId) {
    return guardedRead<std::vector<Comment>>("listing comments", [&] {
        SQLite::Statement select(store.database(),
                                 "SELECT id, json_extract(doc, '$.author'), json_extract(doc, '$.body') "
                                 "FROM records WHERE collection = 'comment' AND deleted = 0 "
                                 "AND json_extract(doc, '$.target_collection') = ? "
                                 "AND json_extract(doc, '$.target_id') = ? ORDER BY id");
        select.bind(1, std::string(targetCollection));
        select.bind(2, std::string(targetId));
        std::vector<Comment> comments;
        while (select.executeStep()) {
            comments.push_back({select.getColumn(0).getString(), select.getColumn(1).getString(),
                                select.getColumn(2).getString()});
        }
        return Result<std::vector<Comment>>(std::move(comments));
    });
}

// ---- Key messages

Result<std::vector<ArticleSummary>> keyMessageCiters(LocalStore& store, std::string_view keyMessageId) {
    if (auto keyMessage = liveRecord(store, kArticle, keyMessageId, "article"); !keyMessage) {
        return unexpected(keyMessage.error());
    }
    return guardedRead<std::vector<ArticleSummary>>("listing the articles citing a key message", [&] {
        ArticleQuery query;
        query.require("EXISTS (SELECT 1 FROM json_each(r.doc, '$.key_message_ids') WHERE value = ?)",
                      std::string(keyMessageId));
        return Result<std::vector<ArticleSummary>>(query.summaries(store.database()));
    });
}

// ---- Helpfulness

std::optional<AnswerOutcome> answerOutcomeFromString(std::string_view text) {
    for (std::size_t i = 0; i < kOutcomeNames.size(); ++i) {
        if (kOutcomeNames[i] == text) {
            return static_cast<AnswerOutcome>(i);
        }
    }
    return std::nullopt;
}

std::string_view toString(AnswerOutcome outcome) {
    return kOutcomeNames[static_cast<std::size_t>(outcome)];
}

Result<LocalWrite> recordHelpfulness(LocalStore& store, const Actor& actor, const HelpfulnessReport& report,
                                     const PhysicalClock& clock) {
    if (!report.helpful && !report.outcome) {
        return fail(ErrorCode::InvalidChange,
                    "feedback.helpful: say whether the answer was helpful, how it worked when used, or both");
    }
    if (auto article = liveRecord(store, kArticle, report.articleId, "feedback.article_id"); !article) {
        return unexpected(article.error());
    }
    Json fields{{"source", "unsolicited"},
                {"scale", "helpful"},
                {"article_id", report.articleId},
                {"at", formatTimestamp(now(clock))}};
    std::string branch = actor.branches.empty() ? std::string() : actor.branches.front();
    if (!report.interactionId.empty()) {
        auto interaction = liveRecord(store, kInteraction, report.interactionId, "feedback.interaction_id");
        if (!interaction) {
            return unexpected(interaction.error());
        }
        fields["interaction_id"] = report.interactionId;
        if (const std::string ofInteraction = textOf(interaction->fields, "branch"); !ofInteraction.empty()) {
            branch = ofInteraction;
        }
    }
    if (branch.empty()) {
        return fail(
            ErrorCode::InvalidChange,
            "feedback.branch: " + (actor.user.empty() ? "you work" : singleQuoted(actor.user) + " works") +
                " in no branch, and feedback is kept per branch; "
                "ask an admin to add you to one");
    }
    fields["branch"] = branch;
    if (report.helpful) {
        fields["helpful"] = *report.helpful;
    }
    if (report.outcome) {
        fields["answer_outcome"] = toString(*report.outcome);
    }
    if (!actor.user.empty()) {
        fields["agent"] = actor.user;
    }
    return store.create(kFeedback, fields, schema::UnknownFields::Refuse);
}

Result<HelpfulnessCounts> helpfulnessCounts(LocalStore& store, std::string_view articleId) {
    return guardedRead<HelpfulnessCounts>("counting helpfulness feedback", [&] {
        SQLite::Statement select(store.database(),
                                 std::string(kCountsHead) +
                                     "AND json_extract(doc, '$.article_id') = ? GROUP BY 1");
        select.bind(1, std::string(articleId));
        return Result<HelpfulnessCounts>(select.executeStep() ? countsAt(select) : HelpfulnessCounts{});
    });
}

Result<std::map<std::string, HelpfulnessCounts>> helpfulnessCountsByArticle(LocalStore& store) {
    return guardedRead<std::map<std::string, HelpfulnessCounts>>("counting helpfulness feedback", [&] {
        SQLite::Statement select(store.database(), std::string(kCountsHead) + "GROUP BY 1");
        std::map<std::string, HelpfulnessCounts> counts;
        while (select.executeStep()) {
            counts.emplace(select.getColumn(0).getString(), countsAt(select));
        }
        return Result<std::map<std::string, HelpfulnessCounts>>(std::move(counts));
    });
}

// ---- Drafting from an interaction

Result<LocalWrite> draftFromInteraction(LocalStore& store, const Actor& actor,
                                        std::string_view interactionId) {
    auto interaction = liveRecord(store, kInteraction, interactionId, "article.source_interaction_id");
    if (!interaction) {
        return unexpected(interaction.error());
    }
    const Json& source = interaction->fields;
    std::string words(trimmed(textOf(source, "customer_words")));
    for (const char* fallback : {"details", "summary"}) {
        if (words.empty()) {
            words = trimmed(textOf(source, fallback));
        }
    }
    Json fields{{"kind", "answer"},
                {"status", toString(ArticleStatus::Draft)},
                {"title", draftTitle(source, words)},
                {"body", draftBody(*interaction, words)},
                {"source_interaction_id", interactionId}};
    if (const std::string category = textOf(source, "category_id"); !category.empty()) {
        fields["category_id"] = category;
    }
    if (const std::string product = textOf(source, "product"); !product.empty()) {
        fields["products"] = Json::array({product});
    }
    if (!actor.user.empty()) {
        fields["owner"] = actor.user;
    }
    return store.create(kArticle, fields, schema::UnknownFields::Refuse);
}

} // namespace knowset::domain
