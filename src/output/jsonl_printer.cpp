// --format jsonl: one JSON object per hit, written as soon as it is found,
// so a pipeline or a SIEM shipper can consume hits while the scan runs.
//
// Each object follows the Elastic Common Schema (docs/ecs.md): ECS fields
// where ECS has one (@timestamp, event.*, host.name, source.* /
// destination.*, related.*, log.*, rule.id, message), everything about the
// alert itself under the custom tls_alert.* object. Fields are nested
// objects, never dotted keys, so Elasticsearch, OpenSearch, Logstash, jq and
// Splunk's JSON extraction all read them without a dot-expanding step. A
// value the hit does not have is left out (no nulls): a SIEM then never sees
// a field change type between documents.

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

#include "catalog/alerts.hpp"
#include "output/gskit_annotation.hpp"
#include "output/printer.hpp"

namespace alertscan {
namespace {

using nlohmann::ordered_json;

// The ECS version the field set was checked against.
constexpr std::string_view kEcsVersion = "8.17.0";

// Whether a timestamp is UTC ("utc", it ends in Z), carries its own offset
// ("offset") or is the writer's local time ("local"); "" without one.
std::string_view time_basis(std::string_view timestamp) {
    if (timestamp.empty()) return "";
    if (timestamp.back() == 'Z') return "utc";
    const std::size_t time_at = timestamp.find('T');
    if (time_at != std::string::npos &&
        timestamp.find_first_of("+-", time_at) != std::string::npos) {
        return "offset";
    }
    return "local";
}

// A timestamp with a year, month and day (YYYY-MM-DDT...): one Elasticsearch
// can index as a date. Syslog RFC 3164 times ("--03-02T09:14:02") have no year.
bool has_full_date(std::string_view timestamp) {
    if (timestamp.size() < 11) return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!std::isdigit(static_cast<unsigned char>(timestamp[i]))) return false;
    }
    return timestamp[4] == '-' && timestamp[7] == '-' && timestamp[10] == 'T';
}

// The product that wrote the line, from the pattern family; Windows' own
// provider name for SChannel (what Winlogbeat puts in event.provider).
std::string provider(const std::string& source) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kProviders{{
        {"schannel", "Schannel"},
        {"gskit", "GSKit"},
        {"ihs", "IBM HTTP Server"},
        {"was-plugin", "WebSphere plug-in"},
        {"mq", "IBM MQ"},
        {"db2", "IBM Db2"},
        {"itm", "IBM Tivoli Monitoring"},
        {"itx", "IBM Transformation Extender"},
        {"ibmi", "IBM i"},
        {"zos-attls", "z/OS AT-TLS"},
        {"cics", "IBM CICS"},
        {"tn3270", "z/OS TN3270 server"},
    }};
    for (const auto& [family, name] : kProviders) {
        if (source == family) return std::string(name);
    }
    return source;  // a user's own pattern family, as written
}

// The peer as an IP address in canonical form, or "" when it is not one
// (an ECS ip field rejects anything else, and with it the whole document).
std::string as_ip(std::string_view peer) {
    if (peer.size() > 2 && peer.front() == '[' && peer.back() == ']') {
        peer = peer.substr(1, peer.size() - 2);
    }
    const std::string text(peer);
    unsigned char address[16];
    char canonical[INET6_ADDRSTRLEN];
    for (int family : {AF_INET, AF_INET6}) {
        if (inet_pton(family, text.c_str(), address) == 1 &&
            inet_ntop(family, address, canonical, sizeof canonical) != nullptr) {
            return canonical;
        }
    }
    return "";
}

// A host name: letters, digits, '-', '_' and dots, as DNS and NetBIOS
// names are written, and not only digits and dots (that is an address
// inet_pton refused, such as 300.1.2.3, not a name).
bool is_host_name(std::string_view peer) {
    if (peer.empty() || peer.size() > 253) return false;
    bool letter = false;
    for (char c : peer) {
        const bool digit = std::isdigit(static_cast<unsigned char>(c));
        if (!digit && !std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' &&
            c != '.') {
            return false;
        }
        letter = letter || (!digit && c != '.');
    }
    return letter;
}

// The alert's sender is the ECS source, its recipient the destination: the
// peer sent an alert we received, and received one we sent. related.* holds
// the peer whatever the direction, for "everything about this peer".
void add_peer(const Hit& hit, ordered_json& document) {
    if (hit.peer.empty()) return;
    const std::string ip = as_ip(hit.peer);
    const bool name = ip.empty() && is_host_name(hit.peer);
    if (ip.empty() && !name) return;  // kept in tls_alert.peer only
    const char* side = hit.direction == Direction::Received ? "source"
                       : hit.direction == Direction::Sent   ? "destination"
                                                            : nullptr;
    if (side) {
        document[side] = ip.empty() ? ordered_json{{"domain", hit.peer}} : ordered_json{{"ip", ip}};
    }
    document["related"] =
        ip.empty() ? ordered_json{{"hosts", {hit.peer}}} : ordered_json{{"ip", {ip}}};
}

