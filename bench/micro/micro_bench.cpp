// Micro-benchmarks of the text path's stages (Google Benchmark): reading
// (ChunkReader over plain and gzip sources), the Vectorscan prefilter, the
// RE2 matcher on candidate lines, newline counting and line-context
// extraction. Build with -DALERTSCAN_BENCH=ON; see bench/README.md.
//
// The inputs are synthetic text made here (no files needed): "mixed" is a
// central log host's file with rare alerts, "gskit" a gsktrace that is mostly
// ENTRY/EXIT lines with zero exit statuses, "candidates" only lines that
// reach RE2. Set ALERTSCAN_BENCH_MIXED / ALERTSCAN_BENCH_GSKIT to a file
// (e.g. one from bench/generate.py) to use its first 32 MiB instead.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "formats/line_context.hpp"
#include "input/byte_source.hpp"
#include "input/chunk_reader.hpp"
#include "input/compressed_source.hpp"
#include "match/matcher.hpp"
#include "match/pattern.hpp"
#include "match/prefilter.hpp"
#include "summary/hit.hpp"
#include "util/count_newlines.hpp"

namespace alertscan {
namespace {

constexpr std::size_t kTextBytes = 32 << 20;

// ------------------------------------------------------------ synthetic text

std::string pick(std::mt19937& rng, const std::vector<std::string>& choices) {
    return choices[rng() % choices.size()];
}

std::string ip(std::mt19937& rng) {
    return "10." + std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "." +
           std::to_string(rng() % 256);
}

// One line of a central log host: web access, syslog, Java, and about one in
// 500 lines an SChannel or GSKit alert.
std::string mixed_line(std::mt19937& rng) {
    const int kind = static_cast<int>(rng() % 1000);
    if (kind < 1) {
        return "<134>Mar  2 09:14:02 WEB01 Schannel: A fatal alert was received from the remote "
               "endpoint. The TLS protocol defined fatal alert code is 46.";
    }
    if (kind < 2) {
        return "Thd-7 ERROR gsk_secure_socket_read(): SSL V3 alert 42 received from " + ip(rng);
    }
    if (kind < 450) {
        return ip(rng) + " - - [02/Mar/2024:09:14:02 +0000] \"GET /api/v1/items/" +
               std::to_string(rng() % 100000) + " HTTP/1.1\" 200 " + std::to_string(rng() % 9000) +
               " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
    }
    if (kind < 800) {
        return "Mar  2 09:14:02 host" + std::to_string(rng() % 40) + " " +
               pick(rng, {"sshd[812]: Accepted publickey for deploy from ",
                          "CRON[99]: (root) CMD (run-parts /etc/cron.hourly) ",
                          "kernel: [12345.678] eth0: link up from "}) +
               ip(rng);
    }
    return "2024-03-02 09:14:02,123 INFO  [pool-3-thread-" + std::to_string(rng() % 64) +
           "] com.example.OrderService - order " + std::to_string(rng()) + " processed in " +
           std::to_string(rng() % 500) + " ms";
}

// One line of a gsktrace: ENTRY/EXIT pairs, one status in 45 non-zero.
std::string gskit_line(std::mt19937& rng) {
    static const std::vector<std::string> functions = {
        "gsk_secure_socket_read", "gsk_secure_socket_write", "gsk_read_v3_record",
        "gsk_write_v3_record", "gsk_attribute_set_buffer"};
    const std::string thread = "Thd-" + std::to_string(rng() % 64);
    const std::string function = pick(rng, functions);
    const int kind = static_cast<int>(rng() % 1000);
    if (kind < 500) return thread + " ENTRY " + function + "(): --->";
    if (kind < 510) return thread + " INFO " + function + "(): SSL V3 read from " + ip(rng);
    if (kind < 511) return thread + " ERROR " + function + "(): SSL V3 alert 40 sent to " + ip(rng);
    if (kind < 522) {
        return thread + " EXIT " + function + "(): <--- Exit status 0x0000019e (414)";
    }
    return thread + " EXIT " + function + "(): <--- Exit status 0x00000000 (0)";
}

// Only lines that the prefilter passes on to RE2, half of them hits.
std::string candidate_line(std::mt19937& rng) {
    switch (rng() % 4) {
        case 0:
            return "Thd-3 EXIT gsk_secure_socket_init(): <--- Exit status 0x0000019e (414)";
        case 1:
            return "Thd-3 EXIT gsk_get_cipher_info(): <--- Exit status 0x00000008 (8)";
        case 2:
            return "<134>Mar  2 09:14:02 WEB01 Schannel: The following fatal alert was "
                   "generated: 40. The internal error state is 1205.";
        default:
            return "SERVICE ALERT: web01;HTTPS;CRITICAL;SSL V3 alert fatal received (check)";
    }
}

std::string read_prefix(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot open ") + path);
    std::string text(kTextBytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    text.resize(text.rfind('\n') + 1);  // whole lines only
    return text;
}

std::string make_text(std::string (*line)(std::mt19937&), const char* override_variable) {
    if (const char* path = std::getenv(override_variable)) return read_prefix(path);
    std::mt19937 rng(1);
    std::string text;
    text.reserve(kTextBytes + 256);
    while (text.size() < kTextBytes) {
        text += line(rng);
        text += '\n';
    }
    return text;
}

const std::string& mixed_text() {
    static const std::string text = make_text(mixed_line, "ALERTSCAN_BENCH_MIXED");
    return text;
}
const std::string& gskit_text() {
    static const std::string text = make_text(gskit_line, "ALERTSCAN_BENCH_GSKIT");
    return text;
}
const std::string& candidate_text() {
    static const std::string text = make_text(candidate_line, "ALERTSCAN_BENCH_CANDIDATES");
    return text;
}

const std::string& text_of(std::int64_t which) {
    return which == 0 ? mixed_text() : which == 1 ? gskit_text() : candidate_text();
}
const char* name_of(std::int64_t which) {
    return which == 0 ? "mixed" : which == 1 ? "gskit" : "candidates";
}

std::string gzip(const std::string& text) {
    z_stream stream{};
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, text.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    return out;
}

// Serves a string from memory, as a file in the page cache would be.
class MemorySource : public ByteSource {
  public:
    explicit MemorySource(const std::string& data) : data_(data) {}
    std::size_t read(char* buffer, std::size_t capacity) override {
        const std::size_t n = std::min(capacity, data_.size() - pos_);
        std::memcpy(buffer, data_.data() + pos_, n);
        pos_ += n;
        return n;
    }

  private:
    const std::string& data_;
    std::size_t pos_ = 0;
};

class NullSink : public HitSink {
  public:
    void on_hit(const Hit& hit) override { benchmark::DoNotOptimize(hit.code); }
};

// Splits text into the 1 MiB whole-line chunks ChunkReader hands out.
std::vector<Chunk> chunks_of(const std::string& text) {
    std::vector<Chunk> chunks;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = std::min(text.size(), begin + ChunkReader::kDefaultBufferSize);
        if (end < text.size()) end = text.rfind('\n', end - 1) + 1;
        const std::string_view piece(text.data() + begin, end - begin);
        chunks.push_back(Chunk{piece, begin, 1, piece.size(), true});
        begin = end;
    }
    return chunks;
}

const std::vector<PatternDef>& patterns() {
    static const std::vector<PatternDef> all = builtin_patterns();
    return all;
}

void set_bytes(benchmark::State& state, std::size_t bytes_per_iteration) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(bytes_per_iteration));
}

