// Boost.ProgramOptions glue shared by the subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace alertscan::cli {

namespace po = boost::program_options;

// Parses `args` against `visible` options plus hidden positional ones;
// turns any Boost error into a UsageError.
po::variables_map parse_command(const std::vector<std::string>& args,
                                const po::options_description& visible,
                                const po::options_description& hidden,
                                const po::positional_options_description& positional);

// The -v/-q/--help options every subcommand takes.
void add_common_options(po::options_description& options);

}  // namespace alertscan::cli

namespace alertscan::cli {

// Prints "alertscan COMMAND: MESSAGE" and the command's usage on stderr;
// returns the usage exit status.
int usage_error(const std::string& synopsis, const std::string& message,
                const po::options_description& options);

}  // namespace alertscan::cli
