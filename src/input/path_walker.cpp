#include "input/path_walker.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <set>
#include <utility>

namespace alertscan {
namespace fs = std::filesystem;

namespace {

// ---- Glob patterns ----------------------------------------------------------

// Brace expansion cannot multiply a pattern beyond this many alternatives.
constexpr std::size_t kMaxAlternatives = 4096;

// Decodes the UTF-8 character at s[i] into `cp`; returns its length in bytes.
// A byte that does not start a valid sequence is one character by itself.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
    auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    std::uint8_t b = byte(i);
    std::size_t len = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > s.size()) len = 1;
    char32_t value = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            cp = b;
            return 1;
        }
        value = value << 6 | (byte(i + k) & 0x3F);
    }
    cp = value;
    return len;
}

// The end of the character class opening at p[open] ('['): the index of its
// closing ']', or npos when it is not closed.
std::size_t class_end(std::string_view p, std::size_t open) {
    std::size_t j = open + 1;
    if (j < p.size() && (p[j] == '!' || p[j] == '^')) ++j;
    if (j < p.size() && p[j] == ']') ++j;  // "[]abc]": a leading ']' is literal
    while (j < p.size() && p[j] != ']') j += (p[j] == '\\' && j + 1 < p.size()) ? 2 : 1;
    return j < p.size() ? j : std::string_view::npos;
}

// Index after the pattern element starting at p[i] that braces and commas
// must step over: an escape or a whole character class.
std::size_t skip_quoted(std::string_view p, std::size_t i) {
    if (p[i] == '\\') return std::min(i + 2, p.size());
    if (p[i] == '[') {
        std::size_t end = class_end(p, i);
        if (end != std::string_view::npos) return end + 1;
    }
    return i + 1;
}

// The '}' closing the '{' at p[open], or npos.
std::size_t brace_end(std::string_view p, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < p.size();) {
        if (p[i] == '{') ++depth;
        if (p[i] == '}' && --depth == 0) return i;
        i = (p[i] == '{' || p[i] == '}') ? i + 1 : skip_quoted(p, i);
    }
    return std::string_view::npos;
}

void expand_braces(const std::string& pattern, std::vector<std::string>& out) {
    if (out.size() >= kMaxAlternatives) return;
    std::string_view p = pattern;
    for (std::size_t i = 0; i < p.size();) {
        if (p[i] != '{') {
            i = skip_quoted(p, i);
            continue;
        }
        std::size_t close = brace_end(p, i);
        if (close == std::string_view::npos) {
            ++i;  // an unclosed '{' is literal
            continue;
        }
        // Split the group at its top-level commas.
        std::vector<std::string_view> alternatives;
        std::size_t start = i + 1;
        int depth = 0;
        for (std::size_t k = i + 1; k < close;) {
            if (p[k] == '{') ++depth;
            if (p[k] == '}') --depth;
            if (p[k] == ',' && depth == 0) {
                alternatives.push_back(p.substr(start, k - start));
                start = k + 1;
            }
            k = (p[k] == '{' || p[k] == '}' || p[k] == ',') ? k + 1 : skip_quoted(p, k);
        }
        alternatives.push_back(p.substr(start, close - start));
        for (std::string_view alternative : alternatives) {
            std::string expanded(p.substr(0, i));
            expanded += alternative;
            expanded += p.substr(close + 1);
            expand_braces(expanded, out);
        }
        return;
    }
    out.push_back(pattern);
}

struct Token {
    enum Kind { Literal, AnyChar, Class, Star, DoubleStar, DirsPrefix };
    Kind kind = Literal;
    char literal = 0;
    bool negated = false;
    std::vector<std::pair<char32_t, char32_t>> ranges;
};

// One class member at p[j] (escaped or not): its code point, and the index
// after it.
std::size_t class_char(std::string_view p, std::size_t j, char32_t& cp) {
    if (p[j] == '\\' && j + 1 < p.size()) return j + 1 + decode_utf8(p, j + 1, cp);
    return j + decode_utf8(p, j, cp);
}

