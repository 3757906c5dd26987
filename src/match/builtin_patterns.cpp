#include "match/embedded_patterns.hpp"
#include "match/pattern.hpp"

namespace alertscan {

std::vector<PatternDef> builtin_patterns() {
    std::vector<PatternDef> all;
    for (const EmbeddedPatternFile& file : embedded_pattern_files()) {
        merge_patterns(all, parse_patterns(file.text, "builtin:" + std::string(file.name)));
    }
    return all;
}

}  // namespace alertscan
