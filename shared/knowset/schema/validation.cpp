// Write validation against the schema registry. The same function runs on the client before a
// write and on the server before the write is merged, so it must accept any JSON without
// throwing, and its messages, shown to a person, must name "<collection>.<field>".
//
// A write is checked in three passes: presence of required fields, each written member on its
// own (name, type, bounds), then domain rules that read several fields of the record as it
// would be after the write. All issues are collected and returned sorted by field name.
#include "knowset/schema/registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace knowset::schema {

namespace {

constexpr std::size_t kStringMaxChars = 500;
constexpr std::size_t kTextMaxBytes = 1'000'000;
constexpr std::size_t kIdMaxBytes = PatchLimits{}.maxIdLength; // ids are bounded like in patches
constexpr std::size_t kListMaxItems = 1'000;
constexpr std::size_t kQuoteMaxChars = 60; // a hostile value must not flood a message

const Json kNull;

// ---- Text

// The length of the well-formed UTF-8 sequence that starts at `at`, or 0 when it is not one
// (bad lead or continuation byte, truncated, overlong, surrogate, beyond U+10FFFF).
std::size_t utf8SequenceAt(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t extra = 0;
    std::uint32_t codePoint = 0;
    std::uint32_t smallest = 0;
    if (lead < 0x80U) {
        return 1;
    } else if ((lead & 0xE0U) == 0xC0U) {
        extra = 1;
        codePoint = lead & 0x1FU;
        smallest = 0x80;
    } else if ((lead & 0xF0U) == 0xE0U) {
        extra = 2;
        codePoint = lead & 0x0FU;
        smallest = 0x800;
    } else if ((lead & 0xF8U) == 0xF0U) {
        extra = 3;
        codePoint = lead & 0x07U;
        smallest = 0x10000;
    } else {
        return 0;
    }
    if (text.size() - at <= extra) {
        return 0;
    }
    for (std::size_t i = 1; i <= extra; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xC0U) != 0x80U) {
            return 0;
        }
        codePoint = (codePoint << 6U) | (next & 0x3FU);
    }
    const bool surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
    if (codePoint < smallest || codePoint > 0x10FFFF || surrogate) {
        return 0;
    }
    return extra + 1;
}

// The number of code points, or nothing when `text` is not valid UTF-8.
std::optional<std::size_t> utf8Length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); ++count) {
        const std::size_t length = utf8SequenceAt(text, at);
        if (length == 0) {
            return std::nullopt;
        }
        at += length;
    }
    return count;
}

// `text` as it may appear in a message: cut short, control characters and invalid bytes shown
// as '?', so that the message stays one line of valid UTF-8.
std::string printable(std::string_view text) {
    std::string out;
    std::size_t at = 0;
    for (std::size_t chars = 0; at < text.size() && chars < kQuoteMaxChars; ++chars) {
        const std::size_t length = utf8SequenceAt(text, at);
        const auto byte = static_cast<unsigned char>(text[at]);
        if (length == 0 || byte < 0x20U || byte == 0x7FU) {
            out += '?';
            ++at;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    if (at < text.size()) {
        out += "...";
    }
    return out;
}

std::string inQuotes(std::string_view text) {
    return "'" + printable(text) + "'";
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        out += out.empty() ? "" : ", ";
        out += item;
    }
    return out;
}

const std::string* stringIn(const Json& value) {
    return value.is_string() ? value.get_ptr<const std::string*>() : nullptr;
}

// Null, or a string of nothing but white space: what a required field may not hold.
bool isBlank(const Json& value) {
    const std::string* text = stringIn(value);
    return value.is_null() || (text && text->find_first_not_of(" \t\r\n") == std::string::npos);
}

// ---- Dates and times

std::optional<int> digitsAt(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

// A valid calendar date YYYY-MM-DD at the start of `text`.
bool startsWithDate(std::string_view text) {
    const auto year = digitsAt(text, 0, 4);
    const auto month = digitsAt(text, 5, 2);
    const auto day = digitsAt(text, 8, 2); // present only if `text` has at least 10 characters
    return year && month && day && text[4] == '-' && text[7] == '-' && *month >= 1 && *month <= 12 &&
           *day >= 1 && *day <= daysInMonth(*year, *month);
}

bool isDate(std::string_view text) {
    return text.size() == 10 && startsWithDate(text);
}

// RFC 3339: YYYY-MM-DDTHH:MM:SS, an optional fraction of 1 to 9 digits, then Z or ±HH:MM.
// Second 60 is allowed because RFC 3339 allows a leap second.
bool isTimestamp(std::string_view text) {
    if (text.size() < 20 || !startsWithDate(text) || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
        return false;
    }
    const auto hour = digitsAt(text, 11, 2);
    const auto minute = digitsAt(text, 14, 2);
    const auto second = digitsAt(text, 17, 2);
    if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
        return false;
    }
    std::size_t at = 19;
    if (text[at] == '.') {
        const std::size_t first = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            ++at;
        }
        if (at == first || at - first > 9) {
            return false;
        }
    }
    if (at < text.size() && text[at] == 'Z') {
        return at + 1 == text.size();
    }
    if (at + 6 != text.size() || (text[at] != '+' && text[at] != '-') || text[at + 3] != ':') {
        return false;
    }
    const auto offsetHours = digitsAt(text, at + 1, 2);
    const auto offsetMinutes = digitsAt(text, at + 4, 2);
    return offsetHours && offsetMinutes && *offsetHours <= 23 && *offsetMinutes <= 59;
}

