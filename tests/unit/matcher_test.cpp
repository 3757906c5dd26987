// Unit tests for the matcher (src/match/matcher.cpp, src/match/prefilter.cpp)
// with the builtin patterns: every SChannel 36887/36888 wording per Windows
// build (shared reference schannel.md section 1.1), GSKit trace lines, noise
// that must not match, positions, line context, custom patterns, and an
// exhaustive cross-check against plain RE2 over every line.
#include "match/matcher.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "input/chunk_reader.hpp"
#include "match/pattern.hpp"
#include "string_source.hpp"
#include "summary/hit.hpp"

namespace alertscan {
namespace {

// The message texts of section 1.1, one per Windows build and event.
constexpr std::string_view k36887Win7 = "The following fatal alert was received: 47.";
constexpr std::string_view k36888Win7 =
    "The following fatal alert was generated: 20. The internal error state is 960.";
constexpr std::string_view k36887Win8 =
    "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert "
    "code is 46.";
constexpr std::string_view k36888Win8 =
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal error code is 40. The Windows SChannel "
    "error state is 1205.";
constexpr std::string_view k36888Win10 =
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal alert code is 40.";

class CollectingSink : public HitSink {
  public:
    void on_hit(const Hit& hit) override { hits.push_back(hit); }
    std::vector<Hit> hits;
};

std::vector<Hit> scan_chunk(Matcher& matcher, const Chunk& chunk,
                            const std::string& file = "test.log") {
    CollectingSink sink;
    matcher.scan(chunk, file, sink);
    return sink.hits;
}

std::vector<Hit> scan_text(Matcher& matcher, std::string_view text, std::uint64_t offset = 0,
                           std::uint64_t first_line = 1) {
    return scan_chunk(matcher, Chunk{text, offset, first_line, text.size(), true});
}

// One line per hit, with every field the matcher sets, for readable diffs.
std::string describe(const Hit& hit) {
    std::ostringstream out;
    out << hit.file << ":" << hit.line << "@" << hit.offset << " " << hit.source << "/"
        << hit.pattern_id << " event=" << (hit.event_id ? std::to_string(*hit.event_id) : "-")
        << " " << to_string(hit.direction) << " code=" << hit.code << " " << to_string(hit.level)
        << " peer=" << hit.peer
        << " state=" << (hit.error_state ? std::to_string(*hit.error_state) : "-") << " match=["
        << hit.match << "]";
    return out.str();
}

std::vector<std::string> describe_all(const std::vector<Hit>& hits) {
    std::vector<std::string> out;
    for (const Hit& hit : hits) out.push_back(describe(hit));
    return out;
}

class MatcherTest : public ::testing::Test {
  protected:
    std::vector<Hit> scan(std::string_view text) { return scan_text(matcher_, text); }

    std::vector<PatternDef> patterns_ = builtin_patterns();  // outlives matcher_
    Matcher matcher_{patterns_};
};

// ---------------------------------------------------------------------------
// SChannel wordings
// ---------------------------------------------------------------------------

// Found by fuzz_matcher (docs/fuzzing.md): the matcher kept pointers into the
// caller's definitions, so one built from a temporary vector read freed
// memory on its first scan (heap-use-after-free under AddressSanitizer).
TEST(MatcherLifetimeTest, OutlivesTheDefinitionsItWasBuiltFrom) {
    Matcher matcher(builtin_patterns());
    const std::vector<Hit> hits = scan_text(matcher, std::string(k36887Win7) + "\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 47);
    EXPECT_EQ(hits[0].direction, Direction::Received);
}

TEST_F(MatcherTest, Win7Received36887) {
    const std::string text = std::string(k36887Win7) + "\n";
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 1u);
    const Hit& hit = hits[0];
    EXPECT_EQ(hit.file, "test.log");
    EXPECT_EQ(hit.line, 1u);
    EXPECT_EQ(hit.offset, 0u);
    EXPECT_EQ(hit.source, "schannel");
    EXPECT_EQ(hit.pattern_id, "schannel.36887.legacy");
    EXPECT_EQ(hit.event_id, 36887);
    EXPECT_EQ(hit.direction, Direction::Received);
    EXPECT_EQ(hit.code, 47);
    EXPECT_EQ(hit.level, AlertLevel::Fatal);
    EXPECT_EQ(hit.peer, "");
    EXPECT_EQ(hit.host, "");
    EXPECT_EQ(hit.timestamp, "");
    EXPECT_FALSE(hit.error_state.has_value());
    EXPECT_EQ(hit.match, "The following fatal alert was received: 47");
}

TEST_F(MatcherTest, Win7Sent36888WithErrorState) {
    const auto hits = scan(k36888Win7);  // no trailing newline
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].pattern_id, "schannel.36888.legacy");
    EXPECT_EQ(hits[0].event_id, 36888);
    EXPECT_EQ(hits[0].direction, Direction::Sent);
    EXPECT_EQ(hits[0].code, 20);
    EXPECT_EQ(hits[0].level, AlertLevel::Fatal);
    EXPECT_EQ(hits[0].error_state, 960);
    EXPECT_EQ(hits[0].match,
              "The following fatal alert was generated: 20. The internal error state is 960");
}

TEST_F(MatcherTest, Win7Sent36888AsQuotedWithoutFinalPeriod) {
    // As quoted in the TechNet post on 36888 (section 1.1).
    const auto hits = scan(
        "Error Event ID 36888: \"The following fatal alert was generated: 20. The internal error "
        "state is 960\"\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].direction, Direction::Sent);
    EXPECT_EQ(hits[0].code, 20);
    EXPECT_EQ(hits[0].error_state, 960);
}

TEST_F(MatcherTest, Win8Received36887) {
    const auto hits = scan(std::string(k36887Win8) + "\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].pattern_id, "schannel.36887");
    EXPECT_EQ(hits[0].event_id, 36887);
    EXPECT_EQ(hits[0].direction, Direction::Received);
    EXPECT_EQ(hits[0].code, 46);
    EXPECT_EQ(hits[0].level, AlertLevel::Fatal);
    EXPECT_FALSE(hits[0].error_state.has_value());
}

TEST_F(MatcherTest, Win8Sent36888WithErrorState) {
    const auto hits = scan(std::string(k36888Win8) + "\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].pattern_id, "schannel.36888");
    EXPECT_EQ(hits[0].event_id, 36888);
    EXPECT_EQ(hits[0].direction, Direction::Sent);
    EXPECT_EQ(hits[0].code, 40);
    EXPECT_EQ(hits[0].error_state, 1205);
}

TEST_F(MatcherTest, Win10v1511Sent36888WithTargetName) {
    const std::string text = std::string(k36888Win8) + "\r\n\r\n   Target name: web01\r\n";
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].direction, Direction::Sent);
    EXPECT_EQ(hits[0].code, 40);
    EXPECT_EQ(hits[0].error_state, 1205);
    EXPECT_EQ(hits[0].line, 1u);
}

// Windows 10 1607+ says "fatal alert code is N" in 36888 too: still sent.
TEST_F(MatcherTest, Win10v1607Sent36888IsSentDespiteAlertCodeWording) {
    const std::string text =
        std::string(k36888Win10) +
        "\r\n\r\n   Target name: \r\n\r\nThe TLS alert registry can be found at "
        "http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6\r\n";
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].pattern_id, "schannel.36888");
    EXPECT_EQ(hits[0].event_id, 36888);
    EXPECT_EQ(hits[0].direction, Direction::Sent);
    EXPECT_EQ(hits[0].code, 40);
    EXPECT_FALSE(hits[0].error_state.has_value());
    EXPECT_EQ(hits[0].line, 1u);
    EXPECT_EQ(hits[0].offset, 0u);
}

