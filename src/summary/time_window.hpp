// --since / --until: which hits and events a run keeps, by their time.
//
// Times come in the forms the readers produce: ISO 8601 with Z or an
// offset (an instant), ISO 8601 without a zone (the writer's local time,
// read here as this machine's local time), and year-less syslog times
// "--MM-DDThh:mm:ss" (given the current year, or the previous one when that
// would put them in the future). Records without a time are always kept:
// the summary counts them as undated.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "formats/schannel_events.hpp"
#include "summary/hit.hpp"

namespace alertscan {

// Seconds since the epoch for a timestamp as above, or nothing when the
// text is not one.
std::optional<std::time_t> timestamp_to_epoch(std::string_view timestamp, std::time_t now);

// Parses a --since/--until value: an ISO 8601 time (date only, date and
// time, with or without zone) or a duration back from `now` ("90s", "30m",
// "24h", "7d", "2w"). Nothing when the text is neither.
std::optional<std::time_t> parse_time_bound(std::string_view text, std::time_t now);

struct TimeWindow {
    std::optional<std::time_t> since;  // inclusive
    std::optional<std::time_t> until;  // exclusive
    std::time_t now = 0;

    bool bounded() const { return since || until; }
    // True when a record with this timestamp belongs in the run.
    bool keeps(const std::string& timestamp) const;
};

// Passes on only the hits and events inside the window.
class TimeWindowFilter : public HitSink, public SchannelEventSink {
  public:
    TimeWindowFilter(const TimeWindow& window, HitSink& hits, SchannelEventSink& events)
        : window_(window), hits_(hits), events_(events) {}
    void on_hit(const Hit& hit) override {
        if (window_.keeps(hit.timestamp)) hits_.on_hit(hit);
    }
    void on_event(const SchannelEvent& event) override {
        if (window_.keeps(event.time)) events_.on_event(event);
    }

  private:
    const TimeWindow& window_;
    HitSink& hits_;
    SchannelEventSink& events_;
};

}  // namespace alertscan
