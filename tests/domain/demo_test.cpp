// The demo organisation: deterministic, valid against the schema, and shaped the way the
// insights expect (seasonality, rising topics, repeated comments, FAQ candidates).
#include "knowset/core/ids.hpp"
#include "knowset/domain/demo_content.hpp"
#include "knowset/domain/demo_data.hpp"
#include "knowset/domain/text_similarity.hpp"
#include "knowset/schema/registry.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "test_support.hpp"

using namespace knowset;
using namespace knowset::domain;

namespace {

const Day kUntil = *parseDay("2026-11-22"); // a Sunday

struct Generated {
    DemoSummary summary;
    std::vector<DemoRecord> records;
};

Generated generate(const DemoSpec& spec, std::size_t batchSize = kDemoBatchSize) {
    Generated generated;
    auto summary = generateDemoData(
        spec,
        [&](std::vector<DemoRecord>& batch) -> Result<Done> {
            REQUIRE(batch.size() <= batchSize);
            std::move(batch.begin(), batch.end(), std::back_inserter(generated.records));
            return Done{};
        },
        batchSize);
    REQUIRE(summary);
    generated.summary = std::move(*summary);
    return generated;
}

DemoSpec smallSpec(std::uint64_t seed = 7) {
    DemoSpec spec = DemoSpec::standard(kUntil);
    spec.seed = seed;
    spec.articles = 40;
    spec.customers = 30;
    spec.interactions = 400;
    return spec;
}

// The standard organisation, generated once for the shape tests.
const Generated& standardSet() {
    static const Generated generated = generate(DemoSpec::standard(kUntil));
    return generated;
}

std::vector<const DemoRecord*> recordsOf(const Generated& generated, std::string_view collection) {
    std::vector<const DemoRecord*> found;
    for (const DemoRecord& record : generated.records) {
        if (record.collection == collection) {
            found.push_back(&record);
        }
    }
    return found;
}

std::string categoryNamed(const Generated& generated, std::string_view name) {
    for (const DemoRecord* category : recordsOf(generated, "category")) {
        if (category->fields.at("name") == name) {
            return category->id;
        }
    }
    FAIL("no category " << name);
    return {};
}

Day dayOfField(const DemoRecord& record, const char* field) {
    const auto day = parseDay(record.fields.at(field).get<std::string>());
    REQUIRE(day);
    return *day;
}

} // namespace

TEST_CASE("Demo data: the same spec gives the same records and checksum", "[demo]") {
    const Generated first = generate(smallSpec());
    const Generated second = generate(smallSpec(), 7); // batch size does not change the stream
    CHECK(first.summary.checksum.size() == 64);
    CHECK(first.summary.checksum == second.summary.checksum);
    REQUIRE(first.records.size() == second.records.size());
    for (std::size_t i = 0; i < first.records.size(); ++i) {
        INFO("record " << i);
        CHECK(first.records[i].collection == second.records[i].collection);
        CHECK(first.records[i].id == second.records[i].id);
        CHECK(first.records[i].fields == second.records[i].fields);
    }
}

TEST_CASE("Demo data: another seed or another size gives another checksum", "[demo]") {
    const Generated base = generate(smallSpec(7));
    const Generated reseeded = generate(smallSpec(8));
    CHECK(base.summary.checksum != reseeded.summary.checksum);
    CHECK(base.records.front().id != reseeded.records.front().id);

    DemoSpec larger = smallSpec(7);
    larger.interactions += 1;
    CHECK(generate(larger).summary.checksum != base.summary.checksum);
}

TEST_CASE("Demo data: every record of the standard set passes strict validation", "[demo]") {
    const Generated& generated = standardSet();
    const auto& registry = schema::SchemaRegistry::builtin();
    std::set<std::pair<std::string, std::string>> keys;
    std::size_t invalid = 0;
    for (const DemoRecord& record : generated.records) {
        const auto issues =
            registry.validateWrite(record.collection, record.fields, nullptr, schema::UnknownFields::Refuse);
        if (!issues.empty() && invalid++ < 5) {
            FAIL_CHECK(record.collection << " " << record.id << ": " << schema::describe(issues));
        }
        CHECK(isUuid(record.id));
        keys.emplace(record.collection, record.id);
    }
    CHECK(invalid == 0);
    CHECK(keys.size() == generated.records.size()); // ids are unique
}

