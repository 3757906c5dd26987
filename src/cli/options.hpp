// Boost.ProgramOptions glue shared by the subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace alertscan::cli {

namespace po = boost::program_options;

// What a subcommand accepts and how it describes itself in --help.
struct CommandSpec {
    std::string synopsis;                        // "alertscan scan [options] [PATH...]"
    std::string description;                     // paragraph printed by --help
    po::options_description options{"Options"};  // shown in usage; -v/-q/-h are added
    std::string positional_name;                 // "" when the command takes no operands
};

// Parses `args` into `vm`. Returns an exit status when the command should end
// right away: 0 after printing --help, 2 after printing a usage error (one
// line plus the usage, on stderr). Returns nothing when the command should run.
std::optional<int> parse_command_line(CommandSpec& spec, const std::vector<std::string>& args,
                                      po::variables_map& vm);

// Prints "alertscan: MESSAGE" and the command's usage on stderr; returns 2.
int usage_error(const CommandSpec& spec, const std::string& message);

// The operands of the command (values of its positional option).
std::vector<std::string> operands(const CommandSpec& spec, const po::variables_map& vm);

}  // namespace alertscan::cli
