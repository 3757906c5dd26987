// The decoding reader: DecodingSource (BOMs, UTF-16 detection and
// transcoding, lone CR) under ChunkReader (line splitting, long-line pieces,
// look-behind/look-ahead context), with small buffers so that every edge
// falls somewhere in the input.
//
// Checks: decoding does not depend on how the bytes arrive or on the read
// capacity; the chunks' reported ranges cover the decoded text exactly once,
// in order, with the right offsets and line numbers (the contract the record
// readers and the matcher rely on).
#include <algorithm>
#include <memory>
#include <string>

#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"
#include "input/chunk_reader.hpp"

namespace alertscan::fuzz {

namespace {

constexpr std::size_t kMaxInput = 40 * 1024;

std::string decode_all(std::string_view input, std::size_t piece, std::size_t capacity) {
    DecodingSource source(std::make_unique<PieceSource>(input, piece));
    std::string out;
    std::string buffer(capacity, '\0');
    while (const std::size_t n = source.read(buffer.data(), capacity)) out.append(buffer, 0, n);
    return out;
}

void check_chunks(std::string_view input, std::size_t piece, const std::string& decoded,
                  std::size_t buffer_size, std::size_t overlap, std::size_t context) {
    DecodingSource source(std::make_unique<PieceSource>(input, piece));
    ChunkReader reader(source, buffer_size, overlap, context);
    Chunk chunk;
    std::string reported;
    std::uint64_t newlines = 0;
    while (reader.next(chunk)) {
        FUZZ_CHECK(chunk.report_from < chunk.report_limit);
        FUZZ_CHECK(chunk.report_limit <= chunk.text.size());
        FUZZ_CHECK(chunk.offset + chunk.report_from == reported.size());
        const std::string_view before = chunk.text.substr(0, chunk.report_from);
        const auto line = chunk.first_line + std::count(before.begin(), before.end(), '\n');
        FUZZ_CHECK(line == newlines + 1);
        const auto part =
            chunk.text.substr(chunk.report_from, chunk.report_limit - chunk.report_from);
        newlines += std::count(part.begin(), part.end(), '\n');
        reported.append(part);
    }
    FUZZ_CHECK(reported == decoded);
    FUZZ_CHECK(reader.bytes_read() == decoded.size());
    const bool open_last_line = !decoded.empty() && decoded.back() != '\n';
    FUZZ_CHECK(reader.lines() == newlines + (open_last_line ? 1 : 0));
}

}  // namespace

void decoding(const std::uint8_t* data, std::size_t size) {
    FuzzInput input_bytes(data, size);
    const auto piece = input_bytes.take(1, 64);
    const auto capacity = input_bytes.take(4, 64);
    const auto buffer_size = input_bytes.take(8192, 12288);
    const auto overlap = input_bytes.take(1, buffer_size / 4);
    const auto context = input_bytes.take(0, buffer_size / 8);
    auto times = input_bytes.take(1, 16);
    const std::string unit = std::string(input_bytes.rest());
    times = std::min(times, kMaxInput / std::max<std::size_t>(unit.size(), 1));
    const std::string input = repeat(unit, std::max<std::size_t>(times, 1));

    const std::string decoded = decode_all(input, input.size() + 1, 64 * 1024);
    FUZZ_CHECK(decode_all(input, piece, capacity) == decoded);
    check_chunks(input, piece, decoded, buffer_size, overlap, context);
}

}  // namespace alertscan::fuzz
