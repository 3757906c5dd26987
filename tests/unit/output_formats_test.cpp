// Unit tests for the summary formats beside table and json: csv, markdown,
// prometheus (node_exporter textfile collector), html, and AtomicFile (-o).
// Summaries are built by hand through the Aggregator.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/alerts.hpp"
#include "output/atomic_file.hpp"
#include "output/gskit_annotation.hpp"
#include "output/printer.hpp"
#include "summary/hit.hpp"
#include "summary/summary.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

// Host names a hostile or broken log could carry.
const std::string kInjectionPeer = "=HYPERLINK(\"http://evil.example/\",\"x\")";
const std::string kCommaHost = "web,01 \"prod\"";
const std::string kScriptHost = "<script>alert('x')</script>";
const std::string kWeirdHost = "we\"ird\\host\nname";
const std::string kPipeError = "cannot read | `weird` file";

Hit alert_hit(int code, Direction direction, std::string timestamp = "", std::string peer = "",
              std::string host = "", std::string source = "schannel") {
    Hit hit;
    hit.file = "in.log";
    hit.kind = HitKind::Alert;
    hit.code = code;
    hit.direction = direction;
    hit.timestamp = std::move(timestamp);
    hit.peer = std::move(peer);
    hit.host = std::move(host);
    hit.source = std::move(source);
    return hit;
}

Hit rc_hit(std::int64_t code, std::string table, std::string name = "", std::string host = "") {
    Hit hit;
    hit.file = "gsktrace.txt";
    hit.kind = HitKind::GskitReturnCode;
    hit.source = "gskit";
    hit.code = code;
    hit.gsk_table = std::move(table);
    hit.gsk_name = std::move(name);
    hit.host = std::move(host);
    return hit;
}

SchannelEvent event(int id, std::string host, std::string time = "") {
    SchannelEvent e;
    e.file = "System.evtx";
    e.event_id = id;
    e.host = std::move(host);
    e.time = std::move(time);
    return e;
}

InputSummary input(std::string path, std::optional<std::string> error = std::nullopt) {
    InputSummary in;
    in.path = std::move(path);
    in.error = std::move(error);
    return in;
}

// 46: 2 received (HOST01, syslog dates), 1 sent (injection peer, comma host),
//     1 unknown; 20: 2 sent from a host with quote, backslash and newline;
// 255 (unassigned): 1 unknown from a <script> host; GSKit distributed 414
// x3, z/OS 8 x1, name-only GSK_ERROR_PROTOCOL_MISMATCH x1; SChannel 36874
// x2 and 36870 x1; three inputs, one not read.
Summary sample_summary() {
    Aggregator aggregator;
    aggregator.on_hit(
        alert_hit(46, Direction::Received, "--03-02T09:14:02", "10.20.30.40", "HOST01"));
    aggregator.on_hit(
        alert_hit(46, Direction::Received, "--03-02T09:25:13", "10.20.30.40", "HOST01"));
    aggregator.on_hit(alert_hit(46, Direction::Sent, "", kInjectionPeer, kCommaHost, "gskit"));
    aggregator.on_hit(alert_hit(46, Direction::Unknown, "", "", "", "gskit"));
    aggregator.on_hit(alert_hit(20, Direction::Sent, "2024-03-02T09:14:02Z", "", kWeirdHost));
    aggregator.on_hit(alert_hit(20, Direction::Sent, "2024-03-02T10:00:00Z", "", kWeirdHost));
    aggregator.on_hit(alert_hit(255, Direction::Unknown, "", "", kScriptHost));
    for (int i = 0; i < 3; ++i) aggregator.on_hit(rc_hit(414, "distributed", "", "HOST01"));
    aggregator.on_hit(rc_hit(8, "zos"));
    aggregator.on_hit(rc_hit(-1, "distributed", "GSK_ERROR_PROTOCOL_MISMATCH"));
    aggregator.on_event(event(36874, "HOST01", "2024-03-02T17:14:03Z"));
    aggregator.on_event(event(36874, "HOST01", "2024-03-02T17:15:03Z"));
    aggregator.on_event(event(36870, kScriptHost));
    aggregator.add_input(input("logs/system.txt"));
    aggregator.add_input(input("logs/missing.txt", kPipeError));
    aggregator.add_input(input("logs/gsktrace.txt"));
    return aggregator.summary();
}

