// Cutting one plain text file into ranges of whole lines that workers read
// independently with pread(2), and the byte source a worker reads a range
// through.
//
// "Line" means what DecodingSource makes of the bytes: LF ends a line, CRLF
// ends it at the LF, and a lone CR (not followed by LF) ends it too. A range
// boundary is always the start of a line, so the lines of consecutive ranges
// add up to the lines of the file, none lost, none doubled. Ranges cover
// [start, size): a scan resumed at a line start offset splits the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "input/byte_source.hpp"

namespace alertscan {

// A file opened for positional reads, shared by the workers (pread needs no
// shared file position). Throws InputError when it cannot be opened.
class PreadFile {
  public:
    explicit PreadFile(const std::string& path);
    ~PreadFile();
    PreadFile(const PreadFile&) = delete;
    PreadFile& operator=(const PreadFile&) = delete;

    std::uint64_t size() const { return size_; }
    // Reads up to `n` bytes at `offset` (fewer only at the end of the file).
    std::size_t read_at(std::uint64_t offset, char* buffer, std::size_t n) const;

  private:
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

// The first line start at or after `from` (`from` itself when it is one;
// `file.size()` when no line starts after it). A line starts at 0, after an
// LF and after a CR not followed by LF.
std::uint64_t line_start_at_or_after(const PreadFile& file, std::uint64_t from);

// The end of the range starting at line start `begin`: the first line start
// at or after begin + range_bytes (so a range holds at least range_bytes or
// runs to the end, and a line longer than a range stays whole in one).
std::uint64_t range_end(const PreadFile& file, std::uint64_t begin, std::uint64_t range_bytes);

// Reads [begin, end) of a file as DecodingSource would hand those bytes out
// (lone CR turned into LF, offsets unchanged). It does not count lines: the
// ChunkReader reading from it does, once for everyone.
class RangeSource : public ByteSource {
  public:
    RangeSource(const PreadFile& file, std::uint64_t begin, std::uint64_t end);
    std::size_t read(char* buffer, std::size_t capacity) override;

  private:
    bool lf_follows(std::uint64_t offset) const;

    const PreadFile& file_;
    std::uint64_t pos_;
    std::uint64_t end_;
};

}  // namespace alertscan
