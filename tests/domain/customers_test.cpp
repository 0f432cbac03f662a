// Customers, interactions and feedback on a small replica with a fixed clock: validation and
// role rules, duplicate candidates, consent, confirmation and data quality, audited opening
// with masking, escalations and follow-ups, answers supplied, feedback and its triage.
#include "knowset/domain/customers.hpp"
#include "knowset/domain/interactions.hpp"

#include "test_support.hpp"

using namespace knowset;
using namespace knowset::domain;
using namespace std::chrono;

namespace {

// 2026-11-23T09:30:00Z, a Monday.
constexpr std::uint64_t kNowMillis = 1795426200000;
const Instant kNow = *parseTimestamp("2026-11-23T09:30:00Z");
const Day kToday = *parseDay("2026-11-23");

const Actor kAlice{"alice", Role::Agent, {"north"}};
const Actor kCarol{"carol", Role::Agent, {"north"}};
const Actor kBob{"bob", Role::Agent, {"south"}};
const Actor kSam{"sam", Role::Supervisor, {"north"}};
const Actor kRoot{"root", Role::Admin, {}};

class Replica {
public:
    Replica() {
        auto opened = LocalStore::open(
            StoreOptions{m_dir.file("replica.sqlite"), [] { return kNowMillis; }, Synchronous::Off});
        REQUIRE(opened);
        m_store = std::move(*opened);
    }

    LocalStore& store() { return *m_store; }

    Json fields(std::string_view collection, const std::string& id) {
        auto record = m_store->get(collection, id);
        REQUIRE(record);
        REQUIRE(record->has_value());
        return (*record)->fields;
    }

    std::string customer(const Actor& actor, const Json& fields) {
        auto created = createCustomer(*m_store, actor, fields);
        REQUIRE(created);
        return created->write.id;
    }

    std::string interaction(const Actor& actor, Json fields, Instant at = kNow) {
        auto logged = logInteraction(*m_store, actor, std::move(fields), at);
        REQUIRE(logged);
        return logged->id;
    }

private:
    test::TempDir m_dir;
    std::unique_ptr<LocalStore> m_store;
};

template <typename T>
void checkRefused(const Result<T>& result, ErrorCode code, const std::string& mentions) {
    REQUIRE_FALSE(result);
    INFO(result.error().message);
    CHECK(result.error().code == code);
    CHECK(result.error().message.find(mentions) != std::string::npos);
}

using Reasons = std::vector<DuplicateReason>;

// The candidates' ids and reasons, in the order found.
std::vector<std::pair<std::string, Reasons>> candidatesOf(LocalStore& store, const CustomerContact& contact) {
    auto candidates = findDuplicateCandidates(store, contact);
    REQUIRE(candidates);
    std::vector<std::pair<std::string, Reasons>> found;
    for (const auto& candidate : *candidates) {
        found.emplace_back(candidate.id, candidate.reasons);
    }
    return found;
}

std::vector<std::string> idsOf(const std::vector<Record>& records) {
    std::vector<std::string> ids;
    for (const auto& record : records) {
        ids.push_back(record.id);
    }
    return ids;
}

} // namespace