std::string render(std::string_view format, const Summary& summary,
                   const PrinterOptions& options = {}) {
    std::ostringstream out;
    auto printer = make_printer(format, out, options);
    if (!printer) {
        ADD_FAILURE() << "no printer " << format;
        return {};
    }
    printer->finish(summary);
    return out.str();
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// ---------------------------------------------------------------------------
// csv
// ---------------------------------------------------------------------------

// RFC 4180 reader: quoted fields may hold commas, doubled quotes and line
// breaks. Throws on a malformed quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool was_quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (!field.empty() || was_quoted) throw std::runtime_error("quote inside a field");
            quoted = was_quoted = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
            was_quoted = false;
        } else if (c == '\n') {
            row.push_back(field);
            rows.push_back(row);
            row.clear();
            field.clear();
            was_quoted = false;
        } else {
            if (was_quoted) throw std::runtime_error("text after a closing quote");
            field += c;
        }
    }
    if (quoted) throw std::runtime_error("unterminated quote");
    if (!field.empty() || !row.empty()) throw std::runtime_error("last line without LF");
    return rows;
}

TEST(OutputCsvPrinterTest, ParsesBackWithTheSummaryCounts) {
    const Summary summary = sample_summary();
    const std::string text = render("csv", summary);
    EXPECT_EQ(text.find('\r'), std::string::npos) << "LF line ends";
    std::vector<std::vector<std::string>> rows;
    ASSERT_NO_THROW(rows = parse_csv(text)) << text;
    ASSERT_EQ(rows.size(), 1 + summary.alerts.size() + summary.gskit_codes.size()) << text;
    const std::vector<std::string> header = {
        "kind",    "code",       "table",     "name",     "count",    "received", "sent",
        "unknown", "first_seen", "last_seen", "top_peer", "top_host", "meaning"};
    EXPECT_EQ(rows[0], header);
    for (const auto& row : rows) ASSERT_EQ(row.size(), header.size()) << text;

    std::map<std::string, std::vector<std::string>> by_key;  // "kind/table/code"
    for (std::size_t i = 1; i < rows.size(); ++i) {
        by_key[rows[i][0] + "/" + rows[i][2] + "/" + rows[i][1]] = rows[i];
    }
    for (const auto& [code, alert] : summary.alerts) {
        const auto it = by_key.find("alert//" + std::to_string(code));
        ASSERT_NE(it, by_key.end()) << code;
        const auto& row = it->second;
        EXPECT_EQ(row[4], std::to_string(alert.count));
        EXPECT_EQ(row[5], std::to_string(alert.received));
        EXPECT_EQ(row[6], std::to_string(alert.sent));
        EXPECT_EQ(row[7], std::to_string(alert.unknown));
        const catalog::AlertInfo& info = catalog::alert(code);
        EXPECT_EQ(row[3], info.assigned ? std::string(info.name) : "");
        EXPECT_EQ(row[12], std::string(info.meaning));
    }
    // Most frequent first: 46 (4 hits) leads, then the GSKit rows follow the alerts.
    EXPECT_EQ(rows[1][1], "46");
    EXPECT_EQ(rows[1 + summary.alerts.size()][0], "gskit_rc");

    const auto& c414 = by_key.at("gskit_rc/distributed/414");
    EXPECT_EQ(c414[3], "GSK_ERROR_BAD_CERT");
    EXPECT_EQ(c414[4], "3");
    EXPECT_EQ(c414[11], "HOST01");
    EXPECT_EQ(by_key.at("gskit_rc/zos/8")[4], "1");
    const auto& by_name = by_key.at("gskit_rc/distributed/");  // code known only by name
    EXPECT_EQ(by_name[3], "GSK_ERROR_PROTOCOL_MISMATCH");

    const auto& c20 = by_key.at("alert//20");
    EXPECT_EQ(c20[8], "2024-03-02T09:14:02Z");
    EXPECT_EQ(c20[9], "2024-03-02T10:00:00Z");
}

