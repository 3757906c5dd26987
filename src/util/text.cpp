#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace alertscan {

std::string_view trim(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::optional<std::int64_t> parse_int(std::string_view text, int base) {
    if (base == 16 && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
    }
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0) {
        return std::nullopt;
    }
    return value;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    // Byte by byte, without lower-cased copies: this runs for every record.
    auto lower = [](unsigned char c) { return std::tolower(c); };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) {
               return lower(static_cast<unsigned char>(x)) == lower(static_cast<unsigned char>(y));
           });
}

std::string errno_message(int error_number) {
    char buffer[256];
    // GNU strerror_r returns the message pointer, which may not be `buffer`.
    return strerror_r(error_number, buffer, sizeof buffer);
}

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    if (length == 2 && lead < 0xC2) return 0;  // overlong
    return length;
}

}  // namespace

std::string printable_utf8(std::string_view text) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    // Almost every match is plain printable ASCII: copy it in one go.
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return (c >= 0x20 && c < 0x7F) || c == '\t'; })) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = utf8_sequence_length(text, i);
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (length == 0 || (length == 1 && c < 0x20 && c != '\t') || c == 0x7F) {
            out += kReplacement;
            i += std::max<std::size_t>(length, 1);
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string wrap_text(std::string_view label, std::string_view text, std::size_t indent,
                      std::size_t width) {
    const std::size_t column = indent + label.size();
    std::string out = std::string(indent, ' ') + std::string(label);
    std::size_t used = column;
    bool line_empty = true;
    while (!text.empty()) {
        std::size_t space = text.find(' ');
        std::string_view word = text.substr(0, space);
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
        if (word.empty()) continue;
        if (!line_empty && used + 1 + word.size() > width) {
            out += '\n' + std::string(column, ' ');
            used = column;
            line_empty = true;
        }
        if (!line_empty) {
            out += ' ';
            ++used;
        }
        out += word;
        used += word.size();
        line_empty = false;
    }
    return out + '\n';
}

}  // namespace alertscan