TEST_F(MatcherTest, NewestBuildsCallerSuffixDoesNotMatter) {
    const auto hits =
        scan(std::string(k36887Win8) + " The SSPI client process is lsass (PID: 812).\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].direction, Direction::Received);
    EXPECT_EQ(hits[0].code, 46);
}

TEST_F(MatcherTest, EveryWordingDirectionAndCode) {
    struct Case {
        std::string_view text;
        Direction direction;
        int code;
        int event;
        std::optional<std::int64_t> state;
    };
    const Case cases[] = {
        {k36887Win7, Direction::Received, 47, 36887, std::nullopt},
        {k36888Win7, Direction::Sent, 20, 36888, 960},
        {k36887Win8, Direction::Received, 46, 36887, std::nullopt},
        {k36888Win8, Direction::Sent, 40, 36888, 1205},
        {k36888Win10, Direction::Sent, 40, 36888, std::nullopt},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        const auto hits = scan(c.text);
        ASSERT_EQ(hits.size(), 1u);
        EXPECT_EQ(hits[0].direction, c.direction);
        EXPECT_EQ(hits[0].code, c.code);
        EXPECT_EQ(hits[0].event_id, c.event);
        EXPECT_EQ(hits[0].error_state, c.state);
        EXPECT_EQ(hits[0].source, "schannel");
    }
}

// ---------------------------------------------------------------------------
// GSKit
// ---------------------------------------------------------------------------

TEST_F(MatcherTest, GskitReceivedWithPeer) {
    const auto hits = scan("ERROR read_v3_alert(): SSL V3 alert 46 received from 10.1.2.3\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].source, "gskit");
    EXPECT_EQ(hits[0].pattern_id, "gskit.v3-alert");
    EXPECT_FALSE(hits[0].event_id.has_value());
    EXPECT_EQ(hits[0].direction, Direction::Received);
    EXPECT_EQ(hits[0].code, 46);
    EXPECT_EQ(hits[0].level, AlertLevel::Unknown);
    EXPECT_EQ(hits[0].peer, "10.1.2.3");
    EXPECT_EQ(hits[0].offset, std::string_view("ERROR read_v3_alert(): ").size());
    EXPECT_EQ(hits[0].match, "SSL V3 alert 46 received from 10.1.2.3");
}

TEST_F(MatcherTest, GskitSentPeerWithoutTrailingDot) {
    const auto hits = scan("SSL V3 alert 40 sent to 10.1.2.4.\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].direction, Direction::Sent);
    EXPECT_EQ(hits[0].code, 40);
    EXPECT_EQ(hits[0].peer, "10.1.2.4");
}

TEST_F(MatcherTest, GskitPeerVariants) {
    struct Case {
        std::string_view text;
        std::string_view peer;
    };
    const Case cases[] = {
        {"SSL V3 alert 46 received from host.example.com, closing", "host.example.com"},
        {"SSL V3 alert 46 received from 10.0.0.1;", "10.0.0.1"},
        {"SSL V3 alert 46 received from [2001:db8::1]:443.", "[2001:db8::1]:443"},
        {"SSL V3 alert 46 received", ""},
        {"SSL V3 alert 46 received\r", ""},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        const auto hits = scan(c.text);
        ASSERT_EQ(hits.size(), 1u);
        EXPECT_EQ(hits[0].direction, Direction::Received);
        EXPECT_EQ(hits[0].peer, c.peer);
    }
}

// ---------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------

TEST_F(MatcherTest, CrlfLineEndings) {
    const std::string text = "first line\r\n" + std::string(k36887Win7) + "\r\n" +
                             "SSL V3 alert 40 sent to 10.1.2.4\r\n" + std::string(k36888Win7) +
                             "\r\n";
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 3u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].line, 2u);
    EXPECT_EQ(hits[0].offset, text.find("The following fatal alert was received"));
    EXPECT_EQ(hits[0].code, 47);
    EXPECT_EQ(hits[1].line, 3u);
    EXPECT_EQ(hits[1].offset, text.find("SSL V3"));
    EXPECT_EQ(hits[1].peer, "10.1.2.4");  // no '\r'
    EXPECT_EQ(hits[2].line, 4u);
    EXPECT_EQ(hits[2].error_state, 960);
    for (const Hit& hit : hits) {
        EXPECT_EQ(hit.match.find('\r'), std::string::npos);
        EXPECT_EQ(hit.match.find("\xEF\xBF\xBD"), std::string::npos);  // no replaced control char
    }
}

TEST_F(MatcherTest, LineNumbersAndOffsetsAcrossLines) {
    const std::string text =
        "noise 1\n"  // 1
        "\n"         // 2
        "x " +
        std::string(k36887Win8) + "\n" +  // 3
        "noise fatal alert code is 46\n"  // 4
        "\n"                              // 5
        "\n"                              // 6
        "   " +
        std::string(k36888Win10) + "\n" +        // 7
        "SSL V3 alert 48 received from peer9\n"  // 8
        "last " +
        std::string(k36888Win7);  // 9, no newline
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 4u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].line, 3u);
    EXPECT_EQ(hits[0].offset, text.find("A fatal alert was received"));
    EXPECT_EQ(hits[1].line, 7u);
    EXPECT_EQ(hits[1].offset, text.find("A fatal alert was generated"));
    EXPECT_EQ(hits[2].line, 8u);
    EXPECT_EQ(hits[2].offset, text.find("SSL V3"));
    EXPECT_EQ(hits[3].line, 9u);
    EXPECT_EQ(hits[3].offset, text.find("The following fatal alert was generated"));
    EXPECT_EQ(text.substr(hits[3].offset, hits[3].match.size()), hits[3].match);
}

TEST_F(MatcherTest, ChunkOffsetAndFirstLineAreAdded) {
    const std::string text = "a\nb\n" + std::string(k36887Win7) + "\n";
    const auto hits = scan_text(matcher_, text, 1'000'000, 41);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].line, 43u);
    EXPECT_EQ(hits[0].offset, 1'000'000u + 4u);
}

TEST_F(MatcherTest, TwoHitsOnOneLine) {
    const std::string text = "SSL V3 alert 46 received from a.example; SSL V3 alert 40 sent to b\n";
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].code, 46);
    EXPECT_EQ(hits[0].direction, Direction::Received);
    EXPECT_EQ(hits[0].peer, "a.example");
    EXPECT_EQ(hits[0].offset, 0u);
    EXPECT_EQ(hits[1].code, 40);
    EXPECT_EQ(hits[1].direction, Direction::Sent);
    EXPECT_EQ(hits[1].peer, "b");
    EXPECT_EQ(hits[1].offset, text.rfind("SSL V3"));
    EXPECT_EQ(hits[0].line, 1u);
    EXPECT_EQ(hits[1].line, 1u);
}

// Hits of different patterns on one line come in text order, not pattern order.
TEST_F(MatcherTest, TwoPatternsOnOneLineInTextOrder) {
    const std::string text = std::string(k36888Win7) + " | SSL V3 alert 42 received from p | " +
                             std::string(k36887Win7) + "\n";
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 3u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].pattern_id, "schannel.36888.legacy");
    EXPECT_EQ(hits[1].pattern_id, "gskit.v3-alert");
    EXPECT_EQ(hits[2].pattern_id, "schannel.36887.legacy");
    EXPECT_LT(hits[0].offset, hits[1].offset);
    EXPECT_LT(hits[1].offset, hits[2].offset);
}

TEST_F(MatcherTest, ReportLimitLeavesLaterMatchesToTheNextPiece) {
    const std::string text = std::string(k36887Win7) + " " + std::string(k36888Win7) + "\n" +
                             std::string(k36887Win8) + "\n";
    const std::size_t second = text.find("The following fatal alert was generated");
    // A limit inside the first match: the match starts before it and is reported whole.
    auto hits = scan_chunk(matcher_, Chunk{text, 0, 1, 5, true});
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 47);
    EXPECT_EQ(hits[0].match, "The following fatal alert was received: 47");
    // A limit exactly at the start of the second match excludes it.
    hits = scan_chunk(matcher_, Chunk{text, 0, 1, second, true});
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 47);
    hits = scan_chunk(matcher_, Chunk{text, 0, 1, second + 1, true});
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[1].code, 20);
}

// ---------------------------------------------------------------------------
// Noise and values that are not alerts
// ---------------------------------------------------------------------------

