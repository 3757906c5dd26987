#include "input/path_walker.hpp"

#include <algorithm>
#include <filesystem>

namespace alertscan {
namespace fs = std::filesystem;

namespace {

void walk_directory(const fs::path& root, std::vector<std::string>& out,
                    std::vector<WalkProblem>& problems) {
    std::vector<std::string> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        problems.push_back({root.string(), ec.message()});
        return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            problems.push_back({root.string(), ec.message()});
            break;
        }
        std::error_code type_error;
        // Only regular files (symlinks to regular files included): FIFOs,
        // sockets and devices inside a tree would block or never end.
        if (it->is_regular_file(type_error)) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<WalkProblem>& problems) {
    std::vector<std::string> out;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (path != "-" && fs::is_directory(path, ec)) {
            walk_directory(path, out, problems);
        } else {
            out.push_back(path);
        }
    }
    return out;
}

}  // namespace alertscan
