// CsvEventReader on the delimited export forms of schannel.md sections 3.2
// (Event Viewer tab-delimited text), 3.3 (Event Viewer CSV) and 3.6
// (Get-WinEvent | Export-Csv), and normalize_event_time on their dates.
// Message texts are the lsasrv.dll wordings of section 1.1/1.2; the export
// layouts are reconstructed, as the reference says.

#include "formats/csv_events.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace alertscan {
namespace {

// --- Message texts (schannel.md 1.1, 1.2) ---------------------------------

// 36888, Win 8 / 2012 / 2012 R2 (requests-credssp issue #18).
constexpr std::string_view k36888Win2012 =
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal error code is 40. The Windows SChannel "
    "error state is 1205.";
// 36888, Win 10 1607+ / Server 2016+, as rendered with CRLFs (reconstructed).
constexpr std::string_view k36888Win1607Crlf =
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal alert code is 40.\r\n\r\n   Target name: "
    "\r\n\r\nThe TLS alert registry can be found at "
    "http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6";
// The same as the reader returns it: line breaks become "\n".
constexpr std::string_view k36888Win1607 =
    "A fatal alert was generated and sent to the remote endpoint. This may result in termination "
    "of the connection. The TLS protocol defined fatal alert code is 40.\n\n   Target name: "
    "\n\nThe TLS alert registry can be found at "
    "http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6";
constexpr std::string_view k36887 =
    "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert "
    "code is 46.";
constexpr std::string_view k36882 =
    "The certificate received from the remote server was issued by an untrusted certificate "
    "authority. Because of this, none of the data contained in the certificate can be validated. "
    "The TLS connection request has failed. The attached data contains the server certificate.";
constexpr std::string_view k36888Win7 =
    "The following fatal alert was generated: 20. The internal error state is 960.";

constexpr std::string_view kSchannelGuid = "{1f678132-5938-4686-9fdc-c8ff68f15c85}";

// --- Helpers ----------------------------------------------------------------

class Collect : public RecordSink {
  public:
    void on_record(const EventRecord& record) override { records.push_back(record); }
    std::vector<EventRecord> records;
};

struct Result {
    std::vector<EventRecord> records;
    std::uint64_t skipped = 0;
    bool header_found = false;
    char delimiter = 0;
};

// Feeds `text` in pieces of `piece` bytes (0: in one piece), then finish().
Result read_csv(std::string_view text, std::size_t piece = 0) {
    Collect sink;
    CsvEventReader reader(sink);
    if (piece == 0) piece = text.size() == 0 ? 1 : text.size();
    for (std::size_t at = 0; at < text.size(); at += piece) {
        reader.feed(text.substr(at, piece), at);
    }
    Result result;
    result.header_found = reader.header_found();
    result.delimiter = reader.delimiter();
    reader.finish();
    result.records = std::move(sink.records);
    result.skipped = reader.skipped();
    EXPECT_EQ(reader.records(), result.records.size());
    return result;
}

// Everything a record carries, on one line, for whole-result comparisons.
std::string describe(const EventRecord& r) {
    std::ostringstream out;
    out << "line=" << r.line << " offset=" << r.offset << " provider=" << r.provider
        << " guid=" << r.provider_guid << " id=" << (r.event_id ? std::to_string(*r.event_id) : "-")
        << " record=" << (r.record_id ? std::to_string(*r.record_id) : "-") << " time=" << r.time
        << " computer=" << r.computer << " data=" << r.data.size() << " message=" << r.message;
    return out.str();
}

std::vector<std::string> describe_all(const Result& result) {
    std::vector<std::string> out;
    for (const EventRecord& r : result.records) out.push_back(describe(r));
    out.push_back("skipped=" + std::to_string(result.skipped));
    return out;
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t done = 0;
    for (std::size_t at = text.find(from); at != std::string_view::npos;
         at = text.find(from, done)) {
        out.append(text.substr(done, at - done));
        out.append(to);
        done = at + from.size();
    }
    out.append(text.substr(done));
    return out;
}

std::string read_fixture(const std::string& name) {
    const std::string path = std::string(ALERTSCAN_SOURCE_DIR) + "/tests/data/exports/csv/" + name;
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Quotes a value the way Event Viewer and Export-Csv do.
std::string quoted(std::string_view value) {
    return "\"" + replace_all(value, "\"", "\"\"") + "\"";
}

// schannel.md 3.3, plus a multi-line 1607+ description.
std::string event_viewer_csv() {
    return "Level,Date and Time,Source,Event ID,Task Category\r\n"
           "Error,8/5/2020 5:16:37 AM,Schannel,36888,None," +
           std::string(k36888Win2012) +
           "\r\n"
           "Error,3/2/2024 9:14:01 AM,Schannel,36882,None," +
           quoted(k36882) +
           "\r\n"
           "Error,3/2/2024 9:14:02 AM,Schannel,36888,None," +
           quoted(k36888Win1607Crlf) + "\r\n";
}

// schannel.md 3.2.
std::string event_viewer_tab() {
    return "Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
           "Error\t8/5/2020 5:16:37 AM\tSchannel\t36888\tNone\t" +
           std::string(k36888Win2012) +
           "\r\n"
           "Error\t3/2/2024 9:14:02 AM\tSchannel\t36888\tNone\t" +
           quoted(k36888Win1607Crlf) +
           "\r\n"
           "Error\t3/2/2024 9:14:03 AM\tSchannel\t36887\tNone\t" +
           std::string(k36887) + "\r\n";
}

// schannel.md 3.6: the reconstructed row, then a multi-line 36888.
constexpr std::string_view kExportCsvHeader =
    "\"Message\",\"Id\",\"Version\",\"Qualifiers\",\"Level\",\"Task\",\"Opcode\",\"Keywords\","
    "\"RecordId\",\"ProviderName\",\"ProviderId\",\"LogName\",\"ProcessId\",\"ThreadId\","
    "\"MachineName\",\"UserId\",\"TimeCreated\",\"ActivityId\",\"RelatedActivityId\","
    "\"ContainerLog\",\"MatchedQueryIds\",\"Bookmark\",\"LevelDisplayName\",\"OpcodeDisplayName\","
    "\"TaskDisplayName\",\"KeywordsDisplayNames\",\"Properties\"";

std::string export_csv_row(std::string_view message, std::string_view id,
                           std::string_view record_id, std::string_view time) {
    return quoted(message) + ",\"" + std::string(id) +
           "\",\"0\",,\"2\",\"0\",\"0\",\"-9223372036854775808\",\"" + std::string(record_id) +
           "\",\"Schannel\",\"1f678132-5938-4686-9fdc-c8ff68f15c85\",\"System\",\"812\",\"4420\","
           "\"HOST01.example.com\",\"S-1-5-18\",\"" +
           std::string(time) +
           "\",\"ed8194e4-0ae5-416b-8e28-423581e9f40b\",,\"System\",\"System.UInt32[]\","
           "\"System.Diagnostics.Eventing.Reader.EventBookmark\",\"Error\",\"Info\",,"
           "\"System.Collections.ObjectModel.ReadOnlyCollection`1[System.String]\","
           "\"System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader."
           "EventProperty]\"";
}

std::string export_csv() {
    return "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n" +
           std::string(kExportCsvHeader) + "\r\n" +
           export_csv_row(k36887, "36887", "123456", "3/2/2024 9:14:02 AM") + "\r\n" +
           export_csv_row(k36888Win1607Crlf, "36888", "123457", "3/2/2024 9:14:05 AM") + "\r\n";
}

// --- normalize_event_time ----------------------------------------------------

TEST(NormalizeEventTime, UsEnglishWithMeridiem) {
    EXPECT_EQ(normalize_event_time("8/5/2020 5:16:37 AM"), "2020-08-05T05:16:37");
    EXPECT_EQ(normalize_event_time("3/2/2024 9:14:02 PM"), "2024-03-02T21:14:02");
    EXPECT_EQ(normalize_event_time("12/31/2023 12:05:00 AM"), "2023-12-31T00:05:00");
    EXPECT_EQ(normalize_event_time("1/1/2024 12:00:09 PM"), "2024-01-01T12:00:09");
    EXPECT_EQ(normalize_event_time("10/7/2016 06:38:24 PM"), "2016-10-07T18:38:24");
    EXPECT_EQ(normalize_event_time("8/5/2020 5:16 AM"), "2020-08-05T05:16:00");
    EXPECT_EQ(normalize_event_time("  8/5/2020 5:16:37 am  "), "2020-08-05T05:16:37");
}

TEST(NormalizeEventTime, IsoAndOtherDateOrders) {
    EXPECT_EQ(normalize_event_time("2020-08-05 05:16:37"), "2020-08-05T05:16:37");
    EXPECT_EQ(normalize_event_time("2020-08-05T05:16:37.940"), "2020-08-05T05:16:37.940");
    EXPECT_EQ(normalize_event_time("2024-03-02T17:14:02.1234567Z"), "2024-03-02T17:14:02.1234567Z");
    EXPECT_EQ(normalize_event_time("2024-03-02 18:14:02+01:00"), "2024-03-02T18:14:02+01:00");
    EXPECT_EQ(normalize_event_time("05.08.2020 05:16:37"), "2020-08-05T05:16:37");  // de-DE
    EXPECT_EQ(normalize_event_time("2020/07/05 15:29:16"), "2020-07-05T15:29:16");  // ja-JP
    EXPECT_EQ(normalize_event_time("13/5/2020 17:16:37"), "2020-05-13T17:16:37");   // D/M/Y
    EXPECT_EQ(normalize_event_time("5/13/2020 17:16:37"), "2020-05-13T17:16:37");   // M/D/Y
}

TEST(NormalizeEventTime, StripsBidiMarks) {
    // Event Viewer's friendly view puts U+200E before each part.
    EXPECT_EQ(normalize_event_time("\u200e8/\u200e5/\u200e2020 \u200e5:16:37 AM"),
              "2020-08-05T05:16:37");
    EXPECT_EQ(normalize_event_time("\u200e2020\u200e-\u200e08\u200e-\u200e05T12:16:37.933329200Z"),
              "2020-08-05T12:16:37.933329200Z");
    EXPECT_EQ(normalize_event_time("\u200f05.08.2020\u00a005:16:37"), "2020-08-05T05:16:37");
    EXPECT_EQ(normalize_event_time("8/5/2020 5:16:37\u202fAM"), "2020-08-05T05:16:37");
}

TEST(NormalizeEventTime, KeepsWhatItCannotReadUnambiguously) {
    EXPECT_EQ(normalize_event_time("5/8/2020 05:16:37"), "5/8/2020 05:16:37");  // en-GB or en-US?
    EXPECT_EQ(normalize_event_time("\u200e8/5/2020 "), "8/5/2020");
    EXPECT_EQ(normalize_event_time("Mon Mar 02 09:14:02 2024"), "Mon Mar 02 09:14:02 2024");
    EXPECT_EQ(normalize_event_time("13/13/2020 1:00:00 AM"), "13/13/2020 1:00:00 AM");
    EXPECT_EQ(normalize_event_time("8/5/2020 13:16:37 PM"), "8/5/2020 13:16:37 PM");
    EXPECT_EQ(normalize_event_time("2020-08-05 25:00:00"), "2020-08-05 25:00:00");
    EXPECT_EQ(normalize_event_time("05-08-20 05:16:37"), "05-08-20 05:16:37");
    EXPECT_EQ(normalize_event_time(""), "");
}

// --- Event Viewer forms --------------------------------------------------------

TEST(CsvEventReader, EventViewerCsv) {
    const std::string text = event_viewer_csv();
    const Result result = read_csv(text);
    EXPECT_TRUE(result.header_found);
    EXPECT_EQ(result.delimiter, ',');
    EXPECT_EQ(result.skipped, 0u);
    ASSERT_EQ(result.records.size(), 3u);

    const EventRecord& first = result.records[0];
    EXPECT_EQ(first.provider, "Schannel");
    EXPECT_EQ(first.provider_guid, "");
    EXPECT_EQ(first.event_id, 36888);
    EXPECT_FALSE(first.record_id.has_value());
    EXPECT_EQ(first.time, "2020-08-05T05:16:37");
    EXPECT_EQ(first.computer, "");
    EXPECT_TRUE(first.data.empty());
    EXPECT_EQ(first.message, k36888Win2012);
    EXPECT_EQ(first.line, 2u);
    EXPECT_EQ(first.offset, text.find("Error,8/5"));

    EXPECT_EQ(result.records[1].event_id, 36882);
    EXPECT_EQ(result.records[1].message, k36882);  // commas inside the quotes
    EXPECT_EQ(result.records[1].line, 3u);

    const EventRecord& multi = result.records[2];
    EXPECT_EQ(multi.event_id, 36888);
    EXPECT_EQ(multi.time, "2024-03-02T09:14:02");
    EXPECT_EQ(multi.message, k36888Win1607);
    EXPECT_NE(multi.message.find("\n   Target name: \n"), std::string::npos);
    EXPECT_EQ(multi.line, 4u);
    EXPECT_EQ(multi.offset, text.find("Error,3/2/2024 9:14:02"));
}

TEST(CsvEventReader, EventViewerTabDelimitedText) {
    const std::string text = event_viewer_tab();
    const Result result = read_csv(text);
    EXPECT_EQ(result.delimiter, '\t');
    EXPECT_EQ(result.skipped, 0u);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.records[0].message, k36888Win2012);
    EXPECT_EQ(result.records[0].line, 2u);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].message, k36888Win1607);
    EXPECT_EQ(result.records[1].line, 3u);
    // The quoted description spans lines 3 to 7.
    EXPECT_EQ(result.records[2].event_id, 36887);
    EXPECT_EQ(result.records[2].provider, "Schannel");
    EXPECT_EQ(result.records[2].time, "2024-03-02T09:14:03");
    EXPECT_EQ(result.records[2].message, k36887);
    EXPECT_EQ(result.records[2].line, 8u);
}

