// WinTextEventReader on the block-structured text exports of schannel.md:
// Event Viewer "Copy details as text" (3.1), wevtutil /f:text (3.4) and
// PowerShell Format-List (3.7), with the real SChannel message texts (1.1).

#include "formats/wintext_events.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace alertscan {
namespace {

// schannel.md 1.1, the 2012 / 2012 R2 wording (requests-credssp issue #18).
constexpr std::string_view kMessage2012 =
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal error code is 40. The Windows SChannel "
    "error state is 1205.";
constexpr std::string_view kSentence2012 =
    "fatal error code is 40. The Windows SChannel error state is 1205.";
constexpr std::string_view kMessage36887 =
    "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert "
    "code is 46.";
// The Windows 10 1607+ 36888 message, as its lines.
constexpr std::string_view kWin10Line1 =
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal alert code is 40.";
constexpr std::string_view kWin10Registry =
    "The TLS alert registry can be found at "
    "http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6";

// schannel.md 3.1, the real record (XML from section 2.1).
constexpr std::string_view kCopyDetails36888 =
    R"(Log Name:      System
Source:        Schannel
Date:          8/5/2020 5:16:37 AM
Event ID:      36888
Task Category: None
Level:         Error
Keywords:      
User:          SYSTEM
Computer:      WIN-U5410N2J187
Description:
A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is 40. The Windows SChannel error state is 1205.
Event Xml:
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
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
</Event>
)";

// Copy details of the Windows 10 36888 (message with blank lines and an
// indented line) and of a 36887, without XML.
constexpr std::string_view kCopyDetailsWin10 =
    "Log Name:      System\n"
    "Source:        Schannel\n"
    "Date:          3/2/2024 12:40:09 PM\n"
    "Event ID:      36888\n"
    "Task Category: None\n"
    "Level:         Error\n"
    "Keywords:      \n"
    "User:          SYSTEM\n"
    "Computer:      HOST01.example.com\n"
    "Description:\n"
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal alert code is 40.\n"
    "\n"
    "   Target name: \n"
    "\n"
    "The TLS alert registry can be found at "
    "http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6\n"
    "\n"
    "Log Name:      System\n"
    "Source:        Schannel\n"
    "Date:          3/2/2024 12:40:10 AM\n"
    "Event ID:      36887\n"
    "Task Category: None\n"
    "Level:         Error\n"
    "Keywords:      \n"
    "User:          SYSTEM\n"
    "Computer:      HOST01.example.com\n"
    "Description:\n"
    "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert "
    "code is 46.\n";

// schannel.md 3.4: description on the next line, then on the same line,
// then a non-SChannel event and the Windows 10 multi-line message.
constexpr std::string_view kWevtutil =
    "Event[0]:\n"
    "  Log Name: System\n"
    "  Source: Schannel\n"
    "  Date: 2024-03-02T09:14:02.123\n"
    "  Event ID: 36887\n"
    "  Task: None\n"
    "  Level: Error\n"
    "  Opcode: Info\n"
    "  Keyword: N/A\n"
    "  User: S-1-5-18\n"
    "  User Name: NT AUTHORITY\\SYSTEM\n"
    "  Computer: HOST01.example.com\n"
    "  Description: \n"
    "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert "
    "code is 46.\n"
    "\n"
    "Event[1]:\n"
    "  Log Name: System\n"
    "  Source: Schannel\n"
    "  Date: 2024-03-02T09:14:03.456\n"
    "  Event ID: 36888\n"
    "  Task: None\n"
    "  Level: Error\n"
    "  Opcode: Info\n"
    "  Keyword: N/A\n"
    "  User: S-1-5-18\n"
    "  User Name: NT AUTHORITY\\SYSTEM\n"
    "  Computer: HOST01.example.com\n"
    "  Description: A fatal alert was generated and sent to the remote endpoint. This may result "
    "in termination of the connection. The TLS protocol defined fatal error code is 40. The "
    "Windows SChannel error state is 1205.\n"
    "\n"
    "Event[2]:\n"
    "  Log Name: Application\n"
    "  Source: WLMS\n"
    "  Date: 2020-12-14T17:09:08.940\n"
    "  Event ID: 100\n"
    "  Task: None\n"
    "  Level: Information\n"
    "  Opcode: Info\n"
    "  Keyword: Classic\n"
    "  User: N/A\n"
    "  User Name: N/A\n"
    "  Computer: WIN-1O0UJBNP9G7\n"
    "  Description: \n"
    "N/A\n"
    "\n"
    "Event[3]:\n"
    "  Log Name: System\n"
    "  Source: Schannel\n"
    "  Date: 2024-03-02T12:40:09.789\n"
    "  Event ID: 36888\n"
    "  Task: None\n"
    "  Level: Error\n"
    "  Opcode: Info\n"
    "  Keyword: N/A\n"
    "  User: S-1-5-18\n"
    "  User Name: NT AUTHORITY\\SYSTEM\n"
    "  Computer: HOST01.example.com\n"
    "  Description: \n"
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal alert code is 40.\n"
    "\n"
    "   Target name: \n"
    "\n"
    "The TLS alert registry can be found at "
    "http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6\n";

