// A fault-injecting TCP proxy for the end-to-end tests (RELIABILITY.md T2).
//
// It listens on 127.0.0.1 (an ephemeral port), connects each accepted socket to the target
// port and copies bytes both ways on its own thread (Boost.Asio). While a FaultPlan is
// injected, every chunk it is about to forward may, by a seeded draw, be:
//   dropped   both sides closed (FIN), the chunk is not forwarded;
//   reset     a strict prefix of the chunk is forwarded, then both sides are reset (RST), so
//             the receiver sees a WebSocket frame cut in the middle;
//   stalled   this direction stops forwarding for a while (the connection stays open);
//   delayed   forwarded after an added latency.
// heal() ends the faults at once: no new ones are drawn and stalled or delayed chunks go on
// immediately. The proxy is byte-level, so TLS would pass through it untouched.
//
// The draws come from one generator seeded by the caller and are made on the proxy's one
// thread; the order in which chunks arrive depends on process timing, so a seed replays the
// same fault mix, not the same byte-exact schedule.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace knowset::e2e {

struct FaultPlan {
    double dropChance = 0;  // per chunk
    double resetChance = 0; // per chunk
    double stallChance = 0; // per chunk
    std::chrono::milliseconds maxStall{0};
    std::chrono::milliseconds maxDelay{0}; // every chunk waits a uniform [0, maxDelay]
};

struct FaultCounts {
    std::uint64_t connections = 0;
    std::uint64_t chunks = 0;
    std::uint64_t bytes = 0;
    std::uint64_t drops = 0;
    std::uint64_t resets = 0;
    std::uint64_t stalls = 0;
    std::uint64_t delays = 0;

    std::string describe() const;
};

class FaultProxy {
public:
    FaultProxy(std::uint16_t targetPort, std::uint64_t seed);
    ~FaultProxy(); // closes every connection and joins the thread
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::uint16_t port() const;
    std::string url() const; // ws://127.0.0.1:PORT

    void inject(const FaultPlan& plan);
    void heal();
    FaultCounts counts() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace knowset::e2e
