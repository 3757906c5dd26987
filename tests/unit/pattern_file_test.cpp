// Unit tests for the pattern file loader (src/match/pattern_file.cpp,
// src/match/builtin_patterns.cpp): parse_patterns, load_pattern_path,
// merge_patterns and builtin_patterns.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "match/pattern.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

// Joins lines with '\n', so that lines[i] is line i + 1 of the text.
std::string lines(std::initializer_list<std::string_view> text_lines) {
    std::string out;
    for (std::string_view line : text_lines) {
        out.append(line);
        out.push_back('\n');
    }
    return out;
}

// The problems parse_patterns reports for `text`; empty when it parses.
std::vector<PatternProblem> problems_of(std::string_view text, const std::string& file = "t.ini") {
    try {
        parse_patterns(text, file);
    } catch (const PatternError& error) {
        return error.problems();
    }
    return {};
}

std::vector<std::string> rendered(const std::vector<PatternProblem>& problems) {
    std::vector<std::string> out;
    for (const PatternProblem& problem : problems) out.push_back(problem.to_string());
    return out;
}

// True when some problem is on `line` of t.ini and its reason contains `fragment`.
bool has_problem(const std::vector<PatternProblem>& problems, int line, std::string_view fragment) {
    return std::any_of(problems.begin(), problems.end(), [&](const PatternProblem& problem) {
        return problem.file == "t.ini" && problem.line == line &&
               problem.reason.find(fragment) != std::string::npos;
    });
}

std::vector<std::string> ids_of(const std::vector<PatternDef>& defs) {
    std::vector<std::string> ids;
    for (const PatternDef& def : defs) ids.push_back(def.id);
    return ids;
}

