#include "match/prefilter.hpp"

#include <gtest/gtest.h>

namespace alertscan {
namespace {

std::vector<CandidateLine> candidates(const Prefilter& prefilter, std::string_view text) {
    std::vector<CandidateLine> out;
    prefilter.find(text, out);
    return out;
}

TEST(Prefilter, ReportsEachLineOnceWithBitsOfItsLiterals) {
    Prefilter prefilter({"fatal alert was received", "fatal alert was generated", "SSL V3 alert"});
    const std::string text =
        "noise\n"
        "x fatal alert was received y\n"                                       // line 1
        "fatal alert was generated, SSL V3 alert, fatal alert was received\n"  // line 2
        "SSL V3 alert 46\n";                                                   // line 3
    auto lines = candidates(prefilter, text);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(text.substr(lines[0].begin, lines[0].end - lines[0].begin),
              "x fatal alert was received y");
    EXPECT_EQ(lines[0].literals, 0b001u);
    EXPECT_EQ(lines[1].literals, 0b111u);
    EXPECT_EQ(lines[2].literals, 0b100u);
    EXPECT_EQ(lines[2].end, text.size() - 1);
}

TEST(Prefilter, SharedPrefixAloneIsNoCandidate) {
    // The two SChannel literals are searched through their common prefix;
    // a line with the prefix but neither literal must not come back.
    Prefilter prefilter({"fatal alert was received", "fatal alert was generated"});
    EXPECT_TRUE(candidates(prefilter, "a fatal alert was ignored\nfatal alert was\n").empty());
    auto lines = candidates(prefilter, "fatal alert was ignored; fatal alert was generated");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].literals, 0b10u);
}

TEST(Prefilter, LiteralAtBufferEdgesAndWithoutNewline) {
    Prefilter prefilter({"SSL V3 alert"});
    auto lines = candidates(prefilter, "SSL V3 alert");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].begin, 0u);
    EXPECT_EQ(lines[0].end, 12u);
    EXPECT_TRUE(candidates(prefilter, "SSL V3 aler").empty());
    EXPECT_TRUE(candidates(prefilter, "").empty());
}

}  // namespace
}  // namespace alertscan
