// Pattern definitions: what a log line that reports a TLS alert looks like.
// Patterns are data (patterns/*.ini, documented in docs/patterns.md); this
// header is their in-memory form and the loader's interface.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "summary/hit.hpp"

namespace alertscan {

struct PatternDef {
    std::string id;
    std::string description;
    std::string source;           // "schannel", "gskit", ...
    std::optional<int> event_id;  // Windows event id the wording belongs to
    Direction direction = Direction::Unknown;
    bool direction_from_capture = false;  // read it from the `dir` group
    std::string received_if;              // `dir` text meaning received (case-insensitive)
    std::string sent_if;                  // `dir` text meaning sent
    AlertLevel level = AlertLevel::Unknown;
    HitKind kind = HitKind::Alert;
    std::string gsk_table = "distributed";  // return codes: "distributed" or "zos"
    int base = 10;                          // number base of the `code` group: 10 or 16
    int lines_before = 0;               // earlier lines the regex also sees (0..kMaxContextLines)
    int lines_after = 0;                // later lines the regex also sees
    std::vector<std::string> literals;  // prefilter: every match contains one of them
    // Optional prefilter expression used instead of the literals, for a
    // pattern whose literal would hit far too many lines (a zero exit status
    // on every trace line): every match of `regex` must also match it.
    std::string prefilter;
    std::string regex;   // RE2 syntax; named groups listed in docs/patterns.md
    std::string origin;  // "FILE:LINE" of the section header
};

// Multi-line records (MQ, Db2, z/OS traces) are matched by letting a
// pattern see a few lines around the line holding its literal.
constexpr int kMaxContextLines = 12;

// One problem in a pattern file, printed as "FILE:LINE: reason".
struct PatternProblem {
    std::string file;
    int line = 0;
    std::string reason;
    std::string to_string() const;
};

class PatternError : public std::runtime_error {
  public:
    explicit PatternError(std::vector<PatternProblem> problems);
    const std::vector<PatternProblem>& problems() const { return problems_; }

  private:
    std::vector<PatternProblem> problems_;
};

// Parses one pattern file's text. `file` names it in origins and problems.
// Throws PatternError listing every problem found (syntax, missing or unknown
// keys, bad values, RE2 compile errors, missing `code` group).
std::vector<PatternDef> parse_patterns(std::string_view text, const std::string& file);

// Reads a pattern file, or every *.ini file of a directory in name order.
std::vector<PatternDef> load_pattern_path(const std::string& path);

// The patterns compiled into the binary (from patterns/*.ini at build time).
std::vector<PatternDef> builtin_patterns();

// Adds `extra` to `base`: a definition whose id exists replaces it in place,
// a new id is appended.
void merge_patterns(std::vector<PatternDef>& base, std::vector<PatternDef> extra);

}  // namespace alertscan
