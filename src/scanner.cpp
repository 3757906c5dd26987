#include "scanner.hpp"

#include "input/byte_source.hpp"
#include "input/chunk_reader.hpp"

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

InputSummary Scanner::scan(const std::string& path, HitSink& sink) {
    InputSummary summary;
    summary.path = path;
    CountingSink counting(sink);
    try {
        DecodingSource source(open_file(path));
        ChunkReader reader(source, ChunkReader::kDefaultBufferSize, ChunkReader::kDefaultOverlap,
                           matcher_.context_bytes());
        Chunk chunk;
        while (reader.next(chunk)) matcher_.scan(chunk, path, counting);
        summary.bytes = reader.bytes_read();
        summary.lines = reader.lines();
        summary.encoding = std::string(source.encoding());
    } catch (const InputError& error) {
        summary.error = error.what();
    }
    summary.hits = counting.count;
    return summary;
}

}  // namespace alertscan
