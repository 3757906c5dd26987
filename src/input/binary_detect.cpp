#include "input/binary_detect.hpp"

#include <cstdint>
#include <string>

namespace alertscan {
namespace {

constexpr std::size_t kNulPaddingRun = 16;

bool starts_with(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

bool known_container(std::string_view bytes) {
    using namespace std::string_view_literals;
    return starts_with(bytes, "ElfFile\0"sv) || starts_with(bytes, "\x1f\x8b"sv) ||
           starts_with(bytes, "\x28\xb5\x2f\xfd"sv);
}

// BOM-less UTF-16 text, recognized as DecodingSource does it (two ASCII
// characters first: "x\0y\0" little endian, "\0x\0y" big endian) and then
// checked: no U+0000, no broken surrogate pair, few control characters.
bool looks_utf16(std::string_view bytes) {
    if (bytes.size() < 4) return false;
    bool little_endian = bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0;
    bool big_endian = bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0;
    if (!little_endian && !big_endian) return false;
    std::size_t units = bytes.size() / 2;
    std::size_t controls = 0;
    bool want_low_surrogate = false;
    for (std::size_t u = 0; u < units; ++u) {
        auto hi = static_cast<std::uint8_t>(bytes[2 * u + (big_endian ? 0 : 1)]);
        auto lo = static_cast<std::uint8_t>(bytes[2 * u + (big_endian ? 1 : 0)]);
        auto unit = static_cast<std::uint16_t>(hi << 8 | lo);
        bool low_surrogate = unit >= 0xDC00 && unit <= 0xDFFF;
        if (want_low_surrogate != low_surrogate) return false;
        want_low_surrogate = unit >= 0xD800 && unit <= 0xDBFF;
        if (unit == 0) return false;
        if (unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\r' && unit != '\f' &&
            unit != '\v' && unit != 0x1b) {
            ++controls;
        }
    }
    // A log may carry the odd stray control character; a binary has many.
    return controls * 100 <= units;
}

// The bytes without their runs of kNulPaddingRun or more NULs: a log whose
// writer crashed, or that was rotated with copytruncate while the writer
// kept its offset, holds such runs (often at its very start) between lines
// of plain text.
std::string without_nul_padding(std::string_view bytes) {
    std::string kept;
    kept.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t run_end = bytes.find_first_not_of('\0', i);
        const std::size_t end = run_end == std::string_view::npos ? bytes.size() : run_end;
        if (end - i >= kNulPaddingRun) {
            i = end;
            continue;
        }
        kept += bytes[i];
        ++i;
    }
    return kept;
}

}  // namespace

bool looks_binary(std::string_view first_bytes) {
    std::string_view probe = first_bytes.substr(0, kBinaryProbeBytes);
    if (probe.find('\0') == std::string_view::npos) return false;
    if (known_container(probe)) return false;
    if (starts_with(probe, "\xFF\xFE") || starts_with(probe, "\xFE\xFF")) return false;
    const std::string bytes = without_nul_padding(probe);
    if (bytes.find('\0') == std::string::npos) return false;
    return !looks_utf16(bytes);
}

}  // namespace alertscan
