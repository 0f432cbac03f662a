// End to end, real processes: offline edits and merging, conflicts and their resolution, a
// large offline push, what an agent's replica may hold, and a client whose clock runs ahead.
#include "knowset/core/ids.hpp"

#include <thread>

#include "e2e_harness.hpp"

using namespace knowset;
using namespace knowset::e2e;
using namespace std::chrono_literals;

namespace {

std::string addArticle(const E2e& world, const std::filesystem::path& profile, const std::string& title,
                       std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"article", "add", "--title", title};
    args.insert(args.end(), extra.begin(), extra.end());
    const Json written = world.cliJson(profile, args);
    REQUIRE(written.contains("id"));
    return written.at("id").get<std::string>();
}

// The physical milliseconds of a version "<16 hex hlc>-<16 hex node>".
std::int64_t versionMillis(const std::string& version) {
    REQUIRE(version.size() == 33);
    return static_cast<std::int64_t>(std::stoull(version.substr(0, 16), nullptr, 16) >> 16U);
}

std::int64_t nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

TEST_CASE("E2E: edits of different fields made while the server is down merge without a conflict",
          "[e2e][sync]") {
    E2e world;
    Server& server = world.server();
    server.start();
    const auto alice = world.signedIn("alice");
    const auto bob = world.signedIn("bob");
    const auto sam = world.signedIn("sam");

    const std::string id =
        addArticle(world, alice, "Refund policy", {"--kind", "faq", "--body", "Refunds within 30 days."});
    world.sync(alice);
    world.sync(bob);
    REQUIRE(world.article(bob, id)["fields"]["title"] == "Refund policy");

    server.stop();
    const std::string title = "Refund policy (updated by alice)";
    const std::string body = "Refunds within 60 days, says bob.";
    world.cliJson(alice, {"article", "edit", id, "--title", title});
    world.cliJson(bob, {"article", "edit", id, "--body", body});
    {
        INFO("with the server down, sync fails as a network error and keeps the edit");
        const RunResult offline = world.cli(alice, {"sync"});
        INFO(offline.describe());
        CHECK(offline.exitCode == 2);
        CHECK(world.pending(alice) == 1);
        CHECK(world.pending(bob) == 1);
    }

    server.start();
    world.sync(alice);
    world.sync(bob);
    world.sync(alice);
    world.sync(sam);
    for (const auto& profile : {alice, bob, sam}) {
        INFO("profile " << profile.filename());
        const Json article = world.article(profile, id);
        CHECK(article["fields"]["title"] == title);
        CHECK(article["fields"]["body"] == body);
        CHECK(world.pending(profile) == 0);
    }
    CHECK(world.cliJson(sam, {"conflicts", "list"}) == Json::array());
    CHECK(world.cliJson(sam, {"conflicts", "list", "--all"}) == Json::array());

    const std::string articles = server.dump({"--collection", "article"});
    const auto lines = parseDump(articles);
    REQUIRE(lines.contains({"article", id}));
    CHECK(lines.at({"article", id}).doc["title"] == title);
    CHECK(lines.at({"article", id}).doc["body"] == body);
    CHECK(server.dump({"--collection", "conflict"}).empty());
    for (const auto& profile : {alice, bob, sam}) {
        INFO("profile " << profile.filename());
        CHECK(dumpLinesOf(replicaDump(profile), "article") == articles);
    }
}