TEST_F(MatcherTest, NoiseDoesNotMatch) {
    const std::string_view noise[] = {
        "SERVICE ALERT: web01;HTTPS;CRITICAL;alert 46 received from check_http",
        "disk alert 90 received",
        "The following alert was received: 47",
        "The following alert was received: 47.",
        "fatal alert code is 46",
        "The TLS protocol defined fatal alert code is 46.",
        "The TLS protocol defined fatal error code is 40. The Windows SChannel error state is "
        "1205.",
        "the following fatal alert was received: 47.",
        "The following fatal alert was received: x47.",
        "The following fatal alert was received: 1234.",
        "A fatal alert was received",
        "SSL V3 alert",
        "SSL V3 alert 46 ignored",
        "SSL V2 alert 46 received from 10.0.0.1",
        "",
    };
    std::string all;
    for (std::string_view line : noise) {
        SCOPED_TRACE(line);
        EXPECT_TRUE(scan(line).empty()) << ::testing::PrintToString(describe_all(scan(line)));
        all.append(line);
        all.append("\r\n");
    }
    EXPECT_TRUE(scan(all).empty());
}

TEST_F(MatcherTest, ValueAbove255IsNoHit) {
    EXPECT_TRUE(scan("The following fatal alert was received: 414.\n").empty());
    EXPECT_TRUE(scan("The following fatal alert was received: 256.\n").empty());
    EXPECT_TRUE(scan("SSL V3 alert 999 received from x\n").empty());
    const auto hits = scan("The following fatal alert was received: 255.\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 255);
    const auto zero = scan("SSL V3 alert 0 sent to x\n");
    ASSERT_EQ(zero.size(), 1u);
    EXPECT_EQ(zero[0].code, 0);
}

TEST_F(MatcherTest, ValueAbove255DoesNotHideTheRestOfTheLine) {
    const auto hits =
        scan("The following fatal alert was received: 414. SSL V3 alert 46 received from x\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 46);
    EXPECT_EQ(hits[0].pattern_id, "gskit.v3-alert");
}

// ---------------------------------------------------------------------------
// Line context
// ---------------------------------------------------------------------------

TEST_F(MatcherTest, SyslogPrefixGivesTimestampAndHost) {
    const std::string line =
        "<11>Mar  2 09:14:02 HOST01 Schannel: " + std::string(k36887Win7) + "\n";
    const auto hits = scan(line);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].timestamp, "--03-02T09:14:02");
    EXPECT_EQ(hits[0].host, "HOST01");
    EXPECT_EQ(hits[0].code, 47);
    EXPECT_EQ(hits[0].offset, line.find("The following"));
}

TEST_F(MatcherTest, IsoPrefixGivesTimestamp) {
    const auto hits = scan("2024-03-02 09:14:02,123 [gsk] SSL V3 alert 46 received from h\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].timestamp, "2024-03-02T09:14:02.123");
    EXPECT_EQ(hits[0].host, "");
}

TEST_F(MatcherTest, ContextIsPerLine) {
    const std::string text = "<11>Mar  2 09:14:02 HOST01 Schannel: x\n" + std::string(k36887Win7) +
                             "\n<13>Apr 10 23:59:59 HOST02 Schannel: " + std::string(k36888Win8) +
                             "\n";
    const auto hits = scan(text);
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].timestamp, "");
    EXPECT_EQ(hits[0].host, "");
    EXPECT_EQ(hits[1].timestamp, "--04-10T23:59:59");
    EXPECT_EQ(hits[1].host, "HOST02");
}

// A chunk that starts mid-line (after a cut) has no line start for its first
// line: no context from that piece of line, context for the following lines.
TEST_F(MatcherTest, NoContextForALineCutBeforeTheChunk) {
    const std::string text = "<11>Mar  2 09:14:02 HOST01 Schannel: " + std::string(k36887Win7) +
                             "\n<11>Mar  3 10:00:00 HOST03 Schannel: " + std::string(k36887Win7) +
                             "\n";
    const auto hits = scan_chunk(matcher_, Chunk{text, 500, 7, text.size(), false});
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].timestamp, "");
    EXPECT_EQ(hits[0].host, "");
    EXPECT_EQ(hits[0].line, 7u);
    EXPECT_EQ(hits[1].timestamp, "--03-03T10:00:00");
    EXPECT_EQ(hits[1].host, "HOST03");
    EXPECT_EQ(hits[1].line, 8u);
    EXPECT_EQ(hits[1].offset, 500 + text.rfind("The following"));
}

// ---------------------------------------------------------------------------
// Custom patterns
// ---------------------------------------------------------------------------

TEST(MatcherCustomTest, HexBase) {
    const auto patterns = parse_patterns(
        "[custom.hex]\nsource = custom\ndirection = received\nbase = 16\nliteral = TLSALERT\n"
        "regex = TLSALERT (?P<code>(?:0[xX])?[0-9A-Fa-f]{1,4})\\b\n",
        "custom.ini");
    Matcher matcher(patterns);
    const auto hits =
        scan_text(matcher,
                  "TLSALERT 0x2E\nTLSALERT 2e\nTLSALERT ff\nTLSALERT 28\nTLSALERT 0x100\n"
                  "TLSALERT 0X0a\n");
    ASSERT_EQ(hits.size(), 5u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].code, 46);
    EXPECT_EQ(hits[1].code, 46);
    EXPECT_EQ(hits[2].code, 255);
    EXPECT_EQ(hits[3].code, 40);  // hex 28, not decimal 28
    EXPECT_EQ(hits[4].code, 10);
    EXPECT_EQ(hits[4].line, 6u);  // 0x100 = 256 on line 5 is no alert
    for (const Hit& hit : hits) {
        EXPECT_EQ(hit.source, "custom");
        EXPECT_EQ(hit.pattern_id, "custom.hex");
        EXPECT_EQ(hit.direction, Direction::Received);
    }
}

TEST(MatcherCustomTest, CaptureDirectionIsCaseInsensitive) {
    const auto patterns = parse_patterns(
        "[custom.dir]\nsource = custom\ndirection = capture\nreceived_if = Incoming\n"
        "sent_if = OUTGOING\nliteral = tls-alert\nregex = tls-alert (?P<code>\\d+) (?P<dir>\\w+)\n",
        "custom.ini");
    Matcher matcher(patterns);
    const auto hits = scan_text(matcher,
                                "tls-alert 40 incoming\ntls-alert 41 INCOMING\n"
                                "tls-alert 42 outgoing\ntls-alert 43 OutGoing\n"
                                "tls-alert 44 sideways\ntls-alert 45 incomingx\n");
    ASSERT_EQ(hits.size(), 6u);
    EXPECT_EQ(hits[0].direction, Direction::Received);
    EXPECT_EQ(hits[1].direction, Direction::Received);
    EXPECT_EQ(hits[2].direction, Direction::Sent);
    EXPECT_EQ(hits[3].direction, Direction::Sent);
    EXPECT_EQ(hits[4].direction, Direction::Unknown);
    EXPECT_EQ(hits[5].direction, Direction::Unknown);  // whole word only
    for (int i = 0; i < 6; ++i) EXPECT_EQ(hits[i].code, 40 + i);
}

TEST(MatcherCustomTest, OptionalDirGroupNotTakenIsUnknown) {
    const auto patterns = parse_patterns(
        "[custom.dir]\nsource = custom\ndirection = capture\nreceived_if = in\nsent_if = out\n"
        "literal = ALRT\nregex = ALRT (?P<code>\\d+)(?: (?P<dir>in|out))?\n",
        "custom.ini");
    Matcher matcher(patterns);
    const auto hits = scan_text(matcher, "ALRT 40\nALRT 41 out\n");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].direction, Direction::Unknown);
    EXPECT_EQ(hits[1].direction, Direction::Sent);
}

// A code group wider than three digits must not wrap into 0..255.
TEST(MatcherCustomTest, HugeValueIsNoHit) {
    const auto patterns = parse_patterns(
        "[custom.big]\nsource = custom\ndirection = sent\nliteral = big\n"
        "regex = big (?P<code>\\d+)\n",
        "custom.ini");
    Matcher matcher(patterns);
    const auto hits =
        scan_text(matcher, "big 4294967342\nbig 99999999999999999999999\nbig 4294967296\nbig 46\n");
    ASSERT_EQ(hits.size(), 1u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].code, 46);
    EXPECT_EQ(hits[0].line, 4u);
}

