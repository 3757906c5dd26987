// The pattern file loader.
//
// Format (docs/patterns.md): INI-style sections, one per pattern.
//   # comment            ; comment
//   [pattern.id]
//   key = value          (`literal` may repeat; every other key at most once)
// The parser is hand-written rather than Boost's INI reader because every
// problem must be reported as FILE:LINE, including semantic ones (a bad
// direction, an RE2 compile error) that Boost's parser cannot place.

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "match/pattern.hpp"
#include "match/regex_options.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

const std::set<std::string, std::less<>> kKnownKeys = {
    "description",  "source",      "event",   "direction", "received_if",
    "sent_if",      "level",       "kind",    "table",     "base",
    "lines_before", "lines_after", "literal", "regex",     "prefilter"};
const std::set<std::string, std::less<>> kKnownGroups = {
    "code", "name", "hex", "lvl", "val", "valname", "peer", "state", "dir", "host", "channel"};

struct RawValue {
    std::string value;
    int line = 0;
};

struct RawSection {
    std::string id;
    int line = 0;
    std::multimap<std::string, RawValue, std::less<>> values;
};

class SectionChecker {
  public:
    SectionChecker(const RawSection& section, const std::string& file,
                   std::vector<PatternProblem>& problems)
        : section_(section), file_(file), problems_(problems) {}

    PatternDef build() {
        PatternDef def;
        def.id = section_.id;
        def.origin = file_ + ":" + std::to_string(section_.line);
        def.description = optional("description");
        def.source = required("source");
        def.event_id = event_id();
        read_direction(def);
        def.level = level();
        read_kind(def);
        def.base = base();
        def.lines_before = context_lines("lines_before");
        def.lines_after = context_lines("lines_after");
        for (auto [it, end] = section_.values.equal_range("literal"); it != end; ++it) {
            if (it->second.value.empty()) {
                problem(it->second.line, "literal must not be empty");
            }
            def.literals.push_back(it->second.value);
        }
        if (def.literals.empty()) problem(section_.line, "missing key 'literal'");
        def.regex = required("regex");
        def.prefilter = optional("prefilter");
        if (!def.prefilter.empty()) check_prefilter(def);
        if (!def.regex.empty()) check_regex(def);
        return def;
    }

  private:
    const RawValue* find(std::string_view key) {
        auto range = section_.values.equal_range(key);
        if (range.first == range.second) return nullptr;
        if (std::next(range.first) != range.second && key != "literal") {
            problem(std::next(range.first)->second.line, "key '" + std::string(key) + "' repeated");
        }
        return &range.first->second;
    }
    std::string optional(std::string_view key) {
        const RawValue* v = find(key);
        return v ? v->value : std::string();
    }
    std::string required(std::string_view key) {
        const RawValue* v = find(key);
        if (!v) {
            problem(section_.line, "missing key '" + std::string(key) + "'");
            return {};
        }
        if (v->value.empty()) problem(v->line, "key '" + std::string(key) + "' is empty");
        return v->value;
    }
    std::optional<int> event_id() {
        const RawValue* v = find("event");
        if (!v) return std::nullopt;
        auto n = parse_int(v->value, 10);
        if (!n || *n < 0 || *n > 65535) {
            problem(v->line, "event must be a number from 0 to 65535, not '" + v->value + "'");
            return std::nullopt;
        }
        return static_cast<int>(*n);
    }
    void read_direction(PatternDef& def) {
        const RawValue* v = find("direction");
        if (!v) {
            problem(section_.line, "missing key 'direction'");
            return;
        }
        if (v->value == "received") {
            def.direction = Direction::Received;
        } else if (v->value == "sent") {
            def.direction = Direction::Sent;
        } else if (v->value == "unknown") {
            def.direction = Direction::Unknown;
        } else if (v->value == "capture") {
            def.direction_from_capture = true;
            def.received_if = required("received_if");
            def.sent_if = required("sent_if");
        } else {
            problem(v->line,
                    "direction must be received, sent, unknown or capture, not '" + v->value + "'");
        }
    }
    AlertLevel level() {
        const RawValue* v = find("level");
        if (!v || v->value == "unknown") return AlertLevel::Unknown;
        if (v->value == "fatal") return AlertLevel::Fatal;
        if (v->value == "warning") return AlertLevel::Warning;
        problem(v->line, "level must be fatal, warning or unknown, not '" + v->value + "'");
        return AlertLevel::Unknown;
    }
    void read_kind(PatternDef& def) {
        const RawValue* kind = find("kind");
        if (kind && kind->value == "gskit_rc") {
            def.kind = HitKind::GskitReturnCode;
        } else if (kind && kind->value != "alert") {
            problem(kind->line, "kind must be alert or gskit_rc, not '" + kind->value + "'");
        }
        const RawValue* table = find("table");
        if (!table) return;
        if (def.kind != HitKind::GskitReturnCode) {
            problem(table->line, "table applies only to kind = gskit_rc");
        } else if (table->value == "distributed" || table->value == "zos") {
            def.gsk_table = table->value;
        } else {
            problem(table->line, "table must be distributed or zos, not '" + table->value + "'");
        }
    }
    int context_lines(std::string_view key) {
        const RawValue* v = find(key);
        if (!v) return 0;
        auto n = parse_int(v->value, 10);
        if (!n || *n > kMaxContextLines) {
            problem(v->line, std::string(key) + " must be a number from 0 to " +
                                 std::to_string(kMaxContextLines) + ", not '" + v->value + "'");
            return 0;
        }
        return static_cast<int>(*n);
    }
    int base() {
        const RawValue* v = find("base");
        if (!v || v->value == "10") return 10;
        if (v->value == "16") return 16;
        problem(v->line, "base must be 10 or 16, not '" + v->value + "'");
        return 10;
    }
    void check_prefilter(const PatternDef& def) {
        RE2 re(def.prefilter, regex_options());
        if (!re.ok()) problem(find("prefilter")->line, "bad prefilter: " + compile_error(re));
    }
    void check_regex(const PatternDef& def) {
        // Not find(): required() has already reported a repeated key.
        const RawValue* v = &section_.values.lower_bound("regex")->second;
        RE2 re(def.regex, regex_options());
        if (!re.ok()) {
            problem(v->line, "bad regex: " + compile_error(re));
            return;
        }
        const auto& groups = re.NamedCapturingGroups();
        if (!groups.count("code") && !groups.count("name")) {
            problem(v->line, "regex has no (?P<code>...) or (?P<name>...) group");
        }
        if (def.direction_from_capture && !groups.count("dir")) {
            problem(v->line, "direction = capture needs a (?P<dir>...) group");
        }
        for (const auto& [name, index] : groups) {
            if (!kKnownGroups.count(name)) {
                problem(v->line, "unknown group name '" + name +
                                     "' (known: code, name, hex, lvl, val, valname, peer, "
                                     "state, dir, host, channel)");
            }
        }
    }
    void problem(int line, std::string reason) {
        problems_.push_back({file_, line, std::move(reason)});
    }

