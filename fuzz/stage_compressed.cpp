// Compressed sources: decompress_if_needed picks gzip or zstd by magic bytes
// (anything else passes through), read in small pieces with small read
// capacities. Checks: no crash or leak; a bad stream ends with InputError
// only; the output does not depend on the read sizes. Output is capped so
// that a decompression bomb costs no more than a few megabytes.
#include <algorithm>
#include <memory>
#include <string>

#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"
#include "input/compressed_source.hpp"

namespace alertscan::fuzz {

namespace {

constexpr std::size_t kMaxOutput = 4 * 1024 * 1024;

struct Outcome {
    std::string data;
    std::string compression;
    bool failed = false;
    bool operator==(const Outcome&) const = default;
};

Outcome decompress(std::string_view input, std::size_t piece, std::size_t capacity) {
    Outcome outcome;
    try {
        auto peekable =
            std::make_unique<PeekableSource>(std::make_unique<PieceSource>(input, piece));
        auto source = decompress_if_needed(std::move(peekable), &outcome.compression);
        std::string buffer(capacity, '\0');
        while (outcome.data.size() < kMaxOutput) {
            const std::size_t n = source->read(buffer.data(), capacity);
            FUZZ_CHECK(n <= capacity);
            if (n == 0) break;
            outcome.data.append(buffer, 0, n);
        }
    } catch (const InputError&) {
        outcome.failed = true;
    }
    if (outcome.data.size() > kMaxOutput) outcome.data.resize(kMaxOutput);
    return outcome;
}

}  // namespace

void compressed(const std::uint8_t* data, std::size_t size) {
    FuzzInput input_bytes(data, size);
    const auto piece = input_bytes.take(1, 512);
    const auto capacity = input_bytes.take(4, 512);
    const std::string input = std::string(input_bytes.rest());
    const Outcome small = decompress(input, piece, capacity);
    const Outcome large = decompress(input, input.size() + 1, 256 * 1024);
    if (small.failed && large.failed && small.compression == large.compression) {
        // A corrupt stream: how much comes out before the error may depend
        // on the read sizes. libzstd decodes a whole frame straight into a
        // large enough output buffer and then loses it on an error, but
        // hands out the blocks before the bad one through small buffers
        // (found by fuzz_compressed). What comes out must still agree.
        const std::size_t common = std::min(small.data.size(), large.data.size());
        FUZZ_CHECK(small.data.compare(0, common, large.data, 0, common) == 0);
        return;
    }
    FUZZ_CHECK(small == large);
}

}  // namespace alertscan::fuzz
