// Why a piece of input was refused. Decoders return these instead of throwing; `path` points
// at the offending part of the input (e.g. "changes[3].fields.title.ver").
#pragma once

#include <string>
#include <string_view>

namespace knowset {

enum class DecodeErrorKind {
    InvalidJson,  // not JSON at all, truncated, or invalid UTF-8
    TooLarge,     // the text, a string, an array or a number is beyond its bound
    TooDeep,      // nesting beyond the fixed bound
    NotAnObject,  // the message or a part that must be an object is not
    UnknownType,  // `type` names no message of this protocol version
    MissingField, // a required member is absent
    WrongType,    // a member has the wrong JSON type
    InvalidValue, // right type, value outside what is allowed
};

std::string_view toString(DecodeErrorKind kind);

struct DecodeError {
    DecodeErrorKind kind = DecodeErrorKind::InvalidJson;
    std::string path;
    std::string message;

    // "changes[3].fields.title.ver: expected a version string" or just the message.
    std::string describe() const { return path.empty() ? message : path + ": " + message; }
};

} // namespace knowset
