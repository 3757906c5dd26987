#include "formats/input_format.hpp"

#include <gtest/gtest.h>

namespace alertscan {
namespace {

TEST(InputFormat, DetectsEachExportFromItsStart) {
    struct Case {
        std::string_view text;
        InputFormat want;
    };
    const Case cases[] = {
        {"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>",
         InputFormat::Xml},
        {"<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Events>\r\n", InputFormat::Xml},
        {"\n\n<Events>\n<Event xmlns=\"x\">", InputFormat::Xml},
        {"[\r\n    {\r\n        \"Id\":  36887,", InputFormat::Json},
        {"{\"@timestamp\":\"2024-03-02T17:14:02.123Z\"}\n", InputFormat::Json},
        {"#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n\"Message\",\"Id\"",
         InputFormat::Csv},
        {"Level,Date and Time,Source,Event ID,Task Category\r\n", InputFormat::Csv},
        {"Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n", InputFormat::Csv},
        {"\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n", InputFormat::Csv},
        {"Event[0]:\r\n  Log Name: System\r\n", InputFormat::WinText},
        {"Log Name:      System\r\nSource:        Schannel\r\n", InputFormat::WinText},
        {"\r\nTimeCreated  : 3/2/2024 9:14:02 AM\r\nProviderName : Schannel\r\n",
         InputFormat::WinText},
        // Lines that merely look like the start of a structured form.
        {"[Thu Mar 25 10:14:30.123 2021] [ssl:error] [pid 4242] SSL0208E", InputFormat::Text},
        {"[client 10.1.2.3] SSL handshake failed", InputFormat::Text},
        {"{not json at all", InputFormat::Text},
        {"<11>Mar  2 09:14:02 HOST01 Schannel[812]: 36887: A fatal alert", InputFormat::Text},
        {"Thd-0 ERROR read_v3_alert(): SSL V3 alert 46 received from 10.1.2.3", InputFormat::Text},
        {"", InputFormat::Text},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(detect_text_format(c.text), c.want) << c.text;
    }
}

TEST(InputFormat, EvtxMagicAndNames) {
    EXPECT_TRUE(looks_like_evtx(std::string_view("ElfFile\0\0\0\0\0", 12)));
    EXPECT_FALSE(looks_like_evtx("ElfFile"));
    EXPECT_FALSE(looks_like_evtx("ElfChnk\0"));
    for (std::string_view name : input_format_names()) {
        auto format = parse_input_format(name);
        ASSERT_TRUE(format.has_value()) << name;
        EXPECT_EQ(to_string(*format), name);
    }
    EXPECT_FALSE(parse_input_format("yaml").has_value());
}

TEST(InputFormat, RecordReadersExistForRecordFormatsOnly) {
    struct Sink : RecordSink {
        void on_record(const EventRecord&) override {}
    } sink;
    EXPECT_NE(make_record_reader(InputFormat::Xml, sink), nullptr);
    EXPECT_NE(make_record_reader(InputFormat::Csv, sink), nullptr);
    EXPECT_NE(make_record_reader(InputFormat::Json, sink), nullptr);
    EXPECT_NE(make_record_reader(InputFormat::WinText, sink), nullptr);
    EXPECT_EQ(make_record_reader(InputFormat::Text, sink), nullptr);
    EXPECT_EQ(make_record_reader(InputFormat::Evtx, sink), nullptr);
}

TEST(InputFormat, SkippedRecordsAreDescribedByCause) {
    EXPECT_EQ(describe(SkippedRecords{}), "");
    EXPECT_EQ(describe({.oversized = 2, .malformed = 1, .cut_off = 1}),
              "1 malformed, 1 cut off by the end of the input or by the next record, 2 over "
              "1024 KiB, not buffered");
    EXPECT_EQ((SkippedRecords{.oversized = 2, .malformed = 1, .cut_off = 1}.total()), 4u);
}

}  // namespace
}  // namespace alertscan
