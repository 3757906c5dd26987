// parse_json_event on the JSON export shapes of schannel.md sections 3.8 to
// 3.10, and JsonEventReader on the ways those exports put objects one after
// another (NDJSON, one object, a top-level array), fed in pieces.

#include "formats/json_events.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alertscan {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

class CollectingSink : public RecordSink {
  public:
    void on_record(const EventRecord& record) override { records.push_back(record); }
    std::vector<EventRecord> records;
};

struct Result {
    std::vector<EventRecord> records;
    std::uint64_t skipped = 0;
    std::uint64_t ignored = 0;
};

// Feeds `text` in pieces of `piece` bytes (0: all at once), then finishes.
Result read_json(std::string_view text, std::size_t piece = 0,
                 std::size_t max_record_bytes = RecordReader::kMaxRecordBytes) {
    CollectingSink sink;
    JsonEventReader reader(sink, max_record_bytes);
    if (piece == 0) piece = text.size() == 0 ? 1 : text.size();
    for (std::size_t at = 0; at < text.size(); at += piece) {
        reader.feed(text.substr(at, piece), at);
    }
    reader.finish();
    return {std::move(sink.records), reader.skipped(), reader.ignored()};
}

// Everything a record holds, for comparing whole records.
std::string describe(const EventRecord& r) {
    std::ostringstream out;
    out << "provider=" << r.provider << " guid=" << r.provider_guid
        << " id=" << (r.event_id ? std::to_string(*r.event_id) : "-")
        << " rid=" << (r.record_id ? std::to_string(*r.record_id) : "-") << " time=" << r.time
        << " computer=" << r.computer << " offset=" << r.offset << " line=" << r.line
        << " message=" << r.message << " data=";
    for (const auto& [key, value] : r.data) out << key << ":" << value << ";";
    return out.str();
}

std::vector<std::string> describe_all(const std::vector<EventRecord>& records) {
    std::vector<std::string> out;
    for (const EventRecord& r : records) out.push_back(describe(r));
    return out;
}

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(ALERTSCAN_SOURCE_DIR) + "/tests/data/exports/json/" + name,
                     std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// schannel.md 3.8, Windows PowerShell 5.1: 4-space indents, two spaces after
// the colon, "\/Date(ms)\/".
constexpr std::string_view kPs51Object = R"({
    "Id":  36887,
    "Version":  0,
    "Level":  2,
    "RecordId":  123456,
    "ProviderName":  "Schannel",
    "ProviderId":  "1f678132-5938-4686-9fdc-c8ff68f15c85",
    "LogName":  "System",
    "MachineName":  "HOST01.example.com",
    "TimeCreated":  "\/Date(1709399642123)\/",
    "LevelDisplayName":  "Error",
    "Message":  "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 46.",
    "Properties":  [ { "Value":  46 } ]
})";

// schannel.md 3.9.
constexpr std::string_view kWinlogbeatLine =
    R"({"@timestamp":"2024-03-02T17:14:02.123Z","event":{"code":"36887","provider":"Schannel","kind":"event"},"log":{"level":"error"},"message":"A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 46.","winlog":{"api":"wineventlog","channel":"System","computer_name":"HOST01.example.com","event_id":"36887","provider_name":"Schannel","provider_guid":"{1f678132-5938-4686-9fdc-c8ff68f15c85}","record_id":123456,"opcode":"Info","process":{"pid":812,"thread":{"id":4420}},"user":{"identifier":"S-1-5-18","domain":"NT AUTHORITY","name":"SYSTEM","type":"User"},"event_data":{"AlertDesc":"46"}},"host":{"name":"host01"}})";

// schannel.md 3.10, with a 2016+ 36888 message (CRLFs escaped as \r\n).
constexpr std::string_view kNxlogLine =
    R"({"EventTime":"2024-03-02 09:14:04","Hostname":"HOST01.example.com","Keywords":-9223372036854775808,"EventType":"ERROR","SeverityValue":4,"Severity":"ERROR","EventID":36888,"SourceName":"Schannel","ProviderGuid":"{1F678132-5938-4686-9FDC-C8FF68F15C85}","Version":0,"Task":0,"OpcodeValue":0,"RecordNumber":123457,"ProcessID":812,"ThreadID":4420,"Channel":"System","Message":"A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is 40.\r\n\r\n   Target name: mail.example.org\r\n\r\nThe TLS alert registry can be found at http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6","Opcode":"Info","AlertDesc":"40","ErrorState":"1205","TargetName":"mail.example.org","EventReceivedTime":"2024-03-02 09:14:05","SourceModuleName":"eventlog","SourceModuleType":"im_msvistalog"})";

