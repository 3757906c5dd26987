// parse_event_xml on the XML shapes of schannel.md sections 2 and 3.5, and
// EventXmlSplitter on the ways XML exports put events one after another.

#include "formats/event_xml.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace alertscan {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// schannel.md 2.1: Event Viewer "Event Xml", pretty-printed, double quotes,
// upper-case GUID, 9 fraction digits (requests-credssp issue #18).
constexpr std::string_view kEventViewer36888 =
    R"(<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Schannel" Guid="{1F678132-5938-4686-9FDC-C8FF68F15C85}" />
    <EventID>36888</EventID>
    <Version>0</Version>
    <Level>2</Level>
    <Task>0</Task>
    <Opcode>0</Opcode>
    <Keywords>0x8000000000000000</Keywords>
    <TimeCreated SystemTime="2020-08-05T12:16:37.933329200Z" />
    <EventRecordID>2708</EventRecordID>
    <Correlation />
    <Execution ProcessID="520" ThreadID="2864" />
    <Channel>System</Channel>
    <Computer>WIN-U5410N2J187</Computer>
    <Security UserID="S-1-5-18" />
  </System>
  <EventData>
    <Data Name="AlertDesc">40</Data>
    <Data Name="ErrorState">1205</Data>
  </EventData>
</Event>)";

// schannel.md 3.5: ToXml()/wevtutil one-line form, single quotes, lower-case GUID.
constexpr std::string_view kToXml36887 =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider "
    "Name='Schannel' Guid='{1f678132-5938-4686-9fdc-c8ff68f15c85}'/><EventID>36887</EventID>"
    "<Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>"
    "0x8000000000000000</Keywords><TimeCreated SystemTime='2024-03-02T17:14:02.1234567Z'/>"
    "<EventRecordID>123456</EventRecordID><Correlation "
    "ActivityID='{ed8194e4-0ae5-416b-8e28-423581e9f40b}'/><Execution ProcessID='812' "
    "ThreadID='4420'/><Channel>System</Channel><Computer>HOST01.example.com</Computer><Security "
    "UserID='S-1-5-18'/></System><EventData><Data Name='AlertDesc'>46</Data></EventData></Event>";

// schannel.md 2.2 (axosyslog test schannel_36880), as /f:RenderedXml writes it.
constexpr std::string_view kUserData36880 =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
    "<System><Provider Name='Schannel' Guid='{1f678132-5938-4686-9fdc-c8ff68f15c85}'/>\n"
    "<EventID>36880</EventID><Version>0</Version><Level>4</Level><Task>0</Task>"
    "<Opcode>0</Opcode>\n<Keywords>0x8000000000000000</Keywords><TimeCreated "
    "SystemTime='2026-09-21T10:00:00.0000000Z'/>\n<EventRecordID>77</EventRecordID>"
    "<Channel>System</Channel><Computer>acme-dc1v.example.com</Computer><Security "
    "UserID='S-1-5-18'/></System>\n"
    "<UserData><EventXML xmlns='LSA_NS'><Type>server</Type><Protocol>TLS 1.2</Protocol>\n"
    "<CipherSuite>0xc030</CipherSuite><ExchangeStrength>384</ExchangeStrength>\n"
    "<ContextHandle>0x0</ContextHandle><TargetName></TargetName>\n"
    "<LocalCertSubjectName>CN=acme-dc1v.example.com</LocalCertSubjectName>\n"
    "<RemoteCertSubjectName></RemoteCertSubjectName></EventXML></UserData>\n"
    "<RenderingInfo Culture='en-US'><Message>A TLS server handshake completed "
    "successfully.</Message>\n<Level>Information</Level><Task></Task><Opcode>Info</Opcode>"
    "<Channel>System</Channel></RenderingInfo></Event>";

