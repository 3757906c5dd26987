#include "match/matcher.hpp"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "catalog/gskit_codes.hpp"
#include "formats/line_context.hpp"
#include "match/regex_options.hpp"
#include "util/count_newlines.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

// A match longer than this is cut off in the hit's text (the line itself can
// be far longer; the hit only needs to show what matched).
constexpr std::size_t kMaxMatchText = 2048;

// Look-behind and look-ahead the chunks carry when a pattern reads lines
// around its literal; records longer than this are seen in part.
constexpr std::size_t kContextBytes = 16 * 1024;

int group_index(const RE2& re, const std::string& name) {
    const auto& groups = re.NamedCapturingGroups();
    auto it = groups.find(name);
    return it == groups.end() ? -1 : it->second;
}

// [begin, end) of `text` widened from a line by `before` lines back and
// `after` lines forward, as far as the text goes.
std::pair<std::size_t, std::size_t> widen(std::string_view text, std::size_t begin, std::size_t end,
                                          int before, int after) {
    for (; before > 0 && begin > 0; --before) {
        const void* nl = memrchr(text.data(), '\n', begin - 1);
        begin = nl ? static_cast<const char*>(nl) - text.data() + 1 : 0;
    }
    for (; after > 0 && end < text.size(); --after) {
        const void* nl = std::memchr(text.data() + end + 1, '\n', text.size() - end - 1);
        end = nl ? static_cast<const char*>(nl) - text.data() : text.size();
    }
    return {begin, end};
}

}  // namespace

struct Matcher::Compiled {
    const PatternDef* def;
    std::unique_ptr<RE2> re;
    std::size_t probe = 0;  // its bit in CandidateLine::probes
    int code = -1, name = -1, hex = -1, lvl = -1, val = -1, valname = -1;
    int peer = -1, state = -1, dir = -1, host = -1, channel = -1;
    std::uint64_t reported_until = 0;  // multi-line patterns: input offset reported up to
};

struct Matcher::Match {
    Compiled* pattern;
    std::vector<re2::StringPiece> groups;  // [0] is the whole match
    std::uint64_t line = 0;                // line number of the match's start
};

std::vector<Probe> prefilter_probes(const std::vector<PatternDef>& patterns) {
    std::vector<Probe> probes;
    for (const PatternDef& def : patterns) {
        // Literals: Hyperscan finds any number of them in one pass, and far
        // faster than it runs the patterns' own regexes (measured).
        probes.push_back({def.prefilter, def.literals});
    }
    return probes;
}

Matcher::Matcher(const std::vector<PatternDef>& patterns) : patterns_(patterns) {
    for (const PatternDef& def : patterns_) {
        if (def.lines_before > 0 || def.lines_after > 0) context_bytes_ = kContextBytes;
    }
}

void Matcher::compile() {
    prefilter_ = std::make_unique<Prefilter>(prefilter_probes(patterns_));
    for (const PatternDef& def : patterns_) {
        auto compiled = std::make_unique<Compiled>();
        compiled->def = &def;
        compiled->re = std::make_unique<RE2>(def.regex, regex_options());
        if (!compiled->re->ok()) {
            // Validation compiles with the same options, so only definitions
            // that bypassed it get here.
            throw PatternError({{def.origin, 0, "bad regex: " + compile_error(*compiled->re)}});
        }
        compiled->probe = compiled_.size();
        const RE2& re = *compiled->re;
        compiled->code = group_index(re, "code");
        compiled->name = group_index(re, "name");
        compiled->hex = group_index(re, "hex");
        compiled->lvl = group_index(re, "lvl");
        compiled->val = group_index(re, "val");
        compiled->valname = group_index(re, "valname");
        compiled->peer = group_index(re, "peer");
        compiled->state = group_index(re, "state");
        compiled->dir = group_index(re, "dir");
        compiled->host = group_index(re, "host");
        compiled->channel = group_index(re, "channel");
        compiled_.push_back(std::move(compiled));
    }
}

Matcher::~Matcher() = default;

