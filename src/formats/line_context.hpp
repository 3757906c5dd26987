// What a plain-text log line says about itself before its message: when it
// was written and by which host. Runs only on lines that hold a hit, so it
// may use regexes freely.
//
// Recognised (first match wins):
//   RFC 5424 syslog   "<134>1 2024-03-02T09:14:02.123Z HOST01 app ..."
//   RFC 3164 syslog   "<11>Mar  2 09:14:02 HOST01 ..."  (no year: "--03-02T09:14:02")
//   ISO 8601          "2024-03-02 09:14:02,123" / "2024-03-02T09:14:02+01:00"
//   Apache / IHS      "[Sat Mar 02 09:14:02.123456 2024]"
//   US locale         "3/2/2024 9:14:02 AM" (Event Viewer saves from en-US machines)
// Timestamps are normalised to ISO 8601, keeping the zone when the line has
// one and leaving it off (local time) when it does not.
#pragma once

#include <string>
#include <string_view>

namespace alertscan {

struct LineContext {
    std::string timestamp;  // "" when the line has none
    std::string host;       // "" when the line names none
};

// `line` is the text from the start of the line up to (at least) the match.
LineContext read_line_context(std::string_view line);

}  // namespace alertscan
