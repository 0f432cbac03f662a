// `export` and `import`.
//
// An import is all or nothing: the whole file is read and checked first, then every row is
// written in ONE transaction of the replica (and journalled, to be pushed by the next sync).
#pragma once

#include "knowset/store/local_store.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

#include "client/cli/command_context.hpp"
#include "client/cli/import_file.hpp"

namespace knowset::cli {

void defineTransferCommands(CLI::App& app, Action& action);

// Writes every row in one transaction, checked against the replica and the rows before it.
// Returns how many rows were written; on any error nothing is, and the failure names the row
// and the field (`source` is the file, for messages).
Expected<std::size_t, Failure> importRows(LocalStore& store, const std::vector<ImportRow>& rows,
                                          std::string_view source);

} // namespace knowset::cli