// A fatal alert, as the line states it or, when it does not say, as the
// registry defines the alert (the rule --fail-on fatal and the summary use).
bool is_fatal(const Hit& hit) {
    if (hit.level != AlertLevel::Unknown) return hit.level == AlertLevel::Fatal;
    return catalog::usually_fatal(catalog::alert(static_cast<int>(hit.code)));
}

std::string_view outcome(const Hit& hit) {
    // A return code other than 0 is a failed call; a warning alert
    // (close_notify, user_canceled) does not by itself end the connection.
    if (hit.kind == HitKind::GskitReturnCode) return "failure";
    return is_fatal(hit) ? "failure" : "unknown";
}

ordered_json event_fields(const Hit& hit) {
    ordered_json event = {{"kind", "event"},
                          {"category", {"network"}},
                          {"type", outcome(hit) == "failure" ? ordered_json{"connection", "error"}
                                                             : ordered_json{"connection"}},
                          {"outcome", outcome(hit)},
                          {"module", "alertscan"},
                          {"provider", provider(hit.source)}};
    if (hit.event_id) event["code"] = std::to_string(*hit.event_id);
    return event;
}

ordered_json alert_fields(const Hit& hit) {
    ordered_json alert = {{"kind", to_string(hit.kind)}};
    if (hit.kind == HitKind::Alert) {
        const catalog::AlertInfo& info = catalog::alert(static_cast<int>(hit.code));
        alert["code"] = hit.code;
        if (info.assigned) alert["name"] = info.name;
        alert["description"] = info.meaning;
        alert["fatal"] = is_fatal(hit);
    } else {
        const GskAnnotation note = annotate_return_code(hit.gsk_table, hit.code, hit.gsk_name);
        ordered_json gskit = {{"table", hit.gsk_table}, {"in_table", note.in_table}};
        if (hit.code >= 0) gskit["code"] = hit.code;
        if (!note.name.empty()) gskit["name"] = note.name;
        if (hit.validation_code) {
            gskit["validation"]["code"] = *hit.validation_code;
            const std::string name =
                validation_name(hit.gsk_table, *hit.validation_code, hit.validation_name);
            if (!name.empty()) gskit["validation"]["name"] = name;
        }
        if (!hit.channel.empty()) gskit["channel"] = hit.channel;
        if (!note.meaning.empty()) alert["description"] = note.meaning;
        alert["gskit"] = std::move(gskit);
    }
    alert["direction"] = to_string(hit.direction);
    alert["level"] = to_string(hit.level);
    if (!hit.peer.empty()) alert["peer"] = hit.peer;
    if (hit.error_state) alert["error_state"] = *hit.error_state;
    if (!hit.timestamp.empty()) {
        alert["logged_time"] = hit.timestamp;
        alert["time_basis"] = time_basis(hit.timestamp);
    }
    alert["line"] = hit.line;
    return alert;
}

ordered_json ecs_document(const Hit& hit) {
    ordered_json document;
    if (has_full_date(hit.timestamp)) document["@timestamp"] = hit.timestamp;
    document["ecs"] = {{"version", kEcsVersion}};
    document["event"] = event_fields(hit);
    if (!hit.host.empty()) document["host"] = {{"name", hit.host}};
    add_peer(hit, document);
    document["log"] = {{"file", {{"path", hit.file}}}, {"offset", hit.offset}};
    document["rule"] = {{"id", hit.pattern_id}, {"ruleset", hit.source}};
    if (hit.record_id) document["winlog"] = {{"record_id", std::to_string(*hit.record_id)}};
    document["message"] = hit.match;
    document["tls_alert"] = alert_fields(hit);
    return document;
}

class JsonlPrinter : public Printer {
  public:
    explicit JsonlPrinter(std::ostream& out) : out_(out) {}

    void on_hit(const Hit& hit) override {
        out_ << ecs_document(hit).dump(-1, ' ', false, ordered_json::error_handler_t::replace)
             << '\n';
    }

    void finish(const Summary&) override { out_.flush(); }

  private:
    std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_jsonl_printer(std::ostream& out) {
    return std::make_unique<JsonlPrinter>(out);
}

}  // namespace alertscan
