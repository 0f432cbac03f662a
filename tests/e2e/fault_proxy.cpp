#include "fault_proxy.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

namespace knowset::e2e {

namespace {

using boost::asio::awaitable;
using boost::asio::use_awaitable;
using tcp = boost::asio::ip::tcp;

constexpr std::size_t kChunkBytes = 64 * 1024;

enum class Fault { None, Drop, Reset };

struct Decision {
    Fault fault = Fault::None;
    std::size_t prefix = 0; // Reset: the bytes forwarded before the reset
    std::chrono::milliseconds wait{0};
};

// One proxied connection: the accepted socket and the one to the target.
struct Link {
    explicit Link(tcp::socket accepted)
        : client(std::move(accepted))
        , server(client.get_executor())
        , clientBound(client.get_executor())
        , serverBound(client.get_executor()) {}

    tcp::socket client;
    tcp::socket server;
    boost::asio::steady_timer clientBound; // holds chunks going to the client (stall, delay)
    boost::asio::steady_timer serverBound; // holds chunks going to the server
    int directionsEnded = 0;
    bool closed = false;

    // `reset`: linger 0, so close() sends RST instead of FIN.
    void close(bool reset) {
        if (closed) {
            return;
        }
        closed = true;
        for (tcp::socket* socket : {&client, &server}) {
            boost::system::error_code ignored;
            if (reset) {
                socket->set_option(boost::asio::socket_base::linger(true, 0), ignored);
            } else {
                socket->shutdown(tcp::socket::shutdown_both, ignored);
            }
            socket->close(ignored);
        }
        clientBound.cancel();
        serverBound.cancel();
    }

    void releaseHeldChunks() {
        clientBound.cancel();
        serverBound.cancel();
    }
};

} // namespace

std::string FaultCounts::describe() const {
    std::ostringstream text;
    text << connections << " connections, " << chunks << " chunks (" << bytes << " bytes); faults: " << drops
         << " drops, " << resets << " resets mid-chunk, " << stalls << " stalls, " << delays
         << " delayed chunks";
    return text.str();
}

struct FaultProxy::Impl {
    boost::asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::uint16_t port = 0;
    std::uint16_t targetPort = 0;
    std::thread thread;

    // Proxy thread only:
    std::mt19937_64 random;
    std::optional<FaultPlan> plan;
    std::vector<std::weak_ptr<Link>> links;

    mutable std::mutex countsMutex;
    FaultCounts counts;

    void count(const std::function<void(FaultCounts&)>& change) {
        const std::lock_guard lock(countsMutex);
        change(counts);
    }

    Decision draw(std::size_t size) {
        count([size](FaultCounts& c) {
            ++c.chunks;
            c.bytes += size;
        });
        Decision decision;
        if (!plan) {
            return decision;
        }
        const double roll = std::uniform_real_distribution<double>(0.0, 1.0)(random);
        if (roll < plan->dropChance) {
            decision.fault = Fault::Drop;
            count([](FaultCounts& c) { ++c.drops; });
            return decision;
        }
        if (roll < plan->dropChance + plan->resetChance) {
            decision.fault = Fault::Reset;
            decision.prefix = std::uniform_int_distribution<std::size_t>(0, size - 1)(random);
            count([](FaultCounts& c) { ++c.resets; });
            return decision;
        }
        if (roll < plan->dropChance + plan->resetChance + plan->stallChance && plan->maxStall.count() > 0) {
            decision.wait = std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(
                plan->maxStall.count() / 10, plan->maxStall.count())(random));
            count([](FaultCounts& c) { ++c.stalls; });
        }
        if (plan->maxDelay.count() > 0) {
            decision.wait += std::chrono::milliseconds(
                std::uniform_int_distribution<std::int64_t>(0, plan->maxDelay.count())(random));
            count([](FaultCounts& c) { ++c.delays; });
        }
        return decision;
    }

