// What every subcommand shares: exit statuses, usage errors, logging setup
// and the pattern set a run uses.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "match/pattern.hpp"

namespace alertscan::cli {

// Exit statuses (documented in README.md, "Exit status").
enum ExitStatus : int {
    kExitOk = 0,       // every input was read
    kExitFound = 1,    // reserved for --fail-on conditions
    kExitTrouble = 2,  // an input failed, bad command line, bad pattern file, output error
};

// A wrong command line: printed as one line plus the command's usage.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Routes diagnostics to stderr through spdlog: info by default, debug with
// -v, errors only with -q.
void setup_logging(bool verbose, bool quiet);

// Built-in patterns, then each --patterns path on top (same id replaces).
// Throws PatternError.
std::vector<PatternDef> load_patterns(const std::vector<std::string>& extra_paths);

// Logs every problem of a PatternError, one line each.
void report(const PatternError& error);

// Flushes stdout; false (after logging why) when the output could not be written.
bool flush_output();

int run_scan(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_patterns(const std::vector<std::string>& args);
int run_merge(const std::vector<std::string>& args);

}  // namespace alertscan::cli
