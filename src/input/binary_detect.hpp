// Tells binary files (executables, images, core dumps, databases that end up
// in a log directory) from inputs the scanner can read, by their first bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace alertscan {

// How many leading bytes looks_binary() examines; longer input is cut.
inline constexpr std::size_t kBinaryProbeBytes = 8 * 1024;

// True when `first_bytes` (the start of a file; up to kBinaryProbeBytes are
// looked at) contain a NUL byte and are none of the forms the reader knows:
// UTF-16 text (a byte order mark; or, without one, the alternating NULs of
// two ASCII characters first, as DecodingSource detects it, and code units
// that decode cleanly: no U+0000, no broken surrogate, at most 1% control
// characters), an EVTX file ("ElfFile\0"), gzip (1f 8b) or zstd
// (28 b5 2f fd). Text without NULs, and empty input, is not binary; nor is
// text whose only NULs are runs of 16 or more (padding left by a crash or a
// copytruncate rotation), nor a probe of NULs only.
bool looks_binary(std::string_view first_bytes);

}  // namespace alertscan
