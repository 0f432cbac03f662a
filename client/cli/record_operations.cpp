#include "client/cli/record_operations.hpp"

#include "knowset/domain/domain_json.hpp"

#include <ostream>

#include "client/cli/field_values.hpp"
#include "client/cli/output.hpp"
#include "client/cli/profile_access.hpp"
#include "client/cli/search_command.hpp"

namespace knowset::cli {

namespace {

Unexpected<Failure> unknownRecord(std::string_view collection, std::string_view id) {
    return localFailure("no " + std::string(collection) + " " + std::string(id) + " in this replica",
                        "check the id (knowset-cli " + std::string(collection) +
                            " list), or run knowset-cli sync to fetch new records");
}

Outcome printWrite(Context& context, const LocalWrite& write, bool created) {
    if (context.json) {
        printJson(context.out, domain::writeJson(write));
    } else if (created) {
        context.out << write.id << '\n';
    } else if (write.journalSeq == 0) {
        context.out << write.collection << ' ' << write.id << ": nothing changed\n";
    } else {
        context.out << "Updated " << write.collection << ' ' << write.id << '\n';
    }
    return Done{};
}

Outcome printRecords(Context& context, std::string_view collection, const std::vector<Record>& records,
                     const std::vector<Column>& columns) {
    if (context.json) {
        printJson(context.out, domain::recordsJson(records));
        return Done{};
    }
    if (records.empty()) {
        context.out << "No " << collection << " records.\n";
        return Done{};
    }
    std::vector<std::string> headers{"ID"};
    for (const auto& column : columns) {
        headers.push_back(column.first);
    }
    Table table(std::move(headers));
    for (const auto& record : records) {
        std::vector<std::string> cells{record.id};
        for (const auto& column : columns) {
            const auto found = record.fields.find(column.second);
            cells.push_back(found == record.fields.end() ? std::string() : displayValue(*found));
        }
        table.addRow(std::move(cells));
    }
    table.print(context.out);
    return Done{};
}

bool matches(const Record& record, const std::vector<Condition>& where) {
    for (const auto& [field, expected] : where) {
        const auto found = record.fields.find(field);
        if (found == record.fields.end() || !found->is_string() || found->get<std::string>() != expected) {
            return false;
        }
    }
    return true;
}

} // namespace

Expected<Json, Failure> fieldsOf(const schema::SchemaRegistry& registry, std::string_view collection,
                                 const WriteInput& input, bool creating) {
    Json fields = Json::object();
    for (const auto& given : input.given) {
        if (given.commaList) {
            fields[given.field] = commaList(given.text);
            continue;
        }
        auto value = typedValue(registry, collection, given.field, given.text);
        if (!value) {
            return localFailure(value.error().message, "correct the value and try again");
        }
        fields[given.field] = std::move(*value);
    }
    for (const auto& assignment : input.assignments) {
        auto parsed = parseAssignment(registry, collection, assignment);
        if (!parsed) {
            return localFailure(parsed.error().message, "correct the --set option and try again");
        }
        fields[parsed->first] = std::move(parsed->second);
    }
    if (creating) {
        for (const auto& [name, value] : input.defaults.items()) {
            if (!fields.contains(name)) {
                fields[name] = value;
            }
        }
    }
    return fields;
}

Outcome addRecord(Context& context, std::string_view collection, const WriteInput& input) {
    auto fields = fieldsOf(schema::SchemaRegistry::builtin(), collection, input, true);
    if (!fields) {
        return unexpected(fields.error());
    }
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto written = (*store)->create(collection, *fields, schema::UnknownFields::Refuse);
    if (!written) {
        return storeFailure(written.error());
    }
    return printWrite(context, *written, true);
}

Outcome editRecord(Context& context, std::string_view collection, std::string_view id,
                   const WriteInput& input) {
    auto fields = fieldsOf(schema::SchemaRegistry::builtin(), collection, input, false);
    if (!fields) {
        return unexpected(fields.error());
    }
    if (fields->empty()) {
        return localFailure("nothing to change",
                            "give at least one field option, e.g. --set NAME=VALUE (see --help)");
    }
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto existing = (*store)->get(collection, id);
    if (!existing) {
        return storeFailure(existing.error());
    }
    if (!existing->has_value()) {
        return unknownRecord(collection, id);
    }
    auto written = (*store)->write(collection, id, *fields, schema::UnknownFields::Refuse);
    if (!written) {
        return storeFailure(written.error());
    }
    return printWrite(context, *written, false);
}

Outcome showRecord(Context& context, std::string_view collection, std::string_view id) {
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto record = (*store)->get(collection, id);
    if (!record) {
        return storeFailure(record.error());
    }
    if (!record->has_value()) {
        return unknownRecord(collection, id);
    }
    if (context.json) {
        printJson(context.out, domain::recordJson(**record));
    } else {
        printRecord(context.out, **record, schema::SchemaRegistry::builtin());
    }
    return Done{};
}

Outcome listRecords(Context& context, std::string_view collection, const std::vector<Condition>& where,
                    const std::vector<Column>& columns) {
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto records = (*store)->list(collection);
    if (!records) {
        return storeFailure(records.error());
    }
    std::vector<Record> selected;
    for (auto& record : *records) {
        if (matches(record, where)) {
            selected.push_back(std::move(record));
        }
    }
    return printRecords(context, collection, selected, columns);
}

Outcome findRecords(Context& context, std::string_view collection, std::string_view text, std::size_t limit,
                    const std::vector<Column>& columns) {
    auto store = openCurrentReplica(context);
    if (!store) {
        return unexpected(store.error());
    }
    auto records = (*store)->findRecords(collection, text, limit);
    if (!records) {
        return storeFailure(records.error());
    }
    return printRecords(context, collection, *records, columns);
}

Outcome searchArticles(Context& context, std::string_view query, std::size_t limit) {
    SearchRequest request;
    request.query.text = query;
    request.query.limit = limit;
    return runSearch(context, request);
}

} // namespace knowset::cli
