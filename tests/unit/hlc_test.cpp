#include "knowset/core/hlc.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

using knowset::Hlc;
using knowset::HybridClock;

namespace {
// A physical clock the test moves by hand.
struct ManualClock {
    std::uint64_t millis = 1'700'000'000'000;
    knowset::PhysicalClock source() {
        return [this] {
            return millis;
        };
    }
};
} // namespace

TEST_CASE("HLC packs 48 bits of milliseconds and a 16-bit counter", "[hlc]") {
    const Hlc hlc = Hlc::fromParts(1'700'000'000'123, 42);
    CHECK(hlc.millis() == 1'700'000'000'123);
    CHECK(hlc.counter() == 42);
    CHECK(Hlc::fromParts(5, 0) > Hlc::fromParts(4, Hlc::kMaxCounter));
}

TEST_CASE("HLC hex encoding is fixed-width and its text order equals numeric order", "[hlc]") {
    CHECK(Hlc::fromParts(1, 2).toHex() == "0000000000010002");
    CHECK(Hlc(0xffffffffffffffffULL).toHex() == "ffffffffffffffff");

    std::mt19937_64 random(7);
    std::vector<Hlc> values;
    for (int i = 0; i < 2000; ++i) {
        values.emplace_back(random() >> (random() % 64));
    }
    for (std::size_t i = 1; i < values.size(); ++i) {
        const Hlc a = values[i - 1];
        const Hlc b = values[i];
        CHECK((a < b) == (a.toHex() < b.toHex()));
        CHECK(Hlc::fromHex(a.toHex()) == a);
    }
}

TEST_CASE("HLC hex decoding refuses anything but 16 lower-case hex digits", "[hlc]") {
    CHECK_FALSE(Hlc::fromHex(""));
    CHECK_FALSE(Hlc::fromHex("000000000001000"));
    CHECK_FALSE(Hlc::fromHex("00000000000100020"));
    CHECK_FALSE(Hlc::fromHex("000000000001000A"));
    CHECK_FALSE(Hlc::fromHex("000000000001000g"));
    CHECK_FALSE(Hlc::fromHex("-000000000001000"));
}

TEST_CASE("HLC is strictly monotonic when the physical clock goes backwards or stalls", "[hlc]") {
    ManualClock physical;
    HybridClock clock(physical.source());
    Hlc previous = clock.now();
    CHECK(previous == Hlc::fromParts(physical.millis, 0));

    const std::vector<std::int64_t> steps = {0, 0, -5000, 1, -1, 0, 10'000, -60'000, 3};
    for (const auto step : steps) {
        physical.millis = static_cast<std::uint64_t>(static_cast<std::int64_t>(physical.millis) + step);
        const Hlc next = clock.now();
        CHECK(next > previous);
        CHECK(next.millis() >= previous.millis());
        previous = next;
    }
    // Once the physical clock passes the logical one again, the counter restarts at zero.
    physical.millis = previous.millis() + 100;
    CHECK(clock.now() == Hlc::fromParts(physical.millis, 0));
}

TEST_CASE("HLC counter overflow advances the logical millisecond", "[hlc]") {
    ManualClock physical;
    HybridClock clock(physical.source(), Hlc::fromParts(physical.millis, Hlc::kMaxCounter - 1));
    CHECK(clock.now() == Hlc::fromParts(physical.millis, Hlc::kMaxCounter));
    CHECK(clock.now() == Hlc::fromParts(physical.millis + 1, 0));
}

TEST_CASE("HLC stays at the end of its range instead of wrapping to zero", "[hlc]") {
    // Found by the apply_changes fuzz target's clock check: a replica that received the last
    // timestamp went back to zero, and then reissued versions it had issued before.
    const Hlc last = Hlc::fromParts(Hlc::kMaxMillis, Hlc::kMaxCounter);
    ManualClock physical;
    HybridClock receiver(physical.source());
    CHECK(receiver.receive(last) == last);
    CHECK(receiver.now() == last);

    HybridClock nearTheEnd(physical.source(), Hlc::fromParts(Hlc::kMaxMillis, Hlc::kMaxCounter - 1));
    CHECK(nearTheEnd.now() == last);
    CHECK(nearTheEnd.now() == last);
}

TEST_CASE("HLC receive rule", "[hlc]") {
    ManualClock physical;
    HybridClock clock(physical.source());
    const Hlc local = clock.now();

    SECTION("a remote timestamp ahead of us moves the clock past it") {
        const Hlc remote = Hlc::fromParts(physical.millis + 500, 7);
        const Hlc received = clock.receive(remote);
        CHECK(received == Hlc::fromParts(physical.millis + 500, 8));
        CHECK(clock.now() > received);
    }
    SECTION("a remote timestamp behind us still advances the counter") {
        const Hlc received = clock.receive(Hlc::fromParts(physical.millis - 1000, 3));
        CHECK(received == Hlc::fromParts(local.millis(), local.counter() + 1));
    }
    SECTION("equal milliseconds take the larger counter plus one") {
        const Hlc received = clock.receive(Hlc::fromParts(local.millis(), 40));
        CHECK(received == Hlc::fromParts(local.millis(), 41));
    }
    SECTION("physical time ahead of both resets the counter") {
        physical.millis += 10;
        CHECK(clock.receive(Hlc::fromParts(physical.millis - 5, 9)) == Hlc::fromParts(physical.millis, 0));
    }
}

TEST_CASE("HLC skew check against a bound", "[hlc]") {
    ManualClock physical;
    HybridClock clock(physical.source());
    constexpr std::uint64_t tenMinutes = 10 * 60 * 1000;
    CHECK_FALSE(clock.isTooFarAhead(Hlc::fromParts(physical.millis, 0), tenMinutes));
    CHECK_FALSE(clock.isTooFarAhead(Hlc::fromParts(physical.millis + tenMinutes, 0xffff), tenMinutes));
    CHECK(clock.isTooFarAhead(Hlc::fromParts(physical.millis + tenMinutes + 1, 0), tenMinutes));
    CHECK_FALSE(clock.isTooFarAhead(Hlc::fromParts(physical.millis - tenMinutes * 100, 0), tenMinutes));

    SECTION("a physical offset corrects the clock used for the check and for new timestamps") {
        clock.setPhysicalOffset(static_cast<std::int64_t>(tenMinutes) * 2);
        CHECK_FALSE(clock.isTooFarAhead(Hlc::fromParts(physical.millis + tenMinutes + 1, 0), tenMinutes));
        CHECK(clock.now().millis() == physical.millis + 2 * tenMinutes);
    }
}
