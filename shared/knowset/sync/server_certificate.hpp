// The sign-in screen's "trust this certificate?" prompt: fetch the certificate a wss:// server
// presents, show its fingerprint, and keep it as the one to trust (ServerAddress::
// trustedCertificate, Profile::trustedCertificate) once the user agrees.
#pragma once

#include "knowset/core/error.hpp"

#include <chrono>
#include <filesystem>
#include <string>

namespace knowset::sync {

struct ServerCertificate {
    std::string pem;               // the server's (leaf) certificate, PEM
    std::string sha256Fingerprint; // "AB:CD:..." (32 upper-case hex pairs), as `openssl x509
                                   // -fingerprint -sha256` and `knowset-server init` show it
    std::string subject;           // RFC 2253, e.g. "CN=Knowset server"
    std::string notAfter;          // UTC, ISO 8601: "2035-06-30T12:00:00Z"
    // The chain verifies against the system's certificate store for the URL's host name: the
    // connection would be trusted without trusting this certificate explicitly.
    bool trustedBySystem = false;
};

// Connects to a wss:// URL (TCP, then TLS 1.2 or later with SNI), reads the certificate the
// server presents WITHOUT trusting it, and closes the connection: nothing else is sent. Only
// for showing the certificate to the user, who decides whether to trust it.
// Errors: InvalidChange (not a server URL, or ws://: a plain connection has no certificate),
// Unavailable (unreachable, timed out, TLS handshake failed; in words for people).
Result<ServerCertificate>
fetchServerCertificate(const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Writes a fetched certificate's PEM to `file` atomically, readable by everyone (mode 0644): a
// certificate is public. The directory must exist.
// Errors: InvalidChange (no PEM in `certificate`), Internal (the file system failed).
Result<Done> writeCertificateFile(const ServerCertificate& certificate, const std::filesystem::path& file);

} // namespace knowset::sync
