// The generator of the demo organisation (see demo_data.hpp); the words come from
// demo_content.cpp.
//
// Stream order: categories, key messages, articles, customers, then day by day each
// interaction followed by its feedback, then search misses, comments on articles and KPIs.
// Records refer to one another by index: the id of article 17 or customer 1203 is a pure
// function of (seed, index), so nothing generated earlier has to be kept.
#include "knowset/domain/demo_data.hpp"

#include "knowset/core/hex.hpp"
#include "knowset/core/ids.hpp"
#include "knowset/domain/demo_content.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace knowset::domain {

namespace {

using namespace std::chrono;

constexpr int kWindowDays = 26 * 7;
constexpr int kRisingDays = 28;
// Daily growth of a rising topic over its last kRisingDays: 1.0857^28 is about 10, 1.78 a week.
constexpr double kRisingDailyGrowth = 1.0857;
constexpr std::size_t kMinimumCustomers = std::size(demo::kBranches);

// ---- Random numbers: splitmix64 to seed, xoshiro256** to draw (the same bits everywhere)

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
}

// What a random stream is for: each kind of record draws from its own streams.
enum class Stream : std::uint64_t {
    Category = 1,
    KeyMessage,
    Article,
    Customer,
    CustomerPlan,
    Day,
    Interaction,
    Feedback,
    SearchMiss,
    Comment,
    Kpi,
    Ids = 0x100, // added to a record's stream for the random bits of its id
};

class Random {
public:
    Random(std::uint64_t seed, Stream stream, std::uint64_t index) {
        std::uint64_t state = seed ^ (static_cast<std::uint64_t>(stream) * 0xd1342543de82ef95ULL) ^
                              (index * 0x9e3779b97f4a7c15ULL);
        for (std::uint64_t& word : m_state) {
            word = splitmix64(state);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17U;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, 1), from the top 53 bits: exact in IEEE doubles.
    double unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
    std::size_t below(std::size_t count) {
        return static_cast<std::size_t>(unit() * static_cast<double>(count));
    }
    std::int64_t between(std::int64_t low, std::int64_t high) { // inclusive
        return low + static_cast<std::int64_t>(below(static_cast<std::size_t>(high - low + 1)));
    }
    bool chance(double probability) { return unit() < probability; }
    template <typename T> const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }
    // An index drawn with probability proportional to its weight.
    std::size_t weighted(std::span<const int> weights) {
        int total = 0;
        for (const int weight : weights) {
            total += weight;
        }
        auto target = static_cast<int>(below(static_cast<std::size_t>(total)));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (target < weights[i]) {
                return i;
            }
            target -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, unsigned k) { return (x << k) | (x >> (64U - k)); }
    std::array<std::uint64_t, 4> m_state{};
};

// ---- Ids and times

// A UUIDv7 (RFC 9562: 48 bits of Unix milliseconds, version 7, 12 random bits, variant 10, 62
// random bits) of the time `at` and random bits of (seed, stream, index).
std::string recordId(std::uint64_t seed, Stream stream, std::uint64_t index, sys_seconds at) {
    Random bits(
        seed,
        static_cast<Stream>(static_cast<std::uint64_t>(stream) + static_cast<std::uint64_t>(Stream::Ids)),
        index);
    const auto millis =
        static_cast<std::uint64_t>(duration_cast<milliseconds>(at.time_since_epoch()).count()) &
        Hlc::kMaxMillis;
    const std::uint64_t high = (millis << 16U) | 0x7000U | (bits.next() & 0xfffU);
    const std::uint64_t low = (std::uint64_t{0b10} << 62U) | (bits.next() >> 2U);
    std::string text = toFixedHex(high) + toFixedHex(low);
    for (const std::size_t dash : {8, 13, 18, 23}) {
        text.insert(dash, 1, '-');
    }
    return text;
}

sys_seconds atTime(Day day, int hour, int minute = 0) {
    return sys_seconds{day} + hours{hour} + minutes{minute};
}

// 0 for Sunday to 6 for Saturday.
unsigned weekdayOf(Day day) {
    return weekday{day}.c_encoding();
}

bool isWeekend(Day day) {
    const unsigned weekday = weekdayOf(day);
    return weekday == 0 || weekday == 6;
}

// ---- Text helpers

std::string replaced(std::string_view text, std::string_view placeholder, std::string_view value) {
    std::string out(text);
    if (const auto at = out.find(placeholder); at != std::string::npos) {
        out.replace(at, placeholder.size(), value);
    }
    return out;
}

// `count` distinct items of `items` in a random order (all of them when there are fewer).
std::vector<std::string_view> distinctPicks(Random& random, const std::vector<std::string_view>& items,
                                            std::size_t count) {
    std::vector<std::string_view> pool(items);
    std::vector<std::string_view> chosen;
    while (!pool.empty() && chosen.size() < count) {
        const std::size_t at = random.below(pool.size());
        chosen.push_back(pool[at]);
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
    }
    return chosen;
}

// What a customer says after an opening such as "Hi, ": the first letter lower-cased unless it
// is the word "I".
std::string continuing(std::string_view opening, std::string_view words) {
    std::string text(words);
    const bool pronounI = text.size() > 1 && text[0] == 'I' && (text[1] == ' ' || text[1] == '\'');
    if (!opening.empty() && !text.empty() && text[0] >= 'A' && text[0] <= 'Z' && !pronounI) {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return std::string(opening) + text;
}

// The ASCII letters of a name, lower-cased: the local part of a demo e-mail address.
std::string mailName(std::string_view name) {
    std::string out;
    for (const char c : name) {
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c >= 'a' && c <= 'z') {
            out += c;
        }
    }
    return out;
}

// ---- Distributions

// Handling time in seconds: quantiles of a log-normal-like curve (median about five minutes,
// long tail to 30 minutes), interpolated linearly so that no libm function is involved.
int handlingSeconds(Random& random) {
    static constexpr std::array<int, 21> kQuantiles{60,  95,  120, 145, 170, 190, 215, 240, 265,  290, 320,
                                                    350, 385, 420, 465, 520, 590, 680, 820, 1080, 1800};
    const double position = random.unit() * static_cast<double>(kQuantiles.size() - 1);
    const auto lower = static_cast<std::size_t>(position);
    const double fraction = position - static_cast<double>(lower);
    return static_cast<int>(kQuantiles[lower] + fraction * (kQuantiles[lower + 1] - kQuantiles[lower]));
}

