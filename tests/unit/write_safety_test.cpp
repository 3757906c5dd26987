// The pieces that keep outputs whole and bounded: the registry of temporary
// files a signal removes, the write buffer that remembers why a write
// failed, and the RE2 memory budget of the pattern regexes.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "match/matcher.hpp"
#include "match/pattern.hpp"
#include "match/regex_options.hpp"
#include "output/atomic_file.hpp"
#include "output/fd_buffer.hpp"
#include "util/pending_files.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

class PendingFilesTest : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(testing::TempDir()) / ("alertscan-pending-" + std::to_string(getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path touch(const std::string& name) {
        std::ofstream(dir_ / name) << "x";
        return dir_ / name;
    }
    fs::path dir_;
};

TEST_F(PendingFilesTest, RemovesRegisteredFilesOnlyUntilForgotten) {
    const fs::path kept = touch("kept");
    const fs::path removed = touch("removed");
    const int a = register_pending_file(kept.string());
    const int b = register_pending_file(removed.string());
    ASSERT_GE(a, 0);
    ASSERT_GE(b, 0);
    EXPECT_NE(a, b);
    forget_pending_file(a);
    remove_pending_files();
    EXPECT_TRUE(fs::exists(kept));
    EXPECT_FALSE(fs::exists(removed));
    forget_pending_file(b);
}

TEST_F(PendingFilesTest, SlotsAreReusedAndLimited) {
    std::vector<int> slots;
    for (int i = 0; i < 100; ++i) {
        const int slot = register_pending_file((dir_ / ("f" + std::to_string(i))).string());
        if (slot < 0) break;
        slots.push_back(slot);
    }
    EXPECT_GE(slots.size(), 4u);  // a run's few files always fit
    EXPECT_LT(slots.size(), 100u);
    for (int slot : slots) forget_pending_file(slot);
    const int again = register_pending_file((dir_ / "again").string());
    EXPECT_GE(again, 0);
    forget_pending_file(again);
    EXPECT_EQ(register_pending_file(std::string(5000, 'x')), -1);  // too long: not registered
    EXPECT_EQ(register_pending_file(""), -1);
    forget_pending_file(-1);  // ignored
}

TEST_F(PendingFilesTest, AtomicFileRegistersItsTempFileUntilDone) {
    const fs::path target = dir_ / "out.json";
    {
        AtomicFile file(target.string());
        file.stream() << "partial";
        // What the signal handler does mid-run.
        remove_pending_files();
        EXPECT_FALSE(fs::exists(file.temp_path()));
    }
    EXPECT_FALSE(fs::exists(target));
    {
        AtomicFile file(target.string());
        file.stream() << "whole";
        file.commit();
    }
    remove_pending_files();  // a committed file is no longer pending
    std::ifstream in(target);
    std::string text;
    in >> text;
    EXPECT_EQ(text, "whole");
}

TEST(FdWriteBufferTest, RemembersTheFirstErrorAndReportsItOnce) {
    const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    FdWriteBuffer buffer(fd, true);
    std::vector<int> reported;
    buffer.on_error([&](int error) { reported.push_back(error); });
    std::ostream out(&buffer);
    for (int i = 0; i < 100000; ++i) out << "a line of output\n";
    out.flush();
    EXPECT_FALSE(out);
    EXPECT_EQ(buffer.error(), ENOSPC);
    EXPECT_EQ(reported, std::vector<int>{ENOSPC});
}

TEST(FdWriteBufferTest, WritesEverythingThroughAPipe) {
    int ends[2];
    ASSERT_EQ(::pipe(ends), 0);
    {
        FdWriteBuffer buffer(ends[1], true);
        std::ostream out(&buffer);
        out << "hello " << 42 << '\n';
        out.flush();
        EXPECT_TRUE(out);
        EXPECT_EQ(buffer.error(), 0);
    }  // owns the write end: closed here
    char text[32] = {};
    EXPECT_EQ(::read(ends[0], text, sizeof text), 9);
    EXPECT_STREQ(text, "hello 42\n");
    ::close(ends[0]);
}

// ---------------------------------------------------------------------------
// RE2 memory budget
// ---------------------------------------------------------------------------

const std::string kOversized =
    std::string(ALERTSCAN_SOURCE_DIR) + "/tests/data/patterns/oversized-regex.ini";

TEST(RegexBudgetTest, OptionsCarryTheBudget) {
    EXPECT_EQ(regex_options().max_mem(), kRegexMaxMemory);
    EXPECT_EQ(kRegexMaxMemory, 2 << 20);
    EXPECT_FALSE(regex_options().log_errors());
}

TEST(RegexBudgetTest, OversizedRegexIsRejectedWithFileLineAndBudget) {
    try {
        load_pattern_path(kOversized);
        FAIL() << "no PatternError";
    } catch (const PatternError& error) {
        ASSERT_EQ(error.problems().size(), 1u);
        const PatternProblem& problem = error.problems().front();
        EXPECT_EQ(problem.file, kOversized);
        EXPECT_EQ(problem.line, 11);
        EXPECT_NE(problem.reason.find("bad regex: pattern too large"), std::string::npos)
            << problem.reason;
        EXPECT_NE(problem.reason.find("2 MiB"), std::string::npos) << problem.reason;
    }
}

TEST(RegexBudgetTest, TheSameRegexFitsRe2sDefaultBudget) {
    // So the rejection above is the budget's doing, not RE2's own limits.
    RE2::Options defaults;
    defaults.set_log_errors(false);
    RE2 re(R"(alert (?P<code>\d+) \pL{300})", defaults);
    EXPECT_TRUE(re.ok()) << re.error();
    RE2 budgeted(R"(alert (?P<code>\d+) \pL{300})", regex_options());
    EXPECT_EQ(budgeted.error_code(), RE2::ErrorPatternTooLarge);
}

TEST(RegexBudgetTest, BuiltinPatternsFitFarBelowTheBudget) {
    for (const PatternDef& def : builtin_patterns()) {
        RE2 re(def.regex, regex_options());
        ASSERT_TRUE(re.ok()) << def.id << ": " << re.error();
        // Program size counts instructions (16 bytes or less each): a few
        // hundred leaves almost all of the budget to the DFA cache.
        EXPECT_LT(re.ProgramSize(), 1000) << def.id;
    }
}

TEST(RegexBudgetTest, MatcherRefusesAnUnvalidatedOversizedRegex) {
    PatternDef def;
    def.id = "test.oversized";
    def.source = "test";
    def.literals = {"alert"};
    def.regex = R"(alert (?P<code>\d+) \pL{300})";
    def.origin = "custom.ini:5";
    // The matcher compiles on its first scan, so that is where it refuses.
    Matcher matcher({def});
    try {
        struct DropHits : HitSink {
            void on_hit(const Hit&) override {}
        } hits;
        const std::string text = "alert 40 x\n";
        matcher.scan(Chunk{text, 0, 1, text.size(), true}, "t.log", hits);
        FAIL() << "no PatternError";
    } catch (const PatternError& error) {
        EXPECT_NE(std::string(error.what()).find("custom.ini:5: bad regex: pattern too large"),
                  std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace alertscan
