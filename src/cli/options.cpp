#include "cli/options.hpp"

#include <iostream>

#include "cli/common.hpp"

namespace alertscan::cli {

std::optional<int> parse_command_line(CommandSpec& spec, const std::vector<std::string>& args,
                                      po::variables_map& vm) {
    spec.options.add_options()                                   //
        ("verbose,v", "also print debug diagnostics on stderr")  //
        ("quiet,q", "print only errors on stderr")               //
        ("help,h", "show this help");
    po::options_description all;
    all.add(spec.options);
    po::positional_options_description positional;
    if (!spec.positional_name.empty()) {
        all.add_options()(spec.positional_name.c_str(), po::value<std::vector<std::string>>());
        positional.add(spec.positional_name.c_str(), -1);
    }
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& error) {
        return usage_error(spec, error.what());
    }
    if (vm.count("help")) {
        std::cout << "usage: " << spec.synopsis << "\n\n"
                  << spec.description << "\n\n"
                  << spec.options;
        return kExitOk;
    }
    setup_logging(vm.count("verbose") > 0, vm.count("quiet") > 0);
    return std::nullopt;
}

int usage_error(const CommandSpec& spec, const std::string& message) {
    std::cerr << "alertscan: " << message << "\n\nusage: " << spec.synopsis << "\n" << spec.options;
    return kExitTrouble;
}

std::vector<std::string> operands(const CommandSpec& spec, const po::variables_map& vm) {
    if (spec.positional_name.empty() || !vm.count(spec.positional_name)) return {};
    return vm[spec.positional_name].as<std::vector<std::string>>();
}

}  // namespace alertscan::cli