TEST_CASE("customer validation errors name the field", "[domain][customers]") {
    Replica replica;
    LocalStore& store = replica.store();

    checkRefused(createCustomer(store, kAlice, {{"branch", "north"}}), ErrorCode::InvalidChange,
                 "customer.name");
    checkRefused(createCustomer(store, kRoot, {{"name", "Ann"}}), ErrorCode::InvalidChange,
                 "customer.branch");
    checkRefused(
        createCustomer(store, kAlice, {{"name", "Ann"}, {"branch", "north"}, {"email", "ann.example.org"}}),
        ErrorCode::InvalidChange, "customer.email");
    checkRefused(createCustomer(store, kAlice, {{"name", "Ann"}, {"branch", "north"}, {"phone", "call me"}}),
                 ErrorCode::InvalidChange, "customer.phone");
    checkRefused(createCustomer(store, kAlice, {{"name", "Ann"}, {"branch", "north"}, {"colour", "red"}}),
                 ErrorCode::InvalidChange, "customer.colour");
    auto pending = store.pendingCount();
    REQUIRE(pending);
    CHECK(*pending == 0); // refused writes queue nothing

    SECTION("the branch must be one of the actor's, unless the actor is an admin") {
        checkRefused(createCustomer(store, kAlice, {{"name", "Ann"}, {"branch", "south"}}),
                     ErrorCode::Forbidden, "customer.branch");
        CHECK(createCustomer(store, kRoot, {{"name", "Ann"}, {"branch", "south"}}));
        const std::string id = replica.customer(kAlice, {{"name", "Ann"}, {"branch", "north"}});
        checkRefused(updateCustomer(store, kAlice, id, {{"branch", "south"}}), ErrorCode::Forbidden,
                     "customer.branch");
        checkRefused(updateCustomer(store, kBob, id, {{"notes", "x"}}), ErrorCode::Forbidden,
                     "customer.branch");
        checkRefused(updateCustomer(store, kAlice, id, {{"email", "x"}}), ErrorCode::InvalidChange,
                     "customer.email");
        REQUIRE(updateCustomer(store, kAlice, id, {{"email", "ann@example.org"}}));
        CHECK(replica.fields("customer", id)["email"] == "ann@example.org");
        checkRefused(updateCustomer(store, kAlice, "no-such-id", {{"notes", "x"}}), ErrorCode::NotFound,
                     "no-such-id");
    }

    SECTION("restricted fields are written by supervisors and admins only") {
        checkRefused(createCustomer(store, kAlice,
                                    {{"name", "Ann"}, {"branch", "north"}, {"date_of_birth", "1980-01-02"}}),
                     ErrorCode::Forbidden, "customer.date_of_birth");
        const std::string id =
            replica.customer(kSam, {{"name", "Ann"}, {"branch", "north"}, {"date_of_birth", "1980-01-02"}});
        checkRefused(updateCustomer(store, kAlice, id, {{"identity_answers", {{"pet", "Rex"}}}}),
                     ErrorCode::Forbidden, "customer.identity_answers");
        CHECK(replica.fields("customer", id)["date_of_birth"] == "1980-01-02");
    }
}

