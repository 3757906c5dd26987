// Which reader an input needs, decided from its content (the extension is
// not trusted: exports get renamed and rotated), or forced with
// --input-format.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "formats/record_reader.hpp"

namespace alertscan {

enum class InputFormat {
    Text,     // any line-oriented log: matched with the text patterns
    Evtx,     // Windows binary event log
    Xml,      // Windows events as XML (wevtutil, ToXml(), Event Viewer saves)
    Csv,      // Event Viewer CSV / tab-delimited text, Export-Csv
    Json,     // ConvertTo-Json, Winlogbeat NDJSON, NXLog JSON
    WinText,  // wevtutil /f:text, "Copy details as text", Format-List blocks
};

std::string_view to_string(InputFormat format);
std::optional<InputFormat> parse_input_format(std::string_view name);
std::vector<std::string_view> input_format_names();

// True when the raw first bytes are an EVTX file header.
bool looks_like_evtx(std::string_view raw_start);

// The format of decoded (UTF-8) text from its first chunk.
InputFormat detect_text_format(std::string_view decoded_start);

// The reader for a record format (Xml, Csv, Json, WinText); nullptr for Text
// and Evtx, which are not read from decoded text pieces.
std::unique_ptr<RecordReader> make_record_reader(InputFormat format, RecordSink& sink);

}  // namespace alertscan
