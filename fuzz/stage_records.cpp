// The record-format readers (XML, CSV, JSON, wintext blocks: wevtutil,
// Copy details, Format-List) fed the input whole and then cut into pieces at
// positions taken from the input. Checks: no crash or leak on any bytes, and
// the same records whatever the cuts (RecordReader contract: a piece may end
// anywhere). XML and JSON also get their one-record parsers on the input.
#include <algorithm>
#include <string>
#include <vector>

#include "formats/event_xml.hpp"
#include "formats/input_format.hpp"
#include "formats/json_events.hpp"
#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"

namespace alertscan::fuzz {
namespace {

struct Result {
    std::vector<RecordDigest> records;
    std::uint64_t skipped = 0;
};

Result read_in_pieces(InputFormat format, std::string_view text,
                      const std::vector<std::size_t>& cuts) {
    CollectingRecordSink sink;
    auto reader = make_record_reader(format, sink);
    FUZZ_CHECK(reader != nullptr);
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        cut = std::max(from, std::min(cut, text.size()));
        reader->feed(text.substr(from, cut - from), from);
        from = cut;
    }
    reader->feed(text.substr(from), from);
    reader->finish();
    return {std::move(sink.records), reader->skipped()};
}

void read_records(InputFormat format, const std::uint8_t* data, std::size_t size) {
    FuzzInput input(data, size);
    std::vector<std::size_t> cuts(input.take(0, 16));
    for (std::size_t& cut : cuts) cut = input.take(0, 65535);
    std::sort(cuts.begin(), cuts.end());
    const std::string_view text = input.rest();

    const Result whole = read_in_pieces(format, text, {});
    const Result pieces = read_in_pieces(format, text, cuts);
    FUZZ_CHECK(whole.records == pieces.records);
    FUZZ_CHECK(whole.skipped == pieces.skipped);
    if (format == InputFormat::Xml) (void)parse_event_xml(text);
    if (format == InputFormat::Json) (void)parse_json_event(text);
}

}  // namespace

void records_xml(const std::uint8_t* data, std::size_t size) {
    read_records(InputFormat::Xml, data, size);
}
void records_csv(const std::uint8_t* data, std::size_t size) {
    read_records(InputFormat::Csv, data, size);
}
void records_json(const std::uint8_t* data, std::size_t size) {
    read_records(InputFormat::Json, data, size);
}
void records_wintext(const std::uint8_t* data, std::size_t size) {
    read_records(InputFormat::WinText, data, size);
}

}  // namespace alertscan::fuzz