TEST(OutputCsvPrinterTest, GuardsAgainstFormulaInjectionAndQuotes) {
    Aggregator aggregator;
    aggregator.on_hit(
        alert_hit(40, Direction::Sent, "--03-02T09:14:02", kInjectionPeer, kCommaHost));
    aggregator.on_hit(alert_hit(42, Direction::Sent, "", "+1 555", "@SUM(A1)"));
    aggregator.on_hit(alert_hit(43, Direction::Sent, "", "-2+3", "\tcmd"));
    const std::string text = render("csv", aggregator.summary());
    std::vector<std::vector<std::string>> rows;
    ASSERT_NO_THROW(rows = parse_csv(text)) << text;
    ASSERT_EQ(rows.size(), 4u);
    std::map<std::string, std::vector<std::string>> by_code;
    for (const auto& row : rows) by_code[row[1]] = row;
    EXPECT_EQ(by_code.at("40")[10], "'" + kInjectionPeer);
    EXPECT_EQ(by_code.at("40")[11], kCommaHost);  // comma and quotes survive quoting
    EXPECT_EQ(by_code.at("40")[8], "'--03-02T09:14:02");
    EXPECT_EQ(by_code.at("42")[10], "'+1 555");
    EXPECT_EQ(by_code.at("42")[11], "'@SUM(A1)");
    EXPECT_EQ(by_code.at("43")[10], "'-2+3");
    // A tab is printable; it is guarded too (OWASP lists it with = + - @).
    EXPECT_EQ(by_code.at("43")[11], "'\tcmd");
    for (const auto& row : rows) {
        for (const std::string& field : row) {
            ASSERT_FALSE(!field.empty() &&
                         (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@'))
                << field;
        }
    }
}

TEST(OutputCsvPrinterTest, EmptySummaryIsTheHeaderOnly) {
    const std::string text = render("csv", Summary{});
    EXPECT_EQ(text,
              "kind,code,table,name,count,received,sent,unknown,first_seen,last_seen,top_peer,"
              "top_host,meaning\n");
}

// ---------------------------------------------------------------------------
// markdown
// ---------------------------------------------------------------------------

// The cells of a Markdown table row, split at unescaped pipes.
std::vector<std::string> md_cells(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {  // past the leading |
        if (line[i] == '\\' && i + 1 < line.size()) {
            cell += line.substr(i, 2);
            ++i;
        } else if (line[i] == '|') {
            cells.push_back(cell);
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    for (auto& c : cells) {
        while (!c.empty() && c.front() == ' ') c.erase(c.begin());
        while (!c.empty() && c.back() == ' ') c.pop_back();
    }
    return cells;
}

TEST(OutputMarkdownPrinterTest, OneTableRowPerCode) {
    const Summary summary = sample_summary();
    const std::string text = render("markdown", summary);
    const auto lines = split_lines(text);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "# alertscan summary");
    EXPECT_NE(text.find("**7 TLS alerts** and **5 GSKit return codes**"), std::string::npos)
        << text;
    EXPECT_NE(text.find("in 2 inputs read; **1 could not be read**"), std::string::npos) << text;

    std::map<std::string, std::vector<std::string>> alert_rows;
    std::map<std::string, std::vector<std::string>> gskit_rows;
    std::string section;
    std::size_t columns = 0;
    for (const std::string& line : lines) {
        if (starts_with(line, "## ")) {
            section = line.substr(3);
            columns = 0;
            continue;
        }
        if (!starts_with(line, "|")) continue;
        const auto cells = md_cells(line);
        if (columns == 0) columns = cells.size();
        ASSERT_EQ(cells.size(), columns) << line;  // every row as wide as its header
        if (section == "TLS alerts") alert_rows[cells[0]] = cells;
        if (section == "GSKit return codes") gskit_rows[cells[0] + "/" + cells[1]] = cells;
    }
    // header + separator + one row per code
    ASSERT_EQ(alert_rows.size(), summary.alerts.size() + 2);
    for (const auto& [code, alert] : summary.alerts) {
        const auto& row = alert_rows.at(std::to_string(code));
        EXPECT_EQ(row[2], std::to_string(alert.count));
        EXPECT_EQ(row[3], std::to_string(alert.received));
        EXPECT_EQ(row[4], std::to_string(alert.sent));
    }
    EXPECT_EQ(alert_rows.at("46")[1], "certificate_unknown");
    EXPECT_EQ(alert_rows.at("46")[6], "--03-02T09:14:02");
    EXPECT_EQ(alert_rows.at("255")[1], "(unassigned)");
    EXPECT_EQ(alert_rows.at("255")[6], "-");  // undated
    EXPECT_EQ(gskit_rows.size(), summary.gskit_codes.size() + 2);
    EXPECT_EQ(gskit_rows.at("414/distributed")[3], "3");
    EXPECT_EQ(gskit_rows.at("?/distributed")[2], "GSK_ERROR_PROTOCOL_MISMATCH");

    EXPECT_NE(text.find("## Other SChannel failure events"), std::string::npos);
    EXPECT_NE(text.find("| 36874 |"), std::string::npos);
    EXPECT_NE(text.find("## Hosts"), std::string::npos);
}

TEST(OutputMarkdownPrinterTest, EscapesPipesBackticksAndHtml) {
    const std::string text = render("markdown", sample_summary());
    EXPECT_NE(text.find("- logs/missing.txt: cannot read \\| \\`weird\\` file"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("<script>"), std::string::npos) << text;
    EXPECT_NE(text.find("| \\<script\\>alert('x')\\</script\\> |"), std::string::npos) << text;
    // The newline in a host name does not break its row.
    EXPECT_NE(text.find("| we\"ird\\\\host\xEF\xBF\xBDname |"), std::string::npos) << text;
}

TEST(OutputMarkdownPrinterTest, EmptySummaryHasOnlyTheHeadline) {
    const std::string text = render("markdown", Summary{});
    EXPECT_EQ(text, "# alertscan summary\n\n**0 TLS alerts** in 0 inputs read.\n");
}

// ---------------------------------------------------------------------------
// prometheus
// ---------------------------------------------------------------------------

constexpr double kRunTimestamp = 1709371200.5;
constexpr double kRunDuration = 2.25;

std::string prometheus(const Summary& summary) {
    std::ostringstream out;
    make_prometheus_printer(out, kRunTimestamp, kRunDuration)->finish(summary);
    return out.str();
}

struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;  // unescaped
    std::string value;
};

std::string unescape_label(const std::string& value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '\\') {
            out += value[i];
            continue;
        }
        const char next = value.at(++i);
        if (next == 'n') {
            out += '\n';
        } else if (next == '\\' || next == '"') {
            out += next;
        } else {
            throw std::runtime_error("bad escape \\" + std::string(1, next));
        }
    }
    return out;
}

// Checks the exposition format line by line and returns the samples.
std::vector<Sample> parse_exposition(const std::string& text) {
    static const std::regex kSample(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})? ([0-9.eE+-]+)$)");
    static const std::regex kLabel(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((\\.|[^"\\])*)")re");
    static const std::regex kHelp(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
    static const std::regex kType(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)$)");
    std::set<std::string> helped, typed, sampled;
    std::string current;
    std::vector<Sample> samples;
    for (const std::string& line : split_lines(text)) {
        std::smatch m;
        if (std::regex_match(line, m, kHelp)) {
            if (!helped.insert(m[1]).second) throw std::runtime_error("HELP twice: " + line);
            current = m[1];
            continue;
        }
        if (std::regex_match(line, m, kType)) {
            if (!typed.insert(m[1]).second) throw std::runtime_error("TYPE twice: " + line);
            if (m[1] != current) throw std::runtime_error("TYPE without its HELP: " + line);
            if (sampled.count(m[1])) throw std::runtime_error("TYPE after samples: " + line);
            continue;
        }
        if (!std::regex_match(line, m, kSample)) throw std::runtime_error("bad line: " + line);
        Sample sample{m[1], {}, m[7]};
        if (!helped.count(sample.name) || !typed.count(sample.name) || sample.name != current) {
            throw std::runtime_error("sample outside its family: " + line);
        }
        sampled.insert(sample.name);
        const std::string labels = m[2];
        for (auto it = std::sregex_iterator(labels.begin(), labels.end(), kLabel);
             it != std::sregex_iterator(); ++it) {
            if (!sample.labels.emplace((*it)[1], unescape_label((*it)[2])).second) {
                throw std::runtime_error("label twice: " + line);
            }
        }
        samples.push_back(std::move(sample));
    }
    return samples;
}

std::optional<std::string> value_of(const std::vector<Sample>& samples, const std::string& name,
                                    const std::map<std::string, std::string>& labels) {
    for (const Sample& sample : samples) {
        if (sample.name == name && sample.labels == labels) return sample.value;
    }
    return std::nullopt;
}

TEST(OutputPrometheusPrinterTest, EveryLineFollowsTheExpositionFormat) {
    const std::string text = prometheus(sample_summary());
    std::vector<Sample> samples;
    ASSERT_NO_THROW(samples = parse_exposition(text)) << text;
    ASSERT_FALSE(samples.empty());
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    std::set<std::string> families;
    for (const Sample& sample : samples) families.insert(sample.name);
    EXPECT_EQ(families, (std::set<std::string>{
                            "alertscan_alerts_total", "alertscan_alerts_by_host_total",
                            "alertscan_gskit_return_codes_total", "alertscan_schannel_events_total",
                            "alertscan_inputs", "alertscan_last_run_timestamp_seconds",
                            "alertscan_last_run_duration_seconds"}));
    EXPECT_NE(text.find("# TYPE alertscan_alerts_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE alertscan_inputs gauge\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE alertscan_last_run_timestamp_seconds gauge\n"), std::string::npos);
}

TEST(OutputPrometheusPrinterTest, ValuesEqualTheSummary) {
    const Summary summary = sample_summary();
    std::vector<Sample> samples;
    ASSERT_NO_THROW(samples = parse_exposition(prometheus(summary)));
    std::size_t alert_series = 0;
    for (const auto& [code, alert] : summary.alerts) {
        const catalog::AlertInfo& info = catalog::alert(code);
        const std::string name = info.assigned ? std::string(info.name) : "unassigned";
        for (const auto& [direction, count] :
             {std::pair<std::string, std::uint64_t>{"received", alert.received},
              {"sent", alert.sent},
              {"unknown", alert.unknown}}) {
            EXPECT_EQ(
                value_of(
                    samples, "alertscan_alerts_total",
                    {{"code", std::to_string(code)}, {"name", name}, {"direction", direction}}),
                std::to_string(count))
                << code << " " << direction;
            ++alert_series;
        }
    }
    EXPECT_EQ(
        value_of(samples, "alertscan_alerts_total",
                 {{"code", "46"}, {"name", "certificate_unknown"}, {"direction", "received"}}),
        "2");
    std::size_t seen_alert_series = 0;
    for (const Sample& s : samples) seen_alert_series += s.name == "alertscan_alerts_total";
    EXPECT_EQ(seen_alert_series, alert_series);

    for (const auto& [name, host] : summary.hosts) {
        EXPECT_EQ(value_of(samples, "alertscan_alerts_by_host_total", {{"host", name}}),
                  std::to_string(host.alerts))
            << name;
    }
    EXPECT_EQ(value_of(samples, "alertscan_alerts_by_host_total", {{"host", kWeirdHost}}), "2");
    EXPECT_EQ(value_of(samples, "alertscan_gskit_return_codes_total",
                       {{"code", "414"}, {"table", "distributed"}, {"name", "GSK_ERROR_BAD_CERT"}}),
              "3");
    EXPECT_EQ(
        value_of(
            samples, "alertscan_gskit_return_codes_total",
            {{"code", "8"}, {"table", "zos"}, {"name", annotate_return_code("zos", 8, "").name}}),
        "1");
    EXPECT_EQ(
        value_of(samples, "alertscan_gskit_return_codes_total",
                 {{"code", ""}, {"table", "distributed"}, {"name", "GSK_ERROR_PROTOCOL_MISMATCH"}}),
        "1");
    EXPECT_EQ(value_of(samples, "alertscan_schannel_events_total", {{"event_id", "36874"}}), "2");
    EXPECT_EQ(value_of(samples, "alertscan_schannel_events_total", {{"event_id", "36870"}}), "1");
    EXPECT_EQ(value_of(samples, "alertscan_inputs", {{"state", "read"}}), "2");
    EXPECT_EQ(value_of(samples, "alertscan_inputs", {{"state", "failed"}}), "1");
    EXPECT_EQ(std::stod(*value_of(samples, "alertscan_last_run_timestamp_seconds", {})),
              kRunTimestamp);
    EXPECT_EQ(std::stod(*value_of(samples, "alertscan_last_run_duration_seconds", {})),
              kRunDuration);
}

TEST(OutputPrometheusPrinterTest, EscapesLabelValues) {
    const std::string text = prometheus(sample_summary());
    EXPECT_NE(text.find("alertscan_alerts_by_host_total{host=\"we\\\"ird\\\\host\\nname\"} 2\n"),
              std::string::npos)
        << text;
    // Label values stay valid UTF-8: an invalid byte becomes U+FFFD.
    Aggregator aggregator;
    aggregator.on_hit(alert_hit(40, Direction::Sent, "", "", std::string("bad\xFF\r")));
    const std::string bad = prometheus(aggregator.summary());
    EXPECT_NE(bad.find("{host=\"bad\xEF\xBF\xBD\xEF\xBF\xBD\"} 1\n"), std::string::npos) << bad;
    std::vector<Sample> samples;
    EXPECT_NO_THROW(samples = parse_exposition(bad)) << bad;
}

TEST(OutputPrometheusPrinterTest, DeterministicAndStableForAnEmptyRun) {
    const Summary summary = sample_summary();
    EXPECT_EQ(prometheus(summary), prometheus(summary));
    const std::string empty = prometheus(Summary{});
    std::vector<Sample> samples;
    ASSERT_NO_THROW(samples = parse_exposition(empty)) << empty;
    // An empty run still says when it ran, so a stale cron job can be told apart.
    EXPECT_EQ(value_of(samples, "alertscan_inputs", {{"state", "read"}}), "0");
    EXPECT_EQ(value_of(samples, "alertscan_last_run_timestamp_seconds", {}), "1709371200.5");
    EXPECT_NE(empty.find("# HELP alertscan_alerts_total "), std::string::npos);
}

TEST(OutputPrometheusPrinterTest, MakePrinterMeasuresTheRunUnlessTold) {
    std::vector<Sample> told;
    ASSERT_NO_THROW(told = parse_exposition(
                        render("prometheus", Summary{}, PrinterOptions{1700000000.0, 0.125})));
    EXPECT_EQ(value_of(told, "alertscan_last_run_timestamp_seconds", {}), "1700000000");
    EXPECT_EQ(value_of(told, "alertscan_last_run_duration_seconds", {}), "0.125");

    const double before = static_cast<double>(std::time(nullptr));
    std::vector<Sample> measured;
    ASSERT_NO_THROW(measured = parse_exposition(render("prometheus", Summary{})));
    const double stamp = std::stod(*value_of(measured, "alertscan_last_run_timestamp_seconds", {}));
    EXPECT_GE(stamp, before - 1);
    EXPECT_LE(stamp, before + 60);
    const double duration =
        std::stod(*value_of(measured, "alertscan_last_run_duration_seconds", {}));
    EXPECT_GE(duration, 0.0);
    EXPECT_LT(duration, 60.0);
}

// The reference parser (python3-prometheus-client, which scripts/test.sh
// installs). Tried with the python3 on PATH first, then the system one, whose
// dist-packages hold the Debian package when PATH leads to another python.
std::optional<std::string> python_with_prometheus_client() {
    for (const char* python : {"python3", "/usr/bin/python3"}) {
        const std::string command =
            std::string(python) + " -c 'import prometheus_client.parser' >/dev/null 2>&1";
        if (std::system(command.c_str()) == 0) return std::string(python);
    }
    return std::nullopt;
}

TEST(OutputPrometheusPrinterTest, PrometheusClientParserAgrees) {
    const auto python = python_with_prometheus_client();
    // Required, not skipped: a parser that is missing must not pass as agreement.
    ASSERT_TRUE(python) << "no python3 with prometheus_client: install python3-prometheus-client "
                           "(scripts/test.sh does)";
    const Summary summary = sample_summary();
    const fs::path dir =
        fs::path(testing::TempDir()) / ("alertscan-prom-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path metrics = dir / "alertscan.prom";
    const fs::path script = dir / "parse.py";
    const fs::path parsed = dir / "parsed.json";
    std::ofstream(metrics) << prometheus(summary);
    std::ofstream(script)
        << "import json, sys\n"
           "from prometheus_client.parser import text_string_to_metric_families\n"
           "text = open(sys.argv[1], encoding='utf-8').read()\n"
           "out = []\n"
           "for family in text_string_to_metric_families(text):\n"
           "    for s in family.samples:\n"
           "        out.append({'family': family.name, 'type': family.type,\n"
           "                    'name': s.name, 'labels': s.labels, 'value': s.value})\n"
           "json.dump(out, open(sys.argv[2], 'w'))\n";
    const std::string command =
        *python + " " + script.string() + " " + metrics.string() + " " + parsed.string();
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    nlohmann::json samples;
    ASSERT_NO_THROW(samples = nlohmann::json::parse(std::ifstream(parsed)));
    std::vector<Sample> ours;
    ASSERT_NO_THROW(ours = parse_exposition(prometheus(summary)));
    ASSERT_EQ(samples.size(), ours.size());
    for (std::size_t i = 0; i < ours.size(); ++i) {
        EXPECT_EQ(samples[i]["name"], ours[i].name);
        EXPECT_NE(samples[i]["type"], "unknown") << ours[i].name;
        using Labels = std::map<std::string, std::string>;
        EXPECT_EQ(samples[i]["labels"].get<Labels>(), ours[i].labels);
        EXPECT_DOUBLE_EQ(samples[i]["value"].get<double>(), std::stod(ours[i].value));
    }
    bool weird_host = false;
    for (const auto& s : samples) {
        if (s["name"] == "alertscan_alerts_by_host_total" && s["labels"]["host"] == kWeirdHost) {
            weird_host = true;
            EXPECT_EQ(s["value"], 2.0);
        }
    }
    EXPECT_TRUE(weird_host);
    fs::remove_all(dir);
}

// ---------------------------------------------------------------------------
// html
// ---------------------------------------------------------------------------

bool has_url(std::string_view text) {
    return text.find("http://") != std::string_view::npos ||
           text.find("https://") != std::string_view::npos;
}

TEST(OutputHtmlPrinterTest, IsWellFormedSelfContainedAndEscaped) {
    const Summary summary = sample_summary();
    const std::string text = render("html", summary);
    EXPECT_TRUE(starts_with(text, "<!DOCTYPE html>\n")) << text;
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_string(text.c_str());
    ASSERT_TRUE(parsed) << parsed.description() << " at " << parsed.offset << "\n" << text;
    const pugi::xml_node html = doc.child("html");
    ASSERT_TRUE(html);
    EXPECT_TRUE(html.child("head").child("style"));
    EXPECT_EQ(std::string(html.child("head").child("title").text().get()), "alertscan summary");

    // Charts: two inline SVGs (alerts, GSKit codes), a bar label per code.
    const auto svgs = doc.select_nodes("//svg");
    ASSERT_EQ(svgs.size(), 2u) << text;
    std::set<std::string> labels;
    for (const auto& node : doc.select_nodes("//svg//text"))
        labels.insert(node.node().text().get());
    EXPECT_TRUE(labels.count("46 certificate_unknown")) << text;
    EXPECT_TRUE(labels.count("255 (unassigned)"));
    EXPECT_TRUE(labels.count("414 GSK_ERROR_BAD_CERT"));
    EXPECT_TRUE(labels.count("4"));  // the count beside the 46 bar
    EXPECT_GE(doc.select_nodes("//svg//rect").size(), summary.alerts.size());

    // Nothing external, nothing executable.
    EXPECT_TRUE(doc.select_nodes("//script").empty());
    EXPECT_TRUE(doc.select_nodes("//link | //img | //iframe | //object").empty());
    for (const auto& node : doc.select_nodes("//*")) {
        for (const pugi::xml_attribute& attribute : node.node().attributes()) {
            const std::string name = attribute.name();
            EXPECT_FALSE(has_url(attribute.value())) << name << "=" << attribute.value();
            EXPECT_FALSE(starts_with(name, "on")) << name;
            EXPECT_NE(name, "href");
            EXPECT_NE(name, "src");
        }
    }
    EXPECT_EQ(std::string(html.child("head").child("style").text().get()).find("url("),
              std::string::npos);

    // The <script> host name is text in a cell, escaped in the source.
    EXPECT_EQ(text.find("<script"), std::string::npos);
    EXPECT_NE(text.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
    bool script_cell = false;
    for (const auto& node : doc.select_nodes("//td")) {
        script_cell |= std::string(node.node().text().get()) == kScriptHost;
    }
    EXPECT_TRUE(script_cell);
    // The HYPERLINK peer is not shown at all (peers are not part of the page),
    // so no URL appears even in text.
    EXPECT_FALSE(has_url(text));
}

TEST(OutputHtmlPrinterTest, TablesHaveARowPerCode) {
    const Summary summary = sample_summary();
    const std::string text = render("html", summary);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(text.c_str())) << text;
    const auto tables = doc.select_nodes("//table");
    ASSERT_EQ(tables.size(), 4u);  // alerts, GSKit codes, SChannel events, hosts
    const pugi::xml_node alerts = tables[0].node();
    std::map<std::string, std::vector<std::string>> rows;
    for (const auto& tr : alerts.select_nodes("tbody/tr")) {
        std::vector<std::string> cells;
        for (const pugi::xml_node td : tr.node().children("td")) cells.push_back(td.text().get());
        ASSERT_EQ(cells.size(), 9u);
        rows[cells[0]] = cells;
    }
    ASSERT_EQ(rows.size(), summary.alerts.size());
    for (const auto& [code, alert] : summary.alerts) {
        const auto& row = rows.at(std::to_string(code));
        EXPECT_EQ(row[2], std::to_string(alert.count));
        EXPECT_EQ(row[3], std::to_string(alert.received));
        EXPECT_EQ(row[4], std::to_string(alert.sent));
        EXPECT_EQ(row[5], std::to_string(alert.unknown));
    }
    EXPECT_EQ(tables[1].node().select_nodes("tbody/tr").size(), summary.gskit_codes.size());
    EXPECT_EQ(tables[3].node().select_nodes("tbody/tr").size(), summary.hosts.size());
    const auto failed = doc.select_nodes("//ul/li");
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(std::string(failed[0].node().text().get()), "logs/missing.txt: " + kPipeError);
}

TEST(OutputHtmlPrinterTest, ManyCodesChartTheMostFrequent) {
    Aggregator aggregator;
    for (int code = 0; code < 40; ++code) {
        for (int i = 0; i <= code; ++i) aggregator.on_hit(alert_hit(code, Direction::Received));
    }
    const std::string text = render("html", aggregator.summary());
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(text.c_str()));
    EXPECT_EQ(doc.select_nodes("//svg//rect").size(), 30u + 3u);  // bars + legend
    EXPECT_EQ(doc.select_nodes("//table[1]/tbody/tr").size(), 40u);
    EXPECT_NE(text.find("The chart shows the 30 most frequent of 40"), std::string::npos);
}

TEST(OutputHtmlPrinterTest, EmptySummaryIsStillAPage) {
    const std::string text = render("html", Summary{});
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(text.c_str())) << text;
    EXPECT_TRUE(doc.select_nodes("//svg").empty());
    EXPECT_NE(text.find("0 TLS alerts"), std::string::npos);
}

// ---------------------------------------------------------------------------
// AtomicFile
// ---------------------------------------------------------------------------

class AtomicFileTest : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(testing::TempDir()) /
               ("alertscan-atomic-" + std::to_string(getpid()) + "-" +
                testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static std::string read(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::set<std::string> entries() const {
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_)) {
            names.insert(entry.path().filename().string());
        }
        return names;
    }

    fs::path dir_;
};

