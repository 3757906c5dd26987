// The built-in patterns over text, as the scanner runs them: ChunkReader
// with the matcher's look-behind/look-ahead context over a stream made of
// the input repeated, so records (the multi-line IBM MQ AMQ9xxx and Db2
// SQL30081N ones included) straddle chunk edges. Checks: no crash; every
// hit lies inside the input, hits come in input order, and the same hits
// are found whatever the pieces the source delivers.
#include <algorithm>
#include <memory>
#include <string>

#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"
#include "input/chunk_reader.hpp"
#include "match/matcher.hpp"
#include "match/pattern.hpp"

namespace alertscan::fuzz {

namespace {

constexpr std::size_t kMaxInput = 320 * 1024;

Matcher& builtin_matcher() {
    static Matcher matcher(builtin_patterns());
    return matcher;
}

std::vector<Hit> scan(std::string_view input, std::size_t piece, std::size_t buffer_size,
                      std::size_t overlap) {
    Matcher& matcher = builtin_matcher();
    PieceSource source(input, piece);
    const std::size_t context = matcher.context_bytes();
    buffer_size = std::max(buffer_size, 8 * context);
    ChunkReader reader(source, buffer_size, std::min(overlap, buffer_size / 4), context);
    CollectingHitSink sink;
    Chunk chunk;
    while (reader.next(chunk)) matcher.scan(chunk, "fuzz.log", sink);
    return std::move(sink.hits);
}

}  // namespace

void matcher(const std::uint8_t* data, std::size_t size) {
    FuzzInput input_bytes(data, size);
    const auto piece = input_bytes.take(1, 1 << 16);
    const auto overlap = input_bytes.take(256, 32 * 1024);
    auto times = input_bytes.take(1, 256);
    const std::string unit = std::string(input_bytes.rest());
    times = std::min(times, kMaxInput / std::max<std::size_t>(unit.size(), 1));
    const std::string input = repeat(unit, std::max<std::size_t>(times, 1));

    const std::vector<Hit> hits = scan(input, piece, 0, overlap);
    std::uint64_t last_offset = 0;
    for (const Hit& hit : hits) {
        FUZZ_CHECK(hit.offset < input.size() || input.empty());
        FUZZ_CHECK(hit.offset >= last_offset);
        FUZZ_CHECK(hit.line >= 1);
        last_offset = hit.offset;
    }
    const std::vector<Hit> whole = scan(input, input.size() + 1, 0, overlap);
    FUZZ_CHECK(hits.size() == whole.size());
    for (std::size_t i = 0; i < hits.size(); ++i) {
        FUZZ_CHECK(hits[i].offset == whole[i].offset);
        FUZZ_CHECK(hits[i].code == whole[i].code);
    }
}

}  // namespace alertscan::fuzz
