// One occurrence of a TLS alert found in an input, and the interface every
// stage downstream of the matcher receives hits through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alertscan {

enum class Direction { Received, Sent, Unknown };
std::string_view to_string(Direction direction);

// Level as the log line states it; Unknown when the line does not say.
enum class AlertLevel { Fatal, Warning, Unknown };
std::string_view to_string(AlertLevel level);

struct Hit {
    std::string file;          // input path as given, "-" for stdin
    std::uint64_t line = 0;    // 1-based line number
    std::uint64_t offset = 0;  // byte offset of the match in the (decoded) input
    std::string source;        // pattern family: "schannel", "gskit", ...
    std::string pattern_id;
    std::optional<int> event_id;  // Windows event id when the pattern implies one
    Direction direction = Direction::Unknown;
    int code = 0;  // TLS alert value 0..255
    AlertLevel level = AlertLevel::Unknown;
    std::string peer;       // remote address or name, "" when absent
    std::string host;       // host that wrote the line (syslog header), "" when absent
    std::string timestamp;  // ISO 8601 as far as the line tells, "" when absent
    std::optional<std::int64_t> error_state;  // SChannel internal error state
    std::string match;                        // the text the pattern matched
};

// Receives hits in input order.
class HitSink {
  public:
    virtual ~HitSink() = default;
    virtual void on_hit(const Hit& hit) = 0;
};

}  // namespace alertscan
