#include "formats/line_context.hpp"

#include <re2/re2.h>

#include <array>
#include <cstdio>

#include "util/text.hpp"

namespace alertscan {
namespace {

// Only this much of a line is searched for a timestamp: prefixes are short,
// and a date deep inside a message is not the line's time.
constexpr std::size_t kPrefixLimit = 160;

int month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    std::string lower = to_lower(name);
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (lower == kMonths[i]) return static_cast<int>(i) + 1;
    }
    return 0;
}

int to_int(const re2::StringPiece& piece) {
    return static_cast<int>(
        parse_int(std::string_view(piece.data(), piece.size()), 10).value_or(0));
}

// Appends ".fff" (a comma fraction becomes a dot) and the zone as Z or
// +hh:mm. Built with append() only: GCC 12 at -O3 warns falsely (-Wrestrict)
// on some std::string concatenations and insertions.
void append_fraction_and_zone(std::string& out, const re2::StringPiece& fraction,
                              const re2::StringPiece& zone) {
    if (!fraction.empty()) {
        out.push_back('.');
        out.append(fraction.data() + 1, fraction.size() - 1);
    }
    if (zone.empty()) return;
    if (zone == "Z" || zone == "z") {
        out.push_back('Z');
    } else if (zone.size() == 5) {  // +0100 -> +01:00
        out.append(zone.data(), 3);
        out.push_back(':');
        out.append(zone.data() + 3, 2);
    } else {
        out.append(zone.data(), zone.size());
    }
}

// "YYYY-MM-DDThh:mm:ss" from numbers; a year of 0 gives the year-less
// ISO 8601 form "--MM-DDThh:mm:ss".
std::string iso_date_time(int year, int month, int day, int hour, int minute, int second) {
    char buffer[32];
    if (year == 0) {
        std::snprintf(buffer, sizeof buffer, "--%02d-%02dT%02d:%02d:%02d", month, day, hour, minute,
                      second);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                      hour, minute, second);
    }
    return buffer;
}

// Reads "hh:mm:ss" into its three numbers.
void split_time(const re2::StringPiece& time, int& hour, int& minute, int& second) {
    hour = to_int(time.substr(0, 2));
    minute = to_int(time.substr(3, 2));
    second = to_int(time.substr(6, 2));
}

bool rfc5424(re2::StringPiece line, LineContext& out) {
    static const RE2 re(R"(^<\d{1,3}>1 (\S+) (\S+) )");
    re2::StringPiece stamp, host;
    if (!RE2::PartialMatch(line, re, &stamp, &host)) return false;
    if (stamp != "-") out.timestamp = std::string(stamp);
    if (host != "-") out.host = std::string(host);
    return true;
}

bool rfc3164(re2::StringPiece line, LineContext& out) {
    static const RE2 re(R"(^(?:<\d{1,3}>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (\S+) )");
    re2::StringPiece month, day, time, host;
    if (!RE2::PartialMatch(line, re, &month, &day, &time, &host)) return false;
    int m = month_number(std::string_view(month.data(), month.size()));
    if (m == 0) return false;
    int hour, minute, second;
    split_time(time, hour, minute, second);
    out.timestamp = iso_date_time(0, m, to_int(day), hour, minute, second);
    out.host = std::string(host);
    return true;
}

bool iso8601(re2::StringPiece line, LineContext& out) {
    static const RE2 re(
        R"((\d{4})-(\d\d)-(\d\d)[T ](\d\d:\d\d:\d\d)([.,]\d{1,9})?(Z|[+-]\d\d:?\d\d)?)");
    re2::StringPiece y, mo, d, time, fraction, zone;
    if (!RE2::PartialMatch(line, re, &y, &mo, &d, &time, &fraction, &zone)) return false;
    int hour, minute, second;
    split_time(time, hour, minute, second);
    out.timestamp = iso_date_time(to_int(y), to_int(mo), to_int(d), hour, minute, second);
    append_fraction_and_zone(out.timestamp, fraction, zone);
    return true;
}

bool apache(re2::StringPiece line, LineContext& out) {
    static const RE2 re(
        R"(\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d\d) (\d\d:\d\d:\d\d)(\.\d+)? (\d{4})\])");
    re2::StringPiece month, day, time, fraction, year;
    if (!RE2::PartialMatch(line, re, &month, &day, &time, &fraction, &year)) return false;
    int m = month_number(std::string_view(month.data(), month.size()));
    if (m == 0) return false;
    int hour, minute, second;
    split_time(time, hour, minute, second);
    out.timestamp = iso_date_time(to_int(year), m, to_int(day), hour, minute, second);
    append_fraction_and_zone(out.timestamp, fraction, {});
    return true;
}

bool us_locale(re2::StringPiece line, LineContext& out) {
    static const RE2 re(R"(\b(\d{1,2})/(\d{1,2})/(\d{4}),? (\d{1,2}):(\d\d):(\d\d)(?: ?([AP]M))?)");
    re2::StringPiece mo, d, y, h, mi, s, ampm;
    if (!RE2::PartialMatch(line, re, &mo, &d, &y, &h, &mi, &s, &ampm)) return false;
    int hour = to_int(h);
    if (ampm == "PM" && hour < 12) hour += 12;
    if (ampm == "AM" && hour == 12) hour = 0;
    out.timestamp = iso_date_time(to_int(y), to_int(mo), to_int(d), hour, to_int(mi), to_int(s));
    return true;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Whether `text` holds a digit, a colon and a digit in a row: every form but
// RFC 5424 has a clock time, so a prefix without one (a gsktrace's
// "Thd-14 EXIT gsk_...(): <--- ") needs no regex at all.
bool has_clock(std::string_view text) {
    for (std::size_t colon = text.find(':', 1);
         colon != std::string_view::npos && colon + 1 < text.size();
         colon = text.find(':', colon + 1)) {
        if (is_digit(text[colon - 1]) && is_digit(text[colon + 1])) return true;
    }
    return false;
}

}  // namespace

LineContext read_line_context(std::string_view line) {
    LineContext out;
    const std::string_view text = line.substr(0, kPrefixLimit);
    const re2::StringPiece prefix(text.data(), text.size());
    const bool clock = has_clock(text);
    const bool syslog_header = !text.empty() && text[0] == '<';
    if ((syslog_header && rfc5424(prefix, out)) || (clock && rfc3164(prefix, out))) {
        // The header may carry no usable time ("-"); a time later in the
        // prefix still serves.
        if (out.timestamp.empty() && clock) iso8601(prefix, out);
        return out;
    }
    if (clock) iso8601(prefix, out) || apache(prefix, out) || us_locale(prefix, out);
    return out;
}

}  // namespace alertscan