// ---- Values of one field

// "'x' is not a <what>" for a string, "must be a <what>" for anything else.
std::string notA(const std::string* text, std::string_view what) {
    return (text ? inQuotes(*text) + " is not a " : std::string("must be a ")).append(what);
}

// What is wrong with `value` as a single value of `type` (a field, or a list element), if anything.
// Messages are built only for refused values: this runs for every field of every write.
std::optional<std::string> scalarProblem(const FieldSpec& spec, FieldType type, const Json& value) {
    const std::string* text = stringIn(value);
    if (text && !utf8Length(*text)) {
        return "is not valid UTF-8 text";
    }
    const auto bound = [&](std::size_t fallback) {
        return spec.maxLength != 0 ? spec.maxLength : fallback;
    };
    switch (type) {
    case FieldType::String:
        if (!text) {
            return "must be a string";
        }
        if (text->find_first_of("\r\n") != std::string::npos) {
            return "must be a single line";
        }
        if (*utf8Length(*text) > bound(kStringMaxChars)) {
            return "is longer than " + std::to_string(bound(kStringMaxChars)) + " characters";
        }
        break;
    case FieldType::Text:
        if (!text) {
            return "must be a string";
        }
        if (text->size() > bound(kTextMaxBytes)) {
            return "is longer than " + std::to_string(bound(kTextMaxBytes)) + " bytes";
        }
        break;
    case FieldType::Integer:
        if (!value.is_number_integer()) {
            return "must be a whole number (an integer)";
        }
        break;
    case FieldType::Number:
        if (!value.is_number() || !std::isfinite(value.get<double>())) {
            return "must be a number";
        }
        break;
    case FieldType::Boolean:
        if (!value.is_boolean()) {
            return "must be a boolean (true or false)";
        }
        break;
    case FieldType::Enum:
        if (!text || std::find(spec.allowed.begin(), spec.allowed.end(), *text) == spec.allowed.end()) {
            return "must be one of " + joined(spec.allowed);
        }
        break;
    case FieldType::Id:
        if (!text || text->empty() || text->size() > bound(kIdMaxBytes)) {
            return "must be a record id (a non-empty string of at most " +
                   std::to_string(bound(kIdMaxBytes)) + " characters)";
        }
        break;
    case FieldType::Timestamp:
        if (!text || !isTimestamp(*text)) {
            return notA(text, "timestamp like 2026-11-23T09:30:00Z (RFC 3339)");
        }
        break;
    case FieldType::Date:
        if (!text || !isDate(*text)) {
            return notA(text, "valid date (YYYY-MM-DD)");
        }
        break;
    case FieldType::Object:
        if (!value.is_object()) {
            return "must be an object";
        }
        break;
    case FieldType::Any:
    case FieldType::StringList: // lists are checked element by element by valueProblems()
    case FieldType::IdList:
    case FieldType::EnumList:
        break;
    }
    return std::nullopt;
}