TEST(CsvEventReader, UnquotedDescriptionWithTheDelimiterIsJoinedBack) {
    const std::string text =
        "Level,Date and Time,Source,Event ID,Task Category\n"
        "Error,3/2/2024 9:14:01 AM,Schannel,36882,None,The certificate received from the remote "
        "server was issued by an untrusted certificate authority. Because of this, none of the "
        "data contained in the certificate can be validated. The TLS connection request has "
        "failed. The attached data contains the server certificate.\n";
    const Result result = read_csv(text);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].message, k36882);
}

TEST(CsvEventReader, EventViewerHeaderWithTrailingDelimiterAndNoDescription) {
    const Result result = read_csv(
        "Level\tDate and Time\tSource\tEvent ID\tTask Category\t\n"
        "Error\t3/2/2024 9:14:03 AM\tSchannel\t36887\tNone\n"
        "Error\t3/2/2024 9:14:04 AM\tSchannel\t36887\tNone\t" +
        std::string(k36887) + "\n");
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].message, "");
    EXPECT_EQ(result.records[1].message, k36887);
}

TEST(CsvEventReader, GermanEventViewerHeader) {
    // The German header words and date format. The German message text is
    // not known (schannel.md section 4), so the English one stands in.
    const Result result = read_csv(
        "Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie\r\n"
        "Fehler,02.03.2024 09:14:03,Schannel,36887,Keine," +
        std::string(k36887) + "\r\n");
    EXPECT_TRUE(result.header_found);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].provider, "Schannel");
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:03");
    EXPECT_EQ(result.records[0].message, k36887);
}