// A PowerShell record reduced to what the mapping reads.
std::string ps_event(int id, std::string_view properties, std::string_view provider = "Schannel") {
    return R"({"Id": )" + std::to_string(id) + R"(, "ProviderName": ")" + std::string(provider) +
           R"(", "TimeCreated": "\/Date(0)\/", "Properties": )" + std::string(properties) + "}";
}

std::optional<EventRecord> parse(std::string_view json) {
    return parse_json_event(json);
}

// ---------------------------------------------------------------------------
// PowerShell ConvertTo-Json

TEST(JsonEvents, PowerShell51RecordMapsEveryField) {
    auto record = parse(kPs51Object);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->provider_guid, "{1f678132-5938-4686-9fdc-c8ff68f15c85}");
    EXPECT_EQ(record->event_id, 36887);
    EXPECT_EQ(record->record_id, 123456u);
    EXPECT_EQ(record->time, "2024-03-02T17:14:02.123Z");
    EXPECT_EQ(record->computer, "HOST01.example.com");
    EXPECT_EQ(record->message,
              "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal "
              "alert code is 46.");
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "46"}}));
    EXPECT_EQ(record->field("alertdesc"), "46");
}

TEST(JsonEvents, MsDateConvertsToUtcWithMilliseconds) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"(\/Date(1709399642123)\/)", "2024-03-02T17:14:02.123Z"},
        {R"(\/Date(0)\/)", "1970-01-01T00:00:00.000Z"},
        {R"(\/Date(-1)\/)", "1969-12-31T23:59:59.999Z"},
        {R"(\/Date(951782400000)\/)", "2000-02-29T00:00:00.000Z"},
        {R"(\/Date(253402300799999)\/)", "9999-12-31T23:59:59.999Z"},
        // The display offset does not change the instant.
        {R"(\/Date(1709399642123+0100)\/)", "2024-03-02T17:14:02.123Z"},
        {R"(\/Date(1709399642123-0800)\/)", "2024-03-02T17:14:02.123Z"},
        // Not a date: kept as written.
        {R"(\/Date(abc)\/)", "/Date(abc)/"},
    };
    for (const auto& [json_text, expected] : cases) {
        auto record = parse(R"({"Id": 36887, "ProviderName": "Schannel", "TimeCreated": ")" +
                            json_text + "\"}");
        ASSERT_TRUE(record.has_value()) << json_text;
        EXPECT_EQ(record->time, expected) << json_text;
    }
    // Windows PowerShell's extended DateTime object.
    auto record = parse(
        R"({"Id": 36887, "TimeCreated": {"value": "\/Date(1709399642123)\/", "DisplayHint": 2}})");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->time, "2024-03-02T17:14:02.123Z");
}

TEST(JsonEvents, PowerShell7IsoDateKeepsOffsetAndNormalizesUtc) {
    auto local = parse(
        R"({"Id": 36887, "ProviderName": "Schannel", "TimeCreated": "2024-03-02T09:14:02.1234567-08:00"})");
    ASSERT_TRUE(local.has_value());
    EXPECT_EQ(local->time, "2024-03-02T09:14:02.1234567-08:00");
    auto utc = parse(
        R"({"Id": 36887, "ProviderName": "Schannel", "TimeCreated": "2024-03-02T17:14:02.123456789+00:00"})");
    ASSERT_TRUE(utc.has_value());
    EXPECT_EQ(utc->time, "2024-03-02T17:14:02.1234567Z");
    auto zulu = parse(
        R"({"Id": 36887, "ProviderName": "Schannel", "TimeCreated": "2024-03-02T17:14:02Z"})");
    ASSERT_TRUE(zulu.has_value());
    EXPECT_EQ(zulu->time, "2024-03-02T17:14:02Z");
    auto unspecified =
        parse(R"({"Id": 36887, "ProviderName": "Schannel", "TimeCreated": "2024-03-02T09:14:02"})");
    ASSERT_TRUE(unspecified.has_value());
    EXPECT_EQ(unspecified->time, "2024-03-02T09:14:02");
}

