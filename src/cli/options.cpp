#include "cli/options.hpp"

#include "cli/common.hpp"

namespace alertscan::cli {

po::variables_map parse_command(const std::vector<std::string>& args,
                                const po::options_description& visible,
                                const po::options_description& hidden,
                                const po::positional_options_description& positional) {
    po::options_description all;
    all.add(visible).add(hidden);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& error) {
        throw UsageError(error.what());
    }
    return vm;
}

void add_common_options(po::options_description& options) {
    options.add_options()                                          //
        ("verbose,v", "also print debug diagnostics on stderr")  //
        ("quiet,q", "print only errors on stderr")                //
        ("help,h", "show this help");
}

}  // namespace alertscan::cli

#include <iostream>

namespace alertscan::cli {

int usage_error(const std::string& synopsis, const std::string& message,
                const po::options_description& options) {
    std::cerr << "alertscan: " << message << "\n\nusage: " << synopsis << "\n" << options;
    return kExitTrouble;
}

}  // namespace alertscan::cli
