// alertscan scan [options] [PATH...]: the main job. Reads the options into
// ScanSettings, then runs the pipeline over every input and prints.

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>
#include <variant>

#include "cli/common.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "input/path_walker.hpp"
#include "match/matcher.hpp"
#include "output/atomic_file.hpp"
#include "output/printer.hpp"
#include "pipeline/parallel_scan.hpp"
#include "scanner.hpp"
#include "state/state_session.hpp"
#include "summary/fail_on.hpp"
#include "summary/time_window.hpp"

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

struct ScanSettings {
    std::string format;
    std::vector<std::string> pattern_paths;
    std::optional<InputFormat> input_format;
    FailCondition fail_on;
    TimeWindow window;
    bool quiet = false;
    std::string output_path;
    std::string state_path;
    std::vector<std::string> paths;
    WalkOptions walk;
    unsigned jobs = 1;
    std::uint64_t range_bytes = ParallelScanOptions::kDefaultRangeBytes;
};

unsigned default_jobs() {
    return std::max(1u, std::thread::hardware_concurrency());
}

CommandSpec scan_spec() {
    CommandSpec spec{kSynopsis,
                     "Finds TLS alerts in SChannel and GSKit logs and summarizes them per code.\n"
                     "PATH may be a file, a directory (read recursively) or - for stdin;\n"
                     "with no PATH, stdin is read.",
                     po::options_description("Options"), "path"};
    spec.options.add_options()  //
        ("format,f", po::value<std::string>()->default_value("table"),
         "output: table (summary for people), json (summary), jsonl (one object per hit), "
         "csv, markdown (for a mail), prometheus (node_exporter textfile), html (one page)")  //
        ("output,o", po::value<std::string>(),
         "write the output to this file, atomically (readers never see half of it)")  //
        ("input-format", po::value<std::string>(),
         "read every input as: text, evtx, xml, csv, json or wintext (default: detected "
         "from the content)")  //
        ("patterns,p", po::value<std::vector<std::string>>()->composing(),
         "pattern file or directory of *.ini files, added to the built-in set "
         "(same id replaces); repeatable")  //
        ("since", po::value<std::string>(),
         "keep only records at or after this time: ISO 8601 (2024-03-01, "
         "2024-03-01T06:00:00Z) or a duration back from now (90m, 24h, 7d, 2w); "
         "records without a time are kept and counted as undated")                              //
        ("until", po::value<std::string>(), "keep only records before this time (same forms)")  //
        ("include,g", po::value<std::vector<std::string>>()->composing(),
         "in directories, read only files matching this glob (*, **, ?, [..], {a,b}); "
         "repeatable")  //
        ("exclude", po::value<std::vector<std::string>>()->composing(),
         "in directories, skip files and directories matching this glob; repeatable")  //
        ("jobs,j", po::value<unsigned>()->default_value(default_jobs()),
         "worker threads: files are read in parallel, and so are parts of a large plain "
         "text file; the output is the same whatever the number (default: the number of "
         "cores)")  //
        ("state", po::value<std::string>(),
         "incremental run: read each file only past what the last run with this state file "
         "read, following log rotation (rename, copytruncate, compression); written after "
         "the scan, locked while it runs (docs/state.md)")  //
        ("fail-on", po::value<std::string>()->default_value("none"),
         "exit 1 after printing when: none, any (any alert or return code), fatal (a fatal "
         "alert), or a comma list of codes (40,certificate_unknown,gsk:414)");
    return spec;
}