struct Weighted {
    std::string_view value;
    int weight;
};

template <std::size_t N>
std::string_view pickWeighted(Random& random, const std::array<Weighted, N>& options) {
    std::array<int, N> weights{};
    for (std::size_t i = 0; i < N; ++i) {
        weights[i] = options[i].weight;
    }
    return options[random.weighted(weights)].value;
}

constexpr std::array<Weighted, 7> kChannels{{{"phone", 46},
                                             {"chat", 22},
                                             {"email", 16},
                                             {"social", 6},
                                             {"face_to_face", 5},
                                             {"field_visit", 3},
                                             {"letter", 2}}};
constexpr std::array<Weighted, 5> kKinds{
    {{"query", 52}, {"request", 26}, {"complaint", 10}, {"compliment", 8}, {"comment", 4}}};
constexpr std::array<Weighted, 4> kArticleKinds{
    {{"faq", 35}, {"answer", 30}, {"procedure", 25}, {"product_info", 10}}};
constexpr std::array<Weighted, 4> kArticleStatuses{
    {{"published", 85}, {"draft", 5}, {"in_review", 5}, {"archived", 5}}};
constexpr std::array<Weighted, 4> kHowSupplied{
    {{"verbal", 50}, {"electronic", 25}, {"written", 15}, {"image", 10}}};
constexpr std::array<Weighted, 4> kEscalationReasons{
    {{"needs_specialist", 55}, {"beyond_authority", 25}, {"complaint", 15}, {"regulatory", 5}}};
constexpr std::array<Weighted, 3> kAnswerOutcomes{{{"worked", 65}, {"partly", 25}, {"not", 10}}};
constexpr std::array<Weighted, 4> kContactPreferences{
    {{"email", 45}, {"phone", 25}, {"text", 22}, {"post", 8}}};
constexpr std::array<std::string_view, 3> kPlans{"Fibre 150", "Fibre 500", "Fibre 900"};
// Relative volume by weekday, Sunday first (c_encoding): a Monday peak, quiet weekends.
constexpr std::array<int, 7> kWeekdayVolume{18, 130, 112, 105, 102, 95, 38};
// Interactions per branch.
constexpr std::array<int, 3> kBranchVolume{40, 35, 25};
// CSAT 1..5 and NPS 0..10 weights when the contact was resolved, and when it was not.
constexpr std::array<int, 5> kCsatResolved{3, 5, 12, 35, 45};
constexpr std::array<int, 5> kCsatUnresolved{14, 16, 25, 27, 18};
constexpr std::array<int, 11> kNpsResolved{1, 1, 1, 2, 2, 4, 6, 12, 22, 24, 25};
constexpr std::array<int, 11> kNpsUnresolved{4, 4, 5, 7, 8, 12, 12, 14, 14, 10, 10};

// Clusters of repeated comments are placed on interactions counted back from the last one:
// group g starts kClusterSpacing * g + 1 interactions before the end and has one member every
// kClusterStride interactions, so each group falls within a day or two.
constexpr std::size_t kClusterSpacing = 400;
constexpr std::size_t kClusterStride = 23;

// ---- The generator

class Generator {
public:
    Generator(const DemoSpec& spec, const DemoBatchSink& sink, std::size_t batchSize)
        : m_spec(spec)
        , m_sink(sink)
        , m_batchSize(std::max<std::size_t>(batchSize, 1))
        , m_first(spec.until - days{kWindowDays - 1})
        , m_end(sys_seconds{spec.until + days{1}} - seconds{1}) {
        ensureSodium();
        crypto_generichash_init(&m_hash, nullptr, 0, crypto_generichash_BYTES);
        m_batch.reserve(m_batchSize);
        for (std::size_t t = 0; t < demo::topics().size(); ++t) {
            if (demo::topics()[t].hasArticles) {
                m_articleTopics.push_back(t);
            }
        }
        for (std::size_t a = 0; a < demo::agents().size(); ++a) {
            m_branchAgents[static_cast<std::size_t>(demo::agents()[a].branch)].push_back(a);
        }
    }

    Result<DemoSummary> run() {
        const std::array<Result<Done> (Generator::*)(), 9> steps{
            &Generator::categories, &Generator::keyMessages,  &Generator::articles,
            &Generator::customers,  &Generator::interactions, &Generator::searchMisses,
            &Generator::comments,   &Generator::kpis,         &Generator::flush,
        };
        for (const auto step : steps) {
            if (auto done = (this->*step)(); !done) {
                return unexpected(done.error());
            }
        }
        std::array<unsigned char, crypto_generichash_BYTES> digest{};
        crypto_generichash_final(&m_hash, digest.data(), digest.size());
        std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
        sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
        m_summary.checksum.assign(hex.data(), digest.size() * 2);
        return std::move(m_summary);
    }

private:
    // ---- ids of records by index