TEST(MatcherCustomTest, HostGroupOverridesLineContext) {
    const auto patterns = parse_patterns(
        "[custom.host]\nsource = custom\ndirection = unknown\nlevel = warning\nevent = 7\n"
        "literal = alert=\nregex = on=(?P<host>\\S+) alert=(?P<code>\\d+)(?: "
        "peer=(?P<peer>\\S+))?\n",
        "custom.ini");
    Matcher matcher(patterns);
    const auto hits = scan_text(matcher,
                                "<11>Mar  2 09:14:02 RELAY Schannel: on=REAL01 alert=42 peer=p1\n"
                                "<11>Mar  2 09:14:03 RELAY app: alert=43 without host\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].host, "REAL01");
    EXPECT_EQ(hits[0].timestamp, "--03-02T09:14:02");
    EXPECT_EQ(hits[0].peer, "p1");
    EXPECT_EQ(hits[0].code, 42);
    EXPECT_EQ(hits[0].level, AlertLevel::Warning);
    EXPECT_EQ(hits[0].event_id, 7);
    EXPECT_EQ(hits[0].direction, Direction::Unknown);
}

TEST(MatcherCustomTest, AnyLiteralOfAPatternSelectsTheLine) {
    const auto patterns = parse_patterns(
        "[custom.two]\nsource = custom\ndirection = sent\nliteral = ALPHA\nliteral = BETA\n"
        "regex = (?:ALPHA|BETA) (?P<code>\\d+)\n",
        "custom.ini");
    Matcher matcher(patterns);
    const auto hits = scan_text(matcher, "ALPHA 1\nBETA 2\nGAMMA 3\nBETA 4 ALPHA 5\n");
    ASSERT_EQ(hits.size(), 4u);
    EXPECT_EQ(hits[0].code, 1);
    EXPECT_EQ(hits[1].code, 2);
    EXPECT_EQ(hits[2].code, 4);
    EXPECT_EQ(hits[3].code, 5);
    EXPECT_EQ(hits[3].line, 4u);
}

TEST(MatcherCustomTest, OneProbePerPatternWithItsLiteralsOrPrefilter) {
    std::vector<PatternDef> defs(3);
    defs[0].literals = {"b", "a"};
    defs[1].literals = {"a", "c"};
    defs[1].prefilter = "a+c";
    defs[2].literals = {"b", "d", "c"};
    const std::vector<Probe> probes = prefilter_probes(defs);
    ASSERT_EQ(probes.size(), 3u);
    EXPECT_EQ(probes[0].literals, (std::vector<std::string>{"b", "a"}));
    EXPECT_EQ(probes[0].regex, "");
    EXPECT_EQ(probes[1].regex, "a+c");
    EXPECT_EQ(probes[2].literals, (std::vector<std::string>{"b", "d", "c"}));
}

// ---------------------------------------------------------------------------
// Exhaustive cross-check against plain RE2 over every line
// ---------------------------------------------------------------------------

struct ReferenceHit {
    std::uint64_t line;
    std::uint64_t offset;
    std::size_t length;
    const PatternDef* def;
    std::string code_text, dir, peer, state;
};

// Every builtin pattern's RE2 over every line, no prefilter, then the
// matcher's documented rules: one hit per stretch of text (earlier start,
// then earlier pattern wins), values outside 0..255 dropped.
std::vector<std::string> reference_hits(const std::vector<PatternDef>& patterns,
                                        std::string_view text, const std::string& file) {
    struct Compiled {
        const PatternDef* def;
        std::unique_ptr<RE2> re;  // the pattern wrapped in a group: group 1 is the whole match
    };
    std::vector<Compiled> compiled;
    for (const PatternDef& def : patterns) {
        compiled.push_back({&def, std::make_unique<RE2>("(" + def.regex + ")")});
        EXPECT_TRUE(compiled.back().re->ok()) << def.id;
    }
    std::vector<std::string> out;
    std::uint64_t line_number = 0;
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        ++line_number;
        std::size_t eol = text.find('\n', line_start);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(line_start, eol - line_start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

        std::vector<ReferenceHit> found;
        for (const Compiled& c : compiled) {
            const int n = c.re->NumberOfCapturingGroups();
            std::vector<re2::StringPiece> groups(n);
            std::vector<RE2::Arg> args(n);
            std::vector<const RE2::Arg*> arg_pointers(n);
            for (int i = 0; i < n; ++i) {
                args[i] = &groups[i];
                arg_pointers[i] = &args[i];
            }
            auto named = [&](const char* name) -> std::string {
                auto it = c.re->NamedCapturingGroups().find(name);
                if (it == c.re->NamedCapturingGroups().end()) return {};
                const re2::StringPiece& g = groups[it->second - 1];
                return g.data() ? std::string(g.data(), g.size()) : std::string();
            };
            re2::StringPiece input(line.data(), line.size());
            while (RE2::FindAndConsumeN(&input, *c.re, arg_pointers.data(), n)) {
                const re2::StringPiece whole = groups[0];
                if (whole.empty()) break;  // no builtin matches empty text
                found.push_back({line_number,
                                 line_start + static_cast<std::size_t>(whole.data() - line.data()),
                                 whole.size(), c.def, named("code"), named("dir"), named("peer"),
                                 named("state")});
            }
        }
        std::stable_sort(
            found.begin(), found.end(),
            [](const ReferenceHit& a, const ReferenceHit& b) { return a.offset < b.offset; });
        std::size_t covered_until = 0;
        for (const ReferenceHit& h : found) {
            if (h.offset < covered_until) continue;
            covered_until = h.offset + h.length;
            const long code = std::strtol(h.code_text.c_str(), nullptr, h.def->base);
            if (h.code_text.empty() || code > 255) continue;
            Hit hit;
            hit.file = file;
            hit.line = h.line;
            hit.offset = h.offset;
            hit.source = h.def->source;
            hit.pattern_id = h.def->id;
            hit.event_id = h.def->event_id;
            hit.direction = h.def->direction;
            if (h.def->direction_from_capture) {
                auto lower = [](std::string s) {
                    for (char& ch : s)
                        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                    return s;
                };
                hit.direction = lower(h.dir) == lower(h.def->received_if) ? Direction::Received
                                : lower(h.dir) == lower(h.def->sent_if)   ? Direction::Sent
                                                                          : Direction::Unknown;
            }
            hit.code = static_cast<int>(code);
            hit.level = h.def->level;
            hit.peer = h.peer;
            if (!h.state.empty()) hit.error_state = std::stoll(h.state);
            hit.match = std::string(text.substr(h.offset, h.length));
            out.push_back(describe(hit));
        }
        line_start = eol + 1;
    }
    return out;
}

// Random log text: every wording above with random values, prefixes and
// separators, mixed with noise and near misses.
std::string random_log(std::mt19937& rng, int line_count) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    auto code = [&]() {
        switch (pick(4)) {
            case 0:
                return std::to_string(pick(1000));  // sometimes > 255
            case 1:
                return std::to_string(pick(10));
            default:
                return std::to_string(pick(256));
        }
    };
    auto peer = [&]() {
        switch (pick(4)) {
            case 0:
                return std::string("10.") + std::to_string(pick(256)) + ".0." +
                       std::to_string(pick(256));
            case 1:
                return std::string("host") + std::to_string(pick(50)) + ".example.com";
            case 2:
                return std::string("h") + std::to_string(pick(9)) + ".";
            default:
                return std::string("peer-") + std::to_string(pick(5));
        }
    };
    auto fragment = [&]() -> std::string {
        switch (pick(16)) {
            case 0:
                return "The following fatal alert was received: " + code() + ".";
            case 1:
                return "The following fatal alert was generated: " + code() +
                       ". The internal error state is " + std::to_string(pick(2000)) + ".";
            case 2:
                return "The following fatal alert was generated: " + code() + ".";
            case 3:
                return "A fatal alert was received from the remote endpoint. The TLS protocol "
                       "defined fatal alert code is " +
                       code() + ".";
            case 4:
                return "A fatal alert was generated and sent to the remote endpoint. This may "
                       "result in termination of the connection. The TLS protocol defined fatal "
                       "error code is " +
                       code() + ". The Windows SChannel error state is " +
                       std::to_string(pick(2000)) + ".";
            case 5:
                return "A fatal alert was generated and sent to the remote endpoint. This may "
                       "result in termination of the connection. The TLS protocol defined fatal "
                       "alert code is " +
                       code() + ".";
            case 6:
                return "SSL V3 alert " + code() + " received from " + peer();
            case 7:
                return "SSL V3 alert " + code() + " sent to " + peer();
            case 8:
                return "SSL V3 alert " + code() + (pick(2) ? " received" : " sent");
            case 9:
                return "SERVICE ALERT: web01;HTTPS;CRITICAL;alert " + code() +
                       " received from check_http";
            case 10:
                return "disk alert " + code() + " received";
            case 11:
                return "The following alert was received: " + code();
            case 12:
                return "fatal alert code is " + code();
            case 13:
                return pick(2) ? "fatal alert was received" : "SSL V3 alert x sent";
            case 14:
                return "The following fatal alert was received: " + code() +
                       std::to_string(pick(10));
            default:
                return "noise " + std::to_string(pick(100000));
        }
    };
    auto prefix = [&]() -> std::string {
        switch (pick(5)) {
            case 0:
                return "<11>Mar  " + std::to_string(1 + pick(9)) + " 09:14:0" +
                       std::to_string(pick(10)) + " HOST0" + std::to_string(pick(4)) +
                       " Schannel: ";
            case 1:
                return "2024-03-0" + std::to_string(1 + pick(9)) + " 12:00:00,5 ";
            case 2:
                return "   ";
            default:
                return "";
        }
    };
    const std::string_view separators[] = {" ", "; ", " | ", "\t", ""};
    std::string text;
    for (int i = 0; i < line_count; ++i) {
        std::string line = prefix();
        const int fragments = pick(4);
        for (int f = 0; f < fragments; ++f) {
            if (f > 0) line += separators[pick(5)];
            line += fragment();
        }
        text += line;
        text += pick(3) == 0 ? "\r\n" : "\n";
    }
    return text;
}

