// Unit tests for the printers (src/output/*): the json summary (schema
// alertscan.summary/1, docs/json.md), jsonl hits, the 80-column table and
// make_printer.
#include "output/printer.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/alerts.hpp"
#include "catalog/gskit_codes.hpp"
#include "summary/hit.hpp"
#include "summary/summary.hpp"

namespace alertscan {
namespace {

using nlohmann::json;

Hit make_hit(int code, Direction direction, std::string timestamp = "", std::string peer = "",
             std::string host = "", std::string source = "schannel") {
    Hit hit;
    hit.file = "in.log";
    hit.code = code;
    hit.direction = direction;
    hit.timestamp = std::move(timestamp);
    hit.peer = std::move(peer);
    hit.host = std::move(host);
    hit.source = std::move(source);
    return hit;
}

InputSummary input(std::string path, std::optional<std::string> error = std::nullopt) {
    InputSummary in;
    in.path = std::move(path);
    in.error = std::move(error);
    if (!in.error) {
        in.encoding = "utf-8";
        in.bytes = 1234;
        in.lines = 56;
        in.hits = 7;
    }
    return in;
}

// A run with received, sent and unknown hits, dated and undated, peers,
// hosts, error states, an unassigned value and one unreadable input.
Summary sample_summary() {
    Aggregator aggregator;
    aggregator.on_hit(
        make_hit(46, Direction::Received, "--03-02T09:14:02", "10.20.30.40", "HOST01"));
    aggregator.on_hit(
        make_hit(46, Direction::Received, "--03-02T09:25:13", "10.20.30.40", "HOST01"));
    aggregator.on_hit(make_hit(46, Direction::Sent, "", "10.20.30.41", "", "gskit"));
    aggregator.on_hit(make_hit(46, Direction::Unknown, "", "", "", "gskit"));
    Hit sent = make_hit(20, Direction::Sent, "2024-03-02T09:14:02");
    sent.error_state = 960;
    aggregator.on_hit(sent);
    sent.error_state = 1205;
    aggregator.on_hit(sent);
    aggregator.on_hit(make_hit(255, Direction::Unknown));
    aggregator.add_input(input("logs/system.txt"));
    aggregator.add_input(input("logs/missing.txt", "No such file or directory"));
    aggregator.add_input(input("logs/gsktrace.txt"));
    return aggregator.summary();
}

std::string run_finish(std::string_view format, const Summary& summary,
                       const std::vector<Hit>& hits = {}) {
    std::ostringstream out;
    auto printer = make_printer(format, out);
    EXPECT_NE(printer, nullptr) << format;
    if (!printer) return {};
    for (const Hit& hit : hits) printer->on_hit(hit);
    printer->finish(summary);
    return out.str();
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Columns a line takes on a terminal (UTF-8 code points).
std::size_t columns(std::string_view line) {
    std::size_t n = 0;
    for (unsigned char c : line) n += (c & 0xC0) != 0x80;
    return n;
}

// The text with every run of whitespace (wrapping, indentation) made one space.
std::string squeeze(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// ---------------------------------------------------------------------------
// make_printer
// ---------------------------------------------------------------------------

TEST(MakePrinterTest, KnownAndUnknownNames) {
    std::ostringstream out;
    EXPECT_EQ(make_printer("nope", out), nullptr);
    EXPECT_EQ(make_printer("", out), nullptr);
    EXPECT_EQ(make_printer("JSON", out), nullptr);
    for (std::string_view name : printer_names()) {
        EXPECT_NE(make_printer(name, out), nullptr) << name;
    }
    EXPECT_EQ(printer_names(), (std::vector<std::string_view>{"table", "json", "jsonl", "csv",
                                                              "markdown", "prometheus", "html"}));
}

// ---------------------------------------------------------------------------
// json
// ---------------------------------------------------------------------------

TEST(JsonPrinterTest, DocumentFollowsSchema) {
    const Summary summary = sample_summary();
    const std::string text = run_finish("json", summary);
    json doc;
    ASSERT_NO_THROW(doc = json::parse(text)) << text;
    EXPECT_EQ(doc["schema"], "alertscan.summary/1");
    ASSERT_TRUE(doc["generator"].is_string());
    EXPECT_EQ(doc["generator"].get<std::string>().rfind("alertscan ", 0), 0u);
    EXPECT_EQ(doc["totals"]["hits"], 7);
    EXPECT_EQ(doc["totals"]["inputs"], 3);
    EXPECT_EQ(doc["totals"]["failed_inputs"], 1);
    ASSERT_TRUE(doc["gskit_codes"].is_array());
    EXPECT_TRUE(doc["gskit_codes"].empty());
    EXPECT_EQ(doc["gskit_codes"], json::array());
}

TEST(JsonPrinterTest, Alerts) {
    const std::string text = run_finish("json", sample_summary());
    const json doc = json::parse(text);
    const json& alerts = doc["alerts"];
    ASSERT_TRUE(alerts.is_array());
    ASSERT_EQ(alerts.size(), 3u);
    // Most frequent first, ties by code.
    EXPECT_EQ(alerts[0]["code"], 46);
    EXPECT_EQ(alerts[1]["code"], 20);
    EXPECT_EQ(alerts[2]["code"], 255);
    std::uint64_t total = 0;
    for (const json& alert : alerts) {
        SCOPED_TRACE(alert.dump());
        ASSERT_TRUE(alert["code"].is_number_integer());
        const int code = alert["code"].get<int>();
        const catalog::AlertInfo& info = catalog::alert(code);
        if (info.assigned) {
            EXPECT_EQ(alert["name"], std::string(info.name));
        } else {
            EXPECT_TRUE(alert["name"].is_null());
        }
        EXPECT_EQ(alert["assigned"], info.assigned);
        for (const char* key : {"count", "received", "sent", "unknown", "undated"}) {
            EXPECT_TRUE(alert[key].is_number_integer()) << key;
        }
        EXPECT_EQ(alert["received"].get<std::uint64_t>() + alert["sent"].get<std::uint64_t>() +
                      alert["unknown"].get<std::uint64_t>(),
                  alert["count"].get<std::uint64_t>());
        EXPECT_EQ(alert["meaning"], std::string(info.meaning));
        EXPECT_EQ(alert["check"], std::string(info.check));
        EXPECT_TRUE(alert["peers"].is_array());
        EXPECT_TRUE(alert["hosts"].is_array());
        EXPECT_TRUE(alert["sources"].is_object());
        EXPECT_TRUE(alert["error_states"].is_array());
        total += alert["count"].get<std::uint64_t>();
    }
    EXPECT_EQ(total, doc["totals"]["hits"].get<std::uint64_t>());

    const json& c46 = alerts[0];
    EXPECT_EQ(c46["name"], "certificate_unknown");
    EXPECT_EQ(c46["count"], 4);
    EXPECT_EQ(c46["received"], 2);
    EXPECT_EQ(c46["sent"], 1);
    EXPECT_EQ(c46["unknown"], 1);
    EXPECT_EQ(c46["first_seen"], "--03-02T09:14:02");
    EXPECT_EQ(c46["last_seen"], "--03-02T09:25:13");
    EXPECT_EQ(c46["undated"], 2);
    EXPECT_EQ(c46["peers"], json::parse(R"([{"peer":"10.20.30.40","count":2},
                                            {"peer":"10.20.30.41","count":1}])"));
    EXPECT_EQ(c46["hosts"], json::parse(R"([{"host":"HOST01","count":2}])"));
    EXPECT_EQ(c46["sources"], json::parse(R"({"gskit":2,"schannel":2})"));
    EXPECT_EQ(c46["error_states"], json::array());

    const json& c20 = alerts[1];
    EXPECT_EQ(c20["name"], "bad_record_mac");
    EXPECT_EQ(c20["sent"], 2);
    EXPECT_EQ(c20["first_seen"], "2024-03-02T09:14:02");
    EXPECT_EQ(c20["error_states"],
              json::parse(R"([{"state":1205,"count":1},{"state":960,"count":1}])"));
    ASSERT_TRUE(c20["error_states"][0]["state"].is_number_integer());
    EXPECT_EQ(c20["peers"], json::array());

    const json& c255 = alerts[2];
    EXPECT_TRUE(c255["name"].is_null());
    EXPECT_EQ(c255["assigned"], false);
    EXPECT_TRUE(c255["first_seen"].is_null());  // null, never ""
    EXPECT_TRUE(c255["last_seen"].is_null());
    EXPECT_EQ(c255["undated"], 1);
}

TEST(JsonPrinterTest, Inputs) {
    const json doc = json::parse(run_finish("json", sample_summary()));
    const json& inputs = doc["inputs"];
    ASSERT_TRUE(inputs.is_array());
    ASSERT_EQ(inputs.size(), 3u);
    EXPECT_EQ(inputs[0]["path"], "logs/system.txt");
    EXPECT_TRUE(inputs[0]["error"].is_null());
    EXPECT_EQ(inputs[0]["encoding"], "utf-8");
    EXPECT_EQ(inputs[0]["bytes"], 1234);
    EXPECT_EQ(inputs[0]["lines"], 56);
    EXPECT_EQ(inputs[0]["hits"], 7);
    EXPECT_EQ(inputs[1]["path"], "logs/missing.txt");
    ASSERT_TRUE(inputs[1]["error"].is_string());
    EXPECT_EQ(inputs[1]["error"], "No such file or directory");
    EXPECT_TRUE(inputs[1]["encoding"].is_null());  // absent: null, not ""
    EXPECT_EQ(inputs[2]["path"], "logs/gsktrace.txt");
    EXPECT_TRUE(inputs[2]["error"].is_null());
}

TEST(JsonPrinterTest, EmptyRun) {
    const json doc = json::parse(run_finish("json", Summary{}));
    EXPECT_EQ(doc["schema"], "alertscan.summary/1");
    EXPECT_EQ(doc["alerts"], json::array());
    EXPECT_EQ(doc["inputs"], json::array());
    EXPECT_EQ(doc["gskit_codes"], json::array());
    EXPECT_EQ(doc["totals"]["hits"], 0);
    EXPECT_EQ(doc["totals"]["failed_inputs"], 0);
}

TEST(JsonPrinterTest, InvalidUtf8StillGivesValidJson) {
    Aggregator aggregator;
    aggregator.on_hit(make_hit(46, Direction::Received, "", "bad\xff\xfepeer", "h\xc3"));
    aggregator.add_input(input("odd\x80name.log"));
    const std::string text = run_finish("json", aggregator.summary());
    json doc;
    ASSERT_NO_THROW(doc = json::parse(text)) << text;
    EXPECT_EQ(doc["alerts"][0]["peers"][0]["count"], 1);
}

TEST(JsonPrinterTest, HitsAloneDoNotPrint) {
    std::ostringstream out;
    auto printer = make_printer("json", out);
    ASSERT_NE(printer, nullptr);
    printer->on_hit(make_hit(46, Direction::Received));
    EXPECT_EQ(out.str(), "");
    printer->finish(Summary{});
    EXPECT_FALSE(out.str().empty());
}

// ---------------------------------------------------------------------------
// jsonl
// ---------------------------------------------------------------------------

const std::vector<std::string> kJsonlFields = {
    "file",      "line",      "offset",          "kind",
    "source",    "pattern",   "event_id",        "direction",
    "code",      "name",      "level",           "peer",
    "host",      "timestamp", "time_basis",      "error_state",
    "record_id", "gsk_table", "validation_code", "validation_name",
    "channel",   "text"};

// The keys of a JSON object text, in the order written.
std::vector<std::string> keys_in_order(const std::string& text) {
    const nlohmann::ordered_json object = nlohmann::ordered_json::parse(text);
    std::vector<std::string> keys;
    if (!object.is_object()) return keys;
    for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
    return keys;
}

TEST(JsonlPrinterTest, OneObjectPerHitWithDocumentedFields) {
    Hit full;
    full.file = "logs/system.txt";
    full.line = 12;
    full.offset = 4567;
    full.source = "schannel";
    full.pattern_id = "schannel.36888.legacy";
    full.event_id = 36888;
    full.direction = Direction::Sent;
    full.code = 20;
    full.level = AlertLevel::Fatal;
    full.peer = "10.1.2.3";
    full.host = "HOST01";
    full.timestamp = "--03-02T09:14:02";
    full.error_state = 960;
    full.match = "The following fatal alert was generated: 20. The internal error state is 960";

    Hit bare;
    bare.file = "-";
    bare.line = 1;
    bare.offset = 0;
    bare.source = "gskit";
    bare.pattern_id = "gskit.v3-alert";
    bare.direction = Direction::Unknown;
    bare.code = 1;  // unassigned
    bare.match = "SSL V3 alert 1 sent";

    std::ostringstream out;
    auto printer = make_printer("jsonl", out);
    ASSERT_NE(printer, nullptr);
    printer->on_hit(full);
    printer->on_hit(bare);
    const std::string after_hits = out.str();
    printer->finish(sample_summary());
    EXPECT_EQ(out.str(), after_hits);  // finish adds nothing

    const std::vector<std::string> lines = split_lines(out.str());
    ASSERT_EQ(lines.size(), 2u) << out.str();
    std::vector<json> objects;
    for (const std::string& line : lines) {
        json object;
        ASSERT_NO_THROW(object = json::parse(line)) << line;
        ASSERT_TRUE(object.is_object());
        objects.push_back(object);
        // Exactly the documented fields, in the documented order.
        EXPECT_EQ(keys_in_order(line), kJsonlFields);
    }

    const json& a = objects[0];
    EXPECT_EQ(a["file"], "logs/system.txt");
    EXPECT_EQ(a["line"], 12);
    EXPECT_EQ(a["offset"], 4567);
    EXPECT_EQ(a["kind"], "alert");
    EXPECT_EQ(a["source"], "schannel");
    EXPECT_EQ(a["pattern"], "schannel.36888.legacy");
    EXPECT_EQ(a["event_id"], 36888);
    EXPECT_EQ(a["direction"], "sent");
    EXPECT_EQ(a["code"], 20);
    EXPECT_TRUE(a["code"].is_number_integer());
    EXPECT_EQ(a["name"], "bad_record_mac");
    EXPECT_EQ(a["level"], "fatal");
    EXPECT_EQ(a["peer"], "10.1.2.3");
    EXPECT_EQ(a["host"], "HOST01");
    EXPECT_EQ(a["timestamp"], "--03-02T09:14:02");
    EXPECT_EQ(a["time_basis"], "local");
    EXPECT_EQ(a["error_state"], 960);
    EXPECT_EQ(a["text"], full.match);

    const json& b = objects[1];
    EXPECT_EQ(b["file"], "-");
    EXPECT_EQ(b["line"], 1);
    EXPECT_EQ(b["offset"], 0);
    EXPECT_EQ(b["direction"], "unknown");
    EXPECT_EQ(b["level"], "unknown");
    EXPECT_EQ(b["code"], 1);
    for (const char* key : {"event_id", "name", "peer", "host", "timestamp", "error_state"}) {
        EXPECT_TRUE(b[key].is_null()) << key << " = " << b[key].dump();
    }
    EXPECT_EQ(b["text"], "SSL V3 alert 1 sent");
}

TEST(JsonlPrinterTest, ReceivedDirectionAndWarningLevel) {
    Hit hit = make_hit(0, Direction::Received);
    hit.level = AlertLevel::Warning;
    hit.error_state = 0;
    std::ostringstream out;
    auto printer = make_printer("jsonl", out);
    ASSERT_NE(printer, nullptr);
    printer->on_hit(hit);
    const json object = json::parse(out.str());
    EXPECT_EQ(object["direction"], "received");
    EXPECT_EQ(object["level"], "warning");
    EXPECT_EQ(object["name"], "close_notify");
    EXPECT_EQ(object["error_state"], 0);  // a state of 0 is a value, not absent
}

TEST(JsonlPrinterTest, EveryLineIsOneJsonObject) {
    std::ostringstream out;
    auto printer = make_printer("jsonl", out);
    ASSERT_NE(printer, nullptr);
    for (int code = 0; code < 256; ++code) {
        Hit hit = make_hit(code, Direction::Received, "", "peer\nwith newline");
        hit.match = "text\twith \"quotes\" and \xff";
        hit.line = static_cast<std::uint64_t>(code) + 1;
        printer->on_hit(hit);
    }
    const std::vector<std::string> lines = split_lines(out.str());
    ASSERT_EQ(lines.size(), 256u);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        json object;
        ASSERT_NO_THROW(object = json::parse(lines[i])) << lines[i];
        EXPECT_EQ(object["code"], static_cast<int>(i));
        EXPECT_EQ(object["line"], i + 1);
        EXPECT_EQ(object["peer"], "peer\nwith newline");
    }
}

// ---------------------------------------------------------------------------
// table
// ---------------------------------------------------------------------------

TEST(TablePrinterTest, FitsEightyColumnsAndExplainsEachCode) {
    const Summary summary = sample_summary();
    const std::string text = run_finish("table", summary);
    const std::vector<std::string> lines = split_lines(text);
    ASSERT_FALSE(lines.empty());
    for (const std::string& line : lines) {
        EXPECT_LE(columns(line), 80u) << "[" << line << "]";
    }
    const std::string flat = squeeze(text);
    for (const auto& [code, alert] : summary.alerts) {
        SCOPED_TRACE(code);
        const catalog::AlertInfo& info = catalog::alert(code);
        EXPECT_NE(text.find(std::to_string(code)), std::string::npos);
        if (info.assigned) {
            EXPECT_NE(text.find(std::string(info.name)), std::string::npos);
        }
        EXPECT_NE(flat.find(squeeze(info.meaning)), std::string::npos) << info.meaning;
        EXPECT_NE(flat.find(squeeze(info.check)), std::string::npos) << info.check;
    }
    EXPECT_NE(text.find("certificate_unknown"), std::string::npos);
    EXPECT_NE(text.find("bad_record_mac"), std::string::npos);
    EXPECT_NE(text.find("(unassigned)"), std::string::npos);
    EXPECT_NE(text.find("10.20.30.40 (2)"), std::string::npos);
    EXPECT_NE(text.find("HOST01 (2)"), std::string::npos);
    EXPECT_NE(text.find("960 (1)"), std::string::npos);
    EXPECT_NE(flat.find("--03-02T09:14:02 .. --03-02T09:25:13 (2 undated)"), std::string::npos);
    EXPECT_NE(text.find("no timestamps on these lines"), std::string::npos);
}

TEST(TablePrinterTest, RowsInDisplayOrderWithCounts) {
    const std::string text = run_finish("table", sample_summary());
    const std::vector<std::string> lines = split_lines(text);
    std::vector<std::string> rows;
    for (const std::string& line : lines) {
        if (line.size() > 4 && line[0] == ' ' && line.compare(0, 6, "      ") != 0)
            rows.push_back(line);
    }
    ASSERT_EQ(rows.size(), 3u) << text;
    std::istringstream r0(rows[0]);
    std::string name;
    int code = 0, count = 0, received = 0, sent = 0, unknown = 0;
    r0 >> code >> name >> count >> received >> sent >> unknown;
    EXPECT_EQ(code, 46);
    EXPECT_EQ(name, "certificate_unknown");
    EXPECT_EQ(count, 4);
    EXPECT_EQ(received, 2);
    EXPECT_EQ(sent, 1);
    EXPECT_EQ(unknown, 1);
    EXPECT_EQ(rows[1].substr(0, 4), "  20");
    EXPECT_EQ(rows[2].substr(0, 4), " 255");
    EXPECT_NE(text.find("CODE  NAME"), std::string::npos);
}

TEST(TablePrinterTest, HeadlineAndFailedInputs) {
    const std::string text = run_finish("table", sample_summary());
    EXPECT_EQ(text.rfind("alertscan: 7 TLS alerts in 2 inputs read, 1 could not be read\n", 0), 0u)
        << text;
    const std::vector<std::string> lines = split_lines(text);
    int not_read = 0;
    for (const std::string& line : lines) {
        if (line.rfind("not read: ", 0) == 0) {
            ++not_read;
            EXPECT_EQ(line, "not read: logs/missing.txt: No such file or directory");
        }
    }
    EXPECT_EQ(not_read, 1);
    EXPECT_EQ(text.back(), '\n');
}

TEST(TablePrinterTest, SeveralFailedInputsWithoutHits) {
    Aggregator aggregator;
    aggregator.add_input(input("a.log", "Permission denied"));
    aggregator.add_input(input("b.log"));
    aggregator.add_input(input("c.log", "Is a directory"));
    const std::string text = run_finish("table", aggregator.summary());
    const std::vector<std::string> lines = split_lines(text);
    EXPECT_EQ(lines.front(), "alertscan: 0 TLS alerts in 1 input read, 2 could not be read");
    std::vector<std::string> not_read;
    for (const std::string& line : lines) {
        if (line.rfind("not read: ", 0) == 0) not_read.push_back(line);
        EXPECT_LE(columns(line), 80u) << line;
    }
    EXPECT_EQ(not_read, (std::vector<std::string>{"not read: a.log: Permission denied",
                                                  "not read: c.log: Is a directory"}));
    EXPECT_EQ(text.find("CODE"), std::string::npos);  // no table without alerts
    EXPECT_EQ(text.back(), '\n');
}

TEST(TablePrinterTest, EmptyRun) {
    const std::string text = run_finish("table", Summary{});
    EXPECT_EQ(text, "alertscan: 0 TLS alerts in 0 inputs read\n");
}

TEST(TablePrinterTest, SingularWording) {
    Aggregator aggregator;
    aggregator.on_hit(make_hit(40, Direction::Received));
    aggregator.add_input(input("one.log"));
    const std::string text = run_finish("table", aggregator.summary());
    EXPECT_EQ(text.rfind("alertscan: 1 TLS alert in 1 input read\n", 0), 0u) << text;
}

// Every value 0..255 at once, with busy peer/host/state lists: every line
// still fits, every meaning and check is there in full.
TEST(TablePrinterTest, EveryCodeFitsEightyColumns) {
    Aggregator aggregator;
    for (int code = 0; code < 256; ++code) {
        for (int i = 0; i < 7; ++i) {
            Hit hit = make_hit(code, i % 2 ? Direction::Sent : Direction::Received,
                               "2024-03-02T09:14:0" + std::to_string(i),
                               "peer-" + std::to_string(i) + ".subdomain.example.com",
                               "HOST-" + std::to_string(i) + ".corp.example.com");
            hit.error_state = 1000 + i;
            aggregator.on_hit(hit);
        }
    }
    const std::string text = run_finish("table", aggregator.summary());
    for (const std::string& line : split_lines(text)) {
        EXPECT_LE(columns(line), 80u) << "[" << line << "]";
    }
    const std::string flat = squeeze(text);
    for (const catalog::AlertInfo& info : catalog::all_alerts()) {
        if (!info.assigned) continue;
        SCOPED_TRACE(info.code);
        EXPECT_NE(text.find(std::string(info.name)), std::string::npos);
        EXPECT_NE(flat.find(squeeze(info.meaning)), std::string::npos);
        EXPECT_NE(flat.find(squeeze(info.check)), std::string::npos);
    }
    EXPECT_NE(text.find(", and more"), std::string::npos);  // 7 peers, 5 shown
}

// ---------------------------------------------------------------------------
// GSKit return codes in every printer
// ---------------------------------------------------------------------------

Hit make_rc_hit(std::int64_t code, std::string table = "distributed", std::string name = "",
                std::optional<std::int64_t> validation = std::nullopt, std::string channel = "",
                std::string peer = "") {
    Hit hit = make_hit(0, Direction::Unknown, "", std::move(peer), "", "mq");
    hit.kind = HitKind::GskitReturnCode;
    hit.code = code;
    hit.gsk_table = std::move(table);
    hit.gsk_name = std::move(name);
    hit.validation_code = validation;
    hit.channel = std::move(channel);
    hit.pattern_id = "t.rc";
    hit.line = 3;
    hit.offset = 99;
    hit.match = "ArithInsert1(" + std::to_string(code) + ")";
    return hit;
}

// distributed 414 (3 hits, name from the catalogue, two GSKVAL codes, two
// channels), z/OS 435, distributed 435 printed with another name, a number
// no table has, and one TLS alert.
Summary gskit_summary() {
    Aggregator aggregator;
    aggregator.on_hit(make_rc_hit(414, "distributed", "", 575010, "CH.ONE", "10.1.2.3"));
    aggregator.on_hit(make_rc_hit(414, "distributed", "", 575010, "CH.ONE", "10.1.2.3"));
    aggregator.on_hit(make_rc_hit(414, "distributed", "", 575011, "CH.TWO"));
    aggregator.on_hit(make_rc_hit(435, "zos"));
    aggregator.on_hit(make_rc_hit(435, "zos"));
    aggregator.on_hit(make_rc_hit(435, "distributed", "GSK_ERR_UNKNOWN_CA"));
    aggregator.on_hit(make_rc_hit(999, "distributed"));
    aggregator.on_hit(make_hit(46, Direction::Received));
    aggregator.add_input(input("logs/AMQERR01.LOG"));
    return aggregator.summary();
}

const json* find_code(const json& codes, const std::string& table, std::int64_t code) {
    for (const json& entry : codes) {
        if (entry["table"] == table && entry["code"] == code) return &entry;
    }
    return nullptr;
}

TEST(JsonPrinterGskitTest, GskitCodes) {
    const json doc = json::parse(run_finish("json", gskit_summary()));
    EXPECT_EQ(doc["totals"]["hits"], 8);
    EXPECT_EQ(doc["totals"]["alert_hits"], 1);
    EXPECT_EQ(doc["totals"]["gskit_hits"], 7);
    ASSERT_EQ(doc["alerts"].size(), 1u);
    EXPECT_EQ(doc["alerts"][0]["code"], 46);
    const json& codes = doc["gskit_codes"];
    ASSERT_TRUE(codes.is_array());
    ASSERT_EQ(codes.size(), 4u) << codes.dump(2);
    // Most hits first; ties by table, then code.
    EXPECT_EQ(codes[0]["code"], 414);
    EXPECT_EQ(codes[1]["code"], 435);
    EXPECT_EQ(codes[1]["table"], "zos");
    EXPECT_EQ(codes[2]["code"], 435);
    EXPECT_EQ(codes[2]["table"], "distributed");
    EXPECT_EQ(codes[3]["code"], 999);

    const json* c414 = find_code(codes, "distributed", 414);
    ASSERT_NE(c414, nullptr);
    EXPECT_EQ((*c414)["name"], "GSK_ERROR_BAD_CERT");  // from the catalogue
    EXPECT_EQ((*c414)["in_table"], true);
    EXPECT_EQ((*c414)["count"], 3);
    EXPECT_EQ((*c414)["unknown"], 3);
    ASSERT_TRUE((*c414)["meaning"].is_string());
    EXPECT_FALSE((*c414)["meaning"].get<std::string>().empty());
    EXPECT_TRUE((*c414)["check"].is_string());
    EXPECT_EQ((*c414)["channels"], json::parse(R"([{"channel":"CH.ONE","count":2},
                                                   {"channel":"CH.TWO","count":1}])"));
    EXPECT_EQ((*c414)["peers"], json::parse(R"([{"peer":"10.1.2.3","count":2}])"));
    EXPECT_EQ((*c414)["sources"], json::parse(R"({"mq":3})"));
    const json& validation = (*c414)["validation_codes"];
    ASSERT_EQ(validation.size(), 2u) << validation.dump();
    EXPECT_EQ(validation[0]["code"], 575010);
    EXPECT_EQ(validation[0]["name"], "GSKVAL_ERROR_NO_CHAIN_BUILT");
    EXPECT_EQ(validation[0]["count"], 2);
    EXPECT_EQ(validation[1]["code"], 575011);
    EXPECT_EQ(validation[1]["count"], 1);
    const auto info575011 = catalog::gsk_code(catalog::GskTable::Validation, 575011);
    ASSERT_TRUE(info575011.has_value());
    EXPECT_EQ(validation[1]["name"], std::string(info575011->name));

    const json* zos = find_code(codes, "zos", 435);
    ASSERT_NE(zos, nullptr);
    EXPECT_EQ((*zos)["name"], "GSK_ERR_UNKNOWN_CA");
    EXPECT_EQ((*zos)["in_table"], true);
    EXPECT_EQ((*zos)["count"], 2);
    EXPECT_EQ((*zos)["validation_codes"], json::array());
    EXPECT_EQ((*zos)["channels"], json::array());

    // The name printed on the line wins over the catalogue's for that number.
    const json* printed = find_code(codes, "distributed", 435);
    ASSERT_NE(printed, nullptr);
    EXPECT_EQ((*printed)["name"], "GSK_ERR_UNKNOWN_CA");
    EXPECT_EQ((*printed)["in_table"], true);
    const auto d435 = catalog::gsk_code(catalog::GskTable::Distributed, 435);
    ASSERT_TRUE(d435.has_value());
    EXPECT_EQ((*printed)["meaning"], std::string(d435->meaning));

    // Not in the table: said so, never a guessed name.
    const json* unknown = find_code(codes, "distributed", 999);
    ASSERT_NE(unknown, nullptr);
    EXPECT_TRUE((*unknown)["name"].is_null());
    EXPECT_EQ((*unknown)["in_table"], false);
    EXPECT_EQ((*unknown)["count"], 1);
    EXPECT_NE((*unknown)["meaning"].get<std::string>().find("not in the distributed table"),
              std::string::npos)
        << (*unknown)["meaning"];
    EXPECT_TRUE((*unknown)["check"].is_null());
}

TEST(TablePrinterGskitTest, ReturnCodeSectionFitsEightyColumns) {
    const std::string text = run_finish("table", gskit_summary());
    for (const std::string& line : split_lines(text)) {
        EXPECT_LE(columns(line), 80u) << "[" << line << "]";
    }
    EXPECT_EQ(text.rfind("alertscan: 1 TLS alert and 7 GSKit return codes in 1 input read\n", 0),
              0u)
        << text;
    const std::size_t section = text.find("\nGSKit return codes\n");
    ASSERT_NE(section, std::string::npos) << text;
    EXPECT_LT(text.find("certificate_unknown"), section);  // alerts first
    const std::string codes = text.substr(section);
    EXPECT_NE(codes.find("CODE  TABLE"), std::string::npos);
    std::vector<std::string> rows;
    for (const std::string& line : split_lines(codes)) {
        if (line.size() > 4 && line.compare(0, 6, "      ") != 0 &&
            std::isdigit(static_cast<unsigned char>(line[3]))) {
            rows.push_back(line);
        }
    }
    ASSERT_EQ(rows.size(), 4u) << codes;
    std::istringstream r0(rows[0]);
    std::string table, name;
    int code = 0, count = 0;
    r0 >> code >> table >> name >> count;
    EXPECT_EQ(code, 414);
    EXPECT_EQ(table, "distributed");
    EXPECT_EQ(name, "GSK_ERROR_BAD_CERT");
    EXPECT_EQ(count, 3);
    EXPECT_NE(rows[1].find("zos"), std::string::npos);
    EXPECT_NE(rows[1].find("GSK_ERR_UNKNOWN_CA"), std::string::npos);
    EXPECT_NE(rows[3].find(" 999  distributed"), std::string::npos) << rows[3];
    EXPECT_NE(rows[3].find("(not in table)"), std::string::npos) << rows[3];
    const std::string flat = squeeze(codes);
    EXPECT_NE(flat.find("channels: CH.ONE (2), CH.TWO (1)"), std::string::npos) << codes;
    EXPECT_NE(flat.find("575010 GSKVAL_ERROR_NO_CHAIN_BUILT (2)"), std::string::npos) << codes;
    EXPECT_NE(flat.find("not in the distributed table"), std::string::npos);
}

TEST(TablePrinterGskitTest, ManyReturnCodesFitEightyColumns) {
    Aggregator aggregator;
    for (catalog::GskTable table : {catalog::GskTable::Distributed, catalog::GskTable::ZOS}) {
        for (const catalog::GskCodeInfo& info : catalog::gsk_codes(table)) {
            for (int i = 0; i < 7; ++i) {
                aggregator.on_hit(
                    make_rc_hit(info.code, std::string(catalog::to_string(table)), "", 575001 + i,
                                "CHANNEL.NUMBER." + std::to_string(i) + ".EXAMPLE",
                                "peer-" + std::to_string(i) + ".subdomain.example.com"));
            }
        }
    }
    const std::string text = run_finish("table", aggregator.summary());
    for (const std::string& line : split_lines(text)) {
        EXPECT_LE(columns(line), 80u) << "[" << line << "]";
    }
    EXPECT_NE(text.find("GSK_ERROR_BAD_CERT"), std::string::npos);
    EXPECT_NE(text.find("GSK_ERR_UNKNOWN_CA"), std::string::npos);
}

TEST(JsonlPrinterGskitTest, ReturnCodeHit) {
    std::ostringstream out;
    auto printer = make_printer("jsonl", out);
    ASSERT_NE(printer, nullptr);
    printer->on_hit(make_rc_hit(414, "distributed", "", 575010, "CH.ONE", "10.1.2.3"));
    printer->on_hit(make_rc_hit(435, "zos"));
    printer->on_hit(make_rc_hit(435, "distributed", "GSK_ERR_UNKNOWN_CA"));
    printer->on_hit(make_rc_hit(999, "distributed"));
    printer->on_hit(make_hit(46, Direction::Received));
    const std::vector<std::string> lines = split_lines(out.str());
    ASSERT_EQ(lines.size(), 5u) << out.str();
    std::vector<json> objects;
    for (const std::string& line : lines) objects.push_back(json::parse(line));

    const json& rc = objects[0];
    EXPECT_EQ(rc["kind"], "gskit_rc");
    EXPECT_EQ(rc["code"], 414);
    EXPECT_EQ(rc["gsk_table"], "distributed");
    EXPECT_EQ(rc["name"], "GSK_ERROR_BAD_CERT");
    EXPECT_EQ(rc["validation_code"], 575010);
    EXPECT_EQ(rc["channel"], "CH.ONE");
    EXPECT_EQ(rc["peer"], "10.1.2.3");
    EXPECT_EQ(rc["pattern"], "t.rc");
    EXPECT_EQ(rc["line"], 3);
    EXPECT_EQ(rc["offset"], 99);
    EXPECT_EQ(rc["text"], "ArithInsert1(414)");

    EXPECT_EQ(objects[1]["gsk_table"], "zos");
    EXPECT_EQ(objects[1]["name"], "GSK_ERR_UNKNOWN_CA");
    EXPECT_TRUE(objects[1]["validation_code"].is_null());
    EXPECT_TRUE(objects[1]["channel"].is_null());
    EXPECT_EQ(objects[2]["name"], "GSK_ERR_UNKNOWN_CA");  // printed name wins
    EXPECT_EQ(objects[2]["gsk_table"], "distributed");
    EXPECT_TRUE(objects[3]["name"].is_null());  // not in the table: no guess
    EXPECT_EQ(objects[3]["code"], 999);

    const json& alert = objects[4];
    EXPECT_EQ(alert["kind"], "alert");
    EXPECT_EQ(alert["name"], "certificate_unknown");
    EXPECT_TRUE(alert["gsk_table"].is_null());
    EXPECT_TRUE(alert["validation_code"].is_null());
    EXPECT_TRUE(alert["channel"].is_null());
}

}  // namespace
}  // namespace alertscan