TEST(JsonEvents, PowerShellPropertiesAreNamedPerSchannelEvent) {
    struct Case {
        int id;
        std::string properties;
        Fields expected;
    };
    const std::vector<Case> cases = {
        {36887, R"([{"Value": 46}])", {{"AlertDesc", "46"}}},
        {36888,
         R"([{"Value": 40}, {"Value": 1205}])",
         {{"AlertDesc", "40"}, {"ErrorState", "1205"}}},
        {36888,
         R"([{"Value": 40}, {"Value": 1205}, {"Value": "mail.example.org"}])",
         {{"AlertDesc", "40"}, {"ErrorState", "1205"}, {"TargetName", "mail.example.org"}}},
        {36874, R"([{"Value": "TLS 1.2"}])", {{"Protocol", "TLS 1.2"}}},
        {36871,
         R"([{"Value": "client"}, {"Value": 10013}])",
         {{"Type", "client"}, {"ErrorState", "10013"}}},
        {36870,
         R"([{"Value": "server"}, {"Value": "0x8009030d"}, {"Value": 10001}])",
         {{"Type", "server"}, {"ErrorCode", "0x8009030d"}, {"ErrorStatus", "10001"}}},
        {36876, R"([{"Value": "0x80090325"}])", {{"ErrorCode", "0x80090325"}}},
        {36877, R"([{"Value": "0x80090325"}])", {{"ErrorCode", "0x80090325"}}},
        {36884, R"([{"Value": "mail.example.org"}])", {{"Name", "mail.example.org"}}},
        // More values than known names: the rest are numbered by position.
        {36887, R"([{"Value": 46}, {"Value": "x"}])", {{"AlertDesc", "46"}, {"Value2", "x"}}},
        // Unknown id.
        {36864,
         R"([{"Value": 1}, {"Value": null}, {"Value": true}])",
         {{"Value1", "1"}, {"Value2", ""}, {"Value3", "true"}}},
        // Beyond -Depth an element is a type name, not a value.
        {36887, R"(["System.Diagnostics.Eventing.Reader.EventProperty"])", {}},
    };
    for (const Case& c : cases) {
        auto record = parse(ps_event(c.id, c.properties));
        ASSERT_TRUE(record.has_value()) << c.properties;
        EXPECT_EQ(record->data, c.expected) << c.id << " " << c.properties;
    }
    // Another provider's 36887 is not an SChannel alert: no SChannel names.
    auto other = parse(ps_event(36887, R"([{"Value": 46}])", "Other-Provider"));
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(other->data, (Fields{{"Value1", "46"}}));
    // A Select-Object that dropped ProviderName still gets the names.
    auto no_provider = parse(R"({"Id": 36887, "TimeCreated": "\/Date(0)\/",
                                 "Properties": [{"Value": 46}]})");
    ASSERT_TRUE(no_provider.has_value());
    EXPECT_EQ(no_provider->data, (Fields{{"AlertDesc", "46"}}));
}

TEST(JsonEvents, GetEventLogEntryShape) {
    auto record = parse(R"({
    "EventID":  36887,
    "MachineName":  "HOST01.example.com",
    "Index":  98765,
    "EntryType":  1,
    "Message":  "The following fatal alert was received: 47.",
    "Source":  "Schannel",
    "ReplacementStrings":  [
                               "47"
                           ],
    "InstanceId":  36887,
    "TimeGenerated":  "\/Date(1709399642123)\/"
})");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->event_id, 36887);
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->computer, "HOST01.example.com");
    EXPECT_EQ(record->record_id, 98765u);
    EXPECT_EQ(record->time, "2024-03-02T17:14:02.123Z");
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "47"}}));
}

// ---------------------------------------------------------------------------
// Winlogbeat

TEST(JsonEvents, WinlogbeatEventIdAsString) {
    auto record = parse(kWinlogbeatLine);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->event_id, 36887);
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->provider_guid, "{1f678132-5938-4686-9fdc-c8ff68f15c85}");
    EXPECT_EQ(record->computer, "HOST01.example.com");
    EXPECT_EQ(record->record_id, 123456u);
    EXPECT_EQ(record->time, "2024-03-02T17:14:02.123Z");
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "46"}}));
    EXPECT_NE(record->message.find("fatal alert code is 46."), std::string::npos);
}