// A directory under the system temp dir, removed with everything in it.
class TempDir {
  public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() /
                ("alertscan-pattern-test-" + std::to_string(getpid()) + "-" + info->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string write(const std::string& name, std::string_view text) const {
        fs::path file = path_ / name;
        std::ofstream out(file, std::ios::binary);
        out << text;
        return file.string();
    }
    std::string path() const { return path_.string(); }

  private:
    fs::path path_;
};

// One real wording per builtin pattern id (schannel.md section 1.1; the
// gsktrace sample of patterns/gskit.ini). Each must be matched by its pattern.
const std::map<std::string, std::string>& builtin_examples() {
    static const std::map<std::string, std::string> examples = {
        {"schannel.36887.legacy", "The following fatal alert was received: 47."},
        {"schannel.36887",
         "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal "
         "alert code is 46."},
        {"schannel.36888.legacy",
         "The following fatal alert was generated: 20. The internal error state is 960."},
        {"schannel.36888",
         "A fatal alert was generated and sent to the remote endpoint. This may result in "
         "termination of the connection. The TLS protocol defined fatal error code is 40. The "
         "Windows SChannel error state is 1205."},
        {"gskit.v3-alert", "ERROR read_v3_alert(): SSL V3 alert 46 received from 10.1.2.3"},
        {"gskit.exit-status.zos",
         "Thd-0 EXIT gsk_secure_socket_init(): <--- Exit status 0x0000019e (414)"},
        {"gskit.exit-status.distributed",
         "Thd-0 EXIT gsk_secure_soc_init(): <--- Exit status 0x0000019e (414)"},
        {"ihs.ssl02nn", "SSL0208E: SSL Handshake Failed, Certificate validation error."},
        {"ihs.ssl0200e", "SSL0200E: Handshake Failed, GSK_ERROR_PROTOCOL_MISMATCH."},
        {"was-plugin.gsk-rc",
         "ERROR: lib_stream: openStream: Failed in r_gsk_secure_soc_init: "
         "GSK_ERROR_BAD_CERT(gsk rc = 414)"},
        {"mq.amq9633",
         "                    RemoteHost(192.168.134.47)\n"
         "                    ArithInsert1(414) ArithInsert2(575010)\n"
         "                    CommentInsert1(QDTSQ00.CL.CDPAASOCP)\n"
         "                    CommentInsert2([Class=]GSKVALMethod::X509[Issuer=]L=Singapore)\n"
         "                    CommentInsert3(mqd00 (192.168.134.47)(1416))\n"
         "                   \n"
         "AMQ9633E: Bad SSL certificate for channel 'QDTSQ00.CL.CDPAASOCP'."},
        {"db2.dia3604e",
         "MESSAGE : DIA3604E The SSL function \"gsk_secure_soc_init\" failed with the\n"
         "          return code \"410\" in \"sqlccSSLSocketSetup\"."},
        {"db2.sql30081n",
         "SQL30081N  A communication error has been detected. Communication protocol being used: "
         "\"SSL\".  Communication API being used: \"SOCKETS\".  Location where the error was "
         "detected: \"\".  Communication function detecting the error: \"sqlccSSLSocketSetup\".  "
         "Protocol specific error code(s): \"414\", \"*\", \"*\".  SQLSTATE=08001"},
        {"db2.gskit-error",
         "[IBM][CLI Driver] SQL10013N  The specified library \"GSKit Error: 408\" could not be "
         "loaded.  SQLSTATE=42724"},
        {"itm.gskit-error",
         "(5B8DF9EF.0002-798:kdebeal.c,81,\"ssl_provider_open\") GSKit error 402: "
         "GSK_ERROR_NO_CIPHERS"},
        {"itx.gsk-error-code", "WSAConnectSSL: GSK Error Code: 414, GSK_ERROR_BAD_CERT."},
        {"itx.returned",
         "SSLCONN: gsk_secure_soc_init failed and returned: 414 (GSK_ERROR_BAD_CERT)"},
        {"ibmi.gskit-error-is", "GSKit Error is 6003 - Access to the key database is not allowed"},
        {"ibmi.failed-with-rc", "gsk_environment_init failed with rc=202."},
        {"zos-attls.alert-record",
         "0090 EZD1285I TTLS Data CONNID: 00000014 SEND CIPHER 1503020002020A"},
        {"zos-attls.error",
         "EZD1286I TTLS Error GRPID: 00000007 ENVID: 00000002 CONNID: 00000046 LOCAL: "
         "9.42.104.45..443 REMOTE: 9.27.154.191..4286 JOBNAME: HTTPD1 USERID: WEBSRV RULE: "
         "HTTPS_IN RC:  402 Initial Handshake"},
        {"cics.dfhso0123",
         "DFHSO0123 Return code 435 received from function 'gsk_secure_socket_init' of System "
         "SSL. Reason: Untrusted Certificate Authority."},
        {"tn3270.parm1", "PARM1: 0000019C PARM2: 00000000 PARM3: GSK_SECURE_SOCKET_INIT"},
    };
    return examples;
}

// ---------------------------------------------------------------------------
// parse_patterns: valid input
// ---------------------------------------------------------------------------

TEST(PatternFileTest, ParsesEveryField) {
    const std::string text = lines({
        "# a comment",                                                    // 1
        "; another comment",                                              // 2
        "",                                                               // 3
        "[test.full]",                                                    // 4
        "description = every key set",                                    // 5
        "source      = testsrc",                                          // 6
        "event       = 36888",                                            // 7
        "direction   = sent",                                             // 8
        "level       = warning",                                          // 9
        "base        = 16",                                               // 10
        "literal     = ALERT",                                            // 11
        "literal     = alert",                                            // 12
        "regex       = (?i)alert (?P<code>[0-9a-f]+) to (?P<peer>\\S+) "  //
        "on (?P<host>\\S+) state (?P<state>\\d+)",                        // 13
        "",                                                               // 14
        "[test.capture]",                                                 // 15
        "source = other",                                                 // 16
        "direction = capture",                                            // 17
        "received_if = In",                                               // 18
        "sent_if = OUT",                                                  // 19
        "literal = x ",                                                   // 20
        "regex = x (?P<dir>in|out) (?P<code>\\d+)",                       // 21
    });
    const std::vector<PatternDef> defs = parse_patterns(text, "t.ini");
    ASSERT_EQ(defs.size(), 2u);

    const PatternDef& full = defs[0];
    EXPECT_EQ(full.id, "test.full");
    EXPECT_EQ(full.description, "every key set");
    EXPECT_EQ(full.source, "testsrc");
    EXPECT_EQ(full.event_id, 36888);
    EXPECT_EQ(full.direction, Direction::Sent);
    EXPECT_FALSE(full.direction_from_capture);
    EXPECT_EQ(full.level, AlertLevel::Warning);
    EXPECT_EQ(full.base, 16);
    EXPECT_EQ(full.literals, (std::vector<std::string>{"ALERT", "alert"}));
    EXPECT_EQ(full.regex,
              "(?i)alert (?P<code>[0-9a-f]+) to (?P<peer>\\S+) on (?P<host>\\S+) state "
              "(?P<state>\\d+)");
    EXPECT_EQ(full.origin, "t.ini:4");

    const PatternDef& capture = defs[1];
    EXPECT_EQ(capture.id, "test.capture");
    EXPECT_EQ(capture.description, "");
    EXPECT_EQ(capture.source, "other");
    EXPECT_FALSE(capture.event_id.has_value());
    EXPECT_TRUE(capture.direction_from_capture);
    EXPECT_EQ(capture.received_if, "In");
    EXPECT_EQ(capture.sent_if, "OUT");
    EXPECT_EQ(capture.level, AlertLevel::Unknown);               // default
    EXPECT_EQ(capture.base, 10);                                 // default
    EXPECT_EQ(capture.literals, std::vector<std::string>{"x"});  // trimmed
    EXPECT_EQ(capture.origin, "t.ini:15");
}

TEST(PatternFileTest, ParsesEachDirectionAndLevel) {
    const std::string text = lines({
        "[a]",
        "source = s",
        "direction = received",
        "level = fatal",
        "literal = a",
        "regex = a(?P<code>\\d+)",  //
        "[b]",
        "source = s",
        "direction = unknown",
        "level = unknown",
        "literal = b",
        "regex = b(?P<code>\\d+)",  //
        "[c]",
        "source = s",
        "direction = sent",
        "base = 10",
        "literal = c",
        "regex = c(?P<code>\\d+)",
    });
    const std::vector<PatternDef> defs = parse_patterns(text, "t.ini");
    ASSERT_EQ(defs.size(), 3u);
    EXPECT_EQ(defs[0].direction, Direction::Received);
    EXPECT_EQ(defs[0].level, AlertLevel::Fatal);
    EXPECT_EQ(defs[1].direction, Direction::Unknown);
    EXPECT_EQ(defs[1].level, AlertLevel::Unknown);
    EXPECT_EQ(defs[2].direction, Direction::Sent);
    EXPECT_EQ(defs[2].base, 10);
}

TEST(PatternFileTest, AcceptsCrlfLineEndings) {
    const std::string text =
        "# comment\r\n[crlf]\r\nsource = s\r\ndirection = sent\r\nliteral = z\r\n"
        "regex = z(?P<code>\\d+)\r\n";
    const std::vector<PatternDef> defs = parse_patterns(text, "t.ini");
    ASSERT_EQ(defs.size(), 1u);
    EXPECT_EQ(defs[0].id, "crlf");
    EXPECT_EQ(defs[0].source, "s");
    EXPECT_EQ(defs[0].literals, std::vector<std::string>{"z"});
    EXPECT_EQ(defs[0].regex, "z(?P<code>\\d+)");
    EXPECT_EQ(defs[0].origin, "t.ini:2");
}

TEST(PatternFileTest, EmptyTextHasNoPatterns) {
    EXPECT_TRUE(parse_patterns("", "t.ini").empty());
    EXPECT_TRUE(parse_patterns("# only a comment\n\n", "t.ini").empty());
}

// ---------------------------------------------------------------------------
// parse_patterns: problems, each as FILE:LINE: reason
// ---------------------------------------------------------------------------

TEST(PatternFileTest, UnknownKey) {
    const auto problems = problems_of(lines({
        "[p]",                     // 1
        "source = s",              // 2
        "colour = red",            // 3
        "direction = sent",        // 4
        "literal = a",             // 5
        "regex = a(?P<code>\\d+)"  // 6
    }));
    EXPECT_EQ(rendered(problems), std::vector<std::string>{"t.ini:3: unknown key 'colour'"});
}

class PatternMissingKeyTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(PatternMissingKeyTest, ReportedOnSectionHeaderLine) {
    const std::string_view missing = GetParam();
    std::string text = "# header comment\n\n";  // lines 1-2, so the section starts on line 3
    text += "[p]\n";
    const std::vector<std::pair<std::string_view, std::string_view>> keys = {
        {"source", "s"}, {"direction", "sent"}, {"literal", "a"}, {"regex", "a(?P<code>\\d+)"}};
    for (const auto& [key, value] : keys) {
        if (key == missing) continue;
        text += std::string(key) + " = " + std::string(value) + "\n";
    }
    const auto problems = problems_of(text);
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{"t.ini:3: missing key '" + std::string(missing) + "'"});
}

