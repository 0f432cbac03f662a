#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "client/cli/import_file.hpp"
#include "client/cli/transfer_commands.hpp"
#include "test_support.hpp"

using namespace knowset;
using namespace knowset::cli;
using knowset::cli::test::makeReplica;
using knowset::cli::test::runCli;
using knowset::cli::test::writeText;

namespace {

std::map<std::string, Json> fieldsById(LocalStore& store, const std::string& collection) {
    auto records = store.list(collection);
    REQUIRE(records);
    std::map<std::string, Json> fields;
    for (const auto& record : *records) {
        fields[record.id] = record.fields;
    }
    return fields;
}

std::int64_t pending(LocalStore& store) {
    auto count = store.pendingCount();
    REQUIRE(count);
    return *count;
}

} // namespace

TEST_CASE("Import: a CSV file is typed like --set and written in one go", "[cli][import]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);
    writeText(dir.file("articles.csv"),
              "title,kind,status,tags,body\n"
              "Refunds,faq,draft,\"[\"\"billing\"\",\"\"refunds\"\"]\",\"Say:\n\"\"sorry\"\"\"\n"
              "VAT,answer,published,,\n");

    const auto result = runCli({"--profile", profile.string(), "import", dir.file("articles.csv").string(),
                                "--collection", "article", "--json"});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(Json::parse(result.out) == Json{{"imported", 2}});

    const auto articles = fieldsById(*store, "article");
    REQUIRE(articles.size() == 2);
    bool sawRefunds = false;
    for (const auto& [id, fields] : articles) {
        if (fields["title"] == "Refunds") {
            sawRefunds = true;
            CHECK(fields["tags"] == Json::array({"billing", "refunds"}));
            CHECK(fields["body"] == "Say:\n\"sorry\"");
        } else {
            CHECK(fields == Json{{"title", "VAT"}, {"kind", "answer"}, {"status", "published"}});
        }
    }
    CHECK(sawRefunds);
    CHECK(pending(*store) == 2);
}

TEST_CASE("Import: one bad row and nothing is imported, the error names the row and the field",
          "[cli][import]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);

    SECTION("an invalid value (CSV)") {
        writeText(dir.file("bad.csv"),
                  "title,kind,status\nOne,faq,draft\nTwo,faq,draft\nThree,faq,finished\n");
        const auto result = runCli({"--profile", profile.string(), "import", dir.file("bad.csv").string(),
                                    "--collection", "article"});
        CHECK(result.exitCode == 1);
        CHECK(result.err.starts_with("knowset-cli: nothing was imported: "));
        CHECK(result.err.find("line 4") != std::string::npos);
        CHECK(result.err.find("article.status") != std::string::npos);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
    SECTION("a missing required field (JSON)") {
        writeText(dir.file("bad.json"),
                  R"([{"collection": "article", "fields": {"title": "A", "kind": "faq", "status": "draft"}},
                                            {"collection": "customer", "fields": {"name": "No Branch"}}])");
        const auto result = runCli({"--profile", profile.string(), "import", dir.file("bad.json").string()});
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("nothing was imported") != std::string::npos);
        CHECK(result.err.find("record 2") != std::string::npos);
        CHECK(result.err.find("customer.branch") != std::string::npos);
    }
    SECTION("an unknown field") {
        writeText(
            dir.file("bad.json"),
            R"([{"collection": "article", "fields": {"title": "A", "kind": "faq", "status": "draft", "colour": "red"}}])");
        const auto result = runCli({"--profile", profile.string(), "import", dir.file("bad.json").string()});
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("record 1") != std::string::npos);
        CHECK(result.err.find("colour") != std::string::npos);
    }
    SECTION("an unknown CSV column") {
        writeText(dir.file("bad.csv"), "title,colour\nA,red\n");
        const auto result = runCli({"--profile", profile.string(), "import", dir.file("bad.csv").string(),
                                    "--collection", "article"});
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("colour") != std::string::npos);
    }
    SECTION("conflict records, written by the server only") {
        writeText(dir.file("bad.json"), R"([{"collection": "conflict", "fields": {"status": "resolved"}}])");
        const auto result = runCli({"--profile", profile.string(), "import", dir.file("bad.json").string()});
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("server") != std::string::npos);
    }
    CHECK(fieldsById(*store, "article").empty());
    CHECK(fieldsById(*store, "customer").empty());
    CHECK(pending(*store) == 0);
}

TEST_CASE("Import: a malformed file is refused with its line and column", "[cli][import]") {
    knowset::test::TempDir dir;
    const auto profile = dir.file("profile");
    auto store = makeReplica(profile);

    writeText(dir.file("broken.json"),
              "[\n  {\"collection\": \"article\",\n   \"fields\": {\"title\" \"x\"}}\n]\n");
    auto result = runCli({"--profile", profile.string(), "import", dir.file("broken.json").string()});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("line 3, column") != std::string::npos);
    CHECK(result.err.find("nothing was imported") != std::string::npos);

    writeText(dir.file("broken.csv"), "title,kind,status\n\"Unclosed,faq,draft\n");
    result = runCli({"--profile", profile.string(), "import", dir.file("broken.csv").string(), "--collection",
                     "article"});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("line 2, column 1") != std::string::npos);

    result = runCli({"--profile", profile.string(), "import", dir.file("broken.csv").string()});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("--collection") != std::string::npos);

    CHECK(pending(*store) == 0);
}