// schannel.md 3.7, the default Format-List view at 80 columns, as
// PowerShell writes it (two blank lines first).
constexpr std::string_view kFormatList =
    "\n"
    "\n"
    "TimeCreated  : 3/2/2024 9:14:02 AM\n"
    "ProviderName : Schannel\n"
    "Id           : 36887\n"
    "Message      : A fatal alert was received from the remote endpoint. The TLS protocol defined "
    "fatal alert code is\n"
    "               46.\n"
    "\n"
    "TimeCreated  : 8/5/2020 5:16:37 AM\n"
    "ProviderName : Schannel\n"
    "Id           : 36888\n"
    "Message      : A fatal alert was generated and sent to the remote endpoint.\n"
    "               This may result in termination of the connection. The TLS\n"
    "               protocol defined fatal error code is 40. The Windows SChannel\n"
    "               error state is 1205.\n"
    "\n"
    "\n";

class Collector : public RecordSink {
  public:
    void on_record(const EventRecord& record) override { records.push_back(record); }
    std::vector<EventRecord> records;
};

struct Result {
    std::vector<EventRecord> records;
    std::uint64_t skipped = 0;
};

// Feeds `text` in pieces of `piece` bytes (0: all at once), then finishes.
Result read(std::string_view text, std::size_t piece = 0) {
    Collector sink;
    WinTextEventReader reader(sink);
    if (piece == 0) piece = text.size() + 1;
    for (std::size_t at = 0; at < text.size(); at += piece) {
        reader.feed(text.substr(at, piece), at);
    }
    reader.finish();
    return {std::move(sink.records), reader.skipped()};
}

// Everything a record holds, for comparisons with a readable failure.
std::string describe(const EventRecord& record) {
    std::ostringstream out;
    out << "provider=" << record.provider << " guid=" << record.provider_guid
        << " id=" << (record.event_id ? std::to_string(*record.event_id) : "-")
        << " rid=" << (record.record_id ? std::to_string(*record.record_id) : "-")
        << " time=" << record.time << " computer=" << record.computer << " line=" << record.line
        << " offset=" << record.offset << " message=[" << record.message << "] data={";
    for (const auto& [name, value] : record.data) out << name << '=' << value << ';';
    out << '}';
    return out.str();
}

std::vector<std::string> describe(const Result& result) {
    std::vector<std::string> out;
    for (const EventRecord& record : result.records) out.push_back(describe(record));
    out.push_back("skipped=" + std::to_string(result.skipped));
    return out;
}

std::string to_crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out.push_back('\r');
        out.push_back(c);
    }
    return out;
}

