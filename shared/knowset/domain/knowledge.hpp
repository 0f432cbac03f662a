// The knowledge set (PRODUCT.md K1, K3, K8, K10, K12, K13): the article lifecycle and its role
// rules, verification and freshness, the category tree, article lists and facets, comments,
// key messages and the articles citing them, helpfulness feedback, and drafting an article from
// an interaction. Writes go through LocalStore (validated, journalled, synced); reads are SQL
// over the replica. Errors name "<collection>.<field>"; nothing throws.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/hlc.hpp"
#include "knowset/domain/actor.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/store/local_store.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::domain {

// ---- Articles and their lifecycle (K1)

enum class ArticleStatus { Draft, InReview, Published, Archived };
std::optional<ArticleStatus> articleStatusFromString(std::string_view text);
std::string_view toString(ArticleStatus status);

// Who may move an article from one status to another:
//   draft -> in_review (submit), in_review -> draft (withdraw): anyone;
//   draft or in_review -> published (publish), published -> archived (archive),
//   archived -> draft (revive): supervisors and admins.
// Every other change of status is impossible.
enum class TransitionRule { Anyone, SupervisorsOnly, Impossible };
TransitionRule transitionRule(ArticleStatus from, ArticleStatus to);

// An article as lists show it.
struct ArticleSummary {
    std::string id;
    std::string kind;
    std::string status;
    std::string title;
    std::string categoryId; // "" when uncategorised
    std::vector<std::string> tags;
    std::vector<std::string> products;
    bool needsReview = false;
};

// What an article write did: the write itself and, when the article is a key message whose
// content or status changed, the published articles citing it that now need review.
struct ArticleUpdate {
    LocalWrite article;
    std::vector<std::string> markedForReview; // article ids
};

// Creates an article from its fields. `kind` is required; `status` defaults to draft and any
// other status must be reachable from draft by the actor (an agent cannot create a published
// article: Forbidden); `owner` defaults to the actor; key_message_ids must name key messages.
Result<LocalWrite> createArticle(LocalStore& store, const Actor& actor, const Json& fields);

// Changes the given fields of an article. A new status follows the lifecycle rules; new
// key_message_ids must name key messages. When the article is a key message and its title,
// summary, body, validity, kind or status changes, every published article citing it is marked
// needs_review with a review_reason naming it and the day, in the same transaction.
Result<ArticleUpdate> updateArticle(LocalStore& store, const Actor& actor, std::string_view id,
                                    const Json& fields, const PhysicalClock& clock = systemClockMillis);

// Moves an article to `status` (submit, withdraw, publish, archive, revive). Moving to the
// status it already has is refused (InvalidChange), so "publish" never silently does nothing.
Result<ArticleUpdate> changeArticleStatus(LocalStore& store, const Actor& actor, std::string_view id,
                                          ArticleStatus status,
                                          const PhysicalClock& clock = systemClockMillis);

// ---- Verification and freshness (K10)

inline constexpr int kDefaultReviewAfterDays = 180;

// Records that the actor checked the article today: verified_at = now, verified_by = actor,
// review_due = today + reviewAfterDays (at least 1), needs_review = false, review_reason cleared.
Result<LocalWrite> verifyArticle(LocalStore& store, const Actor& actor, std::string_view id,
                                 int reviewAfterDays = kDefaultReviewAfterDays,
                                 const PhysicalClock& clock = systemClockMillis);

struct ArticleFreshness {
    std::optional<Day> verifiedOn;
    std::string verifiedBy;
    std::optional<int> daysSinceVerified;
    std::optional<Day> reviewDue;
    std::optional<int> daysUntilReview; // negative when the review is overdue
    bool reviewOverdue = false;         // today is after review_due
    std::optional<Day> validTo;
    bool expired = false; // valid_to is before today
    bool needsReview = false;
    std::string reviewReason;
};

// The freshness of an article's current field values on `today` (malformed dates count as absent).
ArticleFreshness freshnessOf(const Json& fields, Day today);
Result<ArticleFreshness> articleFreshness(LocalStore& store, std::string_view id, Day today);

// ---- Categories (K3)
//
// The classification is maintained by anyone (no role rule here or on the server), so these
// take no Actor.

struct CategoryNode {
    std::string id;
    std::string name;
    std::string parentId;                 // "" for a top-level category
    std::optional<std::int64_t> position; // among its siblings, 1 first
    int depth = 0;                        // 0 for a top-level category
    std::int64_t articleCount = 0;        // articles directly in it
};

// Creates a category under `parentId` ("" for top level) at `position` among its siblings
// (1 first; nothing or past the end: last). The siblings after it are renumbered in the same
// transaction.
Result<LocalWrite> createCategory(LocalStore& store, std::string_view name, std::string_view parentId = {},
                                  std::optional<std::int64_t> position = {});