TEST_CASE("Import: rows may update existing records and records made earlier in the same file",
          "[cli][import]") {
    knowset::test::TempDir dir;
    auto store = makeReplica(dir.file("profile"));
    auto existing = store->create("article", Json{{"title", "Old"}, {"kind", "faq"}, {"status", "draft"}});
    REQUIRE(existing);

    std::vector<ImportRow> rows;
    rows.push_back({"record 1", WriteRequest{"article", existing->id, Json{{"status", "in_review"}}}});
    rows.push_back({"record 2", WriteRequest{"article", "fixed-id",
                                             Json{{"title", "New"}, {"kind", "faq"}, {"status", "draft"}}}});
    rows.push_back({"record 3", WriteRequest{"article", "fixed-id", Json{{"summary", "later"}}}});
    auto imported = importRows(*store, rows, "file.json");
    REQUIRE(imported);
    CHECK(*imported == 3);

    const auto articles = fieldsById(*store, "article");
    CHECK(articles.at(existing->id)["status"] == "in_review");
    CHECK(articles.at("fixed-id") ==
          Json{{"title", "New"}, {"kind", "faq"}, {"status", "draft"}, {"summary", "later"}});
}

TEST_CASE("Export then import: the same records in another replica, in JSON and in CSV",
          "[cli][export][import]") {
    knowset::test::TempDir dir;
    const auto source = dir.file("source");
    auto store = makeReplica(source);
    const Json article{{"title", "Refunds, \"fast\""},
                       {"kind", "faq"},
                       {"status", "published"},
                       {"body", "Line one\nline two, with a comma"},
                       {"tags", Json::array({"billing", "refunds"})},
                       {"valid_from", "2026-01-01"}};
    const Json customer{{"name", "Ann Example"},
                        {"branch", "north"},
                        {"preferences", {{"contact", "email"}, {"language", "en"}}}};
    REQUIRE(store->create("article", article));
    REQUIRE(store->create("article", Json{{"title", "Second"}, {"kind", "answer"}, {"status", "draft"}}));
    REQUIRE(store->create("customer", customer));
    auto removed = store->create("article", Json{{"title", "Gone"}, {"kind", "faq"}, {"status", "draft"}});
    REQUIRE(removed);
    REQUIRE(store->remove("article", removed->id));

    SECTION("JSON, every collection") {
        const auto exported =
            runCli({"--profile", source.string(), "export", "--output", dir.file("all.json").string()});
        INFO(exported.err);
        REQUIRE(exported.exitCode == 0);
        const auto stdoutExport = runCli({"--profile", source.string(), "export", "--format", "json"});
        REQUIRE(stdoutExport.exitCode == 0);
        const Json document = Json::parse(stdoutExport.out);
        REQUIRE(document.size() == 3); // the deleted article is left out
        for (const auto& element : document) {
            CHECK(element.size() == 3);
            CHECK(element.contains("collection"));
            CHECK(element.contains("id"));
            CHECK(element.contains("fields"));
        }

        const auto target = dir.file("target");
        auto copy = makeReplica(target);
        const auto imported = runCli({"--profile", target.string(), "import", dir.file("all.json").string()});
        INFO(imported.err);
        REQUIRE(imported.exitCode == 0);
        CHECK(fieldsById(*copy, "article") == fieldsById(*store, "article"));
        CHECK(fieldsById(*copy, "customer") == fieldsById(*store, "customer"));
    }
    SECTION("CSV, one collection at a time") {
        const auto target = dir.file("target");
        auto copy = makeReplica(target);
        for (const std::string collection : {"article", "customer"}) {
            const auto file = dir.file(collection + ".csv");
            const auto exported = runCli({"--profile", source.string(), "export", "--format", "csv",
                                          collection, "--output", file.string()});
            INFO(exported.err);
            REQUIRE(exported.exitCode == 0);
            const auto imported =
                runCli({"--profile", target.string(), "import", file.string(), "--collection", collection});
            INFO(imported.err);
            REQUIRE(imported.exitCode == 0);
            CHECK(fieldsById(*copy, collection) == fieldsById(*store, collection));
        }
        const auto header = runCli({"--profile", source.string(), "export", "--format", "csv", "article"});
        CHECK(header.out.starts_with("id,kind,title,body,summary,category_id,tags,status,"));
    }
    SECTION("CSV needs a collection") {
        const auto result = runCli({"--profile", source.string(), "export", "--format", "csv"});
        CHECK(result.exitCode == 1);
        CHECK(result.err.starts_with("knowset-cli: "));
    }
}
