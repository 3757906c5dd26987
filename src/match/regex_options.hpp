// The options every pattern regex is compiled with, in one place, so that a
// pattern file that validates (alertscan patterns --check, the loader) is
// exactly one the matcher can compile.
//
// Memory budget: RE2's max_mem bounds one compiled regex, its program and
// the DFA cache it builds while matching (RE2 gives about two thirds to the
// forward program and one third to the reverse one). RE2's default is
// 8 MiB; alertscan allows 2 MiB per regex, enough for the built-in
// patterns (their programs are a few KiB, measured) and their DFA caches,
// so a matcher with the 23 built-in patterns stays below about 46 MiB of
// regex memory whatever the input, and each worker thread's matcher the
// same. A regex whose program alone does not fit (a huge counted
// repetition, a long alternation of Unicode classes) fails to compile and
// is reported as FILE:LINE. A DFA cache that fills up makes RE2 fall back to
// its slower NFA for that search, never fail.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <string>

namespace alertscan {

constexpr std::int64_t kRegexMaxMemory = 2 << 20;

inline RE2::Options regex_options() {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kRegexMaxMemory);
    return options;
}

// RE2's reason, with the budget spelled out when the budget was the cause.
inline std::string compile_error(const RE2& re) {
    if (re.error_code() != RE2::ErrorPatternTooLarge) return re.error();
    return re.error() + " (compiled, it needs more than the " +
           std::to_string(kRegexMaxMemory >> 20) +
           " MiB each regex may use: bound fewer repetitions, use fewer Unicode classes, or "
           "split it into several patterns)";
}

}  // namespace alertscan
