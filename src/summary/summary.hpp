// The per-code summary of a run: what the aggregator builds from hits and
// every summary printer reads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "formats/schannel_events.hpp"
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
    // Hits at fatal level: stated by the line, or the registry's level for
    // the alert when the line does not say.
    std::uint64_t fatal = 0;
    TopCounter error_states;
};

// One GSKit return code of one numbering (distributed or z/OS).
struct GskCodeSummary : Occurrences {
    std::string table;  // "distributed" or "zos"
    std::int64_t code = 0;
    TopCounter names;                                      // GSK_* names printed with it
    TopCounter channels;                                   // MQ channels and similar objects
    TopCounter validation_codes;                           // GSKVAL codes printed with it
    std::map<std::int64_t, std::string> validation_names;  // GSKVAL names printed, by code
};

// One SChannel failure event id (36870, 36874, ...).
struct SchannelEventSummary {
    int event_id = 0;
    std::uint64_t count = 0;
    std::uint64_t undated = 0;
    std::string first_seen;
    std::string last_seen;
    TopCounter hosts;
    TopCounter error_states;
    TopCounter error_codes;
    TopCounter protocols;
    TopCounter names;
};

// Everything one host logged (host from the record, or from a syslog header).
struct HostSummary {
    std::string host;
    std::uint64_t alerts = 0;
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
    std::uint64_t return_codes = 0;
    std::uint64_t schannel_events = 0;
};

struct InputSummary {
    std::string path;
    std::optional<std::string> error;      // cause, when the input could not be read
    std::string encoding;                  // as detected by the decoder
    std::string format;                    // "text", "evtx", "xml", ...
    std::string compression;               // "gzip", "zstd" or ""
    std::string skipped;                   // why the input was not scanned ("" when it was)
    std::optional<std::uint64_t> records;  // event records read, for record formats
    std::uint64_t skipped_records = 0;     // records too large or unparsable
    std::string skipped_records_cause;     // "1 malformed, ..." (see describe(SkippedRecords))
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;
    std::uint64_t hits = 0;
    // Plain UTF-8 text only: where the next incremental run resumes (just
    // after the last complete line read, in raw or decompressed bytes) and
    // the number of the line there.
    std::optional<std::uint64_t> resume_offset;
    std::uint64_t resume_line = 1;
};

struct Summary {
    std::map<int, CodeSummary> alerts;  // by code
    // By table and code; return codes known only by name (code -1) also by name.
    std::map<std::tuple<std::string, std::int64_t, std::string>, GskCodeSummary> gskit_codes;
    std::map<int, SchannelEventSummary> schannel_events;  // by event id
    // By host name; hits without a host are not counted here. Bounded like
    // TopCounter: past kMaxHosts further new hosts are not tracked.
    static constexpr std::size_t kMaxHosts = 4096;
    std::map<std::string, HostSummary> hosts;
    std::vector<InputSummary> inputs;  // in the order given
    std::uint64_t hits = 0;            // alerts and return codes
    std::uint64_t alert_hits = 0;
    std::uint64_t gskit_hits = 0;

    // Codes ordered for display: most hits first, then by code.
    std::vector<const CodeSummary*> alerts_by_count() const;
    std::vector<const GskCodeSummary*> gskit_codes_by_count() const;
    // Hosts with the most alerts first, then by name.
    std::vector<const HostSummary*> hosts_by_alerts() const;
    std::size_t failed_inputs() const;
};

// Builds a Summary from hits and SChannel failure events.
class Aggregator : public HitSink, public SchannelEventSink {
  public:
    void on_hit(const Hit& hit) override;
    void on_event(const SchannelEvent& event) override;
    void add_input(InputSummary input) { summary_.inputs.push_back(std::move(input)); }
    const Summary& summary() const { return summary_; }

  private:
    HostSummary* host(const std::string& name);
    Summary summary_;
};

}  // namespace alertscan