std::string read_fixture(std::string_view name) {
    std::ifstream in(
        std::string(ALERTSCAN_SOURCE_DIR) + "/tests/data/exports/text/" + std::string(name),
        std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The Format-List record of the 2012 36888 with its message broken into the
// given lines (continuations indented to column 15).
std::string format_list_2012(const std::vector<std::string>& message_lines) {
    std::string text =
        "TimeCreated  : 8/5/2020 5:16:37 AM\n"
        "ProviderName : Schannel\n"
        "Id           : 36888\n";
    for (std::size_t i = 0; i < message_lines.size(); ++i) {
        text += i == 0 ? "Message      : " : "               ";
        text += message_lines[i];
        text += '\n';
    }
    return text;
}

// --- Copy details as text ---

TEST(WinTextCopyDetailsTest, Real36888With2012WordingAndEventXml) {
    Result result = read(kCopyDetails36888);
    ASSERT_EQ(result.records.size(), 1u);
    const EventRecord& record = result.records[0];
    EXPECT_EQ(record.provider, "Schannel");
    EXPECT_EQ(record.event_id, 36888);
    EXPECT_EQ(record.time, "2020-08-05T05:16:37");  // the local Date, not the XML's UTC
    EXPECT_EQ(record.computer, "WIN-U5410N2J187");
    EXPECT_EQ(record.message, kMessage2012);  // stops at "Event Xml:"
    EXPECT_EQ(record.line, 1u);
    EXPECT_EQ(record.offset, 0u);
    // From the Event Xml block.
    EXPECT_EQ(record.provider_guid, "{1F678132-5938-4686-9FDC-C8FF68F15C85}");
    EXPECT_EQ(record.record_id, 2708u);
    EXPECT_EQ(record.field("AlertDesc"), "40");
    EXPECT_EQ(record.field("ErrorState"), "1205");
    EXPECT_EQ(record.data.size(), 2u);
    EXPECT_EQ(result.skipped, 0u);
}

TEST(WinTextCopyDetailsTest, MultiLineDescriptionsJoinedAndSeveralRecords) {
    Result result = read(kCopyDetailsWin10);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].event_id, 36888);
    EXPECT_EQ(result.records[0].time, "2024-03-02T12:40:09");  // 12 PM
    EXPECT_EQ(result.records[0].message,
              std::string(kWin10Line1) + " Target name: " + std::string(kWin10Registry));
    EXPECT_TRUE(result.records[0].data.empty());
    EXPECT_EQ(result.records[0].line, 1u);
    EXPECT_EQ(result.records[1].event_id, 36887);
    EXPECT_EQ(result.records[1].time, "2024-03-02T00:40:10");  // 12 AM
    EXPECT_EQ(result.records[1].message, kMessage36887);
    EXPECT_EQ(result.records[1].line, 17u);
    EXPECT_EQ(kCopyDetailsWin10.substr(result.records[1].offset, 9), "Log Name:");
}

TEST(WinTextCopyDetailsTest, JapaneseLabels) {
    // schannel.md 4: localized labels, yyyy/MM/dd date, Japanese message.
    const std::string text =
        "ログの名前:    System\n"
        "ソース:        Schannel\n"
        "日付:          2020/07/05 15:29:16\n"
        "イベント ID:   36887\n"
        "タスクのカテゴリ: なし\n"
        "レベル:        エラー\n"
        "キーワード:    \n"
        "ユーザー:      SYSTEM\n"
        "コンピューター: WIN-SERVER01\n"
        "説明:\n"
        "リモート エンドポイントから致命的な警告を受け取りました。TLS "
        "プロトコルで定義されているこの致命的な警告のコードは 20 です。\n"
        "イベント XML:\n"
        "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
        "  <EventData><Data Name=\"AlertDesc\">20</Data></EventData>\n"
        "</Event>\n";
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 1u);
    const EventRecord& record = result.records[0];
    EXPECT_EQ(record.provider, "Schannel");
    EXPECT_EQ(record.event_id, 36887);
    EXPECT_EQ(record.time, "2020-07-05T15:29:16");
    EXPECT_EQ(record.computer, "WIN-SERVER01");
    // The localized "Event Xml" label before the XML is not kept.
    EXPECT_EQ(record.message,
              "リモート エンドポイントから致命的な警告を受け取りました。TLS "
              "プロトコルで定義されているこの致命的な警告のコードは 20 です。");
    EXPECT_EQ(record.field("AlertDesc"), "20");
}

TEST(WinTextCopyDetailsTest, XmlWithSingleQuotesEntitiesAndEmptyData) {
    const std::string text =
        "Log Name:      System\n"
        "Source:        Schannel\n"
        "Event ID:      36888\n"
        "Description:\n"
        "text\n"
        "Event Xml:\n"
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider "
        "Name='Schannel' Guid='{1f678132-5938-4686-9fdc-c8ff68f15c85}'/><EventID>36888</EventID>"
        "<EventRecordID>77</EventRecordID></System><EventData><Data Name='AlertDesc'>40</Data>"
        "<Data Name='ErrorState'>1205</Data><Data Name='TargetName'>a&amp;b&#x2E;example</Data>"
        "<Data Name='Empty'/><Data>x</Data></EventData></Event>\n";
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 1u);
    const EventRecord& record = result.records[0];
    EXPECT_EQ(record.provider_guid, "{1f678132-5938-4686-9fdc-c8ff68f15c85}");
    EXPECT_EQ(record.record_id, 77u);
    EXPECT_EQ(record.message, "text");
    EXPECT_EQ(record.field("TargetName"), "a&b.example");
    EXPECT_EQ(record.field("Empty"), "");
    EXPECT_EQ(record.field("Data1"), "x");
    EXPECT_EQ(record.data.size(), 5u);
}

// --- wevtutil /f:text ---