TEST(ParseEventXmlTest, EventViewerPrettyPrinted36888) {
    auto record = parse_event_xml(kEventViewer36888);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->provider_guid, "{1F678132-5938-4686-9FDC-C8FF68F15C85}");
    EXPECT_EQ(record->event_id, 36888);
    EXPECT_EQ(record->record_id, 2708u);
    EXPECT_EQ(record->time, "2020-08-05T12:16:37.9333292Z");  // 9 digits cut to 7
    EXPECT_EQ(record->computer, "WIN-U5410N2J187");
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "40"}, {"ErrorState", "1205"}}));
    EXPECT_EQ(record->message, "");
    EXPECT_EQ(record->field("alertdesc"), "40");
    EXPECT_EQ(record->offset, 0u);
    EXPECT_EQ(record->line, 0u);
}

TEST(ParseEventXmlTest, SingleQuotedOneLineToXml36887) {
    auto record = parse_event_xml(kToXml36887);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->provider_guid, "{1f678132-5938-4686-9fdc-c8ff68f15c85}");
    EXPECT_EQ(record->event_id, 36887);
    EXPECT_EQ(record->record_id, 123456u);
    EXPECT_EQ(record->time, "2024-03-02T17:14:02.1234567Z");
    EXPECT_EQ(record->computer, "HOST01.example.com");
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "46"}}));
}

TEST(ParseEventXmlTest, UserDataLeavesAndRenderedMessage) {
    auto record = parse_event_xml(kUserData36880);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->event_id, 36880);
    EXPECT_EQ(record->record_id, 77u);
    EXPECT_EQ(record->time, "2026-09-21T10:00:00.0000000Z");
    EXPECT_EQ(record->computer, "acme-dc1v.example.com");
    EXPECT_EQ(record->data, (Fields{{"Type", "server"},
                                    {"Protocol", "TLS 1.2"},
                                    {"CipherSuite", "0xc030"},
                                    {"ExchangeStrength", "384"},
                                    {"ContextHandle", "0x0"},
                                    {"TargetName", ""},
                                    {"LocalCertSubjectName", "CN=acme-dc1v.example.com"},
                                    {"RemoteCertSubjectName", ""}}));
    // The RenderingInfo <Level>, <Channel> ... are not fields.
    EXPECT_EQ(record->message, "A TLS server handshake completed successfully.");
}

TEST(ParseEventXmlTest, NestedUserDataLeaves) {
    auto record = parse_event_xml(
        "<Event><System><EventID>1</EventID></System><UserData><Wrapper xmlns='x'><Outer>"
        "<AlertDesc>48</AlertDesc></Outer><Flat>y</Flat></Wrapper></UserData></Event>");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "48"}, {"Flat", "y"}}));
}

TEST(ParseEventXmlTest, RenderedMessageKeepsLinesAndEntities) {
    auto record = parse_event_xml(
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        "<Provider Name='Schannel'/><EventID>36887</EventID></System><EventData>"
        "<Data Name='AlertDesc'>46</Data></EventData><RenderingInfo Culture='en-US'><Message>"
        "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal "
        "alert code is 46.\r\n\r\nR&amp;D &lt;x&gt;</Message><Level>Error</Level>"
        "</RenderingInfo></Event>");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->message,
              "A fatal alert was received from the remote endpoint. The TLS protocol defined "
              "fatal alert code is 46.\n\nR&D <x>");
    EXPECT_EQ(record->provider_guid, "");
    EXPECT_FALSE(record->record_id);
    EXPECT_EQ(record->time, "");
}

