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

// Counts the hits of one input on their way to the real sink.
class CountingSink : public HitSink {
  public:
    explicit CountingSink(HitSink& next) : next_(next) {}
    void on_hit(const Hit& hit) override {
        ++count;
        if (offset_base == 0) return next_.on_hit(hit);
        Hit moved = hit;  // offsets count from the start of the input, not of this run
        moved.offset += offset_base;
        next_.on_hit(moved);
    }
    std::uint64_t count = 0;
    std::uint64_t offset_base = 0;

  private:
    HitSink& next_;
};

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// UTF-16 text, told as DecodingSource tells it: offsets into the decoded
// text are not file offsets, so such a file cannot be resumed.
bool looks_utf16(std::string_view head) {
    if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) return true;
    if (head.size() < 4) return false;
    return (head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0) ||
           (head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0);
}

}  // namespace

bool Scanner::resumable_head(std::string_view head) const {
    if (looks_utf16(head)) return false;
    if (head.starts_with(kUtf8Bom)) head.remove_prefix(kUtf8Bom.size());
    return forced_ ? *forced_ == InputFormat::Text : detect_text_format(head) == InputFormat::Text;
}

InputSummary Scanner::scan(const std::string& path, HitSink& hits, SchannelEventSink& events,
                           const ScanStart& start) {
    InputSummary summary;
    summary.path = path;
    if (start.skip) {
        summary.skipped = "unchanged since the last run (--state)";
        return summary;
    }
    CountingSink counting(hits);
    SchannelInterpreter interpreter(matcher_, counting, events, path);
    try {
        // The one place open errors arise.
        auto file = std::make_unique<PeekableSource>(open_file(path));
        const std::string_view raw_start = file->peek(kBinaryProbeBytes);
        if (forced_ == InputFormat::Evtx || (!forced_ && looks_like_evtx(raw_start))) {
            if (path == "-")
                throw InputError("EVTX on standard input is not supported: name the file");
            file.reset();
            summary.format = "evtx";
            EvtxStats stats;
            summary.records = read_evtx(path, interpreter, &stats, helper_threads_);
            summary.skipped_records = stats.lost;
            summary.skipped_records_cause =
                std::to_string(stats.lost) + " not decodable by libevtx";
            summary.bytes = std::filesystem::file_size(path);
            if (!stats.damage.empty()) summary.error = stats.damage;
        } else if (!forced_ && looks_binary(raw_start)) {
            // Not text and no format we know: a core dump or an archive in
            // a log folder. Noted under -v, not an error.
            summary.skipped = "binary data in no known format";
        } else {
            scan_text(path, std::move(file), start, counting, interpreter, summary);
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

void Scanner::scan_text(const std::string& path, std::unique_ptr<PeekableSource> file,
                        const ScanStart& start, CountingSink& counting,
                        SchannelInterpreter& interpreter, InputSummary& summary) {
    std::string compression;
    std::unique_ptr<ByteSource> raw = decompress_if_needed(std::move(file), &compression);
    if (helper_threads_ && !compression.empty())
        raw = std::make_unique<PrefetchSource>(std::move(raw));
    auto content = std::make_unique<PeekableSource>(std::move(raw));
    summary.compression = compression;
    const std::string_view head = content->peek(kBinaryProbeBytes);
    const bool bom = head.starts_with(kUtf8Bom);
    std::uint64_t skipped = 0;
    if (start.offset > 0 && resumable_head(head)) skipped = content->skip(start.offset);
    counting.offset_base = skipped;

    DecodingSource source(std::move(content));
    ChunkReader reader(source, ChunkReader::kDefaultBufferSize, ChunkReader::kDefaultOverlap,
                       matcher_.context_bytes());
    const std::uint64_t first_line = skipped > 0 ? start.line : 1;
    reader.set_first_line(first_line);
    if (start.hold_partial_last_line && compression.empty()) reader.hold_partial_last_line();
    InputFormat format = forced_.value_or(InputFormat::Text);
    std::unique_ptr<RecordReader> records;
    Chunk chunk;
    bool first = true;
    while (reader.next(chunk)) {
        if (first) {
            if (!forced_ && skipped == 0) format = detect_text_format(chunk.text);
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
    summary.lines = reader.lines() - (first_line - 1);
    summary.encoding = std::string(source.encoding());
    if (format == InputFormat::Text && !looks_utf16(head)) {
        // Decoded offsets are raw offsets here, except for a BOM the decoder dropped.
        const std::uint64_t dropped_bom = (bom && skipped == 0) ? kUtf8Bom.size() : 0;
        const bool held = start.hold_partial_last_line && compression.empty();
        summary.resume_offset =
            skipped + dropped_bom + (held ? reader.complete_lines_end() : reader.bytes_read());
        summary.resume_line = reader.lines() + 1;
    }
}

}  // namespace alertscan