TEST(WinTextWevtutilTest, DescriptionOnTheNextLine36887) {
    Result result = read(kWevtutil);
    ASSERT_EQ(result.records.size(), 4u);
    const EventRecord& record = result.records[0];
    EXPECT_EQ(record.provider, "Schannel");
    EXPECT_EQ(record.event_id, 36887);
    EXPECT_EQ(record.time, "2024-03-02T09:14:02.123");  // ISO local time kept as written
    EXPECT_EQ(record.computer, "HOST01.example.com");
    EXPECT_EQ(record.message, kMessage36887);
    EXPECT_FALSE(record.record_id);  // wevtutil's Event[N] is an index, not the record id
    EXPECT_EQ(record.line, 1u);
    EXPECT_EQ(record.offset, 0u);
}

TEST(WinTextWevtutilTest, DescriptionOnTheSameLine) {
    Result result = read(kWevtutil);
    ASSERT_EQ(result.records.size(), 4u);
    const EventRecord& record = result.records[1];
    EXPECT_EQ(record.event_id, 36888);
    EXPECT_EQ(record.time, "2024-03-02T09:14:03.456");
    EXPECT_EQ(record.message, kMessage2012);
    EXPECT_EQ(record.line, 16u);
    EXPECT_EQ(kWevtutil.substr(record.offset, 9), "Event[1]:");
}

TEST(WinTextWevtutilTest, OtherEventsAndMultiLineDescriptions) {
    Result result = read(kWevtutil);
    ASSERT_EQ(result.records.size(), 4u);
    EXPECT_EQ(result.records[2].provider, "WLMS");
    EXPECT_EQ(result.records[2].event_id, 100);
    EXPECT_EQ(result.records[2].computer, "WIN-1O0UJBNP9G7");
    EXPECT_EQ(result.records[2].message, "N/A");
    EXPECT_EQ(result.records[3].event_id, 36888);
    EXPECT_EQ(result.records[3].message,
              std::string(kWin10Line1) + " Target name: " + std::string(kWin10Registry));
    EXPECT_EQ(result.skipped, 0u);
}

// --- Format-List ---

TEST(WinTextFormatListTest, DefaultViewWrappedMessages) {
    Result result = read(kFormatList);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].provider, "Schannel");
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:02");
    EXPECT_EQ(result.records[0].message, kMessage36887);
    EXPECT_EQ(result.records[0].line, 3u);
    EXPECT_EQ(result.records[0].offset, 2u);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].time, "2020-08-05T05:16:37");
    EXPECT_EQ(result.records[1].message, kMessage2012);
    EXPECT_EQ(result.records[1].line, 9u);
    EXPECT_EQ(kFormatList.substr(result.records[1].offset, 12), "TimeCreated ");
}

TEST(WinTextFormatListTest, WrapAtEveryPositionInsideTheErrorStateSentence) {
    const std::string message(kMessage2012);
    const std::size_t sentence = message.find(kSentence2012);
    ASSERT_NE(sentence, std::string::npos);
    int cases = 0;
    // One break at each space of the sentence.
    for (std::size_t at = sentence; at < message.size(); ++at) {
        if (message[at] != ' ') continue;
        std::string text = format_list_2012({message.substr(0, at), message.substr(at + 1)});
        Result result = read(text);
        ASSERT_EQ(result.records.size(), 1u) << text;
        EXPECT_EQ(result.records[0].message, kMessage2012) << text;
        EXPECT_NE(result.records[0].message.find(kSentence2012), std::string::npos);
        ++cases;
    }
    // Every console width: the message wrapped at word boundaries, many times.
    for (std::size_t width = 10; width <= 120; ++width) {
        std::vector<std::string> lines;
        std::string current;
        std::istringstream words(message);
        for (std::string word; words >> word;) {
            if (!current.empty() && current.size() + 1 + word.size() > width) {
                lines.push_back(current);
                current.clear();
            }
            current += (current.empty() ? "" : " ") + word;
        }
        lines.push_back(current);
        std::string text = to_crlf(format_list_2012(lines));
        Result result = read(text);
        ASSERT_EQ(result.records.size(), 1u) << text;
        EXPECT_EQ(result.records[0].message, kMessage2012) << text;
        ++cases;
    }
    // A break at each of the sentence's spaces, and widths 10..120.
    EXPECT_EQ(cases, std::count(kSentence2012.begin(), kSentence2012.end(), ' ') + 111);
}

