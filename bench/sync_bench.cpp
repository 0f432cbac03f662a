// Push and pull throughput against an in-process knowset-server over loopback WebSocket
// (plain ws, SQLite store with synchronous=FULL, real frames). Prints one JSON object per
// scenario on stdout.
//
//   knowset_sync_bench [clients] [field changes per client] [patches per push]
//   defaults:           10        10000                      500
#include <atomic>
#include <iostream>
#include <thread>

#include "bench_support.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::test;
using knowset::bench::peakRssKilobytes;
using knowset::bench::seconds;

int main(int argc, char** argv) {
    const int clients = argc > 1 ? std::stoi(argv[1]) : 10;
    const int changesPerClient = argc > 2 ? std::stoi(argv[2]) : 10000;
    const int patchesPerPush = argc > 3 ? std::stoi(argv[3]) : 500;
    constexpr int kFieldsPerPatch = 3;
    const int patchesPerClient = changesPerClient / kFieldsPerPatch;

    ServerFixture fixture;
    std::atomic<long> acknowledged{0};
    std::atomic<bool> failed{false};
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            try {
                PatchWriter writer;
                auto client = fixture.signIn(c % 2 == 0 ? "alice" : "sam", nullptr, writer.node());
                std::int64_t seq = 1;
                for (int done = 0; done < patchesPerClient;) {
                    Json changes = Json::array();
                    for (int p = 0; p < patchesPerPush && done < patchesPerClient; ++p, ++done) {
                        changes.push_back(writer.patch("article", newUuidV7(),
                                                       {{"kind", "faq"},
                                                        {"title", "Article " + std::to_string(done)},
                                                        {"status", "draft"}}));
                    }
                    const auto count = static_cast<std::int64_t>(changes.size());
                    const Json ack = client->request(writer.push("m" + std::to_string(seq), seq, changes),
                                                     std::chrono::seconds(60));
                    if (ack.value("type", "") != "ack") {
                        throw std::runtime_error(ack.dump());
                    }
                    seq += count;
                    acknowledged += count * kFieldsPerPatch;
                }
            } catch (const std::exception& error) {
                std::cerr << "client " << c << ": " << error.what() << '\n';
                failed = true;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    const double pushSeconds = seconds(std::chrono::steady_clock::now() - started);
    std::cout << Json{{"name", "push"},
                      {"clients", clients},
                      {"size", acknowledged.load()},
                      {"patches_per_push", patchesPerPush},
                      {"seconds", pushSeconds},
                      {"rate", static_cast<double>(acknowledged.load()) / pushSeconds},
                      {"unit", "acknowledged field changes/s"},
                      {"ok", !failed.load()}}
                     .dump()
              << std::endl;

    const auto pullStarted = std::chrono::steady_clock::now();
    auto reader = fixture.signIn("root");
    const auto records = pullAll(*reader);
    const double pullSeconds = seconds(std::chrono::steady_clock::now() - pullStarted);
    std::cout << Json{{"name", "pull_initial"},
                      {"size", records.size()},
                      {"seconds", pullSeconds},
                      {"rate", static_cast<double>(records.size()) / pullSeconds},
                      {"unit", "records/s (cursor 0, pages of 1000)"},
                      {"peak_rss_kb_process", peakRssKilobytes()}}
                     .dump()
              << std::endl;
    return failed ? 1 : 0;
}
