// Fuzz target: applying decoded batches to a replica, as a client does with what its server
// sends. One input is a sequence of frames separated by a line "---" (raw newlines cannot
// occur inside a JSON string, so no frame is cut in two); each frame is decoded like the sync
// session decodes it, then
//   - `changes` is applied with LocalStore::applyRemote to a fresh SQLite replica (a file in a
//     temporary directory, WAL, as a client keeps it), and its patches are also merged the
//     server's way (judgePatch, applyVerdict) into a map of stored fields;
//   - `revoke` drops its records with LocalStore::dropRecords;
//   - anything else, or a refused frame, is skipped (the decoder has its own target).
// An independent model (last writer wins per field: the greater version, the first arrival on
// a tie) says what every record must hold. Checks:
//   - each apply succeeds, counts the fields it applied, stores the cursor, leaves the
//     replica's clock beyond every version received (or at the end of its range), and
//     applying the batch again changes nothing;
//   - the server-side merge agrees with the model; its conflicts follow merge.hpp (at most one
//     per field, the winner newer than the loser, ids independent of the order of versions);
//   - revoke removes exactly the records that were there;
//   - at the end every row of `records` equals the model (values, versions, deleted flag), the
//     article search tables hold exactly the live articles, and SQLite and FTS5 integrity
//     checks pass.
#include "knowset/merge/merge.hpp"
#include "knowset/protocol/codec.hpp"
#include "knowset/store/local_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"

namespace {

using namespace knowset;
using namespace knowset::protocol;

constexpr std::string_view kFrameSeparator = "\n---\n";
constexpr std::size_t kMaxFrames = 16;
// A fixed physical clock (2025-06-15): a run depends on its input only.
constexpr std::uint64_t kNowMillis = 1'750'000'000'000;

using RecordKey = std::pair<std::string, std::string>;

struct ModelField {
    Json value;
    Version version;
};

using ModelRecord = std::map<std::string, ModelField, std::less<>>;

std::vector<std::string_view> splitFrames(std::string_view input) {
    std::vector<std::string_view> frames;
    while (frames.size() + 1 < kMaxFrames) {
        const auto separator = input.find(kFrameSeparator);
        if (separator == std::string_view::npos) {
            break;
        }
        frames.push_back(input.substr(0, separator));
        input.remove_prefix(separator + kFrameSeparator.size());
    }
    frames.push_back(input);
    return frames;
}

std::string describe(const Error& error) {
    return std::string(toString(error.code)) + ": " + error.message;
}

std::string keyText(const RecordKey& key) {
    return key.first + "/" + key.second;
}

// A replica file in a directory of this process, fresh for every input: a copy of an empty
// replica made once (creating the schema costs more than the rest of a typical input).
class ReplicaFile {
public:
    ReplicaFile()
        : m_dir(std::filesystem::temp_directory_path() / ("knowset-fuzz-" + std::to_string(::getpid())))
        , m_template(m_dir / "empty.sqlite")
        , m_path(m_dir / "replica.sqlite") {
        std::filesystem::create_directories(m_dir);
        removeWithSidecars(m_template);
        (void)open(m_template); // closing it checkpoints the WAL into the file
    }
    ~ReplicaFile() {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }
    ReplicaFile(const ReplicaFile&) = delete;
    ReplicaFile& operator=(const ReplicaFile&) = delete;

    std::unique_ptr<LocalStore> openFresh() const {
        removeWithSidecars(m_path);
        std::filesystem::copy_file(m_template, m_path);
        return open(m_path);
    }

private:
    static void removeWithSidecars(const std::filesystem::path& path) {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(path.string() + suffix);
        }
    }

    static std::unique_ptr<LocalStore> open(const std::filesystem::path& path) {
        auto store =
            LocalStore::open(StoreOptions{path, [] { return kNowMillis; }, Synchronous::Off, nullptr});
        FUZZ_CHECK(store.hasValue(), "cannot open a fresh replica: " + describe(store.error()));
        return std::move(*store);
    }

    std::filesystem::path m_dir;
    std::filesystem::path m_template;
    std::filesystem::path m_path;
};

