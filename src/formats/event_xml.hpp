// Windows events in their XML form: one <Event> element as Event Viewer,
// wevtutil, EvtRender/ToXml() or libevtx write it, and a splitter that finds
// the <Event> elements in an XML export streamed in pieces.
//
// Shapes accepted (schannel.md sections 2 and 3.5): EventData/Data[@Name]
// and unnamed Data, UserData/<wrapper>/<leaf elements>, RenderingInfo/Message,
// single or double attribute quotes, any namespace prefixes (elements and
// attributes are matched by local name), upper- or lower-case GUIDs (kept as
// written).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "formats/event_record.hpp"

namespace alertscan {

// Reads ONE <Event> element (leading XML declaration, comments and
// whitespace allowed). Fills provider, provider_guid, event_id (the EventID
// text; a Qualifiers attribute is ignored), record_id, time (SystemTime
// normalised to "YYYY-MM-DDTHH:MM:SS[.fffffff]Z": 'T' separator, fraction
// cut to 7 digits, "Z" added when the zone is missing or "+00:00"), computer,
// data and message. Data values are kept as written (not trimmed), with XML
// entities decoded and CRLF turned into LF. Unnamed <Data> elements are named
// "Data1", "Data2", ... in order. offset and line are left 0 (the caller
// knows them). Nothing when the text is not well-formed XML or its root
// element is not an Event.
std::optional<EventRecord> parse_event_xml(std::string_view xml);

// The same, parsing in `xml`'s own buffer (no copy), which it leaves
// changed: for callers that build the XML only to parse it.
std::optional<EventRecord> parse_event_xml_in_place(std::string& xml);

// Finds complete <Event ...>...</Event> elements in text fed piece by piece:
// back to back on one line (wevtutil /f:xml), one per line, inside an
// <Events> root (wevtutil /e:Events, Event Viewer "Save as XML"), or pretty-
// printed over many lines. Only the unprefixed tag name "Event" is looked for
// ("<Event" followed by whitespace or '>'; "<Events" and "<EventData" are
// not starts) and ends at "</Event>" (whitespace allowed before the '>');
// events do not nest. The text must be UTF-8 or ASCII (decode UTF-16 exports
// first, e.g. with DecodingSource). An "<Event" start before the previous
// event's end tag means that event was cut off: it is dropped (truncated())
// and the new one is followed. Memory stays bounded: an event longer than
// `max_event_bytes` is skipped (oversized()) without being buffered.
class EventXmlSplitter {
  public:
    static constexpr std::size_t kDefaultMaxEventBytes = 1 << 20;

    // Receives the text of one whole element, from "<Event" to "</Event>"
    // inclusive, its input offset and its 1-based line. The view is valid
    // during the call only.
    using Callback =
        std::function<void(std::string_view xml, std::uint64_t offset, std::uint64_t line)>;

    explicit EventXmlSplitter(Callback callback,
                              std::size_t max_event_bytes = kDefaultMaxEventBytes);
    // Parses each element with parse_event_xml and hands the record, with
    // its offset and line set, to `sink`; elements that do not parse are
    // counted in unparsable().
    explicit EventXmlSplitter(RecordSink& sink,
                              std::size_t max_event_bytes = kDefaultMaxEventBytes);
    EventXmlSplitter(const EventXmlSplitter&) = delete;  // the RecordSink form captures `this`
    EventXmlSplitter& operator=(const EventXmlSplitter&) = delete;

    // `text` is the input from byte `offset` on. Pieces are expected in input
    // order and contiguous; a piece that overlaps what was already fed has
    // its already-seen start ignored, and a gap (offset beyond the end of
    // what was fed) drops any event in progress (counted in truncated()).
    // Line numbers count the '\n' bytes fed since the first piece, which is
    // taken to start line 1.
    void feed(std::string_view text, std::uint64_t offset);
    // Ends the input: an event still open is counted in truncated(). The
    // splitter may then be fed a new input (offsets and lines start afresh;
    // the counters keep adding up).
    void finish();

    std::uint64_t events() const { return events_; }          // elements handed out
    std::uint64_t oversized() const { return oversized_; }    // skipped: too long
    std::uint64_t truncated() const { return truncated_; }    // skipped: no end tag
    std::uint64_t unparsable() const { return unparsable_; }  // RecordSink form only

  private:
    enum class State { kSearching, kInEvent, kSkipping };

    std::size_t process(std::string_view buffer, bool final);
    void advance_lines(std::string_view buffer, std::size_t to);

    Callback callback_;
    std::size_t max_event_bytes_;
    State state_ = State::kSearching;
    std::string pending_;               // unconsumed input, from pending_offset_ on
    std::uint64_t pending_offset_ = 0;  // input offset of pending_[0]
    std::size_t scan_from_ = 0;         // index in pending_ where scanning resumes
    std::uint64_t next_offset_ = 0;     // input offset just past the last piece
    bool started_ = false;              // a piece was fed
    std::uint64_t event_line_ = 0;      // line of the event in progress
    std::size_t line_pos_ = 0;          // index in the current buffer up to which
    std::uint64_t line_ = 1;            //   newlines are counted, and its line
    std::uint64_t events_ = 0;
    std::uint64_t oversized_ = 0;
    std::uint64_t truncated_ = 0;
    std::uint64_t unparsable_ = 0;
};

}  // namespace alertscan
