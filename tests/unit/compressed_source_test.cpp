// PeekableSource, GzipSource, ZstdSource and decompress_if_needed: magic-byte
// sniffing, streaming round trips, concatenation, truncation and corruption.

#include "input/compressed_source.hpp"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "input/byte_source.hpp"
#include "string_source.hpp"

namespace alertscan {
namespace {

using test_support::StringSource;

// ------------------------------------------------------------------ helpers

std::string gzip(const std::string& data, int level = Z_DEFAULT_COMPRESSION) {
    z_stream z{};
    // 15 + 16: gzip wrapper.
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2");
    }
    std::string out(deflateBound(&z, data.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
    return out;
}

std::string zstd(const std::string& data, int level = 3, bool checksum = false) {
    ZSTD_CCtx* context = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, checksum ? 1 : 0);
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress2(context, out.data(), out.size(), data.data(), data.size());
    ZSTD_freeCCtx(context);
    if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

// Log-like text, somewhat compressible, deterministic.
std::string log_text(std::size_t size) {
    std::string text;
    text.reserve(size + 128);
    std::uint32_t state = 12345;
    std::uint64_t line = 0;
    while (text.size() < size) {
        state = state * 1664525u + 1013904223u;
        text += "2024-05-0" + std::to_string(1 + state % 9) + " host" + std::to_string(state % 97) +
                " schannel: TLS alert " + std::to_string((state >> 8) % 120) + " line " +
                std::to_string(++line) + " id " + std::to_string(state) + "\n";
    }
    text.resize(size);
    return text;
}

struct Result {
    std::string data;
    std::string compression;
    std::string error;  // empty: read to the end without InputError
    std::size_t zero_reads = 0;
};

// Reads everything through decompress_if_needed, `capacity` bytes per read()
// at most, the file giving `piece` bytes per read() at most.
Result read_all(const std::string& bytes, std::size_t capacity, std::size_t piece = 0) {
    Result result;
    auto peekable = std::make_unique<PeekableSource>(std::make_unique<StringSource>(bytes, piece));
    std::unique_ptr<ByteSource> source =
        decompress_if_needed(std::move(peekable), &result.compression);
    std::vector<char> buffer(capacity);
    try {
        while (std::size_t n = source->read(buffer.data(), buffer.size())) {
            result.data.append(buffer.data(), n);
        }
        // Stays at the end.
        if (source->read(buffer.data(), buffer.size()) == 0) ++result.zero_reads;
    } catch (const InputError& error) {
        result.error = error.what();
    }
    return result;
}

bool is_prefix(const std::string& prefix, const std::string& of) {
    return of.compare(0, prefix.size(), prefix) == 0;
}

// Serves `data`, then throws InputError("Input/output error").
class FailingSource : public ByteSource {
  public:
    explicit FailingSource(std::string data) : data_(std::move(data)) {}
    std::size_t read(char* buffer, std::size_t capacity) override {
        if (pos_ == data_.size()) throw InputError("Input/output error");
        const std::size_t n = std::min(capacity, data_.size() - pos_);
        std::memcpy(buffer, data_.data() + pos_, n);
        pos_ += n;
        return n;
    }

  private:
    std::string data_;
    std::size_t pos_ = 0;
};

const std::string kSmall = "Alert: handshake_failure (40) from 10.0.0.1\nsecond line\n";

// ------------------------------------------------------------ PeekableSource

TEST(PeekableSource, PeekDoesNotConsume) {
    PeekableSource source(std::make_unique<StringSource>(kSmall, 1));
    EXPECT_EQ(source.peek(4), "Aler");
    EXPECT_EQ(source.peek(2), "Al");
    EXPECT_EQ(source.peek(10), "Alert: han");
    std::string all;
    char buffer[4];
    while (std::size_t n = source.read(buffer, sizeof buffer)) all.append(buffer, n);
    EXPECT_EQ(all, kSmall);
}

TEST(PeekableSource, PeekAfterPartialReadShowsTheNextBytes) {
    PeekableSource source(std::make_unique<StringSource>("abcdefghij", 3));
    EXPECT_EQ(source.peek(5), "abcde");
    char buffer[4];
    ASSERT_EQ(source.read(buffer, 2), 2u);
    EXPECT_EQ(std::string(buffer, 2), "ab");
    EXPECT_EQ(source.peek(4), "cdef");
    std::string rest;
    while (std::size_t n = source.read(buffer, sizeof buffer)) rest.append(buffer, n);
    EXPECT_EQ(rest, "cdefghij");
    EXPECT_EQ(source.peek(4), "");
}

TEST(PeekableSource, PeekPastTheEndReturnsWhatThereIs) {
    PeekableSource source(std::make_unique<StringSource>("ab"));
    EXPECT_EQ(source.peek(4), "ab");
    EXPECT_EQ(source.peek(0), "");
    char buffer[8];
    ASSERT_EQ(source.read(buffer, sizeof buffer), 2u);
    EXPECT_EQ(std::string(buffer, 2), "ab");
    EXPECT_EQ(source.read(buffer, sizeof buffer), 0u);

    PeekableSource empty(std::make_unique<StringSource>(""));
    EXPECT_EQ(empty.peek(4), "");
    EXPECT_EQ(empty.read(buffer, sizeof buffer), 0u);
}

// ---------------------------------------------------------- CompressedSource

TEST(CompressedSource, PlainTextPassesThroughUnchanged) {
    for (const std::string& text : {kSmall, std::string(""), std::string("x"), std::string("\x1f"),
                                    std::string("\x28\xb5\x2f"),
                                    std::string("\xff\xfe"
                                                "A\0l\0",
                                                6),
                                    log_text(300000)}) {
        for (std::size_t capacity : {4u, 4096u}) {
            Result result = read_all(text, capacity, 3);
            EXPECT_EQ(result.compression, "");
            EXPECT_EQ(result.error, "");
            EXPECT_EQ(result.data, text);
            EXPECT_EQ(result.zero_reads, 1u);
        }
    }
}

TEST(CompressedSource, DetectsByMagicBytesAndReportsCompression) {
    std::string compression = "unset";
    auto plain = decompress_if_needed(
        std::make_unique<PeekableSource>(std::make_unique<StringSource>("plain")), &compression);
    EXPECT_EQ(compression, "");
    EXPECT_NE(dynamic_cast<PeekableSource*>(plain.get()), nullptr);

    auto gz = decompress_if_needed(
        std::make_unique<PeekableSource>(std::make_unique<StringSource>(gzip(kSmall))),
        &compression);
    EXPECT_EQ(compression, "gzip");
    EXPECT_NE(dynamic_cast<GzipSource*>(gz.get()), nullptr);

    auto zst = decompress_if_needed(
        std::make_unique<PeekableSource>(std::make_unique<StringSource>(zstd(kSmall))),
        &compression);
    EXPECT_EQ(compression, "zstd");
    EXPECT_NE(dynamic_cast<ZstdSource*>(zst.get()), nullptr);

    // A null compression pointer is allowed.
    auto again = decompress_if_needed(
        std::make_unique<PeekableSource>(std::make_unique<StringSource>(gzip(kSmall))), nullptr);
    ASSERT_NE(again, nullptr);
    char buffer[256];
    EXPECT_GT(again->read(buffer, sizeof buffer), 0u);
}

TEST(CompressedSource, MagicSplitAcrossOneByteReads) {
    Result gz = read_all(gzip(kSmall), 4, 1);
    EXPECT_EQ(gz.compression, "gzip");
    EXPECT_EQ(gz.data, kSmall);
    Result zst = read_all(zstd(kSmall), 4, 1);
    EXPECT_EQ(zst.compression, "zstd");
    EXPECT_EQ(zst.data, kSmall);
}

TEST(CompressedSource, InnerReadsStayBounded) {
    const std::string text = log_text(1 << 20);
    for (const std::string& packed : {gzip(text, 1), zstd(text, 1)}) {
        auto file = std::make_unique<StringSource>(packed);
        StringSource* raw = file.get();
        auto source =
            decompress_if_needed(std::make_unique<PeekableSource>(std::move(file)), nullptr);
        std::vector<char> buffer(8 << 20);
        std::string out;
        while (std::size_t n = source->read(buffer.data(), buffer.size()))
            out.append(buffer.data(), n);
        EXPECT_EQ(out, text);
        EXPECT_LE(raw->max_capacity(), 64u * 1024u);
    }
}

// ---------------------------------------------------------------------- gzip

TEST(GzipSource, RoundTripSmallAtEveryLevelAndCapacity) {
    for (int level : {0, 1, 6, 9}) {
        const std::string packed = gzip(kSmall, level);
        for (std::size_t capacity : {4u, 5u, 7u, 64u, 65536u}) {
            for (std::size_t piece : {0u, 1u, 13u}) {
                Result result = read_all(packed, capacity, piece);
                EXPECT_EQ(result.compression, "gzip");
                EXPECT_EQ(result.error, "");
                EXPECT_EQ(result.data, kSmall) << level << " " << capacity << " " << piece;
                EXPECT_EQ(result.zero_reads, 1u);
            }
        }
    }
}

TEST(GzipSource, RoundTripLarge) {
    const std::string text = log_text(6 << 20);
    for (int level : {1, 9}) {
        const std::string packed = gzip(text, level);
        ASSERT_LT(packed.size(), text.size());
        for (std::size_t capacity : {4u, 65536u, 1u << 20}) {
            Result result = read_all(packed, capacity, capacity == 4 ? 0 : 4097);
            EXPECT_EQ(result.error, "");
            EXPECT_EQ(result.data.size(), text.size());
            EXPECT_TRUE(result.data == text) << level << " " << capacity;
        }
    }
}

TEST(GzipSource, IncompressibleDataRoundTrips) {
    std::string noise(3 << 20, '\0');
    std::uint64_t state = 88172645463325252ull;
    for (char& c : noise) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        c = static_cast<char>(state);
    }
    Result result = read_all(gzip(noise, 6), 65536);
    EXPECT_EQ(result.error, "");
    EXPECT_TRUE(result.data == noise);
}

TEST(GzipSource, EmptyInput) {
    for (std::size_t capacity : {4u, 4096u}) {
        Result result = read_all(gzip(""), capacity);
        EXPECT_EQ(result.compression, "gzip");
        EXPECT_EQ(result.error, "");
        EXPECT_EQ(result.data, "");
        EXPECT_EQ(result.zero_reads, 1u);
    }
}

TEST(GzipSource, ConcatenatedMembers) {
    const std::string a = "first member\n";
    const std::string b = log_text(200000);
    const std::string c = "third member, no newline";
    const std::string packed = gzip(a, 9) + gzip(b, 1) + gzip("") + gzip(c, 0);
    for (std::size_t capacity : {4u, 100u, 65536u}) {
        for (std::size_t piece : {0u, 1u, 1000u}) {
            if (capacity == 4 && piece == 1) continue;  // slow, nothing new
            Result result = read_all(packed, capacity, piece);
            EXPECT_EQ(result.error, "");
            EXPECT_TRUE(result.data == a + b + c) << capacity << " " << piece;
        }
    }
}

TEST(GzipSource, TrailingZeroPaddingIsIgnored) {
    const std::string packed = gzip(kSmall) + std::string(70000, '\0');
    Result result = read_all(packed, 64, 333);
    EXPECT_EQ(result.error, "");
    EXPECT_EQ(result.data, kSmall);
}

TEST(GzipSource, TrailingGarbageFailsAfterTheData) {
    Result result = read_all(gzip(kSmall) + "garbage", 4096);
    EXPECT_EQ(result.data, kSmall);
    EXPECT_EQ(result.error, "corrupt gzip data: incorrect header check");
}

TEST(GzipSource, TruncatedStreamReturnsDataSoFarThenThrows) {
    const std::string text = log_text(2 << 20);
    const std::string packed = gzip(text, 6);
    for (std::size_t cut : {packed.size() / 2, packed.size() - 4, packed.size() - 1}) {
        for (std::size_t capacity : {4u, 65536u}) {
            Result result = read_all(packed.substr(0, cut), capacity);
            EXPECT_EQ(result.compression, "gzip");
            EXPECT_EQ(result.error, "gzip stream ends early (truncated file?)");
            EXPECT_TRUE(is_prefix(result.data, text));
            if (cut == packed.size() / 2) {
                EXPECT_GT(result.data.size(), text.size() / 4);
            } else {
                // Only the trailer (CRC, length) is missing: every byte came out.
                EXPECT_EQ(result.data.size(), text.size());
            }
        }
    }
}

TEST(GzipSource, TruncatedInsideHeaderOrSecondMember) {
    const std::string packed = gzip(kSmall);
    Result header = read_all(packed.substr(0, 5), 4096);
    EXPECT_EQ(header.compression, "gzip");
    EXPECT_EQ(header.data, "");
    EXPECT_EQ(header.error, "gzip stream ends early (truncated file?)");

    const std::string second = gzip("second\n");
    Result result = read_all(packed + second.substr(0, second.size() / 2), 4096);
    EXPECT_TRUE(is_prefix(kSmall, result.data));
    EXPECT_EQ(result.error, "gzip stream ends early (truncated file?)");
}

// Long runs make zlib stop mid-match and zstd mid-block when the caller's
// buffer fills; those held-back bytes must come out before the missing
// trailer is reported.
TEST(GzipSource, HeldBackOutputComesOutBeforeTruncationIsReported) {
    const std::string text = std::string(300000, 'a') + log_text(100000) + std::string(300000, 'b');
    const std::string packed = gzip(text, 9);
    for (std::size_t capacity : {4u, 5u, 1000u, 65536u, 1u << 20}) {
        Result result = read_all(packed.substr(0, packed.size() - 8), capacity);
        EXPECT_EQ(result.error, "gzip stream ends early (truncated file?)");
        EXPECT_EQ(result.data.size(), text.size()) << capacity;
        EXPECT_TRUE(result.data == text) << capacity;
    }
    // Short texts ending in a run: zlib has already taken the last input
    // bytes into its bit buffer when the output fills in the middle of the
    // final match.
    for (std::size_t run = 1001; run < 1011; ++run) {
        const std::string short_text = "header line\n" + std::string(run, 'b');
        for (int level : {1, 6, 9}) {
            std::string cut = gzip(short_text, level);
            cut.resize(cut.size() - 8);
            for (std::size_t capacity : {4u, 5u, 64u, 1000u, 4096u}) {
                Result result = read_all(cut, capacity);
                EXPECT_EQ(result.error, "gzip stream ends early (truncated file?)");
                EXPECT_EQ(result.data, short_text) << run << " " << level << " " << capacity;
            }
        }
    }
}

TEST(GzipSource, CorruptCrcThrowsAfterTheData) {
    std::string packed = gzip(kSmall);
    packed[packed.size() - 8] ^= 0x55;  // CRC32 of the trailer
    Result result = read_all(packed, 4096);
    EXPECT_EQ(result.data, kSmall);
    EXPECT_EQ(result.error, "corrupt gzip data: incorrect data check");
}

TEST(GzipSource, CorruptByteThrows) {
    const std::string text = log_text(1 << 20);
    std::string packed = gzip(text, 6);
    packed[packed.size() / 2] ^= 0xFF;
    Result result = read_all(packed, 4096);
    EXPECT_EQ(result.error.rfind("corrupt gzip data: ", 0), 0u) << result.error;
    EXPECT_GT(result.error.size(), std::string("corrupt gzip data: ").size());
    EXPECT_LT(result.data.size(), text.size() + 1);

    std::string method = gzip(kSmall);
    method[2] = 7;  // compression method other than deflate
    Result header = read_all(method, 4096);
    EXPECT_EQ(header.data, "");
    EXPECT_EQ(header.error, "corrupt gzip data: unknown compression method");
}

TEST(GzipSource, ErrorIsStickyAndDataComesFirst) {
    std::string packed = gzip(kSmall);
    packed[packed.size() - 8] ^= 0x55;
    GzipSource source(std::make_unique<StringSource>(packed));
    std::vector<char> buffer(4096);
    // The whole text fits one read(); the CRC error found in that same call
    // waits for the next one.
    ASSERT_EQ(source.read(buffer.data(), buffer.size()), kSmall.size());
    EXPECT_EQ(std::string(buffer.data(), kSmall.size()), kSmall);
    EXPECT_THROW(source.read(buffer.data(), buffer.size()), InputError);
    EXPECT_THROW(source.read(buffer.data(), buffer.size()), InputError);
}

TEST(GzipSource, InnerErrorPropagatesAfterTheData) {
    const std::string text = log_text(500000);
    const std::string packed = gzip(text);
    GzipSource source(std::make_unique<FailingSource>(packed.substr(0, packed.size() / 2)));
    std::string out;
    std::vector<char> buffer(1000);
    try {
        while (std::size_t n = source.read(buffer.data(), buffer.size()))
            out.append(buffer.data(), n);
        FAIL() << "no error";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "Input/output error");
    }
    EXPECT_GT(out.size(), 0u);
    EXPECT_TRUE(is_prefix(out, text));
}

// ---------------------------------------------------------------------- zstd

TEST(ZstdSource, RoundTripSmallAtEveryLevelAndCapacity) {
    for (int level : {1, 3, 19}) {
        const std::string packed = zstd(kSmall, level);
        for (std::size_t capacity : {4u, 5u, 7u, 64u, 65536u}) {
            for (std::size_t piece : {0u, 1u, 13u}) {
                Result result = read_all(packed, capacity, piece);
                EXPECT_EQ(result.compression, "zstd");
                EXPECT_EQ(result.error, "");
                EXPECT_EQ(result.data, kSmall) << level << " " << capacity << " " << piece;
                EXPECT_EQ(result.zero_reads, 1u);
            }
        }
    }
}

TEST(ZstdSource, RoundTripLarge) {
    const std::string text = log_text(6 << 20);
    for (int level : {1, 9}) {
        const std::string packed = zstd(text, level, level == 9);
        ASSERT_LT(packed.size(), text.size());
        for (std::size_t capacity : {4u, 65536u, 1u << 20}) {
            Result result = read_all(packed, capacity, capacity == 4 ? 0 : 4097);
            EXPECT_EQ(result.error, "");
            EXPECT_EQ(result.data.size(), text.size());
            EXPECT_TRUE(result.data == text) << level << " " << capacity;
        }
    }
}

TEST(ZstdSource, EmptyInput) {
    for (std::size_t capacity : {4u, 4096u}) {
        Result result = read_all(zstd(""), capacity);
        EXPECT_EQ(result.compression, "zstd");
        EXPECT_EQ(result.error, "");
        EXPECT_EQ(result.data, "");
        EXPECT_EQ(result.zero_reads, 1u);
    }
}

TEST(ZstdSource, ConcatenatedAndSkippableFrames) {
    const std::string a = "first frame\n";
    const std::string b = log_text(300000);
    const std::string c = "third frame, no newline";
    // A skippable frame: magic 0x184D2A50 (little-endian), length 5, payload.
    const std::string skippable("\x50\x2a\x4d\x18\x05\x00\x00\x00hello", 13);
    const std::string packed = zstd(a, 19) + zstd(b, 1, true) + skippable + zstd("") + zstd(c);
    for (std::size_t capacity : {4u, 100u, 65536u}) {
        for (std::size_t piece : {0u, 1u, 1000u}) {
            if (capacity == 4 && piece == 1) continue;  // slow, nothing new
            Result result = read_all(packed, capacity, piece);
            EXPECT_EQ(result.error, "");
            EXPECT_TRUE(result.data == a + b + c) << capacity << " " << piece;
        }
    }
}

TEST(ZstdSource, TruncatedStreamReturnsDataSoFarThenThrows) {
    const std::string text = log_text(2 << 20);
    const std::string packed = zstd(text, 3, true);
    for (std::size_t cut : {packed.size() / 2, packed.size() - 4, packed.size() - 1}) {
        for (std::size_t capacity : {4u, 65536u}) {
            Result result = read_all(packed.substr(0, cut), capacity);
            EXPECT_EQ(result.compression, "zstd");
            EXPECT_EQ(result.error, "zstd stream ends early (truncated file?)");
            EXPECT_TRUE(is_prefix(result.data, text));
            if (cut == packed.size() / 2) {
                EXPECT_GT(result.data.size(), text.size() / 4);
            } else {
                // Only (part of) the 4-byte checksum is missing.
                EXPECT_EQ(result.data.size(), text.size());
            }
        }
    }
    Result header = read_all(packed.substr(0, 5), 4096);
    EXPECT_EQ(header.data, "");
    EXPECT_EQ(header.error, "zstd stream ends early (truncated file?)");
}

TEST(ZstdSource, HeldBackOutputComesOutBeforeTruncationIsReported) {
    const std::string text = std::string(300000, 'a') + log_text(100000) + std::string(300000, 'b');
    const std::string packed = zstd(text, 19, true);
    for (std::size_t capacity : {4u, 5u, 1000u, 65536u, 1u << 20}) {
        Result result = read_all(packed.substr(0, packed.size() - 4), capacity);
        EXPECT_EQ(result.error, "zstd stream ends early (truncated file?)");
        EXPECT_EQ(result.data.size(), text.size()) << capacity;
        EXPECT_TRUE(result.data == text) << capacity;
    }
}

TEST(ZstdSource, CorruptChecksumThrowsAfterTheData) {
    // A small frame that would fit one decoding pass, read with a buffer far
    // larger than it: its lines still come out before the error.
    std::string packed = zstd(kSmall, 3, true);
    packed[packed.size() - 1] ^= 0x55;
    for (std::size_t capacity : {4u, 4096u, 1u << 20}) {
        Result small = read_all(packed, capacity);
        EXPECT_EQ(small.data, kSmall) << capacity;
        EXPECT_EQ(small.error, "zstd: Restored data doesn't match checksum");
    }
    // The same after a good frame, and for a frame larger than a block.
    const std::string text = log_text(1 << 20);
    std::string big = zstd(text, 3, true);
    big[big.size() - 2] ^= 0x55;
    Result large = read_all(zstd("before\n") + big, 1 << 20);
    EXPECT_TRUE(large.data == "before\n" + text);
    EXPECT_EQ(large.error, "zstd: Restored data doesn't match checksum");

    Result result = read_all(packed, 4096);
    EXPECT_EQ(result.data, kSmall);
    EXPECT_EQ(result.error, std::string("zstd: ") + ZSTD_getErrorString(ZSTD_error_checksum_wrong));
}

TEST(ZstdSource, CorruptByteThrows) {
    const std::string text = log_text(1 << 20);
    std::string packed = zstd(text, 3, true);
    packed[packed.size() / 2] ^= 0xFF;
    Result result = read_all(packed, 4096);
    EXPECT_EQ(result.error.rfind("zstd: ", 0), 0u) << result.error;
    EXPECT_GT(result.error.size(), std::string("zstd: ").size());

    Result garbage = read_all(zstd(kSmall) + "garbage!", 4096);
    EXPECT_EQ(garbage.data, kSmall);
    EXPECT_EQ(garbage.error.rfind("zstd: ", 0), 0u) << garbage.error;
}

TEST(ZstdSource, InnerErrorPropagatesAfterTheData) {
    const std::string text = log_text(500000);
    const std::string packed = zstd(text);
    ZstdSource source(std::make_unique<FailingSource>(packed.substr(0, packed.size() / 2)));
    std::string out;
    std::vector<char> buffer(1000);
    try {
        while (std::size_t n = source.read(buffer.data(), buffer.size()))
            out.append(buffer.data(), n);
        FAIL() << "no error";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "Input/output error");
    }
    EXPECT_GT(out.size(), 0u);
    EXPECT_TRUE(is_prefix(out, text));
}

}  // namespace
}  // namespace alertscan