TEST_CASE("duplicate candidates: each reason, and near misses that must not match", "[domain][customers]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string ann = replica.customer(kRoot, {{"name", "Ann Example"},
                                                     {"branch", "north"},
                                                     {"email", "Ann@Example.org"},
                                                     {"phone", "+44 20 7946 0958"}});
    const std::string robert = replica.customer(kRoot, {{"name", "Robert Jones"}, {"branch", "north"}});
    const std::string mary = replica.customer(kRoot, {{"name", "Mary Smith"}, {"branch", "south"}});
    const std::string kate =
        replica.customer(kRoot, {{"name", "Kate Brown"}, {"branch", "north"}, {"phone", "555-1234"}});

    using Found = std::vector<std::pair<std::string, Reasons>>;
    // E-mail: trimmed, case ignored, whatever the branch.
    CHECK(candidatesOf(store, {"", " ann@EXAMPLE.org ", "", "south"}) ==
          Found{{ann, {DuplicateReason::SameEmail}}});
    CHECK(candidatesOf(store, {"", "anne@example.org", "", ""}).empty());
    // Phone: 020 7946 0958 and +44 20 7946 0958 share their last 9 digits 079460958.
    CHECK(candidatesOf(store, {"", "", "020 7946 0958", ""}) == Found{{ann, {DuplicateReason::SamePhone}}});
    // Under 9 digits the whole number is compared: 5551234 matches, 15551234 does not.
    CHECK(candidatesOf(store, {"", "", "(555) 1234", ""}) == Found{{kate, {DuplicateReason::SamePhone}}});
    CHECK(candidatesOf(store, {"", "", "15551234", ""}).empty());
    // Names, in the same branch only.
    CHECK(candidatesOf(store, {"ann  EXAMPLE", "", "", "north"}) ==
          Found{{ann, {DuplicateReason::SameName}}});
    CHECK(candidatesOf(store, {"Jones, Robert", "", "", "north"}) ==
          Found{{robert, {DuplicateReason::ReorderedName}}});
    // "robert jnoes" is one swap from "robert jones"; a 12-letter name allows 2 typos.
    CHECK(candidatesOf(store, {"Robert Jnoes", "", "", "north"}) ==
          Found{{robert, {DuplicateReason::SimilarName}}});
    CHECK(candidatesOf(store, {"Bob Jones", "", "", "north"}).empty());
    CHECK(candidatesOf(store, {"Mary Smith", "", "", "north"}).empty());
    CHECK(candidatesOf(store, {"Mary Smith", "", "", "south"}) == Found{{mary, {DuplicateReason::SameName}}});

    SECTION("the candidate with most reasons comes first; the record being edited is left out") {
        CHECK(candidatesOf(store, {"Kate Brown", "ann@example.org", "555 1234", "north"}) ==
              Found{{kate, {DuplicateReason::SamePhone, DuplicateReason::SameName}},
                    {ann, {DuplicateReason::SameEmail}}});
        auto excluded = findDuplicateCandidates(store, {"Ann Example", "ann@example.org", "", "north"}, ann);
        REQUIRE(excluded);
        CHECK(excluded->empty());
    }

    SECTION("creating still succeeds and returns the candidates found before the write") {
        auto created = createCustomer(
            store, kAlice, {{"name", "Ann Exampel"}, {"branch", "north"}, {"email", "ann@example.org"}});
        REQUIRE(created);
        REQUIRE(created->duplicates.size() == 1);
        CHECK(created->duplicates[0].id == ann);
        CHECK(created->duplicates[0].name == "Ann Example");
        CHECK(created->duplicates[0].reasons ==
              Reasons{DuplicateReason::SameEmail, DuplicateReason::SimilarName});
        CHECK(replica.fields("customer", created->write.id)["name"] == "Ann Exampel");
        CHECK(toString(DuplicateReason::SimilarName) == "similar_name");
    }
}

TEST_CASE("opening a customer appends to access_log and masks restricted fields by role",
          "[domain][customers]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string id = replica.customer(
        kSam, {{"name", "Ann Example"}, {"branch", "north"}, {"date_of_birth", "1980-01-02"}});

    auto byAgent = openCustomer(store, kAlice, id, "billing query", kNow);
    REQUIRE(byAgent);
    CHECK(byAgent->record.fields["name"] == "Ann Example");
    CHECK_FALSE(byAgent->record.fields.contains("date_of_birth"));
    CHECK_FALSE(byAgent->record.versions.contains("date_of_birth"));
    CHECK(byAgent->masked == std::vector<std::string>{"date_of_birth", "identity_answers"});
    CHECK(replica.fields("access_log", byAgent->accessLog.id) == Json{{"customer_id", id},
                                                                      {"user", "alice"},
                                                                      {"at", "2026-11-23T09:30:00Z"},
                                                                      {"purpose", "billing query"},
                                                                      {"branch", "north"}});

    auto bySupervisor = openCustomer(store, kSam, id, "", kNow + hours(1));
    REQUIRE(bySupervisor);
    CHECK(bySupervisor->record.fields["date_of_birth"] == "1980-01-02");
    CHECK(bySupervisor->masked.empty());
    CHECK(replica.fields("access_log", bySupervisor->accessLog.id) ==
          Json{{"customer_id", id}, {"user", "sam"}, {"at", "2026-11-23T10:30:00Z"}, {"branch", "north"}});

    checkRefused(openCustomer(store, kAlice, "no-such-id", "", kNow), ErrorCode::NotFound, "no-such-id");
    auto logs = store.list("access_log");
    REQUIRE(logs);
    CHECK(logs->size() == 2);
}