bool Matcher::find_with_captures(const RE2& re, re2::StringPiece subject, std::size_t from,
                                 int group_count) {
    // Two steps: RE2's DFAs find where the leftmost match lies, then the
    // captures are taken from exactly that span, anchored at both ends (the
    // preferred parse from its start ends there, so they are the same
    // captures). Asked for captures in one call, RE2 runs its capture engine
    // unanchored over the rest of the line: 844 ns instead of 680 for a
    // GSKit exit-status line (measured), and a trace has one every hundred
    // lines. The subject stays the context for \b, ^ and $.
    if (!re.Match(subject, from, subject.size(), RE2::UNANCHORED, groups_.data(), 1)) return false;
    if (group_count == 1) return true;
    const std::size_t begin = groups_[0].data() - subject.data();
    return re.Match(subject, begin, begin + groups_[0].size(), RE2::ANCHOR_BOTH, groups_.data(),
                    group_count);
}

void Matcher::match_candidate(const Chunk& chunk, const CandidateLine& candidate,
                              std::vector<Match>& out) {
    const std::string_view text = chunk.text;
    for (auto& pattern : compiled_) {
        if (!candidate.probes.test(pattern->probe)) continue;
        const PatternDef& def = *pattern->def;
        auto [begin, end] =
            widen(text, candidate.begin, candidate.end, def.lines_before, def.lines_after);
        if (end > begin && text[end - 1] == '\r') --end;
        const re2::StringPiece subject(text.data() + begin, end - begin);
        const int group_count = pattern->re->NumberOfCapturingGroups() + 1;
        // RE2 fills a reused array; a Match (with its own copy) is made only
        // for a match, not for every try.
        groups_.resize(static_cast<std::size_t>(group_count));
        std::size_t pos = 0;
        while (pos <= subject.size()) {
            if (!find_with_captures(*pattern->re, subject, pos, group_count)) break;
            const re2::StringPiece whole = groups_[0];
            pos = whole.data() - subject.data() + std::max<std::size_t>(whole.size(), 1);
            out.push_back(Match{pattern.get(), groups_, 0});
        }
    }
    // Input order, and one hit per stretch of text: when two patterns claim
    // overlapping text, the earlier-starting (then the earlier-defined) wins.
    std::stable_sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        return a.groups[0].data() < b.groups[0].data();
    });
    const char* covered_until = nullptr;
    auto overlaps = [&](const Match& m) {
        bool overlap = covered_until && m.groups[0].data() < covered_until;
        if (!overlap) covered_until = m.groups[0].data() + m.groups[0].size();
        return overlap;
    };
    out.erase(std::remove_if(out.begin(), out.end(), overlaps), out.end());
}

