// The knowledge-set commands against the replica of a signed-in profile (no server): the
// lifecycle by role, categories, comments, key messages, helpfulness and drafts, with what they
// write, print and refuse.
#include "knowset/sync/profile.hpp"

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "test_support.hpp"

using namespace knowset;
using knowset::cli::test::CliResult;
using knowset::cli::test::makeReplica;
using knowset::cli::test::runCli;

namespace {

class Desk {
public:
    explicit Desk(const std::string& role)
        : m_path(m_dir.file("profile"))
        , m_store(makeReplica(m_path)) {
        signIn(role == "agent" ? "alice" : "sam", role);
    }

    void signIn(const std::string& user, const std::string& role,
                std::vector<std::string> branches = {"north"}) {
        sync::Profile saved;
        saved.directory = m_path;
        saved.url = "ws://127.0.0.1:1";
        saved.user = user;
        saved.token = "token-of-" + user;
        saved.roles = {role};
        saved.branches = std::move(branches);
        REQUIRE(sync::saveProfile(saved));
    }

    CliResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--profile", m_path.string()});
        return runCli(args);
    }

    // A command that must succeed; its --json document.
    Json json(std::vector<std::string> args) {
        args.emplace_back("--json");
        const CliResult result = run(std::move(args));
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        return Json::parse(result.out);
    }

    // A command that must succeed; its first line of text (a new record's id).
    std::string id(std::vector<std::string> args) {
        const CliResult result = run(std::move(args));
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        return result.out.substr(0, result.out.find('\n'));
    }

    Json fields(std::string_view collection, const std::string& id) {
        auto record = m_store->get(collection, id);
        REQUIRE(record);
        REQUIRE(record->has_value());
        return (*record)->fields;
    }

    std::int64_t journalSize() {
        auto pending = m_store->pendingCount();
        REQUIRE(pending);
        return *pending;
    }

    LocalStore& store() { return *m_store; }

private:
    test::TempDir m_dir;
    std::filesystem::path m_path;
    std::unique_ptr<LocalStore> m_store;
};

void checkRefusedLine(const CliResult& result, std::string_view field) {
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.starts_with("knowset-cli: " + std::string(field) + ":"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
}

} // namespace

TEST_CASE("CLI knowledge: an agent submits, a supervisor publishes", "[cli][knowledge]") {
    Desk desk("agent");
    const std::string id = desk.id({"article", "add", "--title", "Meter readings", "--kind", "faq"});
    CHECK(desk.fields("article", id)["owner"] == "alice");
    CHECK(desk.fields("article", id)["status"] == "draft");

    checkRefusedLine(desk.run({"article", "add", "--title", "T", "--status", "published"}), "article.status");
    CHECK(desk.run({"article", "submit", id}).out == "article " + id + " is now in_review\n");

    const std::int64_t journal = desk.journalSize();
    const CliResult publish = desk.run({"article", "publish", id});
    checkRefusedLine(publish, "article.status");
    CHECK(publish.err.find("ask a supervisor or an admin") != std::string::npos);
    checkRefusedLine(desk.run({"article", "edit", id, "--status", "published"}), "article.status");
    CHECK(desk.journalSize() == journal);

    desk.signIn("sam", "supervisor");
    const Json published = desk.json({"article", "publish", id});
    CHECK(published["id"] == id);
    CHECK(published["marked_for_review"] == Json::array());
    CHECK(desk.fields("article", id)["status"] == "published");
    checkRefusedLine(desk.run({"article", "revive", id}), "article.status"); // not archived: impossible
    desk.json({"article", "archive", id});
    desk.json({"article", "revive", id});
    CHECK(desk.fields("article", id)["status"] == "draft");
}

TEST_CASE("CLI knowledge: verify and freshness", "[cli][knowledge]") {
    Desk desk("supervisor");
    const std::string id =
        desk.id({"article", "add", "--title", "Direct debit", "--set", "valid_to=2020-01-01"});
    const Json verified = desk.json({"article", "verify", id, "--review-in", "30"});
    CHECK(verified["id"] == id);
    CHECK(verified["review_due"].is_string());

    const Json freshness = desk.json({"article", "freshness", id});
    CHECK(freshness["verified_by"] == "sam");
    CHECK(freshness["days_since_verified"] == 0);
    CHECK(freshness["days_until_review"] == 30);
    CHECK(freshness["review_overdue"] == false);
    CHECK(freshness["valid_to"] == "2020-01-01");
    CHECK(freshness["expired"] == true);
    CHECK(freshness["needs_review"] == false);

    const CliResult text = desk.run({"article", "freshness", id});
    CHECK(text.out.find("(in 30 days)") != std::string::npos);
    CHECK(text.out.find("2020-01-01 (expired)") != std::string::npos);
    CHECK(desk.run({"article", "verify", id, "--review-in", "0"}).exitCode == 1);
}