INSTANTIATE_TEST_SUITE_P(PatternKeys, PatternMissingKeyTest,
                         ::testing::Values("source", "direction", "literal", "regex"));

TEST(PatternFileTest, CaptureNeedsReceivedIfAndSentIf) {
    const auto problems = problems_of(lines({
        "[p]",                                      // 1
        "source = s",                               // 2
        "direction = capture",                      // 3
        "literal = a",                              // 4
        "regex = a(?P<code>\\d+) (?P<dir>in|out)",  // 5
    }));
    EXPECT_EQ(problems.size(), 2u);
    EXPECT_TRUE(has_problem(problems, 1, "missing key 'received_if'"));
    EXPECT_TRUE(has_problem(problems, 1, "missing key 'sent_if'"));
}

TEST(PatternFileTest, EmptyValues) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "source =",                 // 2
        "direction = sent",         // 3
        "literal = a",              // 4
        "literal =   ",             // 5
        "regex = a(?P<code>\\d+)",  // 6
    }));
    EXPECT_EQ(problems.size(), 2u);
    EXPECT_TRUE(has_problem(problems, 2, "key 'source' is empty"));
    EXPECT_TRUE(has_problem(problems, 5, "literal must not be empty"));
}

TEST(PatternFileTest, BadDirection) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "literal = a",              // 3
        "direction = both",         // 4
        "regex = a(?P<code>\\d+)",  // 5
    }));
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{
                  "t.ini:4: direction must be received, sent, unknown or capture, not 'both'"});
}

TEST(PatternFileTest, BadLevel) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "direction = sent",         // 3
        "literal = a",              // 4
        "regex = a(?P<code>\\d+)",  // 5
        "level = critical",         // 6
    }));
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{
                  "t.ini:6: level must be fatal, warning or unknown, not 'critical'"});
}

TEST(PatternFileTest, BadBase) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "base = 8",                 // 2
        "source = s",               // 3
        "direction = sent",         // 4
        "literal = a",              // 5
        "regex = a(?P<code>\\d+)",  // 6
    }));
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{"t.ini:2: base must be 10 or 16, not '8'"});
}

class PatternBadEventTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(PatternBadEventTest, Reported) {
    const std::string value(GetParam());
    const auto problems = problems_of("[p]\nsource = s\ndirection = sent\nevent = " + value +
                                      "\nliteral = a\nregex = a(?P<code>\\d+)\n");
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{"t.ini:4: event must be a number from 0 to 65535, not '" +
                                       value + "'"});
}

INSTANTIATE_TEST_SUITE_P(PatternEvents, PatternBadEventTest,
                         ::testing::Values("abc", "-1", "65536", "36887x", "0x9017", ""));

TEST(PatternFileTest, EventBoundsAccepted) {
    for (std::string_view value : {"0", "65535"}) {
        const auto defs =
            parse_patterns("[p]\nsource = s\ndirection = sent\nevent = " + std::string(value) +
                               "\nliteral = a\nregex = a(?P<code>\\d+)\n",
                           "t.ini");
        ASSERT_EQ(defs.size(), 1u);
        EXPECT_EQ(defs[0].event_id, value == "0" ? 0 : 65535);
    }
}

