#include "match/prefilter.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace alertscan {
namespace {

// A literal as a Hyperscan expression: every byte that is not a letter or a
// digit is escaped as \xHH.
std::string escape_literal(std::string_view literal) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : literal) {
        if (std::isalnum(c)) {
            out.push_back(static_cast<char>(c));
        } else {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

// RE2 spells named groups (?P<name>...); Hyperscan wants them plain: its
// matches carry no captures anyway.
std::string for_hyperscan(const std::string& regex) {
    std::string out;
    for (std::size_t i = 0; i < regex.size(); ++i) {
        if (regex[i] == '\\' && i + 1 < regex.size()) {
            out += regex.substr(i, 2);
            ++i;
        } else if (regex.compare(i, 4, "(?P<") == 0) {
            const std::size_t close = regex.find('>', i);
            out += "(";
            i = close == std::string::npos ? i : close;
        } else {
            out.push_back(regex[i]);
        }
    }
    return out;
}

bool compiles(const std::string& expression, unsigned flags) {
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile(expression.c_str(), flags, HS_MODE_BLOCK, nullptr, &database, &error) !=
        HS_SUCCESS) {
        hs_free_compile_error(error);
        return false;
    }
    hs_free_database(database);
    return true;
}

struct ScanState {
    std::string_view text;
    std::vector<CandidateLine>* out;
};

}  // namespace

struct Prefilter::Database {
    hs_database_t* database = nullptr;
    hs_scratch_t* scratch = nullptr;
    ~Database() {
        hs_free_scratch(scratch);
        hs_free_database(database);
    }
};

Prefilter::Prefilter(const std::vector<Probe>& probes) : database_(std::make_unique<Database>()) {
    if (probes.size() > kMaxProbes) {
        throw std::runtime_error("too many patterns: at most " + std::to_string(kMaxProbes));
    }
    std::vector<std::string> expressions;
    std::vector<unsigned> flags, ids;
    constexpr unsigned kRegexFlags = HS_FLAG_PREFILTER | HS_FLAG_ALLOWEMPTY;
    constexpr unsigned kLiteralFlags = 0;
    for (std::size_t id = 0; id < probes.size(); ++id) {
        const Probe& probe = probes[id];
        const std::string regex = probe.regex.empty() ? "" : for_hyperscan(probe.regex);
        if (!regex.empty() && compiles(regex, kRegexFlags)) {
            expressions.push_back(regex);
            flags.push_back(kRegexFlags);
            ids.push_back(static_cast<unsigned>(id));
            kinds_.push_back("regex");
            continue;
        }
        if (probe.literals.empty()) {
            throw std::runtime_error("pattern " + std::to_string(id) + " has no usable probe");
        }
        for (const std::string& literal : probe.literals) {
            expressions.push_back(escape_literal(literal));
            flags.push_back(kLiteralFlags);
            ids.push_back(static_cast<unsigned>(id));
        }
        kinds_.push_back("literals");
    }
    if (expressions.empty()) return;
    std::vector<const char*> pointers;
    for (const std::string& expression : expressions) pointers.push_back(expression.c_str());
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(pointers.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(pointers.size()), HS_MODE_BLOCK, nullptr,
                         &database_->database, &error) != HS_SUCCESS) {
        std::string message = error && error->message ? error->message : "unknown error";
        hs_free_compile_error(error);
        throw std::runtime_error("cannot build the prefilter: " + message);
    }
    if (hs_alloc_scratch(database_->database, &database_->scratch) != HS_SUCCESS) {
        throw std::runtime_error("cannot allocate prefilter scratch space");
    }
}

Prefilter::~Prefilter() = default;

void Prefilter::find(std::string_view text, std::vector<CandidateLine>& out) {
    out.clear();
    if (!database_->database || text.empty()) return;
    ScanState state{text, &out};
    auto on_match = [](unsigned int id, unsigned long long, unsigned long long to, unsigned int,
                       void* context) -> int {
        auto& s = *static_cast<ScanState*>(context);
        // The line holding the match's last byte (a match that ends with the
        // line's newline belongs to that line).
        std::size_t at = to == 0 ? 0 : static_cast<std::size_t>(to - 1);
        if (at > 0 && s.text[at] == '\n') --at;
        std::vector<CandidateLine>& lines = *s.out;
        if (!lines.empty() && at >= lines.back().begin && at <= lines.back().end) {
            lines.back().probes.set(id);
            return 0;
        }
        const char* base = s.text.data();
        const void* before = memrchr(base, '\n', at);
        const void* after = std::memchr(base + at, '\n', s.text.size() - at);
        CandidateLine line;
        line.begin = before ? static_cast<const char*>(before) - base + 1 : 0;
        line.end = after ? static_cast<const char*>(after) - base : s.text.size();
        line.probes.set(id);
        lines.push_back(line);
        return 0;
    };
    hs_scan(database_->database, text.data(), static_cast<unsigned>(text.size()), 0,
            database_->scratch, on_match, &state);
    // Matches come in end-offset order, so lines are mostly in order already;
    // a line can still appear twice when its matches were interleaved with
    // another line's (long matches of multi-line probes).
    std::stable_sort(out.begin(), out.end(), [](const CandidateLine& a, const CandidateLine& b) {
        return a.begin < b.begin;
    });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (kept > 0 && out[kept - 1].begin == out[i].begin) {
            out[kept - 1].probes |= out[i].probes;
        } else {
            out[kept++] = out[i];
        }
    }
    out.resize(kept);
}

}  // namespace alertscan
