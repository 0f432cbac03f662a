// The words of the demo organisation: Tidewater Broadband's category tree, what its articles
// say, what its customers say, its agents and teams. Pure data, written for this project; the
// generator (demo_data.cpp) picks from it with its own seeded random numbers.
#pragma once

#include <string_view>
#include <vector>

namespace knowset::domain::demo {

inline constexpr std::string_view kCompany = "Tidewater Broadband";
inline constexpr std::string_view kApp = "Tidewater app";

struct CategoryEntry {
    std::string_view name;
    int parent = -1; // index of the parent in categories(), -1 at the top level
    std::string_view description;
};

// The tree in pre-order: every parent comes before its children.
const std::vector<CategoryEntry>& categories();

// What one leaf category is about: the raw material of its articles and interactions.
struct Topic {
    int category = 0; // index into categories()
    std::vector<std::string_view> titles;
    std::vector<std::string_view> facts; // sentences of an article body
    std::vector<std::string_view> steps; // steps of a procedure
    std::vector<std::string_view> tags;
    std::vector<std::string_view> products; // empty: the customer's broadband plan
    std::vector<std::string_view> customerWords;
    std::string_view summary;     // how an agent sums the contact up
    std::vector<int> keyMessages; // indices into keyMessages() that its articles cite
    int weight = 10;              // relative share of interactions
    bool hasArticles = true;      // false: a topic customers ask about that nobody wrote up yet
    bool rising = false;          // grows clearly over the last four weeks
    bool complaints = false;      // every contact about it is a complaint
    std::string_view escalateTo;  // the specialist team for needs_specialist escalations
};

const std::vector<Topic>& topics();

struct KeyMessage {
    std::string_view title;
    std::string_view summary;
    std::string_view body;
    std::vector<std::string_view> tags;
};

const std::vector<KeyMessage>& keyMessages();

struct Agent {
    std::string_view user;
    int branch = 0; // index into kBranches
    std::string_view team;
};

inline constexpr std::string_view kBranches[] = {"north", "south", "east"};
const std::vector<Agent>& agents();

// Shared pools of text.
struct Phrases {
    std::vector<std::string_view> articleOpenings;  // "{title}" is replaced
    std::vector<std::string_view> generalAdvice;    // everyday support sentences
    std::vector<std::string_view> titleQualifiers;  // tell apart articles that share a title
    std::vector<std::string_view> customerOpenings; // before what the customer says
    // A short aside after what the customer says, always four words that carry meaning: texts
    // about the same problem then differ enough (word-set similarity below 0.6) that only real
    // clusters, not the generator's templates, look like repeated comments.
    std::vector<std::string_view> customerAsides;
    std::vector<std::string_view> resolvedActions; // the end of a summary, by outcome
    std::vector<std::string_view> followUpActions;
    std::vector<std::string_view> escalatedActions;
    std::vector<std::string_view> pendingActions;
    std::vector<std::string_view> praise;        // survey comments, good scores
    std::vector<std::string_view> praiseEndings; // ... and how they end
    std::vector<std::string_view> criticism;     // survey comments, poor scores
    std::vector<std::string_view> criticismEndings;
    std::vector<std::string_view> unsolicited;     // comments customers send unasked
    std::vector<std::string_view> anecdotal;       // what agents note customers said
    std::vector<std::string_view> commentEndings;  // ... and how either ends
    std::vector<std::string_view> articleComments; // colleagues discussing an article
    std::vector<std::string_view> identityMethods;
    std::vector<std::string_view> segments;
    std::vector<std::string_view> firstNames;
    std::vector<std::string_view> lastNames;
    std::vector<std::string_view> streets;
    std::vector<std::string_view> towns[3]; // per branch
    std::vector<std::string_view> mailDomains;
};

const Phrases& phrases();

// Groups of near-identical comments several customers sent within a few days: the pattern
// the repeated-comments insight looks for.
const std::vector<std::vector<std::string_view>>& repeatedComments();

// Searches that found nothing useful, with how often each comes up (relative).
struct MissedSearch {
    std::string_view query;
    int weight = 1;
    int topic = -1; // index into topics() of the category it was searched in, -1 for none
};

const std::vector<MissedSearch>& missedSearches();

} // namespace knowset::domain::demo
