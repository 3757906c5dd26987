// Matching one range of a plain text file, the within-file half of -j.
//
// A worker reads [begin, end) with pread, plus look-behind before it and
// look-ahead after it when patterns read lines around their literal
// (Matcher::context_bytes()), through the same ChunkReader and Matcher as the
// sequential path. It reports the hits found from candidate lines (lines
// holding a pattern's literal) that start inside [begin, end), as the
// sequential path reports a hit in its candidate line's turn: each hit is
// reported by exactly one range, in sequential order. A multi-line record
// seen from lines on both sides of a cut is reported once: the worker first
// matches the look-behind lines, without reporting, to learn what the
// previous range reported. Line numbers come out relative to the
// range (1 = the line at `begin`); the replay adds the lines of the ranges
// before, which it knows by then.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "formats/input_format.hpp"
#include "match/matcher.hpp"
#include "pipeline/line_ranges.hpp"

namespace alertscan {

struct LineRange {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

// Scans `range` of `file` (named `path` in hits) into `hits`. `floor` is
// where the scan of the file began: no look-behind before it. Returns the
// number of newlines in the range. Throws InputError on a read error.
std::uint64_t scan_range(const PreadFile& file, const std::string& path, LineRange range,
                         std::uint64_t floor, Matcher& matcher, HitSink& hits);

// True when the sequential path would read `path` as plain line text in
// UTF-8 without a BOM: a regular file, not compressed, not EVTX or binary,
// text by detection (or forced to text). Only such files are split. Does not
// throw: an unreadable file is left to the sequential path, which reports it.
bool splittable_text_file(const std::string& path, std::optional<InputFormat> forced,
                          std::size_t context_bytes);

}  // namespace alertscan