TEST_CASE("CLI knowledge: categories, subtree listing and facets", "[cli][knowledge]") {
    Desk desk("agent");
    const std::string billing = desk.id({"category", "add", "Billing"});
    const std::string outages = desk.id({"category", "add", "Outages"});
    const std::string refunds = desk.id({"category", "add", "Refunds", "--parent", billing});
    const std::string cards = desk.id({"category", "add", "Card refunds", "--parent", refunds});
    const std::string chargebacks = desk.id({"article", "add", "--title", "Chargebacks", "--category", cards,
                                             "--tags", "card,refund", "--products", "broadband"});
    desk.id({"article", "add", "--title", "Area outage", "--category", outages, "--tags", "refund"});

    const Json listed = desk.json({"article", "list", "--category", billing});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["id"] == chargebacks);
    CHECK(listed[0]["fields"]["title"] == "Chargebacks");
    CHECK(desk.json({"article", "list", "--tag", "refund"}).size() == 2);

    CHECK(desk.json({"article", "tags"}) ==
          Json::parse(R"([{"tag": "refund", "articles": 2}, {"tag": "card", "articles": 1}])"));
    CHECK(desk.json({"article", "products", "--category", outages}) == Json::array());

    checkRefusedLine(desk.run({"category", "move", billing, "--parent", cards}), "category.parent_id");
    CHECK(desk.run({"category", "move", billing}).exitCode == 1); // neither --parent nor --top

    const Json reordered = desk.json({"category", "reorder", outages, "1"});
    CHECK(reordered["renumbered"] == Json::array({outages, billing}));
    const Json tree = desk.json({"category", "list"});
    REQUIRE(tree.size() == 4);
    CHECK(tree[0]["id"] == outages);
    CHECK(tree[1]["id"] == billing);
    CHECK(tree[3]["id"] == cards);
    CHECK(tree[3]["depth"] == 2);
    CHECK(tree[3]["articles"] == 1);
    CHECK(desk.run({"category", "list"}).out.find("    Card refunds") != std::string::npos);

    checkRefusedLine(desk.run({"category", "delete", cards}), "article.category_id");
    desk.json({"category", "move", cards, "--top"});
    CHECK(desk.fields("category", cards)["parent_id"].is_null());
    desk.json({"category", "rename", refunds, "Refunds and credits"});
    desk.json({"category", "delete", refunds});
    CHECK(desk.json({"category", "list"}).size() == 3);
}

TEST_CASE("CLI knowledge: comments on a record", "[cli][knowledge]") {
    Desk desk("agent");
    const std::string id = desk.id({"article", "add", "--title", "Refunds"});
    desk.id({"comment", "add", "article", id, "Is 14 days right?"});
    desk.signIn("sam", "supervisor");
    desk.id({"comment", "add", "article", id, "Yes."});

    const Json comments = desk.json({"comment", "list", "article", id});
    REQUIRE(comments.size() == 2);
    CHECK(comments[0]["author"] == "alice");
    CHECK(comments[0]["body"] == "Is 14 days right?");
    CHECK(comments[1]["author"] == "sam");
    checkRefusedLine(desk.run({"comment", "add", "article", "missing", "?"}), "comment.target_id");
}

TEST_CASE("CLI knowledge: a key message change puts its published citers up for review", "[cli][knowledge]") {
    Desk desk("supervisor");
    const std::string message = desk.id({"article", "add", "--title", "Refunds in 14 days", "--kind",
                                         "key_message", "--status", "published"});
    const std::string citer = desk.id(
        {"article", "add", "--title", "Card refunds", "--status", "published", "--key-messages", message});
    const std::string draft =
        desk.id({"article", "add", "--title", "Cheque refunds", "--key-messages", message});
    checkRefusedLine(desk.run({"article", "add", "--title", "T", "--key-messages", citer}),
                     "article.key_message_ids");

    const Json citers = desk.json({"article", "key-message-citers", message});
    REQUIRE(citers.size() == 2);
    CHECK(citers[0]["id"] == citer);
    CHECK(citers[1]["id"] == draft);

    const Json edited = desk.json({"article", "edit", message, "--body", "Refunds in 30 days."});
    CHECK(edited["marked_for_review"] == Json::array({citer}));
    CHECK(desk.fields("article", citer)["needs_review"] == true);
    CHECK_FALSE(desk.fields("article", draft).contains("needs_review"));
}

TEST_CASE("CLI knowledge: helpfulness and drafts from interactions", "[cli][knowledge]") {
    Desk desk("agent");
    const std::string id = desk.id({"article", "add", "--title", "Refunds"});
    desk.id({"article", "helpful", id, "--yes"});
    desk.id({"article", "helpful", id, "--no", "--outcome", "not"});
    desk.id({"article", "helpful", id, "--outcome", "worked"});
    CHECK(desk.run({"article", "helpful", id}).exitCode == 1);
    CHECK(desk.run({"article", "helpful", id, "--yes", "--no"}).exitCode == 1);
    CHECK(desk.run({"article", "helpful", id, "--outcome", "maybe"}).exitCode == 1);

    CHECK(desk.json({"article", "counts", id}) == Json{{"article_id", id},
                                                       {"helpful", 1},
                                                       {"not_helpful", 1},
                                                       {"worked", 1},
                                                       {"partly", 0},
                                                       {"not", 1}});
    CHECK(desk.json({"article", "counts"}).size() == 1);
    CHECK(desk.run({"article", "counts"}).out.find("Refunds") != std::string::npos);

    desk.signIn("nomad", "agent", {});
    checkRefusedLine(desk.run({"article", "helpful", id, "--yes"}), "feedback.branch");

    auto interaction = desk.store().create("interaction", {{"channel", "phone"},
                                                           {"kind", "query"},
                                                           {"branch", "north"},
                                                           {"summary", "Charged twice"},
                                                           {"customer_words", "You took my money twice!"}});
    REQUIRE(interaction);
    const std::string draft = desk.id({"article", "draft-from-interaction", interaction->id});
    const Json fields = desk.fields("article", draft);
    CHECK(fields["title"] == "Charged twice");
    CHECK(fields["status"] == "draft");
    CHECK(fields["owner"] == "nomad");
    CHECK(fields["source_interaction_id"] == interaction->id);
    CHECK(
        fields["body"].get<std::string>().starts_with("The customer said:\n\n> You took my money twice!\n"));
}