Token parse_class(std::string_view p, std::size_t open, std::size_t close) {
    Token token;
    token.kind = Token::Class;
    std::size_t j = open + 1;
    if (p[j] == '!' || p[j] == '^') {
        token.negated = true;
        ++j;
    }
    while (j < close) {
        char32_t low = 0;
        j = class_char(p, j, low);
        char32_t high = low;
        if (j + 1 < close && p[j] == '-') j = class_char(p, j + 1, high);
        token.ranges.emplace_back(low, high);
    }
    return token;
}

// A pattern without braces as a list of tokens.
std::vector<Token> tokenize(std::string_view p) {
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < p.size();) {
        Token token;
        char c = p[i];
        if (c == '\\' && i + 1 < p.size()) {
            token.literal = p[i + 1];
            i += 2;
        } else if (c == '*') {
            std::size_t stars = 0;
            bool segment_start = i == 0 || p[i - 1] == '/';
            while (i < p.size() && p[i] == '*') ++stars, ++i;
            if (stars == 1) {
                token.kind = Token::Star;
            } else if (segment_start && i < p.size() && p[i] == '/') {
                token.kind = Token::DirsPrefix;  // "**/": zero or more directories
                ++i;
            } else {
                token.kind = Token::DoubleStar;
            }
        } else if (c == '?') {
            token.kind = Token::AnyChar;
            ++i;
        } else if (std::size_t close = c == '[' ? class_end(p, i) : std::string_view::npos;
                   close != std::string_view::npos) {
            token = parse_class(p, i, close);
            i = close + 1;
        } else {
            token.literal = c;
            ++i;
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

class TokenMatcher {
  public:
    TokenMatcher(const std::vector<Token>& tokens, std::string_view text)
        : tokens_(tokens), text_(text), memo_((tokens.size() + 1) * (text.size() + 1), 0) {}

    bool matches() { return match(0, 0); }

  private:
    // Whether tokens_[t..] match text_[i..]. Memoized: a pattern with many
    // stars cannot take exponential time.
    bool match(std::size_t t, std::size_t i) {
        if (t == tokens_.size()) return i == text_.size();
        std::uint8_t& memo = memo_[t * (text_.size() + 1) + i];
        if (memo == 0) memo = compute(t, i) ? 2 : 1;
        return memo == 2;
    }

    bool compute(std::size_t t, std::size_t i) {
        const Token& token = tokens_[t];
        std::size_t n = text_.size();
        switch (token.kind) {
            case Token::Literal:
                return i < n && text_[i] == token.literal && match(t + 1, i + 1);
            case Token::AnyChar:
            case Token::Class: {
                if (i >= n || text_[i] == '/') return false;
                char32_t cp = 0;
                std::size_t len = decode_utf8(text_, i, cp);
                if (token.kind == Token::Class) {
                    bool in = std::any_of(
                        token.ranges.begin(), token.ranges.end(),
                        [cp](const auto& r) { return r.first <= cp && cp <= r.second; });
                    if (in == token.negated) return false;
                }
                return match(t + 1, i + len);
            }
            case Token::Star:
                for (std::size_t k = i;;) {
                    if (match(t + 1, k)) return true;
                    if (k == n || text_[k] == '/') return false;
                    char32_t cp = 0;
                    k += decode_utf8(text_, k, cp);
                }
            case Token::DoubleStar:
                for (std::size_t k = i; k <= n; ++k) {
                    if (match(t + 1, k)) return true;
                }
                return false;
            case Token::DirsPrefix:
                if (match(t + 1, i)) return true;
                for (std::size_t k = i + 1; k <= n; ++k) {
                    if (text_[k - 1] == '/' && match(t + 1, k)) return true;
                }
                return false;
        }
        return false;
    }

    const std::vector<Token>& tokens_;
    std::string_view text_;
    std::vector<std::uint8_t> memo_;  // 0 unknown, 1 no match, 2 match
};

struct CompiledGlob {
    std::vector<std::vector<Token>> alternatives;
    bool anchored = false;          // "/x" or "./x": the relative path only, not the name
    bool directories_only = false;  // "x/"

    explicit CompiledGlob(std::string_view pattern) {
        if (pattern.substr(0, 2) == "./") {
            pattern.remove_prefix(2);
            anchored = true;
        }
        while (!pattern.empty() && pattern.front() == '/') {
            pattern.remove_prefix(1);
            anchored = true;
        }
        while (pattern.size() > 1 && pattern.back() == '/' && pattern[pattern.size() - 2] != '\\') {
            pattern.remove_suffix(1);
            directories_only = true;
        }
        std::vector<std::string> expanded;
        expand_braces(std::string(pattern), expanded);
        for (const std::string& alternative : expanded)
            alternatives.push_back(tokenize(alternative));
    }

    bool matches_text(std::string_view text) const {
        return std::any_of(alternatives.begin(), alternatives.end(), [text](const auto& tokens) {
            return TokenMatcher(tokens, text).matches();
        });
    }

    bool matches(std::string_view relative, std::string_view name, bool is_directory) const {
        if (directories_only && !is_directory) return false;
        return matches_text(relative) || (!anchored && name != relative && matches_text(name));
    }
};

// ---- The walk ---------------------------------------------------------------

std::string type_name(fs::file_type type) {
    switch (type) {
        case fs::file_type::fifo:
            return "named pipe (FIFO)";
        case fs::file_type::socket:
            return "socket";
        case fs::file_type::block:
            return "block device";
        case fs::file_type::character:
            return "character device";
        default:
            return "not a regular file";
    }
}

class Walker {
  public:
    Walker(const WalkOptions& options, std::vector<WalkProblem>& problems,
           std::vector<SkippedEntry>* skipped)
        : problems_(problems), skipped_(skipped) {
        for (const std::string& pattern : options.include) include_.emplace_back(pattern);
        for (const std::string& pattern : options.exclude) exclude_.emplace_back(pattern);
    }

    // Appends the files below `root` to `out`, sorted.
    void walk(const std::string& root, std::vector<std::string>& out) {
        found_.clear();
        noted_.clear();
        visited_.clear();
        // Directories still to read, with their path relative to the root.
        std::vector<std::pair<fs::path, std::string>> pending{{fs::path(root), ""}};
        while (!pending.empty()) {
            auto [directory, relative] = std::move(pending.back());
            pending.pop_back();
            read_directory(directory, relative, pending);
        }
        std::sort(found_.begin(), found_.end());
        out.insert(out.end(), found_.begin(), found_.end());
        if (skipped_) {
            std::sort(noted_.begin(), noted_.end(),
                      [](const auto& a, const auto& b) { return a.path < b.path; });
            skipped_->insert(skipped_->end(), noted_.begin(), noted_.end());
        }
    }

  private:
    void read_directory(const fs::path& directory, const std::string& relative,
                        std::vector<std::pair<fs::path, std::string>>& pending) {
        // A directory reached twice (a bind mount of an ancestor) is a loop.
        struct stat info {};
        if (::stat(directory.c_str(), &info) != 0) {
            problems_.push_back({directory.string(), std::generic_category().message(errno)});
            return;
        }
        if (!visited_.emplace(info.st_dev, info.st_ino).second) {
            note(directory.string(), "directory already visited (filesystem loop)");
            return;
        }
        std::error_code ec;
        fs::directory_iterator it(directory, ec);
        if (ec) {
            problems_.push_back({directory.string(), ec.message()});
            return;
        }
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            const fs::directory_entry& entry = *it;
            std::string name = entry.path().filename().string();
            std::string entry_relative = relative.empty() ? name : relative + "/" + name;
            consider(entry, name, entry_relative, pending);
        }
        if (ec) problems_.push_back({directory.string(), ec.message()});
    }

    void consider(const fs::directory_entry& entry, const std::string& name,
                  const std::string& relative,
                  std::vector<std::pair<fs::path, std::string>>& pending) {
        const std::string path = entry.path().string();
        std::error_code ec;
        fs::file_status status = entry.symlink_status(ec);
        if (ec) {
            vanished_or_problem(path, ec);
            return;
        }
        if (fs::is_directory(status)) {
            if (!excluded(relative, name, true)) pending.emplace_back(entry.path(), relative);
            return;
        }
        bool symlink = fs::is_symlink(status);
        if (symlink) {
            status = fs::status(entry.path(), ec);
            if (ec) {
                if (!selected_file(relative, name)) return;
                if (ec == std::errc::no_such_file_or_directory) {
                    note(path, "broken symbolic link");
                } else if (ec == std::errc::too_many_symbolic_link_levels) {
                    note(path, "symbolic link loop");
                } else {
                    problems_.push_back({path, ec.message()});
                }
                return;
            }
            if (fs::is_directory(status)) {
                if (!excluded(relative, name, true)) {
                    note(path, "symbolic link to a directory, not followed");
                }
                return;
            }
        }
        if (!selected_file(relative, name)) return;
        if (fs::is_regular_file(status)) {
            found_.push_back(path);
        } else {
            note(path, (symlink ? "symbolic link to a " : "") + type_name(status.type()));
        }
    }

    void vanished_or_problem(const std::string& path, const std::error_code& ec) {
        if (ec == std::errc::no_such_file_or_directory) {
            note(path, "vanished during the walk");
        } else {
            problems_.push_back({path, ec.message()});
        }
    }

    bool excluded(std::string_view relative, std::string_view name, bool is_directory) const {
        return std::any_of(exclude_.begin(), exclude_.end(), [&](const CompiledGlob& glob) {
            return glob.matches(relative, name, is_directory);
        });
    }

    bool selected_file(std::string_view relative, std::string_view name) const {
        if (excluded(relative, name, false)) return false;
        return include_.empty() ||
               std::any_of(include_.begin(), include_.end(), [&](const CompiledGlob& glob) {
                   return glob.matches(relative, name, false);
               });
    }

    void note(std::string path, std::string reason) {
        noted_.push_back({std::move(path), std::move(reason)});
    }

    std::vector<CompiledGlob> include_;
    std::vector<CompiledGlob> exclude_;
    std::vector<WalkProblem>& problems_;
    std::vector<SkippedEntry>* skipped_;
    std::vector<std::string> found_;
    std::vector<SkippedEntry> noted_;
    std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      const WalkOptions& options,
                                      std::vector<WalkProblem>& problems,
                                      std::vector<SkippedEntry>* skipped) {
    Walker walker(options, problems, skipped);
    std::vector<std::string> out;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (path != "-" && fs::is_directory(path, ec)) {
            walker.walk(path, out);
        } else {
            out.push_back(path);
        }
    }
    return out;
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<WalkProblem>& problems) {
    return expand_paths(paths, WalkOptions{}, problems);
}

bool glob_match(std::string_view pattern, std::string_view text) {
    std::vector<std::string> expanded;
    expand_braces(std::string(pattern), expanded);
    return std::any_of(expanded.begin(), expanded.end(), [text](const std::string& alternative) {
        return TokenMatcher(tokenize(alternative), text).matches();
    });
}

std::optional<std::string> glob_error(std::string_view pattern) {
    if (pattern.empty()) return "empty pattern";
    int depth = 0;
    for (std::size_t i = 0; i < pattern.size();) {
        char c = pattern[i];
        if (c == '\\' && i + 1 == pattern.size()) return "trailing '\\'";
        if (c == '[' && class_end(pattern, i) == std::string_view::npos) return "unclosed '['";
        if (c == '{') ++depth;
        if (c == '}' && --depth < 0) return "unmatched '}'";
        i = (c == '{' || c == '}') ? i + 1 : skip_quoted(pattern, i);
    }
    if (depth > 0) return "unclosed '{'";
    return std::nullopt;
}

}  // namespace alertscan