std::optional<FieldType> elementType(FieldType type) {
    switch (type) {
    case FieldType::StringList:
        return FieldType::String;
    case FieldType::IdList:
        return FieldType::Id;
    case FieldType::EnumList:
        return FieldType::Enum;
    default:
        return std::nullopt;
    }
}

struct Problem {
    std::string where; // "" for the value itself, "[3]" for an element of a list
    std::string text;
};

std::vector<Problem> valueProblems(const FieldSpec& spec, const Json& value) {
    const auto element = elementType(spec.type);
    if (!element) {
        auto problem = scalarProblem(spec, spec.type, value);
        return problem ? std::vector<Problem>{{"", std::move(*problem)}} : std::vector<Problem>{};
    }
    if (!value.is_array()) {
        return {{"", "must be a list"}};
    }
    if (value.size() > kListMaxItems) {
        return {{"", "has more than " + std::to_string(kListMaxItems) + " items"}};
    }
    std::vector<Problem> problems;
    for (std::size_t i = 0; i < value.size(); ++i) {
        auto problem = isBlank(value[i]) ? std::optional<std::string>("must not be empty")
                                         : scalarProblem(spec, *element, value[i]);
        if (problem) {
            problems.push_back({"[" + std::to_string(i) + "]", std::move(*problem)});
        }
    }
    return problems;
}

// ---- Domain rules

bool looksLikeEmail(std::string_view text) {
    const auto at = text.find('@');
    const bool oneAt = at != std::string_view::npos && text.find('@', at + 1) == std::string_view::npos;
    const bool noSpace = std::none_of(
        text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20U || c == 0x7F; });
    if (!oneAt || !noSpace || at == 0) {
        return false;
    }
    const std::string_view domain = text.substr(at + 1);
    return domain.find('.') != std::string_view::npos && domain.front() != '.' && domain.back() != '.' &&
           domain.find("..") == std::string_view::npos;
}

bool looksLikePhone(std::string_view text) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (!(c == '+' && i == 0) && std::string_view(" -.()").find(c) == std::string_view::npos) {
            return false;
        }
    }
    return digits >= 6 && digits <= 20;
}

// Domain rules receive values that are null or valid for their field's type.
using RuleCheck = std::optional<std::string> (*)(const Json& value, const Json& other);

std::optional<std::string> emailProblem(const Json& email, const Json& /*unused*/) {
    const std::string* text = stringIn(email);
    if (!text || text->empty() || looksLikeEmail(*text)) {
        return std::nullopt;
    }
    return inQuotes(*text) + " is not an e-mail address";
}

std::optional<std::string> phoneProblem(const Json& phone, const Json& /*unused*/) {
    const std::string* text = stringIn(phone);
    if (!text || text->empty() || looksLikePhone(*text)) {
        return std::nullopt;
    }
    return inQuotes(*text) + " is not a phone number (6 to 20 digits, optionally a leading + and spaces, "
                             "dashes, dots or parentheses)";
}

std::optional<std::string> validityProblem(const Json& validTo, const Json& validFrom) {
    const std::string* to = stringIn(validTo);
    const std::string* from = stringIn(validFrom);
    // Valid YYYY-MM-DD dates compare correctly as text.
    if (!to || !from || *to >= *from) {
        return std::nullopt;
    }
    return *to + " is before valid_from " + *from;
}

std::optional<std::string> scoreProblem(const Json& score, const Json& scale) {
    struct Range {
        std::string_view scale;
        int lowest;
        int highest;
    };
    static constexpr Range kRanges[] = {{"csat", 1, 5}, {"nps", 0, 10}};
    const std::string* scaleName = stringIn(scale);
    if (!score.is_number() || !scaleName) {
        return std::nullopt;
    }
    const double value = score.get<double>();
    for (const Range& range : kRanges) {
        if (range.scale == *scaleName &&
            (value < range.lowest || value > range.highest || value != std::floor(value))) {
            return score.dump() + " is not a whole number from " + std::to_string(range.lowest) + " to " +
                   std::to_string(range.highest) + " on the " + *scaleName + " scale";
        }
    }
    return std::nullopt;
}

// ---- Structured fields: objects and lists of objects with a fixed shape

struct MemberRule {
    std::string_view name;
    bool required;
    bool (*accepts)(const Json& value);
    std::string_view expected; // "one of ...", "a boolean": completes "<member> must be ..."
};