// The settings, or the exit status of a usage error already reported.
std::variant<ScanSettings, int> read_settings(const CommandSpec& spec,
                                              const po::variables_map& vm) {
    ScanSettings settings;
    settings.format = vm["format"].as<std::string>();
    if (vm.count("patterns"))
        settings.pattern_paths = vm["patterns"].as<std::vector<std::string>>();
    if (vm.count("input-format")) {
        const std::string name = vm["input-format"].as<std::string>();
        settings.input_format = parse_input_format(name);
        if (!settings.input_format) {
            return usage_error(spec, "unknown --input-format '" + name +
                                         "' (text, evtx, xml, csv, json or wintext)");
        }
    }
    std::string error;
    auto fail_on = FailCondition::parse(vm["fail-on"].as<std::string>(), error);
    if (!fail_on) return usage_error(spec, "bad --fail-on: " + error);
    settings.fail_on = *fail_on;
    settings.window.now = std::time(nullptr);
    for (const char* bound : {"since", "until"}) {
        if (!vm.count(bound)) continue;
        const std::string text = vm[bound].as<std::string>();
        auto when = parse_time_bound(text, settings.window.now);
        if (!when) {
            return usage_error(spec, std::string("bad --") + bound + " '" + text +
                                         "' (an ISO 8601 time or a duration such as 24h or 7d)");
        }
        (std::string_view(bound) == "since" ? settings.window.since : settings.window.until) = when;
    }
    for (const char* key : {"include", "exclude"}) {
        if (!vm.count(key)) continue;
        for (const std::string& glob : vm[key].as<std::vector<std::string>>()) {
            if (auto problem = glob_error(glob)) {
                return usage_error(spec,
                                   std::string("bad --") + key + " '" + glob + "': " + *problem);
            }
        }
        (std::string_view(key) == "include" ? settings.walk.include : settings.walk.exclude) =
            vm[key].as<std::vector<std::string>>();
    }
    settings.jobs = vm["jobs"].as<unsigned>();
    if (settings.jobs == 0) return usage_error(spec, "bad --jobs: 0 (at least 1)");
    // For tests: small ranges make many cuts in small files.
    if (const char* bytes = std::getenv("ALERTSCAN_RANGE_BYTES")) {
        settings.range_bytes = std::max<std::uint64_t>(1, std::strtoull(bytes, nullptr, 10));
    }
    settings.quiet = vm.count("quiet") > 0;
    if (vm.count("output")) settings.output_path = vm["output"].as<std::string>();
    if (vm.count("state")) settings.state_path = vm["state"].as<std::string>();
    settings.paths = operands(spec, vm);
    if (settings.paths.empty()) settings.paths.push_back("-");
    return settings;
}

void log_input(const InputSummary& summary) {
    const std::string& input = summary.path;
    if (summary.error) {
        spdlog::error("{}: {}", input, *summary.error);
    } else if (summary.skipped_records > 0) {
        spdlog::warn("{}: {} records skipped ({}); the others were read", input,
                     summary.skipped_records, summary.skipped_records_cause);
    }
    if (!summary.skipped.empty()) spdlog::debug("{}: skipped: {}", input, summary.skipped);
    spdlog::debug("{}: {}, {} bytes, {} lines, {} records, {} hits, {}", input, summary.format,
                  summary.bytes, summary.lines, summary.records.value_or(0), summary.hits,
                  summary.encoding);
}

std::uint64_t input_size(const std::string& path) {
    struct stat info {};
    return path != "-" && ::stat(path.c_str(), &info) == 0
               ? static_cast<std::uint64_t>(info.st_size)
               : 0;
}

std::unique_ptr<ProgressLine> make_progress(const ScanSettings& settings,
                                            const std::vector<std::string>& inputs) {
    const bool enabled = progress_wanted(settings.quiet);
    std::uint64_t total = 0;
    if (enabled) {
        for (const std::string& input : inputs) total += input_size(input);
    }
    return std::make_unique<ProgressLine>(total, inputs.size(), enabled);
}

