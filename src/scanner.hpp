// The pipeline for one input: open -> detect the format -> decode -> cut
// into chunks -> match lines or read event records, with hits and SChannel
// events going to sinks. Errors end that input only: they are returned in
// the InputSummary, and the caller goes on with the next input.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "formats/input_format.hpp"
#include "formats/schannel_events.hpp"
#include "match/matcher.hpp"
#include "summary/summary.hpp"

namespace alertscan {

class CountingSink;
class PeekableSource;

// Where an incremental run (--state) starts reading an input and how it ends.
struct ScanStart {
    std::uint64_t offset = 0;  // bytes to skip: raw for a plain file, decompressed otherwise
    std::uint64_t line = 1;    // number of the line that starts at `offset`
    // Leave a last line without a newline for the next run (a plain file may
    // still be written to); compressed inputs are complete and read to the end.
    bool hold_partial_last_line = false;
    // Nothing new (an unchanged compressed or whole-read file): not read.
    bool skip = false;
};

class Scanner {
  public:
    // `forced`: read every input in this format instead of detecting it.
    explicit Scanner(Matcher& matcher, std::optional<InputFormat> forced = std::nullopt)
        : matcher_(matcher), forced_(forced) {}

    // Reads `path` ("-" for stdin) to the end, from `start`. The offset is
    // honoured for plain UTF-8 text only (what summary.resume_offset is set
    // for); any other input is read whole.
    InputSummary scan(const std::string& path, HitSink& hits, SchannelEventSink& events,
                      const ScanStart& start = {});

    // Allow one helper thread per input, working ahead of this one: it
    // decompresses a .gz/.zst, or decodes an EVTX file's records while this
    // thread parses them. For runs with more than one core (-j).
    void set_helper_threads(bool on) { helper_threads_ = on; }

  private:
    // True when an input starting with `head` (raw, decompressed) is plain
    // UTF-8 text, which an incremental run can resume at an offset.
    bool resumable_head(std::string_view head) const;
    void scan_text(const std::string& path, std::unique_ptr<PeekableSource> file,
                   const ScanStart& start, CountingSink& counting, SchannelInterpreter& interpreter,
                   InputSummary& summary);

    Matcher& matcher_;
    std::optional<InputFormat> forced_;
    bool helper_threads_ = false;
};

}  // namespace alertscan