TEST(ParseEventXmlTest, UnnamedDataAndQualifiers) {
    auto record = parse_event_xml(
        R"(<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>)"
        R"(<Provider Name="Service Control Manager" Guid="{555908d1-a6d7-4695-8e1e-26931d2012f4}")"
        R"( EventSourceName="Service Control Manager"/><EventID Qualifiers="16384">7036</EventID>)"
        R"(<TimeCreated SystemTime="2012-03-14 04:17:38.2763402"/></System><EventData>)"
        R"(<Data>Windows Modules Installer</Data><Data Name="x">b</Data><Data>stopped</Data>)"
        R"(<Data/><Binary>5400</Binary></EventData></Event>)");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->provider, "Service Control Manager");
    EXPECT_EQ(record->event_id, 7036);
    EXPECT_EQ(record->time, "2012-03-14T04:17:38.2763402Z");
    EXPECT_EQ(record->data, (Fields{{"Data1", "Windows Modules Installer"},
                                    {"x", "b"},
                                    {"Data2", "stopped"},
                                    {"Data3", ""}}));
}

TEST(ParseEventXmlTest, NamespacePrefixes) {
    auto record = parse_event_xml(
        "<?xml version='1.0' encoding='utf-8'?>\n<!-- saved -->\n"
        "<ev:Event xmlns:ev='http://schemas.microsoft.com/win/2004/08/events/event'>"
        "<ev:System><ev:Provider ev:Name='Schannel' Guid='{1f678132-5938-4686-9fdc-c8ff68f15c85}'/>"
        "<ev:EventID>36888</ev:EventID><ev:EventRecordID>9</ev:EventRecordID>"
        "<ev:TimeCreated SystemTime='2024-03-02T17:14:02.5+00:00'/>"
        "<ev:Computer> HOST02 </ev:Computer></ev:System>"
        "<ev:EventData><ev:Data Name='AlertDesc'>20</ev:Data><ev:Data Name='ErrorState'>960"
        "</ev:Data></ev:EventData></ev:Event>");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->provider_guid, "{1f678132-5938-4686-9fdc-c8ff68f15c85}");
    EXPECT_EQ(record->event_id, 36888);
    EXPECT_EQ(record->record_id, 9u);
    EXPECT_EQ(record->time, "2024-03-02T17:14:02.5Z");
    EXPECT_EQ(record->computer, "HOST02");
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "20"}, {"ErrorState", "960"}}));
}

TEST(ParseEventXmlTest, TimeForms) {
    auto time_of = [](std::string_view system_time) {
        std::string xml = "<Event><System><TimeCreated SystemTime='" + std::string(system_time) +
                          "'/></System></Event>";
        auto record = parse_event_xml(xml);
        return record ? record->time : std::string("<nullopt>");
    };
    EXPECT_EQ(time_of("2024-03-02T17:14:02Z"), "2024-03-02T17:14:02Z");
    EXPECT_EQ(time_of("2024-03-02T17:14:02.123Z"), "2024-03-02T17:14:02.123Z");
    EXPECT_EQ(time_of("2012-03-14 04:17:43.354562"), "2012-03-14T04:17:43.354562Z");
    EXPECT_EQ(time_of("2024-03-02T17:14:02.12345678901+00:00"), "2024-03-02T17:14:02.1234567Z");
    EXPECT_EQ(time_of("2024-03-02T17:14:02.5+01:00"), "2024-03-02T17:14:02.5+01:00");
    EXPECT_EQ(time_of("yesterday"), "yesterday");
}

TEST(ParseEventXmlTest, NotAnEvent) {
    EXPECT_FALSE(parse_event_xml(""));
    EXPECT_FALSE(parse_event_xml("not xml at all"));
    EXPECT_FALSE(parse_event_xml("<Events><Event/></Events>"));
    EXPECT_FALSE(parse_event_xml("<EventData><Data Name='AlertDesc'>40</Data></EventData>"));
    EXPECT_FALSE(parse_event_xml("<Event><System><EventID>1</EventID></System>"));  // unclosed
    EXPECT_FALSE(parse_event_xml("<Event><System></Event>"));                       // mismatched
    EXPECT_TRUE(parse_event_xml("<Event/>"));
}

// --- EventXmlSplitter ------------------------------------------------------

