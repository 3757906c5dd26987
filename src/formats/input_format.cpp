#include "formats/input_format.hpp"

#include <cctype>

namespace alertscan {

std::string_view to_string(InputFormat format) {
    switch (format) {
        case InputFormat::Evtx:
            return "evtx";
        case InputFormat::Xml:
            return "xml";
        case InputFormat::Text:
            break;
    }
    return "text";
}

std::vector<std::string_view> input_format_names() {
    return {"text", "evtx", "xml"};
}

std::optional<InputFormat> parse_input_format(std::string_view name) {
    for (InputFormat format : {InputFormat::Text, InputFormat::Evtx, InputFormat::Xml}) {
        if (to_string(format) == name) return format;
    }
    return std::nullopt;
}

bool looks_like_evtx(std::string_view raw_start) {
    return raw_start.substr(0, 8) == std::string_view("ElfFile\0", 8);
}

InputFormat detect_text_format(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view start = text.substr(i, 4096);
    // XML exports start with a declaration, an <Events> root or an <Event>
    // element; a text log that merely mentions "<Event" later is still text.
    if (start.starts_with("<?xml") || start.starts_with("<Events") ||
        start.starts_with("<Event ") || start.starts_with("<Event>") ||
        start.starts_with("<Event\n") || start.starts_with("<Event\r")) {
        return InputFormat::Xml;
    }
    return InputFormat::Text;
}

}  // namespace alertscan
