// One record-format reader (built once per format, FUZZ_FORMAT names it:
// Xml, Csv, Json, WinText) fed the input whole and then cut into pieces at
// positions the fuzzer picks. Checks: no crash or leak on any bytes, and the
// same records whatever the cuts (RecordReader contract: a piece may end
// anywhere). XML and JSON also get their one-record parsers on the input.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>
#include <vector>

#include "formats/event_xml.hpp"
#include "formats/input_format.hpp"
#include "formats/json_events.hpp"
#include "fuzz_support.hpp"

using namespace alertscan;
using namespace alertscan::fuzz;

namespace {

constexpr InputFormat kFormat = InputFormat::FUZZ_FORMAT;

struct Result {
    std::vector<RecordDigest> records;
    std::uint64_t skipped = 0;
};

Result read_in_pieces(std::string_view text, const std::vector<std::size_t>& cuts) {
    CollectingRecordSink sink;
    auto reader = make_record_reader(kFormat, sink);
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

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    quiet_logging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider provider(data, size);
    const auto cut_count = provider.ConsumeIntegralInRange<std::size_t>(0, 16);
    std::vector<std::size_t> cuts;
    for (std::size_t i = 0; i < cut_count; ++i)
        cuts.push_back(provider.ConsumeIntegral<std::uint16_t>());
    std::sort(cuts.begin(), cuts.end());
    const std::string text = provider.ConsumeRemainingBytesAsString();

    const Result whole = read_in_pieces(text, {});
    const Result pieces = read_in_pieces(text, cuts);
    FUZZ_CHECK(whole.records == pieces.records);
    FUZZ_CHECK(whole.skipped == pieces.skipped);

    if constexpr (kFormat == InputFormat::Xml) (void)parse_event_xml(text);
    if constexpr (kFormat == InputFormat::Json) (void)parse_json_event(text);
    return 0;
}