Result<LocalWrite> renameCategory(LocalStore& store, std::string_view id, std::string_view name);
// Moves a category, with its subtree, under `newParentId` ("" for top level), last among its new
// siblings. Moving it under itself or one of its descendants is refused (InvalidChange naming
// category.parent_id).
Result<LocalWrite> moveCategory(LocalStore& store, std::string_view id, std::string_view newParentId);
// Puts a category at `position` (1 first; past the end: last) among its siblings and numbers
// all of them 1..n in one transaction. Returns the writes that changed a position.
Result<std::vector<LocalWrite>> reorderCategory(LocalStore& store, std::string_view id,
                                                std::int64_t position);
// Deletes a category; refused while it has subcategories or articles, naming them.
Result<LocalWrite> deleteCategory(LocalStore& store, std::string_view id);

// Every category depth first, siblings ordered by position (unnumbered last), then name.
// Categories whose parent is missing, or that sit in a cycle made by concurrent moves on two
// replicas, are shown at the top level rather than lost.
Result<std::vector<CategoryNode>> categoryTree(LocalStore& store);
// The category and all its descendants, the category first.
Result<std::vector<std::string>> categorySubtree(LocalStore& store, std::string_view id);

// ---- Article lists and facets (K3)

// Empty members do not filter. The category filter includes its whole subtree.
struct ArticleFilter {
    std::string categoryId;
    std::string kind;
    std::string status;
    std::string tag;
    std::string product;
};

// Live articles matching the filter, ordered by title (case-insensitive), then id.
Result<std::vector<ArticleSummary>> listArticles(LocalStore& store, const ArticleFilter& filter = {});

struct FacetCount {
    std::string value;
    std::int64_t articles = 0;
};
// The tags (or products) of the articles matching the filter, with how many articles carry
// each, most used first, then by name: the chips of the browse view.
Result<std::vector<FacetCount>> articleTags(LocalStore& store, const ArticleFilter& filter = {});
Result<std::vector<FacetCount>> articleProducts(LocalStore& store, const ArticleFilter& filter = {});

// ---- Comments on any record (K1: reviewers comment)

struct Comment {
    std::string id;
    std::string author;
    std::string body;
};

// Comments on a live record of a known collection; the author is the actor.
Result<LocalWrite> addComment(LocalStore& store, const Actor& actor, std::string_view targetCollection,
                              std::string_view targetId, std::string_view body);
// The comments on a record, oldest first (comment ids are UUIDv7, so id order is creation order).
Result<std::vector<Comment>> listComments(LocalStore& store, std::string_view targetCollection,
                                          std::string_view targetId);

// ---- Key messages (K12)

// The live articles whose key_message_ids cite the key message, any status, ordered by title.
Result<std::vector<ArticleSummary>> keyMessageCiters(LocalStore& store, std::string_view keyMessageId);

// ---- Helpfulness (K8)

enum class AnswerOutcome { Worked, Partly, NotWorked };
std::optional<AnswerOutcome> answerOutcomeFromString(std::string_view text); // worked, partly, not
std::string_view toString(AnswerOutcome outcome);

struct HelpfulnessReport {
    std::string articleId;
    std::optional<bool> helpful;          // "was this helpful?"
    std::optional<AnswerOutcome> outcome; // how the answer worked when used
    std::string interactionId;            // optional: the interaction it was used in
};

// Records the report as a feedback record (scale helpful, source unsolicited, at now, agent =
// actor). Feedback is kept per branch: the linked interaction's branch, else the actor's first
// branch; an actor with no branch is refused. At least one of helpful and outcome is needed.
Result<LocalWrite> recordHelpfulness(LocalStore& store, const Actor& actor, const HelpfulnessReport& report,
                                     const PhysicalClock& clock = systemClockMillis);

struct HelpfulnessCounts {
    std::int64_t helpful = 0;
    std::int64_t notHelpful = 0;
    std::int64_t worked = 0;
    std::int64_t partly = 0;
    std::int64_t notWorked = 0;

    bool operator==(const HelpfulnessCounts&) const = default;
};

Result<HelpfulnessCounts> helpfulnessCounts(LocalStore& store, std::string_view articleId);
// Every article with any helpfulness feedback, by article id (one query).
Result<std::map<std::string, HelpfulnessCounts>> helpfulnessCountsByArticle(LocalStore& store);

// ---- Drafting from an interaction (K13)

// Creates a draft answer owned by the actor from an interaction: its category and product, the
// customer's words (customer_words, else details, else summary) quoted in the body, a title
// from the summary or else the first words, and source_interaction_id.
Result<LocalWrite> draftFromInteraction(LocalStore& store, const Actor& actor,
                                        std::string_view interactionId);

} // namespace knowset::domain
