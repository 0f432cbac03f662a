#include "server/auth/certificate.hpp"

#include "knowset/core/certificate_fingerprint.hpp"
#include "knowset/core/ids.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sstream>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace knowset::server {

namespace {

template <auto FreeFn> struct OpenSslDeleter {
    template <typename T> void operator()(T* object) const { FreeFn(object); }
};
template <typename T, auto FreeFn> using OpenSslPtr = std::unique_ptr<T, OpenSslDeleter<FreeFn>>;

using PkeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using PkeyCtxPtr = OpenSslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using X509Ptr = OpenSslPtr<X509, X509_free>;
using ExtensionPtr = OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free>;
using GeneralNamePtr = OpenSslPtr<GENERAL_NAME, GENERAL_NAME_free>;
using GeneralNamesPtr = OpenSslPtr<GENERAL_NAMES, GENERAL_NAMES_free>;
using Ia5StringPtr = OpenSslPtr<ASN1_IA5STRING, ASN1_IA5STRING_free>;
using OctetStringPtr = OpenSslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using BignumPtr = OpenSslPtr<BIGNUM, BN_free>;
using BioPtr = OpenSslPtr<BIO, BIO_free_all>;

constexpr int kMaxValidDays = 36500;
// Backdated so that a client whose clock is a little behind still accepts a fresh certificate.
constexpr long kBackdateSeconds = 60L * 60;
constexpr std::string_view kCommonName = "Knowset server";

// Fails with `what` and the reason OpenSSL queued, and empties OpenSSL's error queue.
Unexpected<Error> openSslFailure(std::string_view what) {
    std::string message(what);
    if (const unsigned long code = ERR_peek_last_error(); code != 0) {
        std::array<char, 256> reason{};
        ERR_error_string_n(code, reason.data(), reason.size());
        message += ": ";
        message += reason.data();
    }
    ERR_clear_error();
    return fail(ErrorCode::Internal, std::move(message));
}

Unexpected<Error> systemFailure(std::string_view what, const std::filesystem::path& path) {
    return fail(ErrorCode::Internal, std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

bool isDnsName(std::string_view name) {
    if (name.empty() || name.size() > 253) {
        return false;
    }
    std::size_t labelStart = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
        if (i == name.size() || name[i] == '.') {
            const std::size_t length = i - labelStart;
            if (length == 0 || length > 63 || name[labelStart] == '-' || name[i - 1] == '-') {
                return false;
            }
            labelStart = i + 1;
            continue;
        }
        const char c = name[i];
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

void addUnique(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) {
        list.push_back(value);
    }
}

Result<PkeyPtr> generateKey() {
    const PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!context || EVP_PKEY_keygen_init(context.get()) <= 0 ||
        EVP_PKEY_CTX_set_group_name(context.get(), "P-256") <= 0) {
        return openSslFailure("cannot set up EC P-256 key generation");
    }
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_generate(context.get(), &raw) <= 0) {
        return openSslFailure("cannot generate an EC P-256 key");
    }
    return PkeyPtr(raw);
}

Result<Done> setRandomSerial(X509* cert) {
    // 128 random bits; the top bit cleared so the INTEGER is positive, the next one set so it
    // is never zero and always 16 bytes long.
    std::array<unsigned char, 16> bytes{};
    randomBytes(bytes.data(), bytes.size());
    bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x40);
    const BignumPtr serial(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
    if (!serial || BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) == nullptr) {
        return openSslFailure("cannot set the certificate serial number");
    }
    return Done{};
}

Result<Done> addSubjectAltNames(X509* cert, const std::vector<std::string>& dnsNames,
                                const std::vector<std::string>& ipAddresses) {
    const GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names) {
        return openSslFailure("cannot allocate the subjectAltName");
    }
    // GENERAL_NAME_set0_value hands the value to the entry, and the push hands the entry to the
    // stack: release each pointer only once its new owner holds it.
    const auto push = [&](GeneralNamePtr entry) {
        if (sk_GENERAL_NAME_push(names.get(), entry.get()) == 0) {
            return false;
        }
        (void)entry.release();
        return true;
    };
    for (const std::string& dns : dnsNames) {
        GeneralNamePtr entry(GENERAL_NAME_new());
        Ia5StringPtr text(ASN1_IA5STRING_new());
        if (!entry || !text || ASN1_STRING_set(text.get(), dns.data(), static_cast<int>(dns.size())) == 0) {
            return openSslFailure("cannot encode the DNS name " + dns);
        }
        GENERAL_NAME_set0_value(entry.get(), GEN_DNS, text.release());
        if (!push(std::move(entry))) {
            return openSslFailure("cannot add the DNS name " + dns);
        }
    }
    for (const std::string& ip : ipAddresses) {
        OctetStringPtr address(a2i_IPADDRESS(ip.c_str()));
        if (!address) {
            ERR_clear_error();
            return fail(ErrorCode::InvalidChange, "not an IP address: " + ip);
        }
        GeneralNamePtr entry(GENERAL_NAME_new());
        if (!entry) {
            return openSslFailure("cannot add the IP address " + ip);
        }
        GENERAL_NAME_set0_value(entry.get(), GEN_IPADD, address.release());
        if (!push(std::move(entry))) {
            return openSslFailure("cannot add the IP address " + ip);
        }
    }
    if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
        return openSslFailure("cannot add the subjectAltName extension");
    }
    return Done{};
}

