#include "cli/common.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <iostream>

#include "util/text.hpp"

namespace alertscan::cli {

void setup_logging(bool verbose, bool quiet) {
    auto logger = spdlog::stderr_logger_st("alertscan");
    logger->set_pattern("alertscan: %l: %v");
    logger->set_level(quiet     ? spdlog::level::err
                      : verbose ? spdlog::level::debug
                                : spdlog::level::info);
    spdlog::set_default_logger(logger);
}

std::vector<PatternDef> load_patterns(const std::vector<std::string>& extra_paths) {
    std::vector<PatternDef> patterns = builtin_patterns();
    for (const std::string& path : extra_paths) {
        merge_patterns(patterns, load_pattern_path(path));
    }
    return patterns;
}

void report(const PatternError& error) {
    for (const PatternProblem& problem : error.problems()) spdlog::error("{}", problem.to_string());
}

bool flush_output() {
    errno = 0;
    std::cout.flush();
    if (std::cout) return true;
    spdlog::error("cannot write to standard output: {}",
                  errno ? errno_message(errno) : "write failed");
    return false;
}

}  // namespace alertscan::cli
