// Windows events exported as blocks of "label: value" text (schannel.md
// sections 3.1, 3.4, 3.7 and 4):
//
//   * wevtutil qe /f:text: "Event[N]:" then indented "  Log Name: ...",
//     "  Source: ...", "  Date: 2024-03-02T09:14:02.123", "  Event ID: ...",
//     ..., "  Description:" with the text on the same line and/or on the
//     following lines, up to the next "Event[N]:" line.
//   * Event Viewer "Copy details as text": "Log Name:      System" at column
//     0, "Source:", "Date:", "Event ID:", ..., "Description:" with the text on
//     the following lines, optionally followed by "Event Xml:" and the event's
//     XML, up to the end of that XML or the next "Log Name:" line. The
//     Japanese labels ("ログの名前:", "ソース:", "日付:", "イベント ID:",
//     "コンピューター:", "説明:") work too.
//   * PowerShell Format-List of Get-WinEvent (or Get-EventLog) objects:
//     "TimeCreated  : 3/2/2024 9:14:02 AM", "ProviderName : Schannel",
//     "Id           : 36887", "Message      : ..." with wrapped values
//     continued on lines indented to the value column; records are separated
//     by blank lines.
//
// A record starts at an "Event[N]:" line or a "Log Name:" line (anywhere), or
// at a Format-List property line ("Name<spaces>: value", the name one word,
// at column 0) after a blank line or at the start of the input; Format-List
// starts are not looked for inside a wevtutil or copy-details record, whose
// descriptions are free text. Lines that belong to no record (the truncating
// Format-Table view, banners, blank lines) are ignored.
//
// Fields: Source/ProviderName -> provider; ProviderId -> provider_guid (in
// braces); Event ID/Id/EventID -> event_id; RecordId/Index -> record_id;
// Computer/MachineName -> computer; Date/TimeCreated/TimeGenerated -> time,
// as local time without a zone (normalize_local_time, dialect kWinText, in
// formats/event_time.hpp): ISO dates are kept ("2024-03-02T09:14:02.123"),
// US "8/5/2020 5:16:37 AM" becomes "2020-08-05T05:16:37", Japanese
// "2020/07/05 15:29:16" becomes "2020-07-05T15:29:16", German
// "05.08.2020 05:16:37" becomes "2020-08-05T05:16:37"; U+200E/U+200F marks
// are removed and anything else is kept as written. Description/Message ->
// message: the lines are trimmed and joined with single spaces (blank lines
// dropped), so a value Format-List wrapped at the console width, or a
// multi-line message, reads as one line. Other labels are not kept.
//
// Copy-details records with an "Event Xml:" block (or, in another language,
// a line starting "<Event" after the description; a short "Label:" line
// before it is taken for the localized "Event Xml:" label and dropped) also
// get, from the XML, the EventData <Data> values in `data` (named by their
// Name attribute, unnamed ones "Data1", "Data2", ...; entities decoded), the
// provider GUID, and the EventID and EventRecordID when the text did not give
// them. `time` stays the local Date of the text. The record ends at the line
// holding "</Event>". wevtutil's "Event[N]" is an index, not a record id.
//
// A block with none of the fields above is not a record and is dropped
// silently. A block without an Event ID is delivered with event_id unset
// (the SChannel interpreter ignores it). A record larger than
// RecordReader::kMaxRecordBytes is skipped and counted in skipped(); the
// reader then ignores lines until the next record start. A line longer than
// that is never buffered whole.
//
// Lines end at '\n'; a '\r' before it is removed (CRLF and LF; a lone CR
// is not a line break, and line numbers count '\n' as the other readers
// do). `line` and `offset` of a record are those of its first line
// ("Event[N]:", "Log Name:" or the first Format-List property). The text must be UTF-8 (decode
// UTF-16 exports first); a UTF-8 BOM at the start is ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/event_record.hpp"
#include "formats/record_reader.hpp"

namespace alertscan {

class WinTextEventReader : public RecordReader {
  public:
    explicit WinTextEventReader(RecordSink& sink);

    void feed(std::string_view text, std::uint64_t offset) override;
    // Ends the input: a last line without a newline and the record in
    // progress are delivered. The reader may then be fed a new input (lines
    // start again at 1; skipped() keeps adding up).
    void finish() override;
    SkippedRecords skipped_by_cause() const override { return skipped_; }

  private:
    enum class Mode { kIdle, kSkipping, kWevtutil, kCopyDetails, kFormatList };
    enum class Section { kHeader, kDescription, kXml };

    // One whole line without its terminator; `length` is its size in the
    // input including the terminator (larger than the text for a line too
    // long to be buffered, of which only the start is passed).
    void process_line(std::string_view line, std::uint64_t offset, std::uint64_t line_number,
                      std::size_t length);
    // The kind of record `line` starts in the current state, or kIdle.
    Mode record_start(std::string_view line) const;
    void begin_record(Mode mode, std::uint64_t offset, std::uint64_t line_number,
                      std::size_t length);
    void end_record();
    void discard_record();
    // Drops the record in progress (of kind `kind`) as too large.
    void skip_record(Mode kind);
    void header_line(std::string_view line);
    void description_line(std::string_view line);
    void format_list_line(std::string_view line);
    void commit_property();
    void set_field(std::string_view label, std::string_view value);
    void append_message(std::string_view text);
    // An unfinished line in `partial_` has grown past what may be buffered.
    void overlong_partial();

    RecordSink& sink_;
    Mode mode_ = Mode::kIdle;
    Mode skipped_mode_ = Mode::kIdle;  // in kSkipping: the kind of record skipped
    Section section_ = Section::kHeader;
    EventRecord record_;
    bool has_fields_ = false;
    std::size_t record_bytes_ = 0;        // input bytes of the record so far
    std::string xml_;                     // copy-details "Event Xml:" block
    std::size_t message_last_start_ = 0;  // where the last line joined to the message begins
    bool last_line_was_label_ = false;    // that line looked like "Some Label:"
    std::string property_name_;           // Format-List property being read
    std::string property_value_;
    bool previous_blank_ = true;  // the previous line was blank (or none)

    std::string partial_;               // the unfinished last line
    std::uint64_t partial_offset_ = 0;  // its input offset
    bool partial_overlong_ = false;     // it was too long: the rest is dropped
    bool partial_released_ = false;     // a start it makes already ended a record
    std::uint64_t line_ = 1;            // line number of the unfinished line
    bool at_input_start_ = true;        // no line finished yet (BOM check)
    SkippedRecords skipped_;
};

}  // namespace alertscan
