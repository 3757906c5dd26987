// alertscan merge [options] SUMMARY.json...: one summary from the summaries
// of many hosts (each written by `scan -f json`).

#include <spdlog/spdlog.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/common.hpp"
#include "cli/options.hpp"
#include "summary/merge.hpp"
#include "util/text.hpp"

namespace alertscan::cli {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kSynopsis = "alertscan merge [options] SUMMARY.json...";

CommandSpec merge_spec() {
    CommandSpec spec{
        kSynopsis,
        "Merges summaries written by 'alertscan scan -f json' (schema alertscan.summary/1),\n"
        "e.g. one per host, into one summary of the same schema, plus \"merged_from\" (the\n"
        "files merged) and a \"summary\" field on every inputs[] entry (the file it came\n"
        "from). SUMMARY may be - for stdin. Counts add, first_seen/last_seen widen, entries\n"
        "merge by code (return codes by numbering and code, events by id, hosts by name).\n"
        "Top lists (peers, hosts, channels, error states, ...) are merged by value and cut\n"
        "again to the 10 most frequent, so they are approximate: a value below the top 10\n"
        "of every file is missing. A file that cannot be read, is not JSON or is not an\n"
        "alertscan summary is an error (exit status 2, nothing printed).",
        po::options_description("Options"), "summary"};
    spec.options.add_options()  //
        ("format,f", po::value<std::string>()->default_value("json"),
         "output: json (the merged summary, schema alertscan.summary/1) or table (totals "
         "and one line per alert, return code, event and host)");
    return spec;
}

json read_summary(const std::string& path) {
    std::string text;
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        if (std::cin.bad()) throw MergeError(path + ": cannot read standard input");
        text = buffer.str();
    } else {
        // An ifstream opens a directory and reads nothing from it.
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            throw MergeError(path + ": " + errno_message(EISDIR));
        errno = 0;
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw MergeError(path + ": " + (errno ? errno_message(errno) : "cannot open"));
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        if (in.bad()) throw MergeError(path + ": read failed");
        text = buffer.str();
    }
    try {
        return json::parse(text);
    } catch (const json::parse_error& error) {
        throw MergeError(path + ": not JSON: " + error.what());
    }
}

std::string text_of(const json& value) {
    if (value.is_null()) return "-";
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

std::string count_of(const json& entry, const char* field) {
    return entry.contains(field) ? text_of(entry[field]) : "0";
}

void print_table(const json& merged, std::ostream& out) {
    const json& totals = merged["totals"];
    out << "merged " << merged["merged_from"].size() << " summaries: " << count_of(totals, "hits")
        << " hits (" << count_of(totals, "alert_hits") << " alerts, "
        << count_of(totals, "gskit_hits") << " return codes) in " << count_of(totals, "inputs")
        << " inputs, " << count_of(totals, "failed_inputs") << " failed\n";
    auto row = [&](std::initializer_list<std::pair<std::string, int>> cells) {
        const char* separator = "";
        for (const auto& [text, width] : cells) {
            out << separator << (width < 0 ? std::left : std::right)
                << std::setw(width < 0 ? -width : width) << text;
            separator = " ";
        }
        out << '\n';
    };
    if (!merged["alerts"].empty()) {
        out << "\nTLS alerts\n";
        row({{"code", 5},
             {"name", -28},
             {"count", 7},
             {"recv", 6},
             {"sent", 6},
             {"first seen", -28},
             {"last seen", 0}});
        for (const json& alert : merged["alerts"]) {
            row({{text_of(alert["code"]), 5},
                 {alert.value("name", json(nullptr)).is_null() ? "(unassigned)"
                                                               : text_of(alert["name"]),
                  -28},
                 {count_of(alert, "count"), 7},
                 {count_of(alert, "received"), 6},
                 {count_of(alert, "sent"), 6},
                 {text_of(alert.value("first_seen", json(nullptr))), -28},
                 {text_of(alert.value("last_seen", json(nullptr))), 0}});
        }
    }
    if (!merged["gskit_codes"].empty()) {
        out << "\nGSKit return codes\n";
        row({{"table:code", -18},
             {"name", -34},
             {"count", 7},
             {"first seen", -28},
             {"last seen", 0}});
        for (const json& code : merged["gskit_codes"]) {
            row({{text_of(code["table"]) + ":" + text_of(code.value("code", json(nullptr))), -18},
                 {text_of(code.value("name", json(nullptr))), -34},
                 {count_of(code, "count"), 7},
                 {text_of(code.value("first_seen", json(nullptr))), -28},
                 {text_of(code.value("last_seen", json(nullptr))), 0}});
        }
    }
    if (!merged["schannel_events"].empty()) {
        out << "\nSChannel events\n";
        row({{"event", 6}, {"count", 7}, {"description", 0}});
        for (const json& event : merged["schannel_events"]) {
            row({{text_of(event["event_id"]), 6},
                 {count_of(event, "count"), 7},
                 {text_of(event.value("description", json(nullptr))), 0}});
        }
    }
    if (!merged["hosts"].empty()) {
        out << "\nHosts\n";
        row({{"host", -32}, {"alerts", 7}, {"recv", 6}, {"sent", 6}, {"gskit", 6}, {"events", 0}});
        for (const json& host : merged["hosts"]) {
            row({{text_of(host["host"]), -32},
                 {count_of(host, "alerts"), 7},
                 {count_of(host, "received"), 6},
                 {count_of(host, "sent"), 6},
                 {count_of(host, "gskit_codes"), 6},
                 {count_of(host, "schannel_events"), 0}});
        }
    }
}

}  // namespace

int run_merge(const std::vector<std::string>& args) {
    CommandSpec spec = merge_spec();
    po::variables_map vm;
    if (auto exit = parse_command_line(spec, args, vm)) return *exit;
    const std::string format = vm["format"].as<std::string>();
    if (format != "json" && format != "table") {
        return usage_error(spec, "unknown --format '" + format + "' (json or table)");
    }
    const std::vector<std::string> paths = operands(spec, vm);
    if (paths.empty()) return usage_error(spec, "merge needs at least one SUMMARY.json");

    json merged;
    try {
        SummaryMerger merger;
        for (const std::string& path : paths) merger.add(path, read_summary(path));
        merged = merger.result();
    } catch (const MergeError& error) {
        spdlog::error("{}", error.what());
        return kExitTrouble;
    }
    if (format == "json") {
        std::cout << merged.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    } else {
        print_table(merged, std::cout);
    }
    if (!flush_output()) return kExitTrouble;
    return kExitOk;
}

}  // namespace alertscan::cli