TEST_CASE("consent per purpose: set, withdraw (kept), expiry", "[domain][customers]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string id = replica.customer(kAlice, {{"name", "Ann Example"}, {"branch", "north"}});

    REQUIRE(setConsent(store, kAlice, id, {"marketing", "consent", "phone call", "2026-12-31"}, kNow));
    REQUIRE(setConsent(store, kAlice, id, {"surveys", "legitimate_interest", "", "2026-11-22"}, kNow));
    REQUIRE(setConsent(store, kAlice, id, {"profiling", "consent", "", "2026-11-23T09:00:00Z"}, kNow));
    CHECK(replica.fields("customer", id)["consent"]["marketing"] == Json{{"basis", "consent"},
                                                                         {"granted", true},
                                                                         {"source", "phone call"},
                                                                         {"captured_by", "alice"},
                                                                         {"at", "2026-11-23T09:30:00Z"},
                                                                         {"expires", "2026-12-31"}});
    auto statuses = consentOf(store, id, kNow);
    REQUIRE(statuses);
    REQUIRE(statuses->size() == 3); // by purpose name: marketing, profiling, surveys
    CHECK((*statuses)[0].purpose == "marketing");
    CHECK((*statuses)[0].inForce());
    CHECK((*statuses)[1].purpose == "profiling");
    CHECK((*statuses)[1].expired); // expired half an hour ago
    CHECK((*statuses)[2].purpose == "surveys");
    CHECK((*statuses)[2].expired); // its last day was yesterday
    CHECK_FALSE((*statuses)[2].inForce());

    REQUIRE(withdrawConsent(store, kSam, id, "marketing", kNow + days(1)));
    CHECK(replica.fields("customer", id)["consent"]["marketing"] == Json{{"basis", "consent"},
                                                                         {"granted", false},
                                                                         {"source", "phone call"},
                                                                         {"captured_by", "sam"},
                                                                         {"at", "2026-11-24T09:30:00Z"},
                                                                         {"expires", "2026-12-31"}});
    statuses = consentOf(store, id, kNow + days(1));
    REQUIRE(statuses);
    CHECK_FALSE((*statuses)[0].granted);
    CHECK_FALSE((*statuses)[0].expired);

    checkRefused(withdrawConsent(store, kAlice, id, "newsletter", kNow), ErrorCode::NotFound, "newsletter");
    checkRefused(setConsent(store, kAlice, id, {"marketing", "because", "", ""}, kNow),
                 ErrorCode::InvalidChange, "customer.consent");
    checkRefused(setConsent(store, kAlice, id, {"Marketing!", "consent", "", ""}, kNow),
                 ErrorCode::InvalidChange, "customer.consent");
    checkRefused(setConsent(store, kBob, id, {"marketing", "consent", "", ""}, kNow), ErrorCode::Forbidden,
                 "customer.branch");
}