TEST(PatternFileTest, MalformedSectionHeaders) {
    const auto problems = problems_of(lines({
        "[unclosed",  // 1
        "[ ]",        // 2
        "[]",         // 3
        "[x] extra",  // 4
    }));
    EXPECT_EQ(rendered(problems), (std::vector<std::string>{
                                      "t.ini:1: malformed section header",
                                      "t.ini:2: malformed section header",
                                      "t.ini:3: malformed section header",
                                      "t.ini:4: malformed section header",
                                  }));
}

TEST(PatternFileTest, SectionIdIsTrimmed) {
    const auto defs = parse_patterns(
        "[  spaced.id  ]\nsource = s\ndirection = sent\nliteral = a\nregex = a(?P<code>\\d+)\n",
        "t.ini");
    ASSERT_EQ(defs.size(), 1u);
    EXPECT_EQ(defs[0].id, "spaced.id");
}

TEST(PatternFileTest, KeyOutsideSection) {
    const auto problems = problems_of(lines({
        "# comment",                // 1
        "source = s",               // 2
        "[p]",                      // 3
        "source = s",               // 4
        "direction = sent",         // 5
        "literal = a",              // 6
        "regex = a(?P<code>\\d+)",  // 7
    }));
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{"t.ini:2: key 'source' outside a [pattern] section"});
}

TEST(PatternFileTest, LineThatIsNeitherKeyNorSection) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "direction sent",           // 3
        "direction = sent",         // 4
        "literal = a",              // 5
        "regex = a(?P<code>\\d+)",  // 6
    }));
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{"t.ini:3: expected 'key = value' or '[pattern-id]'"});
}

TEST(PatternFileTest, RepeatedKeyReportedOnceOnSecondOccurrence) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "direction = sent",         // 3
        "literal = a",              // 4
        "direction = received",     // 5
        "regex = a(?P<code>\\d+)",  // 6
    }));
    EXPECT_EQ(rendered(problems), std::vector<std::string>{"t.ini:5: key 'direction' repeated"});
}

// Every single-valued key, repeated: exactly one problem, on the second line.
TEST(PatternFileTest, EverySingleValuedKeyMayNotRepeat) {
    const std::vector<std::pair<std::string, std::string>> keys = {
        {"description", "d"},
        {"source", "s"},
        {"event", "1"},
        {"direction", "capture"},
        {"received_if", "in"},
        {"sent_if", "out"},
        {"level", "fatal"},
        {"base", "10"},
        {"regex", "a(?P<code>\\d+) (?P<dir>in|out)"},
    };
    for (const auto& [repeated, repeated_value] : keys) {
        SCOPED_TRACE(repeated);
        std::string text = "[p]\nliteral = a\n";  // the keys start on line 3
        for (const auto& [key, value] : keys) text += key + " = " + value + "\n";
        const int repeat_line = 3 + static_cast<int>(keys.size());
        text += repeated + " = " + repeated_value + "\n";
        const auto problems = problems_of(text);
        EXPECT_EQ(rendered(problems),
                  std::vector<std::string>{"t.ini:" + std::to_string(repeat_line) + ": key '" +
                                           repeated + "' repeated"});
    }
}

TEST(PatternFileTest, LiteralMayRepeat) {
    const auto defs = parse_patterns(
        "[p]\nsource = s\ndirection = sent\nliteral = a\nliteral = b\nliteral = c\n"
        "regex = [abc](?P<code>\\d+)\n",
        "t.ini");
    ASSERT_EQ(defs.size(), 1u);
    EXPECT_EQ(defs[0].literals, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(PatternFileTest, RepeatedId) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "direction = sent",         // 3
        "literal = a",              // 4
        "regex = a(?P<code>\\d+)",  // 5
        "",                         // 6
        "[p]",                      // 7
        "source = t",               // 8
        "direction = sent",         // 9
        "literal = b",              // 10
        "regex = b(?P<code>\\d+)",  // 11
    }));
    EXPECT_EQ(rendered(problems), std::vector<std::string>{"t.ini:7: pattern id 'p' repeated"});
}

TEST(PatternFileTest, RegexRejectedByRe2IncludesItsError) {
    const auto problems = problems_of(lines({
        "[p]",                     // 1
        "source = s",              // 2
        "direction = sent",        // 3
        "literal = a",             // 4
        "regex = a(?P<code>\\d+",  // 5
    }));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].file, "t.ini");
    EXPECT_EQ(problems[0].line, 5);
    EXPECT_NE(problems[0].reason.find("bad regex"), std::string::npos) << problems[0].reason;
    EXPECT_NE(problems[0].reason.find("missing )"), std::string::npos) << problems[0].reason;
    // The text is RE2's own error message.
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re("a(?P<code>\\d+", options);
    ASSERT_FALSE(re.ok());
    EXPECT_NE(problems[0].reason.find(re.error()), std::string::npos) << problems[0].reason;
}

TEST(PatternFileTest, RegexRejectedByRe2Variants) {
    // Perl constructs RE2 does not support are load-time errors, not crashes.
    for (std::string_view regex : {"(?P<code>\\d+)(?=x)", "(?P<code>\\d+)\\1", "(?P<code>[0-9)"}) {
        SCOPED_TRACE(regex);
        const auto problems = problems_of(
            "[p]\nsource = s\ndirection = sent\nliteral = a\nregex = " + std::string(regex) + "\n");
        ASSERT_EQ(problems.size(), 1u);
        EXPECT_EQ(problems[0].line, 5);
        EXPECT_EQ(problems[0].reason.rfind("bad regex: ", 0), 0u) << problems[0].reason;
    }
}