    std::string categoryId(std::size_t index) const {
        return recordId(m_spec.seed, Stream::Category, index,
                        atTime(m_first - days{720}, 9) + minutes{index});
    }
    std::string keyMessageId(std::size_t index) const {
        return recordId(m_spec.seed, Stream::KeyMessage, index, keyMessageCreated(index));
    }
    sys_seconds keyMessageCreated(std::size_t index) const {
        return atTime(m_first - days{400} + days{static_cast<int>(index) * 9}, 10);
    }
    std::size_t regularArticles() const { return m_spec.articles - demo::keyMessages().size(); }
    // Regular articles are spread over the topics that have articles, round robin.
    std::string articleId(std::size_t index) const {
        return recordId(m_spec.seed, Stream::Article, index, articleCreated(index));
    }
    sys_seconds articleCreated(std::size_t index) const {
        const auto span = duration_cast<seconds>(days{365});
        return atTime(m_first - days{365}, 8) +
               span * static_cast<std::int64_t>(index) / static_cast<std::int64_t>(regularArticles());
    }
    // How many articles the topic at position `slot` of m_articleTopics has.
    std::size_t articlesInSlot(std::size_t slot) const {
        const std::size_t slots = m_articleTopics.size();
        return regularArticles() > slot ? (regularArticles() - slot + slots - 1) / slots : 0;
    }
    std::string customerId(std::size_t index) const {
        return recordId(m_spec.seed, Stream::Customer, index, customerCreated(index));
    }
    sys_seconds customerCreated(std::size_t index) const {
        const auto span = duration_cast<seconds>(days{3 * 365});
        return atTime(m_first - days{3 * 365}, 8) +
               span * static_cast<std::int64_t>(index) / static_cast<std::int64_t>(m_spec.customers);
    }
    // Customer i belongs to branch i % 3.
    std::size_t customersInBranch(std::size_t branch) const {
        return (m_spec.customers - branch + kMinimumCustomers - 1) / kMinimumCustomers;
    }
    std::string_view planOf(std::size_t customer) const {
        Random random(m_spec.seed, Stream::CustomerPlan, customer);
        return kPlans[random.below(kPlans.size())];
    }

    // ---- emitting

    Result<Done> emit(std::string_view collection, std::string id, Json fields) {
        const std::string values = fields.dump();
        for (const std::string_view part :
             {collection, std::string_view("\t"), std::string_view(id), std::string_view("\t"),
              std::string_view(values), std::string_view("\n")}) {
            crypto_generichash_update(&m_hash, reinterpret_cast<const unsigned char*>(part.data()),
                                      part.size());
        }
        ++m_summary.counts[std::string(collection)];
        ++m_summary.records;
        m_batch.push_back(DemoRecord{std::string(collection), std::move(id), std::move(fields)});
        return m_batch.size() >= m_batchSize ? flush() : Result<Done>(Done{});
    }

    Result<Done> flush() {
        if (m_batch.empty()) {
            return Done{};
        }
        auto done = m_sink(m_batch);
        m_batch.clear();
        return done;
    }

    // ---- the knowledge set

