// The range path against the sequential path: over random mixes of the
// sample logs (multi-line GSKit and MQ records included, LF and CRLF, long
// lines), cut into ranges of random sizes, the ranges together report the
// same hits, in the same order, with the same lines, offsets and line
// context as Scanner reading the file from start to end. And the whole
// parallel run (tasks, workers, replay) against the sequential loop.

#include "pipeline/range_scan.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "match/matcher.hpp"
#include "match/pattern.hpp"
#include "pipeline/parallel_scan.hpp"
#include "scanner.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

// Everything a printer may show of a hit.
using HitKey = std::tuple<std::string, std::uint64_t, std::uint64_t, std::string, std::int64_t,
                          std::string, std::string, std::string, std::string, std::string, int>;

HitKey key(const Hit& hit) {
    return {hit.file,
            hit.line,
            hit.offset,
            hit.pattern_id,
            hit.code,
            hit.match,
            hit.timestamp,
            hit.host,
            hit.peer,
            hit.channel,
            static_cast<int>(hit.direction)};
}

class CollectHits : public HitSink, public SchannelEventSink {
  public:
    void on_hit(const Hit& hit) override { hits.push_back(key(hit)); }
    void on_event(const SchannelEvent& event) override {
        events.push_back(event.file + ":" + std::to_string(event.offset));
    }
    std::vector<HitKey> hits;
    std::vector<std::string> events;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// The line-oriented sample logs, as lists of lines (BOMs dropped).
std::vector<std::vector<std::string>> sample_texts() {
    const fs::path root = fs::path(ALERTSCAN_SOURCE_DIR) / "sample-logs";
    std::vector<std::vector<std::string>> texts;
    for (const char* dir : {"ibm", "gskit", "syslog"}) {
        for (const auto& entry : fs::directory_iterator(root / dir)) {
            if (entry.path().extension() == ".md") continue;
            std::string text = slurp(entry.path());
            if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
            texts.push_back(split_lines(text));
        }
    }
    return texts;
}

// A random mix: slices of the samples (multi-line records stay whole in a
// slice, and are cut apart between slices), noise, LF or CRLF per slice,
// now and then a line far longer than a range or a ChunkReader buffer.
std::string random_log(std::mt19937& random, std::size_t size, bool long_lines) {
    static const std::vector<std::vector<std::string>> texts = sample_texts();
    std::string log = "start of the random log\n";
    while (log.size() < size) {
        const auto& text = texts[random() % texts.size()];
        const std::size_t from = random() % text.size();
        const std::size_t count = 1 + random() % 40;
        const char* end = random() % 3 == 0 ? "\r\n" : "\n";
        for (std::size_t i = from; i < std::min(text.size(), from + count); ++i) {
            log += text[i];
            log += end;
        }
        if (random() % 4 == 0) log += "noise line " + std::to_string(random()) + "\n";
        if (long_lines && random() % 50 == 0) {
            log += std::string(random() % 3 ? 20000 : 1100000, 'z');
            log += " SSL V3 alert 46 received from 10.0.0.9.\n";
        }
    }
    return log;
}

class TempLog {
  public:
    explicit TempLog(const std::string& content) {
        static int counter = 0;
        path_ = fs::temp_directory_path() /
                ("alertscan-range-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempLog() { fs::remove(path_); }
    std::string path() const { return path_.string(); }

  private:
    fs::path path_;
};

class RangeScanTest : public ::testing::Test {
  protected:
    std::vector<HitKey> sequential(const std::string& path) {
        CollectHits collect;
        Scanner scanner(matcher_, InputFormat::Text);
        InputSummary summary = scanner.scan(path, collect, collect);
        sequential_lines_ = summary.lines;
        return collect.hits;
    }

    std::vector<HitKey> in_ranges(const std::string& path, std::uint64_t range_bytes) {
        PreadFile file(path);
        std::vector<HitKey> all;
        std::uint64_t newlines = 0;
        for (std::uint64_t begin = 0; begin < file.size();) {
            const LineRange range{begin, range_end(file, begin, range_bytes)};
            CollectHits collect;
            const std::uint64_t in_range = scan_range(file, path, range, 0, matcher_, collect);
            for (HitKey& hit : collect.hits) {
                std::get<1>(hit) += newlines;
                all.push_back(std::move(hit));
            }
            newlines += in_range;
            begin = range.end;
        }
        return all;
    }

    std::vector<PatternDef> patterns_ = builtin_patterns();  // outlives matcher_
    Matcher matcher_{patterns_};
    std::uint64_t sequential_lines_ = 0;
};

TEST_F(RangeScanTest, BuiltinPatternsNeedContext) {
    // Otherwise the tests below would not exercise look-behind/look-ahead.
    EXPECT_GT(matcher_.context_bytes(), 0u);
}

TEST_F(RangeScanTest, RandomLogsGiveTheSequentialHitsInOrder) {
    std::mt19937 random(12345);
    for (int round = 0; round < 6; ++round) {
        TempLog log(random_log(random, 100000 + random() % 150000, false));
        const std::vector<HitKey> expected = sequential(log.path());
        ASSERT_GT(expected.size(), 20u);
        // Down to a few lines per range: cuts everywhere, also inside records.
        for (std::uint64_t range_bytes :
             {std::uint64_t{200}, std::uint64_t{1000}, std::uint64_t{4096},
              std::uint64_t{1 + random() % 60000}}) {
            EXPECT_EQ(in_ranges(log.path(), range_bytes), expected)
                << "round " << round << ", ranges of " << range_bytes << " bytes";
        }
    }
}

TEST_F(RangeScanTest, LongLinesAcrossBuffersAndRanges) {
    std::mt19937 random(99);
    TempLog log(random_log(random, 3000000, true));
    const std::vector<HitKey> expected = sequential(log.path());
    ASSERT_GT(expected.size(), 100u);
    EXPECT_EQ(in_ranges(log.path(), 500000), expected);
    EXPECT_EQ(in_ranges(log.path(), 2000), expected);
}

TEST_F(RangeScanTest, RecordStraddlingACutIsFoundOnce) {
    // An MQ AMQ9633 record: the literal (ArithInsert1) on its second line,
    // the match starting a line earlier. Cut between every pair of lines.
    const std::string record =
        "01/02/2024 10:00:00 - Process(1.1) Queue manager QM1\n"
        "RemoteHost(10.1.2.3)\n"
        "   ArithInsert1(414) ArithInsert2(575010)\n"
        "   CommentInsert1(SYSTEM.DEF.SVRCONN)\n"
        "\n"
        "AMQ9633E: Bad SSL certificate for channel 'SYSTEM.DEF.SVRCONN'.\n";
    TempLog log("x\n" + record + "y\n" + record);
    const std::vector<HitKey> expected = sequential(log.path());
    ASSERT_EQ(expected.size(), 2u);
    for (std::uint64_t range_bytes = 1; range_bytes < 400; range_bytes += 3) {
        EXPECT_EQ(in_ranges(log.path(), range_bytes), expected) << range_bytes;
    }
}

TEST_F(RangeScanTest, ParallelRunEqualsSequentialLoop) {
    std::mt19937 random(5);
    TempLog big(random_log(random, 400000, false));
    std::vector<std::string> inputs;
    const fs::path root = fs::path(ALERTSCAN_SOURCE_DIR) / "sample-logs";
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) inputs.push_back(entry.path().string());
    }
    std::sort(inputs.begin(), inputs.end());
    inputs.insert(inputs.begin() + 3, big.path());
    inputs.push_back(big.path());
    inputs.push_back("/nonexistent/alertscan-test");

