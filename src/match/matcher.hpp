// Turns chunks of text into hits: the literal prefilter picks candidate
// lines, RE2 runs only on those, and each match becomes a Hit with its
// position, captures and line context.
//
// A Matcher owns its compiled regexes and scratch space and is not shared:
// give each worker thread its own.
#pragma once

#include <re2/stringpiece.h>

#include <memory>
#include <optional>
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
    // Precondition: the definitions passed parse_patterns() validation
    // (otherwise a regex that does not compile throws PatternError on the
    // first scan). The matcher keeps its own copy of them, and compiles them
    // on its first scan: a run that never matches text (an EVTX file whose
    // records carry the alert as fields, or the main thread of a parallel
    // run) does not pay for it.
    explicit Matcher(const std::vector<PatternDef>& patterns);
    ~Matcher();
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    // How many bytes of look-behind and look-ahead the chunks must carry
    // for the patterns that read lines around their literal (0 when none do).
    std::size_t context_bytes() const { return context_bytes_; }

    // Reports every hit in `chunk` to `sink`, in input order, with `file`
    // as the hit's file name. Chunks of one input come in order; a chunk at
    // offset 0 starts a new input.
    void scan(const Chunk& chunk, const std::string& file, HitSink& sink);

    // Starts a new input (or a range of one, whose first chunk is not at
    // offset 0): forgets which multi-line records were reported.
    void begin_input();

  private:
    struct Compiled;
    struct Match;

    void compile();
    void match_candidate(const Chunk& chunk, const CandidateLine& candidate,
                         std::vector<Match>& out);
    // The leftmost match of `re` in subject[from, end) with its groups in
    // groups_[0, group_count); false when there is none.
    bool find_with_captures(const re2::RE2& re, re2::StringPiece subject, std::size_t from,
                            int group_count);
    std::optional<Hit> make_hit(const Match& match, const Chunk& chunk) const;

    std::vector<PatternDef> patterns_;  // Compiled::def points into it
    std::vector<std::unique_ptr<Compiled>> compiled_;
    std::unique_ptr<Prefilter> prefilter_;  // null until compile()
    std::size_t context_bytes_ = 0;
    std::vector<CandidateLine> candidates_;  // reused between chunks
    std::vector<re2::StringPiece> groups_;   // RE2's captures, reused between tries
    NewlineCounter own_newlines_;            // for chunks that bring no counter
};

// The prefilter's probe for each pattern, in pattern order.
std::vector<Probe> prefilter_probes(const std::vector<PatternDef>& patterns);

}  // namespace alertscan
