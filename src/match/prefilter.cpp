#include "match/prefilter.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

namespace alertscan {

namespace {

// Shorter shared prefixes would hit too many lines to be worth sharing.
constexpr std::size_t kMinSharedPrefix = 8;

std::size_t common_prefix(std::string_view a, std::string_view b) {
    return std::mismatch(a.begin(), a.begin() + std::min(a.size(), b.size()), b.begin()).first -
           a.begin();
}

}  // namespace

Prefilter::Prefilter(std::vector<std::string> literals) : literals_(std::move(literals)) {
    assert(literals_.size() <= kMaxLiterals);
    for (std::size_t i = 0; i < literals_.size(); ++i) {
        const std::uint64_t bit = std::uint64_t{1} << i;
        auto shares = [&](const Search& search) {
            return common_prefix(search.needle, literals_[i]) >= kMinSharedPrefix;
        };
        auto it = std::find_if(searches_.begin(), searches_.end(), shares);
        if (it == searches_.end()) {
            searches_.push_back({literals_[i], bit});
        } else {
            it->needle.resize(common_prefix(it->needle, literals_[i]));
            it->literals |= bit;
        }
    }
}

std::uint64_t Prefilter::literals_on(std::string_view line, const Search& search) const {
    if (std::has_single_bit(search.literals) &&
        literals_[std::countr_zero(search.literals)].size() == search.needle.size()) {
        return search.literals;  // the needle is the literal itself
    }
    std::uint64_t found = 0;
    for (std::size_t i = 0; i < literals_.size(); ++i) {
        const std::uint64_t bit = std::uint64_t{1} << i;
        if ((search.literals & bit) && line.find(literals_[i]) != std::string_view::npos) {
            found |= bit;
        }
    }
    return found;
}

void Prefilter::find(std::string_view text, std::vector<CandidateLine>& out) const {
    out.clear();
    const char* base = text.data();
    for (const Search& search : searches_) {
        const std::string& needle = search.needle;
        std::size_t pos = 0;
        while (pos < text.size()) {
            const void* hit = memmem(base + pos, text.size() - pos, needle.data(), needle.size());
            if (!hit) break;
            std::size_t at = static_cast<const char*>(hit) - base;
            const void* before = memrchr(base, '\n', at);
            const void* after = std::memchr(base + at, '\n', text.size() - at);
            CandidateLine line;
            line.begin = before ? static_cast<const char*>(before) - base + 1 : 0;
            line.end = after ? static_cast<const char*>(after) - base : text.size();
            line.literals = literals_on(text.substr(line.begin, line.end - line.begin), search);
            if (line.literals != 0) out.push_back(line);
            pos = line.end + 1;  // the rest of this line is already decided
        }
    }
    if (searches_.size() < 2) return;
    // Lines found through several searches appear once per search: merge.
    std::sort(out.begin(), out.end(),
              [](const CandidateLine& a, const CandidateLine& b) { return a.begin < b.begin; });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (kept > 0 && out[kept - 1].begin == out[i].begin) {
            out[kept - 1].literals |= out[i].literals;
        } else {
            out[kept++] = out[i];
        }
    }
    out.resize(kept);
}

}  // namespace alertscan