TEST_CASE("Demo data: references point at records of the set", "[demo]") {
    const Generated& generated = standardSet();
    std::map<std::string, const DemoRecord*> byId;
    for (const DemoRecord& record : generated.records) {
        byId[record.id] = &record;
    }
    const auto refersTo = [&](const Json& id, std::string_view collection) {
        const auto found = byId.find(id.get<std::string>());
        return found != byId.end() && found->second->collection == collection;
    };
    for (const DemoRecord* article : recordsOf(generated, "article")) {
        for (const Json& message : article->fields.value("key_message_ids", Json::array())) {
            REQUIRE(refersTo(message, "article"));
            CHECK(byId.at(message.get<std::string>())->fields.at("kind") == "key_message");
        }
        if (article->fields.contains("category_id")) {
            CHECK(refersTo(article->fields.at("category_id"), "category"));
        }
    }
    for (const DemoRecord* interaction : recordsOf(generated, "interaction")) {
        const Json& customer = interaction->fields.at("customer_id");
        REQUIRE(refersTo(customer, "customer"));
        CHECK(byId.at(customer.get<std::string>())->fields.at("branch") == interaction->fields.at("branch"));
        CHECK(refersTo(interaction->fields.at("category_id"), "category"));
        for (const Json& used : interaction->fields.value("articles_used", Json::array())) {
            CHECK(refersTo(used.at("article_id"), "article"));
        }
    }
    for (const DemoRecord* comment : recordsOf(generated, "comment")) {
        CHECK(refersTo(comment->fields.at("target_id"), "article"));
    }
}

TEST_CASE("Demo data: the standard set has the promised size and branches", "[demo]") {
    const DemoSummary& summary = standardSet().summary;
    CHECK(summary.counts.at("category") == 35);
    CHECK(summary.counts.at("article") == 300);
    CHECK(summary.counts.at("customer") == 2000);
    CHECK(summary.counts.at("interaction") == 20000);
    CHECK(summary.counts.at("search_miss") == 250); // one per 80 interactions
    CHECK(summary.counts.at("comment") == 100);     // one per 3 articles
    CHECK(summary.counts.at("kpi") == 26);          // 6 organisation + 9 branch + 3 team + 8 person
    std::int64_t total = 0;
    for (const auto& [collection, count] : summary.counts) {
        total += count;
    }
    CHECK(total == summary.records);

    std::map<std::string, int> perBranch;
    for (const DemoRecord* customer : recordsOf(standardSet(), "customer")) {
        ++perBranch[customer->fields.at("branch").get<std::string>()];
    }
    // Customer i belongs to branch i % 3.
    CHECK(perBranch == std::map<std::string, int>{{"north", 667}, {"south", 667}, {"east", 666}});

    std::size_t keyMessages = 0;
    for (const DemoRecord* article : recordsOf(standardSet(), "article")) {
        keyMessages += article->fields.at("kind") == "key_message" ? 1 : 0;
    }
    CHECK(keyMessages == 8);
}

TEST_CASE("Demo data: interactions span 26 weeks, busy on weekdays, peaking on Monday", "[demo]") {
    const Day first = kUntil - std::chrono::days{181};
    std::array<int, 7> perWeekday{}; // Sunday first
    for (const DemoRecord* interaction : recordsOf(standardSet(), "interaction")) {
        const Day day = dayOfField(*interaction, "occurred_at");
        REQUIRE(day >= first);
        REQUIRE(day <= kUntil);
        ++perWeekday[std::chrono::weekday{day}.c_encoding()];
    }
    const int weekend = perWeekday[0] + perWeekday[6];
    const int weekdays = perWeekday[1] + perWeekday[2] + perWeekday[3] + perWeekday[4] + perWeekday[5];
    CHECK(weekdays / 5 > 2 * (weekend / 2));
    for (unsigned day = 2; day <= 6; ++day) {
        CHECK(perWeekday[1] > perWeekday[day]);
    }
}

TEST_CASE("Demo data: two topics rise over the last four weeks, others stay flat", "[demo]") {
    const Generated& generated = standardSet();
    const auto weeklyCounts = [&](const std::string& category) {
        std::array<int, 26> weeks{}; // weeks[0]: the 7 days ending at until
        for (const DemoRecord* interaction : recordsOf(generated, "interaction")) {
            if (interaction->fields.at("category_id") == category) {
                ++weeks[static_cast<std::size_t>((kUntil - dayOfField(*interaction, "occurred_at")).count() /
                                                 7)];
            }
        }
        return weeks;
    };
    for (const char* rising : {"Price changes", "Area outages"}) {
        INFO(rising);
        const auto weeks = weeklyCounts(categoryNamed(generated, rising));
        const int earlier = std::accumulate(weeks.begin() + 4, weeks.end(), 0);
        const int lastFour = std::accumulate(weeks.begin(), weeks.begin() + 4, 0);
        CHECK(lastFour / 4 > 3 * earlier / 22);
        CHECK(weeks[0] * 2 >= weeks[1] * 3); // factor 1.5 week on week
        CHECK(weeks[1] > weeks[2]);
        CHECK(weeks[2] > weeks[3]);
    }
    const auto flat = weeklyCounts(categoryNamed(generated, "Slow speeds"));
    const int earlier = std::accumulate(flat.begin() + 4, flat.end(), 0);
    const int lastFour = std::accumulate(flat.begin(), flat.begin() + 4, 0);
    CHECK(lastFour * 22 < 4 * earlier * 3 / 2);
}