TEST_CASE("confirmed with the customer, and the data-quality report", "[domain][customers]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string recent =
        replica.customer(kAlice, {{"name", "A Recent"}, {"branch", "north"}, {"email", "a@x.org"}});
    const std::string old =
        replica.customer(kAlice, {{"name", "B Old"}, {"branch", "north"}, {"phone", "0123 456 789"}});
    const std::string never = replica.customer(kAlice, {{"name", "C Never"}, {"branch", "north"}});
    const std::string boundary =
        replica.customer(kAlice, {{"name", "D Boundary"}, {"branch", "north"}, {"email", "d@x.org"}});

    REQUIRE(confirmWithCustomer(store, kAlice, recent, kNow));
    REQUIRE(confirmWithCustomer(store, kSam, old, kNow - days(366)));
    REQUIRE(confirmWithCustomer(store, kAlice, boundary, kNow - days(365)));
    CHECK(replica.fields("customer", old)["verified_at"] == "2025-11-22T09:30:00Z");
    CHECK(replica.fields("customer", old)["verified_by"] == "sam");
    checkRefused(confirmWithCustomer(store, kBob, recent, kNow), ErrorCode::Forbidden, "customer.branch");

    auto report = dataQualityReport(store, kNow, 365);
    REQUIRE(report);
    const auto ids = [](const std::vector<CustomerSummary>& summaries) {
        std::vector<std::string> out;
        for (const auto& summary : summaries) {
            out.push_back(summary.id);
        }
        return out;
    };
    CHECK(report->staleAfterDays == 365);
    CHECK(ids(report->neverConfirmed) == std::vector<std::string>{never});
    CHECK(ids(report->confirmedLongAgo) == std::vector<std::string>{old}); // exactly 365 days is not over
    CHECK(report->confirmedLongAgo[0].verifiedAt == "2025-11-22T09:30:00Z");
    CHECK(ids(report->noContactPoint) == std::vector<std::string>{never});
}

TEST_CASE("logging an interaction: defaults, branch rules, identity check without answers",
          "[domain][interactions]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string customer = replica.customer(kAlice, {{"name", "Ann"}, {"branch", "north"}});
    const std::string southern = replica.customer(kBob, {{"name", "Sid"}, {"branch", "south"}});

    const std::string id =
        replica.interaction(kRoot, {{"channel", "phone"}, {"kind", "query"}, {"customer_id", customer}});
    CHECK(replica.fields("interaction", id) == Json{{"channel", "phone"},
                                                    {"kind", "query"},
                                                    {"customer_id", customer},
                                                    {"branch", "north"},
                                                    {"agent", "root"},
                                                    {"occurred_at", "2026-11-23T09:30:00Z"}});
    const std::string walkIn = replica.interaction(kBob, {{"channel", "face_to_face"}, {"kind", "request"}});
    CHECK(replica.fields("interaction", walkIn)["branch"] == "south");

    checkRefused(logInteraction(store, kAlice,
                                {{"channel", "phone"}, {"kind", "query"}, {"customer_id", southern}}, kNow),
                 ErrorCode::Forbidden, "interaction.branch");
    checkRefused(logInteraction(store, kAlice,
                                {{"channel", "phone"}, {"kind", "query"}, {"customer_id", "gone"}}, kNow),
                 ErrorCode::NotFound, "gone");
    checkRefused(logInteraction(store, kAlice, {{"channel", "pigeon"}, {"kind", "query"}}, kNow),
                 ErrorCode::InvalidChange, "interaction.channel");

    SECTION("identity answers are refused; method and result are kept with who checked and when") {
        const Json withAnswers{
            {"method", "security questions"}, {"result", "passed"}, {"answers", {{"pet", "Rex"}}}};
        checkRefused(
            logInteraction(store, kAlice,
                           {{"channel", "phone"}, {"kind", "query"}, {"identity_check", withAnswers}}, kNow),
            ErrorCode::InvalidChange, "never stored");
        const std::string checked = replica.interaction(
            kAlice, {{"channel", "phone"},
                     {"kind", "query"},
                     {"identity_check", {{"method", "security questions"}, {"result", "passed"}}}});
        CHECK(replica.fields("interaction", checked)["identity_check"] ==
              Json{{"method", "security questions"},
                   {"result", "passed"},
                   {"checked_by", "alice"},
                   {"at", "2026-11-23T09:30:00Z"}});
    }
}