    CollectHits expected;
    std::vector<std::string> expected_inputs;
    Scanner scanner(matcher_);
    for (const std::string& input : inputs) {
        InputSummary summary = scanner.scan(input, expected, expected);
        expected_inputs.push_back(summary.path + " " + std::to_string(summary.lines) + " " +
                                  std::to_string(summary.bytes) + " " +
                                  std::to_string(summary.hits) + " " + summary.format + " " +
                                  summary.encoding + " " + summary.error.value_or("ok"));
    }
    for (unsigned jobs : {2u, 3u, 4u}) {
        for (std::uint64_t range_bytes : {std::uint64_t{1000}, std::uint64_t{65536}}) {
            CollectHits got;
            std::vector<std::string> got_inputs;
            ParallelScanOptions options;
            options.jobs = jobs;
            options.range_bytes = range_bytes;
            options.context_bytes = matcher_.context_bytes();
            std::uint64_t progress = 0;
            ParallelScanSinks sinks{
                got, got,
                [&](InputSummary summary) {
                    got_inputs.push_back(summary.path + " " + std::to_string(summary.lines) + " " +
                                         std::to_string(summary.bytes) + " " +
                                         std::to_string(summary.hits) + " " + summary.format + " " +
                                         summary.encoding + " " + summary.error.value_or("ok"));
                },
                [&](std::uint64_t bytes, bool) { progress += bytes; }};
            scan_in_parallel(inputs, patterns_, options, sinks);
            EXPECT_EQ(got.hits, expected.hits) << jobs << " jobs, " << range_bytes;
            EXPECT_EQ(got.events, expected.events) << jobs << " jobs, " << range_bytes;
            EXPECT_EQ(got_inputs, expected_inputs) << jobs << " jobs, " << range_bytes;
            EXPECT_GT(progress, 2 * fs::file_size(big.path()) - 1);
        }
    }
}

}  // namespace
}  // namespace alertscan