TEST(PatternFileTest, RegexWithoutCodeGroup) {
    const auto problems = problems_of(lines({
        "[p]",               // 1
        "source = s",        // 2
        "direction = sent",  // 3
        "literal = a",       // 4
        "regex = a(\\d+)",   // 5
    }));
    EXPECT_EQ(
        rendered(problems),
        std::vector<std::string>{"t.ini:5: regex has no (?P<code>...) or (?P<name>...) group"});
}

TEST(PatternFileTest, CaptureWithoutDirGroup) {
    const auto problems = problems_of(lines({
        "[p]",                               // 1
        "source = s",                        // 2
        "direction = capture",               // 3
        "received_if = in",                  // 4
        "sent_if = out",                     // 5
        "literal = a",                       // 6
        "regex = a(?P<code>\\d+) (in|out)",  // 7
    }));
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{"t.ini:7: direction = capture needs a (?P<dir>...) group"});
}

TEST(PatternFileTest, UnknownGroupName) {
    const auto problems = problems_of(lines({
        "[p]",                                          // 1
        "source = s",                                   // 2
        "direction = sent",                             // 3
        "literal = a",                                  // 4
        "regex = a(?P<code>\\d+) port (?P<port>\\d+)",  // 5
    }));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].line, 5);
    EXPECT_NE(problems[0].reason.find("unknown group name 'port'"), std::string::npos)
        << problems[0].reason;
}

TEST(PatternFileTest, EveryProblemOfAFileIsReported) {
    const std::string text = lines({
        "orphan = 1",                           // 1 key outside a section
        "[first]",                              // 2 (missing literal)
        "source = s",                           // 3
        "direction = sideways",                 // 4 bad direction
        "level = loud",                         // 5 bad level
        "base = 2",                             // 6 bad base
        "event = many",                         // 7 bad event
        "colour = red",                         // 8 unknown key
        "regex = (?P<code>\\d+",                // 9 RE2 error
        "[broken",                              // 10 malformed header
        "[second]",                             // 11 (missing source)
        "direction = capture",                  // 12 (missing received_if/sent_if)
        "literal = b",                          // 13
        "regex = b(?P<code>\\d+)(?P<who>\\w)",  // 14 no dir group, unknown group
        "[first]",                              // 15 repeated id
        "source = s",                           // 16
    });
    const auto problems = problems_of(text);
    EXPECT_TRUE(has_problem(problems, 1, "key 'orphan' outside a [pattern] section"));
    EXPECT_TRUE(has_problem(problems, 2, "missing key 'literal'"));
    EXPECT_TRUE(has_problem(problems, 4, "direction must be"));
    EXPECT_TRUE(has_problem(problems, 5, "level must be"));
    EXPECT_TRUE(has_problem(problems, 6, "base must be"));
    EXPECT_TRUE(has_problem(problems, 7, "event must be"));
    EXPECT_TRUE(has_problem(problems, 8, "unknown key 'colour'"));
    EXPECT_TRUE(has_problem(problems, 9, "missing )"));
    EXPECT_TRUE(has_problem(problems, 10, "malformed section header"));
    EXPECT_TRUE(has_problem(problems, 11, "missing key 'source'"));
    EXPECT_TRUE(has_problem(problems, 11, "missing key 'received_if'"));
    EXPECT_TRUE(has_problem(problems, 11, "missing key 'sent_if'"));
    EXPECT_TRUE(has_problem(problems, 14, "needs a (?P<dir>...) group"));
    EXPECT_TRUE(has_problem(problems, 14, "unknown group name 'who'"));
    EXPECT_TRUE(has_problem(problems, 15, "pattern id 'first' repeated"));
    EXPECT_EQ(problems.size(), 15u) << ::testing::PrintToString(rendered(problems));
}

TEST(PatternFileTest, ErrorMessageIsFirstProblem) {
    try {
        parse_patterns("[p]\nsource = s\ncolour = red\n", "dir/custom.ini");
        FAIL() << "no PatternError";
    } catch (const PatternError& error) {
        ASSERT_FALSE(error.problems().empty());
        EXPECT_EQ(std::string(error.what()), error.problems().front().to_string());
        for (const PatternProblem& problem : error.problems()) {
            EXPECT_EQ(problem.file, "dir/custom.ini");
        }
        EXPECT_EQ(std::string(error.what()), "dir/custom.ini:3: unknown key 'colour'");
    }
}

TEST(PatternFileTest, ProblemWithoutLineOmitsIt) {
    EXPECT_EQ((PatternProblem{"f.ini", 0, "cannot open"}).to_string(), "f.ini: cannot open");
    EXPECT_EQ((PatternProblem{"f.ini", 12, "oops"}).to_string(), "f.ini:12: oops");
}

// ---------------------------------------------------------------------------
// load_pattern_path
// ---------------------------------------------------------------------------

std::string one_pattern(std::string_view id, std::string_view source) {
    return "[" + std::string(id) + "]\nsource = " + std::string(source) +
           "\ndirection = sent\nliteral = a\nregex = a(?P<code>\\d+)\n";
}

