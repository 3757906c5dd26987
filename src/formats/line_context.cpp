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

std::string two_digits(int value) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d", value % 100);
    return buffer;
}

int to_int(const re2::StringPiece& piece) {
    return static_cast<int>(
        parse_int(std::string_view(piece.data(), piece.size()), 10).value_or(0));
}

std::string fraction_and_zone(const re2::StringPiece& fraction, const re2::StringPiece& zone) {
    std::string out;
    if (!fraction.empty()) out += "." + std::string(fraction.substr(1));
    if (zone.empty()) return out;
    if (zone == "Z" || zone == "z") return out + "Z";
    std::string z(zone.data(), zone.size());
    if (z.size() == 5) z.insert(3, ":");  // +0100 -> +01:00
    return out + z;
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
    out.timestamp = "--" + two_digits(m) + "-" + two_digits(to_int(day)) + "T" + std::string(time);
    out.host = std::string(host);
    return true;
}

bool iso8601(re2::StringPiece line, LineContext& out) {
    static const RE2 re(
        R"((\d{4})-(\d\d)-(\d\d)[T ](\d\d:\d\d:\d\d)([.,]\d{1,9})?(Z|[+-]\d\d:?\d\d)?)");
    re2::StringPiece y, mo, d, time, fraction, zone;
    if (!RE2::PartialMatch(line, re, &y, &mo, &d, &time, &fraction, &zone)) return false;
    out.timestamp = std::string(y) + "-" + std::string(mo) + "-" + std::string(d) + "T" +
                    std::string(time) + fraction_and_zone(fraction, zone);
    return true;
}

bool apache(re2::StringPiece line, LineContext& out) {
    static const RE2 re(R"(\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d\d) (\d\d:\d\d:\d\d)(\.\d+)? (\d{4})\])");
    re2::StringPiece month, day, time, fraction, year;
    if (!RE2::PartialMatch(line, re, &month, &day, &time, &fraction, &year)) return false;
    int m = month_number(std::string_view(month.data(), month.size()));
    if (m == 0) return false;
    out.timestamp = std::string(year) + "-" + two_digits(m) + "-" + std::string(day) + "T" +
                    std::string(time) + fraction_and_zone(fraction, {});
    return true;
}

bool us_locale(re2::StringPiece line, LineContext& out) {
    static const RE2 re(R"(\b(\d{1,2})/(\d{1,2})/(\d{4}),? (\d{1,2}):(\d\d):(\d\d)(?: ?([AP]M))?)");
    re2::StringPiece mo, d, y, h, mi, s, ampm;
    if (!RE2::PartialMatch(line, re, &mo, &d, &y, &h, &mi, &s, &ampm)) return false;
    int hour = to_int(h);
    if (ampm == "PM" && hour < 12) hour += 12;
    if (ampm == "AM" && hour == 12) hour = 0;
    out.timestamp = std::string(y) + "-" + two_digits(to_int(mo)) + "-" + two_digits(to_int(d)) +
                    "T" + two_digits(hour) + ":" + std::string(mi) + ":" + std::string(s);
    return true;
}

}  // namespace

LineContext read_line_context(std::string_view line) {
    LineContext out;
    re2::StringPiece prefix(line.data(), std::min(line.size(), kPrefixLimit));
    if (rfc5424(prefix, out) || rfc3164(prefix, out)) {
        // The header may carry no usable time ("-"); a time later in the
        // prefix still serves.
        if (out.timestamp.empty()) iso8601(prefix, out);
        return out;
    }
    iso8601(prefix, out) || apache(prefix, out) || us_locale(prefix, out);
    return out;
}

}  // namespace alertscan
