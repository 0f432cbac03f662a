#include "knowset/merge/merge.hpp"

#include <catch2/catch.hpp>

using knowset::Hlc;
using knowset::MergeDecision;
using knowset::mergeField;
using knowset::NodeId;
using knowset::Version;

TEST_CASE("Merge rule: last writer wins per field by (hlc, node)", "[merge]") {
    const Version older{Hlc::fromParts(100, 0), NodeId(9)};
    const Version newer{Hlc::fromParts(100, 1), NodeId(1)};
    const Version sameHlcHigherNode{Hlc::fromParts(100, 1), NodeId(2)};

    CHECK(mergeField(std::nullopt, older) == MergeDecision::Apply);
    CHECK(mergeField(older, newer) == MergeDecision::Apply);
    CHECK(mergeField(newer, older) == MergeDecision::Keep);
    CHECK(mergeField(newer, sameHlcHigherNode) == MergeDecision::Apply);
    CHECK(mergeField(sameHlcHigherNode, newer) == MergeDecision::Keep);
    CHECK(mergeField(newer, newer) == MergeDecision::Keep); // the same change again is a no-op
}
