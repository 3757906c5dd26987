#include "formats/event_time.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "util/text.hpp"

namespace alertscan {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), is_digit);
}

bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// ---------------------------------------------------------------------------
// Local times (normalize_local_time)

// One dialect's rules: each field is a row of the table in event_time.hpp.
struct LocalRules {
    bool wide_marks;                // U+061C removed, U+00A0 and U+202F read as spaces
    bool iso_dates;                 // '-' dates and a zone suffix are read
    bool padded_fields;             // day and month may have 3 or 4 digits
    bool date_alone;                // a date without a time is read
    bool month_first;               // both numbers <= 12, no AM/PM: M/D rather than kept
    bool strict_separator;          // 'T' or blanks between date and time, else [ ,]*
    bool tab_is_blank;              // blanks are ' ' and '\t', else ' ' only
    bool localized_meridiem;        // "A.M.", "P.M.", 午前, 午後, also before the time
    bool fraction_without_seconds;  // "h:mm.f" is read
};

constexpr LocalRules kCsvRules{
    .wide_marks = true,
    .iso_dates = true,
    .padded_fields = true,
    .date_alone = false,
    .month_first = false,
    .strict_separator = true,
    .tab_is_blank = true,
    .localized_meridiem = false,
    .fraction_without_seconds = false,
};

constexpr LocalRules kWinTextRules{
    // .NET writes U+202F before AM/PM in en-US times: marks go as in CSV.
    .wide_marks = true,    .iso_dates = false,         .padded_fields = false,
    .date_alone = true,    .month_first = true,        .strict_separator = false,
    .tab_is_blank = false, .localized_meridiem = true, .fraction_without_seconds = true,
};

const LocalRules& rules_of(LocalTimeDialect dialect) {
    return dialect == LocalTimeDialect::kCsv ? kCsvRules : kWinTextRules;
}