Result<Done> addExtension(X509* cert, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    const ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &context, nid, value));
    if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) {
        return openSslFailure(std::string("cannot add the certificate extension ") + OBJ_nid2sn(nid));
    }
    return Done{};
}

// Writes through a temporary file beside `path` created with `mode` (so a secret is never
// readable by others, not even for a moment), then renames it into place.
Result<Done> writeFileAtomically(const std::filesystem::path& path, mode_t mode,
                                 const std::function<bool(BIO*)>& write) {
    std::array<unsigned char, 8> suffix{};
    randomBytes(suffix.data(), suffix.size());
    std::string temporaryName = path.filename().string() + ".tmp-";
    for (const unsigned char byte : suffix) {
        temporaryName += "0123456789abcdef"[byte >> 4];
        temporaryName += "0123456789abcdef"[byte & 0x0f];
    }
    const std::filesystem::path temporary = path.parent_path() / temporaryName;

    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        return systemFailure("cannot create", temporary);
    }
    bool written = false;
    {
        const BioPtr bio(BIO_new_fd(fd, BIO_NOCLOSE));
        written = bio && write(bio.get()) && BIO_flush(bio.get()) == 1;
    }
    if (!written) {
        ::close(fd);
        ::unlink(temporary.c_str());
        return openSslFailure("cannot write " + path.string());
    }
    if (::fsync(fd) != 0) {
        auto failure = systemFailure("cannot sync", temporary);
        ::close(fd);
        ::unlink(temporary.c_str());
        return failure;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        auto failure = systemFailure("cannot rename into", path);
        ::unlink(temporary.c_str());
        return failure;
    }
    // Make the rename itself durable; failing to is not worth failing the whole write for.
    const std::filesystem::path directory = path.parent_path().empty() ? "." : path.parent_path();
    if (const int dirFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dirFd >= 0) {
        (void)::fsync(dirFd);
        ::close(dirFd);
    }
    return Done{};
}

} // namespace

Result<Done> writeSelfSignedCertificate(const std::filesystem::path& certFile,
                                        const std::filesystem::path& keyFile,
                                        const std::vector<std::string>& dnsNames,
                                        const std::vector<std::string>& ipAddresses, int validDays) {
    if (validDays < 1 || validDays > kMaxValidDays) {
        return fail(ErrorCode::InvalidChange, "certificate validity must be 1 to " +
                                                  std::to_string(kMaxValidDays) + " days, not " +
                                                  std::to_string(validDays));
    }
    std::vector<std::string> allDns{"localhost"};
    for (const std::string& name : dnsNames) {
        if (!isDnsName(name)) {
            return fail(ErrorCode::InvalidChange, "not a DNS name: " + name);
        }
        addUnique(allDns, name);
    }
    std::vector<std::string> allIps{"127.0.0.1", "::1"};
    for (const std::string& ip : ipAddresses) {
        addUnique(allIps, ip);
    }

    ERR_clear_error();
    auto key = generateKey();
    if (!key) {
        return unexpected(key.error());
    }
    const X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
        return openSslFailure("cannot allocate the certificate");
    }
    if (auto serial = setRandomSerial(cert.get()); !serial) {
        return serial;
    }
    if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdateSeconds) == nullptr ||
        X509_time_adj_ex(X509_getm_notAfter(cert.get()), validDays, 0, nullptr) == nullptr) {
        return openSslFailure("cannot set the certificate validity");
    }
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(kCommonName.data()),
                                   static_cast<int>(kCommonName.size()), -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key->get()) != 1) {
        return openSslFailure("cannot set the certificate name and key");
    }

    if (auto added = addSubjectAltNames(cert.get(), allDns, allIps); !added) {
        return added;
    }
    // A server certificate, not a CA: it signs TLS handshakes (ECDHE_ECDSA needs only
    // digitalSignature) and is valid only for server authentication.
    for (const auto& [nid, value] :
         {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
          std::pair{NID_key_usage, "critical,digitalSignature"}, std::pair{NID_ext_key_usage, "serverAuth"},
          std::pair{NID_subject_key_identifier, "hash"}}) {
        if (auto added = addExtension(cert.get(), nid, value); !added) {
            return added;
        }
    }
    if (X509_sign(cert.get(), key->get(), EVP_sha256()) <= 0) {
        return openSslFailure("cannot sign the certificate");
    }

    auto keyWritten = writeFileAtomically(keyFile, 0600, [&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key->get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    });
    if (!keyWritten) {
        return keyWritten;
    }
    return writeFileAtomically(certFile, 0644,
                               [&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()) == 1; });
}

Result<std::string> certificateFingerprint(const std::filesystem::path& certFile) {
    std::error_code ignored;
    if (!std::filesystem::exists(certFile, ignored)) {
        return fail(ErrorCode::NotFound, "no certificate at " + certFile.string());
    }
    std::ifstream in(certFile, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::Internal, "cannot open " + certFile.string());
    }
    std::ostringstream pem;
    pem << in.rdbuf(); // an empty file reads as "", which is not a PEM certificate
    auto fingerprint = sha256Fingerprint(pem.str());
    if (!fingerprint) {
        return fail(ErrorCode::Internal, certFile.string() + ": " + fingerprint.error().message);
    }
    return "SHA256:" + *fingerprint;
}

} // namespace knowset::server
