// DecodingSource: encoding detection and streaming UTF-16 -> UTF-8.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "input/byte_source.hpp"
#include "input/chunk_reader.hpp"
#include "string_source.hpp"

namespace alertscan {
namespace {

using test_support::StringSource;

std::string utf16le(std::u16string_view text) {
    std::string bytes;
    for (char16_t unit : text) {
        bytes += static_cast<char>(unit & 0xFF);
        bytes += static_cast<char>(unit >> 8);
    }
    return bytes;
}

std::string utf16be(std::u16string_view text) {
    std::string bytes;
    for (char16_t unit : text) {
        bytes += static_cast<char>(unit >> 8);
        bytes += static_cast<char>(unit & 0xFF);
    }
    return bytes;
}

const std::string kBomLE = "\xFF\xFE";
const std::string kBomBE = "\xFE\xFF";
const std::string kBom8 = "\xEF\xBB\xBF";
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// "café 日本 😀" (U+1F600 is the surrogate pair D83D DE00).
const std::u16string kSample16 = u"Alert: caf\u00e9 \u65e5\u672c \U0001F600 end\r\n";
const std::string kSample8 = "Alert: caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 end\r\n";

struct Decoded {
    std::string text;
    std::string encoding;
};

// Reads everything from a DecodingSource over `bytes`, `capacity` bytes per
// read() at most, the inner source giving `piece` bytes per read() at most.
Decoded decode(const std::string& bytes, std::size_t piece = 0, std::size_t capacity = 4096) {
    DecodingSource source(std::make_unique<StringSource>(bytes, piece));
    Decoded out;
    std::vector<char> buffer(capacity);
    std::size_t calls = 0;
    while (std::size_t n = source.read(buffer.data(), buffer.size())) {
        EXPECT_LE(n, capacity);
        out.text.append(buffer.data(), n);
        if (++calls > 4 * bytes.size() + 16) {
            ADD_FAILURE() << "read() does not reach the end";
            break;
        }
    }
    EXPECT_EQ(source.read(buffer.data(), buffer.size()), 0u) << "read() after the end";
    out.encoding = std::string(source.encoding());
    return out;
}

TEST(DecodingSourceTest, SampleStringsAgree) {
    // The test data itself: 4 + 6 + 4 + 2 + ... code units, emoji as a pair.
    EXPECT_NE(kSample16.find(char16_t{0xD83D}), std::u16string::npos);
    EXPECT_NE(kSample16.find(char16_t{0xDE00}), std::u16string::npos);
    EXPECT_EQ(utf16le(u"A\u00e9"), std::string("A\0\xE9\0", 4));
    EXPECT_EQ(utf16be(u"A\u00e9"), std::string("\0A\0\xE9", 4));
}

TEST(DecodingSourceTest, PlainUtf8PassesThrough) {
    const std::string input = "plain ascii line\n" + kSample8 + "another line\n";
    for (std::size_t piece : {0u, 1u, 3u}) {
        SCOPED_TRACE("pieces of " + std::to_string(piece));
        Decoded out = decode(input, piece);
        EXPECT_EQ(out.text, input);
        EXPECT_EQ(out.encoding, "utf-8");
    }
}

TEST(DecodingSourceTest, InvalidUtf8PassesThroughUnchanged) {
    // Not UTF-16, not valid UTF-8 either: bytes are left alone.
    const std::string input = "abc\xFF\xC3 def\x80\n";
    Decoded out = decode(input);
    EXPECT_EQ(out.text, input);
    EXPECT_EQ(out.encoding, "utf-8");
}

TEST(DecodingSourceTest, EmptyAndTinyInputs) {
    Decoded empty = decode("");
    EXPECT_EQ(empty.text, "");
    EXPECT_EQ(empty.encoding, "utf-8");
    Decoded one = decode("x");
    EXPECT_EQ(one.text, "x");
    EXPECT_EQ(one.encoding, "utf-8");
    Decoded bom_only = decode(kBomLE);
    EXPECT_EQ(bom_only.text, "");
    EXPECT_EQ(bom_only.encoding, "utf-16le-bom");
    Decoded bom8_only = decode(kBom8);
    EXPECT_EQ(bom8_only.text, "");
    EXPECT_EQ(bom8_only.encoding, "utf-8-bom");
}

TEST(DecodingSourceTest, Utf8BomStripped) {
    const std::string body = kSample8 + "second line\n";
    for (std::size_t piece : {0u, 1u, 2u}) {
        SCOPED_TRACE("pieces of " + std::to_string(piece));
        Decoded out = decode(kBom8 + body, piece);
        EXPECT_EQ(out.text, body);
        EXPECT_EQ(out.encoding, "utf-8-bom");
    }
    // Only a leading BOM is stripped.
    Decoded inner = decode("a" + kBom8 + "b");
    EXPECT_EQ(inner.text, "a" + kBom8 + "b");
}

TEST(DecodingSourceTest, Utf16LeWithBom) {
    Decoded out = decode(kBomLE + utf16le(kSample16));
    EXPECT_EQ(out.text, kSample8);
    EXPECT_EQ(out.encoding, "utf-16le-bom");
}

TEST(DecodingSourceTest, Utf16BeWithBom) {
    Decoded out = decode(kBomBE + utf16be(kSample16));
    EXPECT_EQ(out.text, kSample8);
    EXPECT_EQ(out.encoding, "utf-16be-bom");
}

TEST(DecodingSourceTest, Utf16LeWithoutBomDetected) {
    Decoded out = decode(utf16le(kSample16));
    EXPECT_EQ(out.text, kSample8);
    EXPECT_EQ(out.encoding, "utf-16le");
}

TEST(DecodingSourceTest, Utf16BeWithoutBomDetected) {
    Decoded out = decode(utf16be(kSample16));
    EXPECT_EQ(out.text, kSample8);
    EXPECT_EQ(out.encoding, "utf-16be");
}

TEST(DecodingSourceTest, OddLengthUtf16EndsWithReplacement) {
    // "AB" and half of a code unit.
    const std::string le = kBomLE + utf16le(u"AB") + "C";
    const std::string be = kBomBE + utf16be(u"AB") + "C";
    const std::string nobom = utf16le(u"AB") + "C";
    for (std::size_t piece : {0u, 1u, 2u, 3u}) {
        SCOPED_TRACE("pieces of " + std::to_string(piece));
        EXPECT_EQ(decode(le, piece).text, "AB" + kReplacement);
        EXPECT_EQ(decode(be, piece).text, "AB" + kReplacement);
        EXPECT_EQ(decode(nobom, piece).text, "AB" + kReplacement);
    }
    // A lone byte right after the BOM.
    EXPECT_EQ(decode(kBomLE + "A").text, kReplacement);
}

TEST(DecodingSourceTest, UnpairedSurrogateBecomesReplacement) {
    // A high surrogate followed by an ordinary character, a lone low
    // surrogate, and two high surrogates in a row.
    const std::u16string text = {u'A',
                                 char16_t{0xD800},
                                 u'B',
                                 char16_t{0xDC00},
                                 u'C',
                                 char16_t{0xD83D},
                                 char16_t{0xD83D},
                                 char16_t{0xDE00},
                                 u'D'};
    const std::string expected =
        "A" + kReplacement + "B" + kReplacement + "C" + kReplacement + "\xF0\x9F\x98\x80" + "D";
    for (std::size_t piece : {0u, 1u, 3u}) {
        SCOPED_TRACE("pieces of " + std::to_string(piece));
        EXPECT_EQ(decode(kBomLE + utf16le(text), piece).text, expected);
        EXPECT_EQ(decode(kBomBE + utf16be(text), piece).text, expected);
    }
}

TEST(DecodingSourceTest, HighSurrogateAtTheEndBecomesReplacement) {
    const std::u16string text = {u'A', u'B', char16_t{0xD83D}};
    for (std::size_t piece : {0u, 1u}) {
        SCOPED_TRACE("pieces of " + std::to_string(piece));
        EXPECT_EQ(decode(kBomLE + utf16le(text), piece).text, "AB" + kReplacement);
        EXPECT_EQ(decode(kBomBE + utf16be(text), piece).text, "AB" + kReplacement);
    }
}

TEST(DecodingSourceTest, OneBytePiecesGiveTheSameOutput) {
    const std::u16string text = kSample16 + u"line two \U0001F512\u00fc\r\n" + kSample16;
    const std::vector<std::string> inputs = {kBomLE + utf16le(text), kBomBE + utf16be(text),
                                             utf16le(text), kBom8 + kSample8};
    for (const std::string& input : inputs) {
        Decoded whole = decode(input);
        ASSERT_FALSE(whole.text.empty());
        for (std::size_t piece : {1u, 2u, 3u, 5u}) {
            SCOPED_TRACE("pieces of " + std::to_string(piece) + ", encoding " + whole.encoding);
            Decoded pieces = decode(input, piece);
            EXPECT_EQ(pieces.text, whole.text);
            EXPECT_EQ(pieces.encoding, whole.encoding);
        }
    }
    EXPECT_EQ(decode(kBomLE + utf16le(text), 1).text,
              kSample8 + "line two \xF0\x9F\x94\x92\xC3\xBC\r\n" + kSample8);
}

TEST(DecodingSourceTest, SmallOutputCapacity) {
    // Four bytes per read(): room for exactly one 4-byte character.
    const std::string input = kBomLE + utf16le(kSample16 + kSample16);
    for (std::size_t piece : {0u, 1u}) {
        SCOPED_TRACE("pieces of " + std::to_string(piece));
        EXPECT_EQ(decode(input, piece, 4).text, kSample8 + kSample8);
        EXPECT_EQ(decode(input, piece, 5).text, kSample8 + kSample8);
    }
}

TEST(DecodingSourceTest, LargeUtf16RoundTrips) {
    std::u16string text;
    std::string expected;
    for (int i = 0; text.size() * 2 < 300 * 1000; ++i) {
        std::string number = std::to_string(i);
        text += u"line ";
        text += std::u16string(number.begin(), number.end());
        text += u" " + kSample16;
        expected += "line " + number + " " + kSample8;
    }
    const std::string le = kBomLE + utf16le(text);
    const std::string be = kBomBE + utf16be(text);
    ASSERT_GT(le.size(), 300u * 1000);
    for (std::size_t piece : {0u, 7777u, 65535u}) {
        SCOPED_TRACE("pieces of " + std::to_string(piece));
        Decoded out_le = decode(le, piece, 10000);
        EXPECT_EQ(out_le.text.size(), expected.size());
        EXPECT_TRUE(out_le.text == expected);
        EXPECT_EQ(out_le.encoding, "utf-16le-bom");
        Decoded out_be = decode(be, piece, 10000);
        EXPECT_TRUE(out_be.text == expected);
        Decoded out_nobom = decode(utf16le(text), piece, 65536);
        EXPECT_TRUE(out_nobom.text == expected);
        EXPECT_EQ(out_nobom.encoding, "utf-16le");
    }
}

TEST(DecodingSourceTest, ChunkReaderOverDecodedUtf16) {
    // The way the scanner stacks them: lines, offsets and byte counts are
    // those of the decoded UTF-8 text.
    std::u16string text;
    std::string expected;
    for (int i = 0; i < 20000; ++i) {
        text += kSample16;
        expected += kSample8;
    }
    DecodingSource source(std::make_unique<StringSource>(kBomLE + utf16le(text), 1000));
    ChunkReader reader(source, 64 * 1024, 4 * 1024);
    std::string rebuilt;
    Chunk chunk;
    while (reader.next(chunk)) {
        EXPECT_EQ(chunk.offset, rebuilt.size());
        EXPECT_EQ(chunk.text.back(), '\n');
        rebuilt.append(chunk.text.substr(0, chunk.report_limit));
    }
    EXPECT_TRUE(rebuilt == expected);
    EXPECT_EQ(reader.bytes_read(), expected.size());
    EXPECT_EQ(reader.lines(), 20000u);
    EXPECT_EQ(source.encoding(), "utf-16le-bom");
}

}  // namespace
}  // namespace alertscan

