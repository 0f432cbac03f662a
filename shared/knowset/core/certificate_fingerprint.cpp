#include "knowset/core/certificate_fingerprint.hpp"

#include <array>
#include <limits>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace knowset {

Result<std::string> sha256Fingerprint(std::string_view pem) {
    if (pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return fail(ErrorCode::Internal, "the certificate text is too long");
    }
    ERR_clear_error();
    const std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    const std::unique_ptr<X509, decltype(&X509_free)> cert(
        bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    const bool hashed = cert && X509_digest(cert.get(), EVP_sha256(), digest.data(), &length) == 1;
    ERR_clear_error();
    if (!cert) {
        return fail(ErrorCode::Internal, "not a PEM certificate");
    }
    if (!hashed) {
        return fail(ErrorCode::Internal, "cannot hash the certificate");
    }
    std::string text;
    text.reserve(length * 3);
    for (unsigned int i = 0; i < length; ++i) {
        if (i > 0) {
            text += ':';
        }
        text += "0123456789ABCDEF"[digest[i] >> 4];
        text += "0123456789ABCDEF"[digest[i] & 0x0f];
    }
    return text;
}

} // namespace knowset
