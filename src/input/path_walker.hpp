// Expands the command line's paths into the list of inputs to read:
// a file stays itself, a directory becomes the regular files below it
// (recursively, sorted by path), "-" stays standard input.
//
// The walk cannot hang: symbolic links to directories are not followed (a
// link to a file is read), a directory met twice (a bind mount loop) is not
// entered again, and FIFOs, sockets and devices inside a directory are
// skipped, since reading them would block or never end.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alertscan {

// --include / --exclude globs, ripgrep-like. Each is matched against the
// path relative to the walked directory ("nginx/access.log") and against
// the file name ("access.log"):
//   *       any run of characters except '/'
//   **      any run of characters, '/' included; "**/" is zero or more
//           directories, so "**/*.gz" also matches "a.gz" at the top
//   ?       one character except '/'
//   [abc] [a-z] [!a-z] [^a-z]   one character of (not of) a set
//   {a,b}   alternatives (nestable)
//   \x      x literally
// A pattern starting with "/" or "./" matches only the relative path from
// the walked directory's top; one ending in "/" matches only directories.
// A file is kept when it matches one of `include` (if any are given) and
// none of `exclude`. A directory matching an exclude is not entered.
// Files named on the command line are always read: the filters apply only
// inside directories.
struct WalkOptions {
    std::vector<std::string> include;
    std::vector<std::string> exclude;
};

// Something that stopped part of the walk: an unreadable directory.
struct WalkProblem {
    std::string path;
    std::string cause;
};

// An entry inside a directory deliberately not read, for a note under -v:
// reason is e.g. "named pipe (FIFO)" or "symbolic link to a directory, not
// followed".
struct SkippedEntry {
    std::string path;
    std::string reason;
};

// Paths that do not exist, "-" and non-directories (a FIFO named on the
// command line included) are passed through unchanged, in the order given:
// opening them later produces the one error message for that input. Each
// directory is replaced by the files below it that pass the filters, sorted
// by path. Problems met inside a directory are appended to `problems`, the
// walk going on; entries skipped for their type are appended to `*skipped`
// when it is given (files left out by the filters are not).
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      const WalkOptions& options,
                                      std::vector<WalkProblem>& problems,
                                      std::vector<SkippedEntry>* skipped = nullptr);

// No filters, skipped entries not reported.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<WalkProblem>& problems);

// Whether `text` matches the glob `pattern` entirely, with the syntax above
// (no special meaning for a leading "/" here: the text is matched as is).
bool glob_match(std::string_view pattern, std::string_view text);

// Why `pattern` is malformed ("unclosed '['", "unclosed '{'", "unmatched
// '}'", "trailing '\\'", "empty pattern"), or nothing when it is well formed.
// For a usage error on the command line; glob_match() takes a malformed
// pattern's special characters literally.
std::optional<std::string> glob_error(std::string_view pattern);

}  // namespace alertscan
