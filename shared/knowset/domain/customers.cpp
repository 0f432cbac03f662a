#include "knowset/domain/customers.hpp"

#include "knowset/domain/text_similarity.hpp"
#include "knowset/schema/registry.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <optional>

namespace knowset::domain {

namespace {

constexpr std::string_view kCustomer = "customer";
constexpr std::size_t kComparedPhoneDigits = 9; // the subscriber part, whatever the prefix

std::string lowerAscii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return text;
}

std::string normalizedEmail(std::string_view email) {
    const auto first = email.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = email.find_last_not_of(" \t");
    return lowerAscii(std::string(email.substr(first, last - first + 1)));
}

std::string digitsOf(std::string_view phone) {
    std::string digits;
    std::copy_if(phone.begin(), phone.end(), std::back_inserter(digits),
                 [](char c) { return c >= '0' && c <= '9'; });
    return digits;
}

bool samePhone(const std::string& digitsA, const std::string& digitsB) {
    if (digitsA.empty() || digitsB.empty()) {
        return false;
    }
    if (digitsA.size() >= kComparedPhoneDigits && digitsB.size() >= kComparedPhoneDigits) {
        return digitsA.ends_with(digitsB.substr(digitsB.size() - kComparedPhoneDigits));
    }
    return digitsA == digitsB;
}

std::vector<std::string> sortedWords(std::string_view text) {
    std::vector<std::string> words = foldedWords(text);
    std::sort(words.begin(), words.end());
    return words;
}

// How two names in the same branch resemble each other, if they do.
std::optional<DuplicateReason> nameResemblance(std::string_view typed, std::string_view existing) {
    const std::string foldedTyped = foldText(typed);
    const std::string foldedExisting = foldText(existing);
    if (foldedTyped.empty() || foldedExisting.empty()) {
        return std::nullopt;
    }
    if (foldedTyped == foldedExisting) {
        return DuplicateReason::SameName;
    }
    if (sortedWords(typed) == sortedWords(existing)) {
        return DuplicateReason::ReorderedName;
    }
    const std::size_t budget = typoBudget(foldedTyped.size());
    if (budget > 0 && editDistance(foldedTyped, foldedExisting, budget) <= budget) {
        return DuplicateReason::SimilarName;
    }
    return std::nullopt;
}

const schema::CollectionSpec& customerSpec() {
    return *schema::SchemaRegistry::builtin().collection(kCustomer);
}

// The server refuses restricted fields from agents; refusing here says so before anything is queued.
Result<Done> requireRestrictedWriter(const Actor& actor, const Json& fields) {
    if (actor.canReadRestricted()) {
        return Done{};
    }
    for (const std::string& name : customerSpec().restrictedFields()) {
        if (fields.is_object() && fields.contains(name)) {
            return fail(ErrorCode::Forbidden,
                        "customer." + name + ": only supervisors and admins may write this restricted field");
        }
    }
    return Done{};
}

Result<Done> requireWritable(const Actor& actor, const Json& fields, std::string_view currentBranch) {
    if (!currentBranch.empty()) {
        if (auto allowed = requireBranch(actor, kCustomer, currentBranch); !allowed) {
            return allowed;
        }
    }
    if (const std::string branch = stringField(fields, "branch"); !branch.empty()) {
        if (auto allowed = requireBranch(actor, kCustomer, branch); !allowed) {
            return allowed;
        }
    }
    return requireRestrictedWriter(actor, fields);
}

bool isExpired(std::string_view expires, Instant now) {
    if (expires.size() == std::string_view("YYYY-MM-DD").size()) {
        const auto day = parseDay(expires);
        return day && *day < dayOf(now);
    }
    const auto instant = parseTimestamp(expires);
    return instant && *instant <= now;
}

} // namespace

Result<Done> requireBranch(const Actor& actor, std::string_view collection, std::string_view branch) {
    if (actor.worksIn(branch)) {
        return Done{};
    }
    return fail(ErrorCode::Forbidden,
                std::string(collection) + ".branch: you do not work in branch '" + std::string(branch) + "'");
}

Result<Record> liveRecord(LocalStore& store, std::string_view collection, std::string_view id) {
    auto record = store.get(collection, id);
    if (!record) {
        return unexpected(record.error());
    }
    if (!record->has_value() || (*record)->deleted) {
        return fail(ErrorCode::NotFound, std::string(collection) + " " + std::string(id) + ": no such " +
                                             std::string(collection) + " in this replica");
    }
    return std::move(**record);
}