// Scans every input into `aggregator` (and `printer` for streamed hits).
// With `state`, each input starts where the last run left it.
void scan_inputs(const ScanSettings& settings, const std::vector<PatternDef>& patterns,
                 Matcher& matcher, Aggregator& aggregator, Printer& printer, StateSession* state) {
    std::vector<WalkProblem> walk_problems;
    std::vector<SkippedEntry> skipped;
    const std::vector<std::string> inputs =
        expand_paths(settings.paths, settings.walk, walk_problems, &skipped);
    for (const SkippedEntry& entry : skipped)
        spdlog::debug("{}: skipped: {}", entry.path, entry.reason);
    for (const WalkProblem& problem : walk_problems) {
        spdlog::error("{}: {}", problem.path, problem.cause);
        InputSummary failed;
        failed.path = problem.path;
        failed.error = problem.cause;
        aggregator.add_input(std::move(failed));
    }
    TeeSink hits(aggregator, printer);
    TimeWindowFilter window(settings.window, hits, aggregator);
    std::unique_ptr<ProgressLine> progress = make_progress(settings, inputs);
    std::vector<ScanStart> starts;  // empty: every input from its start
    if (state) {
        state->plan(inputs);
        for (std::size_t i = 0; i < inputs.size(); ++i) starts.push_back(state->start_of(i));
    }
    std::size_t finished = 0;  // summaries arrive in input order
    auto on_input = [&](InputSummary summary) {
        if (state) state->finish(finished, summary);
        ++finished;
        log_input(summary);
        aggregator.add_input(std::move(summary));
    };
    ParallelScanOptions options;
    options.jobs = settings.jobs;
    options.range_bytes = settings.range_bytes;
    options.forced = settings.input_format;
    options.context_bytes = matcher.context_bytes();
    options.starts = starts;
    // A single input that is not cut into ranges gains nothing from the
    // workers, and handing its hits over to this thread costs time (about
    // 10% on an EVTX file of 50,000 records).
    const ScanStart first = starts.empty() ? ScanStart{} : starts[0];
    const bool one_whole_input =
        inputs.size() == 1 && (first.skip || !splits_into_ranges(inputs[0], first, options));
    if (settings.jobs > 1 && !one_whole_input) {
        ParallelScanSinks sinks{
            window, window, on_input,
            [&](std::uint64_t bytes, bool input_done) { progress->advance(bytes, input_done); }};
        scan_in_parallel(inputs, patterns, options, sinks);
        return;
    }
    Scanner scanner(matcher, settings.input_format);
    scanner.set_helper_threads(settings.jobs > 1);  // a .gz or .evtx still uses two cores
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& input = inputs[i];
        on_input(scanner.scan(input, window, window, starts.empty() ? ScanStart{} : starts[i]));
        progress->advance(input_size(input), true);
    }
}

}  // namespace

int run_scan(const std::vector<std::string>& args) {
    CommandSpec spec = scan_spec();
    po::variables_map vm;
    if (auto exit = parse_command_line(spec, args, vm)) return *exit;
    auto read = read_settings(spec, vm);
    if (const int* exit = std::get_if<int>(&read)) return *exit;
    const ScanSettings& settings = std::get<ScanSettings>(read);

    // -q prints nothing but errors: without -o the output goes nowhere.
    std::ostream discard(nullptr);
    std::unique_ptr<AtomicFile> file;
    if (!settings.output_path.empty()) {
        try {
            file = std::make_unique<AtomicFile>(settings.output_path);
        } catch (const std::exception& error) {
            spdlog::error("{}", error.what());
            return kExitTrouble;
        }
    }
    std::ostream& out = file ? file->stream() : settings.quiet ? discard : std::cout;
    std::unique_ptr<Printer> printer = make_printer(settings.format, out);
    if (!printer) {
        return usage_error(spec, "unknown --format '" + settings.format +
                                     "' (table, json, jsonl, csv, markdown, prometheus or html)");
    }
    std::vector<PatternDef> patterns;
    try {
        patterns = load_patterns(settings.pattern_paths);
    } catch (const PatternError& error) {
        report(error);
        return kExitTrouble;
    }

    // Locked and loaded before anything is scanned: a bad state file stops the run.
    std::unique_ptr<StateSession> state;
    if (!settings.state_path.empty()) {
        try {
            state = std::make_unique<StateSession>(settings.state_path);
        } catch (const StateError& error) {
            spdlog::error("{}", error.what());
            return kExitTrouble;
        }
    }

    Matcher matcher(patterns);
    Aggregator aggregator;
    scan_inputs(settings, patterns, matcher, aggregator, *printer, state.get());
    printer->finish(aggregator.summary());
    if (file) {
        try {
            file->commit();
        } catch (const std::exception& error) {
            spdlog::error("{}", error.what());
            return kExitTrouble;
        }
    } else if (!flush_output()) {
        return kExitTrouble;
    }
    // Only once the results are out: a run that dies before leaves the old
    // state, and the next run reads the same lines again.
    if (state) {
        try {
            state->save();
        } catch (const StateError& error) {
            spdlog::error("{}", error.what());
            return kExitTrouble;
        }
    }
    if (aggregator.summary().failed_inputs() > 0) return kExitTrouble;
    return settings.fail_on.met(aggregator.summary()) ? kExitFound : kExitOk;
}

}  // namespace alertscan::cli