TEST(WinTextFormatListTest, AllPropertiesView) {
    // Format-List *: Message first, value column 23, empty values, Properties.
    const std::string text =
        "\n"
        "\n"
        "Message              : A fatal alert was generated and sent to the remote endpoint.\n"
        "                       This may result in termination of the connection. The TLS\n"
        "                       protocol defined fatal error code is\n"
        "                       40. The Windows SChannel error state is 1205.\n"
        "Id                   : 36888\n"
        "Version              : 0\n"
        "Qualifiers           : \n"
        "Level                : 2\n"
        "Task                 : 0\n"
        "Opcode               : 0\n"
        "Keywords             : -9223372036854775808\n"
        "RecordId             : 2708\n"
        "ProviderName         : Schannel\n"
        "ProviderId           : 1f678132-5938-4686-9fdc-c8ff68f15c85\n"
        "LogName              : System\n"
        "ProcessId            : 520\n"
        "ThreadId             : 2864\n"
        "MachineName          : WIN-U5410N2J187\n"
        "UserId               : S-1-5-18\n"
        "TimeCreated          : 8/5/2020 5:16:37 AM\n"
        "ActivityId           : \n"
        "RelatedActivityId    : \n"
        "ContainerLog         : System\n"
        "MatchedQueryIds      : {}\n"
        "Bookmark             : System.Diagnostics.Eventing.Reader.EventBookmark\n"
        "LevelDisplayName     : Error\n"
        "OpcodeDisplayName    : Info\n"
        "TaskDisplayName      : \n"
        "KeywordsDisplayNames : {}\n"
        "Properties           : {System.Diagnostics.Eventing.Reader.EventProperty,\n"
        "                       System.Diagnostics.Eventing.Reader.EventProperty}\n"
        "\n"
        "\n";
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 1u);
    const EventRecord& record = result.records[0];
    EXPECT_EQ(record.message, kMessage2012);
    EXPECT_EQ(record.event_id, 36888);
    EXPECT_EQ(record.record_id, 2708u);
    EXPECT_EQ(record.provider, "Schannel");
    EXPECT_EQ(record.provider_guid, "{1f678132-5938-4686-9fdc-c8ff68f15c85}");
    EXPECT_EQ(record.computer, "WIN-U5410N2J187");
    EXPECT_EQ(record.time, "2020-08-05T05:16:37");
    EXPECT_TRUE(record.data.empty());  // Properties carries no values
    EXPECT_EQ(record.line, 3u);
}

TEST(WinTextFormatListTest, MultiLineMessageWithPaddedOrEmptyBlankLines) {
    const std::string expected =
        std::string(kWin10Line1) + " Target name: " + std::string(kWin10Registry);
    for (std::string_view blank : {"               ", ""}) {
        const std::string text =
            "TimeCreated  : 3/2/2024 12:40:09 PM\n"
            "ProviderName : Schannel\n"
            "Id           : 36888\n"
            "Message      : " +
            std::string(kWin10Line1) + "\n" + std::string(blank) +
            "\n"
            "                  Target name: \n" +
            std::string(blank) + "\n               " + std::string(kWin10Registry) +
            "\n"
            "\n"
            "TimeCreated  : 3/2/2024 12:40:10 PM\n"
            "ProviderName : Schannel\n"
            "Id           : 36887\n"
            "Message      : " +
            std::string(kMessage36887) + "\n";
        Result result = read(text);
        ASSERT_EQ(result.records.size(), 2u) << "blank=[" << blank << "]";
        EXPECT_EQ(result.records[0].message, expected) << "blank=[" << blank << "]";
        EXPECT_EQ(result.records[1].message, kMessage36887);
        EXPECT_EQ(result.records[1].line, 10u);
    }
}

TEST(WinTextFormatListTest, GetEventLogProperties) {
    const std::string text =
        "Index              : 4711\n"
        "EntryType          : Error\n"
        "InstanceId         : 3221262424\n"
        "Message            : A fatal alert was received from the remote endpoint. The TLS\n"
        "                     protocol defined fatal alert code is 46.\n"
        "Category           : (0)\n"
        "CategoryNumber     : 0\n"
        "ReplacementStrings : {46}\n"
        "Source             : Schannel\n"
        "TimeGenerated      : 3/2/2024 9:14:02 AM\n"
        "TimeWritten        : 3/2/2024 9:14:02 AM\n"
        "UserName           : NT AUTHORITY\\SYSTEM\n"
        "EventID            : 36887\n"
        "MachineName        : HOST01.example.com\n";
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].record_id, 4711u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].provider, "Schannel");
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:02");
    EXPECT_EQ(result.records[0].computer, "HOST01.example.com");
    EXPECT_EQ(result.records[0].message, kMessage36887);
}

TEST(WinTextFormatListTest, TruncatingTableViewIsIgnored) {
    const std::string text =
        "\n"
        "   ProviderName: Schannel\n"
        "\n"
        "TimeCreated                      Id LevelDisplayName Message\n"
        "-----------                      -- ---------------- -------\n"
        "3/2/2024 9:14:02 AM           36887 Error            A fatal alert was received from "
        "the remote endpoint. The TLS pro...\n"
        "\n";
    Result result = read(text);
    EXPECT_TRUE(result.records.empty());
    EXPECT_EQ(result.skipped, 0u);
}

