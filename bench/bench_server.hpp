// A real knowset-server process for the benchmarks, on a loopback port with plain ws.
//
// Before start(), the benchmark prepares the data directory through the server's own store
// (as `knowset-server demo-data` does): users with ready session tokens (so a thousand clients
// sign in without a thousand Argon2id verifications), and records committed as ordinary
// pushes of a benchmark node — sequenced, versioned, kept in the history, served by the
// sync protocol like any other change.
#pragma once

#include "knowset/core/patch.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench_process.hpp"

namespace knowset::server {
class ServerStore;
}

namespace knowset::bench {

inline const std::string kBenchPassword = "correct horse battery";

struct BenchUser {
    std::string name;
    std::string token; // a session token the server accepts in hello
};

// Makes the `index`th record of a seeded collection (its fields; the id is made for it).
using RecordMaker = std::function<Json(std::size_t index)>;

class BenchServer {
public:
    // `knowset-server init` in `directory`/data (admin "root" with kBenchPassword) and the
    // branches north, south and east.
    explicit BenchServer(const std::filesystem::path& directory);
    ~BenchServer();

    // ---- before start() ----
    // `count` users named prefix1..prefixN with the role and branches, each with a session.
    std::vector<BenchUser> addUsers(const std::string& prefix, std::size_t count, const std::string& role,
                                    const std::vector<std::string>& branches);
    // Commits `count` records of `collection` in pushes of 1,000; returns the seconds taken.
    double seed(const std::string& collection, std::size_t count, const RecordMaker& make);
    // Commits records someone else made (the demo generator's, say): each batch one push.
    void seedPatches(std::vector<RecordPatch> patches);

    // ---- the process ----
    void start();
    void stop(); // SIGTERM and wait
    bool running();
    std::uint16_t port() const { return m_port; }
    std::string url() const; // ws://127.0.0.1:PORT/sync
    long peakRssKilobytes();
    double cpuSeconds(); // knowset-server's CPU time so far
    // knowset-server's current resident set in KiB (VmRSS).
    long currentRssKilobytes();
    const std::filesystem::path& dataDirectory() const { return m_data; }
    const std::filesystem::path& logDirectory() const { return m_logs; }

private:
    server::ServerStore& store();

    std::filesystem::path m_data;
    std::filesystem::path m_logs;
    std::unique_ptr<server::ServerStore> m_store; // open only before start()
    std::string m_passwordHash;
    std::int64_t m_nextSeq = 1;
    std::uint16_t m_port = 0;
    std::unique_ptr<ChildProcess> m_process;
};

// The JSON name of the bench node the records are pushed from.
NodeId benchNode();

} // namespace knowset::bench
