// Windows events exported as delimited text (schannel.md sections 3.2, 3.3
// and 3.6):
//
//   - Event Viewer "Save as" Text (Tab delimited) and CSV (Comma delimited):
//     header "Level,Date and Time,Source,Event ID,Task Category" (English or
//     German words), every row with a sixth, unnamed description column;
//   - Get-WinEvent | Export-Csv / ConvertTo-Csv, with or without the
//     "#TYPE ..." line, with or without -UseCulture (';'), all columns or a
//     Select-Object subset in any order (columns are found by header name);
//   - Get-EventLog | Export-Csv (EventID, Source, Index, TimeGenerated, ...).
//
// A CSV carries no EventData: records have `data` empty and the rendered
// text in `message`; the caller matches the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/event_record.hpp"
#include "formats/event_time.hpp"
#include "formats/record_reader.hpp"

namespace alertscan {

// The time text of a CSV or text export as ISO 8601 local time: the CSV
// dialect of normalize_local_time (formats/event_time.hpp), where its
// accepted shapes are listed ("8/5/2020 5:16:37 AM" -> "2020-08-05T05:16:37").
inline std::string normalize_event_time(std::string_view text) {
    return normalize_local_time(text, LocalTimeDialect::kCsv);
}

// Reads delimited event exports fed in pieces (RecordReader contract).
//
// Header: the first non-blank line that is not a '#' line ("#TYPE ...") is
// the header. The delimiter is the one of tab, ',' and ';' that splits it
// into a usable column set (one with an event id column) with the most
// known column names. A header with exactly five names and no known event
// id column (Event Viewer in a language without a name table) is read by
// position: Level, Date and Time, Source, Event ID, Task Category. If none
// of the first 16 non-blank, non-'#' lines is a header the input is ignored
// (header_found() stays false, nothing is counted as skipped).
//
// Rows: RFC 4180 with leniency. A field starting with '"' is quoted: "" is
// a quote, delimiters and line breaks (CRLF, LF or a lone CR) are data. A
// quote anywhere else is an ordinary character, and text after a closing
// quote is appended to the field. A record ends at an unquoted line break.
// Line breaks inside values become "\n". Blank lines are ignored.
//
// Mapping: ProviderName / Source / Quelle -> provider; ProviderId ->
// provider_guid (a bare GUID gets braces: "{...}", case kept); Id / Event ID
// / EventID / Ereignis-ID -> event_id; RecordId / Index -> record_id;
// MachineName / Computer -> computer; TimeCreated / Date and Time / Datum und
// Uhrzeit / TimeGenerated -> time (normalize_event_time); Message ->
// message. In the Event Viewer layout (no Message column) the description
// is the first column after the named ones; further fields (an unquoted
// description containing the delimiter) are joined back with the delimiter.
// Values are trimmed, except the message, which is kept as written.
//
// Rows that are not events: a row whose event id is empty or not a number
// is dropped silently; if it reads as a header (a second export appended to
// the first, possibly with another delimiter) its columns are used from then
// on. '#' lines ("#TYPE") are dropped silently. A row too short to reach the
// event id column, or with over kMaxFields fields, is counted in skipped().
//
// Bounds: a record over kMaxRecordBytes is counted in skipped() and not
// buffered. Its end is found by following the quotes, so a well-formed
// large record is skipped exactly up to its unquoted line break. While the
// skipped record is inside a quoted field (possibly a stray quote that
// would swallow the rest of the input), every physical line is also tried
// as a row start: if the line, parsed as a new record, completes the event
// id column with a number within its first kProbeBytes bytes and without a
// line break, parsing resynchronises there and that row is read.
//
// End of input: a last row without a line break is read normally; a row cut
// inside a quoted field is emitted if it has a numeric event id, otherwise
// it is counted in skipped(). finish() resets the reader for a new input
// (counters keep adding up; header_found() and delimiter() describe the
// last input until the next feed()).
//
// Line numbers: a CRLF, a LF and a lone CR each end a line; `line` is the
// line of the record's first byte and `offset` its input offset.
class CsvEventReader : public RecordReader {
  public:
    static constexpr std::size_t kMaxFields = 4096;
    static constexpr std::size_t kProbeBytes = 8192;
    static constexpr int kMaxHeaderSearchLines = 16;

    explicit CsvEventReader(RecordSink& sink);

    void feed(std::string_view text, std::uint64_t offset) override;
    void finish() override;
    SkippedRecords skipped_by_cause() const override { return skipped_; }

    std::uint64_t records() const { return records_; }  // records handed to the sink
    bool header_found() const { return header_found_; }
    char delimiter() const { return delimiter_; }  // '\t', ',' or ';'; 0 before a header

  private:
    // Column indexes of the current header, -1 when absent.
    struct Columns {
        int provider = -1;
        int provider_guid = -1;
        int event_id = -1;
        int record_id = -1;
        int time = -1;
        int computer = -1;
        int message = -1;
        bool message_is_rest = false;  // Event Viewer description: message and all after it
    };
    enum class Phase { kHeader, kRows, kIgnore };
    enum class FieldState { kStart, kUnquoted, kQuoted, kQuoteSeen };

    // RFC 4180 field splitter state for one record.
    struct Tokenizer {
        FieldState state = FieldState::kStart;
        std::string field;
        std::vector<std::string> fields;
        bool too_many = false;  // more than kMaxFields fields

        void clear();
        void push_field(bool store);
        // Consumes one byte ('\n' stands for any line break); true when it
        // ended the record (an unquoted line break).
        bool step(char c, char delimiter, bool store);
    };

    void header_byte(char c, bool line_break);
    void header_line();
    // Sets delimiter_ and columns_ when `line` is a usable header. Mid-input
    // (allow_positional false) it needs two known names and no fallback.
    bool try_header(std::string_view line, bool allow_positional);
    // One byte of the rows ('\n' for any line break) at `offset`, on `line`.
    void row_byte(char c, bool line_break, std::uint64_t offset, std::uint64_t line);
    // One byte for the resynchronisation probe; true when the probe's row
    // replaced the skipped record.
    bool probe_byte(char c, bool line_break);
    void end_record();
    void process_row(const std::vector<std::string>& fields, bool too_many, bool cut_in_quotes);
    void emit(const std::vector<std::string>& fields, int event_id);
    void reset_input();

    RecordSink& sink_;
    Phase phase_ = Phase::kHeader;
    char delimiter_ = 0;
    Columns columns_;
    bool header_found_ = false;
    bool finished_ = false;  // finish() was called and no feed() since

    // Line breaks: a '\n' right after a '\r' belongs to it.
    bool after_cr_ = false;
    std::uint64_t line_ = 1;

    // Header search: the current physical line.
    std::string header_line_;
    bool header_line_too_long_ = false;
    int header_search_lines_ = 0;

    // The record in progress.
    Tokenizer main_;
    bool in_record_ = false;
    bool skipping_ = false;  // over kMaxRecordBytes: fields are not stored
    std::uint64_t record_offset_ = 0;
    std::uint64_t record_line_ = 0;
    std::size_t record_bytes_ = 0;
    std::string raw_;  // the record's bytes while it is short enough to be a header
    bool raw_complete_ = true;

    // Resynchronisation while skipping inside quotes (see above).
    Tokenizer probe_;
    bool probe_pending_ = false;  // start a probe at the next byte
    bool probe_active_ = false;
    std::uint64_t probe_offset_ = 0;
    std::uint64_t probe_line_ = 0;
    std::size_t probe_bytes_ = 0;

    SkippedRecords skipped_;
    std::uint64_t records_ = 0;
};

}  // namespace alertscan
