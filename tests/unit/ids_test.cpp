#include "knowset/core/ids.hpp"
#include "knowset/core/version.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using knowset::NodeId;
using knowset::UuidV7Generator;
using knowset::Version;

TEST_CASE("UUIDv7 ids carry the version, the variant and the millisecond timestamp", "[ids]") {
    std::uint64_t millis = 0x0193a1b2c3d4;
    UuidV7Generator generator([&] { return millis; });
    const std::string id = generator.next();
    REQUIRE(knowset::isUuid(id));
    CHECK(id.substr(0, 13) == "0193a1b2-c3d4");
    CHECK(id[14] == '7');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
}

TEST_CASE("UUIDv7 ids are strictly increasing within one millisecond and when the clock steps back",
          "[ids]") {
    std::uint64_t millis = 1'700'000'000'000;
    UuidV7Generator generator([&] { return millis; });
    std::vector<std::string> ids;
    for (int i = 0; i < 5000; ++i) {
        if (i == 2500) {
            millis -= 10'000; // the wall clock jumps back ten seconds
        }
        if (i % 1000 == 999) {
            ++millis;
        }
        ids.push_back(generator.next());
    }
    for (std::size_t i = 1; i < ids.size(); ++i) {
        REQUIRE(ids[i - 1] < ids[i]);
    }
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
}

TEST_CASE("Node ids are random, non-zero and round-trip through hex", "[ids]") {
    const NodeId a = NodeId::random();
    const NodeId b = NodeId::random();
    CHECK(a != b);
    CHECK(a.value() != 0);
    CHECK(NodeId::fromHex(a.toHex()) == a);
    CHECK_FALSE(NodeId::fromHex("xyz"));
}

TEST_CASE("Versions order by hlc first, node second, and their text keeps that order", "[ids]") {
    const Version a{knowset::Hlc::fromParts(100, 1), NodeId(0xff)};
    const Version b{knowset::Hlc::fromParts(100, 1), NodeId(0x100)};
    const Version c{knowset::Hlc::fromParts(100, 2), NodeId(0x1)};
    CHECK(a < b);
    CHECK(b < c);
    CHECK(a.toString() < b.toString());
    CHECK(b.toString() < c.toString());
    CHECK(a.toString() == "0000000000640001-00000000000000ff");
    CHECK(Version::parse(c.toString()) == c);
    CHECK_FALSE(Version::parse("0000000000640001_00000000000000ff"));
    CHECK_FALSE(Version::parse("0000000000640001-00000000000000f"));
    CHECK_FALSE(Version::parse(""));
}