TEST(PatternLoadTest, SingleFile) {
    TempDir dir;
    const std::string file =
        dir.write("one.ini", one_pattern("x.one", "s1") + one_pattern("x.two", "s2"));
    const auto defs = load_pattern_path(file);
    EXPECT_EQ(ids_of(defs), (std::vector<std::string>{"x.one", "x.two"}));
    ASSERT_EQ(defs.size(), 2u);
    EXPECT_EQ(defs[0].origin, file + ":1");
    EXPECT_EQ(defs[1].origin, file + ":6");
}

TEST(PatternLoadTest, DirectoryLoadsIniFilesInNameOrder) {
    TempDir dir;
    dir.write("b.ini", one_pattern("from.b", "b") + one_pattern("shared", "b"));
    dir.write("a.ini", one_pattern("from.a", "a") + one_pattern("shared", "a"));
    dir.write("c.ini", one_pattern("from.c", "c"));
    // Not pattern files: never read (they would not parse).
    dir.write("notes.txt", "this is not a pattern file\n");
    dir.write("d.ini.bak", "[broken\n");
    dir.write("README", "garbage = yes\n");
    const auto defs = load_pattern_path(dir.path());
    // a.ini first; b.ini's "shared" replaces a.ini's in place.
    EXPECT_EQ(ids_of(defs), (std::vector<std::string>{"from.a", "shared", "from.b", "from.c"}));
    ASSERT_EQ(defs.size(), 4u);
    EXPECT_EQ(defs[1].source, "b");
    EXPECT_EQ(defs[1].origin, (fs::path(dir.path()) / "b.ini").string() + ":6");
}

TEST(PatternLoadTest, EmptyDirectoryHasNoPatterns) {
    TempDir dir;
    dir.write("other.txt", "x");
    EXPECT_TRUE(load_pattern_path(dir.path()).empty());
}

TEST(PatternLoadTest, MissingFileNamesIt) {
    TempDir dir;
    const std::string missing = (fs::path(dir.path()) / "nope.ini").string();
    try {
        load_pattern_path(missing);
        FAIL() << "no PatternError";
    } catch (const PatternError& error) {
        ASSERT_EQ(error.problems().size(), 1u);
        EXPECT_EQ(error.problems()[0].file, missing);
        EXPECT_EQ(std::string(error.what()).rfind(missing + ": ", 0), 0u) << error.what();
        EXPECT_NE(std::string(error.what()).find("No such file or directory"), std::string::npos)
            << error.what();
    }
}

TEST(PatternLoadTest, ProblemInDirectoryFileNamesThatFile) {
    TempDir dir;
    dir.write("a.ini", one_pattern("ok", "a"));
    const std::string bad = dir.write("b.ini", "[p]\nsource = s\nlevel = loud\n");
    try {
        load_pattern_path(dir.path());
        FAIL() << "no PatternError";
    } catch (const PatternError& error) {
        ASSERT_FALSE(error.problems().empty());
        for (const PatternProblem& problem : error.problems()) EXPECT_EQ(problem.file, bad);
        const auto rendered_problems = rendered(error.problems());
        EXPECT_NE(std::find(rendered_problems.begin(), rendered_problems.end(),
                            bad + ":3: level must be fatal, warning or unknown, not 'loud'"),
                  rendered_problems.end())
            << ::testing::PrintToString(rendered_problems);
    }
}

// ---------------------------------------------------------------------------
// merge_patterns
// ---------------------------------------------------------------------------

PatternDef def_with(std::string id, std::string source) {
    PatternDef def;
    def.id = std::move(id);
    def.source = std::move(source);
    return def;
}

