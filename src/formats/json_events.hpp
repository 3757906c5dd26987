// Windows events exported as JSON (schannel.md sections 3.8 to 3.10), read
// piece by piece into EventRecords.
//
// Layouts of the input: one object per line (NDJSON: Winlogbeat, NXLog
// to_json(), Elasticsearch dumps), one pretty-printed object (ConvertTo-Json
// of one event), a top-level array whose elements are objects (ConvertTo-Json
// of many events, one-line or pretty-printed), or several of these one after
// another (`>>`). The splitter follows bracket depth and string/escape state
// across pieces and hands each complete object to nlohmann::json.
//
// Shapes recognised (others are skipped silently, they are not events):
// - PowerShell ConvertTo-Json of an EventLogRecord (Get-WinEvent): Id,
//   ProviderName, ProviderId, MachineName, RecordId, TimeCreated, Message and
//   Properties[].Value as positional data, named per event id for Schannel.
// - PowerShell ConvertTo-Json of an EventLogEntry (Get-EventLog): EventID,
//   Source, MachineName, Index, TimeGenerated, Message, ReplacementStrings as
//   positional data (named the same way).
// - Winlogbeat / ECS: winlog.* (nested, or flattened "winlog.event_id" keys),
//   @timestamp, message, host.name; an Elasticsearch hit ({"_source": {...}})
//   is unwrapped first.
// - NXLog im_msvistalog to_json(): EventID, SourceName, ProviderGuid,
//   Hostname, RecordNumber, EventTime, Message and the SChannel EventData
//   names (schannel.md 2.3) found among the top-level keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "formats/event_record.hpp"
#include "formats/record_reader.hpp"

namespace alertscan {

// Maps ONE JSON object (its whole text) to an EventRecord. Nothing when the
// text is not a JSON object of a recognised shape; `parse_error`, when
// given, is set to true if the text is not valid JSON at all (false when it
// parsed but is not an event). Never throws on bad input.
//
// Normalisation: time is ISO 8601 with a 'T' separator and at most 7
// fraction digits; "\/Date(ms)\/" becomes UTC "YYYY-MM-DDThh:mm:ss.mmmZ"; a
// zone of +00:00 becomes "Z", other offsets are kept; a time without zone
// (NXLog EventTime) stays local, without "Z". A bare GUID (PowerShell
// ProviderId) gets braces; case is kept. CRLF and lone CR in the message and
// data values become LF (as the XML reader gives them). Numbers are stored
// as their decimal text, null as "", nested arrays/objects as compact JSON.
// Bytes that are not valid UTF-8 are replaced with U+FFFD. offset and line
// are left 0.
std::optional<EventRecord> parse_json_event(std::string_view json, bool* parse_error = nullptr);

class JsonEventReader : public RecordReader {
  public:
    explicit JsonEventReader(RecordSink& sink, std::size_t max_record_bytes = kMaxRecordBytes);

    // Each object's offset and line are those of its opening '{'.
    void feed(std::string_view text, std::uint64_t offset) override;
    // An object still open at the end is counted as skipped. The reader may
    // then be fed a new input (lines start at 1 again; counters add up).
    void finish() override;
    // Objects larger than max_record_bytes, objects that are not valid JSON,
    // and objects cut off (by the end of input, by a raw line break inside a
    // string, or by a new one-line object starting at column 0 while a
    // one-line object is still open: a broken NDJSON line).
    SkippedRecords skipped_by_cause() const override { return skipped_; }

    std::uint64_t records() const { return records_; }  // handed to the sink
    std::uint64_t ignored() const { return ignored_; }  // valid JSON, not an event

  private:
    void start_record(std::uint64_t offset);
    void append(std::string_view part);
    // The record's last part ends at its closing brace: parse and hand out.
    void complete_record(std::string_view last_part);
    // The record was cut off: count it and go back to its base depth.
    void drop_record();
    void end_record();

    RecordSink& sink_;
    std::size_t max_record_bytes_;

    // Splitter state, carried across pieces.
    std::size_t depth_ = 0;        // open brackets and braces
    bool array_mode_ = false;      // inside a top-level '[': its elements are records
    bool in_string_ = false;       // inside a string literal
    bool escape_ = false;          // the previous byte was a backslash in a string
    bool at_line_start_ = true;    // the previous byte was '\n' (or input start)
    std::uint64_t line_ = 1;       // line of the current byte
    bool in_record_ = false;       // between a record's '{' and its closing '}'
    std::size_t record_base_ = 0;  // depth_ before the record's '{'
    std::uint64_t record_offset_ = 0;
    std::uint64_t record_line_ = 0;
    // One-line (compact) record: something followed its '{' on the same
    // line. Unknown until the first non-blank byte or line break after '{'.
    std::optional<bool> record_compact_;
    bool oversized_ = false;       // the record outgrew max_record_bytes_
    std::size_t record_size_ = 0;  // bytes of the record so far
    std::string buffer_;           // the record's bytes from earlier pieces

    SkippedRecords skipped_;
    std::uint64_t records_ = 0;
    std::uint64_t ignored_ = 0;
};

}  // namespace alertscan
