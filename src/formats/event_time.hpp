// Time text of exported Windows events, normalised to ISO 8601 for the
// records' `time` field. Shared by the record readers:
//
//   normalize_local_time  the local, culture-formatted dates of CSV and text
//                         exports (CsvEventReader, WinTextEventReader);
//   normalize_iso_time    the ISO 8601 times of XML SystemTime (parse_event_xml)
//                         and of JSON exports (JsonEventReader).
//
// Neither converts between zones: the text's instant and zone are kept, only
// the spelling changes. Text that is not a recognised time comes back
// trimmed and otherwise as written.
#pragma once

#include <string>
#include <string_view>

namespace alertscan {

// Which reader's rules normalize_local_time follows. The two readers grew
// their own parsers and accept slightly different sets of inputs; both sets
// are kept (see the table below).
enum class LocalTimeDialect {
    kCsv,      // CsvEventReader: Event Viewer "Save as" CSV/Text, Export-Csv
    kWinText,  // WinTextEventReader: wevtutil /f:text, Copy details, Format-List
};

// Normalises a local date and time as Windows exports write them to ISO 8601
// "YYYY-MM-DDTHH:MM:SS[.fraction]" without a zone. First the invisible bidi
// marks Event Viewer copies put into dates (U+200E, U+200F, U+202A..U+202E,
// U+2066..U+2069) are removed and the text is trimmed. Then, in both dialects:
//   "8/5/2020 5:16:37 AM"      M/D/Y with AM/PM (en-US) -> 2020-08-05T05:16:37
//   "13/5/2020 17:16:37"       D/M/Y or M/D/Y without AM/PM, when one of the
//                              two numbers is over 12  -> 2020-05-13T17:16:37
//   "05.08.2020 05:16:37"      D.M.Y (de-DE and others) -> 2020-08-05T05:16:37
//   "2020/07/05 15:29:16"      Y/M/D (ja-JP)            -> 2020-07-05T15:29:16
// Seconds default to ":00"; a fraction ('.' or ',') is kept with a '.'; AM and
// PM in any case. Hours, minutes, seconds (up to 60) and months are range-
// checked, days only against 1..31 ("2/30/2020" passes). Anything else (another calendar,
// "yesterday", "13/13/2020 ...") comes back without the marks, trimmed, otherwise as written.
//
// Both dialects remove U+061C and read U+00A0 and U+202F as spaces (newer
// .NET writes U+202F before AM/PM). Where the dialects differ:
//                                       kCsv              kWinText
//   "2020-08-05 05:16:37[.f][zone]"     read: 'T' added,  kept as written
//     (a '-' date) and a zone suffix    zone kept
//     ("Z", "+02:00", "+0200", "+02")
//   date alone ("8/5/2020")             kept as written   "2020-08-05"
//   "5/8/2020 05:16" (24-hour, both     kept as written   M/D: 2020-05-08T05:16:00
//     numbers <= 12, ambiguous)
//   between date and time               'T' or one or     spaces and commas, or
//                                       more spaces/tabs  nothing
//   blanks before AM/PM                 spaces and tabs   spaces
//   "A.M.", "P.M.", 午前, 午後, and      no                yes
//     a marker before the time
//   fraction without seconds            no                yes ("5:16.5")
//   zero-padded day/month of 3-4 digits yes               no
//     ("005.08.2020", "2020/07/0005")
std::string normalize_local_time(std::string_view text, LocalTimeDialect dialect);

// What normalize_iso_time writes for a time without a zone.
enum class IsoDefault {
    kUtc,    // append "Z": XML SystemTime is UTC even when it says nothing
    kLocal,  // no zone stays without one: local time (JSON exports)
};

// Normalises "YYYY-MM-DD[T|t| ]hh:mm:ss[(.|,)digits][zone]" (the date and
// time fields exactly that wide) to "YYYY-MM-DDThh:mm:ss[.fffffff][zone]":
// 'T' separator, the fraction cut to its first 7 digits (a '.' or ',' without
// digits dropped), "Z", "z", "+00:00", "-00:00", "+0000" and "+00" written
// as "Z", any other zone of at most 6 characters starting with '+' or '-'
// kept as written, no zone per `default_zone`. Anything else (other text
// after the seconds, a longer zone, another date form) comes back trimmed,
// otherwise as written.
std::string normalize_iso_time(std::string_view text, IsoDefault default_zone);

}  // namespace alertscan