TEST(CsvEventReader, FiveUnknownHeaderNamesAreReadByPosition) {
    // Japanese labels as in Event Viewer's "Copy details as text" (schannel.md
    // section 4; the CSV header words themselves are not confirmed) and the
    // real Japanese 36887 text (tksoft.work).
    const std::string message =
        "リモート エンドポイントから致命的な警告を受け取りました。TLS "
        "プロトコルで定義されているこの致命的な警告のコードは 20 です。";
    const Result result = read_csv(
        "レベル\t日付\tソース\tイベント ID\tタスクのカテゴリ\r\n"
        "エラー\t2020/07/05 15:29:16\tSchannel\t36887\tなし\t" +
        message + "\r\n");
    EXPECT_TRUE(result.header_found);
    EXPECT_EQ(result.delimiter, '\t');
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].provider, "Schannel");
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].time, "2020-07-05T15:29:16");
    EXPECT_EQ(result.records[0].message, message);
}

TEST(CsvEventReader, EventViewerColumnChooserComputerColumn) {
    const Result result = read_csv(
        "Level,Date and Time,Source,Event ID,Task Category,Computer\r\n"
        "Error,3/2/2024 9:14:03 AM,Schannel,36887,None,HOST01.example.com," +
        std::string(k36887) + "\r\n");
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].computer, "HOST01.example.com");
    EXPECT_EQ(result.records[0].message, k36887);
}