bool isNonEmptyString(const Json& value) {
    const std::string* text = stringIn(value);
    return text && !text->empty() && text->size() <= kStringMaxChars;
}
bool isBooleanValue(const Json& value) {
    return value.is_boolean();
}
bool isTimestampValue(const Json& value) {
    const std::string* text = stringIn(value);
    return text && isTimestamp(*text);
}
bool isDateOrTimestamp(const Json& value) {
    const std::string* text = stringIn(value);
    return text && (isDate(*text) || isTimestamp(*text));
}
template <const std::string_view* First, std::size_t Count> bool isOneOf(const Json& value) {
    const std::string* text = stringIn(value);
    return text && std::find(First, First + Count, *text) != First + Count;
}

constexpr std::string_view kHowSupplied[] = {"verbal", "written", "electronic", "image"};
constexpr std::string_view kIdentityResults[] = {"passed", "failed", "not_completed"};
constexpr std::string_view kConsentBases[] = {
    "consent", "contract", "legal_obligation", "legitimate_interest", "vital_interest", "public_task"};
constexpr std::string_view kScopeLevels[] = {"person", "team", "branch", "organisation"};

// The problem with one object against its member rules, or nothing. `what` names the object
// in messages ("", "[2]", ".marketing").
std::optional<std::string> objectProblem(const Json& object, std::span<const MemberRule> rules,
                                         std::string_view what, std::string_view refusedAdvice = {}) {
    const std::string prefix = what.empty() ? std::string() : std::string(what) + " ";
    if (!object.is_object()) {
        return prefix + "must be an object";
    }
    for (const MemberRule& rule : rules) {
        const auto member = object.find(rule.name);
        if (member == object.end() || member->is_null()) {
            if (rule.required) {
                return prefix + "needs " + std::string(rule.name);
            }
        } else if (!rule.accepts(*member)) {
            return prefix + std::string(rule.name) + " must be " + std::string(rule.expected);
        }
    }
    for (auto member = object.begin(); member != object.end(); ++member) {
        const bool known = std::any_of(rules.begin(), rules.end(),
                                       [&](const MemberRule& rule) { return rule.name == member.key(); });
        if (!known) {
            std::string names;
            for (const MemberRule& rule : rules) {
                names += (names.empty() ? "" : ", ") + std::string(rule.name);
            }
            return prefix + "has an unknown member " + inQuotes(member.key()) + " (allowed: " + names + ")" +
                   std::string(refusedAdvice);
        }
    }
    return std::nullopt;
}

// interaction.articles_used: [{article_id, version, how, understood}] (K9).
std::optional<std::string> articlesUsedProblem(const Json& used, const Json& /*unused*/) {
    static constexpr MemberRule kRules[] = {
        {"article_id", true, isNonEmptyString, "an article id"},
        {"version", false, isNonEmptyString, "the article version supplied (text)"},
        {"how", false, isOneOf<kHowSupplied, std::size(kHowSupplied)>,
         "verbal, written, electronic or image"},
        {"understood", false, isBooleanValue, "true or false"},
    };
    if (used.is_null()) {
        return std::nullopt;
    }
    if (!used.is_array()) {
        return "must be a list of {article_id, version, how, understood}";
    }
    if (used.size() > kListMaxItems) {
        return "has more than " + std::to_string(kListMaxItems) + " items";
    }
    for (std::size_t i = 0; i < used.size(); ++i) {
        if (auto problem = objectProblem(used[i], kRules, "[" + std::to_string(i) + "]")) {
            return problem;
        }
    }
    return std::nullopt;
}

// interaction.identity_check: {method, result}. The answers a customer gave are never stored
// (C7), so any other member is refused.
std::optional<std::string> identityCheckProblem(const Json& check, const Json& /*unused*/) {
    static constexpr MemberRule kRules[] = {
        {"method", true, isNonEmptyString, "the method used (text)"},
        {"result", true, isOneOf<kIdentityResults, std::size(kIdentityResults)>,
         "passed, failed or not_completed"},
        {"checked_by", false, isNonEmptyString, "a user name"},
        {"at", false, isTimestampValue, "a timestamp"},
    };
    if (check.is_null()) {
        return std::nullopt;
    }
    return objectProblem(check, kRules, "", "; the answers to identity questions are never stored");
}

