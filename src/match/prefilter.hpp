// The prefilter: finds the few lines of a buffer where a pattern could
// match, so RE2 never sees the rest.
//
// It runs one Vectorscan (Hyperscan) database over the whole buffer in a
// single SIMD pass. Each probe in the database stands for one pattern: the
// pattern's own regular expression in Hyperscan's prefilter mode (which may
// report more than RE2 would match, never less), or, for patterns that read
// several lines or that Hyperscan cannot compile, the pattern's literals.
// Each line holding a probe match is reported once, with a bit per probe
// that matched there, in line order. RE2 then does the exact, line-bounded
// matching and the captures on those lines only.
#pragma once

#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace alertscan {

constexpr std::size_t kMaxProbes = 256;
using ProbeSet = std::bitset<kMaxProbes>;

struct CandidateLine {
    std::size_t begin = 0;  // index of the first byte of the line in the buffer
    std::size_t end = 0;    // index of its '\n' (or the buffer's end)
    ProbeSet probes;        // bit i set: probe i matched on the line
};

struct Probe {
    std::string regex;                  // RE2-syntax expression; "" to use the literals only
    std::vector<std::string> literals;  // every match of the pattern contains one of them
};

class Prefilter {
  public:
    // Throws std::runtime_error when there are more than kMaxProbes probes
    // or a probe has neither a usable regex nor a literal.
    explicit Prefilter(const std::vector<Probe>& probes);
    ~Prefilter();
    Prefilter(const Prefilter&) = delete;
    Prefilter& operator=(const Prefilter&) = delete;

    // Replaces `out` with the candidate lines of `text`, sorted by position.
    // Not thread-safe (it owns its scratch space): one per worker.
    void find(std::string_view text, std::vector<CandidateLine>& out);

    // How each probe ended up in the database ("regex" or "literals").
    const std::vector<std::string>& probe_kinds() const { return kinds_; }

  private:
    struct Database;
    std::unique_ptr<Database> database_;
    std::vector<std::string> kinds_;
};

}  // namespace alertscan