    awaitable<void> forward(std::shared_ptr<Link> link, tcp::socket& from, tcp::socket& to,
                            boost::asio::steady_timer& hold) {
        std::vector<char> buffer(kChunkBytes);
        boost::system::error_code error;
        for (;;) {
            const std::size_t size = co_await from.async_read_some(
                boost::asio::buffer(buffer), boost::asio::redirect_error(use_awaitable, error));
            if (error || link->closed) {
                break;
            }
            const Decision decision = draw(size);
            if (decision.fault == Fault::Drop) {
                link->close(false);
                co_return;
            }
            if (decision.wait.count() > 0) {
                hold.expires_after(decision.wait);
                boost::system::error_code released;
                co_await hold.async_wait(boost::asio::redirect_error(use_awaitable, released));
                if (link->closed) {
                    co_return;
                }
            }
            const std::size_t forwarded = decision.fault == Fault::Reset ? decision.prefix : size;
            co_await boost::asio::async_write(to, boost::asio::buffer(buffer.data(), forwarded),
                                              boost::asio::redirect_error(use_awaitable, error));
            if (error) {
                break;
            }
            if (decision.fault == Fault::Reset) {
                link->close(true);
                co_return;
            }
        }
        // The sender closed its side: pass the end on; a broken socket ends both directions.
        if (error == boost::asio::error::eof && !link->closed) {
            boost::system::error_code ignored;
            to.shutdown(tcp::socket::shutdown_send, ignored);
            if (++link->directionsEnded < 2) {
                co_return;
            }
        }
        link->close(false);
    }

    awaitable<void> serve(tcp::socket accepted) {
        auto link = std::make_shared<Link>(std::move(accepted));
        boost::system::error_code error;
        co_await link->server.async_connect({boost::asio::ip::make_address("127.0.0.1"), targetPort},
                                            boost::asio::redirect_error(use_awaitable, error));
        if (error) {
            link->close(false);
            co_return;
        }
        for (tcp::socket* socket : {&link->client, &link->server}) {
            socket->set_option(tcp::no_delay(true), error);
        }
        std::erase_if(links, [](const std::weak_ptr<Link>& known) { return known.expired(); });
        links.push_back(link);
        count([](FaultCounts& c) { ++c.connections; });
        boost::asio::co_spawn(io, forward(link, link->client, link->server, link->serverBound),
                              boost::asio::detached);
        boost::asio::co_spawn(io, forward(link, link->server, link->client, link->clientBound),
                              boost::asio::detached);
    }

    awaitable<void> acceptForever() {
        for (;;) {
            boost::system::error_code error;
            tcp::socket accepted =
                co_await acceptor.async_accept(boost::asio::redirect_error(use_awaitable, error));
            if (error) {
                if (!acceptor.is_open()) {
                    co_return;
                }
                continue;
            }
            boost::asio::co_spawn(io, serve(std::move(accepted)), boost::asio::detached);
        }
    }

    // Runs `handler` on the proxy's thread and returns once it has run.
    void onProxyThread(const std::function<void()>& handler) {
        std::promise<void> done;
        boost::asio::post(io, [&] {
            handler();
            done.set_value();
        });
        done.get_future().wait();
    }
};

FaultProxy::FaultProxy(std::uint16_t targetPort, std::uint64_t seed)
    : m_impl(std::make_shared<Impl>()) {
    Impl& impl = *m_impl;
    impl.targetPort = targetPort;
    impl.random.seed(seed);
    const tcp::endpoint endpoint{boost::asio::ip::make_address("127.0.0.1"), 0};
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen();
    impl.port = impl.acceptor.local_endpoint().port();
    boost::asio::co_spawn(impl.io, impl.acceptForever(), boost::asio::detached);
    impl.thread = std::thread([&impl] { impl.io.run(); });
}

FaultProxy::~FaultProxy() {
    Impl& impl = *m_impl;
    impl.onProxyThread([&impl] {
        boost::system::error_code ignored;
        impl.acceptor.close(ignored);
        impl.plan.reset();
        for (const auto& known : impl.links) {
            if (const auto link = known.lock()) {
                link->close(false);
            }
        }
    });
    impl.thread.join(); // run() returns once every connection's coroutines have ended
}

std::uint16_t FaultProxy::port() const {
    return m_impl->port;
}

std::string FaultProxy::url() const {
    return "ws://127.0.0.1:" + std::to_string(m_impl->port);
}

void FaultProxy::inject(const FaultPlan& plan) {
    Impl& impl = *m_impl;
    impl.onProxyThread([&impl, plan] { impl.plan = plan; });
}

void FaultProxy::heal() {
    Impl& impl = *m_impl;
    impl.onProxyThread([&impl] {
        impl.plan.reset();
        for (const auto& known : impl.links) {
            if (const auto link = known.lock()) {
                link->releaseHeldChunks();
            }
        }
    });
}

FaultCounts FaultProxy::counts() const {
    const std::lock_guard lock(m_impl->countsMutex);
    return m_impl->counts;
}

} // namespace knowset::e2e
