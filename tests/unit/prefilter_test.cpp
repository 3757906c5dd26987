#include "match/prefilter.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace alertscan {
namespace {

std::vector<CandidateLine> candidates(Prefilter& prefilter, std::string_view text) {
    std::vector<CandidateLine> out;
    prefilter.find(text, out);
    return out;
}

TEST(Prefilter, ReportsEachLineOnceWithBitsOfItsProbes) {
    Prefilter prefilter(std::vector<Probe>{{"", {"fatal alert was received"}},
                                           {"", {"fatal alert was generated"}},
                                           {"", {"SSL V3 alert"}}});
    const std::string text =
        "noise\n"
        "x fatal alert was received y\n"
        "fatal alert was generated, SSL V3 alert, fatal alert was received\n"
        "SSL V3 alert 46\n";
    auto lines = candidates(prefilter, text);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(text.substr(lines[0].begin, lines[0].end - lines[0].begin),
              "x fatal alert was received y");
    EXPECT_EQ(lines[0].probes, ProbeSet(0b001));
    EXPECT_EQ(lines[1].probes, ProbeSet(0b111));
    EXPECT_EQ(lines[2].probes, ProbeSet(0b100));
    EXPECT_EQ(lines[2].end, text.size() - 1);
}

TEST(Prefilter, AnyOfAPatternsLiteralsMakesACandidate) {
    Prefilter prefilter(std::vector<Probe>{{"", {"EZD1286I", "EZD1287I"}}});
    auto lines = candidates(prefilter, "a EZD1287I b\nEZD1285I\nEZD1286I\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].begin, 0u);
    EXPECT_EQ(lines[1].begin, 22u);
}

TEST(Prefilter, PrefilterExpressionSkipsLinesTheLiteralWouldHit) {
    // The gsktrace exit-status patterns: zero statuses never become candidates.
    Prefilter prefilter(std::vector<Probe>{{"Exit status 0x0*[1-9A-Fa-f]", {"Exit status 0x"}}});
    const std::string text =
        "Thd-0 EXIT f(): <--- Exit status 0x00000000 (0)\n"
        "Thd-0 EXIT f(): <--- Exit status 0x0000019e (414)\n"
        "Thd-0 EXIT f(): <--- Exit status 0x00000000 (0)\n";
    auto lines = candidates(prefilter, text);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(text.substr(lines[0].begin, lines[0].end - lines[0].begin).find("(414)"),
              std::string::npos);
    EXPECT_EQ(prefilter.probe_kinds(), std::vector<std::string>{"regex"});
}

TEST(Prefilter, LiteralsAreMatchedByteForByte) {
    // Regex metacharacters in a literal are literal.
    Prefilter prefilter(std::vector<Probe>{{"", {"(gsk rc ="}}, {"", {"a.b"}}});
    auto lines = candidates(prefilter, "x(gsk rc = 414)\naxb\na.b\n(gsk rc 1\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].probes, ProbeSet(0b01));
    EXPECT_EQ(lines[1].begin, 20u);
    EXPECT_EQ(lines[1].probes, ProbeSet(0b10));
}

TEST(Prefilter, EdgesOfTheBuffer) {
    Prefilter prefilter(std::vector<Probe>{{"", {"SSL V3 alert"}}});
    auto lines = candidates(prefilter, "SSL V3 alert");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].begin, 0u);
    EXPECT_EQ(lines[0].end, 12u);
    EXPECT_TRUE(candidates(prefilter, "SSL V3 aler").empty());
    EXPECT_TRUE(candidates(prefilter, "").empty());
}

TEST(Prefilter, RejectsProbesItCannotUse) {
    EXPECT_THROW(Prefilter(std::vector<Probe>{Probe{"", {}}}), std::runtime_error);
    std::vector<Probe> too_many(kMaxProbes + 1, Probe{"", {"x"}});
    EXPECT_THROW(Prefilter{too_many}, std::runtime_error);
}

}  // namespace
}  // namespace alertscan
