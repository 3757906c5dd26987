// ChunkReader: line-aligned chunks over an in-memory source, long lines cut
// into overlapping pieces, and the matcher finding each match exactly once
// whatever the cuts.

#include "input/chunk_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "match/matcher.hpp"
#include "match/pattern.hpp"
#include "string_source.hpp"

namespace alertscan {
namespace {

using test_support::StringSource;

struct ChunkCopy {
    std::string text;
    std::uint64_t offset;
    std::uint64_t first_line;
    std::size_t report_limit;
    bool starts_line;
};

std::uint64_t count_newlines(std::string_view text) {
    return static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
}

// Reads `input` through a ChunkReader and checks every invariant of each
// chunk against the input; returns copies of the chunks.
std::vector<ChunkCopy> read_and_check(const std::string& input, std::size_t piece,
                                      std::size_t buffer_size, std::size_t overlap) {
    StringSource source(input, piece);
    ChunkReader reader(source, buffer_size, overlap);
    std::vector<ChunkCopy> chunks;
    std::string rebuilt;
    Chunk chunk;
    while (reader.next(chunk)) {
        SCOPED_TRACE("chunk " + std::to_string(chunks.size()) + " at offset " +
                     std::to_string(chunk.offset));
        EXPECT_FALSE(chunk.text.empty());
        EXPECT_LE(chunk.text.size(), buffer_size);
        EXPECT_LE(chunk.report_limit, chunk.text.size());
        EXPECT_GT(chunk.report_limit, 0u);
        // Each chunk starts where the previous one's reported part ended.
        EXPECT_EQ(chunk.offset, rebuilt.size());
        EXPECT_EQ(chunk.text, std::string_view(input).substr(chunk.offset, chunk.text.size()));
        EXPECT_EQ(chunk.first_line,
                  1 + count_newlines(std::string_view(input).substr(0, chunk.offset)));
        EXPECT_EQ(chunk.starts_line, chunk.offset == 0 || input[chunk.offset - 1] == '\n');
        const std::uint64_t end = chunk.offset + chunk.report_limit;
        if (chunk.report_limit == chunk.text.size()) {
            // A normal chunk ends at a line boundary, or at the end of the input.
            EXPECT_TRUE(chunk.text.back() == '\n' || end == input.size());
        } else {
            // A piece of an over-long line: no newline inside, `overlap` bytes
            // handed out again by the next piece.
            EXPECT_EQ(chunk.text.size() - chunk.report_limit, overlap);
            EXPECT_EQ(chunk.text.find('\n'), std::string_view::npos);
        }
        rebuilt.append(chunk.text.substr(0, chunk.report_limit));
        // lines(): newlines handed out, plus the started line if any.
        const std::uint64_t expected_lines =
            count_newlines(std::string_view(input).substr(0, end)) +
            (input[end - 1] != '\n' ? 1 : 0);
        EXPECT_EQ(reader.lines(), expected_lines);
        chunks.push_back({std::string(chunk.text), chunk.offset, chunk.first_line,
                          chunk.report_limit, chunk.starts_line});
        if (chunks.size() > input.size() + 1) {
            ADD_FAILURE() << "reader does not make progress";
            break;
        }
    }
    EXPECT_EQ(rebuilt, input);
    EXPECT_EQ(reader.bytes_read(), input.size());
    EXPECT_FALSE(reader.next(chunk)) << "next() after the end";
    EXPECT_LE(source.max_capacity(), buffer_size);
    return chunks;
}

std::string numbered_lines(std::size_t count, std::string_view eol = "\n") {
    std::string text;
    for (std::size_t i = 1; i <= count; ++i) {
        text += "line " + std::to_string(i) + " " + std::string(i % 97, 'a' + i % 26);
        text += eol;
    }
    return text;
}

constexpr std::size_t kSmallBuffer = 64 * 1024;
constexpr std::size_t kSmallOverlap = 4 * 1024;

TEST(ChunkReaderTest, ChunksEndAtLineBoundariesAndRebuildTheInput) {
    const std::string input = numbered_lines(20000);  // ~1.1 MB
    ASSERT_GT(input.size(), 4 * kSmallBuffer);
    for (std::size_t piece : {0u, 1000u, 4097u, 65536u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks = read_and_check(input, piece, kSmallBuffer, kSmallOverlap);
        ASSERT_GT(chunks.size(), 4u);
        for (const ChunkCopy& chunk : chunks) {
            EXPECT_EQ(chunk.report_limit, chunk.text.size());
            EXPECT_TRUE(chunk.starts_line);
            EXPECT_EQ(chunk.text.back(), '\n');
        }
    }
}

TEST(ChunkReaderTest, FirstChunkFillsTheBuffer) {
    const std::string input = numbered_lines(5000);
    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
    Chunk chunk;
    ASSERT_TRUE(reader.next(chunk));
    EXPECT_EQ(chunk.offset, 0u);
    EXPECT_EQ(chunk.first_line, 1u);
    EXPECT_TRUE(chunk.starts_line);
    // The chunk ends at the last newline of the first buffer's worth of input.
    const std::size_t last_newline = input.rfind('\n', kSmallBuffer - 1);
    EXPECT_EQ(chunk.text.size(), last_newline + 1);
    ASSERT_TRUE(reader.next(chunk));
    EXPECT_EQ(chunk.offset, last_newline + 1);
    EXPECT_EQ(chunk.first_line, 1 + count_newlines(input.substr(0, last_newline + 1)));
}

TEST(ChunkReaderTest, DefaultSizesHandOutAWholeSmallInputAtOnce) {
    const std::string input = "first\nsecond\nthird\n";
    StringSource source(input);
    ChunkReader reader(source);
    Chunk chunk;
    ASSERT_TRUE(reader.next(chunk));
    EXPECT_EQ(chunk.text, input);
    EXPECT_EQ(chunk.offset, 0u);
    EXPECT_EQ(chunk.first_line, 1u);
    EXPECT_EQ(chunk.report_limit, input.size());
    EXPECT_TRUE(chunk.starts_line);
    EXPECT_FALSE(reader.next(chunk));
    EXPECT_EQ(reader.lines(), 3u);
    EXPECT_EQ(reader.bytes_read(), input.size());
}

TEST(ChunkReaderTest, CrlfInput) {
    const std::string input = numbered_lines(8000, "\r\n");
    for (std::size_t piece : {0u, 333u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks = read_and_check(input, piece, kSmallBuffer, kSmallOverlap);
        ASSERT_GT(chunks.size(), 1u);
        for (const ChunkCopy& chunk : chunks) {
            // Never cut between '\r' and '\n'.
            ASSERT_GE(chunk.text.size(), 2u);
            EXPECT_EQ(chunk.text.substr(chunk.text.size() - 2), "\r\n");
        }
    }
    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
    Chunk chunk;
    while (reader.next(chunk)) {
    }
    EXPECT_EQ(reader.lines(), 8000u);
}

TEST(ChunkReaderTest, LastLineWithoutNewline) {
    const std::string input = numbered_lines(3000) + "the last line has no newline";
    auto chunks = read_and_check(input, 0, kSmallBuffer, kSmallOverlap);
    ASSERT_FALSE(chunks.empty());
    const std::string& last = chunks.back().text;
    EXPECT_EQ(last.substr(last.size() - 7), "newline");
    EXPECT_EQ(chunks.back().first_line + count_newlines(last), 3001u);

    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
    Chunk chunk;
    while (reader.next(chunk)) {
    }
    EXPECT_EQ(reader.lines(), 3001u);
}

TEST(ChunkReaderTest, EmptyInput) {
    StringSource source("");
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
    Chunk chunk;
    EXPECT_FALSE(reader.next(chunk));
    EXPECT_EQ(reader.lines(), 0u);
    EXPECT_EQ(reader.bytes_read(), 0u);
    EXPECT_FALSE(reader.next(chunk));
    EXPECT_EQ(reader.lines(), 0u);
}

TEST(ChunkReaderTest, LinesCount) {
    struct Case {
        std::string input;
        std::uint64_t lines;
    };
    const std::vector<Case> cases = {
        {"", 0},       {"\n", 1},        {"\n\n", 2},    {"a", 1},
        {"a\n", 1},    {"a\nb", 2},      {"a\nb\n", 2},  {"a\r\nb\r\n", 2},
        {"a\n\nb", 3}, {"a\nb\nc\n", 3}, {"a\nb\nc", 3}, {"\na", 2},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE("input \"" + c.input + "\"");
        for (std::size_t piece : {0u, 1u}) {
            StringSource source(c.input, piece);
            ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
            Chunk chunk;
            while (reader.next(chunk)) {
            }
            EXPECT_EQ(reader.lines(), c.lines);
            // Asking again changes nothing.
            EXPECT_FALSE(reader.next(chunk));
            EXPECT_EQ(reader.lines(), c.lines);
        }
    }
    // Many lines, with and without the final newline.
    const std::string many = numbered_lines(12345);
    for (const std::string& input : {many, many.substr(0, many.size() - 1)}) {
        StringSource source(input);
        ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
        Chunk chunk;
        while (reader.next(chunk)) {
        }
        EXPECT_EQ(reader.lines(), 12345u);
    }
}

TEST(ChunkReaderTest, HugeLineIsHandedOutInOverlappingPieces) {
    constexpr std::size_t kHuge = 1 << 20;
    std::string line(kHuge, 'x');
    for (std::size_t i = 0; i < line.size(); i += 101) line[i] = static_cast<char>('a' + i % 26);
    const std::string input = "before\n" + line + "\nafter\n";
    for (std::size_t piece : {0u, 5000u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks = read_and_check(input, piece, kSmallBuffer, kSmallOverlap);
        // At least 1 MiB / (64 KiB - 4 KiB) pieces.
        std::size_t pieces = 0;
        for (const ChunkCopy& chunk : chunks) {
            EXPECT_LE(chunk.text.size(), kSmallBuffer);
            if (chunk.report_limit < chunk.text.size()) {
                ++pieces;
                EXPECT_EQ(chunk.first_line, 2u);
                EXPECT_EQ(chunk.text.size(), chunk.report_limit + kSmallOverlap);
            }
        }
        EXPECT_GE(pieces, kHuge / (kSmallBuffer - kSmallOverlap) - 1);
        // Only the chunk holding the start of the huge line starts a line.
        std::size_t line_starts_in_huge = 0;
        for (const ChunkCopy& chunk : chunks) {
            if (chunk.offset > 7 && chunk.offset < 7 + kHuge) {
                EXPECT_FALSE(chunk.starts_line) << "offset " << chunk.offset;
            }
            if (chunk.offset == 7) ++line_starts_in_huge;
        }
        EXPECT_LE(line_starts_in_huge, 1u);
    }
    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
    Chunk chunk;
    while (reader.next(chunk)) {
    }
    EXPECT_EQ(reader.lines(), 3u);
    EXPECT_EQ(reader.bytes_read(), input.size());
}

TEST(ChunkReaderTest, HugeLineWithoutNewlineAtTheEnd) {
    const std::string input(300 * 1024, 'z');
    auto chunks = read_and_check(input, 0, kSmallBuffer, kSmallOverlap);
    ASSERT_GT(chunks.size(), 4u);
    EXPECT_TRUE(chunks.front().starts_line);
    EXPECT_EQ(chunks.back().offset + chunks.back().text.size(), input.size());
    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
    Chunk chunk;
    ASSERT_TRUE(reader.next(chunk));
    EXPECT_EQ(reader.lines(), 1u);  // the started line counts
    while (reader.next(chunk)) {
    }
    EXPECT_EQ(reader.lines(), 1u);
}

TEST(ChunkReaderTest, SmallestAllowedBuffer) {
    // buffer_size == 8192 == 4 * overlap: the smallest valid configuration.
    std::string line(100 * 1000, 'q');
    const std::string input = numbered_lines(500) + line + "\n" + numbered_lines(500);
    for (std::size_t piece : {0u, 1u, 4096u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks = read_and_check(input, piece, 8192, 2048);
        EXPECT_GT(chunks.size(), 100000u / 8192);
    }
}

TEST(ChunkReaderDeathTest, ConstructorPreconditions) {
    // The preconditions are assert()s: they abort in debug builds and are
    // not checked under NDEBUG (EXPECT_DEBUG_DEATH then just runs the code).
    StringSource source("abc\n");
    EXPECT_DEBUG_DEATH(ChunkReader(source, 8191, 1024), "");
    EXPECT_DEBUG_DEATH(ChunkReader(source, 64 * 1024, 16 * 1024 + 1), "");
    EXPECT_DEBUG_DEATH(ChunkReader(source, 4096, 0), "");
    // The boundary values are accepted.
    ChunkReader reader(source, 8192, 2048);
    Chunk chunk;
    ASSERT_TRUE(reader.next(chunk));
    EXPECT_EQ(chunk.text, "abc\n");
    EXPECT_FALSE(reader.next(chunk));
}

// --- With the matcher ------------------------------------------------------

constexpr std::string_view kPatterns = R"ini(
[test.alert]
description = test pattern
source      = test
direction   = received
level       = fatal
literal     = ALERT
regex       = ALERT (?P<code>\d{3}) END
)ini";

constexpr std::string_view kMatch = "ALERT 046 END";

class CollectingSink : public HitSink {
  public:
    void on_hit(const Hit& hit) override { hits.push_back(hit); }
    std::vector<Hit> hits;
};

std::vector<Hit> scan_all(const std::string& input, std::size_t piece, std::size_t buffer_size,
                          std::size_t overlap) {
    static const std::vector<PatternDef> patterns =
        parse_patterns(kPatterns, "test.ini");  // outlives every Matcher
    Matcher matcher(patterns);
    StringSource source(input, piece);
    ChunkReader reader(source, buffer_size, overlap);
    CollectingSink sink;
    Chunk chunk;
    while (reader.next(chunk)) matcher.scan(chunk, "input.log", sink);
    return sink.hits;
}

// Where the first buffer fill ends for this reading pattern.
std::size_t first_fill(std::size_t piece) {
    const std::string probe = numbered_lines(10000);
    StringSource source(probe, piece);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
    Chunk chunk;
    EXPECT_TRUE(reader.next(chunk));
    return static_cast<std::size_t>(reader.bytes_read());
}

TEST(ChunkReaderMatcherTest, PatternParses) {
    auto patterns = parse_patterns(kPatterns, "test.ini");
    ASSERT_EQ(patterns.size(), 1u);
    EXPECT_EQ(patterns[0].id, "test.alert");
    EXPECT_EQ(patterns[0].literals, std::vector<std::string>{"ALERT"});
}

TEST(ChunkReaderMatcherTest, MatchAcrossBufferBoundaryFoundOnce) {
    for (std::size_t piece : {0u, 1000u}) {
        const std::size_t boundary = first_fill(piece);
        SCOPED_TRACE("read pieces of " + std::to_string(piece) + ", boundary " +
                     std::to_string(boundary));
        ASSERT_GT(boundary, kSmallBuffer / 2);
        ASSERT_LE(boundary, kSmallBuffer);
        // Filler lines of 100 bytes up to a line start a little before the boundary.
        const std::size_t filler_lines = (boundary - 200) / 100;
        const std::string filler = std::string(99, 'f') + "\n";
        std::string head;
        for (std::size_t i = 0; i < filler_lines; ++i) head += filler;
        std::string tail;
        for (std::size_t i = 0; i < 1500; ++i) tail += filler;
        // Every start position from "entirely before" to "entirely after".
        const std::size_t from = boundary - kMatch.size() - 2;
        const std::size_t to = boundary + 2;
        for (std::size_t at = from; at <= to; ++at) {
            SCOPED_TRACE("match at " + std::to_string(at));
            const std::string input =
                head + std::string(at - head.size(), 'p') + std::string(kMatch) + " tail\n" + tail;
            ASSERT_EQ(input.find(kMatch), at);
            auto hits = scan_all(input, piece, kSmallBuffer, kSmallOverlap);
            ASSERT_EQ(hits.size(), 1u);
            EXPECT_EQ(hits[0].offset, at);
            EXPECT_EQ(hits[0].line, filler_lines + 1);
            EXPECT_EQ(hits[0].code, 46);
            EXPECT_EQ(hits[0].match, kMatch);
            EXPECT_EQ(hits[0].file, "input.log");
            EXPECT_EQ(hits[0].pattern_id, "test.alert");
        }
    }
}

TEST(ChunkReaderMatcherTest, LineNumbersAndOffsetsOverManyChunks) {
    std::string input;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> expected;  // line, offset
    for (std::size_t i = 1; i <= 30000; ++i) {
        if (i % 1234 == 0) {
            expected.emplace_back(i, input.size() + 4);
            input += "at: " + std::string(kMatch) + " (line " + std::to_string(i) + ")\r\n";
        } else {
            input += "ordinary line " + std::to_string(i) + " " + std::string(i % 50, 'o') + "\r\n";
        }
    }
    for (std::size_t piece : {0u, 777u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto hits = scan_all(input, piece, kSmallBuffer, kSmallOverlap);
        ASSERT_EQ(hits.size(), expected.size());
        for (std::size_t i = 0; i < hits.size(); ++i) {
            EXPECT_EQ(hits[i].line, expected[i].first);
            EXPECT_EQ(hits[i].offset, expected[i].second);
        }
    }
}

TEST(ChunkReaderMatcherTest, MatchAcrossPieceBoundaryInHugeLineFoundOnce) {
    constexpr std::size_t kHuge = 1 << 20;
    const std::string head = "first line\n";
    const std::string after = "\nafter " + std::string(kMatch) + "\n";
    // Where the pieces of the huge line are cut: the matches do not change
    // that (the line has no newline either way).
    std::vector<std::size_t> cuts;
    {
        const std::string probe = head + std::string(kHuge, 'x') + after;
        StringSource source(probe);
        ChunkReader reader(source, kSmallBuffer, kSmallOverlap);
        Chunk chunk;
        while (reader.next(chunk)) {
            if (chunk.report_limit < chunk.text.size()) {
                cuts.push_back(chunk.offset + chunk.report_limit);  // next piece starts here
                cuts.push_back(chunk.offset + chunk.text.size());   // this piece's text ends here
            }
        }
    }
    // Only cuts where every tested match stays inside the huge line.
    const std::size_t line_end = head.size() + kHuge;
    std::erase_if(cuts, [&](std::size_t cut) { return cut + 2 + kMatch.size() > line_end; });
    ASSERT_GE(cuts.size(), 4u);
    const std::vector<std::size_t> tested = {cuts[0], cuts[1], cuts[2], cuts[cuts.size() - 2],
                                             cuts[cuts.size() - 1]};
    for (std::size_t cut : tested) {
        for (std::size_t at = cut - kMatch.size() - 1; at <= cut + 1; ++at) {
            SCOPED_TRACE("cut " + std::to_string(cut) + ", match at " + std::to_string(at));
            std::string input = head + std::string(kHuge, 'x') + after;
            input.replace(at, kMatch.size(), kMatch);
            ASSERT_EQ(input.find(kMatch), at);
            ASSERT_EQ(input[line_end], '\n');
            auto hits = scan_all(input, 0, kSmallBuffer, kSmallOverlap);
            ASSERT_EQ(hits.size(), 2u);
            EXPECT_EQ(hits[0].offset, at);
            EXPECT_EQ(hits[0].line, 2u);
            EXPECT_EQ(hits[0].code, 46);
            EXPECT_EQ(hits[0].match, kMatch);
            // The line after the huge one keeps its number and offset.
            EXPECT_EQ(hits[1].line, 3u);
            EXPECT_EQ(hits[1].offset, head.size() + kHuge + 7);
        }
    }
}

TEST(ChunkReaderMatcherTest, ManyMatchesInHugeLineEachFoundOnce) {
    constexpr std::size_t kHuge = 1 << 20;
    std::string input(kHuge, '.');
    std::vector<std::uint64_t> expected;
    // Matches every 997 bytes: several fall on or across every piece cut.
    for (std::size_t at = 10; at + kMatch.size() < kHuge; at += 997) {
        input.replace(at, kMatch.size(), kMatch);
        expected.push_back(at);
    }
    input += "\n";
    for (std::size_t piece : {0u, 3000u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto hits = scan_all(input, piece, kSmallBuffer, kSmallOverlap);
        ASSERT_EQ(hits.size(), expected.size());
        for (std::size_t i = 0; i < hits.size(); ++i) {
            EXPECT_EQ(hits[i].offset, expected[i]);
            EXPECT_EQ(hits[i].line, 1u);
        }
    }
}

// --- With context (look-behind and look-ahead) -----------------------------

struct ContextChunk {
    std::uint64_t offset;
    std::size_t text_size;
    std::size_t report_from;
    std::size_t report_limit;
    bool starts_line;
};

// Reads `input` with `context` bytes of look-behind and look-ahead and checks
// every chunk against the input: the reported regions [report_from,
// report_limit) partition the input, the look-behind is the whole lines right
// before report_from, the look-ahead the input that follows report_limit.
// `max_line` is the longest line of the input (look-behind and look-ahead
// are only checked for fullness when lines are short).
std::vector<ContextChunk> read_with_context(const std::string& input, std::size_t piece,
                                            std::size_t buffer_size, std::size_t overlap,
                                            std::size_t context, std::size_t max_line) {
    StringSource source(input, piece);
    ChunkReader reader(source, buffer_size, overlap, context);
    std::vector<ContextChunk> chunks;
    const std::string_view whole(input);
    std::uint64_t reported_until = 0;  // input offset the reported regions have reached
    std::vector<std::uint64_t> reported_line_starts;
    Chunk chunk;
    while (reader.next(chunk)) {
        SCOPED_TRACE("chunk " + std::to_string(chunks.size()) + " at offset " +
                     std::to_string(chunk.offset) + ", report_from " +
                     std::to_string(chunk.report_from) + ", report_limit " +
                     std::to_string(chunk.report_limit) + ", size " +
                     std::to_string(chunk.text.size()));
        EXPECT_LE(chunk.text.size(), buffer_size);
        EXPECT_LE(chunk.report_from, chunk.report_limit);
        EXPECT_LT(chunk.report_from, chunk.report_limit) << "a chunk reports nothing";
        EXPECT_LE(chunk.report_limit, chunk.text.size());
        EXPECT_LE(chunk.report_from, context);
        // The text is the input at chunk.offset: look-behind, reported part, look-ahead.
        if (chunk.offset + chunk.text.size() > input.size()) {
            ADD_FAILURE() << "chunk ends past the input";
            break;
        }
        EXPECT_EQ(chunk.text, whole.substr(chunk.offset, chunk.text.size()));
        // Partition: this chunk reports from where the previous one stopped.
        EXPECT_EQ(chunk.offset + chunk.report_from, reported_until);
        reported_until = chunk.offset + chunk.report_limit;
        EXPECT_EQ(chunk.first_line, 1 + count_newlines(whole.substr(0, chunk.offset)));
        EXPECT_EQ(chunk.starts_line, chunk.offset == 0 || input[chunk.offset - 1] == '\n');
        if (chunk.report_from > 0) {
            // The look-behind is whole lines: it starts and ends at line starts.
            EXPECT_TRUE(chunk.starts_line);
            EXPECT_EQ(chunk.text[chunk.report_from - 1], '\n');
            EXPECT_EQ(chunk.text.substr(0, chunk.report_from),
                      whole.substr(chunk.offset, chunk.report_from));
        }
        const bool piece_of_long_line =
            chunk.report_limit < chunk.text.size() && chunk.text.back() != '\n';
        if (piece_of_long_line) {
            EXPECT_EQ(chunk.text.size() - chunk.report_limit, overlap);
            EXPECT_EQ(chunk.text.substr(chunk.report_from).find('\n'), std::string_view::npos);
        } else {
            // The reported part ends at a line boundary or at the end of the input.
            EXPECT_TRUE(chunk.text[chunk.report_limit - 1] == '\n' ||
                        reported_until == input.size());
            // The look-ahead is the input that follows, whole lines.
            EXPECT_EQ(chunk.text.substr(chunk.report_limit),
                      whole.substr(reported_until, chunk.text.size() - chunk.report_limit));
            if (chunk.report_limit < chunk.text.size()) {
                EXPECT_EQ(chunk.text.back(), '\n');
                EXPECT_GE(chunk.text.size() - chunk.report_limit, context);
                EXPECT_LT(chunk.text.size() - chunk.report_limit, context + max_line + 1);
            }
        }
        // Short lines after a chunk that ended at a newline: the look-behind
        // holds nearly `context` bytes.
        if (!chunks.empty() && input[chunk.offset + chunk.report_from - 1] == '\n' &&
            chunks.back().report_limit - chunks.back().report_from > context + 2 * max_line &&
            max_line < context / 4) {
            EXPECT_GT(chunk.report_from + 2 * (max_line + 1), context);
        }
        for (std::size_t i = chunk.report_from; i < chunk.report_limit; ++i) {
            if (chunk.offset + i == 0 || input[chunk.offset + i - 1] == '\n') {
                reported_line_starts.push_back(chunk.offset + i);
            }
        }
        // lines(): every line that starts before the end of the reported part.
        const std::uint64_t expected_lines = count_newlines(whole.substr(0, reported_until)) +
                                             (input[reported_until - 1] != '\n' ? 1 : 0);
        EXPECT_EQ(reader.lines(), expected_lines);
        chunks.push_back({chunk.offset, chunk.text.size(), chunk.report_from, chunk.report_limit,
                          chunk.starts_line});
        if (chunks.size() > input.size() + 1) {
            ADD_FAILURE() << "reader does not make progress";
            break;
        }
    }
    EXPECT_EQ(reported_until, input.size());
    EXPECT_EQ(reader.bytes_read(), input.size());
    EXPECT_FALSE(reader.next(chunk)) << "next() after the end";
    EXPECT_LE(source.max_capacity(), buffer_size);
    if (!chunks.empty()) {
        // The last chunk reports to its end, which is the end of the input.
        EXPECT_EQ(chunks.back().report_limit, chunks.back().text_size);
        EXPECT_EQ(chunks.back().offset + chunks.back().text_size, input.size());
    }
    // Every line reported exactly once, in order.
    std::vector<std::uint64_t> line_starts;
    for (std::size_t i = 0; i < input.size(); ++i) {
        if (i == 0 || input[i - 1] == '\n') line_starts.push_back(i);
    }
    EXPECT_EQ(reported_line_starts, line_starts);
    return chunks;
}

constexpr std::size_t kSmallContext = 4 * 1024;

TEST(ChunkReaderContextTest, ReportedRegionsPartitionTheInput) {
    const std::string input = numbered_lines(20000);  // ~1.1 MB, lines up to ~110 bytes
    for (std::size_t piece : {0u, 1u << 10, 4097u, 65536u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks =
            read_with_context(input, piece, kSmallBuffer, kSmallOverlap, kSmallContext, 120);
        ASSERT_GT(chunks.size(), 10u);
        std::size_t with_look_behind = 0, with_look_ahead = 0;
        for (const ContextChunk& chunk : chunks) {
            with_look_behind += chunk.report_from > 0;
            with_look_ahead += chunk.report_limit < chunk.text_size;
        }
        // Every chunk but the first has look-behind, every one but the last look-ahead.
        EXPECT_EQ(with_look_behind, chunks.size() - 1);
        EXPECT_EQ(with_look_ahead, chunks.size() - 1);
        EXPECT_EQ(chunks.front().report_from, 0u);
        EXPECT_EQ(chunks.front().offset, 0u);
    }
}

TEST(ChunkReaderContextTest, CrlfAndLastLineWithoutNewline) {
    const std::string crlf = numbered_lines(9000, "\r\n");
    const std::string no_final_newline = numbered_lines(9000) + "no newline at the end";
    for (const std::string* input : {&crlf, &no_final_newline}) {
        for (std::size_t piece : {0u, 333u}) {
            SCOPED_TRACE("read pieces of " + std::to_string(piece));
            auto chunks =
                read_with_context(*input, piece, kSmallBuffer, kSmallOverlap, kSmallContext, 120);
            ASSERT_GT(chunks.size(), 4u);
        }
        StringSource source(*input);
        ChunkReader reader(source, kSmallBuffer, kSmallOverlap, kSmallContext);
        Chunk chunk;
        while (reader.next(chunk)) {
        }
        EXPECT_EQ(reader.lines(), input == &crlf ? 9000u : 9001u);
    }
}

TEST(ChunkReaderContextTest, LinesWithContextEqualLinesWithout) {
    const std::string many = numbered_lines(12345);
    for (const std::string& input : {many, many.substr(0, many.size() - 1), std::string("a"),
                                     std::string("\n"), std::string("a\nb"), std::string()}) {
        for (std::size_t context :
             {std::size_t{0}, std::size_t{1024}, kSmallContext, kSmallBuffer / 8}) {
            StringSource source(input, 777);
            ChunkReader reader(source, kSmallBuffer, kSmallOverlap, context);
            Chunk chunk;
            while (reader.next(chunk)) {
            }
            EXPECT_EQ(reader.lines(),
                      count_newlines(input) + (!input.empty() && input.back() != '\n' ? 1 : 0))
                << "context " << context << ", input of " << input.size() << " bytes";
            EXPECT_EQ(reader.bytes_read(), input.size());
        }
    }
}

TEST(ChunkReaderContextTest, SmallInputIsOneChunkWithoutContext) {
    const std::string input = "first\nsecond\nthird\n";
    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap, kSmallContext);
    Chunk chunk;
    ASSERT_TRUE(reader.next(chunk));
    EXPECT_EQ(chunk.text, input);
    EXPECT_EQ(chunk.report_from, 0u);
    EXPECT_EQ(chunk.report_limit, input.size());
    EXPECT_FALSE(reader.next(chunk));
    EXPECT_EQ(reader.lines(), 3u);
}

TEST(ChunkReaderContextTest, LongerLinesThanTheContext) {
    // Lines of 1..9 KiB against 4 KiB of context: the look-behind holds the
    // whole lines that fit, possibly none.
    std::string input;
    for (std::size_t i = 0; input.size() < 900 * 1024; ++i) {
        input += std::string(1 + (i * 2654435761u) % (9 * 1024), static_cast<char>('a' + i % 26));
        input += '\n';
    }
    for (std::size_t piece : {0u, 5000u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks =
            read_with_context(input, piece, kSmallBuffer, kSmallOverlap, kSmallContext, 9 * 1024);
        ASSERT_GT(chunks.size(), 10u);
    }
}

TEST(ChunkReaderContextTest, HugeLineWithContext) {
    constexpr std::size_t kHuge = 1 << 20;
    std::string line(kHuge, 'x');
    for (std::size_t i = 0; i < line.size(); i += 101) line[i] = static_cast<char>('a' + i % 26);
    const std::string head = numbered_lines(2000);
    const std::string input = head + line + "\n" + numbered_lines(2000);
    for (std::size_t piece : {0u, 5000u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks =
            read_with_context(input, piece, kSmallBuffer, kSmallOverlap, kSmallContext, kHuge);
        std::size_t pieces = 0;
        for (const ContextChunk& chunk : chunks) {
            if (chunk.offset > head.size() && chunk.offset < head.size() + kHuge) {
                ++pieces;
                EXPECT_FALSE(chunk.starts_line) << "offset " << chunk.offset;
                EXPECT_EQ(chunk.report_from, 0u);
                EXPECT_GT(chunk.text_size, kSmallBuffer - 4096);
            }
        }
        EXPECT_GE(pieces, kHuge / (kSmallBuffer - kSmallOverlap) - 1);
    }
    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap, kSmallContext);
    Chunk chunk;
    while (reader.next(chunk)) {
    }
    EXPECT_EQ(reader.lines(), 4001u);
    EXPECT_EQ(reader.bytes_read(), input.size());
}

TEST(ChunkReaderContextTest, HugeLineWithoutNewlineAtTheEnd) {
    const std::string input = numbered_lines(100) + std::string(300 * 1024, 'z');
    auto chunks =
        read_with_context(input, 0, kSmallBuffer, kSmallOverlap, kSmallContext, 300 * 1024);
    ASSERT_GT(chunks.size(), 4u);
    StringSource source(input);
    ChunkReader reader(source, kSmallBuffer, kSmallOverlap, kSmallContext);
    Chunk chunk;
    while (reader.next(chunk)) {
    }
    EXPECT_EQ(reader.lines(), 101u);
}

TEST(ChunkReaderContextTest, LargestAllowedContext) {
    // context == buffer / 8, with the smallest buffer.
    const std::string input = numbered_lines(3000);
    for (std::size_t piece : {0u, 1u, 4096u}) {
        SCOPED_TRACE("read pieces of " + std::to_string(piece));
        auto chunks = read_with_context(input, piece, 8192, 2048, 1024, 120);
        EXPECT_GT(chunks.size(), input.size() / 8192);
    }
}

TEST(ChunkReaderDeathTest, ContextPrecondition) {
    StringSource source("abc\n");
    EXPECT_DEBUG_DEATH(ChunkReader(source, 64 * 1024, 4 * 1024, 8 * 1024 + 1), "");
    ChunkReader reader(source, 64 * 1024, 4 * 1024, 8 * 1024);
    Chunk chunk;
    ASSERT_TRUE(reader.next(chunk));
    EXPECT_EQ(chunk.text, "abc\n");
    EXPECT_EQ(chunk.report_from, 0u);
    EXPECT_EQ(chunk.report_limit, 4u);
    EXPECT_FALSE(reader.next(chunk));
}

}  // namespace
}  // namespace alertscan