namespace alertscan {
namespace {

// Reads everything from a DecodingSource over `input` served in pieces.
std::string decode_all(const std::string& input, std::size_t piece, std::size_t capacity) {
    DecodingSource source(std::make_unique<test_support::StringSource>(input, piece));
    std::string out;
    std::vector<char> buffer(capacity);
    for (std::size_t n; (n = source.read(buffer.data(), buffer.size())) > 0;) {
        out.append(buffer.data(), n);
    }
    return out;
}

TEST(DecodingSourceLoneCr, BecomesLfWhereverTheReadsEnd) {
    const std::string input = "a\rb\r\nc\r\rd\r";
    const std::string want = "a\nb\r\nc\n\nd\n";
    for (std::size_t piece : {0, 1, 2, 3, 5}) {
        for (std::size_t capacity : {4, 5, 7, 64}) {
            EXPECT_EQ(decode_all(input, piece, capacity), want)
                << "piece " << piece << ", capacity " << capacity;
        }
    }
}

TEST(DecodingSourceLoneCr, Utf16LoneCrToo) {
    std::string utf16 = "\xFF\xFE";
    for (char c : std::string("x\ry\r\nz")) {
        utf16.push_back(c);
        utf16.push_back('\0');
    }
    EXPECT_EQ(decode_all(utf16, 1, 16), "x\ny\r\nz");
}

// Every CR that no LF follows becomes LF, checked against a byte-by-byte
// rule on random text dense in CRs, for several read sizes.
TEST(DecodingSourceLoneCr, RandomTextMatchesTheByteRule) {
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        std::string input(rng() % 300, 'x');
        for (char& c : input) c = "ab\r\n"[rng() % 4];
        std::string want = input;
        for (std::size_t i = 0; i < want.size(); ++i) {
            if (want[i] == '\r' && (i + 1 == want.size() || want[i + 1] != '\n')) want[i] = '\n';
        }
        for (std::size_t capacity : {4, 9, 64, 4096}) {
            EXPECT_EQ(decode_all(input, rng() % 40, capacity), want) << "round " << round;
        }
    }
}

}  // namespace
}  // namespace alertscan
