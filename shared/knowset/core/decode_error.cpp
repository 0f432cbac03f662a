#include "knowset/core/decode_error.hpp"

namespace knowset {

std::string_view toString(DecodeErrorKind kind) {
    switch (kind) {
    case DecodeErrorKind::InvalidJson:
        return "invalid_json";
    case DecodeErrorKind::TooLarge:
        return "too_large";
    case DecodeErrorKind::TooDeep:
        return "too_deep";
    case DecodeErrorKind::NotAnObject:
        return "not_an_object";
    case DecodeErrorKind::UnknownType:
        return "unknown_type";
    case DecodeErrorKind::MissingField:
        return "missing_field";
    case DecodeErrorKind::WrongType:
        return "wrong_type";
    case DecodeErrorKind::InvalidValue:
        return "invalid_value";
    }
    return "invalid_value";
}

} // namespace knowset
