#include "match/matcher.hpp"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "formats/line_context.hpp"
#include "util/count_newlines.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

// A match longer than this is cut off in the hit's text (the line itself can
// be far longer; the hit only needs to show what matched).
constexpr std::size_t kMaxMatchText = 2048;

int group_index(const RE2& re, const std::string& name) {
    const auto& groups = re.NamedCapturingGroups();
    auto it = groups.find(name);
    return it == groups.end() ? -1 : it->second;
}

}  // namespace

struct Matcher::Compiled {
    const PatternDef* def;
    std::unique_ptr<RE2> re;
    std::uint64_t literal_mask = 0;
    int code = -1, peer = -1, state = -1, dir = -1, host = -1;
};

struct Matcher::LineMatch {
    const Compiled* pattern;
    std::vector<re2::StringPiece> groups;  // [0] is the whole match
};

std::vector<std::string> distinct_literals(const std::vector<PatternDef>& patterns) {
    std::vector<std::string> literals;
    for (const PatternDef& def : patterns) {
        for (const std::string& literal : def.literals) {
            if (std::find(literals.begin(), literals.end(), literal) == literals.end()) {
                literals.push_back(literal);
            }
        }
    }
    return literals;
}

Matcher::Matcher(const std::vector<PatternDef>& patterns)
    : prefilter_(distinct_literals(patterns)) {
    const auto& literals = prefilter_.literals();
    for (const PatternDef& def : patterns) {
        auto compiled = std::make_unique<Compiled>();
        compiled->def = &def;
        RE2::Options options;
        options.set_log_errors(false);
        compiled->re = std::make_unique<RE2>(def.regex, options);
        for (const std::string& literal : def.literals) {
            auto at = std::find(literals.begin(), literals.end(), literal) - literals.begin();
            compiled->literal_mask |= std::uint64_t{1} << at;
        }
        compiled->code = group_index(*compiled->re, "code");
        compiled->peer = group_index(*compiled->re, "peer");
        compiled->state = group_index(*compiled->re, "state");
        compiled->dir = group_index(*compiled->re, "dir");
        compiled->host = group_index(*compiled->re, "host");
        compiled_.push_back(std::move(compiled));
    }
}

Matcher::~Matcher() = default;

void Matcher::match_line(std::string_view line, std::uint64_t literals,
                         std::vector<LineMatch>& out) const {
    re2::StringPiece text(line.data(), line.size());
    for (const auto& pattern : compiled_) {
        if (!(pattern->literal_mask & literals)) continue;
        const int group_count = pattern->re->NumberOfCapturingGroups() + 1;
        std::size_t pos = 0;
        while (pos <= text.size()) {
            LineMatch match{pattern.get(), std::vector<re2::StringPiece>(group_count)};
            if (!pattern->re->Match(text, pos, text.size(), RE2::UNANCHORED, match.groups.data(),
                                    group_count)) {
                break;
            }
            const re2::StringPiece whole = match.groups[0];
            pos = whole.data() - text.data() + std::max<std::size_t>(whole.size(), 1);
            out.push_back(std::move(match));
        }
    }
    // Input order, and one hit per stretch of text: when two patterns claim
    // overlapping text, the earlier-starting (then the earlier-defined) wins.
    std::stable_sort(out.begin(), out.end(), [](const LineMatch& a, const LineMatch& b) {
        return a.groups[0].data() < b.groups[0].data();
    });
    const char* covered_until = nullptr;
    auto overlaps = [&](const LineMatch& m) {
        bool overlap = covered_until && m.groups[0].data() < covered_until;
        if (!overlap) covered_until = m.groups[0].data() + m.groups[0].size();
        return overlap;
    };
    out.erase(std::remove_if(out.begin(), out.end(), overlaps), out.end());
}

Hit Matcher::make_hit(const LineMatch& match, std::string_view line, bool line_is_whole) const {
    const Compiled& pattern = *match.pattern;
    const PatternDef& def = *pattern.def;
    auto group = [&](int index) -> std::string_view {
        if (index < 0 || match.groups[index].data() == nullptr) return {};
        return std::string_view(match.groups[index].data(), match.groups[index].size());
    };
    Hit hit;
    hit.source = def.source;
    hit.pattern_id = def.id;
    hit.event_id = def.event_id;
    hit.level = def.level;
    // Range-checked before narrowing: 4294967342 must not wrap to 46.
    const auto code = parse_int(group(pattern.code), def.base);
    hit.code = code && *code <= 255 ? static_cast<int>(*code) : -1;
    hit.direction = def.direction;
    if (def.direction_from_capture) {
        std::string_view dir = group(pattern.dir);
        hit.direction = iequals(dir, def.received_if) ? Direction::Received
                        : iequals(dir, def.sent_if)   ? Direction::Sent
                                                      : Direction::Unknown;
    }
    hit.peer = printable_utf8(group(pattern.peer));
    if (auto state = parse_int(group(pattern.state), 10)) hit.error_state = *state;
    std::string_view whole = group(0);
    hit.match = printable_utf8(whole.substr(0, kMaxMatchText));
    if (line_is_whole) {
        LineContext context =
            read_line_context(line.substr(0, static_cast<std::size_t>(whole.data() - line.data())));
        hit.timestamp = std::move(context.timestamp);
        hit.host = std::move(context.host);
    }
    if (!group(pattern.host).empty()) hit.host = printable_utf8(group(pattern.host));
    return hit;
}

void Matcher::scan(const Chunk& chunk, const std::string& file, HitSink& sink) {
    prefilter_.find(chunk.text, candidates_);
    std::uint64_t line_number = chunk.first_line;
    std::size_t counted_until = 0;  // line_number is the line of text[counted_until]
    std::vector<LineMatch> matches;
    for (const CandidateLine& candidate : candidates_) {
        if (candidate.begin >= chunk.report_limit) break;
        line_number +=
            count_newlines(chunk.text.data() + counted_until, candidate.begin - counted_until);
        counted_until = candidate.begin;
        std::string_view line = chunk.text.substr(candidate.begin, candidate.end - candidate.begin);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        matches.clear();
        match_line(line, candidate.literals, matches);
        const bool line_is_whole = candidate.begin > 0 || chunk.starts_line;
        for (const LineMatch& match : matches) {
            const std::size_t at = match.groups[0].data() - chunk.text.data();
            if (at >= chunk.report_limit) break;  // the next piece reports it
            Hit hit = make_hit(match, line, line_is_whole);
            if (hit.code < 0 || hit.code > 255) {
                spdlog::debug("{}:{}: pattern {} matched, but {} is not a TLS alert value", file,
                              line_number, hit.pattern_id, hit.match);
                continue;
            }
            hit.file = file;
            hit.line = line_number;
            hit.offset = chunk.offset + at;
            sink.on_hit(hit);
        }
    }
}

}  // namespace alertscan
