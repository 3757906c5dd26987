// Small string helpers shared by every stage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alertscan {

std::string_view trim(std::string_view text);

// Parses an unsigned number in `base` (10 or 16, with an optional 0x prefix
// for 16); nothing when the text is empty, has other characters or overflows.
std::optional<std::int64_t> parse_int(std::string_view text, int base);

std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

// strerror(3) text for an errno value, e.g. "No such file or directory".
std::string errno_message(int error_number);

// Replaces bytes that are not valid UTF-8, and control characters other
// than tab, with U+FFFD so the text can go into JSON and onto a terminal.
std::string printable_utf8(std::string_view text);

// Word-wraps `text` to `width` columns: the first line starts with `indent`
// spaces and `label`, the others are indented to where the text began.
// Ends with a newline. Words longer than a line are not broken.
std::string wrap_text(std::string_view label, std::string_view text, std::size_t indent,
                      std::size_t width = 80);

}  // namespace alertscan