TEST(WinTextFormatListTest, TextAfterABlankLineEndsTheRecord) {
    const std::string text =
        "Id           : 36887\n"
        "Message      : A fatal alert was received from the remote endpoint.\n"
        "\n"
        "PS C:\\> Get-Date\n"
        "               not a continuation\n"
        "\n"
        "Id           : 36888\n";
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].message, "A fatal alert was received from the remote endpoint.");
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].line, 7u);
}

// --- across forms ---

TEST(WinTextReaderTest, MissingEventIdIsDeliveredWithoutOne) {
    // Documented: a block without (a readable) Event ID is still a record;
    // event_id stays unset and the consumer decides.
    const std::string text =
        "Event[0]:\n"
        "  Log Name: System\n"
        "  Source: Schannel\n"
        "  Computer: HOST01\n"
        "  Description: \n"
        "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert "
        "code is 46.\n"
        "\n"
        "Event[1]:\n"
        "  Source: Schannel\n"
        "  Event ID: thirty\n"
        "  Description: x\n";
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_FALSE(result.records[0].event_id);
    EXPECT_EQ(result.records[0].provider, "Schannel");
    EXPECT_EQ(result.records[0].message, kMessage36887);
    EXPECT_FALSE(result.records[1].event_id);
    EXPECT_EQ(result.skipped, 0u);
}

TEST(WinTextReaderTest, BlocksWithoutKnownFieldsAreNotRecords) {
    const std::string text =
        "Name         : spooler\n"
        "Status       : Running\n"
        "\n"
        "Log Name:      System\n"
        "Task Category: None\n";
    Result result = read(text);
    EXPECT_TRUE(result.records.empty());
    EXPECT_EQ(result.skipped, 0u);
}

TEST(WinTextReaderTest, BlockStartsOfDifferentFormsEndEachOther) {
    const std::string text = std::string(kWevtutil.substr(0, kWevtutil.find("Event[1]:"))) +
                             std::string(kCopyDetails36888) + "\n" + std::string(kFormatList);
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 4u);
    EXPECT_EQ(result.records[0].message, kMessage36887);
    EXPECT_EQ(result.records[1].message, kMessage2012);
    EXPECT_EQ(result.records[1].field("AlertDesc"), "40");
    EXPECT_EQ(result.records[2].event_id, 36887);
    EXPECT_EQ(result.records[3].message, kMessage2012);
}

TEST(WinTextReaderTest, CrlfGivesTheSameRecordsAsLf) {
    for (std::string_view text : {kCopyDetails36888, kCopyDetailsWin10, kWevtutil, kFormatList}) {
        const std::string crlf = to_crlf(text);
        Result lf_result = read(text);
        Result crlf_result = read(crlf);
        ASSERT_EQ(lf_result.records.size(), crlf_result.records.size());
        ASSERT_FALSE(lf_result.records.empty());
        for (std::size_t i = 0; i < lf_result.records.size(); ++i) {
            EventRecord lf = lf_result.records[i];
            EventRecord converted = crlf_result.records[i];
            EXPECT_EQ(converted.line, lf.line);
            // Offsets differ by one byte per line before the record.
            EXPECT_EQ(converted.offset, lf.offset + lf.line - 1);
            converted.offset = lf.offset;
            EXPECT_EQ(describe(converted), describe(lf));
            EXPECT_EQ(converted.message.find('\r'), std::string::npos);
        }
    }
}

TEST(WinTextReaderTest, EveryPieceSizeGivesTheSameRecords) {
    const std::string mixed_crlf = to_crlf(kCopyDetails36888) + to_crlf(kCopyDetailsWin10);
    for (std::string_view text : {std::string_view(kWevtutil), std::string_view(kFormatList),
                                  std::string_view(mixed_crlf)}) {
        const std::vector<std::string> whole = describe(read(text));
        ASSERT_GT(whole.size(), 1u);
        for (std::size_t piece = 1; piece <= text.size(); ++piece) {
            ASSERT_EQ(describe(read(text, piece)), whole) << "piece size " << piece;
        }
    }
}