// --- Export-Csv forms ------------------------------------------------------------

TEST(CsvEventReader, ExportCsvWithTypeLine) {
    const std::string text = export_csv();
    const Result result = read_csv(text);
    EXPECT_EQ(result.delimiter, ',');
    EXPECT_EQ(result.skipped, 0u);
    ASSERT_EQ(result.records.size(), 2u);

    const EventRecord& first = result.records[0];
    EXPECT_EQ(first.provider, "Schannel");
    EXPECT_EQ(first.provider_guid, kSchannelGuid);  // braces added
    EXPECT_EQ(first.event_id, 36887);
    EXPECT_EQ(first.record_id, 123456u);
    EXPECT_EQ(first.computer, "HOST01.example.com");
    EXPECT_EQ(first.time, "2024-03-02T09:14:02");
    EXPECT_EQ(first.message, k36887);
    EXPECT_TRUE(first.data.empty());
    EXPECT_EQ(first.line, 3u);
    EXPECT_EQ(first.offset, text.find("\"A fatal alert was received"));

    const EventRecord& second = result.records[1];
    EXPECT_EQ(second.event_id, 36888);
    EXPECT_EQ(second.record_id, 123457u);
    EXPECT_EQ(second.time, "2024-03-02T09:14:05");
    EXPECT_EQ(second.message, k36888Win1607);
    EXPECT_EQ(second.line, 4u);
}

TEST(CsvEventReader, ExportCsvUseCultureSemicolon) {
    const std::string text = replace_all(export_csv(), "\",\"", "\";\"");
    // Empty values sit between two separators too.
    const std::string semicolons = replace_all(replace_all(text, "\",,\"", "\";;\""), ",,", ";;");
    const Result result = read_csv(semicolons);
    EXPECT_EQ(result.delimiter, ';');
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].provider_guid, kSchannelGuid);
    EXPECT_EQ(result.records[0].computer, "HOST01.example.com");
    EXPECT_EQ(result.records[1].message, k36888Win1607);
    // Same records as the comma form.
    EXPECT_EQ(describe_all(result), describe_all(read_csv(export_csv())));
}

TEST(CsvEventReader, ExportCsvColumnsInAnotherOrder) {
    const Result result = read_csv(
        "\"Id\",\"TimeCreated\",\"MachineName\",\"ProviderId\",\"Message\",\"RecordId\","
        "\"ProviderName\"\r\n"
        "\"36888\",\"3/2/2024 9:20:41 AM\",\"HOST02\",\"{1F678132-5938-4686-9FDC-C8FF68F15C85}\"," +
        quoted(k36888Win2012) + ",\"99\",\"Schannel\"\r\n");
    ASSERT_EQ(result.records.size(), 1u);
    const EventRecord& r = result.records[0];
    EXPECT_EQ(r.event_id, 36888);
    EXPECT_EQ(r.time, "2024-03-02T09:20:41");
    EXPECT_EQ(r.computer, "HOST02");
    EXPECT_EQ(r.provider_guid, "{1F678132-5938-4686-9FDC-C8FF68F15C85}");  // kept as written
    EXPECT_EQ(r.message, k36888Win2012);
    EXPECT_EQ(r.record_id, 99u);
    EXPECT_EQ(r.provider, "Schannel");
}

TEST(CsvEventReader, SelectObjectFourColumns) {
    // Get-WinEvent ... | Select-Object TimeCreated,Id,LevelDisplayName,Message | Export-Csv
    const std::string text =
        "#TYPE Selected.System.Diagnostics.Eventing.Reader.EventLogRecord\r\n"
        "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n"
        "\"3/2/2024 9:14:05 AM\",\"36888\",\"Error\"," +
        quoted(k36888Win1607Crlf) +
        "\r\n"
        "\"3/2/2024 9:14:06 AM\",\"36887\",\"Error\"," +
        quoted(k36887) + "\r\n";
    const Result result = read_csv(text);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].provider, "");  // the caller knows 36887/36888 by id
    EXPECT_EQ(result.records[0].event_id, 36888);
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:05");
    EXPECT_EQ(result.records[0].message, k36888Win1607);
    EXPECT_EQ(result.records[0].line, 3u);
    EXPECT_EQ(result.records[1].event_id, 36887);
    EXPECT_EQ(result.records[1].line, 8u);
}

