// Scenarios 2, 3 and 6 against a real knowset-server process over loopback (plain ws):
//
//   push       N clients each push C field changes (new articles, five fields each, in
//              pushes of P patches, one push in flight per client): acknowledged changes/s.
//   live       N real sync engines (each with its own replica file, synchronous=FULL) stay
//              live; one of them edits an article E times, one edit at a time; the time from
//              the local write until each of the other N-1 engines has applied it.
//   conflicts  N clients edit the same R articles concurrently: every client writes each of
//              five fields of every article once, all based on the version they pulled, with
//              a value of its own. Every arrival after a field's first overwrites a value its
//              writer had not seen, so exactly (N-1) x R x 5 conflicts must be recorded.
//
//   knowset_sync_bench push [clients] [changes per client] [patches per push]   (1 10000 500)
//   knowset_sync_bench live [clients] [edits]                                   (100 1000)
//   knowset_sync_bench conflicts [clients] [records]                            (20 100)
//
// Prints one JSON object per run.
#include "knowset/core/ids.hpp"
#include "knowset/store/local_store.hpp"
#include "knowset/sync/sync_engine.hpp"

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "bench_records.hpp"
#include "bench_server.hpp"
#include "bench_support.hpp"
#include "server_fixture.hpp"
#include "test_support.hpp"

using namespace knowset;
using namespace knowset::bench;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

int argument(int argc, char** argv, int index, int fallback) {
    return argc > index ? std::stoi(argv[index]) : fallback;
}

// A raw protocol client signed in with a prepared session token.
std::unique_ptr<test::WsClient> connectWithToken(std::uint16_t port, const BenchUser& user, NodeId node) {
    auto client = std::make_unique<test::WsClient>(port);
    const Json reply = client->request({{"type", "hello"},
                                        {"id", "h1"},
                                        {"protocol", 1},
                                        {"node", node.toHex()},
                                        {"schema", 1},
                                        {"cursor", 0},
                                        {"auth", {{"token", user.token}}}},
                                       30s);
    if (reply.value("type", "") != "welcome") {
        throw std::runtime_error("sign-in as " + user.name + " failed: " + reply.dump());
    }
    return client;
}