TEST(PatternMergeTest, ReplacesByIdInPlaceAndAppendsNewIds) {
    std::vector<PatternDef> base = {def_with("a", "old"), def_with("b", "old"),
                                    def_with("c", "old")};
    merge_patterns(base, {def_with("d", "new"), def_with("b", "new"), def_with("e", "new")});
    EXPECT_EQ(ids_of(base), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
    ASSERT_EQ(base.size(), 5u);
    EXPECT_EQ(base[0].source, "old");
    EXPECT_EQ(base[1].source, "new");
    EXPECT_EQ(base[2].source, "old");
    EXPECT_EQ(base[3].source, "new");
    EXPECT_EQ(base[4].source, "new");
}

TEST(PatternMergeTest, IntoEmptyAndFromEmpty) {
    std::vector<PatternDef> base;
    merge_patterns(base, {def_with("x", "1"), def_with("y", "1")});
    EXPECT_EQ(ids_of(base), (std::vector<std::string>{"x", "y"}));
    merge_patterns(base, {});
    EXPECT_EQ(ids_of(base), (std::vector<std::string>{"x", "y"}));
}

TEST(PatternMergeTest, LaterDuplicateInExtraWins) {
    std::vector<PatternDef> base = {def_with("a", "base")};
    merge_patterns(base, {def_with("n", "first"), def_with("n", "second")});
    EXPECT_EQ(ids_of(base), (std::vector<std::string>{"a", "n"}));
    ASSERT_EQ(base.size(), 2u);
    EXPECT_EQ(base[1].source, "second");
}

// ---------------------------------------------------------------------------
// builtin_patterns
// ---------------------------------------------------------------------------

TEST(PatternBuiltinTest, EqualsThePatternFilesOfTheSourceTree) {
    const auto builtin = builtin_patterns();
    const auto from_files = load_pattern_path(std::string(ALERTSCAN_SOURCE_DIR) + "/patterns");
    ASSERT_FALSE(builtin.empty());
    EXPECT_EQ(ids_of(builtin), ids_of(from_files));
    ASSERT_EQ(builtin.size(), from_files.size());
    for (std::size_t i = 0; i < builtin.size(); ++i) {
        const PatternDef& a = builtin[i];
        const PatternDef& b = from_files[i];
        SCOPED_TRACE(a.id);
        EXPECT_EQ(a.description, b.description);
        EXPECT_EQ(a.source, b.source);
        EXPECT_EQ(a.event_id, b.event_id);
        EXPECT_EQ(a.direction, b.direction);
        EXPECT_EQ(a.direction_from_capture, b.direction_from_capture);
        EXPECT_EQ(a.received_if, b.received_if);
        EXPECT_EQ(a.sent_if, b.sent_if);
        EXPECT_EQ(a.level, b.level);
        EXPECT_EQ(a.base, b.base);
        EXPECT_EQ(a.literals, b.literals);
        EXPECT_EQ(a.regex, b.regex);
        // Origins name the embedded file: "builtin:NAME.ini:LINE" vs ".../patterns/NAME.ini:LINE".
        EXPECT_EQ(a.origin.rfind("builtin:", 0), 0u) << a.origin;
        const std::string tail = a.origin.substr(std::string("builtin:").size());
        ASSERT_GE(b.origin.size(), tail.size());
        EXPECT_EQ(b.origin.substr(b.origin.size() - tail.size()), tail);
    }
}

TEST(PatternBuiltinTest, IdsAreUniqueAndDescribed) {
    const auto builtin = builtin_patterns();
    std::vector<std::string> ids = ids_of(builtin);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
    for (const PatternDef& def : builtin) {
        SCOPED_TRACE(def.id);
        EXPECT_FALSE(def.description.empty());
        EXPECT_FALSE(def.source.empty());
        EXPECT_FALSE(def.literals.empty());
    }
}

TEST(PatternBuiltinTest, SchannelPatternsTakeDirectionFromTheEvent) {
    for (const PatternDef& def : builtin_patterns()) {
        if (def.source != "schannel") continue;
        SCOPED_TRACE(def.id);
        ASSERT_TRUE(def.event_id.has_value());
        EXPECT_FALSE(def.direction_from_capture);
        EXPECT_EQ(def.level, AlertLevel::Fatal);
        if (*def.event_id == 36887) {
            EXPECT_EQ(def.direction, Direction::Received);
        } else {
            EXPECT_EQ(*def.event_id, 36888);
            EXPECT_EQ(def.direction, Direction::Sent);
        }
    }
}

// Every builtin has an example; the example holds one of the pattern's
// literals (so the prefilter lets it through) and the regex matches it.
TEST(PatternBuiltinTest, EveryBuiltinHasALiteralInItsOwnExample) {
    const auto& examples = builtin_examples();
    for (const PatternDef& def : builtin_patterns()) {
        SCOPED_TRACE(def.id);
        auto example = examples.find(def.id);
        ASSERT_NE(example, examples.end()) << "no example for builtin pattern " << def.id;
        const std::string& text = example->second;
        EXPECT_TRUE(std::any_of(
            def.literals.begin(), def.literals.end(),
            [&](const std::string& literal) { return text.find(literal) != std::string::npos; }))
            << text;
        RE2 re(def.regex);
        ASSERT_TRUE(re.ok()) << re.error();
        EXPECT_TRUE(RE2::PartialMatch(text, re)) << text;
        // And no other builtin pattern claims it.
        for (const PatternDef& other : builtin_patterns()) {
            if (other.id == def.id) continue;
            EXPECT_FALSE(RE2::PartialMatch(text, RE2(other.regex))) << other.id;
        }
    }
    EXPECT_EQ(examples.size(), builtin_patterns().size());
}

// ---------------------------------------------------------------------------
// GSKit return codes and multi-line records: kind, table, lines_before/after
// ---------------------------------------------------------------------------

TEST(PatternFileGskitTest, DefaultsAreAlertDistributedSingleLine) {
    const auto defs = parse_patterns(lines({
                                         "[p]",
                                         "source = s",
                                         "direction = sent",
                                         "literal = a",
                                         "regex = a(?P<code>\\d+)",
                                     }),
                                     "t.ini");
    ASSERT_EQ(defs.size(), 1u);
    EXPECT_EQ(defs[0].kind, HitKind::Alert);
    EXPECT_EQ(defs[0].gsk_table, "distributed");
    EXPECT_EQ(defs[0].lines_before, 0);
    EXPECT_EQ(defs[0].lines_after, 0);
}

TEST(PatternFileGskitTest, ParsesKindTableAndContextLines) {
    const auto defs = parse_patterns(
        lines({
            "[mq.amq9633]",
            "source       = mq",
            "direction    = unknown",
            "kind         = gskit_rc",
            "table        = zos",
            "lines_before = 2",
            "lines_after  = 12",
            "literal      = ArithInsert1(",
            "regex        = RemoteHost\\((?P<peer>[^)]*)\\)\\s+ArithInsert1\\((?P<code>\\d+)\\)"
            "\\s+ArithInsert2\\((?P<val>\\d+)\\)\\s+CommentInsert1\\((?P<channel>[^)]*)\\)",
            "[hex]",
            "source = gskit",
            "direction = unknown",
            "kind = gskit_rc",
            "table = distributed",
            "literal = Exit status",
            "regex = Exit status 0x(?P<hex>[0-9a-f]+) \\((?P<code>\\d+)\\)",
            "[raw]",
            "source = attls",
            "direction = sent",
            "kind = alert",
            "base = 16",
            "literal = 15030",
            "regex = 15030[0-4]0002(?P<lvl>0[12])(?P<code>[0-9A-Fa-f]{2})",
        }),
        "t.ini");
    ASSERT_EQ(defs.size(), 3u);
    EXPECT_EQ(defs[0].kind, HitKind::GskitReturnCode);
    EXPECT_EQ(defs[0].gsk_table, "zos");
    EXPECT_EQ(defs[0].lines_before, 2);
    EXPECT_EQ(defs[0].lines_after, 12);
    EXPECT_EQ(defs[0].literals, std::vector<std::string>{"ArithInsert1("});
    EXPECT_EQ(defs[1].kind, HitKind::GskitReturnCode);
    EXPECT_EQ(defs[1].gsk_table, "distributed");
    EXPECT_EQ(defs[1].lines_before, 0);
    EXPECT_EQ(defs[2].kind, HitKind::Alert);
    EXPECT_EQ(defs[2].base, 16);
}

TEST(PatternFileGskitTest, NameGroupAloneIsEnough) {
    const auto defs =
        parse_patterns(lines({
                           "[ihs.ssl0200e]",
                           "source = ihs",
                           "direction = unknown",
                           "kind = gskit_rc",
                           "literal = SSL0200E",
                           "regex = SSL0200E: Handshake Failed, (?P<name>GSK_[A-Z_]+)",
                       }),
                       "t.ini");
    ASSERT_EQ(defs.size(), 1u);
    EXPECT_EQ(defs[0].kind, HitKind::GskitReturnCode);
}

TEST(PatternFileGskitTest, BadKind) {
    const auto problems = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "direction = sent",         // 3
        "kind = gskit",             // 4
        "literal = a",              // 5
        "regex = a(?P<code>\\d+)",  // 6
    }));
    EXPECT_EQ(rendered(problems),
              std::vector<std::string>{"t.ini:4: kind must be alert or gskit_rc, not 'gskit'"});
}

