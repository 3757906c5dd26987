// Unit tests for merging summaries (src/summary/merge.*, `alertscan merge`):
// counts add, first/last widen, top lists merge by key, any grouping gives
// the same result, the schema is checked, one summary comes back unchanged.
#include "summary/merge.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "output/printer.hpp"
#include "summary/hit.hpp"
#include "summary/summary.hpp"

namespace alertscan {
namespace {

using json = nlohmann::ordered_json;

// A summary as `scan -f json` writes it, from hand-written fields. Only the
// schema is required; missing sections count as empty.
json summary(json fields) {
    json document = {{"schema", "alertscan.summary/1"}, {"generator", "alertscan test"}};
    for (const auto& [key, value] : fields.items()) document[key] = value;
    return document;
}

json alert(int code, std::uint64_t count, json extra = json::object()) {
    json entry = {{"code", code},
                  {"name", "name" + std::to_string(code)},
                  {"count", count},
                  {"received", count},
                  {"sent", 0},
                  {"unknown", 0},
                  {"first_seen", nullptr},
                  {"last_seen", nullptr},
                  {"undated", count}};
    for (const auto& [key, value] : extra.items()) entry[key] = value;
    return entry;
}

json entry_of(const json& merged, const char* section, const char* key, const json& value) {
    for (const json& entry : merged[section]) {
        if (entry[key] == value) return entry;
    }
    return nullptr;
}

// The summary the real JSON printer writes for these hits and events.
json scanned(const std::vector<Hit>& hits, const std::vector<SchannelEvent>& events,
             const std::string& path) {
    Aggregator aggregator;
    for (const Hit& hit : hits) aggregator.on_hit(hit);
    for (const SchannelEvent& event : events) aggregator.on_event(event);
    InputSummary input;
    input.path = path;
    input.format = "text";
    input.encoding = "utf-8";
    input.hits = hits.size();
    aggregator.add_input(input);
    std::ostringstream out;
    make_json_printer(out)->finish(aggregator.summary());
    return json::parse(out.str());
}

Hit alert_hit(int code, Direction direction, std::string time, std::string peer, std::string host,
              std::string source = "schannel") {
    Hit hit;
    hit.file = "in.log";
    hit.kind = HitKind::Alert;
    hit.code = code;
    hit.direction = direction;
    hit.timestamp = std::move(time);
    hit.peer = std::move(peer);
    hit.host = std::move(host);
    hit.source = std::move(source);
    return hit;
}

Hit gskit_hit(std::string table, std::int64_t code, std::string time, std::string channel,
              std::optional<std::int64_t> validation = std::nullopt, std::string name = "") {
    Hit hit;
    hit.file = "in.log";
    hit.kind = HitKind::GskitReturnCode;
    hit.gsk_table = std::move(table);
    hit.code = code;
    hit.gsk_name = std::move(name);
    hit.timestamp = std::move(time);
    hit.channel = std::move(channel);
    hit.validation_code = validation;
    hit.source = "mq";
    return hit;
}

SchannelEvent event(int id, std::string time, std::string host, std::string state) {
    SchannelEvent e;
    e.event_id = id;
    e.time = std::move(time);
    e.host = std::move(host);
    e.error_state = std::move(state);
    return e;
}

// Three hosts' summaries with overlapping codes, peers, hosts and events,
// dated and undated, at most 10 values per top list.
std::vector<json> three_hosts() {
    using D = Direction;
    return {
        scanned({alert_hit(46, D::Received, "2024-03-02T10:00:00", "10.0.0.1", "A"),
                 alert_hit(46, D::Sent, "", "10.0.0.2", "A"),
                 alert_hit(48, D::Received, "2024-03-01T08:00:00", "10.0.0.1", "A", "gskit"),
                 gskit_hit("distributed", 414, "2024-03-02T11:00:00", "CH.ONE", 575010),
                 gskit_hit("zos", 414, "", "")},
                {event(36874, "2024-03-02T09:00:00Z", "A", "1205")}, "a.log"),
        scanned({alert_hit(46, D::Received, "2024-03-01T07:00:00", "10.0.0.2", "B"),
                 alert_hit(46, D::Received, "2024-03-03T07:00:00", "10.0.0.3", "B"),
                 alert_hit(40, D::Unknown, "", "", "B"),
                 gskit_hit("distributed", 414, "", "CH.TWO", 575010),
                 gskit_hit("distributed", -1, "", "", std::nullopt, "GSK_ERROR_X")},
                {event(36874, "", "B", "205"), event(36888, "2024-03-04T00:00:00Z", "B", "")},
                "b.log"),
        scanned(
            {alert_hit(48, D::Sent, "2024-03-05T00:00:00", "10.0.0.9", "C"),
             alert_hit(46, D::Unknown, "", "10.0.0.1", ""),
             gskit_hit("distributed", 414, "2024-03-01T00:00:00", "CH.ONE", 575020),
             gskit_hit("distributed", -1, "2024-03-06T00:00:00", "", std::nullopt, "GSK_ERROR_X")},
            {event(36874, "2024-03-01T09:00:00Z", "C", "1205")}, "c.log"),
    };
}

// What may differ between two merges of the same data in another grouping:
// nothing but the version stamp.
json without_generator(json document) {
    document.erase("generator");
    return document;
}

TEST(MergeTest, CountsAdd) {
    const json a = summary(
        {{"totals",
          {{"hits", 5}, {"alert_hits", 3}, {"gskit_hits", 2}, {"inputs", 1}, {"failed_inputs", 0}}},
         {"alerts",
          json::array({alert(
              46, 3,
              {{"received", 2}, {"sent", 1}, {"fatal", 3}, {"sources", {{"schannel", 3}}}})})}});
    const json b = summary(
        {{"totals",
          {{"hits", 4}, {"alert_hits", 4}, {"gskit_hits", 0}, {"inputs", 2}, {"failed_inputs", 1}}},
         {"alerts", json::array({alert(46, 4,
                                       {{"received", 1},
                                        {"sent", 1},
                                        {"unknown", 2},
                                        {"fatal", 1},
                                        {"sources", {{"gskit", 1}, {"schannel", 3}}}})})}});
    const json merged = merge_summaries({NamedSummary{"a.json", a}, NamedSummary{"b.json", b}});
    EXPECT_EQ(merged["totals"], json::parse(R"({"hits": 9, "alert_hits": 7, "gskit_hits": 2,
                                                "inputs": 3, "failed_inputs": 1})"));
    ASSERT_EQ(merged["alerts"].size(), 1u);
    const json& code = merged["alerts"][0];
    EXPECT_EQ(code["count"], 7);
    EXPECT_EQ(code["received"], 3);
    EXPECT_EQ(code["sent"], 2);
    EXPECT_EQ(code["unknown"], 2);
    EXPECT_EQ(code["undated"], 7);
    EXPECT_EQ(code["fatal"], 4);  // a count field the merger does not name: added too
    EXPECT_EQ(code["name"], "name46");
    EXPECT_EQ(code["sources"].dump(), R"({"schannel":6,"gskit":1})");
    EXPECT_EQ(merged["merged_from"], json::parse(R"(["a.json", "b.json"])"));
    EXPECT_EQ(merged["schema"], "alertscan.summary/1");
}

TEST(MergeTest, FirstAndLastSeenWiden) {
    const json a = summary(
        {{"alerts",
          json::array({alert(
              46, 2, {{"first_seen", "2024-03-02T10:00:00"}, {"last_seen", "2024-03-05"}})})}});
    const json b = summary(
        {{"alerts",
          json::array({alert(
              46, 2, {{"first_seen", "2024-03-01T23:59:59"}, {"last_seen", "2024-03-04"}})})}});
    const json merged = merge_summaries({a, b});
    EXPECT_EQ(merged["alerts"][0]["first_seen"], "2024-03-01T23:59:59");
    EXPECT_EQ(merged["alerts"][0]["last_seen"], "2024-03-05");
    // Compared as text, like the scanner compares them.
    const json syslog = summary(
        {{"alerts", json::array({alert(
                        46, 1, {{"first_seen", "--03-02T09:14:02"}, {"last_seen", "--03-02"}})})}});
    EXPECT_EQ(merge_summaries({a, syslog})["alerts"][0]["first_seen"], "--03-02T09:14:02");
}

TEST(MergeTest, NullTimesMeanUndatedAndLoseToAnyTime) {
    const json undated = summary({{"alerts", json::array({alert(46, 3)})}});
    const json dated = summary(
        {{"alerts", json::array({alert(
                        46, 1, {{"first_seen", "2024-01-01"}, {"last_seen", "2024-01-02"}})})}});
    for (const json& merged :
         {merge_summaries({undated, dated}), merge_summaries({dated, undated})}) {
        EXPECT_EQ(merged["alerts"][0]["first_seen"], "2024-01-01");
        EXPECT_EQ(merged["alerts"][0]["last_seen"], "2024-01-02");
        EXPECT_EQ(merged["alerts"][0]["undated"], 4);
    }
    const json both_undated = merge_summaries({undated, undated});
    EXPECT_TRUE(both_undated["alerts"][0]["first_seen"].is_null());
    EXPECT_TRUE(both_undated["alerts"][0]["last_seen"].is_null());
    // A null name (unassigned in an older catalogue) is filled from a later summary.
    json unnamed = undated;
    unnamed["alerts"][0]["name"] = nullptr;
    EXPECT_EQ(merge_summaries({unnamed, dated})["alerts"][0]["name"], "name46");
}

TEST(MergeTest, TopListsMergeByKeyAndAreResorted) {
    const json a = summary(
        {{"alerts", json::array({alert(46, 6,
                                       {{"peers",
                                         {{{"peer", "10.0.0.1"}, {"count", 3}},
                                          {{"peer", "10.0.0.2"}, {"count", 2}},
                                          {{"peer", "10.0.0.3"}, {"count", 1}}}},
                                        {"error_states", {{{"state", 1205}, {"count", 6}}}}})})}});
    const json b = summary(
        {{"alerts",
          json::array({alert(
              46, 5,
              {{"peers",
                {{{"peer", "10.0.0.3"}, {"count", 3}}, {{"peer", "10.0.0.4"}, {"count", 2}}}},
               {"error_states",
                {{{"state", 205}, {"count", 3}}, {{"state", 1205}, {"count", 2}}}}})})}});
    const json merged = merge_summaries({a, b});
    // count descending, ties by value: 10.0.0.2 and 10.0.0.4 both have 2.
    EXPECT_EQ(merged["alerts"][0]["peers"], json::parse(R"([
        {"peer": "10.0.0.3", "count": 4}, {"peer": "10.0.0.1", "count": 3},
        {"peer": "10.0.0.2", "count": 2}, {"peer": "10.0.0.4", "count": 2}])"));
    EXPECT_EQ(merged["alerts"][0]["error_states"], json::parse(R"([
        {"state": 1205, "count": 8}, {"state": 205, "count": 3}])"));

    // More than 10 values: the 10 most frequent are kept.
    json many = summary({{"alerts", json::array({alert(46, 12)})}});
    json peers = json::array();
    for (int i = 0; i < 12; ++i) {
        peers.push_back({{"peer", "p" + std::to_string(i)}, {"count", 1}});
    }
    many["alerts"][0]["peers"] = peers;
    json more = summary(
        {{"alerts", json::array({alert(46, 5, {{"peers", {{{"peer", "p11"}, {"count", 5}}}}})})}});
    const json cut = merge_summaries({many, more})["alerts"][0]["peers"];
    ASSERT_EQ(cut.size(), kMergedTopLimit);
    EXPECT_EQ(cut[0], json::parse(R"({"peer": "p11", "count": 6})"));
    // Ties in text order, as the scanner sorts them: p0, p1, p10, p2, ...
    EXPECT_EQ(cut[1]["peer"], "p0");
    EXPECT_EQ(cut[3]["peer"], "p10");
    EXPECT_EQ(cut[9]["peer"], "p7");
}

TEST(MergeTest, GskitCodesEventsAndHostsMergeByTheirKeys) {
    const json merged = merge_summaries(three_hosts());
    // distributed 414 from all three, zos 414 apart; GSK_ERROR_X (code null) by name.
    const json distributed = merged["gskit_codes"][0];
    EXPECT_EQ(distributed["table"], "distributed");
    EXPECT_EQ(distributed["code"], 414);
    EXPECT_EQ(distributed["count"], 3);
    EXPECT_EQ(distributed["first_seen"], "2024-03-01T00:00:00");
    EXPECT_EQ(distributed["last_seen"], "2024-03-02T11:00:00");
    EXPECT_EQ(distributed["undated"], 1);
    EXPECT_EQ(distributed["channels"], json::parse(R"([
        {"channel": "CH.ONE", "count": 2}, {"channel": "CH.TWO", "count": 1}])"));
    EXPECT_EQ(distributed["validation_codes"][0]["code"], 575010);
    EXPECT_EQ(distributed["validation_codes"][0]["count"], 2);
    EXPECT_EQ(distributed["validation_codes"][1]["code"], 575020);
    EXPECT_EQ(distributed["sources"], json::parse(R"({"mq": 3})"));
    ASSERT_EQ(merged["gskit_codes"].size(), 3u);
    // Then GSK_ERROR_X (code null, merged by name), then zos 414.
    EXPECT_TRUE(merged["gskit_codes"][1]["code"].is_null());
    EXPECT_EQ(merged["gskit_codes"][1]["count"], 2);
    EXPECT_EQ(merged["gskit_codes"][2]["table"], "zos");

    ASSERT_EQ(merged["schannel_events"].size(), 2u);
    const json e36874 = merged["schannel_events"][0];
    EXPECT_EQ(e36874["event_id"], 36874);
    EXPECT_EQ(e36874["count"], 3);
    EXPECT_EQ(e36874["undated"], 1);
    EXPECT_EQ(e36874["first_seen"], "2024-03-01T09:00:00Z");
    EXPECT_EQ(e36874["error_states"][0]["state"], "1205");
    EXPECT_EQ(e36874["error_states"][0]["count"], 2);
    EXPECT_EQ(merged["schannel_events"][1]["event_id"], 36888);

    // Hosts: most alerts first, then by name.
    std::vector<std::string> hosts;
    for (const json& host : merged["hosts"]) hosts.push_back(host["host"]);
    EXPECT_EQ(hosts, (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(entry_of(merged, "hosts", "host", "B")["schannel_events"], 2);
    EXPECT_EQ(entry_of(merged, "hosts", "host", "A")["gskit_codes"], 0);

    // Alerts: most hits first, then by code.
    std::vector<int> codes;
    for (const json& code : merged["alerts"]) codes.push_back(code["code"]);
    EXPECT_EQ(codes, (std::vector<int>{46, 48, 40}));
    EXPECT_EQ(merged["totals"]["hits"], 14);
    EXPECT_EQ(merged["totals"]["inputs"], 3);
}

TEST(MergeTest, InputsAreConcatenatedWithTheirSummary) {
    const std::vector<json> parts = three_hosts();
    const json merged = merge_summaries({NamedSummary{"host-a.json", parts[0]},
                                         NamedSummary{"host-b.json", parts[1]},
                                         NamedSummary{"host-c.json", parts[2]}});
    ASSERT_EQ(merged["inputs"].size(), 3u);
    EXPECT_EQ(merged["inputs"][1]["path"], "b.log");
    EXPECT_EQ(merged["inputs"][1]["summary"], "host-b.json");
    EXPECT_EQ(merged["inputs"][1]["encoding"], "utf-8");
    EXPECT_EQ(merged["merged_from"],
              json::parse(R"(["host-a.json", "host-b.json", "host-c.json"])"));
}

TEST(MergeTest, AnyGroupingGivesTheSameSummary) {
    const std::vector<json> p = three_hosts();
    auto named = [](const char* name, const json& document) {
        return NamedSummary{name, document};
    };
    const json all = merge_summaries({named("a", p[0]), named("b", p[1]), named("c", p[2])});
    const json ab = merge_summaries({named("a", p[0]), named("b", p[1])});
    const json bc = merge_summaries({named("b", p[1]), named("c", p[2])});
    const json left = merge_summaries({named("ab", ab), named("c", p[2])});
    const json right = merge_summaries({named("a", p[0]), named("bc", bc)});
    const json nested = merge_summaries({named("left", left)});
    EXPECT_EQ(without_generator(left), without_generator(all));
    EXPECT_EQ(without_generator(right), without_generator(all));
    EXPECT_EQ(without_generator(nested), without_generator(all));
    EXPECT_EQ(all["merged_from"], json::parse(R"(["a", "b", "c"])"));
    EXPECT_EQ(left["inputs"][2]["summary"], "c");
    EXPECT_EQ(right["inputs"][0]["summary"], "a");
}

TEST(MergeTest, MergedSummaryEqualsOneScanOfEverything) {
    // The three hosts' hits aggregated in one run, as `scan` of all logs would.
    using D = Direction;
    const std::vector<Hit> hits = {
        alert_hit(46, D::Received, "2024-03-02T10:00:00", "10.0.0.1", "A"),
        alert_hit(46, D::Sent, "", "10.0.0.2", "A"),
        alert_hit(48, D::Received, "2024-03-01T08:00:00", "10.0.0.1", "A", "gskit"),
        gskit_hit("distributed", 414, "2024-03-02T11:00:00", "CH.ONE", 575010),
        gskit_hit("zos", 414, "", ""),
        alert_hit(46, D::Received, "2024-03-01T07:00:00", "10.0.0.2", "B"),
        alert_hit(46, D::Received, "2024-03-03T07:00:00", "10.0.0.3", "B"),
        alert_hit(40, D::Unknown, "", "", "B"),
        gskit_hit("distributed", 414, "", "CH.TWO", 575010),
        gskit_hit("distributed", -1, "", "", std::nullopt, "GSK_ERROR_X"),
        alert_hit(48, D::Sent, "2024-03-05T00:00:00", "10.0.0.9", "C"),
        alert_hit(46, D::Unknown, "", "10.0.0.1", ""),
        gskit_hit("distributed", 414, "2024-03-01T00:00:00", "CH.ONE", 575020),
        gskit_hit("distributed", -1, "2024-03-06T00:00:00", "", std::nullopt, "GSK_ERROR_X")};
    const std::vector<SchannelEvent> events = {event(36874, "2024-03-02T09:00:00Z", "A", "1205"),
                                               event(36874, "", "B", "205"),
                                               event(36888, "2024-03-04T00:00:00Z", "B", ""),
                                               event(36874, "2024-03-01T09:00:00Z", "C", "1205")};
    const json whole = scanned(hits, events, "all.log");
    const json merged = merge_summaries(three_hosts());
    for (const char* section : {"alerts", "gskit_codes", "schannel_events", "hosts"}) {
        EXPECT_EQ(merged[section], whole[section]) << section;
    }
    EXPECT_EQ(merged["totals"]["hits"], whole["totals"]["hits"]);
    EXPECT_EQ(merged["totals"]["alert_hits"], whole["totals"]["alert_hits"]);
    EXPECT_EQ(merged["totals"]["gskit_hits"], whole["totals"]["gskit_hits"]);
}

TEST(MergeTest, TruncatedTopListsDependOnGrouping) {
    // The documented caveat: a list cut to 10 loses counts that a later
    // summary would have added to. Merged at once, the counts are exact.
    json a = summary({{"alerts", json::array({alert(46, 20)})}});
    json peers = json::array();
    for (int i = 0; i < 10; ++i) peers.push_back({{"peer", "p" + std::to_string(i)}, {"count", 2}});
    a["alerts"][0]["peers"] = peers;
    const json b = summary(
        {{"alerts", json::array({alert(46, 1, {{"peers", {{{"peer", "x"}, {"count", 1}}}}})})}});
    const json c = summary(
        {{"alerts", json::array({alert(46, 5, {{"peers", {{{"peer", "x"}, {"count", 5}}}}})})}});
    const json at_once = merge_summaries({a, b, c});
    const json stepwise = merge_summaries({merge_summaries({a, b}), c});
    EXPECT_EQ(at_once["alerts"][0]["peers"][0], json::parse(R"({"peer": "x", "count": 6})"));
    EXPECT_EQ(stepwise["alerts"][0]["peers"][0], json::parse(R"({"peer": "x", "count": 5})"));
    EXPECT_EQ(at_once["alerts"][0]["count"], stepwise["alerts"][0]["count"]);
}

TEST(MergeTest, SingleSummaryComesBackUnchanged) {
    for (const json& original : three_hosts()) {
        json merged = merge_summaries({NamedSummary{"one.json", original}});
        EXPECT_EQ(merged["merged_from"], json::parse(R"(["one.json"])"));
        merged.erase("merged_from");
        for (json& input : merged["inputs"]) {
            EXPECT_EQ(input["summary"], "one.json");
            input.erase("summary");
        }
        // Same fields in the same order: dump() compares the order too.
        EXPECT_EQ(without_generator(merged).dump(), without_generator(original).dump());
    }
}

TEST(MergeTest, OtherSchemaIsAnErrorNamingTheFile) {
    const json good = summary({{"alerts", json::array({alert(46, 1)})}});
    json other = good;
    other["schema"] = "alertscan.summary/2";
    try {
        merge_summaries({NamedSummary{"good.json", good}, NamedSummary{"host7.json", other}});
        FAIL() << "merged a summary of another schema";
    } catch (const MergeError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "host7.json: not an alertscan summary (schema \"alertscan.summary/1\" expected, "
                  "found \"alertscan.summary/2\")");
    }
    EXPECT_THROW(merge_summaries({NamedSummary{"x", json::array()}}), MergeError);
    EXPECT_THROW(merge_summaries({NamedSummary{"x", json::parse(R"({"totals": {}})")}}),
                 MergeError);
    json bad_count = good;
    bad_count["alerts"][0]["count"] = "many";
    try {
        merge_summaries({NamedSummary{"bad.json", bad_count}});
        FAIL() << "merged a count that is text";
    } catch (const MergeError& error) {
        EXPECT_EQ(std::string(error.what()).rfind("bad.json: alerts[0].count: ", 0), 0u)
            << error.what();
    }
    json bad_list = good;
    bad_list["alerts"][0]["peers"] = {{{"count", 1}}};
    EXPECT_THROW(merge_summaries({NamedSummary{"y", bad_list}}), MergeError);
}

}  // namespace
}  // namespace alertscan