TEST(JsonEvents, WinlogbeatNumericIdUserDataAndHostFallback) {
    auto record = parse(
        R"({"@timestamp":"2026-09-21T10:00:00.000Z","message":"m","host":{"name":"acme-dc1v"},)"
        R"("winlog":{"event_id":36880,"provider_name":"Schannel","record_id":"77",)"
        R"("user_data":{"xml_name":"EventXML","Type":"server","Protocol":"TLS 1.2",)"
        R"("Nested":{"xml_name":"X","Leaf":"v"}}}})");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->event_id, 36880);
    EXPECT_EQ(record->record_id, 77u);
    EXPECT_EQ(record->computer, "acme-dc1v");
    EXPECT_EQ(record->data, (Fields{{"Type", "server"}, {"Protocol", "TLS 1.2"}, {"Leaf", "v"}}));
}

TEST(JsonEvents, WinlogbeatEventDataInOrderAndFlattenedKeys) {
    auto record =
        parse(R"({"@timestamp":"2024-03-02T17:14:04.001Z","winlog":{"event_id":"36888",)"
              R"("provider_name":"Schannel","event_data":{"TargetName":"t","AlertDesc":"40",)"
              R"("ErrorState":"1205"}}})");
    ASSERT_TRUE(record.has_value());
    // Document order, not alphabetical.
    EXPECT_EQ(record->data,
              (Fields{{"TargetName", "t"}, {"AlertDesc", "40"}, {"ErrorState", "1205"}}));

    auto flat = parse(R"({"@timestamp":"2024-03-02T17:14:02.123Z","winlog.event_id":"36887",)"
                      R"("winlog.provider_name":"Schannel","winlog.computer_name":"H",)"
                      R"("winlog.event_data":{"AlertDesc":"46"}})");
    ASSERT_TRUE(flat.has_value());
    EXPECT_EQ(flat->event_id, 36887);
    EXPECT_EQ(flat->provider, "Schannel");
    EXPECT_EQ(flat->computer, "H");
    EXPECT_EQ(flat->data, (Fields{{"AlertDesc", "46"}}));
}

TEST(JsonEvents, ElasticsearchHitIsUnwrapped) {
    auto record = parse(R"({"_index":"winlogbeat-2024.03.02","_id":"abc","_source":)" +
                        std::string(kWinlogbeatLine) + "}");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->event_id, 36887);
    EXPECT_EQ(record->field("AlertDesc"), "46");
}

// ---------------------------------------------------------------------------
// NXLog

TEST(JsonEvents, NxlogTopLevelEventDataAndCrlfInMessage) {
    auto record = parse(kNxlogLine);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->event_id, 36888);
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->provider_guid, "{1F678132-5938-4686-9FDC-C8FF68F15C85}");
    EXPECT_EQ(record->computer, "HOST01.example.com");
    EXPECT_EQ(record->record_id, 123457u);
    EXPECT_EQ(record->time, "2024-03-02T09:14:04");  // local: no Z
    EXPECT_EQ(
        record->data,
        (Fields{{"AlertDesc", "40"}, {"ErrorState", "1205"}, {"TargetName", "mail.example.org"}}));
    // \r\n decoded, CRLF turned into LF.
    EXPECT_NE(record->message.find("code is 40.\n\n   Target name: mail.example.org\n\nThe TLS"),
              std::string::npos);
    EXPECT_EQ(record->message.find('\r'), std::string::npos);
}

TEST(JsonEvents, NxlogProviderNameAndOtherFields) {
    auto record =
        parse(R"({"EventTime":"2024-03-02 09:14:06","Hostname":"H","EventID":"36874",)"
              R"("ProviderName":"Schannel","Protocol":"TLS 1.0","EventReceivedTime":"x"})");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->event_id, 36874);
    EXPECT_EQ(record->provider, "Schannel");
    EXPECT_EQ(record->data, (Fields{{"Protocol", "TLS 1.0"}}));
}

TEST(JsonEvents, OtherObjectsAreNotEvents) {
    bool parse_error = true;
    EXPECT_FALSE(parse_json_event(R"({"name": "x", "Value": 46})", &parse_error).has_value());
    EXPECT_FALSE(parse_error);
    EXPECT_FALSE(parse_json_event("[1, 2]", &parse_error).has_value());
    EXPECT_FALSE(parse_error);
    EXPECT_FALSE(parse_json_event(R"({"Id": 1, "a": )", &parse_error).has_value());
    EXPECT_TRUE(parse_error);
}

