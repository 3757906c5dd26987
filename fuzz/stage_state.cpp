// The state file of incremental runs (src/state/state_file.cpp): parse_state
// on arbitrary bytes. Checks: anything it does not accept is refused with a
// StateError naming the file (never another exception, a crash or a hang);
// a document it accepts survives a round trip, formatted and parsed again
// to the same entries and the same text, so a run never rewrites a state
// into something the next run reads differently.
#include <string>
#include <string_view>

#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"
#include "state/state_file.hpp"

namespace alertscan::fuzz {

void state(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    State parsed;
    try {
        parsed = parse_state(text, "fuzz.state");
    } catch (const StateError& error) {
        FUZZ_CHECK(std::string_view(error.what()).find("fuzz.state") != std::string_view::npos);
        return;
    }
    const std::string formatted = format_state(parsed);
    State reparsed;
    try {
        reparsed = parse_state(formatted, "fuzz.state");
    } catch (const StateError&) {
        FUZZ_CHECK(!"a state it wrote itself is refused");
    }
    FUZZ_CHECK(reparsed.entries == parsed.entries);
    FUZZ_CHECK(format_state(reparsed) == formatted);
}

}  // namespace alertscan::fuzz