TEST_CASE("E2E: concurrent edits of one field: one conflict, one winner everywhere, resolved by a supervisor",
          "[e2e][sync][conflict]") {
    E2e world;
    Server& server = world.server();
    server.start();
    // Two supervisors (they see conflicts) edit; an agent watches and may not resolve.
    const auto sam = world.signedIn("sam");
    const auto sue = world.signedIn("sue");
    const auto alice = world.signedIn("alice");

    const std::string id = addArticle(world, sam, "Delivery times");
    world.sync(sam);
    world.sync(sue);
    world.sync(alice);

    // Offline (nobody syncs): both change the title.
    const std::string samTitle = "Delivery times (sam)";
    const std::string sueTitle = "Delivery times (sue)";
    const Json samEdit = world.cliJson(sam, {"article", "edit", id, "--title", samTitle});
    std::this_thread::sleep_for(5ms);
    const Json sueEdit = world.cliJson(sue, {"article", "edit", id, "--title", sueTitle});
    const std::string samVersion = samEdit.at("version").get<std::string>();
    const std::string sueVersion = sueEdit.at("version").get<std::string>();
    REQUIRE(samVersion != sueVersion);
    const bool sueWins = sueVersion > samVersion;
    const std::string winner = sueWins ? sueTitle : samTitle;
    const std::string loser = sueWins ? samTitle : sueTitle;
    const std::string winnerVersion = std::max(samVersion, sueVersion);

    const Json first = world.sync(sam);
    const Json second = world.sync(sue);
    world.sync(sam);
    world.sync(alice);
    CHECK(first["conflicts"].size() + second["conflicts"].size() == 1);

    for (const auto& profile : {sam, sue, alice}) {
        INFO("profile " << profile.filename());
        const Json article = world.article(profile, id);
        CHECK(article["fields"]["title"] == winner);
        CHECK(article["versions"]["title"] == winnerVersion);
    }
    const auto articleLine = parseDump(server.dump({"--collection", "article"})).at({"article", id});
    CHECK(articleLine.doc["title"] == winner);
    CHECK(articleLine.versions["title"] == winnerVersion);

    Json open = world.cliJson(sam, {"conflicts", "list"});
    INFO("open conflicts: " << open.dump());
    REQUIRE(open.size() == 1);
    CHECK(world.cliJson(sue, {"conflicts", "list"}) == open);
    const Json conflict = open.at(0);
    const std::string conflictId = conflict.at("id").get<std::string>();
    CHECK(conflict["collection"] == "article");
    CHECK(conflict["record_id"] == id);
    CHECK(conflict["field"] == "title");
    CHECK(conflict["status"] == "open");
    CHECK(conflict["winner"]["value"] == winner);
    CHECK(conflict["loser"]["value"] == loser);
    const Json shown = world.cliJson(sam, {"conflicts", "show", conflictId});
    CHECK(shown.dump().find(loser) != std::string::npos);
    CHECK(shown.dump().find(winner) != std::string::npos);
    REQUIRE(lineCount(server.dump({"--collection", "conflict"})) == 1);

    {
        INFO("an agent may not resolve: the CLI refuses (exit 1, decided locally)");
        for (const std::vector<std::string>& choice :
             {std::vector<std::string>{"--take", "loser"},
              std::vector<std::string>{"--value", "\"Agent's pick\""}}) {
            std::vector<std::string> args{"conflicts", "resolve", conflictId};
            args.insert(args.end(), choice.begin(), choice.end());
            const RunResult refused = world.cli(alice, args);
            INFO(refused.describe());
            CHECK(refused.exitCode == 1);
            CHECK(refused.err.find("supervisor") != std::string::npos);
        }
    }
    {
        INFO("an agent whose profile claims the supervisor role: the server refuses (exit 2)");
        const auto file = alice / "profile.json";
        Json profile = Json::parse(readText(file));
        const Json realRoles = profile["roles"];
        profile["roles"] = {"supervisor"};
        writeFile(file, profile.dump());
        const RunResult forged =
            world.cli(alice, {"conflicts", "resolve", conflictId, "--value", "\"Agent's pick\""});
        INFO(forged.describe());
        CHECK(forged.exitCode == 2);
        profile["roles"] = realRoles;
        writeFile(file, profile.dump());
    }
    {
        INFO("nothing changed by the refusals");
        CHECK(world.pending(alice) == 0);
        const auto flag = parseDump(server.dump({"--collection", "conflict"})).at({"conflict", conflictId});
        CHECK(flag.doc["status"] == "open");
        CHECK(parseDump(server.dump({"--collection", "article"})).at({"article", id}).doc["title"] == winner);
    }

    // The supervisor keeps the losing value.
    requireOk(world.cli(sue, {"conflicts", "resolve", conflictId, "--take", "loser"}));
    world.sync(sam);
    world.sync(sue);
    world.sync(alice);
    for (const auto& profile : {sam, sue, alice}) {
        INFO("profile " << profile.filename());
        CHECK(world.article(profile, id)["fields"]["title"] == loser);
        CHECK(world.pending(profile) == 0);
    }
    for (const auto& profile : {sam, sue}) {
        INFO("profile " << profile.filename());
        CHECK(world.cliJson(profile, {"conflicts", "list"}) == Json::array());
        const Json all = world.cliJson(profile, {"conflicts", "list", "--all"});
        REQUIRE(all.size() == 1);
        CHECK(all[0]["id"] == conflictId);
        CHECK(all[0]["status"] == "resolved");
    }
    const std::string conflicts = server.dump({"--collection", "conflict"});
    CHECK(lineCount(conflicts) == 1); // the resolution made no new conflict
    const auto flag = parseDump(conflicts).at({"conflict", conflictId});
    CHECK(flag.doc["status"] == "resolved");
    CHECK(flag.doc["resolution"] == loser);
    CHECK(flag.doc["resolved_by"] == "sue");
    const std::string articles = server.dump({"--collection", "article"});
    CHECK(parseDump(articles).at({"article", id}).doc["title"] == loser);
    for (const auto& profile : {sam, sue, alice}) {
        INFO("profile " << profile.filename());
        const std::string replica = replicaDump(profile);
        CHECK(dumpLinesOf(replica, "article") == articles);
        if (profile != alice) {
            CHECK(dumpLinesOf(replica, "conflict") == conflicts);
        }
    }
}

