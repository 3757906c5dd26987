#include <algorithm>

#include "catalog/alerts.hpp"
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

void Occurrences::add(const Hit& hit) {
    ++count;
    switch (hit.direction) {
        case Direction::Received:
            ++received;
            break;
        case Direction::Sent:
            ++sent;
            break;
        case Direction::Unknown:
            ++unknown;
            break;
    }
    if (hit.timestamp.empty()) {
        ++undated;
    } else {
        if (first_seen.empty() || hit.timestamp < first_seen) first_seen = hit.timestamp;
        if (hit.timestamp > last_seen) last_seen = hit.timestamp;
    }
    if (!hit.peer.empty()) peers.add(hit.peer);
    if (!hit.host.empty()) hosts.add(hit.host);
    sources.add(hit.source);
}

HostSummary* Aggregator::host(const std::string& name) {
    if (name.empty()) return nullptr;
    auto it = summary_.hosts.find(name);
    if (it != summary_.hosts.end()) return &it->second;
    if (summary_.hosts.size() >= Summary::kMaxHosts) return nullptr;
    HostSummary& added = summary_.hosts[name];
    added.host = name;
    return &added;
}

void Aggregator::on_hit(const Hit& hit) {
    ++summary_.hits;
    if (HostSummary* by_host = host(hit.host)) {
        if (hit.kind == HitKind::GskitReturnCode) {
            ++by_host->return_codes;
        } else {
            ++by_host->alerts;
            by_host->received += hit.direction == Direction::Received;
            by_host->sent += hit.direction == Direction::Sent;
        }
    }
    if (hit.kind == HitKind::GskitReturnCode) {
        ++summary_.gskit_hits;
        GskCodeSummary& code =
            summary_.gskit_codes[{hit.gsk_table, hit.code, hit.code < 0 ? hit.gsk_name : ""}];
        code.table = hit.gsk_table;
        code.code = hit.code;
        code.add(hit);
        if (!hit.gsk_name.empty()) code.names.add(hit.gsk_name);
        if (!hit.channel.empty()) code.channels.add(hit.channel);
        if (hit.validation_code) {
            code.validation_codes.add(std::to_string(*hit.validation_code));
            if (!hit.validation_name.empty()) {
                code.validation_names.emplace(*hit.validation_code, hit.validation_name);
            }
        }
        return;
    }
    ++summary_.alert_hits;
    CodeSummary& code = summary_.alerts[static_cast<int>(hit.code)];
    code.code = static_cast<int>(hit.code);
    code.add(hit);
    if (hit.level == AlertLevel::Fatal ||
        (hit.level == AlertLevel::Unknown &&
         catalog::usually_fatal(catalog::alert(static_cast<int>(hit.code))))) {
        ++code.fatal;
    }
    if (hit.error_state) code.error_states.add(std::to_string(*hit.error_state));
}

void Aggregator::on_event(const SchannelEvent& event) {
    if (HostSummary* by_host = host(event.host)) ++by_host->schannel_events;
    SchannelEventSummary& summary = summary_.schannel_events[event.event_id];
    summary.event_id = event.event_id;
    ++summary.count;
    if (event.time.empty()) {
        ++summary.undated;
    } else {
        if (summary.first_seen.empty() || event.time < summary.first_seen) {
            summary.first_seen = event.time;
        }
        if (event.time > summary.last_seen) summary.last_seen = event.time;
    }
    if (!event.host.empty()) summary.hosts.add(event.host);
    if (!event.error_state.empty()) summary.error_states.add(event.error_state);
    if (!event.error_code.empty()) summary.error_codes.add(event.error_code);
    if (!event.protocol.empty()) summary.protocols.add(event.protocol);
    if (!event.name.empty()) summary.names.add(event.name);
}

namespace {

// Most hits first; the map order (by code) breaks ties.
template <typename Map>
auto by_count(const Map& map) {
    std::vector<const typename Map::mapped_type*> out;
    for (const auto& [key, summary] : map) out.push_back(&summary);
    std::stable_sort(out.begin(), out.end(),
                     [](const auto* a, const auto* b) { return a->count > b->count; });
    return out;
}

}  // namespace

std::vector<const CodeSummary*> Summary::alerts_by_count() const {
    return by_count(alerts);
}

std::vector<const GskCodeSummary*> Summary::gskit_codes_by_count() const {
    return by_count(gskit_codes);
}

std::vector<const HostSummary*> Summary::hosts_by_alerts() const {
    std::vector<const HostSummary*> out;
    for (const auto& [name, summary] : hosts) out.push_back(&summary);
    std::stable_sort(out.begin(), out.end(), [](const HostSummary* a, const HostSummary* b) {
        return a->alerts > b->alerts;
    });
    return out;
}

std::size_t Summary::failed_inputs() const {
    return std::count_if(inputs.begin(), inputs.end(),
                         [](const InputSummary& input) { return input.error.has_value(); });
}

}  // namespace alertscan