TEST_CASE("escalation and follow-up rules", "[domain][interactions]") {
    Replica replica;
    LocalStore& store = replica.store();
    const Json call{{"channel", "phone"}, {"kind", "complaint"}};
    const auto with = [&call](Json extra) {
        Json fields = call;
        fields.update(extra);
        return fields;
    };

    auto refused = logInteraction(store, kAlice, with({{"outcome", "escalated"}}), kNow);
    checkRefused(refused, ErrorCode::InvalidChange,
                 "interaction.escalated_to: is required when the outcome is escalated");
    checkRefused(refused, ErrorCode::InvalidChange, "interaction.escalation_reason");
    checkRefused(
        logInteraction(
            store, kAlice,
            with({{"outcome", "escalated"}, {"escalated_to", "sam"}, {"escalation_reason", "angry"}}), kNow),
        ErrorCode::InvalidChange, "interaction.escalation_reason");
    checkRefused(logInteraction(store, kAlice, with({{"outcome", "follow_up"}}), kNow),
                 ErrorCode::InvalidChange, "interaction.follow_up_due");

    const std::string escalated = replica.interaction(kAlice, with({{"outcome", "escalated"},
                                                                    {"escalated_to", "sam"},
                                                                    {"escalation_reason", "regulatory"},
                                                                    {"escalation_mode", "written"}}));
    CHECK(replica.fields("interaction", escalated)["escalation_status"] == "open");
    REQUIRE(setEscalationStatus(store, kSam, escalated, "in_progress"));
    CHECK(replica.fields("interaction", escalated)["escalation_status"] == "in_progress");
    checkRefused(setEscalationStatus(store, kSam, escalated, "forgotten"), ErrorCode::InvalidChange,
                 "interaction.escalation_status");
    checkRefused(setEscalationStatus(store, kBob, escalated, "closed"), ErrorCode::Forbidden,
                 "interaction.branch");

    const std::string resolved = replica.interaction(kAlice, with({{"outcome", "resolved"}}));
    checkRefused(setEscalationStatus(store, kSam, resolved, "closed"), ErrorCode::InvalidChange,
                 "was not escalated");
    checkRefused(markFollowUpDone(store, kAlice, resolved, kNow), ErrorCode::InvalidChange,
                 "has no follow-up");

    const std::string followUp =
        replica.interaction(kAlice, with({{"outcome", "follow_up"}, {"follow_up_due", "2026-11-25"}}));
    REQUIRE(markFollowUpDone(store, kAlice, followUp, kNow + hours(2)));
    CHECK(replica.fields("interaction", followUp)["follow_up_done_at"] == "2026-11-23T11:30:00Z");
    checkRefused(markFollowUpDone(store, kAlice, followUp, kNow + hours(3)), ErrorCode::InvalidChange,
                 "was done at 2026-11-23T11:30:00Z");
}

TEST_CASE("overdue follow-ups: oldest first, an agent's own, a supervisor's branches",
          "[domain][interactions]") {
    Replica replica;
    LocalStore& store = replica.store();
    const auto due = [&replica](const Actor& actor, const std::string& day) {
        return replica.interaction(actor, {{"channel", "phone"},
                                           {"kind", "request"},
                                           {"outcome", "follow_up"},
                                           {"follow_up_due", day},
                                           {"summary", "call back " + actor.user}});
    };
    const std::string aliceLater = due(kAlice, "2026-11-20");
    const std::string aliceEarlier = due(kAlice, "2026-11-10");
    due(kAlice, "2026-11-23"); // due today: not overdue yet
    const std::string aliceDone = due(kAlice, "2026-11-05");
    REQUIRE(markFollowUpDone(store, kAlice, aliceDone, kNow));
    const std::string carols = due(kCarol, "2026-11-15");
    const std::string bobs = due(kBob, "2026-11-01");

    const auto overdue = [&store](const Actor& actor) {
        auto items = overdueFollowUps(store, actor, kToday);
        REQUIRE(items);
        std::vector<std::pair<std::string, int>> out;
        for (const auto& item : *items) {
            out.emplace_back(item.interactionId, item.daysOverdue);
        }
        return out;
    };
    using Overdue = std::vector<std::pair<std::string, int>>;
    CHECK(overdue(kAlice) == Overdue{{aliceEarlier, 13}, {aliceLater, 3}});
    CHECK(overdue(kSam) == Overdue{{aliceEarlier, 13}, {carols, 8}, {aliceLater, 3}});
    CHECK(overdue(kRoot) == Overdue{{bobs, 22}, {aliceEarlier, 13}, {carols, 8}, {aliceLater, 3}});

    auto items = overdueFollowUps(store, kBob, kToday);
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].agent == "bob");
    CHECK((*items)[0].branch == "south");
    CHECK((*items)[0].summary == "call back bob");
    CHECK(formatDay((*items)[0].due) == "2026-11-01");
}