TEST(JsonEvents, InvalidUtf8IsReplacedNotFatal) {
    auto record = parse(
        "{\"EventID\":36887,\"SourceName\":\"Schannel\",\"Hostname\":\"H\xE9\","
        "\"AlertDesc\":\"46\"}");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->computer, "H\xEF\xBF\xBD");
    EXPECT_EQ(record->field("AlertDesc"), "46");
}

TEST(JsonEvents, DeepNestingNeitherCrashesNorLosesTheEvent) {
    const std::size_t levels = 200000;
    std::string arrays = R"({"winlog":{"event_id":"36887","provider_name":"Schannel",)"
                         R"("event_data":{"AlertDesc":"46","Blob":)" +
                         std::string(levels, '[') + std::string(levels, ']') + "}}}";
    auto record = parse(arrays);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->data, (Fields{{"AlertDesc", "46"}, {"Blob", ""}}));

    std::string objects = R"({"winlog":{"event_id":"36880","user_data":)";
    for (std::size_t i = 0; i < levels; ++i) objects += R"({"k":)";
    objects += "1" + std::string(levels, '}') + "}}";
    record = parse(objects);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->event_id, 36880);

    std::string times = R"({"Id": 36887, "TimeCreated": )";
    for (std::size_t i = 0; i < levels; ++i) times += R"({"value":)";
    times += "1" + std::string(levels, '}') + "}";
    record = parse(times);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->time, "");
}

// ---------------------------------------------------------------------------
// JsonEventReader: splitting

TEST(JsonEventReader, SingleObject) {
    Result result = read_json(kPs51Object);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].offset, 0u);
    EXPECT_EQ(result.records[0].line, 1u);
    EXPECT_EQ(result.skipped, 0u);
}

TEST(JsonEventReader, TopLevelArrayOfThreePrettyPrintedEvents) {
    const std::string text =
        "[\r\n"
        "    {\r\n"
        "        \"Id\":  36887,\r\n"
        "        \"ProviderName\":  \"Schannel\",\r\n"
        "        \"TimeCreated\":  \"\\/Date(1709399642123)\\/\",\r\n"
        "        \"Properties\":  [\r\n"
        "                           {\r\n"
        "                               \"Value\":  46\r\n"
        "                           }\r\n"
        "                       ]\r\n"
        "    },\r\n"
        "    {\r\n"
        "        \"Id\":  36888,\r\n"
        "        \"ProviderName\":  \"Schannel\",\r\n"
        "        \"Properties\":  [\r\n"
        "                           {\r\n"
        "                               \"Value\":  40\r\n"
        "                           },\r\n"
        "                           {\r\n"
        "                               \"Value\":  1205\r\n"
        "                           }\r\n"
        "                       ]\r\n"
        "    },\r\n"
        "    {\r\n"
        "        \"Id\":  36874,\r\n"
        "        \"ProviderName\":  \"Schannel\",\r\n"
        "        \"Properties\":  [ { \"Value\":  \"TLS 1.2\" } ]\r\n"
        "    }\r\n"
        "]\r\n";
    Result result = read_json(text);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.skipped, 0u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].data, (Fields{{"AlertDesc", "46"}}));
    EXPECT_EQ(result.records[0].time, "2024-03-02T17:14:02.123Z");
    EXPECT_EQ(result.records[0].line, 2u);
    EXPECT_EQ(result.records[0].offset, text.find("    {") + 4);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].data, (Fields{{"AlertDesc", "40"}, {"ErrorState", "1205"}}));
    EXPECT_EQ(result.records[1].line, 12u);
    EXPECT_EQ(result.records[2].event_id, 36874);
    EXPECT_EQ(result.records[2].data, (Fields{{"Protocol", "TLS 1.2"}}));
    EXPECT_EQ(result.records[2].line, 24u);
}

TEST(JsonEventReader, CompactArraysAndConcatenatedOutputs) {
    // ConvertTo-Json -Compress, appended twice with >>; non-object elements
    // and nested arrays are not records.
    const std::string text = ps_event(36887, R"([{"Value":46}])");
    const std::string input =
        "[" + text + "," + text + ", 1, \"{\", [" + text + "]]\r\n[" + text + "]\r\n";
    Result result = read_json(input);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.records[0].offset, 1u);
    EXPECT_EQ(result.records[1].offset, 2 + text.size());
    EXPECT_EQ(result.records[2].line, 2u);
    EXPECT_EQ(result.skipped, 0u);
}

