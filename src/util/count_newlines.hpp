// Counting newlines is on the hot path twice (line numbers of hits and the
// total line count), so it gets a vectorized loop of its own.
#pragma once

#include <cstddef>
#include <cstdint>

namespace alertscan {

// Number of '\n' bytes in [data, data + size).
std::uint64_t count_newlines(const char* data, std::size_t size);

}  // namespace alertscan
