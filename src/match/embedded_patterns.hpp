// The pattern files compiled into the binary (generated at build time).
#pragma once

#include <string_view>
#include <vector>

namespace alertscan {

struct EmbeddedPatternFile {
    std::string_view name;  // file name under patterns/
    std::string_view text;
};

const std::vector<EmbeddedPatternFile>& embedded_pattern_files();

}  // namespace alertscan
