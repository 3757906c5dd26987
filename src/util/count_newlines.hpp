// Counting newlines is on the hot path twice (line numbers of hits and the
// total line count), so it gets a vectorized loop of its own.
#pragma once

#include <cstddef>
#include <cstdint>

namespace alertscan {

// Number of '\n' bytes in [data, data + size).
std::uint64_t count_newlines(const char* data, std::size_t size);

// The newlines of one text before a position, counted incrementally so that
// each byte is looked at once however many ask: the matcher asks for its
// candidates' line numbers, then the chunk reader for the lines it drops,
// mostly the same bytes (two passes over every chunk were 5% of a scan).
class NewlineCounter {
  public:
    // Starts over on the text at `data`.
    void reset(const char* data) {
        data_ = data;
        counted_to_ = 0;
        newlines_ = 0;
    }
    // Newlines in [data, data + pos).
    std::uint64_t before(std::size_t pos) {
        if (pos >= counted_to_) {
            newlines_ += count_newlines(data_ + counted_to_, pos - counted_to_);
            counted_to_ = pos;
            return newlines_;
        }
        return newlines_ - count_newlines(data_ + pos, counted_to_ - pos);
    }

  private:
    const char* data_ = nullptr;
    std::size_t counted_to_ = 0;
    std::uint64_t newlines_ = 0;
};

}  // namespace alertscan
