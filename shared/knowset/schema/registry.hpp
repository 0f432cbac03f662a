// The schema registry: the one place that declares every replicated collection — its fields,
// their types and allowed values, which are required, which are restricted (personal data
// only some roles may read), which are full-text indexed, and how records are scoped.
//
// Validation runs on the client before a write and again on the server. Fields the registry
// does not know (written by a newer client) are preserved and passed on in lenient mode; in
// strict mode (input typed by a person, import files) they are refused with a clear message.
#pragma once

#include "knowset/core/patch.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace knowset::schema {

inline constexpr int kSchemaVersion = 1;

enum class FieldType {
    String,  // short single-line text (bounded by maxLength)
    Text,    // long free text
    Integer, // JSON integer
    Number,  // any JSON number
    Boolean,
    Enum,       // a string from `allowed`
    EnumList,   // an array of strings from `allowed`
    Id,         // a record id (string)
    IdList,     // an array of record ids
    Timestamp,  // RFC 3339 date-time string, e.g. 2026-11-23T09:30:00Z
    Date,       // YYYY-MM-DD
    StringList, // an array of short strings (tags, products)
    Object,     // a JSON object (nested structure, e.g. consent, a conflict side)
    Any,        // any JSON value
};

std::string_view toString(FieldType type);

enum class Scope {
    Global, // every user replicates it
    Branch, // only users of the record's branch replicate it
};

struct FieldSpec {
    std::string name;
    FieldType type = FieldType::String;
    bool required = false;
    std::vector<std::string> allowed; // Enum / EnumList values
    bool restricted = false;          // personal data: only some roles may read it
    bool fullText = false;            // indexed by the local search
    std::size_t maxLength = 0;        // 0: the type's default bound
};

struct CollectionSpec {
    std::string name;
    Scope scope = Scope::Global;
    std::string branchField;    // for Scope::Branch: the field that names the branch
    bool serverWritten = false; // clients may not write it directly (e.g. conflict)
    std::vector<FieldSpec> fields;

    const FieldSpec* field(std::string_view name) const;
    std::vector<std::string> fullTextFields() const;
    std::vector<std::string> restrictedFields() const;
    std::vector<std::string> requiredFields() const;
};

// The collections of schema version 1 (collections.cpp), in the order of DESIGN.md.
std::vector<CollectionSpec> builtinCollections();

enum class UnknownFields {
    Preserve, // sync path: keep fields from newer schema versions
    Refuse,   // a person's input: an unknown field is a mistake worth telling
};

struct ValidationIssue {
    std::string field;   // the offending field, or empty for the record as a whole
    std::string message; // a sentence that names the field, e.g. "article.status: ..."

    bool operator==(const ValidationIssue&) const = default;
};

class SchemaRegistry {
public:
    // The collections of this schema version.
    static const SchemaRegistry& builtin();

    explicit SchemaRegistry(std::vector<CollectionSpec> collections);

    const CollectionSpec* collection(std::string_view name) const;
    const std::vector<CollectionSpec>& collections() const { return m_collections; }

    // Validates a write of `changed` (field name -> new value) to a record of `collection`.
    // `existing` is the record's current field values, or nullptr when the write creates it
    // (then every required field must be present). System fields ('_' prefix) are checked
    // by their own rules (`_deleted` must be a boolean). An empty result means valid.
    std::vector<ValidationIssue> validateWrite(std::string_view collection, const Json& changed,
                                               const Json* existing,
                                               UnknownFields unknown = UnknownFields::Preserve) const;

private:
    std::vector<CollectionSpec> m_collections;
};

// One line for a list of issues: "article.title: is required; article.kind: ..."
std::string describe(const std::vector<ValidationIssue>& issues);

} // namespace knowset::schema
