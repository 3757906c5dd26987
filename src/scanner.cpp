#include "scanner.hpp"

#include <filesystem>
#include <fstream>

#include "input/byte_source.hpp"
#include "input/chunk_reader.hpp"
#include "input/evtx_reader.hpp"

namespace alertscan {
namespace {

// Counts the hits of one input on their way to the real sink.
class CountingSink : public HitSink {
  public:
    explicit CountingSink(HitSink& next) : next_(next) {}
    void on_hit(const Hit& hit) override {
        ++count;
        next_.on_hit(hit);
    }
    std::uint64_t count = 0;

  private:
    HitSink& next_;
};

bool file_starts_as_evtx(const std::string& path) {
    if (path == "-") return false;
    std::ifstream in(path, std::ios::binary);
    char magic[8] = {};
    in.read(magic, sizeof magic);
    return in.gcount() == sizeof magic && looks_like_evtx(std::string_view(magic, sizeof magic));
}

}  // namespace

InputSummary Scanner::scan(const std::string& path, HitSink& hits, SchannelEventSink& events) {
    InputSummary summary;
    summary.path = path;
    CountingSink counting(hits);
    SchannelInterpreter interpreter(matcher_, counting, events, path);
    try {
        std::unique_ptr<ByteSource> file = open_file(path);  // the one place open errors arise
        InputFormat format = forced_.value_or(InputFormat::Text);
        if (forced_ == InputFormat::Evtx || (!forced_ && file_starts_as_evtx(path))) {
            format = InputFormat::Evtx;
            file.reset();
            summary.format = "evtx";
            summary.records = read_evtx(path, interpreter);
            summary.bytes = std::filesystem::file_size(path);
        } else {
            DecodingSource source(std::move(file));
            ChunkReader reader(source, ChunkReader::kDefaultBufferSize,
                               ChunkReader::kDefaultOverlap, matcher_.context_bytes());
            std::unique_ptr<RecordReader> records;
            Chunk chunk;
            bool first = true;
            while (reader.next(chunk)) {
                if (first) {
                    if (!forced_) format = detect_text_format(chunk.text);
                    records = make_record_reader(format, interpreter);
                    first = false;
                }
                if (records) {
                    const std::size_t length = chunk.report_limit - chunk.report_from;
                    records->feed(chunk.text.substr(chunk.report_from, length),
                                  chunk.offset + chunk.report_from);
                } else {
                    matcher_.scan(chunk, path, counting);
                }
            }
            if (records) {
                records->finish();
                summary.records = interpreter.records();
                summary.skipped_records = records->skipped();
            }
            summary.format = std::string(to_string(format));
            summary.bytes = reader.bytes_read();
            summary.lines = reader.lines();
            summary.encoding = std::string(source.encoding());
        }
    } catch (const InputError& error) {
        summary.error = error.what();
    }
    summary.hits = counting.count;
    return summary;
}

}  // namespace alertscan
