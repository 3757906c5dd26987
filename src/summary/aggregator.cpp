#include <algorithm>

#include "summary/summary.hpp"

namespace alertscan {

void TopCounter::add(const std::string& value) {
    auto it = counts_.find(value);
    if (it != counts_.end()) {
        ++it->second;
    } else if (counts_.size() < kMaxDistinct) {
        counts_.emplace(value, 1);
    } else {
        ++other_;
    }
}

std::vector<std::pair<std::string, std::uint64_t>> TopCounter::top(std::size_t limit) const {
    std::vector<std::pair<std::string, std::uint64_t>> out(counts_.begin(), counts_.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (out.size() > limit) out.resize(limit);
    return out;
}

void Aggregator::on_hit(const Hit& hit) {
    CodeSummary& code = summary_.alerts[hit.code];
    code.code = hit.code;
    ++code.count;
    ++summary_.hits;
    switch (hit.direction) {
        case Direction::Received:
            ++code.received;
            break;
        case Direction::Sent:
            ++code.sent;
            break;
        case Direction::Unknown:
            ++code.unknown;
            break;
    }
    if (hit.timestamp.empty()) {
        ++code.undated;
    } else {
        if (code.first_seen.empty() || hit.timestamp < code.first_seen) {
            code.first_seen = hit.timestamp;
        }
        if (hit.timestamp > code.last_seen) code.last_seen = hit.timestamp;
    }
    if (!hit.peer.empty()) code.peers.add(hit.peer);
    if (!hit.host.empty()) code.hosts.add(hit.host);
    code.sources.add(hit.source);
    if (hit.error_state) code.error_states.add(std::to_string(*hit.error_state));
}

std::vector<const CodeSummary*> Summary::alerts_by_count() const {
    std::vector<const CodeSummary*> out;
    for (const auto& [code, summary] : alerts) out.push_back(&summary);
    std::stable_sort(out.begin(), out.end(), [](const CodeSummary* a, const CodeSummary* b) {
        return a->count > b->count;
    });
    return out;
}

std::size_t Summary::failed_inputs() const {
    return std::count_if(inputs.begin(), inputs.end(),
                         [](const InputSummary& input) { return input.error.has_value(); });
}

}  // namespace alertscan