TEST_CASE("Demo data: feedback has surveys, answer outcomes and a repeated-comment cluster", "[demo]") {
    const Generated& generated = standardSet();
    std::map<std::string, int> byScale;
    std::vector<std::pair<Day, std::string>> comments;
    for (const DemoRecord* feedback : recordsOf(generated, "feedback")) {
        ++byScale[feedback->fields.value("scale", std::string("none"))];
        if (feedback->fields.contains("comment")) {
            comments.emplace_back(weekStart(dayOfField(*feedback, "at")),
                                  feedback->fields.at("comment").get<std::string>());
        }
    }
    const int surveys = byScale["csat"] + byScale["nps"];
    CHECK(surveys > 20000 * 13 / 100);
    CHECK(surveys < 20000 * 17 / 100);
    CHECK(byScale["helpful"] > 1000);

    // The insight's rule: three or more comments of one week with word-set similarity >= 0.6.
    std::size_t largestGroup = 0;
    for (const auto& [week, text] : comments) {
        std::size_t similar = 0;
        for (const auto& [otherWeek, other] : comments) {
            similar += otherWeek == week && wordSetSimilarity(text, other) >= 0.6 ? 1 : 0;
        }
        largestGroup = std::max(largestGroup, similar);
    }
    CHECK(largestGroup >= 3);

    for (const auto& group : demo::repeatedComments()) {
        for (const std::string_view a : group) {
            for (const std::string_view b : group) {
                INFO(a << " / " << b);
                CHECK(wordSetSimilarity(a, b) >= 0.6);
            }
        }
    }
}

TEST_CASE("Demo data: a topic customers ask about has no article (an FAQ candidate)", "[demo]") {
    const Generated& generated = standardSet();
    const std::string esim = categoryNamed(generated, "eSIM and mobile add-ons");
    std::size_t articles = 0;
    for (const DemoRecord* article : recordsOf(generated, "article")) {
        articles += article->fields.value("category_id", std::string()) == esim ? 1 : 0;
    }
    std::size_t queries = 0;
    for (const DemoRecord* interaction : recordsOf(generated, "interaction")) {
        queries += interaction->fields.at("category_id") == esim ? 1 : 0;
    }
    CHECK(articles == 0);
    CHECK(queries > 200);
}

TEST_CASE("Demo data: written into a replica, the counts and checksum are the same", "[demo]") {
    knowset::test::TempDir dir;
    auto store =
        LocalStore::open({dir.file("replica.sqlite"), [] { return 1'790'000'000'000ULL; }, Synchronous::Off});
    REQUIRE(store);
    const DemoSpec spec = smallSpec();
    const auto written = writeDemoData(**store, spec);
    REQUIRE(written);
    CHECK(written->checksum == generate(spec).summary.checksum);

    const auto counts = (*store)->countByCollection();
    REQUIRE(counts);
    CHECK(*counts == written->counts);
    const auto pending = (*store)->pendingCount();
    REQUIRE(pending);
    CHECK(*pending == written->records); // journalled: every record will sync
}

TEST_CASE("Demo data: impossible sizes are refused, naming the size", "[demo]") {
    DemoSpec spec = smallSpec();
    spec.articles = 8;
    auto summary = generateDemoData(spec, [](std::vector<DemoRecord>&) -> Result<Done> { return Done{}; });
    REQUIRE_FALSE(summary);
    CHECK(summary.error().code == ErrorCode::InvalidChange);
    CHECK(summary.error().message.starts_with("demo.articles: "));

    spec = smallSpec();
    spec.customers = 2;
    summary = generateDemoData(spec, [](std::vector<DemoRecord>&) -> Result<Done> { return Done{}; });
    REQUIRE_FALSE(summary);
    CHECK(summary.error().message.starts_with("demo.customers: "));
}

TEST_CASE("Demo data: a failing sink stops the generator with its error", "[demo]") {
    int batches = 0;
    const auto summary = generateDemoData(
        smallSpec(),
        [&](std::vector<DemoRecord>&) -> Result<Done> {
            ++batches;
            return fail(ErrorCode::Internal, "disk full");
        },
        10);
    REQUIRE_FALSE(summary);
    CHECK(summary.error().message == "disk full");
    CHECK(batches == 1);
}
