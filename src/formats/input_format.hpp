// Which reader an input needs, decided from its content (the extension is
// not trusted: exports get renamed and rotated), or forced with
// --input-format.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace alertscan {

enum class InputFormat {
    Text,  // any line-oriented log: matched with the text patterns
    Evtx,  // Windows binary event log
    Xml,   // Windows events as XML (wevtutil, ToXml(), Event Viewer saves)
};

std::string_view to_string(InputFormat format);
std::optional<InputFormat> parse_input_format(std::string_view name);
std::vector<std::string_view> input_format_names();

// True when the raw first bytes are an EVTX file header.
bool looks_like_evtx(std::string_view raw_start);

// The format of decoded (UTF-8) text from its first chunk.
InputFormat detect_text_format(std::string_view decoded_start);

}  // namespace alertscan