// The server's way of merging the same patches, checked against merge.hpp's promises.
void mergeAsServer(StoredFields& stored, const RecordPatch& patch) {
    const IncomingContext context{"fuzz", static_cast<std::int64_t>(kNowMillis)};
    const PatchVerdict verdict = judgePatch(stored, patch, context);
    std::set<std::string, std::less<>> conflictFields;
    for (const Conflict& conflict : verdict.conflicts) {
        FUZZ_CHECK(conflictFields.insert(conflict.field).second, "two conflicts on field " + conflict.field);
        FUZZ_CHECK(conflict.collection == patch.collection && conflict.recordId == patch.id,
                   "a conflict about another record");
        FUZZ_CHECK(conflict.winner.version != conflict.loser.version, "a conflict of a change with itself");
        FUZZ_CHECK(conflict.id == conflictId(conflict.kind, patch.collection, patch.id, conflict.field,
                                             conflict.loser.version, conflict.winner.version),
                   "a conflict id depends on the order of its versions");
        if (conflict.kind == ConflictKind::Field) {
            FUZZ_CHECK(conflict.winner.version > conflict.loser.version,
                       "a field conflict won by the older change");
            FUZZ_CHECK(conflict.winner.value != conflict.loser.value,
                       "a field conflict between equal values");
            const auto change = patch.fields.find(conflict.field);
            FUZZ_CHECK(change != patch.fields.end(), "a field conflict on a field the patch does not change");
            const auto current = stored.find(conflict.field);
            FUZZ_CHECK(current != stored.end(), "a field conflict on a new field");
            FUZZ_CHECK(!(change->second.base == current->second.version &&
                         change->second.version > current->second.version),
                       "a winning fast-forward flagged as a conflict");
        }
    }
    for (const std::string& name : verdict.applied) {
        FUZZ_CHECK(patch.fields.contains(name), "applied a field the patch does not change: " + name);
    }
    applyVerdict(stored, patch, verdict, context);
}

class Run {
public:
    explicit Run(LocalStore& store)
        : m_store(store) {}

    void frame(std::string_view text) {
        // The client trusts its server with bigger frames than a server trusts a client
        // (sync_session.cpp); every other bound is the same.
        DecodeLimits limits;
        limits.maxMessageBytes = 8 * 1024 * 1024;
        const auto decoded = decode(text, limits);
        if (!decoded) {
            return;
        }
        if (const auto* changes = std::get_if<Changes>(&*decoded)) {
            apply(*changes);
        } else if (const auto* revoke = std::get_if<Revoke>(&*decoded)) {
            drop(*revoke);
        }
    }

