// Checked reading of an already parsed JSON document, for the protocol decoder.
//
// A DecodeContext keeps the first error of a decode. Every read names its path, checks the
// JSON type and the allowed values, and on failure records a DecodeError and returns a
// default value; once an error is recorded every later read is a no-op. So a decoder reads
// its members one after another and looks at the context once at the end:
//
//     Pull pull;
//     pull.id = object.required("id").identifier();
//     pull.cursor = object.required("cursor").integer(0, kMaxInt64);
//     if (context.failed()) ...
//
// The first error in reading order is the one reported, which makes errors deterministic.
#pragma once

#include "knowset/core/decode_error.hpp"
#include "knowset/core/ids.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/core/version.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace knowset::protocol {

struct DecodeLimits;

inline constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();

class DecodeContext {
public:
    explicit DecodeContext(const DecodeLimits& limits)
        : m_limits(limits) {}

    const DecodeLimits& limits() const { return m_limits; }
    bool failed() const { return m_error.has_value(); }
    // Records `error` unless an earlier one is recorded already.
    void fail(DecodeError error);
    // The recorded error; only when failed().
    DecodeError takeError();

private:
    const DecodeLimits& m_limits;
    std::optional<DecodeError> m_error;
};

class ObjectReader;

// One JSON value at a path, or nothing (an absent member). Each read checks the type and the
// value and returns it, or records an error and returns a default.
class ValueReader {
public:
    ValueReader(DecodeContext& context, const Json* value, std::string path)
        : m_context(context)
        , m_value(value)
        , m_path(std::move(path)) {}

    const std::string& path() const { return m_path; }
    // Present and not null.
    bool present() const { return m_value != nullptr && !m_value->is_null(); }
    void fail(DecodeErrorKind kind, std::string message);

    // A string of minBytes..maxBytes bytes; control characters (below 0x20, 0x7f) are
    // refused unless allowControl.
    std::string string(std::size_t minBytes, std::size_t maxBytes, bool allowControl = false);
    // An id, token or name: 1..maxStringBytes bytes, no control characters.
    std::string identifier();
    // A collection or field name (isValidName).
    std::string name();
    // A record id: 1..patch.maxIdLength bytes, no control characters.
    std::string recordId();
    // A JSON integer (not a float, not a bool) in min..max.
    std::int64_t integer(std::int64_t min, std::int64_t max);
    bool boolean();
    // Any JSON value, null included.
    Json any();
    NodeId nodeId();
    Version version();
    RecordPatch patch();

    ObjectReader object();
    // Calls each(ValueReader item) for every item of an array of minItems..maxItems items.
    template <typename Each> void array(std::size_t minItems, std::size_t maxItems, Each&& each);

private:
    bool usable(); // not failed already, and present (else records the error)
    bool checkArray(std::size_t minItems, std::size_t maxItems);

    DecodeContext& m_context;
    const Json* m_value;
    std::string m_path;
};

// A JSON object at a path (or nothing, after an error).
class ObjectReader {
public:
    ObjectReader(DecodeContext& context, const Json* object, std::string path)
        : m_context(context)
        , m_object(object)
        , m_path(std::move(path)) {}

    DecodeContext& context() const { return m_context; }
    // Whether the member is present and not null.
    bool has(std::string_view name) const;
    // A member that must be there (MissingField otherwise).
    ValueReader required(std::string_view name);
    // A member that may be absent or null: check present() before reading it.
    ValueReader optional(std::string_view name);
    // Records an error about the object as a whole (member empty) or one of its members.
    void fail(DecodeErrorKind kind, std::string_view member, std::string message);

private:
    std::string memberPath(std::string_view name) const;
    const Json* find(std::string_view name) const;

    DecodeContext& m_context;
    const Json* m_object;
    std::string m_path;
};

template <typename Each> void ValueReader::array(std::size_t minItems, std::size_t maxItems, Each&& each) {
    if (!checkArray(minItems, maxItems)) {
        return;
    }
    std::size_t index = 0;
    for (const Json& item : *m_value) {
        if (m_context.failed()) {
            return;
        }
        each(ValueReader(m_context, &item, m_path + "[" + std::to_string(index) + "]"));
        ++index;
    }
}

} // namespace knowset::protocol
