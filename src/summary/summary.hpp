// The per-code summary of a run: what the aggregator builds from hits and
// every summary printer reads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "summary/hit.hpp"

namespace alertscan {

// Counts per distinct value (peer, host, error state), bounded: once
// `kMaxDistinct` values are tracked, further new values are counted under
// `other` so memory stays bounded on hostile input.
class TopCounter {
  public:
    static constexpr std::size_t kMaxDistinct = 4096;
    void add(const std::string& value);
    // The most frequent values, ties broken by value, at most `limit`.
    std::vector<std::pair<std::string, std::uint64_t>> top(std::size_t limit) const;
    std::size_t distinct() const { return counts_.size(); }
    std::uint64_t other() const { return other_; }

  private:
    std::map<std::string, std::uint64_t> counts_;
    std::uint64_t other_ = 0;
};

// What every per-code summary counts, alert or return code.
struct Occurrences {
    std::uint64_t count = 0;
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
    std::uint64_t unknown = 0;
    std::uint64_t undated = 0;  // hits whose line carries no timestamp
    std::string first_seen;     // "" when no hit was dated
    std::string last_seen;
    TopCounter peers;
    TopCounter hosts;
    TopCounter sources;

    void add(const Hit& hit);
};

// One TLS alert value.
struct CodeSummary : Occurrences {
    int code = 0;
    TopCounter error_states;
};

// One GSKit return code of one numbering (distributed or z/OS).
struct GskCodeSummary : Occurrences {
    std::string table;  // "distributed" or "zos"
    std::int64_t code = 0;
    TopCounter names;             // GSK_* names printed with it
    TopCounter channels;          // MQ channels and similar objects
    TopCounter validation_codes;  // GSKVAL codes printed with it
};

struct InputSummary {
    std::string path;
    std::optional<std::string> error;  // cause, when the input could not be read
    std::string encoding;              // as detected by the decoder
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;
    std::uint64_t hits = 0;
};

struct Summary {
    std::map<int, CodeSummary> alerts;                                           // by code
    std::map<std::pair<std::string, std::int64_t>, GskCodeSummary> gskit_codes;  // by table, code
    std::vector<InputSummary> inputs;  // in the order given
    std::uint64_t hits = 0;            // alerts and return codes
    std::uint64_t alert_hits = 0;
    std::uint64_t gskit_hits = 0;

    // Codes ordered for display: most hits first, then by code.
    std::vector<const CodeSummary*> alerts_by_count() const;
    std::vector<const GskCodeSummary*> gskit_codes_by_count() const;
    std::size_t failed_inputs() const;
};

// Builds a Summary from hits.
class Aggregator : public HitSink {
  public:
    void on_hit(const Hit& hit) override;
    void add_input(InputSummary input) { summary_.inputs.push_back(std::move(input)); }
    const Summary& summary() const { return summary_; }

  private:
    Summary summary_;
};

}  // namespace alertscan