TEST(PatternFileGskitTest, TableOnlyWithGskitRcAndOnlyKnownTables) {
    const auto alert_table = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "direction = sent",         // 3
        "table = zos",              // 4
        "literal = a",              // 5
        "regex = a(?P<code>\\d+)",  // 6
    }));
    EXPECT_EQ(rendered(alert_table),
              std::vector<std::string>{"t.ini:4: table applies only to kind = gskit_rc"});
    const auto bad_table = problems_of(lines({
        "[p]",                      // 1
        "source = s",               // 2
        "direction = sent",         // 3
        "kind = gskit_rc",          // 4
        "table = ibmi",             // 5
        "literal = a",              // 6
        "regex = a(?P<code>\\d+)",  // 7
    }));
    EXPECT_EQ(rendered(bad_table),
              std::vector<std::string>{"t.ini:5: table must be distributed or zos, not 'ibmi'"});
}

TEST(PatternFileGskitTest, ContextLinesRange) {
    for (const char* key : {"lines_before", "lines_after"}) {
        for (const char* value : {"13", "-1", "x", "", "2.5", "100000000000000000000"}) {
            SCOPED_TRACE(std::string(key) + " = " + value);
            const auto problems = problems_of(lines({
                "[p]",                             // 1
                "source = s",                      // 2
                "direction = sent",                // 3
                std::string(key) + " = " + value,  // 4
                "literal = a",                     // 5
                "regex = a(?P<code>\\d+)",         // 6
            }));
            ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(rendered(problems));
            EXPECT_TRUE(
                has_problem(problems, 4, std::string(key) + " must be a number from 0 to 12"))
                << problems[0].to_string();
        }
        for (const char* value : {"0", "1", "12"}) {
            SCOPED_TRACE(std::string(key) + " = " + value);
            EXPECT_TRUE(problems_of(lines({
                                        "[p]",
                                        "source = s",
                                        "direction = sent",
                                        std::string(key) + " = " + value,
                                        "literal = a",
                                        "regex = a(?P<code>\\d+)",
                                    }))
                            .empty());
        }
    }
}

TEST(PatternFileGskitTest, NewGroupNamesAreKnown) {
    const auto defs = parse_patterns(
        lines({
            "[p]",
            "source = s",
            "direction = unknown",
            "kind = gskit_rc",
            "literal = rc",
            "regex = rc (?P<code>\\d+) (?P<hex>\\w+) (?P<lvl>\\d+) (?P<val>\\d+) (?P<name>\\w+) "
            "(?P<channel>\\S+)",
        }),
        "t.ini");
    ASSERT_EQ(defs.size(), 1u);
    const auto problems = problems_of(lines({
        "[p]",                                         // 1
        "source = s",                                  // 2
        "direction = unknown",                         // 3
        "kind = gskit_rc",                             // 4
        "literal = rc",                                // 5
        "regex = rc (?P<code>\\d+) (?P<chanel>\\S+)",  // 6
    }));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_TRUE(has_problem(problems, 6, "unknown group name 'chanel'"));
}

}  // namespace
}  // namespace alertscan