// customer.consent: {purpose: {basis, source, captured_by, at, expires, granted}} (C3).
std::optional<std::string> consentProblem(const Json& consent, const Json& /*unused*/) {
    static constexpr MemberRule kRules[] = {
        {"basis", true, isOneOf<kConsentBases, std::size(kConsentBases)>,
         "consent, contract, legal_obligation, legitimate_interest, vital_interest or public_task"},
        {"granted", false, isBooleanValue, "true or false"},
        {"source", false, isNonEmptyString, "where it was captured (text)"},
        {"captured_by", false, isNonEmptyString, "a user name"},
        {"at", false, isTimestampValue, "a timestamp"},
        {"expires", false, isDateOrTimestamp, "a date or timestamp"},
    };
    if (consent.is_null()) {
        return std::nullopt;
    }
    if (!consent.is_object()) {
        return "must be an object of purposes, e.g. {\"marketing\": {\"basis\": \"consent\"}}";
    }
    for (auto purpose = consent.begin(); purpose != consent.end(); ++purpose) {
        if (!isValidName(purpose.key())) {
            return "purpose " + inQuotes(purpose.key()) +
                   " is not a valid name (lower-case letters, digits, '_')";
        }
        if (auto problem = objectProblem(purpose.value(), kRules, "." + purpose.key())) {
            return problem;
        }
    }
    return std::nullopt;
}

// kpi.scope: {level, value}; value names the person, team or branch (C3 of I3).
std::optional<std::string> kpiScopeProblem(const Json& scope, const Json& /*unused*/) {
    static constexpr MemberRule kRules[] = {
        {"level", true, isOneOf<kScopeLevels, std::size(kScopeLevels)>,
         "person, team, branch or organisation"},
        {"value", false, isNonEmptyString, "the person, team or branch (text)"},
    };
    if (scope.is_null()) {
        return std::nullopt;
    }
    if (auto problem = objectProblem(scope, kRules, "")) {
        return problem;
    }
    if (scope.at("level") != "organisation" && !scope.contains("value")) {
        return "needs value (which " + scope.at("level").get<std::string>() + ")";
    }
    return std::nullopt;
}

std::optional<std::string> toleranceProblem(const Json& tolerance, const Json& /*unused*/) {
    if (tolerance.is_number() && tolerance.get<double>() < 0) {
        return "must not be negative";
    }
    return std::nullopt;
}

struct DomainRule {
    std::string_view collection;
    std::string_view field; // the field an issue names
    std::string_view other; // a second field the rule reads, or empty
    RuleCheck check;
};

constexpr DomainRule kDomainRules[] = {
    {"customer", "email", "", emailProblem},
    {"customer", "phone", "", phoneProblem},
    {"article", "valid_to", "valid_from", validityProblem},
    {"feedback", "score", "scale", scoreProblem},
    {"interaction", "articles_used", "", articlesUsedProblem},
    {"interaction", "identity_check", "", identityCheckProblem},
    {"customer", "consent", "", consentProblem},
    {"kpi", "scope", "", kpiScopeProblem},
    {"kpi", "tolerance", "", toleranceProblem},
};

// ---- The write as a whole

class WriteValidator {
public:
    WriteValidator(const CollectionSpec& collection, const Json& changed, const Json* existing,
                   UnknownFields unknown)
        : m_collection(collection)
        , m_changed(changed)
        , m_existing(existing)
        , m_unknown(unknown) {}

    std::vector<ValidationIssue> run() {
        if (!m_changed.is_object()) {
            addRecordIssue("a write must be an object of field values");
            return std::move(m_issues);
        }
        checkRequired();
        for (auto member = m_changed.begin(); member != m_changed.end(); ++member) {
            checkMember(member.key(), member.value());
        }
        checkDomainRules();
        std::stable_sort(
            m_issues.begin(), m_issues.end(),
            [](const ValidationIssue& a, const ValidationIssue& b) { return a.field < b.field; });
        return std::move(m_issues);
    }

private:
    bool isCreate() const { return m_existing == nullptr; }

    bool isDeletionOnly() const {
        const auto deleted = m_changed.find(kDeletedField);
        return m_changed.size() == 1 && deleted != m_changed.end() && *deleted == true;
    }

