// The demo organisation (knowset/domain/demo_data.hpp) written straight into a server store:
// `knowset-server demo-data --data DIR` and `knowset-server serve --demo-data` (on first start).
//
// The records become ordinary stored changes, as if a client of the fixed demo node had pushed
// them: validated strictly, versioned by a server-side hybrid clock, sequenced, kept in the
// history, and delivered to clients by the sync protocol like any other change, each scope
// (branch) to the users who may see it.
#pragma once

#include "knowset/core/error.hpp"
#include "knowset/core/hlc.hpp"
#include "knowset/core/ids.hpp"
#include "knowset/domain/demo_data.hpp"

#include <optional>
#include <string_view>

#include "server/config/data_directory.hpp"
#include "server/store/server_store.hpp"

namespace knowset::server::admin {

// The node the demo records are stamped with: "demodata" in ASCII.
inline constexpr NodeId kDemoNode{0x64656d6f64617461ULL};
inline constexpr std::string_view kDemoAuthor = "demo";

// Adds the demo branches (north, south, east) and writes the demo organisation into `store`,
// one commit per kDemoBatchSize records, versions from `clock` with node kDemoNode. Refused
// (invalid_change) when the store already holds records, unless `force`. Writes one audit row.
Result<domain::DemoSummary> loadDemoData(ServerStore& store, const domain::DemoSpec& spec, HybridClock& clock,
                                         bool force, std::string_view actor);

// `knowset-server demo-data`: the same on the store of a data directory made by init.
Result<domain::DemoSummary> loadDemoDataInto(const DataDirectory& data, const domain::DemoSpec& spec,
                                             bool force, std::string_view actor);

// `serve --demo-data`: loads the demo organisation when the data directory's store holds no
// records yet; nothing (and no change) when it already holds some.
Result<std::optional<domain::DemoSummary>> loadDemoDataOnFirstStart(const DataDirectory& data,
                                                                    const domain::DemoSpec& spec);

} // namespace knowset::server::admin
