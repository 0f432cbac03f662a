// Who may read and write what (DESIGN.md "Server": Auth; PRODUCT.md P1, C6, K1). Enforced on
// the server for every message; the client's own checks are only a courtesy.
//
//   reading   global collections: everyone; branch-scoped ones (customer, interaction,
//             feedback, access_log): the user's branches only (admins: all); conflicts:
//             supervisors and admins only; restricted fields (customer date_of_birth,
//             identity_answers): supervisors and admins only — for everyone else they are
//             removed before a record, a conflict or a history entry leaves the server.
//   writing   what the user may read, plus: conflict records are written by the server only;
//             restricted fields by supervisors and admins only; agents may not publish or
//             archive articles, and may not define KPIs; moving a record to another branch
//             needs both branches.
//   resolving conflicts: supervisors and admins.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/patch.hpp"
#include "knowset/schema/registry.hpp"

#include <optional>
#include <string>
#include <vector>

#include "server/store/server_store.hpp"

namespace knowset::server {

struct Principal {
    std::string user;
    Role role = Role::Agent;
    std::vector<std::string> branches;
};

class AccessPolicy {
public:
    explicit AccessPolicy(const schema::SchemaRegistry& schema = schema::SchemaRegistry::builtin());

    bool canReadRestricted(const Principal& who) const;
    bool canResolveConflicts(const Principal& who) const;
    bool canSeeBranch(const Principal& who, std::string_view branch) const;

    // What of a record change a reader may receive: nullopt when nothing (out of scope, or
    // only restricted fields changed). Conflicts on restricted fields are withheld whole.
    std::optional<RecordPatch> filterForReader(const Principal& who, const RecordChange& change) const;
    // A history without the entries of fields the reader may not read; nullopt when the
    // record itself is not visible to the reader.
    std::optional<std::vector<HistoryRow>> filterHistory(const Principal& who, const ServerRecord& record,
                                                         std::vector<HistoryRow> rows) const;
    bool canRead(const Principal& who, const ServerRecord& record) const;

    // forbidden with a sentence naming the collection and field; `current` is the record as
    // the server holds it, or nullptr when the patch creates it.
    Result<Done> authorizeWrite(const Principal& who, const RecordPatch& patch,
                                const ServerRecord* current) const;

private:
    bool isRestricted(std::string_view collection, std::string_view field) const;
    const schema::SchemaRegistry& m_schema;
};

} // namespace knowset::server