    // The value of `name` as it will be after the write (null when it has none).
    const Json& current(std::string_view name) const {
        if (const auto found = m_changed.find(name); found != m_changed.end()) {
            return *found;
        }
        if (m_existing && m_existing->is_object()) {
            if (const auto found = m_existing->find(name); found != m_existing->end()) {
                return *found;
            }
        }
        return kNull;
    }

    void checkRequired() {
        if (isCreate() && isDeletionOnly()) {
            return;
        }
        for (const FieldSpec& spec : m_collection.fields) {
            if (!spec.required) {
                continue;
            }
            const auto value = m_changed.find(spec.name);
            if (value == m_changed.end()) {
                if (isCreate()) {
                    addIssue(spec.name, "", "is required");
                }
            } else if (isBlank(*value)) {
                addIssue(spec.name, "", isCreate() ? "is required" : "is required and may not be cleared");
            }
        }
    }

    void checkMember(const std::string& name, const Json& value) {
        if (!isValidName(name)) {
            addIssue(name, "",
                     "is not a valid field name (lower-case letters, digits and '_', at most " +
                         std::to_string(PatchLimits{}.maxNameLength) + " characters)");
        } else if (name.front() == '_') {
            if (name != kDeletedField) {
                addIssue(name, "", "field " + inQuotes(name) + " is reserved");
            } else if (!value.is_boolean()) {
                addIssue(name, "", "must be a boolean (true or false)");
            }
        } else if (const FieldSpec* spec = m_collection.field(name)) {
            if (value.is_null() || (spec->required && isBlank(value))) {
                return; // null clears an optional field; checkRequired() covers required ones
            }
            for (Problem& problem : valueProblems(*spec, value)) {
                addIssue(name, problem.where, problem.text);
            }
        } else if (m_unknown == UnknownFields::Refuse) {
            std::vector<std::string> known;
            for (const FieldSpec& field : m_collection.fields) {
                known.push_back(field.name);
            }
            addIssue(name, "", "unknown field (known fields: " + joined(known) + ")");
        }
    }

    // A rule runs only when the write touches one of its fields, so a record stored before the
    // rule existed can still be edited elsewhere; it reads the record as it will be afterwards.
    void checkDomainRules() {
        for (const DomainRule& rule : kDomainRules) {
            if (rule.collection != m_collection.name || !(touches(rule.field) || touches(rule.other))) {
                continue;
            }
            const Json& value = current(rule.field);
            const Json& other = rule.other.empty() ? kNull : current(rule.other);
            if (!isValidOrNull(rule.field, value) || !isValidOrNull(rule.other, other)) {
                continue; // already reported, or stored before a type change: nothing to compare
            }
            if (auto problem = rule.check(value, other)) {
                addIssue(std::string(rule.field), "", *problem);
            }
        }
    }

    bool touches(std::string_view name) const { return !name.empty() && m_changed.contains(name); }

    bool isValidOrNull(std::string_view name, const Json& value) const {
        const FieldSpec* spec = m_collection.field(name);
        return value.is_null() || (spec && valueProblems(*spec, value).empty());
    }

    void addIssue(const std::string& field, std::string_view where, std::string_view text) {
        std::string message = m_collection.name + "." + (field.empty() ? "''" : printable(field));
        message.append(where).append(": ").append(text);
        m_issues.push_back({field, std::move(message)});
    }

    void addRecordIssue(std::string_view text) {
        m_issues.push_back({"", m_collection.name + ": " + std::string(text)});
    }

    const CollectionSpec& m_collection;
    const Json& m_changed;
    const Json* m_existing; // nullptr: the write creates the record
    UnknownFields m_unknown;
    std::vector<ValidationIssue> m_issues;
};

} // namespace

std::vector<ValidationIssue> SchemaRegistry::validateWrite(std::string_view collection, const Json& changed,
                                                           const Json* existing,
                                                           UnknownFields unknown) const {
    const CollectionSpec* spec = this->collection(collection);
    if (!spec) {
        return {{"", "unknown collection " + inQuotes(collection)}};
    }
    return WriteValidator(*spec, changed, existing, unknown).run();
}

} // namespace knowset::schema
