// The strict JSON codec of protocol v1: Message <-> JSON text frames.
//
// decode() treats its input as hostile. In order, it
//   1. refuses text longer than maxMessageBytes (TooLarge), before looking at it;
//   2. refuses nesting deeper than maxDepth (TooDeep) with a linear pre-scan, so the parser
//      never sees deep input (json_prescan.hpp);
//   3. parses with nlohmann::json (InvalidJson for bad syntax, truncation or invalid UTF-8,
//      with the byte position; also for a member name repeated in one object, since parsers
//      disagree about which of the two wins);
//   4. validates the message: an object (NotAnObject) with a known string `type`
//      (MissingField, WrongType, UnknownType), every required member present (MissingField)
//      with its JSON type (WrongType) and an allowed value (InvalidValue), strings and arrays
//      within their bounds (TooLarge).
// Integers must be JSON integers: 1.0, 1e3 and true are WrongType; a number outside int64 is
// TooLarge; a number outside the range a member allows (a negative cursor, seq_from 0, pull
// limit 0, protocol 2) is InvalidValue. Optional members may be absent or null. Unknown
// members are ignored, so a newer peer can add members without breaking this one.
// Error paths name the offending member: "changes[3].fields.title.ver", "auth.token".
//
// decode() never throws: even std::bad_alloc comes back as a DecodeError.
#pragma once

#include "knowset/core/decode_error.hpp"
#include "knowset/core/error.hpp"
#include "knowset/core/expected.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/protocol/messages.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace knowset::protocol {

// Bounds on one incoming message. The defaults suit a server; a client may trust its server
// with more (e.g. maxMessageBytes from `welcome.max_message`).
struct DecodeLimits {
    std::size_t maxMessageBytes = 4 * 1024 * 1024; // one WebSocket frame (DESIGN.md "Protocol")
    std::size_t maxDepth = 32;                     // a push nests 5 deep before a field value
    std::size_t maxChanges = 10000;                // patches in one push or changes message
    std::size_t maxItems = 65536;     // any other array: conflicts, roles, branches, history, revoke
    std::size_t maxStringBytes = 256; // ids, tokens, user, server and branch names, conflict ids
    std::size_t maxPasswordBytes = 1024;
    std::size_t maxTextBytes = 16384; // human-readable text: an error's message
    PatchLimits patch;                // every patch inside push and changes
};

// The JSON form of a message, with its `type`.
Json toJson(const Message& message);
// Compact JSON text (no whitespace). Never fails: a string that is not valid UTF-8 (only
// possible in a message built in code) has its bad bytes replaced by U+FFFD.
std::string encode(const Message& message);

Expected<Message, DecodeError> decode(std::string_view text, const DecodeLimits& limits = {});

// The error code a peer answers an undecodable message with: too_large when the input broke
// a size or depth bound (the sender may split its batch, and must not resend it as it is),
// protocol for everything else (the sender does not speak protocol v1 correctly).
ErrorCode errorCodeFor(const DecodeError& error);

} // namespace knowset::protocol