TEST_CASE("using an answer records the version the article had then", "[domain][interactions]") {
    Replica replica;
    LocalStore& store = replica.store();
    auto article =
        store.create("article", {{"kind", "answer"}, {"title", "Refunds"}, {"status", "published"}});
    REQUIRE(article);
    const std::string interaction = replica.interaction(kAlice, {{"channel", "phone"}, {"kind", "query"}});

    auto first = useAnswer(store, kAlice, interaction, article->id, HowSupplied::Written, true);
    REQUIRE(first);
    CHECK(first->articleVersion == article->version.toString());
    auto edited = store.write("article", article->id, {{"title", "Refunds and returns"}});
    REQUIRE(edited);
    REQUIRE(useAnswer(store, kAlice, interaction, article->id, HowSupplied::Verbal, std::nullopt));

    CHECK(replica.fields("interaction", interaction)["articles_used"] ==
          Json::array(
              {{{"article_id", article->id},
                {"version", article->version.toString()},
                {"how", "written"},
                {"understood", true}},
               {{"article_id", article->id}, {"version", edited->version.toString()}, {"how", "verbal"}}}));
    checkRefused(useAnswer(store, kAlice, interaction, "no-such-article", HowSupplied::Image, false),
                 ErrorCode::NotFound, "article no-such-article");
    checkRefused(useAnswer(store, kAlice, "no-such-interaction", article->id, HowSupplied::Image, false),
                 ErrorCode::NotFound, "interaction no-such-interaction");
    CHECK(howSuppliedFromString("electronic") == HowSupplied::Electronic);
    CHECK_FALSE(howSuppliedFromString("telepathy"));
    CHECK(toString(HowSupplied::Image) == "image");
}

TEST_CASE("a customer's timeline lists their interactions newest first", "[domain][interactions]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string ann = replica.customer(kAlice, {{"name", "Ann"}, {"branch", "north"}});
    const std::string ben = replica.customer(kAlice, {{"name", "Ben"}, {"branch", "north"}});
    const Json call{{"channel", "phone"}, {"kind", "query"}, {"customer_id", ann}};
    const std::string monday = replica.interaction(kAlice, call, kNow);
    const std::string earlier = replica.interaction(kAlice, call, kNow - days(30));
    const std::string tuesday = replica.interaction(kAlice, call, kNow + days(1));
    replica.interaction(kAlice, {{"channel", "email"}, {"kind", "query"}, {"customer_id", ben}});

    auto timeline = customerTimeline(store, ann);
    REQUIRE(timeline);
    CHECK(idsOf(*timeline) == std::vector<std::string>{tuesday, monday, earlier});
    CHECK((*timeline)[0].versions.contains("occurred_at"));
    checkRefused(customerTimeline(store, "nobody"), ErrorCode::NotFound, "nobody");
}

