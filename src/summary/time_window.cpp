#include "summary/time_window.hpp"

#include <cstdio>

#include "util/text.hpp"

namespace alertscan {
namespace {

struct Fields {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    enum class Zone { Local, Utc, Offset } zone = Zone::Local;
    int offset_seconds = 0;
};

int digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return -1;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss][.f][Z|±hh[:]mm]" or "--MM-DDThh:mm:ss".
std::optional<Fields> parse_fields(std::string_view text) {
    Fields f;
    std::size_t at = 0;
    if (text.starts_with("--")) {
        at = 2;
    } else {
        f.year = digits(text, 0, 4);
        if (f.year < 0 || text.size() < 5 || text[4] != '-') return std::nullopt;
        at = 5;
    }
    f.month = digits(text, at, 2);
    f.day = digits(text, at + 3, 2);
    if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || text[at + 2] != '-') {
        return std::nullopt;
    }
    at += 5;
    if (at == text.size()) return f;  // a date alone: midnight
    if (text[at] != 'T' && text[at] != ' ') return std::nullopt;
    f.hour = digits(text, at + 1, 2);
    f.minute = digits(text, at + 4, 2);
    if (f.hour < 0 || f.minute < 0 || at + 3 >= text.size() || text[at + 3] != ':') {
        return std::nullopt;
    }
    at += 6;
    if (at < text.size() && text[at] == ':') {
        f.second = digits(text, at + 1, 2);
        if (f.second < 0) return std::nullopt;
        at += 3;
    }
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    }
    if (at == text.size()) return f;
    if (text[at] == 'Z' || text[at] == 'z') {
        f.zone = Fields::Zone::Utc;
        return f;
    }
    if (text[at] != '+' && text[at] != '-') return std::nullopt;
    const int sign = text[at] == '-' ? -1 : 1;
    const int hours = digits(text, at + 1, 2);
    const std::size_t minutes_at = at + 3 < text.size() && text[at + 3] == ':' ? at + 4 : at + 3;
    const int minutes = minutes_at < text.size() ? digits(text, minutes_at, 2) : 0;
    if (hours < 0 || minutes < 0) return std::nullopt;
    f.zone = Fields::Zone::Offset;
    f.offset_seconds = sign * (hours * 3600 + minutes * 60);
    return f;
}

std::time_t to_time(const Fields& f, int year) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = f.month - 1;
    tm.tm_mday = f.day;
    tm.tm_hour = f.hour;
    tm.tm_min = f.minute;
    tm.tm_sec = f.second;
    if (f.zone == Fields::Zone::Local) {
        tm.tm_isdst = -1;
        return std::mktime(&tm);
    }
    return timegm(&tm) - f.offset_seconds;
}

}  // namespace

std::optional<std::time_t> timestamp_to_epoch(std::string_view timestamp, std::time_t now) {
    auto fields = parse_fields(trim(timestamp));
    if (!fields) return std::nullopt;
    if (fields->year != 0) return to_time(*fields, fields->year);
    // Year-less syslog time: this year, unless that lies ahead (a log from
    // late December read in January).
    std::tm local{};
    localtime_r(&now, &local);
    const int this_year = local.tm_year + 1900;
    const std::time_t guess = to_time(*fields, this_year);
    return guess > now + 86400 ? to_time(*fields, this_year - 1) : guess;
}

std::optional<std::time_t> parse_time_bound(std::string_view text, std::time_t now) {
    text = trim(text);
    if (text.size() >= 2) {
        const char unit = text.back();
        const auto amount = parse_int(text.substr(0, text.size() - 1), 10);
        const long seconds = unit == 's'   ? 1
                             : unit == 'm' ? 60
                             : unit == 'h' ? 3600
                             : unit == 'd' ? 86400
                             : unit == 'w' ? 7 * 86400
                                           : 0;
        if (amount && seconds > 0) return now - static_cast<std::time_t>(*amount * seconds);
    }
    if (text.starts_with("--")) return std::nullopt;  // needs a year on the command line
    return timestamp_to_epoch(text, now);
}

bool TimeWindow::keeps(const std::string& timestamp) const {
    if (!bounded() || timestamp.empty()) return true;
    auto when = timestamp_to_epoch(timestamp, now);
    if (!when) return true;  // an unreadable time is treated like no time
    if (since && *when < *since) return false;
    if (until && *when >= *until) return false;
    return true;
}

}  // namespace alertscan
