// Merging summaries (schema "alertscan.summary/1", docs/json.md) written on
// many hosts into one: what `alertscan merge` does.
//
// Counts add, first_seen/last_seen widen, top lists (peers, hosts, channels,
// error states, ...) merge by key and are cut again to the 10 most frequent.
// That cut makes merged top lists approximate: a value that was 11th on every
// host is missing even when it is the most frequent overall, and merging in
// another grouping can give another list once a list has more than 10 keys.
// Everything else (counts, first/last, totals, entries) does not depend on
// the grouping: merge(merge(a, b), c) == merge(a, merge(b, c)) == merge(a, b, c).
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace alertscan {

// A summary that cannot be merged: not schema "alertscan.summary/1", or a
// field of the wrong type. what() is "NAME: reason", NAME the summary's name.
class MergeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Top lists of a merged summary keep this many entries, like the scanner.
inline constexpr std::size_t kMergedTopLimit = 10;

// One summary and the name it is known by (its file name), which goes into
// the merged "merged_from" and into the "summary" field of its inputs[].
struct NamedSummary {
    std::string name;
    nlohmann::ordered_json document;
};

// Merges summaries one at a time, so a fleet's files need not all be in
// memory at once. After add() throws, the merger is in an unspecified state
// and should be discarded.
class SummaryMerger {
  public:
    SummaryMerger();
    ~SummaryMerger();
    SummaryMerger(SummaryMerger&&) noexcept;
    SummaryMerger& operator=(SummaryMerger&&) noexcept;

    // Throws MergeError naming `name` when `document` is not a summary of
    // schema "alertscan.summary/1" or a field has the wrong type.
    void add(const std::string& name, const nlohmann::ordered_json& document);

    // The merged summary: "schema", "generator", "merged_from" (the names
    // added, a merged summary's own merged_from spliced in its place),
    // "totals", "alerts", "gskit_codes", "schannel_events", "hosts",
    // "inputs" (concatenated, each with "summary": the name it came from
    // unless it already had one), then any other top-level field of the
    // first summary that had it. Sorted like the scanner sorts.
    nlohmann::ordered_json result() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// The merged summary of `summaries`, in order. Throws MergeError.
nlohmann::ordered_json merge_summaries(const std::vector<NamedSummary>& summaries);

// The same for unnamed documents, named "summary 1", "summary 2", ...
nlohmann::ordered_json merge_summaries(const std::vector<nlohmann::ordered_json>& documents);

}  // namespace alertscan
