// End to end, real processes: what a user sees when things go wrong. Network and server errors
// exit 2, usage and validation errors exit 1, each with one line on stderr, and a refused
// command leaves nothing half written.
#include "knowset/core/ids.hpp"

#include <algorithm>
#include <cctype>

#include "e2e_harness.hpp"

using namespace knowset;
using namespace knowset::e2e;

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool mentionsAny(const std::string& text, std::initializer_list<const char*> words) {
    const std::string folded = lower(text);
    return std::any_of(words.begin(), words.end(),
                       [&](const char* word) { return folded.find(word) != std::string::npos; });
}

RunOptions password(const std::string& text) {
    return withInput(text + "\n");
}

// The error convention: one line, "knowset-cli: ...".
void checkErrorLine(const RunResult& result) {
    INFO(result.describe());
    CHECK(result.err.starts_with("knowset-cli: "));
}

} // namespace

TEST_CASE("E2E: sign-in errors: wrong password, unreachable server, untrusted certificate", "[e2e][errors]") {
    E2e world;
    Server& server = world.server();
    server.start();
    const auto profile = world.profile("alice");

    {
        const RunResult wrong = world.cli(profile, {"login", server.url(), "alice", "--password-stdin"},
                                          password("not the password"));
        INFO(wrong.describe());
        CHECK(wrong.exitCode == 2);
        CHECK(mentionsAny(wrong.err, {"password", "sign-in", "sign in", "signin"}));
        checkErrorLine(wrong);
    }
    {
        const std::string nowhere = "ws://127.0.0.1:" + std::to_string(freePort());
        const RunResult unreachable =
            world.cli(profile, {"login", nowhere, "alice", "--password-stdin"}, password(kPassword));
        INFO(unreachable.describe());
        CHECK(unreachable.exitCode == 2);
        CHECK(
            mentionsAny(unreachable.err, {"unreachable", "cannot connect", "could not connect", "connect"}));
        checkErrorLine(unreachable);
    }
    {
        INFO("signing in as alice works after the failures");
        requireOk(
            world.cli(profile, {"login", server.url(), "alice", "--password-stdin"}, password(kPassword)));
    }

    E2e secure(true);
    secure.server().start();
    const auto tlsProfile = secure.profile("alice-tls");
    {
        const RunResult untrusted = secure.cli(
            tlsProfile, {"login", secure.server().url(), "alice", "--password-stdin"}, password(kPassword));
        INFO(untrusted.describe());
        CHECK(untrusted.exitCode == 2);
        CHECK(mentionsAny(untrusted.err, {"certificate"}));
        checkErrorLine(untrusted);
    }
    requireOk(secure.cli(tlsProfile,
                         {"login", secure.server().url(), "alice", "--password-stdin", "--trust-cert",
                          secure.server().certificate().string()},
                         password(kPassword)));
    // The trusted certificate is remembered: a sync over TLS works.
    const std::string id =
        secure.cliJson(tlsProfile, {"article", "add", "--title", "Over TLS"}).at("id").get<std::string>();
    CHECK(secure.sync(tlsProfile)["pushed"] == 1);
    CHECK(parseDump(secure.server().dump({"--collection", "article"})).contains({"article", id}));
}

TEST_CASE("E2E: usage and validation errors exit 1 and change nothing", "[e2e][errors]") {
    E2e world;
    Server& server = world.server();
    server.start();
    const auto sam = world.signedIn("sam");
    const std::string id =
        world.cliJson(sam, {"article", "add", "--title", "Existing article"}).at("id").get<std::string>();
    world.sync(sam);
    world.cliJson(sam, {"article", "edit", id, "--body", "An unsynced edit"});
    const Json before = world.status(sam);
    REQUIRE(before["pending"] == 1);

    const auto badImport = world.root() / "broken.json";
    writeFile(badImport,
              R"([{"collection": "article", "id": ")" + newUuidV7() + R"(", "fields": {"kind": "fa)");
    // Valid rows, then one that is not: all or nothing.
    Json rows = Json::array();
    for (int i = 0; i < 3; ++i) {
        rows.push_back(
            {{"collection", "article"},
             {"id", newUuidV7()},
             {"fields", {{"kind", "faq"}, {"title", "Row " + std::to_string(i)}, {"status", "draft"}}}});
    }
    rows.push_back({{"collection", "article"},
                    {"id", newUuidV7()},
                    {"fields", {{"kind", "no-such-kind"}, {"title", "Bad row"}, {"status", "draft"}}}});
    const auto halfBad = world.root() / "half-bad.json";
    writeFile(halfBad, rows.dump());
    const std::string unknownConflict = newUuidV7();

    struct Case {
        std::vector<std::string> args;
        std::string mentions; // a word the error must contain ("" for any)
    };
    const std::vector<Case> cases{
        {{"article", "edit", id, "--set", "nosuch=1"}, "nosuch"},
        {{"article", "add", "--title", "New", "--set", "nosuch=1"}, "nosuch"},
        {{"article", "edit", id, "--status", "no-such-status"}, "status"},
        {{"article", "edit", id, "--set", "tags=not json"}, "tags"},
        {{"article", "edit", newUuidV7(), "--title", "No such article"}, ""},
        {{"article", "show", newUuidV7()}, ""},
        {{"import", badImport.string()}, ""},
        {{"import", halfBad.string()}, ""},
        {{"import", (world.root() / "missing.json").string()}, ""},
        {{"conflicts", "show", unknownConflict}, ""},
        {{"conflicts", "resolve", unknownConflict, "--take", "winner"}, ""},
        {{"conflicts", "resolve", unknownConflict}, ""}, // neither --take nor --value
        {{"no-such-command"}, ""},
        {{"article", "list", "--no-such-option"}, ""},
    };
    for (const Case& test : cases) {
        const RunResult result = world.cli(sam, test.args);
        INFO(result.describe());
        CHECK(result.exitCode == 1);
        CHECK(!result.err.empty());
        if (!test.mentions.empty()) {
            CHECK(lower(result.err).find(test.mentions) != std::string::npos);
        }
    }
    {
        INFO("not signed in");
        const RunResult result = world.cli(world.profile("nobody"), {"sync"});
        INFO(result.describe());
        CHECK(result.exitCode == 1);
        checkErrorLine(result);
    }

    const Json after = world.status(sam);
    CHECK(after["pending"] == before["pending"]);
    CHECK(after["records"] == before["records"]);
    CHECK(world.article(sam, id)["fields"]["body"] == "An unsynced edit");
    CHECK(world.sync(sam)["pushed"] == 1);
    CHECK(lineCount(server.dump({"--collection", "article"})) == 1);
}
