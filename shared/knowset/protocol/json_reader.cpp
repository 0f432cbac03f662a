#include "knowset/protocol/json_reader.hpp"

#include "knowset/protocol/codec.hpp"

#include <cmath>

namespace knowset::protocol {

namespace {

// 2^63: every double at or beyond it (in magnitude) is outside int64.
constexpr double kInt64Bound = 9223372036854775808.0;

std::string typeOf(const Json& value) {
    if (value.is_number_float()) {
        return "a fractional number";
    }
    if (value.is_number()) {
        return "an integer";
    }
    const std::string name = value.type_name();
    return name == "null" ? name : (name == "array" || name == "object" ? "an " : "a ") + name;
}

bool hasControlCharacter(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20U || byte == 0x7fU) {
            return true;
        }
    }
    return false;
}

std::string rangeText(std::int64_t min, std::int64_t max) {
    if (max == kMaxInt64) {
        return "at least " + std::to_string(min);
    }
    if (min == max) {
        return std::to_string(min);
    }
    return "between " + std::to_string(min) + " and " + std::to_string(max);
}

} // namespace

void DecodeContext::fail(DecodeError error) {
    if (!m_error) {
        m_error = std::move(error);
    }
}

DecodeError DecodeContext::takeError() {
    DecodeError error = m_error ? std::move(*m_error) : DecodeError{};
    m_error.reset();
    return error;
}

void ValueReader::fail(DecodeErrorKind kind, std::string message) {
    m_context.fail(DecodeError{kind, m_path, std::move(message)});
}

bool ValueReader::usable() {
    if (m_context.failed()) {
        return false;
    }
    if (m_value == nullptr) {
        fail(DecodeErrorKind::MissingField, "missing");
        return false;
    }
    return true;
}

std::string ValueReader::string(std::size_t minBytes, std::size_t maxBytes, bool allowControl) {
    if (!usable()) {
        return {};
    }
    if (!m_value->is_string()) {
        fail(DecodeErrorKind::WrongType, "expected a string, got " + typeOf(*m_value));
        return {};
    }
    const auto& text = m_value->get_ref<const std::string&>();
    if (text.size() > maxBytes) {
        fail(DecodeErrorKind::TooLarge, "longer than " + std::to_string(maxBytes) + " bytes");
        return {};
    }
    if (text.size() < minBytes) {
        fail(DecodeErrorKind::InvalidValue, minBytes == 1
                                                ? std::string("must not be empty")
                                                : "shorter than " + std::to_string(minBytes) + " bytes");
        return {};
    }
    if (!allowControl && hasControlCharacter(text)) {
        fail(DecodeErrorKind::InvalidValue, "contains a control character");
        return {};
    }
    return text;
}

std::string ValueReader::identifier() {
    return string(1, m_context.limits().maxStringBytes);
}

std::string ValueReader::name() {
    const std::size_t maxLength = m_context.limits().patch.maxNameLength;
    std::string text = string(1, maxLength);
    if (!m_context.failed() && !isValidName(text, maxLength)) {
        fail(DecodeErrorKind::InvalidValue, "not a valid name (a-z, 0-9 and _, not starting with a digit)");
        return {};
    }
    return text;
}

std::string ValueReader::recordId() {
    return string(1, m_context.limits().patch.maxIdLength);
}

std::int64_t ValueReader::integer(std::int64_t min, std::int64_t max) {
    if (!usable()) {
        return min;
    }
    std::int64_t number = 0;
    if (m_value->is_number_unsigned()) {
        const auto value = m_value->get<std::uint64_t>();
        if (value > static_cast<std::uint64_t>(kMaxInt64)) {
            fail(DecodeErrorKind::TooLarge, "beyond the 64-bit integer range");
            return min;
        }
        number = static_cast<std::int64_t>(value);
    } else if (m_value->is_number_integer()) {
        number = m_value->get<std::int64_t>();
    } else if (m_value->is_number_float()) {
        // The parser stores integers beyond 64 bits as doubles: those are too large, every
        // other double (1.0, 1e3, 0.5) is the wrong type.
        if (!(std::fabs(m_value->get<double>()) < kInt64Bound)) {
            fail(DecodeErrorKind::TooLarge, "beyond the 64-bit integer range");
        } else {
            fail(DecodeErrorKind::WrongType, "expected an integer, got a fractional number");
        }
        return min;
    } else {
        fail(DecodeErrorKind::WrongType, "expected an integer, got " + typeOf(*m_value));
        return min;
    }
    if (number < min || number > max) {
        fail(DecodeErrorKind::InvalidValue, "must be " + rangeText(min, max));
        return min;
    }
    return number;
}

