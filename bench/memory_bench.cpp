// Scenario 5: the resident memory of a real knowset-server process holding N customer records
// (about 1 KB each) with C idle authenticated WebSocket connections (signed in with session
// tokens, then silent). Prints one JSON object.
//
//   knowset_memory_bench [records] [connections]
//   defaults:             100000    1000
#include <iostream>
#include <thread>

#include "bench_records.hpp"
#include "bench_server.hpp"
#include "bench_support.hpp"
#include "server_fixture.hpp"
#include "test_support.hpp"

using namespace knowset;
using namespace knowset::bench;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
    const std::size_t records = argc > 1 ? std::stoul(argv[1]) : 100'000;
    const std::size_t connections = argc > 2 ? std::stoul(argv[2]) : 1'000;
    constexpr std::size_t kConnectionsPerUser = 8; // the server's default limit
    try {
        test::TempDir dir;
        BenchServer server(dir.path());
        const auto users =
            server.addUsers("agent", (connections + kConnectionsPerUser - 1) / kConnectionsPerUser, "agent",
                            {"north", "south", "east"});
        server.seed("customer", records, benchCustomer);
        server.start();
        std::this_thread::sleep_for(500ms);
        const long idleRss = server.currentRssKilobytes();

        const auto started = std::chrono::steady_clock::now();
        std::vector<std::unique_ptr<test::WsClient>> clients;
        clients.reserve(connections);
        for (std::size_t i = 0; i < connections; ++i) {
            auto client = std::make_unique<test::WsClient>(server.port());
            const Json reply = client->request({{"type", "hello"},
                                                {"id", "h1"},
                                                {"protocol", 1},
                                                {"node", NodeId::random().toHex()},
                                                {"schema", 1},
                                                {"cursor", 0},
                                                {"auth", {{"token", users[i / kConnectionsPerUser].token}}}},
                                               30s);
            if (reply.value("type", "") != "welcome") {
                throw std::runtime_error("connection " + std::to_string(i) + " was refused: " + reply.dump());
            }
            clients.push_back(std::move(client));
        }
        const double connectSeconds = seconds(std::chrono::steady_clock::now() - started);
        std::this_thread::sleep_for(2s); // let the server settle with every connection idle
        const long connectedRss = server.currentRssKilobytes();
        const long peakRss = server.peakRssKilobytes();
        clients.clear();
        server.stop();
        std::cout << Json{{"name", "server_memory"},
                          {"size", records},
                          {"connections", connections},
                          {"seconds", connectSeconds},
                          {"rate", static_cast<double>(connections) / connectSeconds},
                          {"unit", "sign-ins/s (token)"},
                          {"server_rss_kb_no_connections", idleRss},
                          {"server_rss_kb", connectedRss},
                          {"server_peak_rss_kb", peakRss}}
                         .dump()
                  << std::endl;
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "knowset_memory_bench: " << error.what() << "\n";
        return 1;
    }
}
