#include "pipeline/range_scan.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "input/binary_detect.hpp"
#include "input/chunk_reader.hpp"
#include "input/compressed_source.hpp"
#include "input/evtx_reader.hpp"

namespace alertscan {
namespace {

// Makes the line numbers of a range's hits relative to the range.
class RangeLineFixer : public HitSink {
  public:
    explicit RangeLineFixer(HitSink& next) : next_(next) {}
    // Set before the first hit of the range: newlines read before it.
    void set_newlines_before_range(std::uint64_t newlines) { before_range_ = newlines; }
    void on_hit(const Hit& hit) override { take_hit(Hit(hit)); }
    void take_hit(Hit&& hit) override {
        hit.line -= before_range_;
        next_.take_hit(std::move(hit));
    }

  private:
    HitSink& next_;
    std::uint64_t before_range_ = 0;
};

// Newlines the reader has handed out before input offset `at` of `chunk`
// (in its text), from the reader's own count, which the matcher shares: the
// range's lines cost no pass of their own over the bytes.
std::uint64_t newlines_before(const Chunk& chunk, std::uint64_t at) {
    return chunk.first_line - 1 + chunk.newlines->before(at - chunk.offset);
}

class DiscardHits : public HitSink {
  public:
    void on_hit(const Hit&) override {}
};

// The text of `chunk` up to the first line end at least `context` bytes
// after `from`: enough look-ahead for lines before `from`.
std::string_view text_with_look_ahead(const Chunk& chunk, std::size_t from, std::size_t context) {
    const std::size_t want = from + context;
    if (want >= chunk.text.size()) return chunk.text;
    const std::size_t nl = chunk.text.find('\n', want);
    return nl == std::string_view::npos ? chunk.text : chunk.text.substr(0, nl + 1);
}

}  // namespace

std::uint64_t scan_range(const PreadFile& file, const std::string& path, LineRange range,
                         std::uint64_t floor, Matcher& matcher, HitSink& hits) {
    const std::size_t context = matcher.context_bytes();
    std::uint64_t read_from = range.begin;
    std::uint64_t read_to = range.end;
    if (context > 0) {
        // Whole lines within `context` bytes before the range, as the
        // ChunkReader keeps them as look-behind between its chunks, and as
        // many after it.
        if (range.begin > floor) {
            const std::uint64_t back = std::min<std::uint64_t>(range.begin - floor, context - 1);
            read_from = line_start_at_or_after(file, range.begin - back);
        }
        read_to = line_start_at_or_after(file, std::min(file.size(), range.end + context));
    }
    RangeSource source(file, read_from, read_to);
    RangeLineFixer fixer(hits);
    ChunkReader reader(source, ChunkReader::kDefaultBufferSize, ChunkReader::kDefaultOverlap,
                       context);
    matcher.begin_input();
    Chunk chunk;
    bool first = true;
    // Newlines from read_from on, asked of the reader's counter in increasing
    // positions within each chunk, as the matcher asks (the counter goes
    // forward cheaply, backward by recounting). Chunks cover the input
    // without gaps, so the first one reaching a range boundary holds it.
    std::optional<std::uint64_t> before_range, through_range;
    std::uint64_t read_newlines = 0;  // through the end of the last chunk's text
    while (reader.next(chunk)) {
        // Offsets in the file, not in the range: hits carry them as they are.
        chunk.offset += read_from;
        // Only look-ahead past the range: the previous chunk held its end.
        if (chunk.offset + chunk.report_from >= range.end) break;
        const auto own_from =
            static_cast<std::size_t>(range.begin - std::min(range.begin, chunk.offset));
        if (first && own_from > 0) {
            // Lines before the range are matched only to learn which
            // multi-line records the previous range reported (a record seen
            // from both sides of the cut is reported once, as sequentially).
            Chunk before = chunk;
            before.text = text_with_look_ahead(chunk, own_from, context);
            before.report_limit = std::min(own_from, before.text.size());
            DiscardHits discard;
            matcher.scan(before, path, discard);
        }
        first = false;
        const std::uint64_t chunk_end = chunk.offset + chunk.text.size();
        if (!before_range && range.begin <= chunk_end) {
            before_range = newlines_before(chunk, range.begin);
            fixer.set_newlines_before_range(*before_range);
        }
        // A hit belongs to the range holding the line its literal is on, as
        // the sequential path reports it in that line's turn.
        chunk.report_from = std::max(chunk.report_from, own_from);
        chunk.report_limit = std::min<std::size_t>(chunk.report_limit, range.end - chunk.offset);
        matcher.scan(chunk, path, fixer);
        if (!through_range && range.end <= chunk_end) {
            through_range = newlines_before(chunk, range.end);
        }
        read_newlines = newlines_before(chunk, chunk_end);
    }
    // A file cut short while it was read ends the range early.
    return through_range.value_or(read_newlines) - before_range.value_or(read_newlines);
}

bool splittable_text_file(const std::string& path, std::optional<InputFormat> forced,
                          std::size_t context_bytes) {
    if (path == "-" || (forced && *forced != InputFormat::Text)) return false;
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
    try {
        // The same steps, in the same order, as Scanner::scan.
        auto file = std::make_unique<PeekableSource>(open_file(path));
        const std::string_view start = file->peek(kBinaryProbeBytes);
        if (!forced && (looks_like_evtx(start) || looks_binary(start))) return false;
        std::string compression;
        DecodingSource source(decompress_if_needed(std::move(file), &compression));
        if (!compression.empty()) return false;
        ChunkReader reader(source, ChunkReader::kDefaultBufferSize, ChunkReader::kDefaultOverlap,
                           context_bytes);
        Chunk chunk;
        if (!reader.next(chunk) || source.encoding() != "utf-8") return false;
        return forced || detect_text_format(chunk.text) == InputFormat::Text;
    } catch (const InputError&) {
        return false;
    }
}

}  // namespace alertscan
