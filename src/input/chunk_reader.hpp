// Cuts a byte stream into large chunks that end at line boundaries, in one
// reused buffer, so that matching runs over megabytes at a time and memory
// stays constant whatever the size of the input or of its lines.
//
// Normal case: a chunk holds whole lines; the partial line after the last
// newline is carried into the next chunk. A line longer than the buffer is
// cut into pieces; consecutive pieces overlap by `overlap` bytes and a match
// is reported only by the piece in which it starts before the overlap, so a
// match up to `overlap` bytes long that straddles a cut is found exactly once.
//
// With `context` > 0 (patterns that read a few lines around their literal,
// for multi-line records), each chunk also shows up to `context` bytes of
// whole lines before the part it reports (look-behind, before report_from)
// and after it (look-ahead, from report_limit on): a record cut by a chunk
// boundary is still seen whole from the line that reports it.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <string_view>

#include "input/byte_source.hpp"
#include "util/count_newlines.hpp"

namespace alertscan {

struct Chunk {
    std::string_view text;
    std::uint64_t offset = 0;      // input offset of text[0]
    std::uint64_t first_line = 1;  // line number of text[0]
    // Matches (lines) starting at or after this index belong to the next
    // chunk: look-ahead context, or the overlap of a long line's piece.
    std::size_t report_limit = 0;
    // False when text[0] is in the middle of a line (after a cut).
    bool starts_line = true;
    // Lines starting before this index were reported by the previous chunk;
    // they are here as look-behind context only.
    std::size_t report_from = 0;
    // When set, counts `text`'s newlines for everyone who needs them (the
    // reader shares its count with the matcher); null: count privately.
    NewlineCounter* newlines = nullptr;
};

class ChunkReader {
  public:
    static constexpr std::size_t kDefaultBufferSize = 1 << 20;
    static constexpr std::size_t kDefaultOverlap = 64 * 1024;

    // Preconditions: buffer_size >= 4 * overlap, >= 8192 and >= 8 * context.
    explicit ChunkReader(ByteSource& source, std::size_t buffer_size = kDefaultBufferSize,
                         std::size_t overlap = kDefaultOverlap, std::size_t context = 0);

    // Fills `chunk` with the next piece of input; false once the input is
    // exhausted. The chunk's text stays valid until the next call. A read
    // error is thrown after every byte read before it has been handed out.
    bool next(Chunk& chunk);

    // Numbers the first line `line` instead of 1 (a scan that resumes inside
    // a file). Call before the first next().
    void set_first_line(std::uint64_t line) { line_ = line; }
    // At the end of the input, a last line without a newline is not handed
    // out: a writer may still be adding to it (incremental runs read it
    // whole next time).
    void hold_partial_last_line() { hold_partial_ = true; }
    // Offset just after the last newline handed out (0 before any).
    std::uint64_t complete_lines_end() const { return complete_end_; }

    std::uint64_t bytes_read() const { return bytes_read_; }
    // Lines handed out so far; a last line without a newline counts.
    std::uint64_t lines() const;

  private:
    // Bytes that are not zeroed when allocated: a reader is made for every
    // range of a large file (128 per GiB), and each byte is written by a read
    // before anything looks at it.
    class Buffer {
      public:
        explicit Buffer(std::size_t size)
            : bytes_(std::make_unique_for_overwrite<char[]>(size)), size_(size) {}
        char* data() { return bytes_.get(); }
        const char* data() const { return bytes_.get(); }
        std::size_t size() const { return size_; }
        char& operator[](std::size_t i) { return bytes_[i]; }
        char operator[](std::size_t i) const { return bytes_[i]; }

      private:
        std::unique_ptr<char[]> bytes_;
        std::size_t size_;
    };

    void discard_consumed();
    std::size_t look_ahead_cut(std::size_t end) const;
    void fill();

    ByteSource& source_;
    Buffer buffer_;
    std::size_t overlap_;
    std::size_t size_ = 0;      // bytes in buffer_
    std::size_t consumed_ = 0;  // bytes of buffer_ handed out by the last chunk
    std::size_t context_;
    std::size_t report_from_ = 0;  // look-behind bytes at the start of buffer_
    std::uint64_t offset_ = 0;     // input offset of buffer_[0]
    std::uint64_t line_ = 1;       // line number of buffer_[0]
    bool starts_line_ = true;
    bool eof_ = false;
    bool hold_partial_ = false;
    std::uint64_t complete_end_ = 0;
    char last_byte_ = '\n';            // last byte handed out
    mutable NewlineCounter newlines_;  // of buffer_, shared with the chunks' users
    std::uint64_t bytes_read_ = 0;
    std::exception_ptr failure_;  // a read error, raised once the data before it is out
};

}  // namespace alertscan
