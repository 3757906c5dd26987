#include "scanner.hpp"

#include <filesystem>
#include <fstream>

#include "input/binary_detect.hpp"
#include "input/byte_source.hpp"
#include "input/chunk_reader.hpp"
#include "input/compressed_source.hpp"
#include "input/evtx_reader.hpp"
#include "pipeline/prefetch_source.hpp"

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

}  // namespace

InputSummary Scanner::scan(const std::string& path, HitSink& hits, SchannelEventSink& events) {
    InputSummary summary;
    summary.path = path;
    CountingSink counting(hits);
    SchannelInterpreter interpreter(matcher_, counting, events, path);
    try {
        // The one place open errors arise.
        auto file = std::make_unique<PeekableSource>(open_file(path));
        const std::string_view start = file->peek(kBinaryProbeBytes);
        InputFormat format = forced_.value_or(InputFormat::Text);
        if (forced_ == InputFormat::Evtx || (!forced_ && looks_like_evtx(start))) {
            if (path == "-")
                throw InputError("EVTX on standard input is not supported: name the file");
            format = InputFormat::Evtx;
            file.reset();
            summary.format = "evtx";
            EvtxStats stats;
            summary.records = read_evtx(path, interpreter, &stats);
            summary.skipped_records = stats.lost;
            summary.skipped_records_cause =
                std::to_string(stats.lost) + " not decodable by libevtx";
            summary.bytes = std::filesystem::file_size(path);
            if (!stats.damage.empty()) summary.error = stats.damage;
        } else if (!forced_ && looks_binary(start)) {
            // Not text and no format we know: a core dump or an archive in
            // a log folder. Noted under -v, not an error.
            summary.skipped = "binary data in no known format";
        } else {
            std::string compression;
            std::unique_ptr<ByteSource> raw = decompress_if_needed(std::move(file), &compression);
            if (threaded_decompression_ && !compression.empty())
                raw = std::make_unique<PrefetchSource>(std::move(raw));
            DecodingSource source(std::move(raw));
            summary.compression = compression;
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
                summary.skipped_records_cause = describe(records->skipped_by_cause());
            }
            summary.format = std::string(to_string(format));
            summary.bytes = reader.bytes_read();
            summary.lines = reader.lines();
            summary.encoding = std::string(source.encoding());
        }
    } catch (const InputError& error) {
        summary.error = error.what();
    } catch (const std::exception& error) {
        // A library's exception (memory, filesystem): this input fails, the
        // scan goes on with the next one.
        summary.error = std::string("cannot read: ") + error.what();
    }
    summary.hits = counting.count;
    return summary;
}

}  // namespace alertscan
