// alertscan: finds TLS alerts in SChannel and GSKit logs, explains them and
// summarizes them per code. This file only dispatches to a subcommand.

#include <iostream>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "cli/interrupt.hpp"
#include "output/json_fields.hpp"

namespace {

constexpr const char* kUsage =
    "usage: alertscan COMMAND [options] [ARGS...]\n"
    "\n"
    "commands:\n"
    "  scan [PATH...]        find TLS alerts in logs and summarize them per code\n"
    "  explain CODE|NAME...  explain a TLS alert (46, certificate_unknown, user_cancelled)\n"
    "  patterns              list the loaded patterns; --check PATH validates pattern files\n"
    "  merge SUMMARY...      merge the JSON summaries (scan -f json) of many hosts\n"
    "\n"
    "'alertscan COMMAND --help' shows the options of a command; --version the version.\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace alertscan::cli;
    install_interrupt_handlers();
    std::ios::sync_with_stdio(false);
    route_stdout();
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return kExitTrouble;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return kExitOk;
    }
    if (command == "--version" || command == "-V") {
        std::cout << alertscan::generator_name() << '\n';
        return kExitOk;
    }
    if (command == "scan") return run_scan(args);
    if (command == "explain") return run_explain(args);
    if (command == "patterns") return run_patterns(args);
    if (command == "merge") return run_merge(args);
    std::cerr << "alertscan: unknown command '" << command << "'\n\n" << kUsage;
    return kExitTrouble;
}