TEST(CsvEventReader, GetEventLogExportCsv) {
    // Get-EventLog -LogName System -Source Schannel | Select-Object ... | Export-Csv
    const Result result = read_csv(
        "\"EventID\",\"MachineName\",\"Index\",\"EntryType\",\"Message\",\"Source\","
        "\"InstanceId\",\"TimeGenerated\",\"TimeWritten\"\r\n"
        "\"36888\",\"WEB01.example.com\",\"2708\",\"Error\"," +
        quoted(k36888Win7) +
        ",\"Schannel\",\"36888\",\"11/11/2016 2:03:10 PM\",\"11/11/2016 2:03:11 PM\"\r\n");
    ASSERT_EQ(result.records.size(), 1u);
    const EventRecord& r = result.records[0];
    EXPECT_EQ(r.event_id, 36888);
    EXPECT_EQ(r.provider, "Schannel");
    EXPECT_EQ(r.computer, "WEB01.example.com");
    EXPECT_EQ(r.record_id, 2708u);
    EXPECT_EQ(r.time, "2016-11-11T14:03:10");  // TimeGenerated wins over TimeWritten
    EXPECT_EQ(r.message, k36888Win7);
}

// --- Quoting --------------------------------------------------------------------

TEST(CsvEventReader, DoubledQuotesAndDelimitersInsideQuotes) {
    const Result result = read_csv(
        "\"Id\",\"ProviderName\",\"Message\"\n"
        "\"7036\",\"Service Control Manager\",\"The \"\"Windows Update\"\" service, "
        "\"\"wuauserv\"\", entered the running state.\"\n"
        "\"36887\",\"Schannel\",\"\"\"\"\n");
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].message,
              "The \"Windows Update\" service, \"wuauserv\", entered the running state.");
    EXPECT_EQ(result.records[1].message, "\"");
}

TEST(CsvEventReader, LenientQuotes) {
    const Result result = read_csv(
        "Level,Date and Time,Source,Event ID,Task Category\n"
        // A quote inside an unquoted field is a character.
        "Error,3/2/2024 9:14:01 AM,Schannel,36887,None,The \"remote\" endpoint said 46.\n"
        // Text after a closing quote is kept.
        "Error,3/2/2024 9:14:02 AM,Schannel,\"368\"88,None,\"quoted\" tail\n");
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].message, "The \"remote\" endpoint said 46.");
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].message, "quoted tail");
}

// --- Line ends, pieces, positions ---------------------------------------------

TEST(CsvEventReader, CrlfLfAndLoneCrGiveTheSameRecords) {
    for (const std::string& crlf : {event_viewer_csv(), event_viewer_tab(), export_csv()}) {
        const std::string lf = replace_all(crlf, "\r\n", "\n");
        const std::string cr = replace_all(lf, "\n", "\r");
        const Result a = read_csv(crlf);
        const Result b = read_csv(lf);
        const Result c = read_csv(cr);
        ASSERT_EQ(a.records.size(), b.records.size());
        ASSERT_EQ(a.records.size(), c.records.size());
        ASSERT_FALSE(a.records.empty());
        for (std::size_t i = 0; i < a.records.size(); ++i) {
            EXPECT_EQ(a.records[i].message, b.records[i].message);
            EXPECT_EQ(a.records[i].message, c.records[i].message);
            EXPECT_EQ(a.records[i].line, b.records[i].line);
            EXPECT_EQ(a.records[i].line, c.records[i].line);
            EXPECT_EQ(b.records[i].offset, c.records[i].offset);
            EXPECT_EQ(b.records[i].offset, lf.find(lf.substr(b.records[i].offset, 30)));
            EXPECT_EQ(a.records[i].event_id, c.records[i].event_id);
        }
    }
}

TEST(CsvEventReader, EveryPieceSizeGivesTheSameRecords) {
    const std::string tricky =
        "\xEF\xBB\xBF\r\n#TYPE x\r\n\"Id\",\"Message\"\r\n\"36887\",\"a \"\"b\"\"\r\nc\"\r\n"
        "\r\n\"36888\",\"\"\"\"\r\n\"1\",\"unterminated\r\n";
    for (const std::string& text : {event_viewer_csv(), event_viewer_tab(), export_csv(), tricky}) {
        const std::vector<std::string> whole = describe_all(read_csv(text));
        ASSERT_GT(whole.size(), 1u);
        for (std::size_t piece = 1; piece <= text.size(); ++piece) {
            ASSERT_EQ(describe_all(read_csv(text, piece)), whole) << "piece size " << piece;
        }
    }
}