TEST_F(MatcherTest, ExhaustiveCrossCheckAgainstPlainRe2) {
    std::mt19937 rng(20240302);
    std::size_t total_hits = 0;
    for (int round = 0; round < 4; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const std::string text = random_log(rng, 300);
        const std::vector<std::string> expected = reference_hits(patterns_, text, "test.log");
        const std::vector<std::string> actual = describe_all(scan(text));
        EXPECT_EQ(actual, expected);
        total_hits += expected.size();

        // The same text cut into chunks at line boundaries gives the same hits.
        CollectingSink sink;
        std::size_t begin = 0;
        std::uint64_t line = 1;
        while (begin < text.size()) {
            std::size_t end = std::min(text.size(), begin + 1 + rng() % 4000);
            end = text.find('\n', end - 1);
            end = end == std::string::npos ? text.size() : end + 1;
            std::string_view piece = std::string_view(text).substr(begin, end - begin);
            matcher_.scan(Chunk{piece, begin, line, piece.size(), true}, "test.log", sink);
            line += static_cast<std::uint64_t>(std::count(piece.begin(), piece.end(), '\n'));
            begin = end;
        }
        EXPECT_EQ(describe_all(sink.hits), expected);
    }
    // The generator must actually exercise the matcher.
    EXPECT_GT(total_hits, 300u);
}

// The builtin gsktrace exit-status patterns over random trace lines (zero
// and non-zero statuses, every count of leading zeros, hex and decimal that
// disagree, near misses): the matcher, with its Vectorscan prefilter, must
// report exactly what plain RE2 finds on every line, less the statuses the
// matcher's rules drop (zero, or hex and decimal that disagree).
TEST_F(MatcherTest, ExitStatusCrossCheckAgainstPlainRe2) {
    std::vector<const PatternDef*> exit_patterns;
    std::vector<std::unique_ptr<RE2>> regexes;
    for (const PatternDef& def : patterns_) {
        if (def.id.rfind("gskit.exit-status.", 0) != 0) continue;
        exit_patterns.push_back(&def);
        regexes.push_back(std::make_unique<RE2>(def.regex));
    }
    ASSERT_EQ(exit_patterns.size(), 2u);
    const std::string_view functions[] = {"gsk_secure_socket_init", "gsk_secure_soc_read",
                                          "gsk_read_v3_record", "gsk_get_cipher_info",
                                          "gsk_secure_socket_close"};
    std::mt19937 rng(414);
    auto pick = [&](unsigned n) { return rng() % n; };
    std::string text;
    std::vector<std::string> expected;
    std::uint64_t offset = 0;
    for (int line_number = 1; line_number <= 3000; ++line_number) {
        const std::uint32_t value =
            pick(3) == 0 ? 0 : static_cast<std::uint32_t>(rng() >> pick(32));
        char hex[16];
        std::snprintf(hex, sizeof hex, pick(2) ? "%08x" : "%08X", value);
        std::uint32_t printed = value;
        if (pick(10) == 0) printed = value + 1;  // hex and decimal disagree
        std::string status =
            std::string("Exit status 0x") + hex + " (" + std::to_string(printed) + ")";
        if (pick(20) == 0)
            status = "Exit status 0x" + std::string(hex).substr(1) + " (5)";  // 7 digits
        const std::string line = "Thd-" + std::to_string(pick(64)) + " EXIT " +
                                 std::string(functions[pick(5)]) + "(): <--- " + status +
                                 (pick(4) == 0 ? " trailing" : "");
        for (std::size_t i = 0; i < exit_patterns.size(); ++i) {
            const RE2& re = *regexes[i];
            const int hex_index = re.NamedCapturingGroups().at("hex");
            const int code_index = re.NamedCapturingGroups().at("code");
            std::vector<re2::StringPiece> groups(re.NumberOfCapturingGroups() + 1);
            if (!re.Match(line, 0, line.size(), RE2::UNANCHORED, groups.data(),
                          static_cast<int>(groups.size()))) {
                continue;
            }
            const long long code = std::stoll(std::string(groups[code_index]));
            const long long from_hex = std::stoll(std::string(groups[hex_index]), nullptr, 16);
            if (code == 0 || code != from_hex) continue;
            expected.push_back(std::to_string(line_number) + "@" +
                               std::to_string(offset + (groups[0].data() - line.data())) + " " +
                               exit_patterns[i]->id + " " + std::to_string(code));
        }
        text += line + (pick(3) == 0 ? "\r\n" : "\n");
        offset = text.size();
    }
    std::vector<std::string> actual;
    for (const Hit& hit : scan(text)) {
        actual.push_back(std::to_string(hit.line) + "@" + std::to_string(hit.offset) + " " +
                         hit.pattern_id + " " + std::to_string(hit.code));
    }
    EXPECT_EQ(actual, expected);
    EXPECT_GT(expected.size(), 500u);  // the generator exercises the patterns
}

// ---------------------------------------------------------------------------
// GSKit return codes and multi-line records (custom patterns)
// ---------------------------------------------------------------------------

// An MQ-like record: the return code, the GSKVAL code and the channel are on
// the lines around the literal.
constexpr std::string_view kMqPatterns = R"ini(
[t.mq]
source       = mq
direction    = unknown
kind         = gskit_rc
lines_before = 2
lines_after  = 3
literal      = ArithInsert1(
regex        = RemoteHost\((?P<peer>[^)\s]*)\)\s+ArithInsert1\((?P<code>\d+)\)\s+ArithInsert2\((?P<val>\d+)\)\s+CommentInsert1\((?P<channel>[^)\s]*)\)[^\n]*\s+AMQ9633E
)ini";

std::string mq_record(std::string_view peer = "10.1.2.3", int code = 414, int val = 575010,
                      std::string_view channel = "CH.ONE", std::string_view eol = "\n",
                      bool literal_twice = false) {
    std::string record;
    record += "RemoteHost(" + std::string(peer) + ")" + std::string(eol);
    record += "   ArithInsert1(" + std::to_string(code) + ") ArithInsert2(" + std::to_string(val) +
              ")" + std::string(eol);
    record += "   CommentInsert1(" + std::string(channel) + ")";
    if (literal_twice) record += " ArithInsert1(" + std::to_string(code) + ")";
    record += std::string(eol);
    record += "AMQ9633E: Bad SSL certificate for channel '" + std::string(channel) + "'." +
              std::string(eol);
    return record;
}

