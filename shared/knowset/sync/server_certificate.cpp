// One TLS handshake that trusts nothing, to show the user what the server presents. The
// handshake runs with verify_none, but OpenSSL still verifies the chain (against the system's
// certificate store and for the URL's host name) and keeps the verdict: that is
// trustedBySystem, the same check tls_connection.cpp makes before it trusts a server.
#include "knowset/sync/server_certificate.hpp"

#include "knowset/core/certificate_fingerprint.hpp"
#include "knowset/sync/atomic_file.hpp"
#include "knowset/sync/beast_connection.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <ctime>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <optional>
#include <sys/stat.h>

namespace knowset::sync {

namespace {

using boost::asio::awaitable;

template <auto FreeFn> struct OpenSslDeleter {
    template <typename T> void operator()(T* object) const { FreeFn(object); }
};
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;

// What the handshake left behind: the server's certificate and OpenSSL's verdict on its chain.
struct Peer {
    X509Ptr leaf;
    bool verified = false;
};

constexpr std::chrono::milliseconds kCloseTimeout{1000};

bool isIpAddress(const std::string& host) {
    boost::system::error_code error;
    (void)boost::asio::ip::make_address(host, error);
    return !error;
}

awaitable<Peer> handshakeAndRead(const ConnectSettings& settings) {
    namespace ssl = boost::asio::ssl;
    using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
    ssl::context context(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    // The handshake goes on whatever the chain; the verdict is kept (SSL_get_verify_result).
    context.set_verify_mode(ssl::verify_none);
    context.set_default_verify_paths();

    // Deadline for connect and handshake together: set by connectTcp.
    Stream stream(co_await connectTcp(settings), context);
    SSL* const handle = stream.native_handle();
    const std::string& host = settings.url.host;
    X509_VERIFY_PARAM* const verifyParam = SSL_get0_param(handle);
    if (isIpAddress(host)) {
        X509_VERIFY_PARAM_set1_ip_asc(verifyParam, host.c_str());
    } else {
        SSL_set_tlsext_host_name(handle, host.c_str()); // SNI: names only, never addresses
        X509_VERIFY_PARAM_set1_host(verifyParam, host.c_str(), host.size());
    }
    co_await stream.async_handshake(ssl::stream_base::client, boost::asio::use_awaitable);

    Peer peer;
    peer.leaf.reset(SSL_get1_peer_certificate(handle));
    peer.verified = peer.leaf != nullptr && SSL_get_verify_result(handle) == X509_V_OK;

    // A polite close (close_notify), best effort and brief: the certificate is what we came for.
    boost::beast::get_lowest_layer(stream).expires_after(std::min(settings.timeout, kCloseTimeout));
    boost::system::error_code ignored;
    co_await stream.async_shutdown(boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
    co_return peer;
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::string pemOf(X509* cert) {
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
        return {};
    }
    return bioText(bio.get());
}

std::string subjectOf(X509* cert) {
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) < 0) {
        return {};
    }
    return bioText(bio.get());
}

std::string isoTime(const ASN1_TIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return {};
    }
    char text[32] = {};
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return std::string(text, length);
}

} // namespace

Result<ServerCertificate> fetchServerCertificate(const std::string& url, std::chrono::milliseconds timeout) {
    auto parsed = parseServerUrl(url);
    if (!parsed) {
        return unexpected(parsed.error());
    }
    if (!parsed->tls) {
        return fail(ErrorCode::InvalidChange,
                    url + " is a plain ws:// connection: there is no certificate on a "
                          "plain connection (only wss:// servers have one)");
    }
    ConnectSettings settings;
    settings.url = std::move(*parsed);
    settings.timeout = timeout;

    boost::asio::io_context io;
    std::optional<Result<Peer>> outcome;
    boost::asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
            try {
                outcome = co_await handshakeAndRead(settings);
            } catch (const boost::system::system_error& error) {
                outcome = fail(ErrorCode::Unavailable, describeNetworkError(error.code(), settings));
            } catch (const std::exception& error) {
                outcome = fail(ErrorCode::Unavailable,
                               "cannot connect to " + settings.url.hostAndPort() + ": " + error.what());
            }
        },
        [](std::exception_ptr) {});
    io.run();
    ERR_clear_error();
    if (!outcome) {
        return fail(ErrorCode::Internal, "fetching the certificate ended without an outcome");
    }
    if (!*outcome) {
        return unexpected(outcome->error());
    }
    const Peer& peer = **outcome;
    if (!peer.leaf) {
        return fail(ErrorCode::Unavailable, settings.url.hostAndPort() + " presented no certificate");
    }

    ServerCertificate certificate;
    certificate.pem = pemOf(peer.leaf.get());
    auto fingerprint = sha256Fingerprint(certificate.pem);
    if (!fingerprint) {
        return fail(ErrorCode::Internal, "cannot read the certificate of " + settings.url.hostAndPort() +
                                             ": " + fingerprint.error().message);
    }
    certificate.sha256Fingerprint = std::move(*fingerprint);
    certificate.subject = subjectOf(peer.leaf.get());
    certificate.notAfter = isoTime(X509_get0_notAfter(peer.leaf.get()));
    certificate.trustedBySystem = peer.verified;
    ERR_clear_error();
    return certificate;
}

Result<Done> writeCertificateFile(const ServerCertificate& certificate, const std::filesystem::path& file) {
    if (certificate.pem.empty()) {
        return fail(ErrorCode::InvalidChange, "no certificate to write to " + file.string());
    }
    return writeFileAtomically(file, certificate.pem, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
}

} // namespace knowset::sync