TEST(CsvEventReader, SplitAtEveryBytePosition) {
    for (const std::string& text : {event_viewer_csv(), event_viewer_tab(), export_csv()}) {
        const std::vector<std::string> whole = describe_all(read_csv(text));
        for (std::size_t cut = 0; cut <= text.size(); ++cut) {
            Collect sink;
            CsvEventReader reader(sink);
            reader.feed(std::string_view(text).substr(0, cut), 0);
            reader.feed(std::string_view(text).substr(cut), cut);
            reader.finish();
            Result result;
            result.records = sink.records;
            result.skipped = reader.skipped();
            ASSERT_EQ(describe_all(result), whole) << "cut at " << cut;
        }
    }
}

TEST(CsvEventReader, LineNumbersAndOffsets) {
    const std::string text =
        "\r\n"                                        // line 1: blank
        "\"Id\",\"Message\"\r\n"                      // 2: header
        "\r\n"                                        // 3: blank
        "\"36887\",\"one\"\r\n"                       // 4
        "\"36888\",\"two\r\nthree\r\n\r\nfour\"\r\n"  // 5-8
        "\n"                                          // 9: blank
        "\"36887\",\"five\"";                         // 10, no line break
    const Result result = read_csv(text);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.records[0].line, 4u);
    EXPECT_EQ(result.records[0].offset, text.find("\"36887\",\"one"));
    EXPECT_EQ(result.records[1].line, 5u);
    EXPECT_EQ(result.records[1].offset, text.find("\"36888\""));
    EXPECT_EQ(result.records[1].message, "two\nthree\n\nfour");
    EXPECT_EQ(result.records[2].line, 10u);
    EXPECT_EQ(result.records[2].offset, text.find("\"36887\",\"five"));
    EXPECT_EQ(result.records[2].message, "five");
}

// --- Bounds and damage ----------------------------------------------------------

TEST(CsvEventReader, OversizedRecordIsSkippedAndTheNextOneRead) {
    const std::string big(RecordReader::kMaxRecordBytes + 10, 'x');
    std::string huge_lines;
    for (int i = 0; i < 20000; ++i) huge_lines += "line of text, with \"\"quotes\"\"\r\n";
    const std::string text =
        std::string(kExportCsvHeader) + "\r\n" +
        export_csv_row(k36887, "36887", "1", "3/2/2024 9:14:02 AM") + "\r\n" +
        export_csv_row(big, "36888", "2", "3/2/2024 9:14:03 AM") + "\r\n" +
        // Multi-line and oversized; its lines do not look like rows.
        export_csv_row(huge_lines + big, "36888", "3", "3/2/2024 9:14:04 AM") + "\r\n" +
        export_csv_row(k36888Win1607Crlf, "36888", "4", "3/2/2024 9:14:05 AM") + "\r\n";
    for (std::size_t piece : {std::size_t{0}, std::size_t{4096}, std::size_t{7}}) {
        const Result result = read_csv(text, piece);
        EXPECT_EQ(result.skipped, 2u);
        ASSERT_EQ(result.records.size(), 2u);
        EXPECT_EQ(result.records[0].record_id, 1u);
        EXPECT_EQ(result.records[1].record_id, 4u);
        EXPECT_EQ(result.records[1].message, k36888Win1607);
        EXPECT_EQ(result.records[1].line, 5u + 20000u);
        EXPECT_EQ(result.records[1].offset, text.find("\"A fatal alert was generated"));
    }
}

TEST(CsvEventReader, OversizedUnquotedLineIsSkipped) {
    const std::string text =
        "Level,Date and Time,Source,Event ID,Task Category\n"
        "Error,3/2/2024 9:14:01 AM,Schannel,36887,None," +
        std::string(RecordReader::kMaxRecordBytes, 'y') +
        "\n"
        "Error,3/2/2024 9:14:03 AM,Schannel,36887,None," +
        std::string(k36887) + "\n";
    const Result result = read_csv(text);
    EXPECT_EQ(result.skipped, 1u);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:03");
    EXPECT_EQ(result.records[0].line, 3u);
}

TEST(CsvEventReader, StrayQuoteResynchronisesAtTheNextPlausibleRow) {
    // The description opens a quote that never closes; after kMaxRecordBytes
    // the reader looks for a line that reads as a row with a numeric event id.
    std::string text =
        "Level\tDate and Time\tSource\tEvent ID\tTask Category\n"
        "Error\t3/2/2024 9:14:01 AM\tSchannel\t36887\tNone\t\"broken description\n";
    std::uint64_t line = 3;
    while (text.size() < RecordReader::kMaxRecordBytes + 100) {
        text += "Not a row\tat all\n";
        ++line;
    }
    text += "Error\t3/2/2024 9:14:02 AM\tSchannel\t36888\tNone\t" + quoted(k36888Win1607Crlf) +
            "\n"
            "Error\t3/2/2024 9:14:03 AM\tSchannel\t36887\tNone\t" +
            std::string(k36887) + "\n";
    for (std::size_t piece : {std::size_t{0}, std::size_t{1000}, std::size_t{3}}) {
        const Result result = read_csv(text, piece);
        EXPECT_EQ(result.skipped, 1u);
        ASSERT_EQ(result.records.size(), 2u);
        EXPECT_EQ(result.records[0].event_id, 36888);
        EXPECT_EQ(result.records[0].line, line);
        EXPECT_EQ(result.records[0].offset, text.find("Error\t3/2/2024 9:14:02"));
        EXPECT_EQ(result.records[0].message, k36888Win1607);
        EXPECT_EQ(result.records[1].event_id, 36887);
    }
}

