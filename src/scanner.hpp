// The pipeline for one input: open -> detect the format -> decode -> cut
// into chunks -> match lines or read event records, with hits and SChannel
// events going to sinks. Errors end that input only: they are returned in
// the InputSummary, and the caller goes on with the next input.
#pragma once

#include <optional>
#include <string>

#include "formats/input_format.hpp"
#include "formats/schannel_events.hpp"
#include "match/matcher.hpp"
#include "summary/summary.hpp"

namespace alertscan {

class Scanner {
  public:
    // `forced`: read every input in this format instead of detecting it.
    explicit Scanner(Matcher& matcher, std::optional<InputFormat> forced = std::nullopt)
        : matcher_(matcher), forced_(forced) {}

    // Reads `path` ("-" for stdin) to the end.
    InputSummary scan(const std::string& path, HitSink& hits, SchannelEventSink& events);

    // Decompress on a thread of its own, ahead of the matching.
    void set_threaded_decompression(bool on) { threaded_decompression_ = on; }

  private:
    Matcher& matcher_;
    std::optional<InputFormat> forced_;
    bool threaded_decompression_ = false;
};

}  // namespace alertscan