TEST(JsonEventReader, NdjsonOffsetsAndLines) {
    const std::string input = std::string(kWinlogbeatLine) + "\n" + std::string(kNxlogLine) +
                              "\r\n\r\n" + std::string(kWinlogbeatLine);  // no final newline
    Result result = read_json(input);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.records[0].offset, 0u);
    EXPECT_EQ(result.records[0].line, 1u);
    EXPECT_EQ(result.records[1].offset, kWinlogbeatLine.size() + 1);
    EXPECT_EQ(result.records[1].line, 2u);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[2].offset, kWinlogbeatLine.size() + 1 + kNxlogLine.size() + 4);
    EXPECT_EQ(result.records[2].line, 4u);
    EXPECT_EQ(result.skipped, 0u);
}

TEST(JsonEventReader, BrokenNdjsonLineInTheMiddle) {
    const std::string good = std::string(kWinlogbeatLine);
    const std::vector<std::string> broken_lines = {
        // Cut off inside a string.
        good.substr(0, good.size() / 2),
        // Cut off between tokens: braces left open.
        good.substr(0, good.find("\"winlog\"")),
        // Balanced but not JSON.
        R"({"winlog": {"event_id": "36887" "provider_name": "Schannel"}})",
        // A closing brace too few and a stray bracket.
        R"({"winlog": {"event_id": [1, 2}})",
    };
    for (const std::string& broken : broken_lines) {
        const std::string input = good + "\n" + broken + "\n" + good + "\n" + good + "\n";
        Result result = read_json(input);
        ASSERT_EQ(result.records.size(), 3u) << broken;
        EXPECT_EQ(result.skipped, 1u) << broken;
        EXPECT_EQ(result.records[1].line, 3u) << broken;
        EXPECT_EQ(result.records[2].line, 4u) << broken;
        for (const EventRecord& record : result.records) {
            EXPECT_EQ(record.field("AlertDesc"), "46") << broken;
        }
    }
}

TEST(JsonEventReader, TruncatedLastObjectIsSkipped) {
    const std::string input =
        std::string(kWinlogbeatLine) + "\n" + std::string(kWinlogbeatLine.substr(0, 100));
    Result result = read_json(input);
    EXPECT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.skipped, 1u);
}

// Objects whose strings hold braces, brackets, escaped quotes and escaped
// backslashes, which a splitter counting nesting must not take for structure.
constexpr std::string_view kBraceStrings =
    R"({"EventID":36887,"SourceName":"Schannel","Hostname":"H",)"
    R"("Message":"a } b ] c { d [ e \" } \\\" { \\\\","AlertDesc":"46",)"
    R"("Extra":"\\","More":"\"}\"","Unicode":"\u007d\u005d"})";
constexpr std::string_view kBraceMessage = R"(a } b ] c { d [ e " } \" { \\)";
constexpr std::string_view kShortBraceStrings =
    R"({"EventID":36887,"SourceName":"Schannel","Hostname":"H","Message":"} ] \" \\",)"
    R"("AlertDesc":"46"})";

TEST(JsonEventReader, StringsWithBracesBracketsAndEscapedQuotesDoNotConfuseTheSplitter) {
    const std::string tricky(kBraceStrings);
    // Also in a top-level array element and as a top-level string between
    // records.
    const std::string input =
        tricky + "\n\"}{ \\\" [\"\n[" + tricky + ", \"]\", " + tricky + "]\n" + tricky + "\n";
    Result result = read_json(input);
    ASSERT_EQ(result.records.size(), 4u);
    EXPECT_EQ(result.skipped, 0u);
    for (const EventRecord& record : result.records) {
        EXPECT_EQ(record.message, kBraceMessage);
        EXPECT_EQ(record.field("AlertDesc"), "46");
    }
    EXPECT_EQ(result.records[3].line, 4u);
}

