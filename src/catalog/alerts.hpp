// The TLS alert catalogue: every value 0-255 of the IANA "TLS Alerts"
// registry (TLS Parameters, AlertDescription), with the aliases that logs and
// implementations use, the level the alert is sent at per protocol version,
// and a short explanation written for the administrator reading a log.
//
// Sources are cited per entry in alerts.cpp; the table follows the registry,
// not the widely copied blog tables (which call 255 "unsupported_extension"
// and spell 90 "user_cancelled").
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace alertscan::catalog {

// How an alert is sent in one protocol version.
enum class Level {
    Fatal,          // always fatal
    Warning,        // always (or normally) a warning: closure or informational
    SenderChooses,  // the sender picks warning or fatal
    Reserved,       // must not be sent in this version, may still arrive from old peers
    Undefined,      // the version does not define this alert
};

std::string_view to_string(Level level);

struct AlertInfo {
    int code = 0;
    bool assigned = false;                      // false: not in the registry
    std::string_view name;                      // registry name ("" when unassigned)
    std::span<const std::string_view> aliases;  // other spellings seen in logs and code
    bool dtls_only = false;                     // defined for DTLS only (52)
    std::string_view reference;                 // the RFC(s) the registry row cites
    Level ssl3 = Level::Undefined;
    Level tls10 = Level::Undefined;
    Level tls11_12 = Level::Undefined;
    Level tls13 = Level::Undefined;
    std::string_view meaning;  // one line: what the sender is saying
    std::string_view check;    // one or two lines: what an admin should look at
    std::string_view note;     // optional remark (e.g. draft-only labels), may be empty
};

// The entry for `code`; every value 0..255 has one (unassigned ones say so).
// Precondition: 0 <= code <= 255.
const AlertInfo& alert(int code);

// All 256 entries in code order.
std::span<const AlertInfo> all_alerts();

// Looks up a registry name or alias, case-insensitively, treating ' ', '-'
// and '_' alike, so "user_cancelled", "User Canceled" and "certificate-unknown"
// all resolve. Returns the code, or nothing when no entry carries that name.
std::optional<int> find_alert(std::string_view name_or_alias);

// True when the alert is fatal in at least one version and never a mere
// warning, i.e. "fatal" is the right default label for a hit whose log line
// does not say the level.
bool usually_fatal(const AlertInfo& info);

}  // namespace alertscan::catalog