std::string stringField(const Json& object, std::string_view name) {
    if (!object.is_object()) {
        return {};
    }
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string_view toString(DuplicateReason reason) {
    switch (reason) {
    case DuplicateReason::SameEmail:
        return "same_email";
    case DuplicateReason::SamePhone:
        return "same_phone";
    case DuplicateReason::SameName:
        return "same_name";
    case DuplicateReason::ReorderedName:
        return "reordered_name";
    case DuplicateReason::SimilarName:
        return "similar_name";
    }
    return "similar_name";
}

Result<std::vector<DuplicateCandidate>>
findDuplicateCandidates(LocalStore& store, const CustomerContact& contact, std::string_view excludeId) {
    const std::string email = normalizedEmail(contact.email);
    const std::string digits = digitsOf(contact.phone);
    const std::string phoneTail =
        digits.substr(digits.size() - std::min(digits.size(), kComparedPhoneDigits));
    const std::string nameBranch = foldText(contact.name).empty() ? std::string() : contact.branch;
    return guardedRead("finding duplicate customers", [&]() -> Result<std::vector<DuplicateCandidate>> {
        // A superset of the candidates: same branch (for the name), same e-mail, or a phone that
        // ends with the digits compared; the reasons are decided below. The schema allows only
        // digits, '+', spaces, dashes, dots and parentheses in a phone number.
        SQLite::Statement select(
            store.database(),
            "SELECT id, doc FROM records WHERE collection = 'customer' AND deleted = 0 AND id != ?1 AND ("
            "(?2 != '' AND json_extract(doc, '$.branch') = ?2) OR "
            "(?3 != '' AND lower(trim(json_extract(doc, '$.email'))) = ?3) OR "
            "(?4 != '' AND substr(replace(replace(replace(replace(replace(replace("
            "json_extract(doc, '$.phone'), ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', ''), "
            "-length(?4)) = ?4))");
        select.bind(1, std::string(excludeId));
        select.bind(2, nameBranch);
        select.bind(3, email);
        select.bind(4, phoneTail);
        std::vector<DuplicateCandidate> candidates;
        while (select.executeStep()) {
            const Json doc = Json::parse(select.getColumn(1).getString());
            DuplicateCandidate candidate{select.getColumn(0).getString(), stringField(doc, "name"),
                                         stringField(doc, "branch"),      stringField(doc, "email"),
                                         stringField(doc, "phone"),       {}};
            if (!email.empty() && normalizedEmail(candidate.email) == email) {
                candidate.reasons.push_back(DuplicateReason::SameEmail);
            }
            if (samePhone(digits, digitsOf(candidate.phone))) {
                candidate.reasons.push_back(DuplicateReason::SamePhone);
            }
            if (!nameBranch.empty() && candidate.branch == nameBranch) {
                if (const auto resemblance = nameResemblance(contact.name, candidate.name)) {
                    candidate.reasons.push_back(*resemblance);
                }
            }
            if (!candidate.reasons.empty()) {
                candidates.push_back(std::move(candidate));
            }
        }
        std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
            return a.reasons.size() != b.reasons.size() ? a.reasons.size() > b.reasons.size() : a.id < b.id;
        });
        return candidates;
    });
}

Result<CreatedCustomer> createCustomer(LocalStore& store, const Actor& actor, const Json& fields) {
    if (auto allowed = requireWritable(actor, fields, {}); !allowed) {
        return unexpected(allowed.error());
    }
    const CustomerContact contact{stringField(fields, "name"), stringField(fields, "email"),
                                  stringField(fields, "phone"), stringField(fields, "branch")};
    auto duplicates = findDuplicateCandidates(store, contact);
    if (!duplicates) {
        return unexpected(duplicates.error());
    }
    auto written = store.create(kCustomer, fields, schema::UnknownFields::Refuse);
    if (!written) {
        return unexpected(written.error());
    }
    return CreatedCustomer{std::move(*written), std::move(*duplicates)};
}

Result<LocalWrite> updateCustomer(LocalStore& store, const Actor& actor, std::string_view id,
                                  const Json& fields) {
    auto customer = liveRecord(store, kCustomer, id);
    if (!customer) {
        return unexpected(customer.error());
    }
    if (auto allowed = requireWritable(actor, fields, stringField(customer->fields, "branch")); !allowed) {
        return unexpected(allowed.error());
    }
    return store.write(kCustomer, id, fields, schema::UnknownFields::Refuse);
}

Result<LocalWrite> setConsent(LocalStore& store, const Actor& actor, std::string_view customerId,
                              const ConsentCapture& capture, Instant now) {
    auto customer = liveRecord(store, kCustomer, customerId);
    if (!customer) {
        return unexpected(customer.error());
    }
    if (auto allowed = requireBranch(actor, kCustomer, stringField(customer->fields, "branch")); !allowed) {
        return unexpected(allowed.error());
    }
    Json consent = customer->fields.value("consent", Json::object());
    Json entry{{"basis", capture.basis},
               {"granted", true},
               {"captured_by", actor.user},
               {"at", formatTimestamp(now)}};
    if (!capture.source.empty()) {
        entry["source"] = capture.source;
    }
    if (!capture.expires.empty()) {
        entry["expires"] = capture.expires;
    }
    consent[capture.purpose] = std::move(entry);
    return store.write(kCustomer, customerId, Json{{"consent", std::move(consent)}},
                       schema::UnknownFields::Refuse);
}

