// Customer records (PRODUCT.md C1, C2, C3, C5, C6, C8): creating and updating them with
// duplicate candidates, consent per purpose, "confirmed with the customer", the data-quality
// report, and opening a record (audited in `access_log`, restricted fields masked).
//
// Every write goes through LocalStore, so it is validated by the schema (messages name
// "customer.<field>"), journalled and synced. The role and branch rules below mirror the
// server's (server/sync/access_policy), so a refusal comes at once, offline too.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/domain/actor.hpp"
#include "knowset/domain/calendar.hpp"
#include "knowset/store/local_store.hpp"

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowset::domain {

// ---- Pieces shared by the customer, interaction and feedback operations

// Forbidden, naming "<collection>.branch", unless the actor works in `branch` (admins work in all).
Result<Done> requireBranch(const Actor& actor, std::string_view collection, std::string_view branch);
// The record, or NotFound when the replica has no live record of that id.
Result<Record> liveRecord(LocalStore& store, std::string_view collection, std::string_view id);
// The string member `name` of a JSON object; empty when absent or not a string.
std::string stringField(const Json& object, std::string_view name);

// Runs a read query on the replica's connection; an SQLite exception becomes an Internal
// error naming `what`.
template <typename Function>
auto guardedRead(std::string_view what, Function&& function) -> decltype(function()) {
    try {
        return function();
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, std::string(what) + " failed: " + error.what());
    }
}

// ---- Duplicates (C2)

enum class DuplicateReason {
    SameEmail,     // equal once trimmed, case ignored
    SamePhone,     // the same digits (the last 9 when both numbers have at least 9)
    SameName,      // the same folded name, in the same branch
    ReorderedName, // the same words in another order, in the same branch
    SimilarName,   // a typo apart (within the typo budget of the name), in the same branch
};
std::string_view toString(DuplicateReason reason); // same_email, same_phone, ...

// What is known of a customer being typed in; empty members are not compared.
struct CustomerContact {
    std::string name;
    std::string email;
    std::string phone;
    std::string branch;
};

struct DuplicateCandidate {
    std::string id;
    std::string name;
    std::string branch;
    std::string email;
    std::string phone;
    std::vector<DuplicateReason> reasons; // in the order of the enum
};

// Live customers that may be the same person as `contact`, the ones with most reasons first,
// then by id. `excludeId` leaves out the record being edited.
Result<std::vector<DuplicateCandidate>>
findDuplicateCandidates(LocalStore& store, const CustomerContact& contact, std::string_view excludeId = {});

// ---- Create and update (C1)

struct CreatedCustomer {
    LocalWrite write;
    std::vector<DuplicateCandidate> duplicates; // found before the write; creating still succeeds
};

// Creates a customer from field values typed by a person (unknown fields refused). The branch
// must be one of the actor's; restricted fields may be written by supervisors and admins only.
Result<CreatedCustomer> createCustomer(LocalStore& store, const Actor& actor, const Json& fields);
// Changes the given fields, with the rules of createCustomer for the record's branch and the new one.
Result<LocalWrite> updateCustomer(LocalStore& store, const Actor& actor, std::string_view id,
                                  const Json& fields);

// ---- Consent per purpose (C3): customer.consent = {purpose: {basis, granted, source, captured_by, at,
// expires}}

struct ConsentCapture {
    std::string purpose; // lower-case letters, digits and '_': marketing, surveys...
    std::string basis;   // consent, contract, legal_obligation, legitimate_interest, ...
    std::string source;  // where it was captured (phone call, signed form...); optional
    std::string expires; // YYYY-MM-DD or a timestamp; optional
};

// Records the purpose as granted, captured by the actor now.
Result<LocalWrite> setConsent(LocalStore& store, const Actor& actor, std::string_view customerId,
                              const ConsentCapture& capture, Instant now);
// Marks the purpose as not granted; the entry is kept (basis, source, expiry) and records who
// took the withdrawal and when. NotFound when the customer has no consent for the purpose.
Result<LocalWrite> withdrawConsent(LocalStore& store, const Actor& actor, std::string_view customerId,
                                   std::string_view purpose, Instant now);

struct ConsentStatus {
    std::string purpose;
    std::string basis;
    bool granted = false;
    std::string source;
    std::string capturedBy;
    std::string at;
    std::string expires;
    bool expired = false; // an expiry date before today, or an expiry time already passed

    bool inForce() const { return granted && !expired; }
};

// The customer's consent, one entry per purpose in name order.
Result<std::vector<ConsentStatus>> consentOf(LocalStore& store, std::string_view customerId, Instant now);

// ---- Confirmed with the customer (C8)

// verified_at = now, verified_by = the actor.
Result<LocalWrite> confirmWithCustomer(LocalStore& store, const Actor& actor, std::string_view customerId,
                                       Instant now);

struct CustomerSummary {
    std::string id;
    std::string name;
    std::string branch;
    std::string verifiedAt; // empty when never confirmed
};

struct DataQualityReport {
    int staleAfterDays = 0;
    std::vector<CustomerSummary> neverConfirmed;
    std::vector<CustomerSummary> confirmedLongAgo; // more than staleAfterDays days before now
    std::vector<CustomerSummary> noContactPoint;   // neither e-mail nor phone
};

// Every live customer of the replica that is unconfirmed, confirmed too long ago or has no
// contact point; each list by name, then id.
Result<DataQualityReport> dataQualityReport(LocalStore& store, Instant now, int staleAfterDays);

// ---- Opening a record (C5, C6)

struct OpenedCustomer {
    Record record;                   // without the restricted fields the actor may not read
    std::vector<std::string> masked; // those fields, in schema order (empty for supervisors and admins)
    LocalWrite accessLog;            // the access_log record appended
};

// Appends access_log {customer_id, user, at, purpose, branch} and returns the record.
// NotFound for an unknown or deleted customer.
Result<OpenedCustomer> openCustomer(LocalStore& store, const Actor& actor, std::string_view id,
                                    std::string_view purpose, Instant now);

} // namespace knowset::domain
