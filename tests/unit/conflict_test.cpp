#include "knowset/merge/merge.hpp"

#include <catch2/catch.hpp>

using namespace knowset;

namespace {

Version version(std::uint64_t millis, std::uint64_t node) {
    return Version{Hlc::fromParts(millis, 0), NodeId(node)};
}

StoredField stored(Json value, Version v, std::string author = "ann") {
    return StoredField{std::move(value), v, std::move(author), 1000};
}

RecordPatch patchOf(std::initializer_list<std::pair<const std::string, FieldChange>> fields) {
    RecordPatch patch{"article", "a1", {}, {}};
    for (const auto& field : fields) {
        patch.fields.insert(field);
    }
    return patch;
}

const IncomingContext bob{"bob", 2000};

// The record every case starts from: written by ann at version 10.
StoredFields baseRecord() {
    return {{"title", stored("Refunds", version(10, 1))},
            {"body", stored("Within 30 days.", version(10, 1))}};
}

} // namespace

TEST_CASE("A fast-forward edit is never a conflict", "[conflict]") {
    const auto verdict = judgePatch(
        baseRecord(), patchOf({{"title", {"Refund policy", version(20, 2), version(10, 1)}}}), bob);
    CHECK(verdict.applied == std::vector<std::string>{"title"});
    CHECK(verdict.conflicts.empty());
}

TEST_CASE("A field change to a new record or a new field is never a conflict", "[conflict]") {
    CHECK(judgePatch({}, patchOf({{"title", {"New", version(20, 2), std::nullopt}}}), bob).conflicts.empty());
    const auto verdict =
        judgePatch(baseRecord(), patchOf({{"summary", {"Short", version(20, 2), std::nullopt}}}), bob);
    CHECK(verdict.applied == std::vector<std::string>{"summary"});
    CHECK(verdict.conflicts.empty());
}

TEST_CASE("Concurrent edits of the same field with different values make exactly one conflict",
          "[conflict]") {
    StoredFields current = baseRecord();
    current["title"] = stored("Refund rules", version(30, 3), "carol"); // carol's edit, based on version 10

    SECTION("the incoming edit is newer: it wins and the overwritten value is kept") {
        const auto verdict =
            judgePatch(current, patchOf({{"title", {"Refund policy", version(40, 2), version(10, 1)}}}), bob);
        CHECK(verdict.applied == std::vector<std::string>{"title"});
        REQUIRE(verdict.conflicts.size() == 1);
        const Conflict& conflict = verdict.conflicts.front();
        CHECK(conflict.kind == ConflictKind::Field);
        CHECK(conflict.field == "title");
        CHECK(conflict.winner == ConflictSide{"Refund policy", version(40, 2), "bob", 2000});
        CHECK(conflict.loser == ConflictSide{"Refund rules", version(30, 3), "carol", 1000});
        CHECK(conflict.toFields()["status"] == "open");
        CHECK(conflict.toFields()["loser"]["value"] == "Refund rules");
    }
    SECTION("the incoming edit is older: it loses and is kept as the loser") {
        const auto verdict =
            judgePatch(current, patchOf({{"title", {"Refund policy", version(25, 2), version(10, 1)}}}), bob);
        CHECK(verdict.applied.empty());
        REQUIRE(verdict.conflicts.size() == 1);
        CHECK(verdict.conflicts.front().winner.value == "Refund rules");
        CHECK(verdict.conflicts.front().loser.value == "Refund policy");
    }
    SECTION("concurrent edits that agree on the value are not a conflict") {
        const auto verdict =
            judgePatch(current, patchOf({{"title", {"Refund rules", version(40, 2), version(10, 1)}}}), bob);
        CHECK(verdict.conflicts.empty());
    }
}

TEST_CASE("Concurrent edits of different fields merge without a conflict", "[conflict]") {
    StoredFields current = baseRecord();
    current["title"] = stored("Refund rules", version(30, 3), "carol");
    const auto verdict =
        judgePatch(current, patchOf({{"body", {"Within 60 days.", version(25, 2), version(10, 1)}}}), bob);
    CHECK(verdict.applied == std::vector<std::string>{"body"});
    CHECK(verdict.conflicts.empty());
    applyVerdict(current, patchOf({{"body", {"Within 60 days.", version(25, 2), version(10, 1)}}}), verdict,
                 bob);
    CHECK(current["title"].value == "Refund rules");
    CHECK(current["body"].value == "Within 60 days.");
}