// Removes the bidi marks Event Viewer copies put around dates (U+200E,
// U+200F, U+202A..U+202E, U+2066..U+2069); with `wide` also U+061C, and
// U+00A0 and U+202F become plain spaces.
std::string strip_marks(std::string_view text, bool wide) {
    std::string out;
    out.reserve(text.size());
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    for (std::size_t i = 0; i < text.size();) {
        if (i + 2 < text.size() && byte(i) == 0xE2 && byte(i + 1) == 0x80) {
            const unsigned char c = byte(i + 2);
            if (c == 0x8E || c == 0x8F || (c >= 0xAA && c <= 0xAE)) {
                i += 3;
                continue;
            }
            if (wide && c == 0xAF) {
                out.push_back(' ');
                i += 3;
                continue;
            }
        }
        if (i + 2 < text.size() && byte(i) == 0xE2 && byte(i + 1) == 0x81 && byte(i + 2) >= 0xA6 &&
            byte(i + 2) <= 0xA9) {
            i += 3;
            continue;
        }
        if (wide && i + 1 < text.size() && byte(i) == 0xC2 && byte(i + 1) == 0xA0) {
            out.push_back(' ');
            i += 2;
            continue;
        }
        if (wide && i + 1 < text.size() && byte(i) == 0xD8 && byte(i + 1) == 0x9C) {
            i += 2;
            continue;
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

struct Meridiem {
    std::string_view text;  // compared case-insensitively
    int kind;               // 1 AM, 2 PM
    bool localized;         // only with LocalRules::localized_meridiem
};

constexpr std::array<Meridiem, 6> kMeridiems = {{
    {"A.M.", 1, true},
    {"P.M.", 2, true},
    {"AM", 1, false},
    {"PM", 2, false},
    {"\xE5\x8D\x88\xE5\x89\x8D", 1, true},  // 午前
    {"\xE5\x8D\x88\xE5\xBE\x8C", 2, true},  // 午後
}};

// Parses a marked-free, trimmed local date-time by `rules`; nothing when it
// is not one (see normalize_local_time).
std::optional<std::string> parse_local_time(std::string_view s, const LocalRules& rules) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    const auto at = [&](std::size_t k) { return k < n ? s[k] : '\0'; };
    const auto is_blank = [&](char c) { return c == ' ' || (rules.tab_is_blank && c == '\t'); };
    // Reads 1..max_digits digits at i; nothing when there is none.
    const auto number = [&](std::size_t max_digits, std::size_t* digits = nullptr) {
        const std::size_t start = i;
        int value = 0;
        while (i - start < max_digits && is_digit(at(i))) {
            value = value * 10 + (s[i] - '0');
            ++i;
        }
        if (digits != nullptr) *digits = i - start;
        return i == start ? std::nullopt : std::optional<int>(value);
    };
    int meridiem = 0;  // 1 AM, 2 PM
    // An AM/PM marker at k: sets `meridiem`, moves k past it.
    const auto read_meridiem = [&](std::size_t& k) {
        for (const Meridiem& marker : kMeridiems) {
            if (marker.localized && !rules.localized_meridiem) continue;
            if (istarts_with(s.substr(k), marker.text)) {
                meridiem = marker.kind;
                k += marker.text.size();
                return true;
            }
        }
        return false;
    };

    // The date: three numbers with the same separator.
    std::size_t d1 = 0, d3 = 0;
    const auto a = number(4, &d1);
    if (!a) return std::nullopt;
    const char sep = at(i);
    if (sep != '/' && sep != '.' && !(rules.iso_dates && sep == '-')) return std::nullopt;
    ++i;
    const auto b = number(2);
    if (!b || at(i) != sep) return std::nullopt;
    ++i;
    const auto c = number(4, &d3);
    if (!c) return std::nullopt;

    // Between date and time.
    if (rules.strict_separator) {
        if (at(i) == 'T') {
            ++i;
        } else {
            if (!is_blank(at(i))) return std::nullopt;
            while (is_blank(at(i))) ++i;
        }
    } else {
        while (at(i) == ' ' || at(i) == ',') ++i;
    }
    const bool has_time = i != n;
    if (!has_time && !rules.date_alone) return std::nullopt;

    // [AM/PM] h:mm[:ss][.fraction] [AM/PM][zone]
    int hour = 0, minute = 0, second = 0;
    std::string_view fraction;
    std::string_view zone;
    if (has_time) {
        if (rules.localized_meridiem && read_meridiem(i)) {
            while (is_blank(at(i))) ++i;
        }
        const auto h = number(2);
        if (!h || at(i) != ':') return std::nullopt;
        ++i;
        std::size_t digits = 0;
        const auto m = number(2, &digits);
        if (!m || digits != 2) return std::nullopt;
        hour = *h;
        minute = *m;
        bool has_seconds = false;
        if (at(i) == ':') {
            ++i;
            const auto sec = number(2, &digits);
            if (!sec || digits != 2) return std::nullopt;
            second = *sec;
            has_seconds = true;
        }
        if ((has_seconds || rules.fraction_without_seconds) && (at(i) == '.' || at(i) == ',') &&
            is_digit(at(i + 1))) {
            const std::size_t start = ++i;
            while (is_digit(at(i))) ++i;
            fraction = s.substr(start, i - start);
        }
        if (meridiem == 0) {
            std::size_t k = i;
            while (is_blank(at(k))) ++k;
            if (read_meridiem(k)) i = k;
        }
        // Zone: "Z", "+hh:mm", "+hhmm", "+hh", right after the time or AM/PM.
        if (rules.iso_dates) {
            if (at(i) == 'Z') {
                zone = s.substr(i, 1);
                ++i;
            } else if ((at(i) == '+' || at(i) == '-') && is_digit(at(i + 1)) &&
                       is_digit(at(i + 2))) {
                std::size_t j = i + 3;
                if (at(j) == ':' && is_digit(at(j + 1)) && is_digit(at(j + 2))) {
                    j += 3;
                } else if (is_digit(at(j)) && is_digit(at(j + 1))) {
                    j += 2;
                }
                zone = s.substr(i, j - i);
                i = j;
            }
        }
        while (is_blank(at(i))) ++i;
        if (i != n) return std::nullopt;
    }

    // Which number is the year, the month and the day.
    int year = 0, month = 0, day = 0;
    const bool year_first = d1 == 4 && (rules.padded_fields || d3 <= 2);
    const bool year_last = !year_first && d3 == 4 && d1 <= (rules.padded_fields ? 3u : 2u);
    if (year_first) {
        year = *a;
        month = *b;
        day = *c;
    } else if (year_last) {
        year = *c;
        if (sep == '.') {
            day = *a;
            month = *b;
        } else if (sep == '/') {
            if (*a > 12 && *b <= 12) {
                day = *a;
                month = *b;
            } else if (*b > 12 && *a <= 12) {
                month = *a;
                day = *b;
            } else if (meridiem != 0 || rules.month_first) {
                month = *a;  // en-US: M/d/yyyy h:mm:ss tt
                day = *b;
            } else {
                return std::nullopt;  // 24-hour and both numbers <= 12: ambiguous
            }
        } else {
            return std::nullopt;  // "05-08-2020": no such export
        }
    } else {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    if (meridiem != 0) {
        if (hour < 1 || hour > 12) return std::nullopt;
        hour = hour % 12 + (meridiem == 2 ? 12 : 0);
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;

    std::string out = has_time ? "0000-00-00T00:00:00" : "0000-00-00";
    const auto put = [&](std::size_t pos, int value, int digits) {
        for (int k = digits - 1; k >= 0; --k, value /= 10) {
            out[pos + static_cast<std::size_t>(k)] = static_cast<char>('0' + value % 10);
        }
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    if (!has_time) return out;
    put(11, hour, 2);
    put(14, minute, 2);
    put(17, second, 2);
    if (!fraction.empty()) {
        out.push_back('.');
        out.append(fraction);
    }
    out.append(zone);
    return out;
}

}  // namespace

std::string normalize_local_time(std::string_view text, LocalTimeDialect dialect) {
    const LocalRules& rules = rules_of(dialect);
    const std::string stripped = strip_marks(text, rules.wide_marks);
    const std::string_view trimmed = trim(stripped);
    if (auto iso = parse_local_time(trimmed, rules)) return *iso;
    return std::string(trimmed);
}

// ---------------------------------------------------------------------------
// ISO 8601 times (normalize_iso_time)

std::string normalize_iso_time(std::string_view text, IsoDefault default_zone) {
    const std::string_view value = trim(text);
    // YYYY-MM-DD?HH:MM:SS
    if (value.size() < 19 || !all_digits(value.substr(0, 4)) || value[4] != '-' ||
        !all_digits(value.substr(5, 2)) || value[7] != '-' || !all_digits(value.substr(8, 2)) ||
        (value[10] != 'T' && value[10] != 't' && value[10] != ' ') ||
        !all_digits(value.substr(11, 2)) || value[13] != ':' || !all_digits(value.substr(14, 2)) ||
        value[16] != ':' || !all_digits(value.substr(17, 2))) {
        return std::string(value);
    }
    std::string out(value.substr(0, 19));
    out[10] = 'T';
    std::size_t pos = 19;
    if (pos < value.size() && (value[pos] == '.' || value[pos] == ',')) {
        std::size_t digits_end = pos + 1;
        while (digits_end < value.size() && is_digit(value[digits_end])) ++digits_end;
        const std::size_t digits = digits_end - pos - 1;
        if (digits > 0) {
            out += '.';
            out += value.substr(pos + 1, std::min<std::size_t>(digits, 7));
        }
        pos = digits_end;
    }
    const std::string_view zone = value.substr(pos);
    if (zone.empty()) {
        if (default_zone == IsoDefault::kUtc) out += 'Z';
    } else if (zone == "Z" || zone == "z" || zone == "+00:00" || zone == "-00:00" ||
               zone == "+0000" || zone == "+00") {
        out += 'Z';
    } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() <= 6) {
        out += zone;
    } else {
        return std::string(value);
    }
    return out;
}

}  // namespace alertscan