struct Found {
    std::string xml;
    std::uint64_t offset;
    std::uint64_t line;
    bool operator==(const Found&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Found& found) {
    return out << "{" << found.offset << ", line " << found.line << ": " << found.xml << "}";
}

class Collector {
  public:
    EventXmlSplitter::Callback callback() {
        return [this](std::string_view xml, std::uint64_t offset, std::uint64_t line) {
            found.push_back({std::string(xml), offset, line});
        };
    }
    std::vector<Found> found;
};

std::vector<Found> split_whole(std::string_view text) {
    Collector collector;
    EventXmlSplitter splitter(collector.callback());
    splitter.feed(text, 0);
    splitter.finish();
    return collector.found;
}

TEST(EventXmlSplitterTest, BackToBackOnOneLine) {
    std::string first(kToXml36887);
    std::string second = "<Event xmlns='e'><System><EventID>2</EventID></System></Event>";
    std::string text = first + second + "\r\n";
    auto found = split_whole(text);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0], (Found{first, 0, 1}));
    EXPECT_EQ(found[1], (Found{second, first.size(), 1}));
}

TEST(EventXmlSplitterTest, EventsRootPrettyPrinted) {
    std::string head = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n";
    std::string second = "<Event><System><EventID>7</EventID></System><EventData/></Event >";
    std::string text = head + std::string(kEventViewer36888) + "\n" + second + "\n</Events>\n";
    auto found = split_whole(text);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0], (Found{std::string(kEventViewer36888), head.size(), 3}));
    EXPECT_EQ(found[1], (Found{second, head.size() + kEventViewer36888.size() + 1, 25}));
}

TEST(EventXmlSplitterTest, OnePerLineAndNotStarts) {
    std::string text =
        "<Events><EventData>x</EventData>\n"
        "<Event>\n<System/></Event>\n"
        "<Eventually/><Event\t>b</Event>\n";
    auto found = split_whole(text);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0], (Found{"<Event>\n<System/></Event>", 33, 2}));
    EXPECT_EQ(found[1], (Found{"<Event\t>b</Event>", 72, 4}));
}

TEST(EventXmlSplitterTest, EverySplitPositionGivesTheSameEvents) {
    std::string text = "<?xml version='1.0'?>\r\n<Events>\r\n" + std::string(kEventViewer36888) +
                       std::string(kToXml36887) + std::string(kToXml36887) +
                       "\r\n<Event>x</Event\n>\r\n</Events>";
    std::vector<Found> expected = split_whole(text);
    ASSERT_EQ(expected.size(), 4u);
    EXPECT_EQ(expected[3].xml, "<Event>x</Event\n>");
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        Collector collector;
        EventXmlSplitter splitter(collector.callback());
        splitter.feed(std::string_view(text).substr(0, cut), 0);
        splitter.feed(std::string_view(text).substr(cut), cut);
        splitter.finish();
        ASSERT_EQ(collector.found, expected) << "cut at " << cut;
        EXPECT_EQ(splitter.truncated(), 0u);
    }
    // One byte at a time, and in pieces of three and 17 bytes.
    for (std::size_t piece : {1, 3, 17}) {
        Collector collector;
        EventXmlSplitter splitter(collector.callback());
        for (std::size_t at = 0; at < text.size(); at += piece) {
            splitter.feed(std::string_view(text).substr(at, piece), at);
        }
        splitter.finish();
        EXPECT_EQ(collector.found, expected) << "pieces of " << piece;
        EXPECT_EQ(splitter.events(), 4u);
    }
}

TEST(EventXmlSplitterTest, OverlappingPiecesAreNotSeenTwice) {
    std::string text = std::string(kToXml36887) + "\n" + std::string(kToXml36887) + "\n";
    std::vector<Found> expected = split_whole(text);
    ASSERT_EQ(expected.size(), 2u);
    Collector collector;
    EventXmlSplitter splitter(collector.callback());
    splitter.feed(std::string_view(text).substr(0, 700), 0);
    splitter.feed(std::string_view(text).substr(600, 300), 600);  // overlaps by 100 bytes
    splitter.feed(std::string_view(text).substr(100, 50), 100);   // entirely seen
    splitter.feed(std::string_view(text).substr(900), 900);
    splitter.finish();
    EXPECT_EQ(collector.found, expected);
}