// Runs `work(i)` on `count` threads that start together; rethrows the first failure.
void onThreads(int count, const std::function<void(int)>& work) {
    std::mutex mutex;
    std::string failure;
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            try {
                work(i);
            } catch (const std::exception& error) {
                const std::lock_guard lock(mutex);
                if (failure.empty()) {
                    failure = "client " + std::to_string(i) + ": " + error.what();
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    if (!failure.empty()) {
        throw std::runtime_error(failure);
    }
}

// A start line for threads: each waits until all have arrived, so connecting is not timed.
class StartLine {
public:
    explicit StartLine(int parties)
        : m_waiting(parties) {}
    void arriveAndWait() {
        std::unique_lock lock(m_mutex);
        if (--m_waiting == 0) {
            m_started = Clock::now();
            m_ready.notify_all();
        }
        m_ready.wait(lock, [&] { return m_waiting == 0; });
    }
    Clock::time_point started() const { return m_started; }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    int m_waiting;
    Clock::time_point m_started;
};

int push(int argc, char** argv) {
    const int clients = argument(argc, argv, 2, 1);
    const int changesPerClient = argument(argc, argv, 3, 10'000);
    const int patchesPerPush = argument(argc, argv, 4, 500);
    constexpr int kFieldsPerPatch = 5;
    const int patchesPerClient = changesPerClient / kFieldsPerPatch;

    test::TempDir dir;
    BenchServer server(dir.path());
    // Eight connections per user is the server's limit: one user per client keeps clear of it.
    const auto users = server.addUsers("writer", static_cast<std::size_t>(clients), "supervisor", {"north"});
    server.start();

    std::atomic<long> acknowledged{0};
    StartLine startLine(clients);
    std::atomic<std::int64_t> finishedNanos{0};
    onThreads(clients, [&](int c) {
        test::PatchWriter writer;
        auto client = connectWithToken(server.port(), users[static_cast<std::size_t>(c)], writer.node());
        // The pushes are made before the start: the clock times the server, not this program's JSON.
        std::vector<std::string> pushes;
        std::vector<std::string> ids;
        std::vector<long> sizes;
        std::int64_t seq = 1;
        for (int done = 0; done < patchesPerClient;) {
            Json changes = Json::array();
            for (int p = 0; p < patchesPerPush && done < patchesPerClient; ++p, ++done) {
                const Json fields = benchArticle(static_cast<std::size_t>(c * patchesPerClient + done));
                changes.push_back(writer.patch("article", newUuidV7(),
                                               {{"kind", fields["kind"]},
                                                {"status", "draft"},
                                                {"title", fields["title"]},
                                                {"summary", fields["summary"]},
                                                {"body", fields["body"]}}));
            }
            const auto count = static_cast<std::int64_t>(changes.size());
            ids.push_back("m" + std::to_string(seq));
            pushes.push_back(writer.push(ids.back(), seq, changes).dump());
            sizes.push_back(count * kFieldsPerPatch);
            seq += count;
        }
        startLine.arriveAndWait();
        for (std::size_t i = 0; i < pushes.size(); ++i) {
            client->sendText(pushes[i]);
            const Json ack = client->readReply(ids[i], 120s);
            if (ack.value("type", "") != "ack") {
                throw std::runtime_error(ack.dump());
            }
            acknowledged += sizes[i];
        }
        const auto finished = Clock::now().time_since_epoch().count();
        for (auto last = finishedNanos.load();
             last < finished && !finishedNanos.compare_exchange_weak(last, finished);) {
        }
    });
    const double elapsed =
        seconds(Clock::time_point(Clock::duration(finishedNanos.load())) - startLine.started());
    const long serverRss = server.peakRssKilobytes();
    server.stop();
    std::cout << Json{{"name", "push_" + std::to_string(clients) + "_clients"},
                      {"clients", clients},
                      {"size", acknowledged.load()},
                      {"patches_per_push", patchesPerPush},
                      {"seconds", elapsed},
                      {"rate", static_cast<double>(acknowledged.load()) / elapsed},
                      {"unit", "acknowledged field changes/s"},
                      {"server_peak_rss_kb", serverRss},
                      {"bench_peak_rss_kb", peakRssKilobytes()}}
                     .dump()
              << std::endl;
    return 0;
}

// One live engine with its replica, recording when its cursor moves.
struct LiveClient {
    std::unique_ptr<sync::SyncEngine> engine;
    std::atomic<std::int64_t> cursor{0};
    std::atomic<std::int64_t> movedAtNanos{0};
    std::atomic<bool> live{false};
};

int live(int argc, char** argv) {
    const int clients = argument(argc, argv, 2, 100);
    const int edits = argument(argc, argv, 3, 1000);
    test::TempDir dir;
    BenchServer server(dir.path());
    const auto users =
        server.addUsers("supervisor", static_cast<std::size_t>(clients), "supervisor", {"north"});
    const std::string articleId = newUuidV7();
    server.start();

    std::vector<std::unique_ptr<LiveClient>> engines;
    for (int c = 0; c < clients; ++c) {
        auto client = std::make_unique<LiveClient>();
        sync::SyncOptions options;
        options.replicaPath = dir.path() / ("replica-" + std::to_string(c) + ".sqlite");
        options.server.url = server.url();
        options.token = users[static_cast<std::size_t>(c)].token;
        LiveClient* raw = client.get();
        options.onStatus = [raw](const sync::SyncStatus& status) {
            raw->live = status.state == sync::SyncState::Live;
            if (status.cursor != raw->cursor.load()) {
                raw->cursor = status.cursor;
                raw->movedAtNanos = Clock::now().time_since_epoch().count();
            }
        };
        auto engine = sync::SyncEngine::create(options);
        if (!engine) {
            throw std::runtime_error(engine.error().message);
        }
        client->engine = std::move(*engine);
        engines.push_back(std::move(client));
    }
    for (auto& client : engines) {
        client->engine->start();
    }
    const auto waitFor = [&](const std::function<bool()>& done, std::chrono::seconds limit,
                             const std::string& what) {
        const auto deadline = Clock::now() + limit;
        while (!done()) {
            if (Clock::now() > deadline) {
                throw std::runtime_error("timed out waiting for " + what);
            }
            std::this_thread::sleep_for(200us);
        }
    };
    waitFor(
        [&] { return std::all_of(engines.begin(), engines.end(), [](auto& c) { return c->live.load(); }); },
        120s, "every engine to be live");

    auto writer = LocalStore::open(StoreOptions{dir.path() / "replica-0.sqlite"});
    if (!writer) {
        throw std::runtime_error(writer.error().message);
    }
    if (auto created = (*writer)->write("article", articleId, benchArticle(0)); !created) {
        throw std::runtime_error(created.error().message);
    }
    engines[0]->engine->nudge();
    // Every other engine's cursor has moved past where it was: it applied the change.
    std::vector<std::int64_t> before(engines.size());
    const auto remember = [&] {
        for (std::size_t i = 0; i < engines.size(); ++i) {
            before[i] = engines[i]->cursor.load();
        }
    };
    const auto everyOtherMoved = [&] {
        for (std::size_t i = 1; i < engines.size(); ++i) {
            if (engines[i]->cursor.load() == before[i]) {
                return false;
            }
        }
        return true;
    };
    std::fill(before.begin(), before.end(), 0);
    waitFor(everyOtherMoved, 60s, "the article to reach every engine");

    std::vector<double> latencies;
    latencies.reserve(static_cast<std::size_t>(edits) * engines.size());
    const auto started = Clock::now();
    for (int e = 0; e < edits; ++e) {
        remember();
        const auto editedAt = Clock::now();
        if (auto written = (*writer)->write("article", articleId, {{"title", "Edit " + std::to_string(e)}});
            !written) {
            throw std::runtime_error(written.error().message);
        }
        engines[0]->engine->nudge();
        waitFor(everyOtherMoved, 30s, "edit " + std::to_string(e) + " to reach every engine");
        for (std::size_t i = 1; i < engines.size(); ++i) {
            const Clock::time_point moved(Clock::duration(engines[i]->movedAtNanos.load()));
            latencies.push_back(seconds(moved - editedAt) * 1000.0);
        }
    }
    const double elapsed = seconds(Clock::now() - started);
    for (auto& client : engines) {
        client->engine->stop();
    }
    const long serverRss = server.peakRssKilobytes();
    server.stop();
    std::cout << Json{{"name", "live_propagation"},
                      {"clients", clients},
                      {"size", edits},
                      {"seconds", elapsed},
                      {"rate", edits / elapsed},
                      {"unit", "edits/s, each applied by every other client before the next"},
                      {"p50_ms", percentile(latencies, 50)},
                      {"p95_ms", percentile(latencies, 95)},
                      {"p99_ms", percentile(latencies, 99)},
                      {"max_ms", percentile(latencies, 100)},
                      {"server_peak_rss_kb", serverRss},
                      {"clients_peak_rss_kb", peakRssKilobytes()}}
                     .dump()
              << std::endl;
    return 0;
}

int conflicts(int argc, char** argv) {
    const int clients = argument(argc, argv, 2, 20);
    const int records = argument(argc, argv, 3, 100);
    static const std::vector<std::string> kFields{"title", "summary", "body", "owner", "review_reason"};

    test::TempDir dir;
    BenchServer server(dir.path());
    const auto users =
        server.addUsers("editor", static_cast<std::size_t>(clients) + 1, "supervisor", {"north"});
    server.seed("article", static_cast<std::size_t>(records), [](std::size_t i) {
        Json fields = benchArticle(i);
        fields["owner"] = "owner " + std::to_string(i);
        fields["review_reason"] = "none";
        return fields;
    });
    server.start();

    // What every client saw before editing: each field's version.
    std::map<std::string, std::map<std::string, std::string>> seen;
    {
        auto reader = connectWithToken(server.port(), users.back(), NodeId::random());
        for (const Json& record : test::pullAll(*reader)) {
            for (const auto& [field, change] : record.at("fields").items()) {
                seen[record.at("id").get<std::string>()][field] = change.at("ver").get<std::string>();
            }
        }
    }
    if (seen.size() != static_cast<std::size_t>(records)) {
        throw std::runtime_error("pulled " + std::to_string(seen.size()) + " articles, expected " +
                                 std::to_string(records));
    }

    std::atomic<long> acknowledged{0};
    StartLine startLine(clients);
    onThreads(clients, [&](int c) {
        test::PatchWriter writer;
        auto client = connectWithToken(server.port(), users[static_cast<std::size_t>(c)], writer.node());
        std::vector<Json> pushes;
        std::int64_t seq = 1;
        Json changes = Json::array();
        for (const auto& [id, versions] : seen) {
            for (const std::string& field : kFields) {
                changes.push_back(writer.patch("article", id,
                                               {{field, "client " + std::to_string(c) + " wrote " + field}},
                                               {{field, versions.at(field)}}));
            }
            if (changes.size() >= 50) {
                pushes.push_back(writer.push("m" + std::to_string(seq), seq, changes));
                seq += static_cast<std::int64_t>(changes.size());
                changes = Json::array();
            }
        }
        if (!changes.empty()) {
            pushes.push_back(writer.push("m" + std::to_string(seq), seq, changes));
        }
        startLine.arriveAndWait();
        for (const Json& message : pushes) {
            const Json ack = client->request(message, 120s);
            if (ack.value("type", "") != "ack") {
                throw std::runtime_error(ack.dump());
            }
            acknowledged += static_cast<long>(message["changes"].size());
        }
    });
    const double elapsed = seconds(Clock::now() - startLine.started());

    long recorded = 0;
    {
        auto reader = connectWithToken(server.port(), users.back(), NodeId::random());
        for (const Json& record : test::pullAll(*reader)) {
            recorded += record.at("c") == "conflict" ? 1 : 0;
        }
    }
    const long expected = static_cast<long>(clients - 1) * records * static_cast<long>(kFields.size());
    const long serverRss = server.peakRssKilobytes();
    server.stop();
    std::cout << Json{{"name", "conflict_storm"},
                      {"clients", clients},
                      {"records", records},
                      {"size", acknowledged.load()},
                      {"seconds", elapsed},
                      {"rate", static_cast<double>(acknowledged.load()) / elapsed},
                      {"unit", "acknowledged field changes/s"},
                      {"conflicts_recorded", recorded},
                      {"conflicts_expected", expected},
                      {"server_peak_rss_kb", serverRss}}
                     .dump()
              << std::endl;
    return recorded == expected ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::string scenario = argc > 1 ? argv[1] : "";
    try {
        if (scenario == "push") {
            return push(argc, argv);
        }
        if (scenario == "live") {
            return live(argc, argv);
        }
        if (scenario == "conflicts") {
            return conflicts(argc, argv);
        }
        std::cerr << "usage: knowset_sync_bench push|live|conflicts [sizes...] (see the source's header)\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "knowset_sync_bench " << scenario << ": " << error.what() << "\n";
        return 1;
    }
}
