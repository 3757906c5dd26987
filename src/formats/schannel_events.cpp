#include "formats/schannel_events.hpp"

#include <array>

#include "util/text.hpp"

namespace alertscan {
namespace {

// Provider identity: libyal/winevt-kb, Provider-Schannel.md. Not the ETW
// provider Microsoft-Windows-Schannel-Events, which logs elsewhere.
constexpr std::string_view kSchannelGuid = "{1f678132-5938-4686-9fdc-c8ff68f15c85}";

struct EventText {
    int id;
    std::string_view description;
};

// Own summaries of the lsasrv.dll message texts (libyal/winevt-kb,
// MessageFile-lsasrv.dll.md, build 10.0.19041).
constexpr std::array<EventText, 10> kFailureEvents = {{
    {36870, "fatal error accessing the TLS credential's private key"},
    {36871, "fatal error creating a TLS client or server credential"},
    {36874, "TLS connection request with no cipher suite in common"},
    {36876, "certificate from the remote server did not validate"},
    {36877, "certificate from the remote client did not validate"},
    {36881, "remote server certificate expired or not yet valid"},
    {36882, "remote server certificate issued by an untrusted CA"},
    {36883, "remote server certificate revoked"},
    {36884, "remote server certificate does not contain the expected name"},
    {36886, "no suitable default server credential on this system"},
}};

}  // namespace

std::string_view schannel_event_description(int event_id) {
    for (const EventText& event : kFailureEvents) {
        if (event.id == event_id) return event.description;
    }
    return {};
}

std::string_view schannel_error_state_note(std::string_view state) {
    // The only public statements about these numbers (reference: alerts.md
    // section 6). Microsoft publishes no table; nothing else is guessed.
    if (state == "960") {
        return "named Unwrap_DecryptFailure by a Microsoft support engineer; seen with "
               "third-party devices negotiating TLS_DHE_RSA_*_CBC_SHA suites (Keith Abluton, "
               "TechNet)";
    }
    if (state == "1205" || state == "1207") {
        return "seen together with 36874, no shared cipher suite (public reports)";
    }
    if (state == "10001") {
        return "with 36870 and 0x8009030D: the certificate's private key is missing or not "
               "accessible (Microsoft IIS support blog)";
    }
    return {};
}

bool is_schannel_provider(const EventRecord& record) {
    return iequals(record.provider, "Schannel") || iequals(record.provider_guid, kSchannelGuid);
}

bool schannel_interprets_event_id(int event_id) {
    return event_id == 36887 || event_id == 36888 || !schannel_event_description(event_id).empty();
}

SchannelInterpreter::SchannelInterpreter(Matcher& text_matcher, HitSink& hits,
                                         SchannelEventSink& events, std::string file)
    : text_matcher_(text_matcher), hits_(hits), events_(events), file_(std::move(file)) {}

void SchannelInterpreter::on_record(const EventRecord& record) {
    ++records_;
    if (!record.event_id) {
        // A selection that dropped the Id column still has the message:
        // the wording tells the event, and so the direction.
        if (!record.message.empty()) alerts_from_message(record);
        return;
    }
    // A form that lost the provider (some CSV selections) still names the
    // alert events by id; other ids need the provider to be sure.
    const int id = *record.event_id;
    const bool schannel = is_schannel_provider(record);
    if (id == 36887 || id == 36888) {
        if (!schannel && !record.provider.empty()) return;
        if (auto alert_desc = record.field("AlertDesc")) {
            alert_from_fields(record, *alert_desc);
        } else if (!record.message.empty()) {
            alerts_from_message(record);
        }
        return;
    }
    if (!schannel || schannel_event_description(id).empty()) return;
    SchannelEvent event;
    event.file = file_;
    event.line = record.line;
    event.offset = record.offset;
    event.event_id = id;
    event.time = record.time;
    event.host = record.computer;
    event.error_state =
        record.field("ErrorState").value_or(record.field("ErrorStatus").value_or(""));
    event.error_code = record.field("ErrorCode").value_or("");
    event.protocol = record.field("Protocol").value_or("");
    event.name = record.field("Name").value_or("");
    event.type = record.field("Type").value_or("");
    events_.on_event(event);
}

void SchannelInterpreter::alert_from_fields(const EventRecord& record,
                                            const std::string& alert_desc) {
    auto code = parse_int(trim(alert_desc), 10);
    if (!code || *code > 255) return;
    Hit hit;
    hit.file = file_;
    hit.line = record.line;
    hit.offset = record.offset;
    hit.source = "schannel";
    hit.pattern_id = "schannel.event-fields";
    hit.event_id = record.event_id;
    hit.direction = *record.event_id == 36887 ? Direction::Received : Direction::Sent;
    hit.code = *code;
    hit.level = AlertLevel::Fatal;
    hit.host = record.computer;
    hit.timestamp = record.time;
    hit.record_id = record.record_id;
    if (auto state = record.field("ErrorState")) {
        if (auto value = parse_int(trim(*state), 10)) hit.error_state = *value;
    }
    if (auto target = record.field("TargetName")) hit.peer = printable_utf8(trim(*target));
    hit.match = "EventID " + std::to_string(*record.event_id) + " AlertDesc " + alert_desc;
    hits_.on_hit(hit);
}

// Runs the message text through the text patterns and gives each hit the
// record's time, host, position and the event's direction.
void SchannelInterpreter::alerts_from_message(const EventRecord& record) {
    class Adjust : public HitSink {
      public:
        Adjust(const EventRecord& record, HitSink& next) : record_(record), next_(next) {}
        void on_hit(const Hit& found) override {
            if (found.kind != HitKind::Alert) return;
            Hit hit = found;
            if (record_.event_id) {
                hit.event_id = record_.event_id;
                hit.direction = *record_.event_id == 36887 ? Direction::Received : Direction::Sent;
            }
            hit.timestamp = record_.time;
            hit.host = record_.computer;
            hit.record_id = record_.record_id;
            hit.line = record_.line;
            hit.offset = record_.offset;
            next_.on_hit(hit);
        }

      private:
        const EventRecord& record_;
        HitSink& next_;
    } adjust(record, hits_);
    // Messages keep their line breaks; the patterns match within a line, so
    // a wrapped message is joined first.
    std::string text;
    for (char c : record.message) text.push_back(c == '\r' || c == '\n' ? ' ' : c);
    Chunk chunk{text, 0, 1, text.size(), true};
    text_matcher_.scan(chunk, file_, adjust);
}

}  // namespace alertscan