TEST(CsvEventReader, ResynchronisesOnARowEndingAtTheEventId) {
    // A two-column export whose event id is the last column: the probe sees
    // the whole row on one line.
    std::string text = "\"Message\",\"Id\"\n\"stray\n";
    while (text.size() < RecordReader::kMaxRecordBytes + 100) text += "words words words\n";
    text += "\"A fatal alert was received.\",\"36887\"\n\"next\",\"36888\"\n";
    const Result result = read_csv(text);
    EXPECT_EQ(result.skipped, 1u);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].message, "A fatal alert was received.");
    EXPECT_EQ(result.records[1].event_id, 36888);
}

TEST(CsvEventReader, UnterminatedQuoteAtEndOfInput) {
    // Cut inside the description: the row has its event id, so it is emitted.
    const std::string cut =
        "Level,Date and Time,Source,Event ID,Task Category\r\n"
        "Error,3/2/2024 9:14:02 AM,Schannel,36888,None,\"A fatal alert was "
        "generated and sent to the remote endpoint.\r\n\r\n   Target";
    const Result result = read_csv(cut);
    EXPECT_EQ(result.skipped, 0u);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].event_id, 36888);
    EXPECT_EQ(result.records[0].message,
              "A fatal alert was generated and sent to the remote endpoint.\n\n   Target");

    // Cut inside a Message that comes before the Id column: counted.
    const std::string cut_early = std::string(kExportCsvHeader) + "\r\n" +
                                  export_csv_row(k36887, "36887", "1", "3/2/2024 9:14:02 AM") +
                                  "\r\n\"A fatal alert was generated\r\n\r\n   Tar";
    const Result early = read_csv(cut_early);
    EXPECT_EQ(early.skipped, 1u);
    ASSERT_EQ(early.records.size(), 1u);
    EXPECT_EQ(early.records[0].record_id, 1u);
}

TEST(CsvEventReader, RowsThatAreNotEvents) {
    const Result result = read_csv(
        "\"TimeCreated\",\"Id\",\"Message\"\n"
        "\"3/2/2024 9:14:01 AM\",\"\",\"no id\"\n"                   // silently dropped
        "\"3/2/2024 9:14:01 AM\",\"n/a\",\"not a number\"\n"         // silently dropped
        "   \n"                                                      // blank
        "\"3/2/2024 9:14:01 AM\"\n"                                  // too short: counted
        "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\n"  // dropped
        "\"3/2/2024 9:14:02 AM\",\"36887\",\"kept\"\n");
    EXPECT_EQ(result.skipped, 1u);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].message, "kept");
    EXPECT_EQ(result.records[0].line, 7u);
}

TEST(CsvEventReader, TooManyFieldsIsCounted) {
    std::string text = "\"Id\",\"Message\"\n\"36887\"";
    for (std::size_t i = 0; i < CsvEventReader::kMaxFields + 5; ++i) text += ",\"x\"";
    text += "\n\"36888\",\"ok\"\n";
    const Result result = read_csv(text);
    EXPECT_EQ(result.skipped, 1u);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].event_id, 36888);
}

// --- Header search --------------------------------------------------------------

TEST(CsvEventReader, BomBlankLinesAndTypeLineBeforeTheHeader) {
    const Result result = read_csv(
        "\xEF\xBB\xBF\r\n  \r\n#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n"
        "\"Id\",\"ProviderName\",\"Message\"\r\n\"36887\",\"Schannel\"," +
        quoted(k36887) + "\r\n");
    EXPECT_TRUE(result.header_found);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].line, 5u);
}

TEST(CsvEventReader, NoHeaderMeansNoRecords) {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "just some text, 36887, nothing else\n";
    const Result result = read_csv(text);
    EXPECT_FALSE(result.header_found);
    EXPECT_EQ(result.delimiter, 0);
    EXPECT_TRUE(result.records.empty());
    EXPECT_EQ(result.skipped, 0u);
}

TEST(CsvEventReader, LinesBeforeTheHeaderAreToleratedUpToALimit) {
    const Result result = read_csv("Exported from HOST01\n\"Id\",\"Message\"\n\"36887\",\"m\"\n");
    EXPECT_TRUE(result.header_found);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].line, 3u);
}

TEST(CsvEventReader, AppendedExportWithAnotherDelimiter) {
    // Two exports concatenated: a comma one, then a -UseCulture one with its
    // own #TYPE line and header.
    const std::string text =
        "\"Id\",\"ProviderName\",\"Message\"\r\n"
        "\"36887\",\"Schannel\"," +
        quoted(k36887) +
        "\r\n"
        "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n"
        "\"Message\";\"ProviderName\";\"Id\";\"TimeCreated\"\r\n" +
        quoted(k36888Win2012) + ";\"Schannel\";\"36888\";\"02.03.2024 09:20:41\"\r\n";
    const Result result = read_csv(text);
    EXPECT_EQ(result.skipped, 0u);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].message, k36887);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].message, k36888Win2012);
    EXPECT_EQ(result.records[1].time, "2024-03-02T09:20:41");
    EXPECT_EQ(result.records[1].line, 5u);
}

