// Turns chunks of text into hits: the literal prefilter picks candidate
// lines, RE2 runs only on those, and each match becomes a Hit with its
// position, captures and line context.
//
// A Matcher owns its compiled regexes and scratch space and is not shared:
// give each worker thread its own.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "input/chunk_reader.hpp"
#include "match/pattern.hpp"
#include "match/prefilter.hpp"
#include "summary/hit.hpp"

namespace re2 {
class RE2;
}

namespace alertscan {

class Matcher {
  public:
    // Precondition: the definitions passed parse_patterns() validation.
    explicit Matcher(const std::vector<PatternDef>& patterns);
    ~Matcher();
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    // Reports every hit in `chunk` to `sink`, in input order, with `file`
    // as the hit's file name.
    void scan(const Chunk& chunk, const std::string& file, HitSink& sink);

  private:
    struct Compiled;
    struct LineMatch;

    void match_line(std::string_view line, std::uint64_t literals,
                    std::vector<LineMatch>& out) const;
    Hit make_hit(const LineMatch& match, std::string_view line, bool line_is_whole) const;

    std::vector<std::unique_ptr<Compiled>> compiled_;
    Prefilter prefilter_;
    std::vector<CandidateLine> candidates_;  // reused between chunks
};

// Unique literals of all patterns, in first-seen order (the prefilter's input).
std::vector<std::string> distinct_literals(const std::vector<PatternDef>& patterns);

}  // namespace alertscan