    Result<Done> categories() {
        const auto& entries = demo::categories();
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const demo::CategoryEntry& entry = entries[i];
            Json fields{{"name", entry.name}, {"description", entry.description}};
            int position = 0;
            for (std::size_t sibling = 0; sibling < i; ++sibling) {
                position += entries[sibling].parent == entry.parent ? 1 : 0;
            }
            fields["position"] = position;
            if (entry.parent >= 0) {
                fields["parent_id"] = categoryId(static_cast<std::size_t>(entry.parent));
            }
            if (auto done = emit("category", categoryId(i), std::move(fields)); !done) {
                return done;
            }
        }
        return Done{};
    }

    // Verification by a knowledge owner some time after `created`, before `until`.
    void addVerification(Json& fields, Random& random, sys_seconds created) {
        const Day createdDay = floor<days>(created);
        const auto daysSince = static_cast<std::int64_t>((m_spec.until - createdDay).count());
        const Day verified = m_spec.until - days{random.between(0, std::min<std::int64_t>(daysSince, 330))};
        const sys_seconds verifiedAt =
            std::max(created, atTime(verified, 10, static_cast<int>(random.below(360))));
        fields["verified_at"] = formatTimestamp(verifiedAt);
        fields["verified_by"] = random.pick(knowledgeOwners());
        fields["review_due"] = formatDay(floor<days>(verifiedAt) + days{180});
    }

    static const std::vector<std::string_view>& knowledgeOwners() {
        static const std::vector<std::string_view> kOwners{"sam", "sue", "priya", "hannah"};
        return kOwners;
    }

    Result<Done> keyMessages() {
        const auto& messages = demo::keyMessages();
        for (std::size_t k = 0; k < messages.size(); ++k) {
            Random random(m_spec.seed, Stream::KeyMessage, k);
            const demo::KeyMessage& message = messages[k];
            Json tags = Json::array();
            for (const std::string_view tag : message.tags) {
                tags.push_back(tag);
            }
            Json fields{{"kind", "key_message"},
                        {"title", message.title},
                        {"summary", message.summary},
                        {"body", message.body},
                        {"tags", std::move(tags)},
                        {"status", "published"},
                        {"owner", random.pick(knowledgeOwners())},
                        {"valid_from", formatDay(floor<days>(keyMessageCreated(k)))}};
            addVerification(fields, random, keyMessageCreated(k));
            if (auto done = emit("article", keyMessageId(k), std::move(fields)); !done) {
                return done;
            }
        }
        return Done{};
    }

    Result<Done> articles() {
        const auto& phrases = demo::phrases();
        for (std::size_t j = 0; j < regularArticles(); ++j) {
            Random random(m_spec.seed, Stream::Article, j);
            const std::size_t slot = j % m_articleTopics.size();
            const demo::Topic& topic = demo::topics()[m_articleTopics[slot]];
            const std::size_t round = j / m_articleTopics.size();
            std::string title(topic.titles[round % topic.titles.size()]);
            if (round >= topic.titles.size()) {
                const std::size_t variant =
                    (round / topic.titles.size() - 1) % phrases.titleQualifiers.size();
                title.append(" (").append(phrases.titleQualifiers[variant]).append(")");
            }
            std::string_view kind = pickWeighted(random, kArticleKinds);
            if (kind == "product_info" && topic.products.empty()) {
                kind = "answer";
            }
            const std::string_view status = pickWeighted(random, kArticleStatuses);
            const sys_seconds created = articleCreated(j);

            const auto facts = distinctPicks(random, topic.facts, 3);
            std::string body = replaced(random.pick(phrases.articleOpenings), "{title}", "\"" + title + "\"");
            body.append(" ").append(demo::categories()[static_cast<std::size_t>(topic.category)].description);
            body.append("\n\n");
            for (const std::string_view fact : facts) {
                body.append(fact).append(fact == facts.back() ? "" : " ");
            }
            if (kind == "procedure" || kind == "answer") {
                body.append("\n\nSteps:");
                for (std::size_t s = 0; s < topic.steps.size(); ++s) {
                    body.append("\n").append(std::to_string(s + 1)).append(". ").append(topic.steps[s]);
                }
            }
            const auto advice = distinctPicks(random, phrases.generalAdvice, 2);
            body.append("\n\n").append(advice[0]).append(" ").append(advice[1]);

            Json keyMessageIds = Json::array();
            for (const int message : topic.keyMessages) {
                if (random.chance(0.7)) {
                    const auto index = static_cast<std::size_t>(message);
                    keyMessageIds.push_back(keyMessageId(index));
                    body.append("\n\nKey message: ").append(demo::keyMessages()[index].title).append(". ");
                    body.append(demo::keyMessages()[index].summary);
                }
            }
            Json tags = Json::array();
            for (const std::string_view tag : distinctPicks(random, topic.tags, 2 + random.below(2))) {
                tags.push_back(tag);
            }

            Json fields{{"kind", kind},
                        {"title", title},
                        {"summary", facts.front()},
                        {"body", std::move(body)},
                        {"category_id", categoryId(static_cast<std::size_t>(topic.category))},
                        {"tags", std::move(tags)},
                        {"status", status},
                        {"owner", random.pick(knowledgeOwners())},
                        {"valid_from", formatDay(floor<days>(created))}};
            if (!keyMessageIds.empty()) {
                fields["key_message_ids"] = std::move(keyMessageIds);
            }
            if (!topic.products.empty()) {
                fields["products"] = Json(std::vector<std::string_view>(topic.products));
            } else if (random.chance(0.3)) {
                fields["products"] = Json(std::vector<std::string_view>(kPlans.begin(), kPlans.end()));
            }
            if (status == "archived") {
                fields["valid_to"] = formatDay(floor<days>(created) + days{random.between(60, 300)});
            }
            if (status == "published") {
                addVerification(fields, random, created);
                if (random.chance(0.04)) {
                    fields["needs_review"] = true;
                    fields["review_reason"] = fields.contains("key_message_ids")
                                                  ? "A key message this article cites has changed."
                                                  : "An agent reported that the steps are out of date.";
                }
            }
            if (auto done = emit("article", articleId(j), std::move(fields)); !done) {
                return done;
            }
        }
        return Done{};
    }

    // ---- customers

    Result<Done> customers() {
        const auto& phrases = demo::phrases();
        for (std::size_t i = 0; i < m_spec.customers; ++i) {
            Random random(m_spec.seed, Stream::Customer, i);
            const std::size_t branch = i % kMinimumCustomers;
            // Now and then the same person twice in a branch, as happens in real records: the
            // duplicate check has something to find.
            const bool duplicate = i % 400 == 399;
            Random naming(m_spec.seed, Stream::Customer, duplicate ? i - kMinimumCustomers : i);
            const std::string_view first = naming.pick(phrases.firstNames);
            const std::string_view last = naming.pick(phrases.lastNames);
            const std::string name = std::string(first) + " " + std::string(last);
            const std::size_t phoneIndex = duplicate ? i - kMinimumCustomers : i;
            const sys_seconds created = customerCreated(i);

            // One draw per statement: the order in which operands are evaluated is unspecified.
            std::string address = std::to_string(1 + random.below(140)) + " ";
            address.append(random.pick(phrases.streets)).append(", ");
            address.append(random.pick(phrases.towns[branch]));
            Json fields{{"name", name},
                        {"branch", demo::kBranches[branch]},
                        {"segment", random.pick(phrases.segments)},
                        {"address", std::move(address)}};
            if (!random.chance(0.08)) {
                std::string local = mailName(first);
                local = local.size() < 2 ? std::string(1, static_cast<char>('a' + random.below(26))) : local;
                fields["email"] = local + "." + mailName(last) + std::to_string(i) + "@" +
                                  std::string(random.pick(phrases.mailDomains));
            }
            if (!random.chance(0.05)) {
                // 07700 9xxxxx style numbers, different for every customer (7919 is prime to 10^6).
                const std::size_t digits = (phoneIndex * 7919 + 104729) % 1'000'000;
                std::string number = std::to_string(digits);
                fields["phone"] = "+44 7700 " + std::string(6 - number.size(), '0') + number;
            }
            const std::string_view agent =
                demo::agents()[m_branchAgents[branch][random.below(m_branchAgents[branch].size())]].user;
            fields["preferences"] = Json{{"contact", pickWeighted(random, kContactPreferences)}};
            fields["consent"] = Json{
                {"service_messages",
                 {{"basis", "contract"}, {"granted", true}, {"at", formatTimestamp(created)}}},
                {"marketing",
                 {{"basis", "consent"},
                  {"granted", random.chance(0.4)},
                  {"source", random.chance(0.5) ? "web sign-up" : "phone call"},
                  {"captured_by", agent},
                  {"at", formatTimestamp(created)},
                  {"expires", formatDay(floor<days>(created) + days{2 * 365})}}},
            };
            if (random.chance(0.6)) {
                const Day verifiedDay = m_first + days{random.below(kWindowDays)};
                const sys_seconds verified = atTime(verifiedDay, 9 + static_cast<int>(random.below(9)));
                fields["verified_at"] = formatTimestamp(verified);
                fields["verified_by"] = agent;
            }
            if (random.chance(0.7)) {
                const year_month_day born{year{static_cast<int>(random.between(1938, 2005))},
                                          month{static_cast<unsigned>(random.between(1, 12))},
                                          day{static_cast<unsigned>(random.between(1, 28))}};
                fields["date_of_birth"] = formatDay(sys_days{born});
            }
            if (auto done = emit("customer", customerId(i), std::move(fields)); !done) {
                return done;
            }
        }
        return Done{};
    }

    // ---- interactions and their feedback

    // The weight of topic `t` on a day `daysBeforeUntil` days before until.
    double topicWeight(std::size_t t, int daysBeforeUntil) const {
        const demo::Topic& topic = demo::topics()[t];
        return topic.rising && daysBeforeUntil < kRisingDays
                   ? topic.weight * m_growth[static_cast<std::size_t>(daysBeforeUntil)]
                   : topic.weight;
    }

    Result<Done> interactions() {
        m_growth[kRisingDays - 1] = kRisingDailyGrowth;
        for (int d = kRisingDays - 2; d >= 0; --d) {
            m_growth[static_cast<std::size_t>(d)] =
                m_growth[static_cast<std::size_t>(d) + 1] * kRisingDailyGrowth;
        }
        // The rising topics add contacts rather than displace others: a day's volume is its
        // weekday's share times the sum of its topic weights.
        const std::size_t topicCount = demo::topics().size();
        std::array<double, kWindowDays> dayWeight{};
        double total = 0;
        for (int d = 0; d < kWindowDays; ++d) {
            double topics = 0;
            for (std::size_t t = 0; t < topicCount; ++t) {
                topics += topicWeight(t, kWindowDays - 1 - d);
            }
            const Day day = m_first + days{d};
            dayWeight[static_cast<std::size_t>(d)] = kWeekdayVolume[weekdayOf(day)] * topics;
            total += dayWeight[static_cast<std::size_t>(d)];
        }
        std::vector<double> cumulativeTopics(topicCount);
        std::vector<std::size_t> dayTopics;
        double cumulative = 0;
        std::size_t next = 0;
        for (int d = 0; d < kWindowDays; ++d) {
            cumulative += dayWeight[static_cast<std::size_t>(d)];
            const auto through = static_cast<std::size_t>(
                std::llround(static_cast<double>(m_spec.interactions) * cumulative / total));
            const std::size_t count = std::min(through, m_spec.interactions) - next;
            double sum = 0;
            for (std::size_t t = 0; t < topicCount; ++t) {
                sum += topicWeight(t, kWindowDays - 1 - d);
                cumulativeTopics[t] = sum;
            }
            // Systematic sampling: the day's contacts take the topics at evenly spaced points of
            // the cumulative weights (from a random offset), so every topic gets its expected
            // count give or take one, and trends show without noise that could pass for a rising
            // topic. The topics are then shuffled over the day's time slots.
            Random dayRandom(m_spec.seed, Stream::Day, static_cast<std::uint64_t>(d));
            const double offset = dayRandom.unit();
            dayTopics.resize(count);
            for (std::size_t k = 0; k < count; ++k) {
                const double point = (static_cast<double>(k) + offset) / static_cast<double>(count) * sum;
                const auto topic = static_cast<std::size_t>(
                    std::upper_bound(cumulativeTopics.begin(), cumulativeTopics.end(), point) -
                    cumulativeTopics.begin());
                dayTopics[k] = std::min(topic, topicCount - 1);
            }
            for (std::size_t k = count; k > 1; --k) {
                std::swap(dayTopics[k - 1], dayTopics[dayRandom.below(k)]);
            }
            const Day day = m_first + days{d};
            const int opens = isWeekend(day) ? 9 : 8;
            const int spanSeconds = (isWeekend(day) ? 8 : 12) * 3600;
            for (std::size_t k = 0; k < count; ++k, ++next) {
                Random random(m_spec.seed, Stream::Interaction, next);
                const double within = (static_cast<double>(k) + random.unit()) / static_cast<double>(count);
                const sys_seconds at = atTime(day, opens) + seconds{static_cast<int>(within * spanSeconds)};
                if (auto done = interaction(next, random, at, dayTopics[k]); !done) {
                    return done;
                }
            }
        }
        return Done{};
    }

    struct Contact {
        std::string id;
        std::string customerId;
        std::size_t branch = 0;
        const demo::Agent* agent = nullptr;
        sys_seconds at;
        std::string outcome;
        std::vector<std::string> articlesUsed;
    };

    Result<Done> interaction(std::size_t index, Random& random, sys_seconds at, std::size_t topicIndex) {
        const auto& phrases = demo::phrases();
        const demo::Topic& topic = demo::topics()[topicIndex];
        const Day day = floor<days>(at);
        Contact contact;
        contact.id = recordId(m_spec.seed, Stream::Interaction, index, at);
        contact.at = at;
        contact.branch = random.weighted(kBranchVolume);
        const std::size_t inBranch = customersInBranch(contact.branch);
        // Half the contacts come from a small group of frequent callers.
        const double u = random.unit();
        const auto position =
            static_cast<std::size_t>((random.chance(0.5) ? u * u : u) * static_cast<double>(inBranch));
        const std::size_t customer = std::min(position, inBranch - 1) * kMinimumCustomers + contact.branch;
        contact.customerId = customerId(customer);
        const auto& branchAgents = m_branchAgents[contact.branch];
        contact.agent = &demo::agents()[branchAgents[random.below(branchAgents.size())]];

        const std::string_view channel = pickWeighted(random, kChannels);
        const std::string_view kind = topic.complaints ? "complaint" : pickWeighted(random, kKinds);
        // Agents mostly file under the leaf; now and then only under its top-level category.
        std::size_t category = static_cast<std::size_t>(topic.category);
        if (random.chance(0.03)) {
            while (demo::categories()[category].parent >= 0) {
                category = static_cast<std::size_t>(demo::categories()[category].parent);
            }
        }
        const std::string_view opening = random.pick(phrases.customerOpenings);
        std::string words = continuing(opening, random.pick(topic.customerWords));
        words.append(random.pick(phrases.customerAsides));
        const bool wordsRecorded = random.chance(0.7); // agents do not always note them

        const int outcomeRoll = static_cast<int>(random.below(100));
        const int escalatedShare = kind == "complaint" ? 20 : 7;
        std::string_view outcome = "resolved";
        if (outcomeRoll < escalatedShare) {
            outcome = "escalated";
        } else if (outcomeRoll < escalatedShare + 13) {
            outcome = "follow_up";
        } else if (outcomeRoll < escalatedShare + 19) {
            outcome = "pending";
        }
        contact.outcome = outcome;
        const std::vector<std::string_view>& actions = outcome == "resolved"    ? phrases.resolvedActions
                                                       : outcome == "follow_up" ? phrases.followUpActions
                                                       : outcome == "escalated" ? phrases.escalatedActions
                                                                                : phrases.pendingActions;
        const int handled = std::clamp(handlingSeconds(random) *
                                           (channel == "chat"    ? 5
                                            : channel == "email" ? 3
                                                                 : 4) /
                                           4,
                                       60, 1800);

        Json fields{{"customer_id", contact.customerId},
                    {"channel", channel},
                    {"kind", kind},
                    {"category_id", categoryId(category)},
                    {"product", topic.products.empty() ? planOf(customer) : random.pick(topic.products)},
                    {"summary", std::string(topic.summary) + ": " + std::string(random.pick(actions))},
                    {"outcome", outcome},
                    {"agent", contact.agent->user},
                    {"team", contact.agent->team},
                    {"branch", demo::kBranches[contact.branch]},
                    {"occurred_at", formatTimestamp(at)},
                    {"handled_seconds", handled}};
        if (wordsRecorded) {
            fields["customer_words"] = std::move(words);
        }
        if ((channel == "phone" || channel == "chat" || channel == "face_to_face") && random.chance(0.75)) {
            const int result = static_cast<int>(random.below(100));
            fields["identity_check"] = Json{{"method", random.pick(phrases.identityMethods)},
                                            {"result", result < 92   ? "passed"
                                                       : result < 97 ? "failed"
                                                                     : "not_completed"},
                                            {"checked_by", contact.agent->user},
                                            {"at", formatTimestamp(at)}};
        }
        const std::size_t slot = slotOf(topicIndex);
        if (slot < m_articleTopics.size() && articlesInSlot(slot) > 0 && random.chance(0.35)) {
            Json used = Json::array();
            const std::size_t count = random.chance(0.8) ? 1 : 2;
            for (std::size_t n = 0; n < count; ++n) {
                const std::size_t article =
                    slot + random.below(articlesInSlot(slot)) * m_articleTopics.size();
                std::string articleId = this->articleId(article);
                if (std::find(contact.articlesUsed.begin(), contact.articlesUsed.end(), articleId) !=
                    contact.articlesUsed.end()) {
                    continue;
                }
                used.push_back(Json{{"article_id", articleId},
                                    {"how", pickWeighted(random, kHowSupplied)},
                                    {"understood", random.chance(0.85)}});
                contact.articlesUsed.push_back(std::move(articleId));
            }
            fields["articles_used"] = std::move(used);
        }
        if (outcome == "follow_up") {
            addFollowUp(fields, random, at);
        } else if (outcome == "escalated") {
            addEscalation(fields, random, day, topic, kind);
        }
        if (auto done = emit("interaction", contact.id, std::move(fields)); !done) {
            return done;
        }
        return feedback(index, contact);
    }

    std::size_t slotOf(std::size_t topicIndex) const {
        return static_cast<std::size_t>(
            std::find(m_articleTopics.begin(), m_articleTopics.end(), topicIndex) - m_articleTopics.begin());
    }

    // A follow-up due within five days: done on time, done late or overdue as of `until`.
    void addFollowUp(Json& fields, Random& random, sys_seconds at) {
        const Day due = floor<days>(at) + days{1 + random.below(5)};
        fields["follow_up_due"] = formatDay(due);
        const sys_seconds dueBy = std::min(atTime(due, 17), m_end);
        const int roll = static_cast<int>(random.below(100));
        std::optional<sys_seconds> done;
        if (due < m_spec.until ? roll < 75 : roll < 30) {
            done =
                at +
                seconds{static_cast<std::int64_t>(random.unit() * static_cast<double>((dueBy - at).count()))};
        } else if (due < m_spec.until && roll < 87) {
            const Day lateDay = due + days{1 + random.below(4)};
            const sys_seconds late = atTime(lateDay, 10 + static_cast<int>(random.below(7)));
            if (late <= m_end) {
                done = late;
            }
        }
        if (done) {
            fields["follow_up_done_at"] = formatTimestamp(*done);
        }
    }

    void addEscalation(Json& fields, Random& random, Day day, const demo::Topic& topic,
                       std::string_view kind) {
        const std::string_view reason =
            kind == "complaint" ? "complaint" : pickWeighted(random, kEscalationReasons);
        std::string_view to = topic.escalateTo;
        if (reason == "beyond_authority") {
            to = "Team leader";
        } else if (reason == "complaint") {
            to = "Complaints team";
        } else if (reason == "regulatory") {
            to = "Regulatory affairs";
        }
        fields["escalation_reason"] = reason;
        fields["escalated_to"] = to;
        fields["escalation_mode"] = random.chance(0.6) ? "written" : "verbal";
        fields["escalation_due"] = formatDay(day + days{reason == "complaint" ? 2 : 5});
        const auto age = (m_spec.until - day).count();
        const int roll = static_cast<int>(random.below(100));
        std::string_view status = roll < 60 ? "open" : "in_progress";
        if (age > 21) {
            status = roll < 70 ? "resolved" : "closed";
        } else if (age > 7) {
            status = roll < 30 ? "in_progress" : roll < 80 ? "resolved" : "closed";
        }
        fields["escalation_status"] = status;
    }

    Json feedbackBase(const Contact& contact, std::string_view source, sys_seconds at) const {
        return Json{{"source", source},
                    {"customer_id", contact.customerId},
                    {"branch", demo::kBranches[contact.branch]},
                    {"at", formatTimestamp(std::min(at, m_end))}};
    }

    std::string_view triageFor(Random& random, sys_seconds at) const {
        if (m_end - at < days{10}) {
            return "new";
        }
        const int roll = static_cast<int>(random.below(100));
        return roll < 15 ? "new" : roll < 45 ? "accepted" : roll < 60 ? "declined" : "actioned";
    }

    Result<Done> feedback(std::size_t index, const Contact& contact) {
        const auto& phrases = demo::phrases();
        Random random(m_spec.seed, Stream::Feedback, index);
        std::size_t made = 0;
        const auto send = [&](Json fields, sys_seconds at) {
            const std::string id =
                recordId(m_spec.seed, Stream::Feedback, index * 8 + made++, std::min(at, m_end));
            return emit("feedback", id, std::move(fields));
        };
        const bool resolved = contact.outcome == "resolved";
        if (random.chance(0.15)) {
            const sys_seconds at = contact.at + hours{1 + random.below(47)};
            Json fields = feedbackBase(contact, "survey", at);
            int score = 0;
            bool good = false;
            if (random.chance(0.6)) {
                score = 1 + static_cast<int>(random.weighted(resolved ? kCsatResolved : kCsatUnresolved));
                good = score >= 4;
                fields["scale"] = "csat";
            } else {
                score = static_cast<int>(random.weighted(resolved ? kNpsResolved : kNpsUnresolved));
                good = score >= 9;
                fields["scale"] = "nps";
            }
            fields["score"] = score;
            fields["interaction_id"] = contact.id;
            fields["agent"] = contact.agent->user;
            fields["team"] = contact.agent->team;
            if (random.chance(0.15)) {
                std::string comment(random.pick(good ? phrases.praise : phrases.criticism));
                comment.append(". ").append(
                    random.pick(good ? phrases.praiseEndings : phrases.criticismEndings));
                fields["comment"] = std::move(comment);
            }
            if (auto done = send(std::move(fields), at); !done) {
                return done;
            }
        }
        for (const std::string& article : contact.articlesUsed) {
            if (!random.chance(0.3)) {
                continue;
            }
            const std::string_view outcome = pickWeighted(random, kAnswerOutcomes);
            Json fields = feedbackBase(contact, "anecdotal", contact.at + minutes{5});
            fields["scale"] = "helpful";
            fields["helpful"] = outcome != "not";
            fields["answer_outcome"] = outcome;
            fields["article_id"] = article;
            fields["interaction_id"] = contact.id;
            fields["agent"] = contact.agent->user;
            fields["team"] = contact.agent->team;
            if (auto done = send(std::move(fields), contact.at + minutes{5}); !done) {
                return done;
            }
        }
        if (random.chance(0.01)) {
            const sys_seconds at = contact.at + hours{2 + random.below(70)};
            Json fields = feedbackBase(contact, "unsolicited", at);
            std::string comment(random.pick(phrases.unsolicited));
            comment.append(". ").append(random.pick(phrases.commentEndings));
            fields["comment"] = std::move(comment);
            fields["triage"] = triageFor(random, at);
            if (auto done = send(std::move(fields), at); !done) {
                return done;
            }
        }
        if (random.chance(0.01)) {
            Json fields = feedbackBase(contact, "anecdotal", contact.at);
            std::string comment(random.pick(phrases.anecdotal));
            comment.append(". ").append(random.pick(phrases.commentEndings));
            fields["comment"] = std::move(comment);
            fields["interaction_id"] = contact.id;
            fields["agent"] = contact.agent->user;
            fields["team"] = contact.agent->team;
            fields["triage"] = triageFor(random, contact.at);
            if (auto done = send(std::move(fields), contact.at); !done) {
                return done;
            }
        }
        if (const auto repeated = repeatedComment(index)) {
            const sys_seconds at = contact.at + minutes{30 + random.below(600)};
            Json fields = feedbackBase(contact, "unsolicited", at);
            fields["comment"] = *repeated;
            fields["triage"] = "new";
            if (auto done = send(std::move(fields), at); !done) {
                return done;
            }
        }
        return Done{};
    }

    // The repeated comment placed on interaction `index`, if any (see kClusterSpacing).
    std::optional<std::string_view> repeatedComment(std::size_t index) const {
        const std::size_t back = m_spec.interactions - 1 - index;
        const std::size_t group = back / kClusterSpacing;
        const std::size_t offset = back % kClusterSpacing;
        const auto& groups = demo::repeatedComments();
        if (group >= groups.size() || offset == 0 || (offset - 1) % kClusterStride != 0) {
            return std::nullopt;
        }
        const std::size_t member = (offset - 1) / kClusterStride;
        return member < groups[group].size() ? std::optional(groups[group][member]) : std::nullopt;
    }

    // ---- searches, comments, KPIs

    Result<Done> searchMisses() {
        const auto& searches = demo::missedSearches();
        std::vector<int> weights;
        for (const demo::MissedSearch& search : searches) {
            weights.push_back(search.weight);
        }
        const std::size_t count = m_spec.searchMisses();
        for (std::size_t i = 0; i < count; ++i) {
            Random random(m_spec.seed, Stream::SearchMiss, i);
            const demo::MissedSearch& search = searches[random.weighted(weights)];
            const Day day = m_first + days{static_cast<std::int64_t>(i * kWindowDays / count)};
            const sys_seconds at = atTime(day, 9, static_cast<int>(random.below(8 * 60)));
            Json fields{{"query", search.query},
                        {"agent", random.pick(demo::agents()).user},
                        {"at", formatTimestamp(at)},
                        {"result_count", random.chance(0.8) ? 0 : 1 + static_cast<int>(random.below(2))}};
            if (search.topic >= 0 && random.chance(0.7)) {
                fields["category_id"] = categoryId(static_cast<std::size_t>(
                    demo::topics()[static_cast<std::size_t>(search.topic)].category));
            }
            if (auto done =
                    emit("search_miss", recordId(m_spec.seed, Stream::SearchMiss, i, at), std::move(fields));
                !done) {
                return done;
            }
        }
        return Done{};
    }

    Result<Done> comments() {
        const std::size_t count = m_spec.comments();
        for (std::size_t i = 0; i < count; ++i) {
            Random random(m_spec.seed, Stream::Comment, i);
            const Day day = m_first + days{static_cast<std::int64_t>(i * kWindowDays / count)};
            const sys_seconds at = atTime(day, 9, static_cast<int>(random.below(8 * 60)));
            Json fields{{"target_collection", "article"},
                        {"target_id", articleId(random.below(regularArticles()))},
                        {"body", random.pick(demo::phrases().articleComments)},
                        {"author", random.pick(demo::agents()).user}};
            if (auto done = emit("comment", recordId(m_spec.seed, Stream::Comment, i, at), std::move(fields));
                !done) {
                return done;
            }
        }
        return Done{};
    }

    struct KpiDefinition {
        std::string_view metric;
        std::string_view label;
        int target;
        int tolerance;
        bool higherIsBetter;
        std::string_view action;
    };

    // Targets in the unit each metric is evaluated in: percentages, seconds, the NPS (-100..100).
    static const std::vector<KpiDefinition>& kpiDefinitions() {
        static const std::vector<KpiDefinition> kDefinitions{
            {"first_contact_resolution", "First-contact resolution", 75, 5, true,
             "Review unresolved contacts in the weekly team meeting."},
            {"average_handling_time", "Average handling time", 420, 60, false,
             "Coach on the longest calls; check the knowledge base covers them."},
            {"escalation_rate", "Escalation rate", 8, 2, false,
             "Check escalations could have been solved at first line."},
            {"csat", "Customer satisfaction", 85, 5, true,
             "Read every low score and call the customer back."},
            {"nps", "Net promoter score", 30, 10, true, "Share detractors' comments with the product team."},
            {"follow_ups_on_time", "Follow-ups on time", 90, 5, true,
             "Team leaders check the overdue list daily."},
        };
        return kDefinitions;
    }

    Result<Done> kpi(std::size_t& index, const KpiDefinition& definition, std::string_view level,
                     std::string_view value, std::string_view period) {
        std::string name(definition.label);
        Json scope{{"level", level}};
        if (!value.empty()) {
            scope["value"] = value;
            name.append(" (").append(value).append(")");
        }
        Json fields{{"name", name},
                    {"metric", definition.metric},
                    {"target", definition.target},
                    {"tolerance", definition.tolerance},
                    {"direction", definition.higherIsBetter ? "higher_is_better" : "lower_is_better"},
                    {"period", period},
                    {"scope", std::move(scope)},
                    {"owner", "sam"},
                    {"action", definition.action}};
        const sys_seconds created = atTime(m_first - days{30}, 9) + minutes{index};
        return emit("kpi", recordId(m_spec.seed, Stream::Kpi, index++, created), std::move(fields));
    }

    Result<Done> kpis() {
        const auto& definitions = kpiDefinitions();
        const auto byMetric = [&](std::string_view metric) -> const KpiDefinition& {
            return *std::find_if(definitions.begin(), definitions.end(),
                                 [&](const KpiDefinition& d) { return d.metric == metric; });
        };
        std::size_t index = 0;
        Result<Done> done = Done{};
        for (const KpiDefinition& definition : definitions) {
            done = done ? kpi(index, definition, "organisation", "", "month") : done;
        }
        for (const std::string_view branch : demo::kBranches) {
            for (const std::string_view metric : {"first_contact_resolution", "csat", "follow_ups_on_time"}) {
                done = done ? kpi(index, byMetric(metric), "branch", branch, "week") : done;
            }
        }
        for (const std::string_view team : {"North technical", "South technical", "East technical"}) {
            done = done ? kpi(index, byMetric("escalation_rate"), "team", team, "week") : done;
        }
        for (const std::string_view person : {"alice", "bob", "sue", "raj"}) {
            for (const std::string_view metric : {"average_handling_time", "first_contact_resolution"}) {
                done = done ? kpi(index, byMetric(metric), "person", person, "week") : done;
            }
        }
        return done;
    }

    const DemoSpec& m_spec;
    const DemoBatchSink& m_sink;
    std::size_t m_batchSize;
    Day m_first;                              // the first day of the interaction window
    sys_seconds m_end;                        // the last second of `until`
    std::vector<std::size_t> m_articleTopics; // indices of the topics that have articles
    std::array<std::vector<std::size_t>, kMinimumCustomers> m_branchAgents;
    std::array<double, kRisingDays> m_growth{};
    crypto_generichash_state m_hash{};
    std::vector<DemoRecord> m_batch;
    DemoSummary m_summary;
};

