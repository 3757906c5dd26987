// The pipeline for one input: open -> decode -> cut into chunks -> match,
// with hits going to a sink. Errors end that input only: they are returned
// in the InputSummary, and the caller goes on with the next input.
#pragma once

#include <string>

#include "match/matcher.hpp"
#include "summary/summary.hpp"

namespace alertscan {

class Scanner {
  public:
    explicit Scanner(Matcher& matcher) : matcher_(matcher) {}

    // Reads `path` ("-" for stdin) to the end, passing hits to `sink`.
    InputSummary scan(const std::string& path, HitSink& sink);

  private:
    Matcher& matcher_;
};

}  // namespace alertscan
