// The client's initial sync: a fresh replica pulls N records from an in-process knowset-server
// over loopback WebSocket through the real sync engine (syncOnce), applying each chunk with its
// cursor in one SQLite transaction (synchronous=FULL). Also times the first push of those
// records from a replica that wrote them offline. Prints one JSON object per scenario.
//
//   knowset_initial_sync_bench [records] [pull limit] [collection: customer|article]
//   defaults:                   50000     1000         customer
#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <iostream>

#include "bench_support.hpp"
#include "server_fixture.hpp"

using namespace knowset;
using namespace knowset::test;
using knowset::bench::peakRssKilobytes;
using knowset::bench::seconds;

namespace {

// About 1 KB per record, like the customer and article records of the benchmark targets.
Json recordFields(const std::string& collection, int i) {
    const std::string filler(700, static_cast<char>('a' + i % 26));
    if (collection == "article") {
        return {{"kind", "faq"},
                {"title", "How to handle request " + std::to_string(i)},
                {"status", "published"},
                {"summary", "Steps for case " + std::to_string(i)},
                {"body", filler}};
    }
    return {{"name", "Customer " + std::to_string(i)},
            {"branch", "north"},
            {"email", "customer" + std::to_string(i) + "@example.org"},
            {"phone", "+44 20 7946 " + std::to_string(1000 + i % 9000)},
            {"notes", filler}};
}

int fail(const std::string& what, const Error& error) {
    std::cerr << "knowset_initial_sync_bench: " << what << ": " << error.message << "\n";
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    const int records = argc > 1 ? std::stoi(argv[1]) : 50000;
    const int pullLimit = argc > 2 ? std::stoi(argv[2]) : 1000;
    const std::string collection = argc > 3 ? argv[3] : "customer";

    ServerFixture server;
    TempDir dir;
    const auto login = [&](const std::filesystem::path& path) -> Result<sync::SyncOptions> {
        auto store = LocalStore::open(StoreOptions{path});
        if (!store) {
            return unexpected(store.error());
        }
        auto signedIn = sync::login({server.url(), {}}, "sam", kPassword, (*store)->nodeId());
        if (!signedIn) {
            return unexpected(signedIn.error());
        }
        sync::SyncOptions options;
        options.replicaPath = path;
        options.server.url = server.url();
        options.token = signedIn->token;
        options.pullLimit = pullLimit;
        return options;
    };

    auto writer = login(dir.file("writer.sqlite"));
    if (!writer) {
        return fail("sign in", writer.error());
    }
    {
        auto store = LocalStore::open(StoreOptions{writer->replicaPath});
        std::vector<WriteRequest> writes;
        writes.reserve(static_cast<std::size_t>(records));
        for (int i = 0; i < records; ++i) {
            writes.push_back(WriteRequest{collection, "", recordFields(collection, i)});
        }
        if (auto written = (*store)->writeAll(writes); !written) {
            return fail("write", written.error());
        }
    }
    const auto pushStarted = std::chrono::steady_clock::now();
    auto pushed = sync::syncOnce(*writer);
    const double pushSeconds = seconds(std::chrono::steady_clock::now() - pushStarted);
    if (!pushed) {
        return fail("push", pushed.error());
    }
    std::cout << Json{{"name", "first_push"},
                      {"collection", collection},
                      {"size", records},
                      {"seconds", pushSeconds},
                      {"rate", static_cast<double>(pushed->pushed) / pushSeconds},
                      {"unit", "journal entries/s"}}
                     .dump()
              << "\n";

    auto reader = login(dir.file("reader.sqlite"));
    if (!reader) {
        return fail("sign in", reader.error());
    }
    const auto pullStarted = std::chrono::steady_clock::now();
    auto pulled = sync::syncOnce(*reader);
    const double pullSeconds = seconds(std::chrono::steady_clock::now() - pullStarted);
    if (!pulled) {
        return fail("pull", pulled.error());
    }
    std::cout << Json{{"name", "initial_sync"},
                      {"collection", collection},
                      {"size", records},
                      {"received", pulled->received},
                      {"pull_limit", pullLimit},
                      {"seconds", pullSeconds},
                      {"rate", static_cast<double>(pulled->received) / pullSeconds},
                      {"unit", "records/s"},
                      {"peak_rss_kb_server_and_clients", peakRssKilobytes()}}
                     .dump()
              << "\n";
    return pulled->received == records ? 0 : 1;
}