// ---------------------------------------------------------------- benchmarks

void BM_ChunkReaderPlain(benchmark::State& state) {
    const std::string& text = mixed_text();
    for (auto _ : state) {
        DecodingSource source(std::make_unique<MemorySource>(text));
        ChunkReader reader(source, ChunkReader::kDefaultBufferSize, ChunkReader::kDefaultOverlap,
                           16 * 1024);
        Chunk chunk;
        std::size_t chunks = 0;
        while (reader.next(chunk)) ++chunks;
        benchmark::DoNotOptimize(reader.lines());
        benchmark::DoNotOptimize(chunks);
    }
    set_bytes(state, text.size());
}
BENCHMARK(BM_ChunkReaderPlain)->Unit(benchmark::kMillisecond);

void BM_ChunkReaderGzip(benchmark::State& state) {
    const std::string& text = mixed_text();
    static const std::string compressed = gzip(text);
    for (auto _ : state) {
        std::string compression;
        auto peekable =
            std::make_unique<PeekableSource>(std::make_unique<MemorySource>(compressed));
        DecodingSource source(decompress_if_needed(std::move(peekable), &compression));
        ChunkReader reader(source, ChunkReader::kDefaultBufferSize, ChunkReader::kDefaultOverlap,
                           16 * 1024);
        Chunk chunk;
        while (reader.next(chunk)) benchmark::DoNotOptimize(chunk.text.data());
        benchmark::DoNotOptimize(reader.lines());
    }
    set_bytes(state, text.size());  // uncompressed bytes, as zcat's throughput
}
BENCHMARK(BM_ChunkReaderGzip)->Unit(benchmark::kMillisecond);