TEST(JsonEventReader, EveryPieceSizeGivesTheSameRecords) {
    const std::string tricky(kShortBraceStrings);
    const std::vector<std::string> inputs = {
        std::string(kPs51Object),
        std::string(kWinlogbeatLine) + "\n" + std::string(kNxlogLine) + "\n" + tricky + "\r\n",
        std::string(kWinlogbeatLine) + "\n{\"winlog\": {\"event_id\": \"1\n" + tricky + "\n",
        "[\n  " + tricky + ",\n  " + std::string(kPs51Object) + "\n]\n",
    };
    for (const std::string& input : inputs) {
        const Result whole = read_json(input);
        ASSERT_FALSE(whole.records.empty());
        const auto expected = describe_all(whole.records);
        for (std::size_t piece = 1; piece <= input.size(); ++piece) {
            const Result pieces = read_json(input, piece);
            ASSERT_EQ(describe_all(pieces.records), expected) << "piece " << piece;
            ASSERT_EQ(pieces.skipped, whole.skipped) << "piece " << piece;
        }
    }
}

TEST(JsonEventReader, OversizedObjectIsSkippedAndTheNextOneRead) {
    std::string huge = R"({"EventID":36887,"SourceName":"Schannel","Hostname":"H","Message":")";
    huge += std::string(RecordReader::kMaxRecordBytes, 'x');
    huge += R"(","AlertDesc":"46"})";
    const std::string input = huge + "\n" + std::string(kWinlogbeatLine) + "\n";
    for (std::size_t piece : {std::size_t{0}, std::size_t{4096}, std::size_t{65536}}) {
        Result result = read_json(input, piece);
        ASSERT_EQ(result.records.size(), 1u) << piece;
        EXPECT_EQ(result.skipped, 1u) << piece;
        EXPECT_EQ(result.records[0].line, 2u) << piece;
        EXPECT_EQ(result.records[0].offset, huge.size() + 1) << piece;
    }
    // The limit is inclusive.
    const std::string line(kWinlogbeatLine);
    EXPECT_EQ(read_json(line, 7, line.size()).records.size(), 1u);
    Result over = read_json(line, 7, line.size() - 1);
    EXPECT_EQ(over.records.size(), 0u);
    EXPECT_EQ(over.skipped, 1u);
}

TEST(JsonEventReader, NonEventObjectsAreIgnoredNotSkipped) {
    Result result = read_json("{\"a\": 1}\n{\"b\": {\"c\": [1, 2]}}\n" +
                              std::string(kWinlogbeatLine) + "\nnot json at all\n");
    EXPECT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.skipped, 0u);
    EXPECT_EQ(result.ignored, 2u);
}

TEST(JsonEventReader, ByteOrderMarkAndReuseAfterFinish) {
    CollectingSink sink;
    JsonEventReader reader(sink);
    const std::string first = "\xEF\xBB\xBF" + std::string(kPs51Object);
    reader.feed(first, 0);
    reader.finish();
    reader.feed(std::string(kWinlogbeatLine.substr(0, 50)), 0);
    reader.finish();  // cut off: skipped
    reader.feed("\n" + std::string(kWinlogbeatLine), 0);
    reader.finish();
    ASSERT_EQ(sink.records.size(), 2u);
    EXPECT_EQ(sink.records[0].offset, 3u);
    EXPECT_EQ(sink.records[0].line, 1u);
    EXPECT_EQ(sink.records[1].offset, 1u);
    EXPECT_EQ(sink.records[1].line, 2u);
    EXPECT_EQ(reader.skipped(), 1u);
    EXPECT_EQ(reader.records(), 2u);
}

// ---------------------------------------------------------------------------
// Fixtures (tests/data/exports/json)

TEST(JsonEventReader, FixturePowerShell51) {
    const std::string text = read_fixture("convertto-json-ps51.json");
    Result result = read_json(text, 1000);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.skipped, 0u);
    const EventRecord& alert = result.records[0];
    EXPECT_EQ(alert.event_id, 36887);
    EXPECT_EQ(alert.provider, "Schannel");
    EXPECT_EQ(alert.provider_guid, "{1f678132-5938-4686-9fdc-c8ff68f15c85}");
    EXPECT_EQ(alert.record_id, 123456u);
    EXPECT_EQ(alert.computer, "HOST01.example.com");
    EXPECT_EQ(alert.time, "2024-03-02T17:14:02.123Z");
    EXPECT_EQ(alert.data, (Fields{{"AlertDesc", "46"}}));
    EXPECT_EQ(alert.line, 2u);
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].time, "2024-03-02T17:14:03.500Z");
    EXPECT_EQ(result.records[1].data, (Fields{{"AlertDesc", "40"}, {"ErrorState", "1205"}}));
    EXPECT_EQ(result.records[2].event_id, 36874);
    EXPECT_EQ(result.records[2].time, "2024-03-02T17:14:04.001Z");
    EXPECT_EQ(result.records[2].data, (Fields{{"Protocol", "TLS 1.2"}}));
}

