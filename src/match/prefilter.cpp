#include "match/prefilter.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace alertscan {

Prefilter::Prefilter(std::vector<std::string> literals) : literals_(std::move(literals)) {
    assert(literals_.size() <= kMaxLiterals);
}

void Prefilter::find(std::string_view text, std::vector<CandidateLine>& out) const {
    out.clear();
    const char* base = text.data();
    for (std::size_t i = 0; i < literals_.size(); ++i) {
        const std::string& literal = literals_[i];
        std::size_t pos = 0;
        while (pos < text.size()) {
            const void* hit = memmem(base + pos, text.size() - pos, literal.data(), literal.size());
            if (!hit) break;
            std::size_t at = static_cast<const char*>(hit) - base;
            const void* before = memrchr(base, '\n', at);
            const void* after = std::memchr(base + at, '\n', text.size() - at);
            CandidateLine line;
            line.begin = before ? static_cast<const char*>(before) - base + 1 : 0;
            line.end = after ? static_cast<const char*>(after) - base : text.size();
            line.literals = std::uint64_t{1} << i;
            out.push_back(line);
            pos = line.end + 1;  // the rest of this line is already a candidate
        }
    }
    if (literals_.size() < 2) return;
    // Lines found through several literals appear once per literal: merge.
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