    const RawSection& section_;
    const std::string& file_;
    std::vector<PatternProblem>& problems_;
};

// Splits the text into sections; reports lines that are neither.
std::vector<RawSection> read_sections(std::string_view text, const std::string& file,
                                      std::vector<PatternProblem>& problems) {
    std::vector<RawSection> sections;
    int line_number = 0;
    for (std::string_view rest = text; !rest.empty() || line_number == 0;) {
        ++line_number;
        std::size_t eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        line = trim(line);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']' || trim(line.substr(1, line.size() - 2)).empty()) {
                problems.push_back({file, line_number, "malformed section header"});
                continue;
            }
            sections.push_back(
                {std::string(trim(line.substr(1, line.size() - 2))), line_number, {}});
            continue;
        }
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
            problems.push_back({file, line_number, "expected 'key = value' or '[pattern-id]'"});
            continue;
        }
        std::string key(trim(line.substr(0, eq)));
        if (sections.empty()) {
            problems.push_back(
                {file, line_number, "key '" + key + "' outside a [pattern] section"});
            continue;
        }
        if (!kKnownKeys.count(key)) {
            problems.push_back({file, line_number, "unknown key '" + key + "'"});
            continue;
        }
        sections.back().values.emplace(
            key, RawValue{std::string(trim(line.substr(eq + 1))), line_number});
    }
    return sections;
}

}  // namespace

std::string PatternProblem::to_string() const {
    if (line <= 0) return file + ": " + reason;
    return file + ":" + std::to_string(line) + ": " + reason;
}

PatternError::PatternError(std::vector<PatternProblem> problems)
    : std::runtime_error(problems.empty() ? "pattern error" : problems.front().to_string()),
      problems_(std::move(problems)) {}

std::vector<PatternDef> parse_patterns(std::string_view text, const std::string& file) {
    std::vector<PatternProblem> problems;
    std::vector<PatternDef> defs;
    std::set<std::string> seen_ids;
    for (const RawSection& section : read_sections(text, file, problems)) {
        if (!seen_ids.insert(section.id).second) {
            problems.push_back({file, section.line, "pattern id '" + section.id + "' repeated"});
            continue;
        }
        defs.push_back(SectionChecker(section, file, problems).build());
    }
    if (!problems.empty()) throw PatternError(std::move(problems));
    return defs;
}

std::vector<PatternDef> load_pattern_path(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(path, ec)) {
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            if (entry.path().extension() == ".ini") files.push_back(entry.path().string());
        }
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    std::vector<PatternDef> all;
    for (const std::string& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw PatternError({{file, 0, "cannot open: " + errno_message(errno)}});
        std::ostringstream text;
        text << in.rdbuf();
        merge_patterns(all, parse_patterns(text.str(), file));
    }
    return all;
}

void merge_patterns(std::vector<PatternDef>& base, std::vector<PatternDef> extra) {
    for (PatternDef& def : extra) {
        auto same_id = [&](const PatternDef& d) { return d.id == def.id; };
        auto it = std::find_if(base.begin(), base.end(), same_id);
        if (it != base.end()) {
            *it = std::move(def);
        } else {
            base.push_back(std::move(def));
        }
    }
}

}  // namespace alertscan
