// The range splitter: cuts only at line starts (LF, CRLF, lone CR, as
// DecodingSource reads them), no line lost or doubled, long lines kept whole,
// and RangeSource handing out the same bytes as DecodingSource.

#include "pipeline/line_ranges.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "string_source.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

// A file with `content` that is removed when the test ends.
class TempFile {
  public:
    explicit TempFile(const std::string& content) {
        static int counter = 0;
        path_ = fs::temp_directory_path() / ("alertscan-ranges-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(counter++));
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() { fs::remove(path_); }
    std::string path() const { return path_.string(); }

  private:
    fs::path path_;
};

// What DecodingSource makes of plain UTF-8 bytes: lone CR becomes LF.
std::string decoded(const std::string& raw) {
    DecodingSource source(std::make_unique<test_support::StringSource>(raw, 7));
    std::string out;
    char buffer[64];
    while (std::size_t n = source.read(buffer, sizeof buffer)) out.append(buffer, n);
    return out;
}

std::vector<std::uint64_t> line_starts(const std::string& raw) {
    const std::string text = decoded(raw);
    std::vector<std::uint64_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') starts.push_back(i + 1);
    }
    return starts;
}

std::string read_all(RangeSource& source) {
    std::string out;
    char buffer[5];  // small reads: CRs at the end of many reads
    while (std::size_t n = source.read(buffer, sizeof buffer)) out.append(buffer, n);
    return out;
}

TEST(LineRanges, LineStartAfterLfCrlfAndLoneCr) {
    TempFile file("ab\ncd\r\nef\rgh\r");
    PreadFile pread(file.path());
    EXPECT_EQ(line_start_at_or_after(pread, 0), 0u);
    EXPECT_EQ(line_start_at_or_after(pread, 1), 3u);    // after "ab\n"
    EXPECT_EQ(line_start_at_or_after(pread, 3), 3u);    // already a line start
    EXPECT_EQ(line_start_at_or_after(pread, 5), 7u);    // CR of CRLF does not end the line
    EXPECT_EQ(line_start_at_or_after(pread, 6), 7u);    // between CR and LF
    EXPECT_EQ(line_start_at_or_after(pread, 8), 10u);   // lone CR ends "ef"
    EXPECT_EQ(line_start_at_or_after(pread, 11), 13u);  // CR at the end of the file
    EXPECT_EQ(line_start_at_or_after(pread, 13), 13u);
    EXPECT_EQ(line_start_at_or_after(pread, 99), 13u);
}

TEST(LineRanges, LineLongerThanARangeStaysWhole) {
    const std::string content = "short\n" + std::string(200000, 'x') + "\nlast\n";
    TempFile file(content);
    PreadFile pread(file.path());
    EXPECT_EQ(range_end(pread, 0, 10), 200007u);  // past the long line, whole
    EXPECT_EQ(range_end(pread, 200007, 10), content.size());
}

// Random files of short and long lines with every kind of line end, cut
// with random range sizes: the ranges tile the file, each boundary is a line
// start, the newlines per range add up, and the bytes handed out equal
// DecodingSource's.
TEST(LineRanges, RandomFilesTileIntoWholeLines) {
    std::mt19937 random(7);
    const char* ends[] = {"\n", "\r\n", "\r", "\r\r\n", "\n\r"};
    for (int round = 0; round < 40; ++round) {
        std::string content;
        const int lines = static_cast<int>(random() % 300);
        for (int i = 0; i < lines; ++i) {
            const std::size_t length = random() % 10 == 0 ? random() % 3000 : random() % 40;
            content.append(length, static_cast<char>('a' + random() % 26));
            content += ends[random() % std::size(ends)];
        }
        if (random() % 2) content += "tail without end";
        TempFile file(content);
        PreadFile pread(file.path());
        const std::vector<std::uint64_t> starts = line_starts(content);
        const std::string expected = decoded(content);
        const std::uint64_t range_bytes = 1 + random() % 500;

        std::string joined;
        for (std::uint64_t begin = 0; begin < pread.size();) {
            const std::uint64_t end = range_end(pread, begin, range_bytes);
            ASSERT_GT(end, begin);
            ASSERT_TRUE(end == pread.size() ||
                        std::binary_search(starts.begin(), starts.end(), end))
                << "cut at " << end << " is not a line start (round " << round << ")";
            RangeSource source(pread, begin, end);
            joined += read_all(source);
            begin = end;
        }
        EXPECT_EQ(joined, expected) << "round " << round;
    }
}

TEST(LineRanges, RangeSourceReadsOnlyItsBytes) {
    TempFile file("a\nb\nc\rd\ne\n");
    PreadFile pread(file.path());
    RangeSource source(pread, 2, 9);  // from "b" to "e": the CR reads as LF, the last LF is not its
    EXPECT_EQ(read_all(source), "b\nc\nd\ne");
}

}  // namespace
}  // namespace alertscan