TEST_CASE("The same change twice gives the same conflict id, and a repeat of the winner is a no-op",
          "[conflict]") {
    StoredFields current = baseRecord();
    current["title"] = stored("Refund rules", version(30, 3), "carol");
    const RecordPatch late = patchOf({{"title", {"Refund policy", version(25, 2), version(10, 1)}}});
    const auto first = judgePatch(current, late, bob);
    const auto second = judgePatch(current, late, bob);
    REQUIRE(first.conflicts.size() == 1);
    REQUIRE(second.conflicts.size() == 1);
    CHECK(first.conflicts.front().id == second.conflicts.front().id);

    // The id does not depend on which side arrived first.
    CHECK(conflictId(ConflictKind::Field, "article", "a1", "title", version(30, 3), version(25, 2)) ==
          first.conflicts.front().id);
    // ...but it does depend on the field, the record and the kind.
    CHECK(conflictId(ConflictKind::Field, "article", "a1", "body", version(30, 3), version(25, 2)) !=
          first.conflicts.front().id);
    CHECK(conflictId(ConflictKind::EditDelete, "article", "a1", "title", version(30, 3), version(25, 2)) !=
          first.conflicts.front().id);

    // A winning change re-sent after it was applied is the current version: nothing happens.
    const RecordPatch winner = patchOf({{"title", {"Refund policy", version(40, 2), version(10, 1)}}});
    applyVerdict(current, winner, judgePatch(current, winner, bob), bob);
    const auto repeat = judgePatch(current, winner, bob);
    CHECK(repeat.applied.empty());
    CHECK(repeat.conflicts.empty());
}

TEST_CASE("Edit versus delete is a conflict of its own kind, the same in both arrival orders", "[conflict]") {
    // ann deleted the record having seen title@10 and body@10; bob edited the body from body@10.
    RecordPatch deletion{"article", "a1", {{"_deleted", {true, version(30, 1), std::nullopt}}}, {}};
    deletion.seen = {{"title", version(10, 1)}, {"body", version(10, 1)}};
    const RecordPatch edit = patchOf({{"body", {"Within 60 days.", version(20, 2), version(10, 1)}}});
    const IncomingContext ann{"ann", 3000};

    SECTION("the edit reaches the deleted record") {
        StoredFields current = baseRecord();
        applyVerdict(current, deletion, judgePatch(current, deletion, ann), ann);
        REQUIRE(isDeleted(current));
        const auto verdict = judgePatch(current, edit, bob);
        CHECK(verdict.applied == std::vector<std::string>{"body"}); // kept under the tombstone
        REQUIRE(verdict.conflicts.size() == 1);
        const Conflict& conflict = verdict.conflicts.front();
        CHECK(conflict.kind == ConflictKind::EditDelete);
        CHECK(conflict.field == "body");
        CHECK(conflict.winner.value == true);
        CHECK(conflict.loser.value == "Within 60 days.");
        applyVerdict(current, edit, verdict, bob);
        CHECK(isDeleted(current)); // the record stays deleted

        SECTION("the deletion reaching the edited record gives the same conflict id") {
            StoredFields other = baseRecord();
            applyVerdict(other, edit, judgePatch(other, edit, bob), bob);
            const auto reverse = judgePatch(other, deletion, ann);
            CHECK(reverse.applied == std::vector<std::string>{"_deleted"});
            REQUIRE(reverse.conflicts.size() == 1);
            CHECK(reverse.conflicts.front().kind == ConflictKind::EditDelete);
            CHECK(reverse.conflicts.front().id == conflict.id);
        }
    }
    SECTION("a deletion that saw every field is not a conflict") {
        StoredFields current = baseRecord();
        const auto verdict = judgePatch(current, deletion, ann);
        CHECK(verdict.applied == std::vector<std::string>{"_deleted"});
        CHECK(verdict.conflicts.empty());
    }
    SECTION("an edit that restores the record is not an edit_delete conflict") {
        StoredFields current = baseRecord();
        applyVerdict(current, deletion, judgePatch(current, deletion, ann), ann);
        const RecordPatch restoreAndEdit =
            patchOf({{"_deleted", {false, version(40, 2), version(30, 1)}},
                     {"body", {"Within 60 days.", version(40, 2), version(10, 1)}}});
        const auto verdict = judgePatch(current, restoreAndEdit, bob);
        CHECK(verdict.conflicts.empty());
    }
    SECTION("delete against a concurrent restore is an ordinary field conflict on _deleted") {
        StoredFields current = baseRecord();
        current["_deleted"] = stored(false, version(15, 3), "carol");
        RecordPatch concurrentDeletion{
            "article", "a1", {{"_deleted", {true, version(30, 1), std::nullopt}}}, {}};
        concurrentDeletion.seen = deletion.seen;
        const auto verdict = judgePatch(current, concurrentDeletion, ann);
        REQUIRE(verdict.conflicts.size() == 1);
        CHECK(verdict.conflicts.front().kind == ConflictKind::Field);
        CHECK(verdict.conflicts.front().field == "_deleted");
    }
}
