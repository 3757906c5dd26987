// Unit tests for the summary (src/summary/aggregator.cpp): per-code counts,
// first/last seen, bounded top lists, display order and failed inputs.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "summary/hit.hpp"
#include "summary/summary.hpp"

namespace alertscan {
namespace {

using TopList = std::vector<std::pair<std::string, std::uint64_t>>;

Hit make_hit(int code, Direction direction = Direction::Received, std::string timestamp = "",
             std::string peer = "", std::string host = "", std::string source = "schannel") {
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

TEST(AggregatorTest, EmptySummary) {
    Aggregator aggregator;
    const Summary& summary = aggregator.summary();
    EXPECT_EQ(summary.hits, 0u);
    EXPECT_TRUE(summary.alerts.empty());
    EXPECT_TRUE(summary.inputs.empty());
    EXPECT_TRUE(summary.alerts_by_count().empty());
    EXPECT_EQ(summary.failed_inputs(), 0u);
}

TEST(AggregatorTest, CountsPerCodeAndDirection) {
    Aggregator aggregator;
    aggregator.on_hit(make_hit(46, Direction::Received));
    aggregator.on_hit(make_hit(46, Direction::Received));
    aggregator.on_hit(make_hit(46, Direction::Sent));
    aggregator.on_hit(make_hit(40, Direction::Unknown));
    aggregator.on_hit(make_hit(0, Direction::Sent));
    const Summary& summary = aggregator.summary();
    EXPECT_EQ(summary.hits, 5u);
    ASSERT_EQ(summary.alerts.size(), 3u);

    const CodeSummary& c46 = summary.alerts.at(46);
    EXPECT_EQ(c46.code, 46);
    EXPECT_EQ(c46.count, 3u);
    EXPECT_EQ(c46.received, 2u);
    EXPECT_EQ(c46.sent, 1u);
    EXPECT_EQ(c46.unknown, 0u);

    const CodeSummary& c40 = summary.alerts.at(40);
    EXPECT_EQ(c40.code, 40);
    EXPECT_EQ(c40.count, 1u);
    EXPECT_EQ(c40.unknown, 1u);
    EXPECT_EQ(c40.received + c40.sent, 0u);

    const CodeSummary& c0 = summary.alerts.at(0);
    EXPECT_EQ(c0.code, 0);
    EXPECT_EQ(c0.count, 1u);
    EXPECT_EQ(c0.sent, 1u);
}

TEST(AggregatorTest, DirectionsAlwaysSumToCount) {
    std::mt19937 rng(7);
    Aggregator aggregator;
    const Direction directions[] = {Direction::Received, Direction::Sent, Direction::Unknown};
    std::uint64_t total = 0;
    for (int i = 0; i < 2000; ++i) {
        aggregator.on_hit(make_hit(static_cast<int>(rng() % 256), directions[rng() % 3]));
        ++total;
    }
    const Summary& summary = aggregator.summary();
    EXPECT_EQ(summary.hits, total);
    std::uint64_t sum = 0;
    for (const auto& [code, alert] : summary.alerts) {
        SCOPED_TRACE(code);
        EXPECT_EQ(alert.code, code);
        EXPECT_EQ(alert.received + alert.sent + alert.unknown, alert.count);
        EXPECT_GT(alert.count, 0u);
        sum += alert.count;
    }
    EXPECT_EQ(sum, total);
}

TEST(AggregatorTest, FirstAndLastSeenCompareAsText) {
    Aggregator aggregator;
    aggregator.on_hit(make_hit(46, Direction::Received, "2024-03-02T09:14:02"));
    aggregator.on_hit(make_hit(46, Direction::Received, ""));
    aggregator.on_hit(make_hit(46, Direction::Received, "2024-03-01T23:00:00"));
    aggregator.on_hit(make_hit(46, Direction::Received, "2024-03-02T10:00:00.5"));
    aggregator.on_hit(make_hit(46, Direction::Received, "2024-03-02T09:59:59"));
    aggregator.on_hit(make_hit(46, Direction::Received, ""));
    const CodeSummary& code = aggregator.summary().alerts.at(46);
    EXPECT_EQ(code.first_seen, "2024-03-01T23:00:00");
    EXPECT_EQ(code.last_seen, "2024-03-02T10:00:00.5");
    EXPECT_EQ(code.undated, 2u);
    EXPECT_EQ(code.count, 6u);
}

TEST(AggregatorTest, SingleDatedHitIsFirstAndLast) {
    Aggregator aggregator;
    aggregator.on_hit(make_hit(20, Direction::Sent, "--03-02T09:14:02"));
    const CodeSummary& code = aggregator.summary().alerts.at(20);
    EXPECT_EQ(code.first_seen, "--03-02T09:14:02");
    EXPECT_EQ(code.last_seen, "--03-02T09:14:02");
    EXPECT_EQ(code.undated, 0u);
}

TEST(AggregatorTest, UndatedOnlyLeavesSeenEmpty) {
    Aggregator aggregator;
    aggregator.on_hit(make_hit(20));
    aggregator.on_hit(make_hit(20));
    const CodeSummary& code = aggregator.summary().alerts.at(20);
    EXPECT_EQ(code.first_seen, "");
    EXPECT_EQ(code.last_seen, "");
    EXPECT_EQ(code.undated, 2u);
}

TEST(AggregatorTest, SeenIsPerCode) {
    Aggregator aggregator;
    aggregator.on_hit(make_hit(46, Direction::Received, "2024-01-01T00:00:00"));
    aggregator.on_hit(make_hit(40, Direction::Received, "2024-06-01T00:00:00"));
    aggregator.on_hit(make_hit(40, Direction::Received, "2024-05-01T00:00:00"));
    const Summary& summary = aggregator.summary();
    EXPECT_EQ(summary.alerts.at(46).first_seen, "2024-01-01T00:00:00");
    EXPECT_EQ(summary.alerts.at(46).last_seen, "2024-01-01T00:00:00");
    EXPECT_EQ(summary.alerts.at(40).first_seen, "2024-05-01T00:00:00");
    EXPECT_EQ(summary.alerts.at(40).last_seen, "2024-06-01T00:00:00");
}

TEST(AggregatorTest, PeersAndHostsByCountThenValue) {
    Aggregator aggregator;
    const char* peers[] = {"b", "c", "a", "c", "b", "d", "c", "a", ""};
    const char* hosts[] = {"H2", "H1", "H2", "", "H3", "H1", "H0", "H3", "H3"};
    for (int i = 0; i < 9; ++i) {
        aggregator.on_hit(make_hit(46, Direction::Received, "", peers[i], hosts[i]));
    }
    const CodeSummary& code = aggregator.summary().alerts.at(46);
    EXPECT_EQ(code.peers.top(10), (TopList{{"c", 3}, {"a", 2}, {"b", 2}, {"d", 1}}));
    EXPECT_EQ(code.peers.distinct(), 4u);  // "" is not a peer
    EXPECT_EQ(code.hosts.top(10), (TopList{{"H3", 3}, {"H1", 2}, {"H2", 2}, {"H0", 1}}));
    EXPECT_EQ(code.hosts.distinct(), 4u);
    EXPECT_EQ(code.peers.top(2), (TopList{{"c", 3}, {"a", 2}}));
    EXPECT_TRUE(code.peers.top(0).empty());
}

TEST(AggregatorTest, SourcesAndErrorStates) {
    Aggregator aggregator;
    for (int i = 0; i < 3; ++i) {
        Hit hit = make_hit(20, Direction::Sent);
        hit.error_state = 960;
        aggregator.on_hit(hit);
    }
    Hit other_state = make_hit(20, Direction::Sent);
    other_state.error_state = 1205;
    aggregator.on_hit(other_state);
    Hit zero_state = make_hit(20, Direction::Sent);
    zero_state.error_state = 0;  // a state of 0 is still a state
    aggregator.on_hit(zero_state);
    aggregator.on_hit(make_hit(20, Direction::Received, "", "", "", "gskit"));
    const CodeSummary& code = aggregator.summary().alerts.at(20);
    EXPECT_EQ(code.error_states.top(10), (TopList{{"960", 3}, {"0", 1}, {"1205", 1}}));
    EXPECT_EQ(code.sources.top(10), (TopList{{"schannel", 5}, {"gskit", 1}}));
}

TEST(TopCounterTest, CountsAndOrders) {
    TopCounter counter;
    EXPECT_TRUE(counter.top(5).empty());
    EXPECT_EQ(counter.distinct(), 0u);
    for (const char* value : {"x", "y", "x", "z", "y", "x"}) counter.add(value);
    EXPECT_EQ(counter.top(5), (TopList{{"x", 3}, {"y", 2}, {"z", 1}}));
    EXPECT_EQ(counter.distinct(), 3u);
    EXPECT_EQ(counter.other(), 0u);
}

TEST(TopCounterTest, TiesBrokenByValue) {
    TopCounter counter;
    for (const char* value : {"delta", "alpha", "charlie", "bravo"}) counter.add(value);
    EXPECT_EQ(counter.top(3), (TopList{{"alpha", 1}, {"bravo", 1}, {"charlie", 1}}));
}

TEST(TopCounterTest, BoundedAtMaxDistinct) {
    TopCounter counter;
    for (std::size_t i = 0; i < TopCounter::kMaxDistinct; ++i) counter.add("v" + std::to_string(i));
    EXPECT_EQ(counter.distinct(), TopCounter::kMaxDistinct);
    EXPECT_EQ(counter.other(), 0u);

    // Further new values go to other(); known ones still count.
    counter.add("new-1");
    counter.add("new-2");
    counter.add("new-1");
    EXPECT_EQ(counter.distinct(), TopCounter::kMaxDistinct);
    EXPECT_EQ(counter.other(), 3u);
    counter.add("v17");
    counter.add("v17");
    EXPECT_EQ(counter.distinct(), TopCounter::kMaxDistinct);
    EXPECT_EQ(counter.other(), 3u);
    const TopList top = counter.top(2);
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(top[0], (std::pair<std::string, std::uint64_t>{"v17", 3}));
    EXPECT_EQ(top[1].second, 1u);
    for (const auto& [value, count] : counter.top(TopCounter::kMaxDistinct + 10)) {
        EXPECT_NE(value.rfind("new-", 0), 0u) << value;
    }
    EXPECT_EQ(counter.top(TopCounter::kMaxDistinct + 10).size(), TopCounter::kMaxDistinct);
}

TEST(AggregatorTest, PeerCounterIsBounded) {
    Aggregator aggregator;
    for (std::size_t i = 0; i < TopCounter::kMaxDistinct + 5; ++i) {
        aggregator.on_hit(make_hit(46, Direction::Received, "", "10.0." + std::to_string(i)));
    }
    const CodeSummary& code = aggregator.summary().alerts.at(46);
    EXPECT_EQ(code.count, TopCounter::kMaxDistinct + 5);
    EXPECT_EQ(code.peers.distinct(), TopCounter::kMaxDistinct);
    EXPECT_EQ(code.peers.other(), 5u);
}

TEST(AggregatorTest, AlertsByCountThenCode) {
    Aggregator aggregator;
    const std::pair<int, int> counts[] = {{40, 2}, {46, 5}, {20, 2}, {10, 5}, {255, 1}, {0, 2}};
    for (const auto& [code, count] : counts) {
        for (int i = 0; i < count; ++i) aggregator.on_hit(make_hit(code));
    }
    std::vector<std::pair<int, std::uint64_t>> order;
    for (const CodeSummary* code : aggregator.summary().alerts_by_count()) {
        order.emplace_back(code->code, code->count);
    }
    EXPECT_EQ(order, (std::vector<std::pair<int, std::uint64_t>>{
                         {10, 5}, {46, 5}, {0, 2}, {20, 2}, {40, 2}, {255, 1}}));
}

TEST(AggregatorTest, InputsInOrderAndFailedInputs) {
    Aggregator aggregator;
    InputSummary ok;
    ok.path = "a.log";
    ok.bytes = 10;
    InputSummary missing;
    missing.path = "missing.log";
    missing.error = "No such file or directory";
    InputSummary denied;
    denied.path = "denied.log";
    denied.error = "Permission denied";
    InputSummary empty_error;  // an empty cause is still a failure
    empty_error.path = "odd.log";
    empty_error.error = "";
    aggregator.add_input(ok);
    EXPECT_EQ(aggregator.summary().failed_inputs(), 0u);
    aggregator.add_input(missing);
    aggregator.add_input(denied);
    aggregator.add_input(empty_error);
    const Summary& summary = aggregator.summary();
    ASSERT_EQ(summary.inputs.size(), 4u);
    EXPECT_EQ(summary.inputs[0].path, "a.log");
    EXPECT_EQ(summary.inputs[1].path, "missing.log");
    EXPECT_EQ(summary.inputs[2].path, "denied.log");
    EXPECT_EQ(summary.inputs[3].path, "odd.log");
    EXPECT_EQ(summary.failed_inputs(), 3u);
    EXPECT_EQ(summary.hits, 0u);
}

// ---------------------------------------------------------------------------
// GSKit return codes
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
    return hit;
}

// The summary of one return code of one table, or nullptr.
const GskCodeSummary* gsk(const Summary& summary, const std::string& table, std::int64_t code) {
    const GskCodeSummary* found = nullptr;
    for (const auto& [key, value] : summary.gskit_codes) {
        if (value.table == table && value.code == code) {
            EXPECT_EQ(found, nullptr) << table << " " << code << " summarised twice";
            found = &value;
        }
    }
    return found;
}

TEST(AggregatorGskitTest, ReturnCodesAreNotAlerts) {
    Aggregator aggregator;
    aggregator.on_hit(make_rc_hit(414));
    aggregator.on_hit(make_rc_hit(414));
    aggregator.on_hit(make_hit(46, Direction::Received));
    aggregator.on_hit(make_rc_hit(46));  // return code 46, not alert 46
    const Summary& summary = aggregator.summary();
    EXPECT_EQ(summary.hits, 4u);
    EXPECT_EQ(summary.alert_hits, 1u);
    EXPECT_EQ(summary.gskit_hits, 3u);
    ASSERT_EQ(summary.alerts.size(), 1u);
    EXPECT_EQ(summary.alerts.at(46).count, 1u);
    ASSERT_EQ(summary.gskit_codes.size(), 2u);
    const GskCodeSummary* c414 = gsk(summary, "distributed", 414);
    ASSERT_NE(c414, nullptr);
    EXPECT_EQ(c414->count, 2u);
    EXPECT_EQ(c414->unknown, 2u);
    const GskCodeSummary* c46 = gsk(summary, "distributed", 46);
    ASSERT_NE(c46, nullptr);
    EXPECT_EQ(c46->count, 1u);
    EXPECT_EQ(summary.alerts_by_count().size(), 1u);
}

TEST(AggregatorGskitTest, KeyedByTableAndCode) {
    Aggregator aggregator;
    aggregator.on_hit(make_rc_hit(435, "distributed", "GSK_CONFLICTING_ATTRIBUTE_SETTING"));
    aggregator.on_hit(make_rc_hit(435, "zos", "GSK_ERR_UNKNOWN_CA"));
    aggregator.on_hit(make_rc_hit(435, "zos"));
    const Summary& summary = aggregator.summary();
    EXPECT_EQ(summary.gskit_hits, 3u);
    EXPECT_EQ(summary.alert_hits, 0u);
    EXPECT_TRUE(summary.alerts.empty());
    ASSERT_EQ(summary.gskit_codes.size(), 2u);
    const GskCodeSummary* distributed = gsk(summary, "distributed", 435);
    const GskCodeSummary* zos = gsk(summary, "zos", 435);
    ASSERT_NE(distributed, nullptr);
    ASSERT_NE(zos, nullptr);
    EXPECT_EQ(distributed->count, 1u);
    EXPECT_EQ(zos->count, 2u);
    EXPECT_EQ(distributed->names.top(10), (TopList{{"GSK_CONFLICTING_ATTRIBUTE_SETTING", 1}}));
    EXPECT_EQ(zos->names.top(10), (TopList{{"GSK_ERR_UNKNOWN_CA", 1}}));  // "" is not a name
}

TEST(AggregatorGskitTest, NamesChannelsValidationCodesPeersCounted) {
    Aggregator aggregator;
    aggregator.on_hit(
        make_rc_hit(414, "distributed", "GSK_ERROR_BAD_CERT", 575010, "CH.ONE", "10.1.2.3"));
    aggregator.on_hit(
        make_rc_hit(414, "distributed", "GSK_ERROR_BAD_CERT", 575010, "CH.ONE", "10.1.2.3"));
    aggregator.on_hit(make_rc_hit(414, "distributed", "", 575011, "CH.TWO", "10.1.2.4"));
    aggregator.on_hit(make_rc_hit(414, "distributed", "", std::nullopt, "", ""));
    Hit dated = make_rc_hit(414);
    dated.timestamp = "2024-05-01T10:00:00";
    dated.host = "MQHOST";
    aggregator.on_hit(dated);
    const Summary& summary = aggregator.summary();
    const GskCodeSummary* code = gsk(summary, "distributed", 414);
    ASSERT_NE(code, nullptr);
    EXPECT_EQ(code->table, "distributed");
    EXPECT_EQ(code->code, 414);
    EXPECT_EQ(code->count, 5u);
    EXPECT_EQ(code->names.top(10), (TopList{{"GSK_ERROR_BAD_CERT", 2}}));
    EXPECT_EQ(code->channels.top(10), (TopList{{"CH.ONE", 2}, {"CH.TWO", 1}}));
    EXPECT_EQ(code->validation_codes.top(10), (TopList{{"575010", 2}, {"575011", 1}}));
    EXPECT_EQ(code->peers.top(10), (TopList{{"10.1.2.3", 2}, {"10.1.2.4", 1}}));
    EXPECT_EQ(code->hosts.top(10), (TopList{{"MQHOST", 1}}));
    EXPECT_EQ(code->sources.top(10), (TopList{{"mq", 5}}));
    EXPECT_EQ(code->first_seen, "2024-05-01T10:00:00");
    EXPECT_EQ(code->last_seen, "2024-05-01T10:00:00");
    EXPECT_EQ(code->undated, 4u);
}

TEST(AggregatorGskitTest, TotalsOverAMixedRun) {
    Aggregator aggregator;
    std::mt19937 rng(435);
    std::uint64_t alerts = 0, codes = 0;
    for (int i = 0; i < 1000; ++i) {
        if (rng() % 3 == 0) {
            aggregator.on_hit(make_rc_hit(400 + rng() % 40, rng() % 2 ? "zos" : "distributed"));
            ++codes;
        } else {
            aggregator.on_hit(make_hit(static_cast<int>(rng() % 256)));
            ++alerts;
        }
    }
    const Summary& summary = aggregator.summary();
    EXPECT_EQ(summary.hits, 1000u);
    EXPECT_EQ(summary.alert_hits, alerts);
    EXPECT_EQ(summary.gskit_hits, codes);
    std::uint64_t alert_sum = 0, code_sum = 0;
    for (const auto& [key, code] : summary.alerts) alert_sum += code.count;
    for (const auto& [key, code] : summary.gskit_codes) {
        code_sum += code.count;
        EXPECT_EQ(code.received + code.sent + code.unknown, code.count);
    }
    EXPECT_EQ(alert_sum, alerts);
    EXPECT_EQ(code_sum, codes);
}

TEST(AggregatorGskitTest, GskitCodesByCountThenTableAndCode) {
    Aggregator aggregator;
    for (int i = 0; i < 3; ++i) aggregator.on_hit(make_rc_hit(8));
    for (int i = 0; i < 5; ++i) aggregator.on_hit(make_rc_hit(435, "zos"));
    aggregator.on_hit(make_rc_hit(414));
    aggregator.on_hit(make_rc_hit(6003));
    for (int i = 0; i < 3; ++i) aggregator.on_hit(make_rc_hit(435));
    aggregator.on_hit(make_rc_hit(414, "zos"));
    std::vector<std::pair<std::string, std::int64_t>> order;
    for (const GskCodeSummary* code : aggregator.summary().gskit_codes_by_count()) {
        order.emplace_back(code->table, code->code);
    }
    EXPECT_EQ(order, (std::vector<std::pair<std::string, std::int64_t>>{{"zos", 435},
                                                                        {"distributed", 8},
                                                                        {"distributed", 435},
                                                                        {"distributed", 414},
                                                                        {"distributed", 6003},
                                                                        {"zos", 414}}));
    EXPECT_TRUE(Summary{}.gskit_codes_by_count().empty());
}

}  // namespace
}  // namespace alertscan