TEST_CASE("E2E: 10000 offline changes sync in one go and the replica equals the server byte for byte",
          "[e2e][sync][volume]") {
    constexpr int kImported = 9'990;
    constexpr int kEdits = 10;
    E2e world;
    Server& server = world.server();
    server.start();
    const auto root = world.signedIn("root"); // an admin sees everything: the whole dump compares
    server.stop();

    Json rows = Json::array();
    std::vector<std::string> ids;
    for (int i = 0; i < kImported; ++i) {
        ids.push_back(newUuidV7());
        rows.push_back({{"collection", "article"},
                        {"id", ids.back()},
                        {"fields",
                         {{"kind", "faq"},
                          {"title", "Imported question " + std::to_string(i)},
                          {"status", "draft"},
                          {"body", "The answer to imported question " + std::to_string(i) + "."},
                          {"tags", {"imported", "batch-" + std::to_string(i % 10)}}}}});
    }
    const auto file = world.root() / "articles.json";
    writeFile(file, rows.dump());
    auto start = std::chrono::steady_clock::now();
    const Json imported = world.cliJson(root, {"import", file.string()}, withTimeout(600s));
    const auto importMs = millisSince(start);
    CHECK(imported["imported"] == kImported);
    for (int i = 0; i < kEdits; ++i) {
        world.cliJson(root, {"article", "edit", ids[static_cast<std::size_t>(i * 97)], "--title",
                             "Edited question " + std::to_string(i)});
    }
    const std::int64_t journal = world.pending(root);
    CHECK(journal == kImported + kEdits);

    server.start();
    start = std::chrono::steady_clock::now();
    const Json report = world.sync(root, {}, withTimeout(600s));
    const auto syncMs = millisSince(start);
    WARN("import of " << kImported << " articles: " << importMs << " ms; sync of " << journal
                      << " journal entries: " << syncMs << " ms");
    CHECK(report["pushed"] == journal);
    CHECK(report["conflicts"] == Json::array());
    CHECK(world.pending(root) == 0);
    const std::string dump = server.dump();
    CHECK(lineCount(dump) == kImported);
    CHECK(replicaDump(root) == dump);
    CHECK(parseDump(dump).at({"article", ids[97]}).doc["title"] == "Edited question 1");
}

