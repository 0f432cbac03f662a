#include "client/cli/transfer_commands.hpp"

#include "knowset/core/patch.hpp"

#include <charconv>
#include <fstream>
#include <memory>
#include <sstream>

#include "client/cli/export_records.hpp"
#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"

namespace knowset::cli {

namespace {

struct ExportOptions {
    std::string format = "json";
    std::string collection;
    std::string output;
};

struct ImportOptions {
    std::string file;
    std::string collection;
};

constexpr const char* kFixAndRetry = "fix the file and import it again";

Unexpected<Failure> nothingImported(const std::string& source, const std::string& why) {
    return localFailure("nothing was imported: " + source + ", " + why, kFixAndRetry);
}

Expected<std::string, Failure> readInput(Context& context, const std::string& file) {
    std::ostringstream buffer;
    if (file == "-") {
        buffer << context.in.rdbuf();
        return buffer.str();
    }
    std::ifstream input(file, std::ios::binary);
    if (!input) {
        return localFailure("cannot read " + file, "check the file name and its permissions");
    }
    buffer << input.rdbuf();
    if (input.bad()) {
        return localFailure("cannot read " + file, "check the file and its permissions");
    }
    return buffer.str();
}

// The store's "write N: ..." (N from 0) with the row's place in the file instead.
std::string rowMessage(const std::string& message, const std::vector<ImportRow>& rows) {
    constexpr std::string_view kPrefix = "write ";
    if (!message.starts_with(kPrefix)) {
        return message;
    }
    std::size_t index = 0;
    const char* begin = message.data() + kPrefix.size();
    const auto [end, error] = std::from_chars(begin, message.data() + message.size(), index);
    if (error != std::errc() || index >= rows.size() || !std::string_view(end).starts_with(": ")) {
        return message;
    }
    return rows[index].where + ": " + std::string(end + 2);
}

Outcome exportRecords(Context& context, const ExportOptions& options) {
    const bool csv = options.format == "csv";
    if (csv && options.collection.empty()) {
        return localFailure("a CSV export holds one collection",
                            "name it, e.g. knowset-cli export --format csv article");
    }
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    const auto& registry = schema::SchemaRegistry::builtin();
    auto exported =
        csv ? exportCsv(**store, registry, options.collection)
            : exportJson(**store, registry,
                         options.collection.empty() ? std::nullopt : std::optional(options.collection));
    if (!exported) {
        return storeFailure(exported.error());
    }
    if (options.output.empty()) {
        context.out << exported->text;
        return Done{};
    }
    std::ofstream output(options.output, std::ios::binary | std::ios::trunc);
    output << exported->text;
    output.close();
    if (!output) {
        return localFailure("cannot write " + options.output, "check the path and the free disk space");
    }
    if (context.json) {
        printJson(context.out, Json{{"exported", exported->records}, {"output", options.output}});
    } else {
        context.out << "Exported " << exported->records << " records to " << options.output << '\n';
    }
    return Done{};
}

Outcome importFile(Context& context, const ImportOptions& options) {
    auto text = readInput(context, options.file);
    if (!text) {
        return unexpected(text.error());
    }
    const std::optional<std::string> collection =
        options.collection.empty() ? std::nullopt : std::optional(options.collection);
    Result<std::vector<ImportRow>> rows = std::vector<ImportRow>{};
    if (detectImportFormat(options.file, *text) == ImportFormat::Json) {
        rows = parseJsonImport(*text, collection);
    } else if (!collection) {
        return localFailure("importing CSV needs the collection", "give it, e.g. --collection article");
    } else {
        rows = parseCsvImport(*text, schema::SchemaRegistry::builtin(), *collection);
    }
    if (!rows) {
        return nothingImported(options.file, rows.error().message);
    }
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto imported = importRows(**store, *rows, options.file);
    if (!imported) {
        return unexpected(imported.error());
    }
    if (context.json) {
        printJson(context.out, Json{{"imported", *imported}});
    } else {
        context.out << "Imported " << *imported << " records\n";
    }
    return Done{};
}

} // namespace

Expected<std::size_t, Failure> importRows(LocalStore& store, const std::vector<ImportRow>& rows,
                                          std::string_view source) {
    std::vector<WriteRequest> writes;
    writes.reserve(rows.size());
    for (const auto& row : rows) {
        writes.push_back(row.write);
    }
    // The store validates each write against the replica as the earlier writes of the same
    // transaction left it, so a row may complete a record that an earlier row created.
    auto done = store.writeAll(writes, schema::UnknownFields::Refuse);
    if (!done) {
        return nothingImported(std::string(source), rowMessage(done.error().message, rows));
    }
    return rows.size();
}

void defineTransferCommands(CLI::App& app, Action& action) {
    auto exporting = std::make_shared<ExportOptions>();
    CLI::App* command = app.add_subcommand("export", "write records as JSON (all collections) or CSV (one)");
    command->add_option("--format", exporting->format, "json or csv")
        ->check(CLI::IsMember({"json", "csv"}))
        ->capture_default_str();
    command->add_option("COLLECTION", exporting->collection, "only this collection (required for CSV)");
    command->add_option("--output", exporting->output, "write to this file instead of standard output");
    command->callback([exporting, &action] {
        action = [exporting](Context& context) {
            return exportRecords(context, *exporting);
        };
    });

    auto importing = std::make_shared<ImportOptions>();
    command = app.add_subcommand("import", "add or update records from a JSON or CSV file: all or nothing");
    command
        ->add_option("FILE", importing->file, "the file (.json in the export format, or .csv; - for stdin)")
        ->required();
    command->add_option("--collection", importing->collection, "the collection of a CSV file");
    command->callback([importing, &action] {
        action = [importing](Context& context) {
            return importFile(context, *importing);
        };
    });
}

} // namespace knowset::cli
