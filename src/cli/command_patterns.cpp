// alertscan patterns [--patterns PATH] [--check PATH...]: list or validate
// pattern definitions.

#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/common.hpp"
#include "cli/options.hpp"

namespace alertscan::cli {
namespace {

constexpr const char* kSynopsis = "alertscan patterns [options]";

void list(const std::vector<PatternDef>& patterns, std::ostream& out) {
    for (const PatternDef& def : patterns) {
        out << def.id << "\n    source: " << def.source;
        if (def.event_id) out << ", event " << *def.event_id;
        out << ", direction: "
            << (def.direction_from_capture ? "from the line" : to_string(def.direction))
            << "\n    from:   " << def.origin << '\n';
        if (!def.description.empty()) out << "    " << def.description << '\n';
    }
}

int check(const std::vector<std::string>& paths) {
    int status = kExitOk;
    for (const std::string& path : paths) {
        try {
            std::size_t count = load_pattern_path(path).size();
            std::cout << path << ": " << count << " pattern" << (count == 1 ? "" : "s") << " OK\n";
        } catch (const PatternError& error) {
            report(error);
            status = kExitTrouble;
        }
    }
    return status;
}

}  // namespace

int run_patterns(const std::vector<std::string>& args) {
    CommandSpec spec{kSynopsis,
                     "Lists the loaded patterns and where each came from, or checks files.",
                     po::options_description("Options"), ""};
    spec.options.add_options()  //
        ("patterns,p", po::value<std::vector<std::string>>()->composing(),
         "pattern file or directory to add to the built-in set before listing")  //
        ("check", po::value<std::vector<std::string>>()->composing()->multitoken(),
         "validate these pattern files or directories and report problems as FILE:LINE");
    po::variables_map vm;
    if (auto exit = parse_command_line(spec, args, vm)) return *exit;
    int status = kExitOk;
    if (vm.count("check")) {
        status = check(vm["check"].as<std::vector<std::string>>());
    } else {
        try {
            list(load_patterns(vm.count("patterns") ? vm["patterns"].as<std::vector<std::string>>()
                                                    : std::vector<std::string>{}),
                 std::cout);
        } catch (const PatternError& error) {
            report(error);
            status = kExitTrouble;
        }
    }
    if (!flush_output()) return kExitTrouble;
    return status;
}

}  // namespace alertscan::cli