Result<LocalWrite> withdrawConsent(LocalStore& store, const Actor& actor, std::string_view customerId,
                                   std::string_view purpose, Instant now) {
    auto customer = liveRecord(store, kCustomer, customerId);
    if (!customer) {
        return unexpected(customer.error());
    }
    if (auto allowed = requireBranch(actor, kCustomer, stringField(customer->fields, "branch")); !allowed) {
        return unexpected(allowed.error());
    }
    Json consent = customer->fields.value("consent", Json::object());
    const auto entry = consent.is_object() ? consent.find(purpose) : consent.end();
    if (entry == consent.end()) {
        return fail(ErrorCode::NotFound, "customer.consent: customer " + std::string(customerId) +
                                             " has no consent for purpose '" + std::string(purpose) + "'");
    }
    (*entry)["granted"] = false;
    (*entry)["captured_by"] = actor.user;
    (*entry)["at"] = formatTimestamp(now);
    return store.write(kCustomer, customerId, Json{{"consent", std::move(consent)}},
                       schema::UnknownFields::Refuse);
}

Result<std::vector<ConsentStatus>> consentOf(LocalStore& store, std::string_view customerId, Instant now) {
    auto customer = liveRecord(store, kCustomer, customerId);
    if (!customer) {
        return unexpected(customer.error());
    }
    std::vector<ConsentStatus> statuses;
    const Json consent = customer->fields.value("consent", Json::object());
    if (!consent.is_object()) {
        return statuses;
    }
    for (const auto& [purpose, entry] : consent.items()) {
        ConsentStatus status;
        status.purpose = purpose;
        status.basis = stringField(entry, "basis");
        status.granted = entry.is_object() && entry.value("granted", true) == true;
        status.source = stringField(entry, "source");
        status.capturedBy = stringField(entry, "captured_by");
        status.at = stringField(entry, "at");
        status.expires = stringField(entry, "expires");
        status.expired = !status.expires.empty() && isExpired(status.expires, now);
        statuses.push_back(std::move(status));
    }
    return statuses;
}

Result<LocalWrite> confirmWithCustomer(LocalStore& store, const Actor& actor, std::string_view customerId,
                                       Instant now) {
    auto customer = liveRecord(store, kCustomer, customerId);
    if (!customer) {
        return unexpected(customer.error());
    }
    if (auto allowed = requireBranch(actor, kCustomer, stringField(customer->fields, "branch")); !allowed) {
        return unexpected(allowed.error());
    }
    return store.write(kCustomer, customerId,
                       Json{{"verified_at", formatTimestamp(now)}, {"verified_by", actor.user}},
                       schema::UnknownFields::Refuse);
}

Result<DataQualityReport> dataQualityReport(LocalStore& store, Instant now, int staleAfterDays) {
    return guardedRead("the customer data-quality report", [&]() -> Result<DataQualityReport> {
        SQLite::Statement select(store.database(),
                                 "SELECT id, ifnull(json_extract(doc, '$.name'), ''), "
                                 "ifnull(json_extract(doc, '$.branch'), ''), "
                                 "ifnull(json_extract(doc, '$.verified_at'), ''), "
                                 "ifnull(json_extract(doc, '$.email'), '') = '' AND "
                                 "ifnull(json_extract(doc, '$.phone'), '') = '' "
                                 "FROM records WHERE collection = 'customer' AND deleted = 0 ORDER BY 2, id");
        DataQualityReport report;
        report.staleAfterDays = staleAfterDays;
        const Instant staleBefore = now - std::chrono::days(staleAfterDays);
        while (select.executeStep()) {
            CustomerSummary summary{select.getColumn(0).getString(), select.getColumn(1).getString(),
                                    select.getColumn(2).getString(), select.getColumn(3).getString()};
            const bool noContactPoint = select.getColumn(4).getInt() != 0;
            if (summary.verifiedAt.empty()) {
                report.neverConfirmed.push_back(summary);
            } else if (const auto verified = parseTimestamp(summary.verifiedAt);
                       verified && *verified < staleBefore) {
                report.confirmedLongAgo.push_back(summary);
            }
            if (noContactPoint) {
                report.noContactPoint.push_back(std::move(summary));
            }
        }
        return report;
    });
}

Result<OpenedCustomer> openCustomer(LocalStore& store, const Actor& actor, std::string_view id,
                                    std::string_view purpose, Instant now) {
    auto customer = liveRecord(store, kCustomer, id);
    if (!customer) {
        return unexpected(customer.error());
    }
    Json entry{{"customer_id", std::string(id)},
               {"user", actor.user},
               {"at", formatTimestamp(now)},
               {"branch", stringField(customer->fields, "branch")}};
    if (!purpose.empty()) {
        entry["purpose"] = std::string(purpose);
    }
    auto logged = store.create("access_log", entry, schema::UnknownFields::Refuse);
    if (!logged) {
        return unexpected(logged.error());
    }
    OpenedCustomer opened{std::move(*customer), {}, std::move(*logged)};
    if (!actor.canReadRestricted()) {
        opened.masked = customerSpec().restrictedFields();
        for (const std::string& name : opened.masked) {
            opened.record.fields.erase(name);
            opened.record.versions.erase(name);
        }
    }
    return opened;
}

} // namespace knowset::domain