TEST(WinTextReaderTest, LastLineWithoutNewlineAndReuseAfterFinish) {
    Collector sink;
    WinTextEventReader reader(sink);
    const std::string text = "Id           : 36887\nMessage      : last line";
    reader.feed(text, 0);
    EXPECT_TRUE(sink.records.empty());  // the record may go on
    reader.finish();
    ASSERT_EQ(sink.records.size(), 1u);
    EXPECT_EQ(sink.records[0].message, "last line");
    // A new input: lines count from 1 again.
    reader.feed("\n\nId           : 36888\n", 0);
    reader.finish();
    ASSERT_EQ(sink.records.size(), 2u);
    EXPECT_EQ(sink.records[1].event_id, 36888);
    EXPECT_EQ(sink.records[1].line, 3u);
}

TEST(WinTextReaderTest, ByteOrderMarkIgnored) {
    Result result = read(
        "\xEF\xBB\xBFLog Name:      System\nSource:        Schannel\n"
        "Event ID:      36887\n");
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].line, 1u);
}

TEST(WinTextReaderTest, DatesNormalised) {
    struct Case {
        std::string_view written;
        std::string_view expected;
    };
    const Case cases[] = {
        {"8/5/2020 5:16:37 AM", "2020-08-05T05:16:37"},
        {"3/2/2024 9:14:02 PM", "2024-03-02T21:14:02"},
        {"12/31/2023 12:00:01 AM", "2023-12-31T00:00:01"},
        {"12/31/2023 12:59:59 PM", "2023-12-31T12:59:59"},
        {"\xE2\x80\x8E"
         "8/\xE2\x80\x8E"
         "5/2020 5:16:37 AM\xE2\x80\x8F",
         "2020-08-05T05:16:37"},
        {"2020/07/05 15:29:16", "2020-07-05T15:29:16"},
        {"05.08.2020 05:16:37", "2020-08-05T05:16:37"},
        {"25/12/2023 13:00:00", "2023-12-25T13:00:00"},  // cannot be M/D
        {"2024-03-02T09:14:02.123", "2024-03-02T09:14:02.123"},
        {"8/5/2020", "2020-08-05"},
        {"yesterday", "yesterday"},
        {"13/13/2020 1:00:00 AM", "13/13/2020 1:00:00 AM"},
    };
    for (const Case& c : cases) {
        Result result = read("Event[0]:\n  Event ID: 1\n  Date: " + std::string(c.written) + "\n");
        ASSERT_EQ(result.records.size(), 1u) << c.written;
        EXPECT_EQ(result.records[0].time, c.expected) << c.written;
    }
}

// --- size bounds ---

TEST(WinTextReaderTest, OversizedBlockSkipped) {
    // Event[1] has a description of many lines, larger than a record may be.
    std::string text = std::string(kWevtutil.substr(0, kWevtutil.find("Event[1]:")));
    text += "Event[1]:\n  Source: Schannel\n  Event ID: 36888\n  Description: \n";
    const std::string filler(99, 'x');
    const std::size_t filler_lines = RecordReader::kMaxRecordBytes / 100 + 10;
    for (std::size_t i = 0; i < filler_lines; ++i) text += filler + "\n";
    text += "\n";
    const std::size_t event2_line =
        1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    text += std::string(kWevtutil.substr(kWevtutil.find("Event[2]:")));
    for (std::size_t piece : {std::size_t{0}, std::size_t{7}, std::size_t{65536}}) {
        Result result = read(text, piece);
        EXPECT_EQ(result.skipped, 1u) << piece;
        ASSERT_EQ(result.records.size(), 3u) << piece;
        EXPECT_EQ(result.records[0].event_id, 36887);
        EXPECT_EQ(result.records[1].provider, "WLMS");
        EXPECT_EQ(result.records[1].line, event2_line);
        EXPECT_EQ(text.substr(result.records[1].offset, 9), "Event[2]:");
        EXPECT_EQ(result.records[2].event_id, 36888);
    }
}

TEST(WinTextReaderTest, OverlongLinesNeverBufferedWhole) {
    const std::string huge(RecordReader::kMaxRecordBytes + 100, 'y');
    // A message line over the limit (Format-List), a record starting with
    // such a line, and a copy-details description line over the limit.
    const std::string text =
        "Id           : 36887\n"
        "Message      : " +
        huge +
        "\n"
        "               continued\n"
        "\n"
        "Message      : " +
        huge +
        "\n"
        "Id           : 36888\n"
        "\n"
        "Id           : 36889\n"
        "\n"
        "Log Name:      System\n"
        "Event ID:      36888\n"
        "Description:\n" +
        huge +
        "\n"
        "Log Name:      System\n"
        "Event ID:      36887\n";
    for (std::size_t piece : {std::size_t{0}, std::size_t{4096}, std::size_t{100000}}) {
        Result result = read(text, piece);
        EXPECT_EQ(result.skipped, 3u) << piece;
        ASSERT_EQ(result.records.size(), 2u) << piece;
        EXPECT_EQ(result.records[0].event_id, 36889);
        EXPECT_EQ(result.records[0].line, 8u);
        EXPECT_EQ(result.records[1].event_id, 36887);
        EXPECT_EQ(result.records[1].line, 14u);
        EXPECT_EQ(text.substr(result.records[1].offset, 9), "Log Name:");
    }
}

