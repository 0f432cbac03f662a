// The real knowset-server binary on an ephemeral loopback port: init from the command line,
// graceful SIGTERM, restart with data intact, and kill -9 during a stream of acknowledged
// pushes (RELIABILITY.md T3: nothing acknowledged is lost, nothing is applied twice).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "server_fixture.hpp"

extern char** environ;

using namespace knowset;
using namespace knowset::test;

namespace {

std::uint16_t freePort() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

// A child process with its standard input fed from a string.
class Process {
public:
    Process(std::vector<std::string> args, const std::string& input = {}) {
        int pipeFds[2];
        REQUIRE(pipe(pipeFds) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pipeFds[0], STDIN_FILENO);
        posix_spawn_file_actions_addclose(&actions, pipeFds[1]);
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        REQUIRE(posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        close(pipeFds[0]);
        if (!input.empty()) {
            REQUIRE(write(pipeFds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
        }
        close(pipeFds[1]);
    }
    ~Process() {
        if (m_pid > 0) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
        }
    }
    void signal(int number) { kill(m_pid, number); }
    // The exit code, or -signal, or nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return std::nullopt;
    }

private:
    pid_t m_pid = -1;
};

const std::string kServerBinary = KNOWSET_SERVER_BINARY;

// Starts `knowset-server serve` with flags, or with the same settings from a config file.
std::unique_ptr<Process> startServer(const std::filesystem::path& data, std::uint16_t port,
                                     bool useConfigFile = false) {
    std::vector<std::string> args{kServerBinary, "--log-level", "warning"};
    if (useConfigFile) {
        const auto file = data / "server.conf";
        std::ofstream(file) << "[serve]\ndata = \"" << data.string() << "\"\nplain = true\nport = " << port
                            << "\n";
        args.insert(args.end(), {"--config", file.string(), "serve"});
    } else {
        args.insert(args.end(),
                    {"serve", "--data", data.string(), "--plain", "--port", std::to_string(port)});
    }
    auto process = std::make_unique<Process>(args);
    for (int attempt = 0; attempt < 200; ++attempt) {
        try {
            if (httpGet(port, "/healthz").first == 200) {
                return process;
            }
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL("the server did not come up on port " << port);
    return nullptr;
}

std::unique_ptr<WsClient> signInAsRoot(std::uint16_t port, NodeId node) {
    auto client = std::make_unique<WsClient>(port);
    const Json welcome = client->request(helloMessage("root", kPassword, node));
    REQUIRE(welcome["type"] == "welcome");
    return client;
}

void initDataDirectory(const std::filesystem::path& data) {
    Process init({kServerBinary, "init", "--data", data.string(), "--admin", "root", "--password-stdin"},
                 kPassword + "\n");
    REQUIRE(init.wait(std::chrono::seconds(30)) == 0);
}

} // namespace

TEST_CASE("Process: init, serve, SIGTERM exits 0 and committed data survives a restart (config file)",
          "[server][process]") {
    TempDir dir;
    const auto data = dir.file("data");
    initDataDirectory(data);
    CHECK(std::filesystem::exists(data / "tls" / "cert.pem"));

    const std::uint16_t port = freePort();
    PatchWriter writer;
    const std::string id = newUuidV7();
    {
        auto server = startServer(data, port);
        auto client = signInAsRoot(port, writer.node());
        const Json ack = client->request(writer.push(
            "m1", 1,
            Json::array(
                {writer.patch("article", id, {{"kind", "faq"}, {"title", "Kept"}, {"status", "draft"}})})));
        REQUIRE(ack["type"] == "ack");
        server->signal(SIGTERM);
        // The live connection is closed with a close frame (going away), not cut.
        const WsRead closed = client->read(std::chrono::seconds(5));
        CHECK(closed.kind == WsRead::Kind::Closed);
        CHECK(closed.closeCode == 1001);
        CHECK(server->wait(std::chrono::seconds(10)) == 0);
    }
    auto server = startServer(data, port, true); // the restart reads its settings from a config file
    auto client = signInAsRoot(port, NodeId::random());
    bool found = false;
    for (const Json& record : pullAll(*client)) {
        found = found || (record["id"] == id && record["fields"]["title"]["v"] == "Kept");
    }
    CHECK(found);
    server->signal(SIGINT);
    CHECK(server->wait(std::chrono::seconds(10)) == 0);
}

TEST_CASE("Process: kill -9 during acknowledged pushes loses nothing and applies nothing twice",
          "[server][process][crash]") {
    TempDir dir;
    const auto data = dir.file("data");
    initDataDirectory(data);
    const std::uint16_t port = freePort();
    PatchWriter writer;
    std::vector<std::string> acknowledged;
    std::int64_t seq = 0;
    {
        auto server = startServer(data, port);
        auto client = signInAsRoot(port, writer.node());
        std::atomic<bool> killed = false;
        std::thread killer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            server->signal(SIGKILL);
            killed = true;
        });
        try {
            while (seq < 100000) {
                const std::string id = newUuidV7();
                const Json push =
                    writer.push("m" + std::to_string(seq + 1), seq + 1,
                                Json::array({writer.patch(
                                    "article", id, {{"kind", "faq"}, {"title", id}, {"status", "draft"}})}));
                const Json ack = client->request(push, std::chrono::seconds(2));
                if (ack.value("type", "") != "ack") {
                    break;
                }
                ++seq;
                acknowledged.push_back(id);
            }
        } catch (const std::exception&) {
            // the server died mid-stream: expected
        }
        killer.join();
        CHECK(server->wait(std::chrono::seconds(5)) == -SIGKILL);
    }
    INFO(acknowledged.size() << " pushes were acknowledged before the kill");
    REQUIRE(acknowledged.size() > 5);

    auto server = startServer(data, port);
    auto client = signInAsRoot(port, NodeId::random());
    std::map<std::string, int> seen;
    for (const Json& record : pullAll(*client)) {
        if (record["c"] == "article") {
            ++seen[record["id"]];
        }
    }
    for (const std::string& id : acknowledged) {
        CHECK(seen[id] == 1);
    }
    // Re-sending the last acknowledged push is recognised as already applied.
    auto resend = signInAsRoot(port, writer.node());
    const Json again = resend->request(writer.push(
        "again", seq, Json::array({writer.patch("article", acknowledged.back(), {{"title", "changed"}})})));
    CHECK(again["type"] == "ack");
    CHECK(again["through"].get<std::int64_t>() >= seq);
    const Json history =
        resend->request({{"type", "history"}, {"id", "h"}, {"c", "article"}, {"rid", acknowledged.back()}});
    CHECK(history["entries"].size() == 3); // kind, title, status, once each: the re-send changed nothing
}
