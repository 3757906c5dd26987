// read_line_context: timestamp and host from the start of a log line.

#include "formats/line_context.hpp"

#include <gtest/gtest.h>

#include <string>

namespace alertscan {
namespace {

TEST(LineContextTest, Rfc5424Header) {
    LineContext c = read_line_context(
        "<134>1 2024-03-02T09:14:02.123Z HOST01 Schannel 4 36887 - A fatal alert was received");
    EXPECT_EQ(c.timestamp, "2024-03-02T09:14:02.123Z");
    EXPECT_EQ(c.host, "HOST01");
}

TEST(LineContextTest, Rfc5424WithOffsetZone) {
    LineContext c = read_line_context("<13>1 2024-03-02T09:14:02+01:00 web-7.example.com app - - ");
    EXPECT_EQ(c.timestamp, "2024-03-02T09:14:02+01:00");
    EXPECT_EQ(c.host, "web-7.example.com");
}

TEST(LineContextTest, Rfc5424NilFields) {
    LineContext nil_host = read_line_context("<134>1 2024-03-02T09:14:02Z - app - - msg");
    EXPECT_EQ(nil_host.timestamp, "2024-03-02T09:14:02Z");
    EXPECT_EQ(nil_host.host, "");
    // No time in the header: a time later in the prefix still serves.
    LineContext nil_time =
        read_line_context("<134>1 - HOST02 app - - 2024-03-02 09:14:02,5 event text");
    EXPECT_EQ(nil_time.timestamp, "2024-03-02T09:14:02.5");
    EXPECT_EQ(nil_time.host, "HOST02");
    LineContext nothing = read_line_context("<134>1 - HOST03 app - - event text");
    EXPECT_EQ(nothing.timestamp, "");
    EXPECT_EQ(nothing.host, "HOST03");
}

TEST(LineContextTest, Rfc3164Header) {
    LineContext c = read_line_context("<11>Mar  2 09:14:02 HOST01 Schannel[4]: A fatal alert");
    EXPECT_EQ(c.timestamp, "--03-02T09:14:02");
    EXPECT_EQ(c.host, "HOST01");
}

TEST(LineContextTest, Rfc3164TwoDigitDayAndNoPriority) {
    LineContext c = read_line_context("Dec 24 23:59:59 gw.example.org gsk: SSL V3 alert");
    EXPECT_EQ(c.timestamp, "--12-24T23:59:59");
    EXPECT_EQ(c.host, "gw.example.org");
    LineContext jan = read_line_context("<30>Jan 1 00:00:01 h1 x");
    EXPECT_EQ(jan.timestamp, "--01-01T00:00:01");
    EXPECT_EQ(jan.host, "h1");
}

TEST(LineContextTest, Rfc3164UnknownMonthIsNotAHeader) {
    LineContext c = read_line_context("<11>Foo  2 09:14:02 HOST01 text");
    EXPECT_EQ(c.host, "");
    EXPECT_EQ(c.timestamp, "");
}

TEST(LineContextTest, Iso8601SpaceAndT) {
    EXPECT_EQ(read_line_context("2024-03-02 09:14:02 Error Schannel 36887 ").timestamp,
              "2024-03-02T09:14:02");
    EXPECT_EQ(read_line_context("2024-03-02T09:14:02 Error Schannel 36887 ").timestamp,
              "2024-03-02T09:14:02");
}

TEST(LineContextTest, Iso8601Fractions) {
    EXPECT_EQ(read_line_context("2024-03-02 09:14:02,123 ERROR ").timestamp,
              "2024-03-02T09:14:02.123");
    EXPECT_EQ(read_line_context("2024-03-02T09:14:02.123456789 ERROR ").timestamp,
              "2024-03-02T09:14:02.123456789");
}

TEST(LineContextTest, Iso8601Zones) {
    EXPECT_EQ(read_line_context("2024-03-02T09:14:02Z x").timestamp, "2024-03-02T09:14:02Z");
    EXPECT_EQ(read_line_context("2024-03-02T09:14:02.5Z x").timestamp, "2024-03-02T09:14:02.5Z");
    EXPECT_EQ(read_line_context("2024-03-02T09:14:02+0100 x").timestamp,
              "2024-03-02T09:14:02+01:00");
    EXPECT_EQ(read_line_context("2024-03-02 09:14:02,250+0100 x").timestamp,
              "2024-03-02T09:14:02.250+01:00");
    EXPECT_EQ(read_line_context("2024-03-02T09:14:02-05:30 x").timestamp,
              "2024-03-02T09:14:02-05:30");
}

TEST(LineContextTest, Iso8601AfterOtherFields) {
    // Event Viewer text exports put the level first.
    LineContext c = read_line_context("Error\t2024-03-02 09:14:02\tSchannel\t36887\tNone\t");
    EXPECT_EQ(c.timestamp, "2024-03-02T09:14:02");
    EXPECT_EQ(c.host, "");
}

TEST(LineContextTest, ApacheErrorLog) {
    LineContext c = read_line_context(
        "[Sat Mar 02 09:14:02.123456 2024] [ssl:info] [pid 4242] [client 10.1.2.3:50000] ");
    EXPECT_EQ(c.timestamp, "2024-03-02T09:14:02.123456");
    EXPECT_EQ(c.host, "");
    EXPECT_EQ(read_line_context("[Mon Dec 30 23:01:02 2024] [error] ").timestamp,
              "2024-12-30T23:01:02");
}

TEST(LineContextTest, UsLocale) {
    EXPECT_EQ(read_line_context("Error\t3/4/2024 11:02:51 PM\tSchannel\t").timestamp,
              "2024-03-04T23:02:51");
    EXPECT_EQ(read_line_context("3/4/2024 11:02:51 AM Schannel").timestamp, "2024-03-04T11:02:51");
    EXPECT_EQ(read_line_context("12/31/2024 12:00:05 AM Schannel").timestamp,
              "2024-12-31T00:00:05");
    EXPECT_EQ(read_line_context("12/31/2024 12:00:05 PM Schannel").timestamp,
              "2024-12-31T12:00:05");
    EXPECT_EQ(read_line_context("3/2/2024 9:14:02 AM Schannel").timestamp, "2024-03-02T09:14:02");
    EXPECT_EQ(read_line_context("\"3/2/2024, 9:14:02 PM\",Schannel").timestamp,
              "2024-03-02T21:14:02");
    // 24-hour clock, no AM/PM.
    EXPECT_EQ(read_line_context("3/2/2024 21:14:02 Schannel").timestamp, "2024-03-02T21:14:02");
}

TEST(LineContextTest, NoTimestamp) {
    LineContext c = read_line_context("ERROR read_v3_alert(): ");
    EXPECT_EQ(c.timestamp, "");
    EXPECT_EQ(c.host, "");
    LineContext empty = read_line_context("");
    EXPECT_EQ(empty.timestamp, "");
    EXPECT_EQ(empty.host, "");
}

TEST(LineContextTest, NoHeaderMeansNoHost) {
    LineContext c = read_line_context("2024-03-02 09:14:02 HOST01 Schannel: ");
    EXPECT_EQ(c.timestamp, "2024-03-02T09:14:02");
    EXPECT_EQ(c.host, "");
}

TEST(LineContextTest, TimestampFarIntoTheLineIsIgnored) {
    // Only the start of the line is searched: a date deep in a message is
    // not the line's time.
    const std::string line = std::string(200, 'm') + " 2024-03-02 09:14:02 ";
    EXPECT_EQ(read_line_context(line).timestamp, "");
    const std::string near = std::string(100, 'm') + " 2024-03-02 09:14:02 ";
    EXPECT_EQ(read_line_context(near).timestamp, "2024-03-02T09:14:02");
}

TEST(LineContextTest, NoClockTimeNoContext) {
    // A gsktrace prefix: colons, but no digit:digit, so no form can match.
    LineContext c = read_line_context("Thd-14 EXIT gsk_secure_socket_init(): <--- ");
    EXPECT_EQ(c.timestamp, "");
    EXPECT_EQ(c.host, "");
    // The clock may sit right at the end of the searched prefix.
    EXPECT_EQ(read_line_context("x: 2024-03-02 09:14:02").timestamp, "2024-03-02T09:14:02");
    EXPECT_EQ(read_line_context(":2024-03-02 09:14:02").timestamp, "2024-03-02T09:14:02");
}

}  // namespace
}  // namespace alertscan
