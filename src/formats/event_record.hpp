// A Windows event as the structured export forms yield it (EVTX, XML, CSV,
// JSON, wevtutil and Format-List text): what the event is, when and where it
// was logged, its named data values and, when the form carries it, the
// rendered message. Record readers produce these; the SChannel interpreter
// turns them into hits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alertscan {

struct EventRecord {
    std::string provider;       // e.g. "Schannel" (as written; compare case-insensitively)
    std::string provider_guid;  // e.g. "{1f678132-5938-4686-9fdc-c8ff68f15c85}", "" when absent
    std::optional<int> event_id;
    std::optional<std::uint64_t> record_id;
    // ISO 8601. Ends in "Z" when the form carries UTC (EVTX, XML SystemTime,
    // JSON with a zone); without a zone it is the exporting machine's local time.
    std::string time;
    std::string computer;
    // EventData <Data Name="..."> values, and UserData leaf elements, in order.
    std::vector<std::pair<std::string, std::string>> data;
    std::string message;       // rendered description, "" when the form has none
    std::uint64_t offset = 0;  // byte offset of the record in the input (EVTX: record index)
    std::uint64_t line = 0;    // 1-based line where it starts; 0 for binary forms

    // The value of data field `name` (case-insensitive), or nothing.
    std::optional<std::string> field(std::string_view name) const;
};

// Receives records in input order.
class RecordSink {
  public:
    virtual ~RecordSink() = default;
    virtual void on_record(const EventRecord& record) = 0;
};

}  // namespace alertscan