TEST(JsonEventReader, FixturePowerShell7) {
    const std::string text = read_fixture("convertto-json-ps7.json");
    Result result = read_json(text, 333);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.skipped, 0u);
    const EventRecord& sent = result.records[0];
    EXPECT_EQ(sent.event_id, 36888);
    EXPECT_EQ(sent.time, "2024-03-02T09:14:05.9333292-08:00");
    EXPECT_EQ(sent.computer, "WIN-U5410N2J187");
    EXPECT_EQ(sent.record_id, 2708u);
    EXPECT_EQ(
        sent.data,
        (Fields{{"AlertDesc", "40"}, {"ErrorState", "1205"}, {"TargetName", "mail.example.org"}}));
    EXPECT_NE(sent.message.find("\n\n   Target name: mail.example.org\n\n"), std::string::npos);
    const EventRecord& credential = result.records[1];
    EXPECT_EQ(credential.event_id, 36871);
    EXPECT_EQ(credential.time, "2024-12-11T18:37:43.4833862Z");
    EXPECT_EQ(credential.data, (Fields{{"Type", "client"}, {"ErrorState", "10013"}}));
}

TEST(JsonEventReader, FixtureWinlogbeat) {
    const std::string text = read_fixture("winlogbeat.ndjson");
    Result result = read_json(text, 512);
    ASSERT_EQ(result.records.size(), 5u);
    EXPECT_EQ(result.skipped, 0u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].data, (Fields{{"AlertDesc", "46"}}));
    EXPECT_EQ(result.records[1].event_id, 7036);
    EXPECT_EQ(result.records[1].provider, "Service Control Manager");
    EXPECT_EQ(result.records[2].event_id, 36888);
    EXPECT_EQ(
        result.records[2].data,
        (Fields{{"AlertDesc", "40"}, {"ErrorState", "1205"}, {"TargetName", "mail.example.org"}}));
    EXPECT_EQ(result.records[2].line, 3u);
    EXPECT_EQ(result.records[3].event_id, 36874);
    EXPECT_EQ(result.records[3].data, (Fields{{"Protocol", "TLS 1.0"}}));
    EXPECT_EQ(result.records[4].event_id, 36880);
    EXPECT_EQ(result.records[4].field("CipherSuite"), "0xc030");
    EXPECT_FALSE(result.records[4].field("xml_name").has_value());
}

TEST(JsonEventReader, FixtureNxlog) {
    const std::string text = read_fixture("nxlog.json");
    Result result = read_json(text, 100);
    ASSERT_EQ(result.records.size(), 3u);
    EXPECT_EQ(result.skipped, 0u);
    EXPECT_EQ(result.records[0].event_id, 36887);
    EXPECT_EQ(result.records[0].time, "2024-03-02T09:14:02");
    EXPECT_EQ(result.records[0].data, (Fields{{"AlertDesc", "46"}}));
    EXPECT_EQ(result.records[1].event_id, 36888);
    EXPECT_EQ(result.records[1].field("ErrorState"), "1205");
    EXPECT_EQ(result.records[1].message.find('\r'), std::string::npos);
    EXPECT_EQ(result.records[2].event_id, 36870);
    EXPECT_EQ(result.records[2].data,
              (Fields{{"Type", "server"}, {"ErrorCode", "0x8009030d"}, {"ErrorStatus", "10001"}}));
}

TEST(JsonEventReader, FixturesReadTheSameInEveryPieceSize) {
    for (const char* name : {"convertto-json-ps51.json", "convertto-json-ps7.json",
                             "winlogbeat.ndjson", "nxlog.json"}) {
        const std::string text = read_fixture(name);
        const auto expected = describe_all(read_json(text).records);
        ASSERT_FALSE(expected.empty()) << name;
        for (std::size_t piece : {1, 2, 3, 7, 64, 1000}) {
            EXPECT_EQ(describe_all(read_json(text, piece).records), expected)
                << name << " piece " << piece;
        }
    }
}

}  // namespace
}  // namespace alertscan