TEST(CsvEventReader, ReusableAfterFinish) {
    Collect sink;
    CsvEventReader reader(sink);
    const std::string first = export_csv();
    const std::string second = event_viewer_tab();
    reader.feed(first, 0);
    reader.finish();
    EXPECT_EQ(reader.delimiter(), ',');
    reader.feed(second, 0);
    EXPECT_EQ(reader.delimiter(), '\t');
    reader.finish();
    ASSERT_EQ(sink.records.size(), 5u);
    EXPECT_EQ(sink.records[2].line, 2u);  // lines start afresh
    EXPECT_EQ(sink.records[2].event_id, 36888);
    EXPECT_EQ(reader.records(), 5u);
}

// --- Fixture files ---------------------------------------------------------------

TEST(CsvEventReaderFixtures, EventViewerCsvAndTxtAgree) {
    const std::string csv = read_fixture("eventviewer.csv");
    const std::string txt = read_fixture("eventviewer.txt");
    const Result a = read_csv(csv);
    const Result b = read_csv(txt);
    EXPECT_EQ(a.delimiter, ',');
    EXPECT_EQ(b.delimiter, '\t');
    EXPECT_EQ(a.skipped, 0u);
    EXPECT_EQ(b.skipped, 0u);
    ASSERT_EQ(a.records.size(), 7u);
    ASSERT_EQ(b.records.size(), 7u);
    const std::vector<int> ids = {36888, 36882, 36888, 7036, 36887, 36888, 36874};
    const std::vector<std::uint64_t> lines = {2, 3, 4, 9, 10, 11, 12};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(a.records[i].event_id, ids[i]);
        EXPECT_EQ(a.records[i].line, lines[i]);
        EXPECT_EQ(a.records[i].message, b.records[i].message);
        EXPECT_EQ(a.records[i].time, b.records[i].time);
        EXPECT_EQ(a.records[i].provider, b.records[i].provider);
        EXPECT_EQ(b.records[i].line, lines[i]);
    }
    EXPECT_EQ(a.records[0].message, k36888Win2012);
    EXPECT_EQ(a.records[1].message, k36882);
    EXPECT_EQ(a.records[2].message, k36888Win1607);
    EXPECT_EQ(a.records[3].provider, "Service Control Manager");
    EXPECT_EQ(a.records[4].message, k36887);
    EXPECT_EQ(a.records[5].message, k36888Win7);
    EXPECT_EQ(a.records[5].time, "2016-11-11T14:03:10");
    EXPECT_EQ(a.records[6].time, "2024-03-02T21:15:40");
}

TEST(CsvEventReaderFixtures, ExportCsv) {
    const std::string text = read_fixture("export-csv.csv");
    const Result result = read_csv(text);
    EXPECT_EQ(result.skipped, 0u);
    ASSERT_EQ(result.records.size(), 4u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].message, k36887);
    EXPECT_EQ(result.records[0].provider_guid, kSchannelGuid);
    EXPECT_EQ(result.records[0].line, 3u);
    const EventRecord& target = result.records[1];
    EXPECT_EQ(target.event_id, 36888);
    EXPECT_EQ(target.record_id, 123457u);
    EXPECT_EQ(target.computer, "HOST01.example.com");
    EXPECT_EQ(target.time, "2024-03-02T09:14:05");
    EXPECT_NE(target.message.find("\n\n   Target name: mail.example.com\n\n"), std::string::npos);
    EXPECT_EQ(target.line, 4u);
    EXPECT_EQ(result.records[2].message, k36888Win2012);
    EXPECT_EQ(result.records[2].line, 9u);
    EXPECT_EQ(result.records[3].provider, "Service Control Manager");
    EXPECT_EQ(result.records[3].provider_guid, "{555908d1-a6d7-4695-8e1e-26931d2012f4}");
}

TEST(CsvEventReaderFixtures, ExportCsvUseCulture) {
    const std::string text = read_fixture("export-csv-useculture.csv");
    const Result result = read_csv(text);
    EXPECT_EQ(result.delimiter, ';');
    EXPECT_EQ(result.skipped, 0u);
    ASSERT_EQ(result.records.size(), 4u);
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:02");
    EXPECT_EQ(result.records[0].message, k36887);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_NE(result.records[1].message.find("Target name: mail.example.com"), std::string::npos);
    EXPECT_EQ(result.records[1].line, 3u);
    EXPECT_EQ(result.records[3].event_id, 36874);
    EXPECT_EQ(result.records[3].time, "2024-03-02T21:15:40");
    EXPECT_EQ(result.records[3].record_id, 123460u);
}

TEST(CsvEventReaderFixtures, PiecesDoNotChangeTheResult) {
    for (const char* name :
         {"eventviewer.csv", "eventviewer.txt", "export-csv.csv", "export-csv-useculture.csv"}) {
        const std::string text = read_fixture(name);
        const std::vector<std::string> whole = describe_all(read_csv(text));
        ASSERT_GT(whole.size(), 1u) << name;
        for (std::size_t piece = 1; piece <= 97; ++piece) {
            ASSERT_EQ(describe_all(read_csv(text, piece)), whole) << name << " piece " << piece;
        }
    }
}

}  // namespace
}  // namespace alertscan