    void checkReplica() {
        SQLite::Database& db = m_store.database();
        SQLite::Statement rows(db, "SELECT collection, id, doc, versions, deleted FROM records");
        std::size_t seen = 0;
        std::size_t liveArticles = 0;
        while (rows.executeStep()) {
            const RecordKey key{rows.getColumn(0).getString(), rows.getColumn(1).getString()};
            const auto expected = m_model.find(key);
            FUZZ_CHECK(expected != m_model.end(), "a record the model does not have: " + keyText(key));
            const Json doc = Json::parse(rows.getColumn(2).getString());
            const Json versions = Json::parse(rows.getColumn(3).getString());
            Json expectedDoc = Json::object();
            Json expectedVersions = Json::object();
            for (const auto& [name, field] : expected->second) {
                expectedDoc[name] = field.value;
                expectedVersions[name] = field.version.toString();
            }
            FUZZ_CHECK(doc == expectedDoc,
                       keyText(key) + " holds " + doc.dump() + ", expected " + expectedDoc.dump());
            FUZZ_CHECK(versions == expectedVersions, keyText(key) + " has versions " + versions.dump() +
                                                         ", expected " + expectedVersions.dump());
            const bool deleted = doc.contains(kDeletedField) && doc[std::string(kDeletedField)] == Json(true);
            FUZZ_CHECK((rows.getColumn(4).getInt() != 0) == deleted, keyText(key) + ": wrong deleted flag");
            liveArticles += key.first == "article" && !deleted ? 1 : 0;
            ++seen;
        }
        FUZZ_CHECK(seen == m_model.size(), "the replica lacks records: " + std::to_string(seen) + " of " +
                                               std::to_string(m_model.size()));

        const auto count = [&](const char* sql) {
            return static_cast<std::size_t>(db.execAndGet(sql).getInt64());
        };
        FUZZ_CHECK(count("SELECT count(*) FROM article_fts") == liveArticles, "article_fts is out of step");
        FUZZ_CHECK(count("SELECT count(*) FROM article_facets") == liveArticles,
                   "article_facets is out of step");
        db.exec("INSERT INTO article_fts (article_fts) VALUES ('integrity-check')"); // throws when damaged
        const std::string integrity = db.execAndGet("PRAGMA integrity_check").getString();
        FUZZ_CHECK(integrity == "ok", "integrity_check: " + integrity);
    }

private:
    void apply(const Changes& changes) {
        std::size_t expectedFields = 0;
        std::optional<Version> newest;
        for (const RecordPatch& patch : changes.records) {
            const RecordKey key{patch.collection, patch.id};
            ModelRecord& record = m_model[key];
            StoredFields& server = m_server[key];
            for (const auto& [name, change] : patch.fields) {
                newest = std::max(newest.value_or(change.version), change.version);
                const auto current = record.find(name);
                if (current == record.end() || change.version > current->second.version) {
                    record.insert_or_assign(name, ModelField{change.value, change.version});
                    ++expectedFields;
                }
            }
            mergeAsServer(server, patch);
            FUZZ_CHECK(server.size() == record.size(), keyText(key) + ": the server merge kept other fields");
            for (const auto& [name, field] : record) {
                const auto stored = server.find(name);
                FUZZ_CHECK(stored != server.end() && stored->second.version == field.version &&
                               stored->second.value == field.value,
                           keyText(key) + "." + name + ": the server merge disagrees with the model");
            }
        }

        const auto applied = m_store.applyRemote(changes.records, changes.cursor);
        FUZZ_CHECK(applied.hasValue(), "applyRemote refused a decoded batch: " + describe(applied.error()));
        FUZZ_CHECK(applied->fieldsApplied == expectedFields,
                   "applied " + std::to_string(applied->fieldsApplied) + " fields, expected " +
                       std::to_string(expectedFields));
        FUZZ_CHECK((applied->recordsChanged > 0) == (expectedFields > 0), "recordsChanged disagrees");
        const auto cursor = m_store.cursor();
        FUZZ_CHECK(cursor.hasValue() && *cursor == changes.cursor, "the cursor was not stored");
        if (newest) {
            const auto clock = m_store.lastClock();
            // The last timestamp of the range has no successor: there the clock stays (hlc.hpp).
            const Hlc last = Hlc::fromParts(Hlc::kMaxMillis, Hlc::kMaxCounter);
            FUZZ_CHECK(clock.hasValue() && (*clock > newest->hlc || *clock == last),
                       "the replica's clock " + (clock ? clock->toHex() : std::string("?")) +
                           " is not beyond the newest version received, " + newest->toString());
        }

        const auto again = m_store.applyRemote(changes.records, changes.cursor);
        FUZZ_CHECK(again.hasValue(),
                   "applyRemote refused a batch the second time: " + describe(again.error()));
        FUZZ_CHECK(again->fieldsApplied == 0 && again->recordsChanged == 0,
                   "a repeated batch changed the replica");
    }

    void drop(const Revoke& revoke) {
        std::vector<std::pair<std::string, std::string>> refs;
        std::set<RecordKey> present;
        for (const RecordRef& ref : revoke.records) {
            refs.emplace_back(ref.collection, ref.id);
            if (m_model.contains({ref.collection, ref.id})) {
                present.emplace(ref.collection, ref.id);
            }
        }
        const auto dropped = m_store.dropRecords(refs);
        FUZZ_CHECK(dropped.hasValue(), "dropRecords failed: " + describe(dropped.error()));
        FUZZ_CHECK(*dropped == present.size(), "dropped " + std::to_string(*dropped) + " records, expected " +
                                                   std::to_string(present.size()));
        for (const RecordKey& key : present) {
            m_model.erase(key);
            m_server.erase(key);
        }
    }

    LocalStore& m_store;
    std::map<RecordKey, ModelRecord> m_model;
    std::map<RecordKey, StoredFields> m_server;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ReplicaFile replicaFile;
    const auto store = replicaFile.openFresh();
    Run run(*store);
    for (const std::string_view frame : splitFrames({reinterpret_cast<const char*>(data), size})) {
        run.frame(frame);
    }
    run.checkReplica();
    return 0;
}
