// Turns Windows event records into what alertscan reports. Structured
// fields win over message text: 36887 is an alert the host received
// (AlertDesc), 36888 one it sent (AlertDesc, ErrorState, TargetName),
// whatever language the message is in. A record without those fields
// (a CSV or text export that kept only the message) goes through the text
// patterns, with the direction still taken from the event id.
//
// The other SChannel failure events admins read next to alerts (credential
// and private-key errors, no shared cipher suite, certificate validation
// failures, no default credential) are reported as SchannelEvents.
#pragma once

#include <string>

#include "formats/event_record.hpp"
#include "match/matcher.hpp"
#include "summary/hit.hpp"

namespace alertscan {

// One SChannel failure event other than an alert.
struct SchannelEvent {
    std::string file;
    std::uint64_t line = 0;
    std::uint64_t offset = 0;
    int event_id = 0;
    std::string time;
    std::string host;
    std::string error_state;  // ErrorState / ErrorStatus, as logged
    std::string error_code;   // ErrorCode (hex as logged)
    std::string protocol;     // 36874
    std::string name;         // 36884: the expected server name
    std::string type;         // "client" / "server" credential
};

class SchannelEventSink {
  public:
    virtual ~SchannelEventSink() = default;
    virtual void on_event(const SchannelEvent& event) = 0;
};

// The failure events reported besides alerts, with a one-line description.
// Returns "" for any other id.
std::string_view schannel_event_description(int event_id);

// What alertscan knows about an SChannel error state value, or "" (most are
// undocumented; only correlations with a public source are given).
std::string_view schannel_error_state_note(std::string_view state);

class SchannelInterpreter : public RecordSink {
  public:
    SchannelInterpreter(Matcher& text_matcher, HitSink& hits, SchannelEventSink& events,
                        std::string file);
    void on_record(const EventRecord& record) override;
    std::uint64_t records() const { return records_; }

  private:
    void alert_from_fields(const EventRecord& record, const std::string& alert_desc);
    void alerts_from_message(const EventRecord& record);

    Matcher& text_matcher_;
    HitSink& hits_;
    SchannelEventSink& events_;
    std::string file_;
    std::uint64_t records_ = 0;
};

bool is_schannel_provider(const EventRecord& record);

// Whether SchannelInterpreter can turn a record with this event id into a
// hit or an event (the alerts and the failure events). The EVTX fast path
// decodes only these records in full; keep it in step with on_record.
bool schannel_interprets_event_id(int event_id);

}  // namespace alertscan