bool ValueReader::boolean() {
    if (!usable()) {
        return false;
    }
    if (!m_value->is_boolean()) {
        fail(DecodeErrorKind::WrongType, "expected true or false, got " + typeOf(*m_value));
        return false;
    }
    return m_value->get<bool>();
}

Json ValueReader::any() {
    if (!usable()) {
        return {};
    }
    return *m_value;
}

NodeId ValueReader::nodeId() {
    const std::string text = string(0, 64);
    if (m_context.failed()) {
        return {};
    }
    const auto node = NodeId::fromHex(text);
    if (!node) {
        fail(DecodeErrorKind::InvalidValue, "expected a node id of 16 lower-case hex digits");
        return {};
    }
    return *node;
}

Version ValueReader::version() {
    const std::string text = string(0, 64);
    if (m_context.failed()) {
        return {};
    }
    const auto version = Version::parse(text);
    if (!version) {
        fail(DecodeErrorKind::InvalidValue, "expected a version of the form <16 hex digits>-<16 hex digits>");
        return {};
    }
    return *version;
}

RecordPatch ValueReader::patch() {
    if (!usable()) {
        return {};
    }
    auto patch = patchFromJson(*m_value, m_path, m_context.limits().patch);
    if (!patch) {
        m_context.fail(std::move(patch.error()));
        return {};
    }
    return std::move(patch).value();
}

ObjectReader ValueReader::object() {
    if (!usable()) {
        return {m_context, nullptr, m_path};
    }
    if (!m_value->is_object()) {
        fail(DecodeErrorKind::NotAnObject, "expected an object, got " + typeOf(*m_value));
        return {m_context, nullptr, m_path};
    }
    return {m_context, m_value, m_path};
}

bool ValueReader::checkArray(std::size_t minItems, std::size_t maxItems) {
    if (!usable()) {
        return false;
    }
    if (!m_value->is_array()) {
        fail(DecodeErrorKind::WrongType, "expected an array, got " + typeOf(*m_value));
        return false;
    }
    if (m_value->size() > maxItems) {
        fail(DecodeErrorKind::TooLarge, "more than " + std::to_string(maxItems) + " items");
        return false;
    }
    if (m_value->size() < minItems) {
        fail(DecodeErrorKind::InvalidValue, minItems == 1
                                                ? std::string("must not be empty")
                                                : "fewer than " + std::to_string(minItems) + " items");
        return false;
    }
    return true;
}

std::string ObjectReader::memberPath(std::string_view name) const {
    if (m_path.empty()) {
        return std::string(name);
    }
    if (name.empty()) {
        return m_path;
    }
    return m_path + "." + std::string(name);
}

const Json* ObjectReader::find(std::string_view name) const {
    if (m_object == nullptr) {
        return nullptr;
    }
    const auto it = m_object->find(name);
    return it == m_object->end() ? nullptr : &*it;
}

bool ObjectReader::has(std::string_view name) const {
    const Json* member = find(name);
    return member != nullptr && !member->is_null();
}

ValueReader ObjectReader::required(std::string_view name) {
    const Json* member = find(name);
    if (member == nullptr && !m_context.failed()) {
        m_context.fail(DecodeError{DecodeErrorKind::MissingField, memberPath(name), "missing"});
    }
    return {m_context, member, memberPath(name)};
}

ValueReader ObjectReader::optional(std::string_view name) {
    return {m_context, find(name), memberPath(name)};
}

void ObjectReader::fail(DecodeErrorKind kind, std::string_view member, std::string message) {
    m_context.fail(DecodeError{kind, memberPath(member), std::move(message)});
}

} // namespace knowset::protocol