class MatcherRecordTest : public ::testing::Test {
  protected:
    std::vector<PatternDef> patterns_ = parse_patterns(kMqPatterns, "t.ini");
    Matcher matcher_{patterns_};
};

TEST_F(MatcherRecordTest, PatternNeedsContext) {
    ASSERT_EQ(patterns_.size(), 1u);
    EXPECT_EQ(patterns_[0].kind, HitKind::GskitReturnCode);
    EXPECT_EQ(patterns_[0].gsk_table, "distributed");
    EXPECT_EQ(patterns_[0].lines_before, 2);
    EXPECT_EQ(patterns_[0].lines_after, 3);
    EXPECT_GT(matcher_.context_bytes(), 0u);
    // Single-line patterns need none.
    const std::vector<PatternDef> builtin = parse_patterns(
        "[t.one]\nsource = t\ndirection = sent\nliteral = rc=\nregex = rc=(?P<code>\\d+)\n",
        "t.ini");
    Matcher single(builtin);
    EXPECT_EQ(single.context_bytes(), 0u);
}

TEST_F(MatcherRecordTest, ThreeLineRecordIsOneHit) {
    const std::string text = "noise line\nanother line\n" + mq_record() + "after\n";
    const auto hits = scan_text(matcher_, text);
    ASSERT_EQ(hits.size(), 1u) << ::testing::PrintToString(describe_all(hits));
    const Hit& hit = hits[0];
    EXPECT_EQ(hit.kind, HitKind::GskitReturnCode);
    EXPECT_EQ(hit.gsk_table, "distributed");
    EXPECT_EQ(hit.code, 414);
    EXPECT_EQ(hit.validation_code, 575010);
    EXPECT_EQ(hit.channel, "CH.ONE");
    EXPECT_EQ(hit.peer, "10.1.2.3");
    EXPECT_EQ(hit.source, "mq");
    EXPECT_EQ(hit.pattern_id, "t.mq");
    EXPECT_EQ(hit.gsk_name, "");
    // Where the match starts: the RemoteHost line, not the literal's line.
    EXPECT_EQ(hit.line, 3u);
    EXPECT_EQ(hit.offset, text.find("RemoteHost"));
    EXPECT_EQ(hit.match.rfind("RemoteHost(10.1.2.3)", 0), 0u) << hit.match;
    EXPECT_TRUE(hit.match.ends_with("AMQ9633E")) << hit.match;

    // The chunk's offset and first line are added.
    const auto moved = scan_text(matcher_, text, 5'000'000, 100);
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].line, 102u);
    EXPECT_EQ(moved[0].offset, 5'000'000u + text.find("RemoteHost"));
}

TEST_F(MatcherRecordTest, RecordAtTheStartAndAtTheEndWithoutNewline) {
    std::string text = mq_record("a.example", 6003, 575001, "CH.A");
    text += mq_record("b.example", 8, 575002, "CH.B");
    text.pop_back();  // no final newline
    const auto hits = scan_text(matcher_, text);
    ASSERT_EQ(hits.size(), 2u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].offset, 0u);
    EXPECT_EQ(hits[0].line, 1u);
    EXPECT_EQ(hits[0].code, 6003);
    EXPECT_EQ(hits[0].channel, "CH.A");
    EXPECT_EQ(hits[1].offset, text.find("RemoteHost(b.example)"));
    EXPECT_EQ(hits[1].line, 5u);
    EXPECT_EQ(hits[1].code, 8);
    EXPECT_EQ(hits[1].validation_code, 575002);
    EXPECT_EQ(hits[1].peer, "b.example");
}

TEST_F(MatcherRecordTest, CrlfRecord) {
    const std::string text = "x\r\n" + mq_record("10.9.9.9", 414, 575010, "CH.CR", "\r\n");
    const auto hits = scan_text(matcher_, text);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].line, 2u);
    EXPECT_EQ(hits[0].offset, 3u);
    EXPECT_EQ(hits[0].channel, "CH.CR");
    EXPECT_EQ(hits[0].peer, "10.9.9.9");
}

TEST_F(MatcherRecordTest, LiteralOnTwoLinesOfTheWindowIsStillOneHit) {
    const std::string record = mq_record("10.1.2.3", 414, 575010, "CH.ONE", "\n", true);
    // Both literal lines see the whole record.
    ASSERT_NE(record.find("ArithInsert1("), record.rfind("ArithInsert1("));
    const std::string text = "before\n" + record + "after\n";
    const auto hits = scan_text(matcher_, text);
    ASSERT_EQ(hits.size(), 1u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].offset, text.find("RemoteHost"));
    EXPECT_EQ(hits[0].line, 2u);
    EXPECT_EQ(hits[0].code, 414);
    EXPECT_EQ(hits[0].channel, "CH.ONE");
}

TEST_F(MatcherRecordTest, AdjacentRecordsAreEachOneHit) {
    std::string text;
    for (int i = 0; i < 5; ++i) {
        text += mq_record("10.0.0." + std::to_string(i), 401 + i, 575001 + i,
                          "CH." + std::to_string(i), "\n", i % 2 == 1);
    }
    const auto hits = scan_text(matcher_, text);
    ASSERT_EQ(hits.size(), 5u) << ::testing::PrintToString(describe_all(hits));
    std::size_t from = 0;
    for (int i = 0; i < 5; ++i) {
        SCOPED_TRACE(i);
        const std::size_t at = text.find("RemoteHost", from);
        from = at + 1;
        EXPECT_EQ(hits[i].offset, at);
        EXPECT_EQ(hits[i].line, 1u + 4u * static_cast<unsigned>(i));
        EXPECT_EQ(hits[i].code, 401 + i);
        EXPECT_EQ(hits[i].validation_code, 575001 + i);
        EXPECT_EQ(hits[i].channel, "CH." + std::to_string(i));
    }
}

TEST_F(MatcherRecordTest, IncompleteRecordIsNoHit) {
    std::string record = mq_record();
    record.erase(record.find("AMQ9633E"));  // the record's last line is missing
    EXPECT_TRUE(scan_text(matcher_, "x\n" + record + "unrelated\nlines\nfollow\nhere\n").empty());
    // Too many lines between the literal and the end: the window is 3 lines after.
    std::string spread = mq_record();
    spread.insert(spread.find("AMQ9633E"), "\n\n\n");
    EXPECT_TRUE(scan_text(matcher_, spread).empty());
}

TEST_F(MatcherRecordTest, LookBehindBeforeReportFromIsNotReportedAgain) {
    // Two records; the chunk reports only from the second record's first
    // line on (the first is look-behind, reported by the previous chunk).
    const std::string first = mq_record("10.0.0.1", 414, 575010, "CH.1");
    const std::string text = first + mq_record("10.0.0.2", 415, 575011, "CH.2");
    Chunk chunk{text, 1000, 10, text.size(), true, first.size()};
    const auto hits = scan_chunk(matcher_, chunk);
    ASSERT_EQ(hits.size(), 1u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].code, 415);
    EXPECT_EQ(hits[0].offset, 1000u + first.size());
    EXPECT_EQ(hits[0].line, 14u);
}

TEST_F(MatcherRecordTest, RecordStartingInTheLookBehindIsReportedFromItsLiteral) {
    // The chunk reports from the literal's line on: the record's first line
    // is look-behind, yet the record was not reported by the previous chunk
    // (its literal line was there look-ahead only).
    const std::string text = "x\n" + mq_record();
    const std::size_t literal_line = text.find("   ArithInsert1(");
    Chunk chunk{text, 0, 1, text.size(), true, literal_line};
    const auto hits = scan_chunk(matcher_, chunk);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].offset, 2u);
    EXPECT_EQ(hits[0].line, 2u);
}

