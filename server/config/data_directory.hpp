// The layout of a server data directory (`knowset-server init --data DIR` creates it):
//   DIR/knowset.db        the SQLite store (with -wal and -shm beside it while open)
//   DIR/tls/cert.pem      the server's TLS certificate (self-signed by init)
//   DIR/tls/key.pem       its private key (mode 0600)
//   DIR/server.conf       optional configuration file (key = value lines)
#pragma once

#include <filesystem>

namespace knowset::server {

struct DataDirectory {
    std::filesystem::path root;

    std::filesystem::path database() const { return root / "knowset.db"; }
    std::filesystem::path tlsDirectory() const { return root / "tls"; }
    std::filesystem::path certificate() const { return root / "tls" / "cert.pem"; }
    std::filesystem::path privateKey() const { return root / "tls" / "key.pem"; }
    std::filesystem::path configFile() const { return root / "server.conf"; }
};

} // namespace knowset::server