void BM_Prefilter(benchmark::State& state) {
    const std::string& text = text_of(state.range(0));
    state.SetLabel(name_of(state.range(0)));
    const std::vector<Chunk> chunks = chunks_of(text);
    Prefilter prefilter(prefilter_probes(patterns()));
    std::vector<CandidateLine> candidates;
    std::size_t found = 0;
    for (auto _ : state) {
        for (const Chunk& chunk : chunks) {
            prefilter.find(chunk.text, candidates);
            found += candidates.size();
        }
    }
    state.counters["candidates_per_MiB"] =
        benchmark::Counter(static_cast<double>(found) / static_cast<double>(state.iterations()) /
                           (static_cast<double>(text.size()) / (1 << 20)));
    set_bytes(state, text.size());
}
BENCHMARK(BM_Prefilter)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// The whole matcher: prefilter, RE2 on the candidate lines, hits built. On
// "candidates" every line reaches RE2, so this measures RE2 and make_hit.
void BM_Matcher(benchmark::State& state) {
    const std::string& text = text_of(state.range(0));
    state.SetLabel(name_of(state.range(0)));
    const std::vector<Chunk> chunks = chunks_of(text);
    Matcher matcher(patterns());
    NullSink sink;
    const std::string file = "bench.log";
    for (auto _ : state) {
        for (const Chunk& chunk : chunks) matcher.scan(chunk, file, sink);
    }
    set_bytes(state, text.size());
}
BENCHMARK(BM_Matcher)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_CountNewlines(benchmark::State& state) {
    const std::string& text = mixed_text();
    for (auto _ : state) benchmark::DoNotOptimize(count_newlines(text.data(), text.size()));
    set_bytes(state, text.size());
}
BENCHMARK(BM_CountNewlines)->Unit(benchmark::kMillisecond);

void BM_LineContext(benchmark::State& state) {
    const std::vector<std::string> lines = {
        "<134>1 2024-03-02T09:14:02.123Z HOST01 Schannel - - - ",
        "<11>Mar  2 09:14:02 HOST01 Schannel: ",
        "2024-03-02 09:14:02,123 ERROR [main] ",
        "[Sat Mar 02 09:14:02.123456 2024] [ssl:info] [pid 1] ",
        "3/2/2024 9:14:02 AM\tError\tSchannel\t36887\tNone\t",
        "Thd-3 EXIT gsk_secure_socket_init(): <--- ",
    };
    for (auto _ : state) {
        for (const std::string& line : lines) {
            LineContext context = read_line_context(line);
            benchmark::DoNotOptimize(context.timestamp.data());
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(lines.size()));
}
BENCHMARK(BM_LineContext);

}  // namespace
}  // namespace alertscan

BENCHMARK_MAIN();