TEST_CASE("E2E: an agent of branch north never holds south's customers or restricted fields",
          "[e2e][sync][security]") {
    E2e world;
    Server& server = world.server();
    server.start();
    const auto alice = world.signedIn("alice"); // agent, north
    const auto bob = world.signedIn("bob");     // agent, south
    const auto sam = world.signedIn("sam");     // supervisor, north
    const auto sue = world.signedIn("sue");     // supervisor, south

    const std::string southName = marker("SOUTHNAME");
    const std::string southNote = marker("SOUTHNOTE");
    const std::string southRestricted = marker("SOUTHIDANSWER");
    const std::string northName = marker("NORTHNAME");
    const std::string northRestricted = marker("NORTHIDANSWER");
    const std::string northBirthday = "1911-02-03";

    const std::string southCustomer = world
                                          .cliJson(bob, {"customer", "add", "--name", southName, "--branch",
                                                         "south", "--set", "notes=" + southNote})
                                          .at("id");
    world.sync(bob);
    world.sync(sue);
    world.cliJson(sue, {"customer", "edit", southCustomer, "--set",
                        "identity_answers={\"pet\":\"" + southRestricted + "\"}"});
    world.sync(sue);
    const std::string northCustomer =
        world
            .cliJson(sam, {"customer", "add", "--name", northName, "--branch", "north", "--set",
                           "date_of_birth=" + northBirthday, "--set",
                           "identity_answers={\"pet\":\"" + northRestricted + "\"}"})
            .at("id");
    world.sync(sam);

    world.sync(alice);
    world.sync(alice);
    const std::string serverDump = server.dump();
    for (const std::string& text : {southName, southNote, southRestricted, northName, northRestricted}) {
        INFO("the server holds " << text);
        CHECK(serverDump.find(text) != std::string::npos);
    }

    const Json customers = world.cliJson(alice, {"customer", "list"});
    bool seesNorth = false;
    for (const Json& customer : customers) {
        CHECK(customer["id"] != southCustomer);
        if (customer["id"] == northCustomer) {
            seesNorth = true;
            CHECK(!customer["fields"].contains("date_of_birth"));
            CHECK(!customer["fields"].contains("identity_answers"));
        }
    }
    CHECK(seesNorth);
    const Json shown = world.cliJson(alice, {"customer", "show", northCustomer});
    CHECK(shown["fields"]["name"] == northName);

    // The bytes of every file of alice's profile (replica, WAL, profile.json).
    const auto files = alice;
    CHECK(filesContain(files, northName));
    for (const std::string& text : {southName, southNote, southRestricted, northRestricted, northBirthday}) {
        INFO("alice's files must not hold " << text);
        CHECK(filesContaining(files, text) == std::vector<std::string>{});
    }
    // The check can see restricted data where it is allowed: a supervisor of north holds it.
    CHECK(filesContain(sam, northRestricted));
    CHECK(filesContain(sam, northBirthday));
    CHECK(!filesContain(sam, southName));
}

TEST_CASE("E2E: a client whose clock runs two hours ahead is re-stamped, and a later edit wins everywhere",
          "[e2e][sync][clock]") {
    E2e world;
    Server& server = world.server();
    server.start();
    const auto skewed = world.signedIn("alice", "alice-skewed");
    const auto sam = world.signedIn("sam");

    const std::string id = addArticle(world, sam, "Opening hours");
    world.sync(sam);
    world.sync(skewed);

    // Since its last sync the computer's clock went two hours ahead: the client cannot know yet.
    world.setClientEnv(skewed, {{"KNOWSET_CLOCK_OFFSET_MS", "7200000"}});
    const std::string skewedTitle = "Opening hours (edited two hours in the future)";
    const Json edit = world.cliJson(skewed, {"article", "edit", id, "--title", skewedTitle});
    {
        INFO("the skewed client stamps with its clock: " << edit.dump());
        CHECK(versionMillis(edit.at("version").get<std::string>()) > nowMillis() + 90 * 60 * 1000);
    }
    const Json report = world.sync(skewed);
    CHECK(report["restamped"].get<std::int64_t>() > 0);
    CHECK(report["parked"] == Json::array());
    CHECK(world.pending(skewed) == 0);
    {
        INFO("accepted with a corrected stamp");
        const auto line = parseDump(server.dump({"--collection", "article"})).at({"article", id});
        CHECK(line.doc["title"] == skewedTitle);
        CHECK(versionMillis(line.versions["title"].get<std::string>()) < nowMillis() + 5 * 60 * 1000);
    }
    {
        INFO("having met the server, the client stamps its next edits with the corrected clock");
        const Json next = world.cliJson(skewed, {"article", "edit", id, "--body", "Open 9 to 5."});
        CHECK(versionMillis(next.at("version").get<std::string>()) < nowMillis() + 5 * 60 * 1000);
        const Json again = world.sync(skewed);
        CHECK(again["pushed"] == 1);
        CHECK(again["restamped"] == 0);
    }

    world.sync(sam);
    std::this_thread::sleep_for(5ms);
    const std::string laterTitle = "Opening hours (edited later, correct clock)";
    world.cliJson(sam, {"article", "edit", id, "--title", laterTitle});
    world.sync(sam);
    world.sync(skewed);
    world.sync(sam);

    const std::string articles = server.dump({"--collection", "article"});
    CHECK(parseDump(articles).at({"article", id}).doc["title"] == laterTitle);
    for (const auto& profile : {skewed, sam}) {
        INFO("profile " << profile.filename());
        CHECK(world.article(profile, id)["fields"]["title"] == laterTitle);
        CHECK(dumpLinesOf(replicaDump(profile), "article") == articles);
    }
    CHECK(world.cliJson(sam, {"conflicts", "list", "--all"}) == Json::array());
}