// The scanner's flow: a ChunkReader with the matcher's context over a long
// input with many records at varying positions, small buffers.
struct ExpectedRecord {
    std::uint64_t offset;
    std::uint64_t line;
    std::uint64_t end;  // offset just past the record
    int code;
    int val;
    std::string peer;
    std::string channel;
};

std::string records_input(std::mt19937& rng, std::size_t min_size,
                          std::vector<ExpectedRecord>& expected) {
    auto pick = [&](unsigned n) { return static_cast<int>(rng() % n); };
    std::string text;
    std::uint64_t line = 1;
    auto append = [&](const std::string& piece) {
        text += piece;
        line += static_cast<std::uint64_t>(std::count(piece.begin(), piece.end(), '\n'));
    };
    while (text.size() < min_size) {
        const int filler_lines = pick(3);
        for (int i = 0; i < filler_lines; ++i) {
            append("filler " + std::to_string(line) + " " +
                   std::string(static_cast<std::size_t>(pick(pick(20) == 0 ? 2000 : 200)), 'f') +
                   "\n");
        }
        ExpectedRecord record{text.size(),
                              line,
                              0,
                              400 + pick(600),
                              575001 + pick(68),
                              "10." + std::to_string(pick(256)) + ".0." + std::to_string(pick(256)),
                              "CH." + std::to_string(pick(100000))};
        append(mq_record(record.peer, record.code, record.val, record.channel,
                         pick(4) == 0 ? "\r\n" : "\n", pick(3) == 0));
        record.end = text.size();
        expected.push_back(record);
    }
    return text;
}

TEST(MatcherRecordScanTest, RecordsAcrossChunkBoundariesAreEachFoundOnce) {
    const std::vector<PatternDef> patterns = parse_patterns(kMqPatterns, "t.ini");
    Matcher matcher(patterns);
    ASSERT_GT(matcher.context_bytes(), 0u);
    std::mt19937 rng(414);
    std::size_t straddling = 0;
    for (int round = 0; round < 4; ++round) {
        std::vector<ExpectedRecord> expected;
        const std::string input = records_input(rng, 3 << 20, expected);
        ASSERT_GT(expected.size(), 1000u);
        for (std::size_t piece : {0u, 4097u, 65536u}) {
            SCOPED_TRACE("round " + std::to_string(round) + ", read pieces of " +
                         std::to_string(piece));
            test_support::StringSource source(input, piece);
            ChunkReader reader(source, 256 * 1024, 16 * 1024, matcher.context_bytes());
            CollectingSink sink;
            Chunk chunk;
            std::vector<std::uint64_t> cuts;  // where one chunk's reported part ends
            while (reader.next(chunk)) {
                matcher.scan(chunk, "mq.log", sink);
                cuts.push_back(chunk.offset + chunk.report_limit);
            }
            ASSERT_GT(cuts.size(), 8u);
            ASSERT_EQ(sink.hits.size(), expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i) {
                const Hit& hit = sink.hits[i];
                const ExpectedRecord& want = expected[i];
                SCOPED_TRACE("record " + std::to_string(i) + " at " + std::to_string(want.offset));
                EXPECT_EQ(hit.offset, want.offset);
                EXPECT_EQ(hit.line, want.line);
                EXPECT_EQ(hit.code, want.code);
                EXPECT_EQ(hit.validation_code, want.val);
                EXPECT_EQ(hit.peer, want.peer);
                EXPECT_EQ(hit.channel, want.channel);
                EXPECT_EQ(hit.file, "mq.log");
                if (::testing::Test::HasFailure()) break;
            }
            for (const ExpectedRecord& record : expected) {
                for (std::uint64_t cut : cuts) {
                    straddling += record.offset < cut && cut < record.end;
                }
            }
        }
    }
    // The test means something only if records were cut by chunk boundaries.
    EXPECT_GT(straddling, 30u);
}

TEST(MatcherRecordScanTest, ChunkAtOffsetZeroStartsANewInput) {
    const std::vector<PatternDef> patterns = parse_patterns(kMqPatterns, "t.ini");
    Matcher matcher(patterns);
    std::mt19937 rng(6003);
    std::vector<ExpectedRecord> expected;
    const std::string input = records_input(rng, 600 * 1024, expected);
    // The same input twice, as two files: every record is found in both.
    for (const char* file : {"first.log", "second.log"}) {
        SCOPED_TRACE(file);
        test_support::StringSource source(input);
        ChunkReader reader(source, 256 * 1024, 16 * 1024, matcher.context_bytes());
        CollectingSink sink;
        Chunk chunk;
        while (reader.next(chunk)) matcher.scan(chunk, file, sink);
        ASSERT_EQ(sink.hits.size(), expected.size());
        EXPECT_EQ(sink.hits.front().offset, expected.front().offset);
        EXPECT_EQ(sink.hits.back().offset, expected.back().offset);
        EXPECT_EQ(sink.hits.back().file, file);
    }
    // A short input after a long one: its records lie before the point the
    // long one was reported up to.
    const std::string small = "x\n" + mq_record();
    const auto hits = scan_text(matcher, small);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].offset, 2u);
}

TEST(MatcherRecordScanTest, MultiLinePatternInAHugeLineIsNotCutShort) {
    // A pattern that reads a line after its literal, over a line far longer
    // than the buffer: a match in a piece's overlap that the piece's end cuts
    // short ("rc=41" of "rc=4140") must be left to the next piece.
    const auto patterns = parse_patterns(
        "[t.rc]\nsource = t\ndirection = sent\nkind = gskit_rc\nlines_after = 1\n"
        "literal = rc=\nregex = rc=(?P<code>\\d+)\n",
        "t.ini");
    Matcher matcher(patterns);
    constexpr std::size_t kBuffer = 256 * 1024, kOverlap = 16 * 1024;
    const std::string head = "first line\n";
    const std::string line(1 << 20, 'x');
    // Where the pieces end and where the next ones start.
    std::vector<std::size_t> cuts;
    {
        test_support::StringSource source(head + line + "\n");
        ChunkReader reader(source, kBuffer, kOverlap, matcher.context_bytes());
        Chunk chunk;
        while (reader.next(chunk)) {
            if (chunk.report_limit < chunk.text.size() && chunk.text.back() != '\n') {
                cuts.push_back(chunk.offset + chunk.text.size());
                cuts.push_back(chunk.offset + chunk.report_limit);
            }
        }
    }
    ASSERT_GE(cuts.size(), 4u);
    const std::string match = "rc=4140";
    for (std::size_t cut : {cuts[0], cuts[1], cuts[cuts.size() - 2]}) {
        for (std::size_t at = cut - match.size() - 1; at <= cut + 1; ++at) {
            SCOPED_TRACE("cut " + std::to_string(cut) + ", match at " + std::to_string(at));
            std::string input = head + line + "\n";
            input.replace(at, match.size() + 1, match + " ");
            test_support::StringSource source(input);
            ChunkReader reader(source, kBuffer, kOverlap, matcher.context_bytes());
            CollectingSink sink;
            Chunk chunk;
            while (reader.next(chunk)) matcher.scan(chunk, "long.log", sink);
            ASSERT_EQ(sink.hits.size(), 1u) << ::testing::PrintToString(describe_all(sink.hits));
            EXPECT_EQ(sink.hits[0].code, 4140);
            EXPECT_EQ(sink.hits[0].offset, at);
            EXPECT_EQ(sink.hits[0].line, 2u);
        }
    }
}

// ---------------------------------------------------------------------------
// GSKit return-code groups: hex, name, lvl; value ranges per kind
// ---------------------------------------------------------------------------

