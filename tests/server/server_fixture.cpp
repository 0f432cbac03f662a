#include "server_fixture.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <stdexcept>

#include "server/admin/admin_commands.hpp"
#include "server/store/sqlite_server_store.hpp"

namespace knowset::test {

server::ServerLimits ServerFixture::testLimits() {
    server::ServerLimits limits;
    limits.helloTimeout = std::chrono::milliseconds(800);
    limits.handshakeTimeout = std::chrono::milliseconds(800);
    limits.revalidateInterval = std::chrono::milliseconds(200);
    return limits;
}

ServerFixture::ServerFixture(server::ServerLimits limits, std::vector<std::string> allowedOrigins, bool plain)
    : m_data(m_dir.file("data"))
    , m_limits(limits)
    , m_allowedOrigins(std::move(allowedOrigins))
    , m_plain(plain) {
    using namespace knowset::server;
    admin::InitOptions init;
    init.adminName = "root";
    init.adminPassword = kPassword;
    auto report = admin::initDataDirectory(m_data, init);
    if (!report) {
        throw std::runtime_error("init failed: " + report.error().message);
    }
    {
        auto store = SqliteServerStore::open(DataDirectory{m_data}.database());
        if (!store) {
            throw std::runtime_error("open failed: " + store.error().message);
        }
        for (const char* branch : {"north", "south"}) {
            if (!admin::addBranch(**store, branch, "test")) {
                throw std::runtime_error("branch add failed");
            }
        }
        const struct {
            const char* name;
            Role role;
            const char* branch;
        } users[] = {{"alice", Role::Agent, "north"},
                     {"bob", Role::Agent, "south"},
                     {"sam", Role::Supervisor, "north"}};
        for (const auto& user : users) {
            auto added = admin::addUser(**store, user.name, user.role, {user.branch}, kPassword, "test");
            if (!added) {
                throw std::runtime_error("user add failed: " + added.error().message);
            }
        }
    }
    start(0);
}

void ServerFixture::start(std::uint16_t port) {
    using namespace knowset::server;
    ServerConfig config;
    config.dataDirectory = m_data;
    config.port = port;
    config.plainWebSocket = m_plain;
    config.limits = m_limits;
    config.allowedOrigins = m_allowedOrigins;
    auto created = Server::create(config);
    if (!created) {
        throw std::runtime_error("server create failed: " + created.error().message);
    }
    m_server = std::move(*created);
    if (auto started = m_server->start(); !started) {
        throw std::runtime_error("server start failed: " + started.error().message);
    }
    m_port = m_server->port();
}

ServerFixture::~ServerFixture() {
    stop();
}

std::string ServerFixture::url() const {
    return std::string(m_plain ? "ws" : "wss") + "://127.0.0.1:" + std::to_string(m_port) + "/sync";
}

void ServerFixture::stop() {
    if (m_server) {
        m_server->stop();
        m_server->wait();
        m_server.reset();
    }
}

void ServerFixture::restart() {
    stop();
    start(m_port);
}

std::uint16_t unusedLoopbackPort() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

Json helloMessage(const std::string& user, const std::string& password, NodeId node, const std::string& id) {
    return {{"type", "hello"},
            {"id", id},
            {"protocol", 1},
            {"node", node.toHex()},
            {"schema", 1},
            {"cursor", 0},
            {"auth", {{"user", user}, {"password", password}}}};
}

std::unique_ptr<WsClient> ServerFixture::signIn(const std::string& user, Json* welcome, NodeId node) {
    auto client = std::make_unique<WsClient>(port());
    const Json reply = client->request(helloMessage(user, kPassword, node));
    if (reply.value("type", "") != "welcome") {
        throw std::runtime_error("sign-in as " + user + " failed: " + reply.dump());
    }
    if (welcome != nullptr) {
        *welcome = reply;
    }
    return client;
}

Json PatchWriter::patch(const std::string& collection, const std::string& id, const Json& fields,
                        const std::map<std::string, std::string>& bases) {
    const Version version = next();
    Json changes = Json::object();
    for (const auto& [name, value] : fields.items()) {
        const auto base = bases.find(name);
        changes[name] = {{"v", value},
                         {"ver", version.toString()},
                         {"base", base == bases.end() ? Json(nullptr) : Json(base->second)}};
    }
    return {{"c", collection}, {"id", id}, {"fields", changes}};
}

void PatchWriter::saw(const std::string& version) {
    if (const auto parsed = Version::parse(version)) {
        m_clock.receive(parsed->hlc);
    }
}

Json PatchWriter::push(const std::string& id, std::int64_t seqFrom, const Json& changes) const {
    return {{"type", "push"}, {"id", id}, {"seq_from", seqFrom}, {"changes", changes}};
}

Json pullMessage(const std::string& id, std::int64_t cursor, int limit) {
    return {{"type", "pull"}, {"id", id}, {"cursor", cursor}, {"limit", limit}};
}

std::vector<Json> pullAll(WsClient& client, std::int64_t cursor) {
    std::vector<Json> records;
    for (int page = 0; page < 1000; ++page) {
        const Json reply = client.request(pullMessage("p" + std::to_string(page), cursor));
        if (reply.value("type", "") != "changes") {
            throw std::runtime_error("pull failed: " + reply.dump());
        }
        for (const Json& record : reply.at("records")) {
            records.push_back(record);
        }
        cursor = reply.at("cursor").get<std::int64_t>();
        if (!reply.at("more").get<bool>()) {
            return records;
        }
    }
    throw std::runtime_error("pull never caught up");
}

} // namespace knowset::test