TEST_F(AtomicFileTest, CommitReplacesTheFileWithExactlyTheNewContent) {
    const fs::path target = dir_ / "alertscan.prom";
    std::ofstream(target) << "old content that is longer than the new one\n";
    {
        AtomicFile file(target.string());
        EXPECT_EQ(file.temp_path(), target.string() + ".tmp." + std::to_string(getpid()));
        EXPECT_TRUE(fs::exists(file.temp_path()));
        file.stream() << "new\n";
        // Until commit, readers see the old file.
        EXPECT_EQ(read(target), "old content that is longer than the new one\n");
        file.commit();
        EXPECT_THROW(file.commit(), std::runtime_error);
    }
    EXPECT_EQ(read(target), "new\n");
    EXPECT_EQ(entries(), (std::set<std::string>{"alertscan.prom"}));
}

TEST_F(AtomicFileTest, LargeOutputIsWrittenCompletely) {
    const fs::path target = dir_ / "big.csv";
    std::string expected;
    for (int i = 0; i < 50000; ++i) expected += "line " + std::to_string(i) + "\n";
    {
        AtomicFile file(target.string());
        file.stream() << expected;
        file.commit();
    }
    EXPECT_EQ(read(target), expected);
}

TEST_F(AtomicFileTest, WithoutCommitTheOldFileIsUntouchedAndNoTempIsLeft) {
    const fs::path target = dir_ / "report.html";
    std::ofstream(target) << "old";
    std::string temp;
    {
        AtomicFile file(target.string());
        temp = file.temp_path();
        file.stream() << std::string(100000, 'x');  // more than the buffer: some is on disk
        file.stream().flush();
        EXPECT_TRUE(fs::exists(temp));
    }
    EXPECT_FALSE(fs::exists(temp));
    EXPECT_EQ(read(target), "old");
    EXPECT_EQ(entries(), (std::set<std::string>{"report.html"}));
}

