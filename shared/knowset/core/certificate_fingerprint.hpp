// The SHA-256 fingerprint of an X.509 certificate, as people compare it: the server prints it
// at `knowset-server init`, the clients show it in their "trust this certificate?" prompt.
#pragma once

#include "knowset/core/error.hpp"

#include <string>
#include <string_view>

namespace knowset {

// "AB:CD:..." (32 upper-case hex pairs, as `openssl x509 -fingerprint -sha256` prints them) of
// the DER encoding of the first certificate in `pem`.
// Errors: internal (no PEM certificate in the text).
Result<std::string> sha256Fingerprint(std::string_view pem);

} // namespace knowset
