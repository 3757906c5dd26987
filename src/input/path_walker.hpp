// Expands the command line's paths into the list of inputs to read:
// a file stays itself, a directory becomes the regular files below it
// (recursively, sorted by path, symlinks to directories not followed so a
// loop cannot trap the walk), "-" stays standard input.
#pragma once

#include <string>
#include <vector>

namespace alertscan {

struct WalkProblem {
    std::string path;
    std::string cause;
};

// Paths that do not exist are passed through unchanged: opening them later
// produces the one error message for that input. Problems met inside a
// directory (an unreadable subdirectory) are appended to `problems`.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<WalkProblem>& problems);

}  // namespace alertscan