TEST(WinTextReaderTest, LongLineStartingTheNextRecordEndsTheCurrentOne) {
    // Two records of 0.6 MiB each, the second starting with its long line:
    // the first is delivered when the second begins, neither is too large.
    const std::string long_value(600 * 1024, 'z');
    const std::string text =
        "Id           : 36887\n"
        "Message      : " +
        long_value +
        "\n"
        "\n"
        "Message      : " +
        long_value +
        "\n"
        "Id           : 36888\n";
    for (std::size_t piece : {std::size_t{0}, std::size_t{4096}}) {
        Result result = read(text, piece);
        EXPECT_EQ(result.skipped, 0u) << piece;
        ASSERT_EQ(result.records.size(), 2u) << piece;
        EXPECT_EQ(result.records[0].event_id, 36887);
        EXPECT_EQ(result.records[0].message.size(), long_value.size());
        EXPECT_EQ(result.records[1].event_id, 36888);
        EXPECT_EQ(result.records[1].line, 4u);
        EXPECT_EQ(result.records[1].message.size(), long_value.size());
    }
}

// --- fixtures ---

TEST(WinTextFixtureTest, CopyDetails) {
    const std::string text = read_fixture("copy-details.txt");
    ASSERT_FALSE(text.empty());
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.records[0].message, kMessage2012);
    EXPECT_EQ(result.records[0].field("AlertDesc"), "40");
    EXPECT_EQ(result.records[0].field("ErrorState"), "1205");
    EXPECT_EQ(result.records[0].time, "2020-08-05T05:16:37");
    EXPECT_EQ(result.records[1].event_id, 36887);
    EXPECT_EQ(result.records[1].field("AlertDesc"), "46");
    EXPECT_EQ(result.records[1].record_id, 123456u);
    EXPECT_EQ(result.records[1].computer, "HOST01.example.com");
    EXPECT_EQ(result.records[2].event_id, 36888);
    EXPECT_EQ(result.records[2].message,
              std::string(kWin10Line1) + " Target name: " + std::string(kWin10Registry));
    EXPECT_TRUE(result.records[2].data.empty());
    for (const EventRecord& record : result.records) {
        EXPECT_EQ(text.substr(record.offset, 9), "Log Name:");
    }
    EXPECT_EQ(describe(read(text, 13)), describe(result));
}

TEST(WinTextFixtureTest, Wevtutil) {
    const std::string text = read_fixture("wevtutil.txt");
    ASSERT_FALSE(text.empty());
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 4u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].message, kMessage36887);
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:02.123");
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].message, kMessage2012);
    EXPECT_EQ(result.records[1].line, 16u);
    EXPECT_EQ(result.records[2].provider, "Service Control Manager");
    EXPECT_EQ(result.records[2].event_id, 7036);
    EXPECT_EQ(result.records[3].message,
              std::string(kWin10Line1) + " Target name: " + std::string(kWin10Registry));
    for (const EventRecord& record : result.records) {
        EXPECT_EQ(text.substr(record.offset, 6), "Event[");
    }
    EXPECT_EQ(describe(read(text, 13)), describe(result));
}

TEST(WinTextFixtureTest, FormatList) {
    const std::string text = read_fixture("format-list.txt");
    ASSERT_FALSE(text.empty());
    Result result = read(text);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].message, kMessage36887);
    EXPECT_EQ(result.records[0].line, 3u);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].message, kMessage2012);
    EXPECT_NE(result.records[1].message.find(kSentence2012), std::string::npos);
    EXPECT_EQ(result.records[2].time, "2024-03-02T12:40:09");
    // The Windows 10 message: the code sentence survives; the URL, longer
    // than a console line, was cut mid-word by PowerShell and stays split.
    EXPECT_EQ(result.records[2].message.rfind(std::string(kWin10Line1) + " Target name: ", 0), 0u);
    for (const EventRecord& record : result.records) {
        EXPECT_EQ(text.substr(record.offset, 12), "TimeCreated ");
        EXPECT_EQ(record.provider, "Schannel");
    }
    EXPECT_EQ(describe(read(text, 13)), describe(result));
}

}  // namespace
}  // namespace alertscan