TEST(EventXmlSplitterTest, OversizedEventIsSkipped) {
    std::string small = "<Event><EventData><Data Name='AlertDesc'>40</Data></EventData></Event>";
    std::string big = "<Event><EventData><Data Name='Blob'>" + std::string(300, 'x') +
                      "</Data></EventData></Event>";
    std::string text = small + "\n" + big + "\n" + small + "\n";
    for (std::size_t piece : {7, 64, 10000}) {
        Collector collector;
        EventXmlSplitter splitter(collector.callback(), 200);
        for (std::size_t at = 0; at < text.size(); at += piece) {
            splitter.feed(std::string_view(text).substr(at, piece), at);
        }
        splitter.finish();
        EXPECT_EQ(splitter.oversized(), 1u) << piece;
        ASSERT_EQ(collector.found.size(), 2u) << piece;
        EXPECT_EQ(collector.found[0], (Found{small, 0, 1}));
        EXPECT_EQ(collector.found[1], (Found{small, small.size() + big.size() + 2, 3}));
    }
}

TEST(EventXmlSplitterTest, OversizedAtTheDefaultLimit) {
    std::string big = "<Event><EventData><Data Name='Blob'>" + std::string(1100000, 'x') +
                      "</Data></EventData></Event>";
    std::string text = big + "<Event><System><EventID>36888</EventID></System></Event>";
    Collector collector;
    EventXmlSplitter splitter(collector.callback());
    for (std::size_t at = 0; at < text.size(); at += 65536) {
        splitter.feed(std::string_view(text).substr(at, 65536), at);
    }
    splitter.finish();
    EXPECT_EQ(splitter.oversized(), 1u);
    ASSERT_EQ(collector.found.size(), 1u);
    EXPECT_EQ(collector.found[0].offset, big.size());
}

TEST(EventXmlSplitterTest, CutOffEvents) {
    Collector collector;
    EventXmlSplitter splitter(collector.callback());
    splitter.feed("<Event><System><EventID>1</Even\n<Event>ok</Event>\n<Event><System>", 0);
    splitter.finish();
    ASSERT_EQ(collector.found.size(), 1u);
    EXPECT_EQ(collector.found[0], (Found{"<Event>ok</Event>", 32, 2}));
    EXPECT_EQ(splitter.truncated(), 2u);
}

class VectorSink : public RecordSink {
  public:
    void on_record(const EventRecord& record) override { records.push_back(record); }
    std::vector<EventRecord> records;
};

TEST(EventXmlSplitterTest, RecordSinkForm) {
    std::string text =
        std::string(kToXml36887) + "\n<Event><a></Event>\n" + std::string(kEventViewer36888) + "\n";
    VectorSink sink;
    EventXmlSplitter splitter(sink);
    splitter.feed(text, 1000);
    splitter.finish();
    EXPECT_EQ(splitter.events(), 3u);
    EXPECT_EQ(splitter.unparsable(), 1u);
    ASSERT_EQ(sink.records.size(), 2u);
    EXPECT_EQ(sink.records[0].event_id, 36887);
    EXPECT_EQ(sink.records[0].offset, 1000u);
    EXPECT_EQ(sink.records[0].line, 1u);
    EXPECT_EQ(sink.records[1].event_id, 36888);
    EXPECT_EQ(sink.records[1].offset, 1000u + kToXml36887.size() + 20);
    EXPECT_EQ(sink.records[1].line, 3u);
    EXPECT_EQ(sink.records[1].field("ErrorState"), "1205");
}

}  // namespace
}  // namespace alertscan
