// alertscan scan [options] [PATH...]: the main job.

#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/common.hpp"
#include "cli/options.hpp"
#include "input/path_walker.hpp"
#include "match/matcher.hpp"
#include "output/printer.hpp"
#include "scanner.hpp"

namespace alertscan::cli {
namespace {

constexpr const char* kSynopsis = "alertscan scan [options] [PATH...]";

// Hands every hit to the aggregator and to the printer.
class TeeSink : public HitSink {
  public:
    TeeSink(HitSink& a, HitSink& b) : a_(a), b_(b) {}
    void on_hit(const Hit& hit) override {
        a_.on_hit(hit);
        b_.on_hit(hit);
    }

  private:
    HitSink& a_;
    HitSink& b_;
};

CommandSpec scan_spec() {
    CommandSpec spec{kSynopsis,
                     "Finds TLS alerts in SChannel and GSKit logs and summarizes them per code.\n"
                     "PATH may be a file, a directory (read recursively) or - for stdin;\n"
                     "with no PATH, stdin is read.",
                     po::options_description("Options"), "path"};
    spec.options.add_options()  //
        ("format,f", po::value<std::string>()->default_value("table"),
         "output: table (summary for people), json (summary), jsonl (one object per hit)")  //
        ("input-format", po::value<std::string>(),
         "read every input as: text, evtx, xml, csv, json or wintext (default: detected "
         "from the content)")  //
        ("patterns,p", po::value<std::vector<std::string>>()->composing(),
         "pattern file or directory of *.ini files, added to the built-in set "
         "(same id replaces); repeatable");
    return spec;
}

}  // namespace

int run_scan(const std::vector<std::string>& args) {
    CommandSpec spec = scan_spec();
    po::variables_map vm;
    if (auto exit = parse_command_line(spec, args, vm)) return *exit;
    const std::string format = vm["format"].as<std::string>();
    std::unique_ptr<Printer> printer = make_printer(format, std::cout);
    if (!printer) {
        return usage_error(spec, "unknown --format '" + format + "' (table, json or jsonl)");
    }

    std::vector<PatternDef> patterns;
    try {
        patterns =
            load_patterns(vm.count("patterns") ? vm["patterns"].as<std::vector<std::string>>()
                                               : std::vector<std::string>{});
    } catch (const PatternError& error) {
        report(error);
        return kExitTrouble;
    }

    std::vector<std::string> paths = operands(spec, vm);
    if (paths.empty()) paths.push_back("-");
    std::vector<WalkProblem> walk_problems;
    std::vector<std::string> inputs = expand_paths(paths, walk_problems);

    std::optional<InputFormat> forced_format;
    if (vm.count("input-format")) {
        const std::string name = vm["input-format"].as<std::string>();
        forced_format = parse_input_format(name);
        if (!forced_format) {
            return usage_error(spec, "unknown --input-format '" + name +
                                         "' (text, evtx, xml, csv, json or wintext)");
        }
    }

    Matcher matcher(patterns);
    Scanner scanner(matcher, forced_format);
    Aggregator aggregator;
    TeeSink sink(aggregator, *printer);
    for (const WalkProblem& problem : walk_problems) {
        spdlog::error("{}: {}", problem.path, problem.cause);
        InputSummary failed;
        failed.path = problem.path;
        failed.error = problem.cause;
        aggregator.add_input(std::move(failed));
    }
    for (const std::string& input : inputs) {
        InputSummary summary = scanner.scan(input, sink, aggregator);
        if (summary.error) spdlog::error("{}: {}", input, *summary.error);
        spdlog::debug("{}: {}, {} bytes, {} lines, {} records, {} hits, {}", input, summary.format,
                      summary.bytes, summary.lines, summary.records.value_or(0), summary.hits,
                      summary.encoding);
        aggregator.add_input(std::move(summary));
    }
    printer->finish(aggregator.summary());
    if (!flush_output()) return kExitTrouble;
    return aggregator.summary().failed_inputs() > 0 ? kExitTrouble : kExitOk;
}

}  // namespace alertscan::cli
