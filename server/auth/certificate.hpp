// The server's self-signed TLS certificate (made by `knowset-server init`) and the fingerprint
// clients show in their trust prompt (RELIABILITY.md T8).
#pragma once

#include "knowset/core/error.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace knowset::server {

// Writes a new EC P-256 key and a self-signed X.509 v3 certificate for it (SHA-256, random
// serial, CA:FALSE, digitalSignature, serverAuth). The subjectAltName holds DNS:localhost,
// IP:127.0.0.1 and IP:::1 always, plus the names and addresses given. Each file is written to
// a temporary file beside it and renamed into place; the key file is created with mode 0600.
// The directory of each file must exist.
// Errors: invalid_change (a malformed name or address, validDays out of 1..36500),
// internal (OpenSSL or file system failure).
Result<Done> writeSelfSignedCertificate(const std::filesystem::path& certFile,
                                        const std::filesystem::path& keyFile,
                                        const std::vector<std::string>& dnsNames,
                                        const std::vector<std::string>& ipAddresses, int validDays);

// "SHA256:AB:CD:..." (32 upper-case hex pairs) of the DER encoding of the certificate.
// Errors: not_found (no such file), internal (not a PEM certificate).
Result<std::string> certificateFingerprint(const std::filesystem::path& certFile);

} // namespace knowset::server
