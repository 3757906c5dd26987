// `scan -j N`: the inputs as an ordered list of tasks run by N workers, and
// a replay stage that hands every task's output to the sinks strictly in
// task order, so that everything downstream (time window, aggregator,
// printers) sees the same sequence as in a sequential run and every output
// is byte-identical whatever N.
//
// A task is a whole input (through Scanner, as sequentially) or one range of
// a large plain text file (range_scan.hpp). Tasks are made lazily and at
// most `window` are in flight, so memory stays bounded whatever the number
// and size of the inputs.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "formats/input_format.hpp"
#include "formats/schannel_events.hpp"
#include "match/pattern.hpp"
#include "scanner.hpp"
#include "summary/hit.hpp"
#include "summary/summary.hpp"

namespace alertscan {

struct ParallelScanOptions {
    static constexpr std::uint64_t kDefaultRangeBytes = 8 << 20;

    unsigned jobs = 2;                               // worker threads, >= 1
    std::uint64_t range_bytes = kDefaultRangeBytes;  // size of a range of a large file
    std::optional<InputFormat> forced;               // --input-format
    bool split_files = true;                         // cut large plain text files into ranges
    std::size_t context_bytes = 0;                   // Matcher::context_bytes() of the patterns
    // Where each input starts (--state), parallel to the inputs; empty: all
    // from the start. A split file is cut into ranges over [offset, end of
    // its last complete line) when the partial last line is held.
    std::vector<ScanStart> starts;
};

struct ParallelScanSinks {
    HitSink& hits;
    SchannelEventSink& events;
    // Each input's summary, in input order, after its hits and events.
    std::function<void(InputSummary)> on_input;
    // Input bytes done (file sizes; a range's size once it is replayed).
    std::function<void(std::uint64_t bytes, bool input_done)> on_progress;
};

// Whether scan_in_parallel would cut `path` (starting at `start`) into
// ranges for several workers.
bool splits_into_ranges(const std::string& path, const ScanStart& start,
                        const ParallelScanOptions& options);

// Scans `inputs` in order. `patterns` must outlive the call. Exceptions
// other than input errors (which end up in the inputs' summaries) are
// rethrown once the workers have stopped.
void scan_in_parallel(const std::vector<std::string>& inputs,
                      const std::vector<PatternDef>& patterns, const ParallelScanOptions& options,
                      const ParallelScanSinks& sinks);

}  // namespace alertscan