std::optional<Hit> Matcher::make_hit(const Match& match, const Chunk& chunk) const {
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
    hit.kind = def.kind;
    hit.level = def.level;
    hit.gsk_name = std::string(group(pattern.name));

    std::optional<std::int64_t> code = parse_int(group(pattern.code), def.base);
    if (def.kind == HitKind::GskitReturnCode) {
        hit.gsk_table = def.gsk_table;
        if (!code && !hit.gsk_name.empty()) {
            auto info = catalog::find_gsk_code(hit.gsk_name);
            code = info ? info->code : -1;  // named, but no table gives its number
        }
    }
    if (!code) return std::nullopt;
    if (!group(pattern.hex).empty() && parse_int(group(pattern.hex), 16) != code) {
        return std::nullopt;  // the line's hex and decimal disagree: not what we think it is
    }
    if (def.kind == HitKind::Alert && *code > 255) return std::nullopt;
    if (def.kind == HitKind::GskitReturnCode && *code == 0) return std::nullopt;  // GSK_OK
    if (*code < 0 && hit.gsk_name.empty()) return std::nullopt;
    hit.code = *code;

    if (auto level = parse_int(group(pattern.lvl), 16)) {
        hit.level = *level == 1   ? AlertLevel::Warning
                    : *level == 2 ? AlertLevel::Fatal
                                  : AlertLevel::Unknown;
    }
    hit.direction = def.direction;
    if (def.direction_from_capture) {
        std::string_view dir = group(pattern.dir);
        hit.direction = iequals(dir, def.received_if) ? Direction::Received
                        : iequals(dir, def.sent_if)   ? Direction::Sent
                                                      : Direction::Unknown;
    }
    hit.peer = printable_utf8(group(pattern.peer));
    hit.channel = printable_utf8(group(pattern.channel));
    if (auto state = parse_int(group(pattern.state), 10)) hit.error_state = *state;
    if (auto val = parse_int(group(pattern.val), 10)) hit.validation_code = *val;
    hit.validation_name = std::string(group(pattern.valname));

    const std::string_view whole = group(0);
    // A multi-line record's text reads as one line.
    std::string text(whole.substr(0, kMaxMatchText));
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    hit.match = printable_utf8(text);
    // Timestamp and host come from the start of the line the match starts on.
    const std::size_t at = whole.data() - chunk.text.data();
    const void* nl = memrchr(chunk.text.data(), '\n', at);
    const std::size_t line_begin = nl ? static_cast<const char*>(nl) - chunk.text.data() + 1 : 0;
    if (nl || chunk.starts_line) {
        LineContext context = read_line_context(chunk.text.substr(line_begin, at - line_begin));
        hit.timestamp = std::move(context.timestamp);
        hit.host = std::move(context.host);
    }
    if (!group(pattern.host).empty()) hit.host = printable_utf8(group(pattern.host));
    return hit;
}

void Matcher::begin_input() {
    for (auto& pattern : compiled_) pattern->reported_until = 0;
}

void Matcher::scan(const Chunk& chunk, const std::string& file, HitSink& sink) {
    if (!prefilter_) compile();
    if (chunk.offset == 0) begin_input();  // a new input: forget the last one's records
    prefilter_->find(chunk.text, candidates_);
    NewlineCounter* newlines = chunk.newlines;
    if (newlines == nullptr) {
        own_newlines_.reset(chunk.text.data());
        newlines = &own_newlines_;
    }
    std::vector<Match> matches;
    for (const CandidateLine& candidate : candidates_) {
        if (candidate.begin < chunk.report_from) continue;
        if (candidate.begin >= chunk.report_limit) break;
        const std::uint64_t line_number = chunk.first_line + newlines->before(candidate.begin);
        matches.clear();
        match_candidate(chunk, candidate, matches);
        for (Match& match : matches) {
            const std::size_t at = match.groups[0].data() - chunk.text.data();
            const std::uint64_t offset = chunk.offset + at;
            Compiled& pattern = *match.pattern;
            if (pattern.def->lines_before == 0 && pattern.def->lines_after == 0) {
                if (at >= chunk.report_limit) continue;  // the next piece reports it
            } else {
                // In the overlap of a long line's piece, the match may be cut
                // short at the piece's end: the next piece reports it whole.
                if (at >= chunk.report_limit && chunk.text.back() != '\n') continue;
                // A record is seen from each of its lines that holds the
                // literal, and again from the next chunk's look-behind.
                if (offset < pattern.reported_until) continue;
                pattern.reported_until = offset + std::max<std::size_t>(match.groups[0].size(), 1);
            }
            std::optional<Hit> hit = make_hit(match, chunk);
            if (!hit) {
                spdlog::debug(
                    "{}: pattern {} matched '{}' but dropped it: a value out of range, "
                    "a success code, or hex and decimal that disagree",
                    file, match.pattern->def->id, printable_utf8(match.groups[0]));
                continue;
            }
            hit->file = file;
            hit->line =
                at < candidate.begin
                    ? line_number - count_newlines(chunk.text.data() + at, candidate.begin - at)
                    : line_number +
                          count_newlines(chunk.text.data() + candidate.begin, at - candidate.begin);
            hit->offset = offset;
            sink.take_hit(std::move(*hit));
        }
    }
}

}  // namespace alertscan