TEST_F(AtomicFileTest, NewFileAppearsOnlyOnCommit) {
    const fs::path target = dir_ / "new.md";
    AtomicFile file(target.string());
    file.stream() << "# hi\n";
    EXPECT_FALSE(fs::exists(target));
    file.commit();
    EXPECT_EQ(read(target), "# hi\n");
}

TEST_F(AtomicFileTest, KeepsThePermissionsOfTheReplacedFile) {
    const fs::path target = dir_ / "metrics.prom";
    std::ofstream(target) << "old";
    ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
    {
        AtomicFile file(target.string());
        file.stream() << "new";
        file.commit();
    }
    struct stat st {};
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(AtomicFileTest, MissingDirectoryThrowsWithThePathAndCause) {
    const std::string target = (dir_ / "no" / "such" / "dir" / "out.csv").string();
    try {
        AtomicFile file(target);
        FAIL() << "no exception";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(target), std::string::npos) << message;
        EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
    }
    EXPECT_EQ(entries(), std::set<std::string>{});
}

TEST_F(AtomicFileTest, RenameOntoADirectoryFailsAndCleansUp) {
    const fs::path target = dir_ / "occupied";
    fs::create_directories(target / "child");
    std::string temp;
    {
        AtomicFile file(target.string());
        temp = file.temp_path();
        file.stream() << "data";
        EXPECT_THROW(file.commit(), std::runtime_error);
    }
    EXPECT_FALSE(fs::exists(temp));
    EXPECT_TRUE(fs::is_directory(target / "child"));
}

}  // namespace
}  // namespace alertscan