TEST_CASE("feedback: score ranges, links, branch, triage", "[domain][feedback]") {
    Replica replica;
    LocalStore& store = replica.store();
    const std::string customer = replica.customer(kBob, {{"name", "Sid"}, {"branch", "south"}});
    const std::string interaction = replica.interaction(kAlice, {{"channel", "chat"}, {"kind", "comment"}});

    const auto survey = [](const std::string& scale, int score) {
        return Json{{"source", "survey"}, {"scale", scale}, {"score", score}};
    };
    checkRefused(addFeedback(store, kAlice, survey("csat", 6), kNow), ErrorCode::InvalidChange,
                 "feedback.score");
    checkRefused(addFeedback(store, kAlice, survey("csat", 0), kNow), ErrorCode::InvalidChange,
                 "feedback.score");
    checkRefused(addFeedback(store, kAlice, survey("nps", 11), kNow), ErrorCode::InvalidChange,
                 "feedback.score");
    checkRefused(addFeedback(store, kAlice, {{"source", "survey"}, {"score", 3}}, kNow),
                 ErrorCode::InvalidChange, "feedback.scale");
    checkRefused(addFeedback(store, kAlice, {{"source", "survey"}, {"scale", "csat"}}, kNow),
                 ErrorCode::InvalidChange, "feedback.score");
    checkRefused(addFeedback(store, kAlice, {{"source", "unsolicited"}}, kNow), ErrorCode::InvalidChange,
                 "feedback.comment");
    checkRefused(addFeedback(store, kAlice, {{"source", "gossip"}, {"comment", "x"}}, kNow),
                 ErrorCode::InvalidChange, "feedback.source");
    checkRefused(
        addFeedback(store, kAlice, {{"source", "anecdotal"}, {"comment", "x"}, {"article_id", "gone"}}, kNow),
        ErrorCode::NotFound, "article gone");
    checkRefused(addFeedback(store, kAlice,
                             {{"source", "anecdotal"}, {"comment", "x"}, {"customer_id", customer}}, kNow),
                 ErrorCode::Forbidden, "feedback.branch");

    auto csat = addFeedback(store, kAlice, survey("csat", 5), kNow - days(2));
    REQUIRE(csat);
    auto nps = addFeedback(store, kSam, survey("nps", 0), kNow - days(1));
    REQUIRE(nps);
    CHECK(replica.fields("feedback", nps->id) == Json{{"source", "survey"},
                                                      {"scale", "nps"},
                                                      {"score", 0},
                                                      {"branch", "north"},
                                                      {"at", "2026-11-22T09:30:00Z"},
                                                      {"agent", "sam"}});
    // An admin works in every branch; the feedback takes the linked interaction's.
    auto praise = addFeedback(
        store, kRoot,
        {{"source", "unsolicited"}, {"comment", "Quick and kind"}, {"interaction_id", interaction}}, kNow);
    REQUIRE(praise);
    CHECK(replica.fields("feedback", praise->id)["branch"] == "north");
    CHECK(replica.fields("feedback", praise->id)["triage"] == "new");
    auto story = addFeedback(
        store, kBob, {{"source", "anecdotal"}, {"comment", "Heard at the shop"}, {"customer_id", customer}},
        kNow + hours(1));
    REQUIRE(story);
    CHECK(replica.fields("feedback", story->id)["branch"] == "south");

    REQUIRE(setFeedbackTriage(store, kSam, praise->id, "accepted"));
    checkRefused(setFeedbackTriage(store, kSam, praise->id, "maybe"), ErrorCode::InvalidChange,
                 "feedback.triage");
    checkRefused(setFeedbackTriage(store, kSam, story->id, "declined"), ErrorCode::Forbidden,
                 "feedback.branch");
    checkRefused(setFeedbackTriage(store, kSam, "gone", "declined"), ErrorCode::NotFound, "feedback gone");

    const auto listed = [&store](FeedbackFilter filter) {
        auto records = listFeedback(store, filter);
        REQUIRE(records);
        return idsOf(*records);
    };
    CHECK(listed({}) == std::vector<std::string>{story->id, praise->id, nps->id, csat->id});
    CHECK(listed({"new", ""}) == std::vector<std::string>{story->id});
    CHECK(listed({"accepted", ""}) == std::vector<std::string>{praise->id});
    CHECK(listed({"", "survey"}) == std::vector<std::string>{nps->id, csat->id});
    CHECK(listed({"new", "survey"}).empty());
}
