// Unit tests for the printers (src/output/*): the json summary (schema
// alertscan.summary/1, docs/json.md), jsonl hits, the 80-column table and
// make_printer.
#include "output/printer.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <map>
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

// The ECS document of each hit (docs/ecs.md), one per line.
std::vector<json> jsonl_documents(const std::vector<Hit>& hits) {
    std::ostringstream out;
    auto printer = make_printer("jsonl", out);
    for (const Hit& hit : hits) printer->on_hit(hit);
    std::vector<json> documents;
    for (const std::string& line : split_lines(out.str())) documents.push_back(json::parse(line));
    return documents;
}

// Every value of the document, by dotted path ("tls_alert.code"), to check
// that no key is dotted and no value null.
void flatten(const json& value, const std::string& path, std::map<std::string, json>& out) {
    if (!value.is_object()) {
        out[path] = value;
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        flatten(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
    }
}

TEST(JsonlPrinterTest, OneEcsDocumentPerHit) {
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
    full.timestamp = "2024-03-02T09:14:02.1234567Z";
    full.error_state = 960;
    full.record_id = 7;
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
    const json a = json::parse(lines[0]);
    const json b = json::parse(lines[1]);

    std::map<std::string, json> fields;
    flatten(a, "", fields);
    const std::map<std::string, json> expected = {
        {"@timestamp", "2024-03-02T09:14:02.1234567Z"},
        {"ecs.version", "8.17.0"},
        {"event.kind", "event"},
        {"event.category", {"network"}},
        {"event.type", {"connection", "error"}},
        {"event.outcome", "failure"},
        {"event.module", "alertscan"},
        {"event.provider", "Schannel"},
        {"event.code", "36888"},
        {"host.name", "HOST01"},
        {"destination.ip", "10.1.2.3"},
        {"related.ip", {"10.1.2.3"}},
        {"log.file.path", "logs/system.txt"},
        {"log.offset", 4567},
        {"rule.id", "schannel.36888.legacy"},
        {"rule.ruleset", "schannel"},
        {"winlog.record_id", "7"},
        {"message", full.match},
        {"tls_alert.kind", "alert"},
        {"tls_alert.code", 20},
        {"tls_alert.name", "bad_record_mac"},
        {"tls_alert.description", std::string(catalog::alert(20).meaning)},
        {"tls_alert.fatal", true},
        {"tls_alert.direction", "sent"},
        {"tls_alert.level", "fatal"},
        {"tls_alert.peer", "10.1.2.3"},
        {"tls_alert.error_state", 960},
        {"tls_alert.logged_time", "2024-03-02T09:14:02.1234567Z"},
        {"tls_alert.time_basis", "utc"},
        {"tls_alert.line", 12},
    };
    EXPECT_EQ(fields, expected) << a.dump(2);
    EXPECT_EQ(a.begin().key(), "@timestamp");

    // Without a date, host, peer or event id those fields are absent, never null.
    for (const char* key : {"@timestamp", "host", "source", "destination", "related", "winlog"}) {
        EXPECT_FALSE(b.contains(key)) << key << " in " << b.dump();
    }
    EXPECT_FALSE(b["event"].contains("code"));
    EXPECT_FALSE(b["tls_alert"].contains("name"));  // unassigned
    EXPECT_FALSE(b["tls_alert"].contains("logged_time"));
    EXPECT_EQ(b["event"]["provider"], "GSKit");
    EXPECT_EQ(b["log"]["file"]["path"], "-");
    EXPECT_EQ(b["log"]["offset"], 0);
    EXPECT_EQ(b["tls_alert"]["code"], 1);
    EXPECT_EQ(b["tls_alert"]["direction"], "unknown");
    EXPECT_EQ(b["message"], "SSL V3 alert 1 sent");
    std::map<std::string, json> bare_fields;
    flatten(b, "", bare_fields);
    for (const auto& [path, value] : bare_fields) EXPECT_FALSE(value.is_null()) << path;
}

TEST(JsonlPrinterTest, TimestampOnlyWithAFullDate) {
    const std::vector<json> docs = jsonl_documents({
        make_hit(40, Direction::Sent, "--03-02T09:14:02"),           // syslog: no year
        make_hit(40, Direction::Sent, "2024-03-02T09:14:02"),        // local time
        make_hit(40, Direction::Sent, "2024-03-02T09:14:02+01:00"),  // with offset
        make_hit(40, Direction::Sent, "2024-03-02T09:14:02.555Z"),   // UTC
    });
    ASSERT_EQ(docs.size(), 4u);
    EXPECT_FALSE(docs[0].contains("@timestamp"));
    EXPECT_EQ(docs[0]["tls_alert"]["logged_time"], "--03-02T09:14:02");
    EXPECT_EQ(docs[0]["tls_alert"]["time_basis"], "local");
    EXPECT_EQ(docs[1]["@timestamp"], "2024-03-02T09:14:02");
    EXPECT_EQ(docs[1]["tls_alert"]["time_basis"], "local");
    EXPECT_EQ(docs[2]["@timestamp"], "2024-03-02T09:14:02+01:00");
    EXPECT_EQ(docs[2]["tls_alert"]["time_basis"], "offset");
    EXPECT_EQ(docs[3]["@timestamp"], "2024-03-02T09:14:02.555Z");
    EXPECT_EQ(docs[3]["tls_alert"]["time_basis"], "utc");
}

TEST(JsonlPrinterTest, PeerGoesToSourceOrDestinationByDirection) {
    const std::vector<json> docs = jsonl_documents({
        make_hit(46, Direction::Received, "", "10.20.30.40"),
        make_hit(46, Direction::Sent, "", "mail.fabrikam.com"),
        make_hit(46, Direction::Received, "", "[2001:DB8::1]"),
        make_hit(46, Direction::Unknown, "", "192.0.2.9"),
        make_hit(46, Direction::Received, "", "not a host\n"),
        make_hit(46, Direction::Received, "", "300.1.2.3"),
    });
    ASSERT_EQ(docs.size(), 6u);
    EXPECT_EQ(docs[0]["source"], json({{"ip", "10.20.30.40"}}));
    EXPECT_FALSE(docs[0].contains("destination"));
    EXPECT_EQ(docs[0]["related"], json({{"ip", {"10.20.30.40"}}}));
    EXPECT_EQ(docs[1]["destination"], json({{"domain", "mail.fabrikam.com"}}));
    EXPECT_EQ(docs[1]["related"], json({{"hosts", {"mail.fabrikam.com"}}}));
    EXPECT_EQ(docs[2]["source"]["ip"], "2001:db8::1");  // canonical form
    EXPECT_EQ(docs[2]["tls_alert"]["peer"], "[2001:DB8::1]");
    // Unknown direction: neither side, but still related.
    EXPECT_FALSE(docs[3].contains("source"));
    EXPECT_FALSE(docs[3].contains("destination"));
    EXPECT_EQ(docs[3]["related"]["ip"], json({"192.0.2.9"}));
    // Neither an IP nor a host name: only in tls_alert.peer (an ip field
    // would reject the document).
    for (int i : {4, 5}) {
        EXPECT_FALSE(docs[i].contains("source")) << docs[i].dump();
        EXPECT_FALSE(docs[i].contains("related")) << docs[i].dump();
        EXPECT_TRUE(docs[i]["tls_alert"].contains("peer"));
    }
    EXPECT_EQ(docs[5]["tls_alert"]["peer"], "300.1.2.3");
}

TEST(JsonlPrinterTest, WarningAlertIsNotAFailure) {
    Hit hit = make_hit(0, Direction::Received);
    hit.level = AlertLevel::Warning;
    hit.error_state = 0;
    const json doc = jsonl_documents({hit}).at(0);
    EXPECT_EQ(doc["tls_alert"]["direction"], "received");
    EXPECT_EQ(doc["tls_alert"]["level"], "warning");
    EXPECT_EQ(doc["tls_alert"]["name"], "close_notify");
    EXPECT_EQ(doc["tls_alert"]["fatal"], false);
    EXPECT_EQ(doc["tls_alert"]["error_state"], 0);  // a state of 0 is a value, not absent
    EXPECT_EQ(doc["event"]["outcome"], "unknown");
    EXPECT_EQ(doc["event"]["type"], json({"connection"}));
    // Level not stated: the registry decides (handshake_failure is fatal).
    const json unstated = jsonl_documents({make_hit(40, Direction::Sent)}).at(0);
    EXPECT_EQ(unstated["tls_alert"]["level"], "unknown");
    EXPECT_EQ(unstated["tls_alert"]["fatal"], true);
    EXPECT_EQ(unstated["event"]["outcome"], "failure");
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
        EXPECT_EQ(object["tls_alert"]["code"], static_cast<int>(i));
        EXPECT_EQ(object["tls_alert"]["line"], i + 1);
        EXPECT_EQ(object["tls_alert"]["peer"], "peer\nwith newline");
        EXPECT_EQ(object["message"], "text\twith \"quotes\" and \xEF\xBF\xBD");
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
    const std::vector<json> objects = jsonl_documents({
        make_rc_hit(414, "distributed", "", 575010, "CH.ONE", "10.1.2.3"),
        make_rc_hit(435, "zos"),
        make_rc_hit(435, "distributed", "GSK_ERR_UNKNOWN_CA"),
        make_rc_hit(999, "distributed"),
        make_hit(46, Direction::Received),
        make_rc_hit(-1, "distributed", "GSK_ERROR_PROTOCOL_MISMATCH"),
    });
    ASSERT_EQ(objects.size(), 6u);

    const json& rc = objects[0];
    EXPECT_EQ(rc["tls_alert"]["kind"], "gskit_rc");
    EXPECT_FALSE(rc["tls_alert"].contains("code"));  // return codes are not alert codes
    EXPECT_FALSE(rc["tls_alert"].contains("fatal"));
    const json& gskit = rc["tls_alert"]["gskit"];
    EXPECT_EQ(gskit["code"], 414);
    EXPECT_EQ(gskit["table"], "distributed");
    EXPECT_EQ(gskit["name"], "GSK_ERROR_BAD_CERT");
    EXPECT_EQ(gskit["in_table"], true);
    EXPECT_EQ(gskit["validation"]["code"], 575010);
    EXPECT_EQ(gskit["channel"], "CH.ONE");
    EXPECT_FALSE(rc["tls_alert"]["description"].get<std::string>().empty());
    EXPECT_EQ(rc["tls_alert"]["peer"], "10.1.2.3");
    EXPECT_EQ(rc["related"]["ip"], json({"10.1.2.3"}));
    EXPECT_EQ(rc["event"]["provider"], "IBM MQ");
    EXPECT_EQ(rc["event"]["outcome"], "failure");
    EXPECT_EQ(rc["rule"]["id"], "t.rc");
    EXPECT_EQ(rc["tls_alert"]["line"], 3);
    EXPECT_EQ(rc["log"]["offset"], 99);
    EXPECT_EQ(rc["message"], "ArithInsert1(414)");

    EXPECT_EQ(objects[1]["tls_alert"]["gskit"]["table"], "zos");
    EXPECT_EQ(objects[1]["tls_alert"]["gskit"]["name"], "GSK_ERR_UNKNOWN_CA");
    EXPECT_FALSE(objects[1]["tls_alert"]["gskit"].contains("validation"));
    EXPECT_FALSE(objects[1]["tls_alert"]["gskit"].contains("channel"));
    EXPECT_EQ(objects[2]["tls_alert"]["gskit"]["name"], "GSK_ERR_UNKNOWN_CA");  // printed wins
    EXPECT_EQ(objects[2]["tls_alert"]["gskit"]["table"], "distributed");
    // Not in the table: no name, no guess.
    EXPECT_FALSE(objects[3]["tls_alert"]["gskit"].contains("name"));
    EXPECT_EQ(objects[3]["tls_alert"]["gskit"]["in_table"], false);
    EXPECT_EQ(objects[3]["tls_alert"]["gskit"]["code"], 999);

    const json& alert = objects[4];
    EXPECT_EQ(alert["tls_alert"]["kind"], "alert");
    EXPECT_EQ(alert["tls_alert"]["name"], "certificate_unknown");
    EXPECT_FALSE(alert["tls_alert"].contains("gskit"));

    // Known only by a name: no number.
    EXPECT_FALSE(objects[5]["tls_alert"]["gskit"].contains("code"));
    EXPECT_EQ(objects[5]["tls_alert"]["gskit"]["name"], "GSK_ERROR_PROTOCOL_MISMATCH");
}

}  // namespace
}  // namespace alertscan