Result<Done> checkSpec(const DemoSpec& spec) {
    const std::size_t keyMessages = demo::keyMessages().size();
    if (spec.articles < keyMessages + 1) {
        return fail(ErrorCode::InvalidChange,
                    "demo.articles: must be at least " + std::to_string(keyMessages + 1) + " (the " +
                        std::to_string(keyMessages) + " key messages and one article)");
    }
    if (spec.customers < kMinimumCustomers) {
        return fail(ErrorCode::InvalidChange, "demo.customers: must be at least " +
                                                  std::to_string(kMinimumCustomers) + " (one per branch)");
    }
    if (spec.until < Day{days{kWindowDays + 3 * 365}}) {
        return fail(ErrorCode::InvalidChange, "demo.until: " + formatDay(spec.until) + " is too early");
    }
    return Done{};
}

} // namespace

DemoSpec DemoSpec::standard(Day until) {
    DemoSpec spec;
    spec.until = until;
    return spec;
}

DemoSpec DemoSpec::benchmark(Day until) {
    DemoSpec spec;
    spec.until = until;
    spec.articles = 100'000;
    spec.customers = 100'000;
    spec.interactions = 1'000'000;
    return spec;
}

std::vector<std::string> demoBranches() {
    return {std::begin(demo::kBranches), std::end(demo::kBranches)};
}

Result<DemoSummary> generateDemoData(const DemoSpec& spec, const DemoBatchSink& sink, std::size_t batchSize) {
    if (auto valid = checkSpec(spec); !valid) {
        return unexpected(valid.error());
    }
    try {
        return Generator(spec, sink, batchSize).run();
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, std::string("generating the demo data failed: ") + error.what());
    }
}

Result<DemoSummary> writeDemoData(LocalStore& store, const DemoSpec& spec) {
    std::vector<WriteRequest> writes;
    writes.reserve(kDemoBatchSize);
    const DemoBatchSink sink = [&](std::vector<DemoRecord>& batch) -> Result<Done> {
        writes.clear();
        for (DemoRecord& record : batch) {
            writes.push_back(
                WriteRequest{std::move(record.collection), std::move(record.id), std::move(record.fields)});
        }
        auto written = store.writeAll(writes, schema::UnknownFields::Refuse);
        if (!written) {
            return unexpected(written.error());
        }
        return Done{};
    };
    return generateDemoData(spec, sink, kDemoBatchSize);
}

} // namespace knowset::domain
