#include "formats/input_format.hpp"

#include <array>
#include <cctype>

#include "formats/csv_events.hpp"
#include "formats/event_xml.hpp"
#include "formats/json_events.hpp"
#include "formats/wintext_events.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

struct Named {
    InputFormat format;
    std::string_view name;
};
constexpr std::array<Named, 6> kNames = {{{InputFormat::Text, "text"},
                                          {InputFormat::Evtx, "evtx"},
                                          {InputFormat::Xml, "xml"},
                                          {InputFormat::Csv, "csv"},
                                          {InputFormat::Json, "json"},
                                          {InputFormat::WinText, "wintext"}}};

// EventXmlSplitter under the RecordReader interface.
class XmlEventReader : public RecordReader {
  public:
    explicit XmlEventReader(RecordSink& sink) : splitter_(sink) {}
    void feed(std::string_view text, std::uint64_t offset) override {
        splitter_.feed(text, offset);
    }
    void finish() override { splitter_.finish(); }
    SkippedRecords skipped_by_cause() const override {
        return {.oversized = splitter_.oversized(),
                .malformed = splitter_.unparsable(),
                .cut_off = splitter_.truncated()};
    }

  private:
    EventXmlSplitter splitter_;
};

std::string_view first_line(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    text.remove_prefix(i);
    return text.substr(0, text.find('\n'));
}

// A JSON document or NDJSON line: "{" then a key or "}", or "[" then an
// object or "]". Not an Apache "[Thu Mar 25 ...]" or "[client ...]" line.
bool looks_like_json(std::string_view text) {
    auto next_significant = [&](std::size_t from) {
        while (from < text.size() && std::isspace(static_cast<unsigned char>(text[from]))) ++from;
        return from;
    };
    std::size_t at = next_significant(0);
    if (at >= text.size()) return false;
    const char open = text[at];
    if (open != '{' && open != '[') return false;
    std::size_t inner = next_significant(at + 1);
    if (inner >= text.size()) return false;
    return open == '{' ? (text[inner] == '"' || text[inner] == '}')
                       : (text[inner] == '{' || text[inner] == ']');
}

bool is_csv_header(std::string_view line) {
    if (line.starts_with("#TYPE ")) return true;
    // Event Viewer saves (comma or tab) and Export-Csv headers.
    for (std::string_view start : {"Level,Date and Time,", "Level\tDate and Time\t",
                                   "Ebene,Datum und Uhrzeit,", "Ebene\tDatum und Uhrzeit\t"}) {
        if (line.starts_with(start)) return true;
    }
    return line.starts_with("\"") && (line.find("\"Id\"") != std::string_view::npos ||
                                      line.find("\"Message\"") != std::string_view::npos ||
                                      line.find("\"TimeCreated\"") != std::string_view::npos);
}

bool is_wintext_start(std::string_view line) {
    if (line.starts_with("Event[") || line.starts_with("Log Name:")) return true;
    // Format-List: "Name<spaces>: value" with a known EventLogRecord property.
    for (std::string_view property : {"TimeCreated ", "Message ", "Id ", "ProviderName "}) {
        if (line.starts_with(property) && line.find(" : ") != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace

std::string_view to_string(InputFormat format) {
    for (const Named& named : kNames) {
        if (named.format == format) return named.name;
    }
    return "text";
}

std::vector<std::string_view> input_format_names() {
    std::vector<std::string_view> names;
    for (const Named& named : kNames) names.push_back(named.name);
    return names;
}

std::optional<InputFormat> parse_input_format(std::string_view name) {
    for (const Named& named : kNames) {
        if (named.name == name) return named.format;
    }
    return std::nullopt;
}

bool looks_like_evtx(std::string_view raw_start) {
    return raw_start.substr(0, 8) == std::string_view("ElfFile\0", 8);
}

InputFormat detect_text_format(std::string_view text) {
    const std::string_view line = trim(first_line(text));
    // XML exports start with a declaration, an <Events> root or an <Event>
    // element; a text log that merely mentions "<Event" later is still text.
    if (line.starts_with("<?xml") || line.starts_with("<Events") || line.starts_with("<Event ") ||
        line == "<Event>" || line.starts_with("<Event>")) {
        return InputFormat::Xml;
    }
    if (looks_like_json(text)) return InputFormat::Json;
    if (is_csv_header(line)) return InputFormat::Csv;
    if (is_wintext_start(line)) return InputFormat::WinText;
    return InputFormat::Text;
}

std::unique_ptr<RecordReader> make_record_reader(InputFormat format, RecordSink& sink) {
    switch (format) {
        case InputFormat::Xml:
            return std::make_unique<XmlEventReader>(sink);
        case InputFormat::Csv:
            return std::make_unique<CsvEventReader>(sink);
        case InputFormat::Json:
            return std::make_unique<JsonEventReader>(sink);
        case InputFormat::WinText:
            return std::make_unique<WinTextEventReader>(sink);
        case InputFormat::Text:
        case InputFormat::Evtx:
            break;
    }
    return nullptr;
}

std::string describe(const SkippedRecords& skipped) {
    std::string causes;
    auto add = [&causes](std::uint64_t count, const std::string& what) {
        if (count == 0) return;
        causes += (causes.empty() ? "" : ", ") + std::to_string(count) + " " + what;
    };
    add(skipped.malformed, "malformed");
    add(skipped.cut_off, "cut off by the end of the input or by the next record");
    add(skipped.oversized,
        "over " + std::to_string(RecordReader::kMaxRecordBytes / 1024) + " KiB, not buffered");
    return causes;
}

}  // namespace alertscan
