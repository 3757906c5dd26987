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

// What the number of a hit is: a TLS alert value (0..255) or a GSKit /
// System SSL return code. Separate namespaces, counted separately.
enum class HitKind { Alert, GskitReturnCode };
std::string_view to_string(HitKind kind);  // "alert", "gskit_rc"

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
    HitKind kind = HitKind::Alert;
    // TLS alert value 0..255, or a GSKit return code; -1 for a return code
    // known only by a name that no table numbers (GSK_ERROR_PROTOCOL_MISMATCH).
    std::int64_t code = 0;
    std::string gsk_table;                        // for return codes: "distributed" or "zos"
    std::string gsk_name;                         // constant name printed on the line, "" when none
    std::optional<std::int64_t> validation_code;  // GSKVAL 575xxx printed with a return code
    std::string validation_name;                  // GSKVAL_* name printed with it, "" when none
    std::string channel;                          // MQ channel or similar object, "" when absent
    AlertLevel level = AlertLevel::Unknown;
    std::string peer;       // remote address or name, "" when absent
    std::string host;       // host that wrote the line (syslog header), "" when absent
    std::string timestamp;  // ISO 8601 as far as the line tells, "" when absent
    std::optional<std::int64_t> error_state;  // SChannel internal error state
    std::optional<std::uint64_t> record_id;   // Windows EventRecordID, from structured exports
    std::string match;                        // the text the pattern matched
};

// Receives hits in input order.
class HitSink {
  public:
    virtual ~HitSink() = default;
    virtual void on_hit(const Hit& hit) = 0;
    // The same, for a hit its maker no longer needs: a sink that keeps hits
    // or passes them on moves it instead of copying its strings (a GSKit
    // trace can have a hit every hundred lines).
    virtual void take_hit(Hit&& hit) { on_hit(hit); }
};

}  // namespace alertscan