TEST(MatcherGskitTest, HexAndDecimalMustAgree) {
    const auto patterns = parse_patterns(
        "[t.hex]\nsource = gskit\ndirection = unknown\nkind = gskit_rc\nliteral = Exit status\n"
        "regex = Exit status 0x(?P<hex>[0-9A-Fa-f]+) \\((?P<code>\\d+)\\)\n",
        "t.ini");
    Matcher matcher(patterns);
    const std::string text = "gsk_secure_socket_init(): Exit status 0x0000019e (414)\n";
    const auto hits = scan_text(matcher, text);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 414);
    EXPECT_EQ(hits[0].kind, HitKind::GskitReturnCode);
    EXPECT_EQ(hits[0].gsk_table, "distributed");
    EXPECT_EQ(hits[0].offset, text.find("Exit status"));
    EXPECT_EQ(hits[0].match, "Exit status 0x0000019e (414)");
    EXPECT_EQ(scan_text(matcher, "Exit status 0x0000019E (414)\n").size(), 1u);
    // Disagreeing hex and decimal: not what the pattern thinks it is.
    EXPECT_TRUE(scan_text(matcher, "Exit status 0x0000019f (414)\n").empty());
    EXPECT_TRUE(scan_text(matcher, "Exit status 0x0000019e (415)\n").empty());
    // 0 is GSK_OK: success is never a hit.
    EXPECT_TRUE(scan_text(matcher, "Exit status 0x00000000 (0)\n").empty());
    // One of each on successive lines: only the agreeing one.
    const auto mixed = scan_text(matcher,
                                 "Exit status 0x00000000 (0)\nExit status 0x0000019f (414)\n"
                                 "Exit status 0x000001b3 (435)\n");
    ASSERT_EQ(mixed.size(), 1u);
    EXPECT_EQ(mixed[0].code, 435);
    EXPECT_EQ(mixed[0].line, 3u);
}

TEST(MatcherGskitTest, NameOnlyPatternTakesTheNumberFromTheCatalogue) {
    const auto patterns = parse_patterns(
        "[t.name]\nsource = ihs\ndirection = unknown\nkind = gskit_rc\nliteral = SSL0200E\n"
        "regex = SSL0200E: Handshake Failed, (?P<name>GSK_[A-Z_]+)\n",
        "t.ini");
    Matcher matcher(patterns);
    const auto hits =
        scan_text(matcher, "[error] SSL0200E: Handshake Failed, GSK_ERROR_BAD_CERT\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 414);
    EXPECT_EQ(hits[0].gsk_name, "GSK_ERROR_BAD_CERT");
    EXPECT_EQ(hits[0].gsk_table, "distributed");
    EXPECT_EQ(hits[0].kind, HitKind::GskitReturnCode);
    const auto ibmi = scan_text(matcher, "SSL0200E: Handshake Failed, GSK_IBMI_ERROR_NO_ACCESS\n");
    ASSERT_EQ(ibmi.size(), 1u);
    EXPECT_EQ(ibmi[0].code, 6003);
}

TEST(MatcherGskitTest, NameOnlyPatternWithAnUnknownName) {
    const auto patterns = parse_patterns(
        "[t.name]\nsource = ihs\ndirection = unknown\nkind = gskit_rc\nliteral = SSL0200E\n"
        "regex = SSL0200E: Handshake Failed, (?P<name>GSK_[A-Z_]+)\n",
        "t.ini");
    Matcher matcher(patterns);
    // A GSK_* name that no table numbers is still reported, by its name,
    // with code -1 (printers show no number for it).
    const auto hits = scan_text(matcher, "SSL0200E: Handshake Failed, GSK_ERROR_NO_SUCH_THING\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, -1);
    EXPECT_EQ(hits[0].gsk_name, "GSK_ERROR_NO_SUCH_THING");
    EXPECT_EQ(hits[0].kind, HitKind::GskitReturnCode);
    // Without a name there is nothing to report.
    const auto optional_name = parse_patterns(
        "[t.opt]\nsource = ihs\ndirection = unknown\nkind = gskit_rc\nliteral = SSL0200E\n"
        "regex = SSL0200E: Handshake Failed(?:, (?P<name>GSK_[A-Z_]+))?\n",
        "t.ini");
    Matcher unnamed(optional_name);
    EXPECT_TRUE(scan_text(unnamed, "SSL0200E: Handshake Failed\n").empty());
    // A name-only pattern of kind alert never has a number: no hit.
    const auto alert_kind = parse_patterns(
        "[t.alert]\nsource = ihs\ndirection = unknown\nliteral = SSL0200E\n"
        "regex = SSL0200E: Handshake Failed, (?P<name>GSK_[A-Z_]+)\n",
        "t.ini");
    Matcher alert_matcher(alert_kind);
    EXPECT_TRUE(
        scan_text(alert_matcher, "SSL0200E: Handshake Failed, GSK_ERROR_BAD_CERT\n").empty());
}

TEST(MatcherGskitTest, CodeGroupWinsOverTheName) {
    // With both groups, the printed number is the code; the name is kept as printed.
    const auto patterns = parse_patterns(
        "[t.both]\nsource = gskit\ndirection = unknown\nkind = gskit_rc\nliteral = rc=\n"
        "regex = rc=(?P<code>\\d+) (?P<name>GSK_[A-Z_]+)\n",
        "t.ini");
    Matcher matcher(patterns);
    const auto hits = scan_text(matcher, "rc=435 GSK_ERR_UNKNOWN_CA\n");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].code, 435);
    EXPECT_EQ(hits[0].gsk_name, "GSK_ERR_UNKNOWN_CA");
}

TEST(MatcherGskitTest, LevelByteFromARawRecord) {
    const auto patterns = parse_patterns(
        "[t.raw]\nsource = trace\ndirection = received\nlevel = fatal\nbase = 16\n"
        "literal = 15030\nregex = 15030[0-4]0002(?P<lvl>[0-9A-Fa-f]{2})(?P<code>[0-9A-Fa-f]{2})\n",
        "t.ini");
    Matcher matcher(patterns);
    const auto hits = scan_text(matcher,
                                "record: 1503020002020A\n"
                                "record: 1503030002015a\n"
                                "record: 15030300020328\n");
    ASSERT_EQ(hits.size(), 3u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].code, 10);
    EXPECT_EQ(hits[0].level, AlertLevel::Fatal);
    EXPECT_EQ(hits[0].kind, HitKind::Alert);
    EXPECT_EQ(hits[1].code, 90);
    EXPECT_EQ(hits[1].level, AlertLevel::Warning);  // the byte wins over the pattern's level
    EXPECT_EQ(hits[2].code, 40);
    EXPECT_EQ(hits[2].level, AlertLevel::Unknown);  // neither 01 nor 02
    for (const Hit& hit : hits) EXPECT_EQ(hit.direction, Direction::Received);
}

TEST(MatcherGskitTest, ValueRangesPerKind) {
    const auto patterns = parse_patterns(
        "[t.alert]\nsource = t\ndirection = sent\nliteral = alert=\n"
        "regex = alert=(?P<code>\\d+)\n"
        "[t.rc]\nsource = t\ndirection = sent\nkind = gskit_rc\ntable = zos\nliteral = rc=\n"
        "regex = rc=(?P<code>\\d+)\n",
        "t.ini");
    Matcher matcher(patterns);
    const auto hits = scan_text(matcher,
                                "alert=6003\nrc=6003\nalert=256\nrc=256\nalert=255\nrc=0\n"
                                "alert=0\nrc=1\n");
    ASSERT_EQ(hits.size(), 5u) << ::testing::PrintToString(describe_all(hits));
    EXPECT_EQ(hits[0].code, 6003);  // a return code may be any number but 0
    EXPECT_EQ(hits[0].kind, HitKind::GskitReturnCode);
    EXPECT_EQ(hits[0].gsk_table, "zos");
    EXPECT_EQ(hits[0].line, 2u);
    EXPECT_EQ(hits[1].code, 256);
    EXPECT_EQ(hits[1].kind, HitKind::GskitReturnCode);
    EXPECT_EQ(hits[1].line, 4u);
    EXPECT_EQ(hits[2].code, 255);
    EXPECT_EQ(hits[2].kind, HitKind::Alert);
    EXPECT_EQ(hits[2].gsk_table, "");
    EXPECT_EQ(hits[3].code, 0);  // alert 0 is close_notify; return code 0 is success
    EXPECT_EQ(hits[3].kind, HitKind::Alert);
    EXPECT_EQ(hits[3].line, 7u);
    EXPECT_EQ(hits[4].code, 1);
    EXPECT_EQ(hits[4].kind, HitKind::GskitReturnCode);
    EXPECT_EQ(hits[4].line, 8u);
}

}  // namespace
}  // namespace alertscan
