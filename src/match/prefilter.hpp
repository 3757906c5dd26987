// The literal prefilter: finds the few lines of a buffer where a pattern
// could match, so the regex engine never sees the rest.
//
// Every pattern declares literals that each of its matches contains. The
// prefilter searches the whole buffer for the literals (memmem, which glibc
// vectorizes), and reports each line holding at least one of them, with a
// bit set per literal found, in line order. Literals that share a long
// prefix ("fatal alert was received", "fatal alert was generated") are found
// with one search for the prefix, then told apart on the few lines it hits:
// one pass over the buffer instead of one per literal. Its interface is
// what the matcher depends on; a multi-literal SIMD engine can replace the
// inside without touching the callers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace alertscan {

struct CandidateLine {
    std::size_t begin = 0;       // index of the first byte of the line in the buffer
    std::size_t end = 0;         // index of its '\n' (or the buffer's end)
    std::uint64_t literals = 0;  // bit i set: literal i occurs on the line
};

class Prefilter {
  public:
    static constexpr std::size_t kMaxLiterals = 64;

    // Precondition: at most kMaxLiterals distinct, non-empty literals.
    explicit Prefilter(std::vector<std::string> literals);

    const std::vector<std::string>& literals() const { return literals_; }

    // Replaces `out` with the candidate lines of `text`, sorted by position.
    void find(std::string_view text, std::vector<CandidateLine>& out) const;

  private:
    // One memmem pass: `needle` is a literal, or the prefix shared by all
    // the literals in `literals`.
    struct Search {
        std::string needle;
        std::uint64_t literals = 0;
    };

    std::uint64_t literals_on(std::string_view line, const Search& search) const;

    std::vector<std::string> literals_;
    std::vector<Search> searches_;
};

}  // namespace alertscan
