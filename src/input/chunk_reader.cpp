#include "input/chunk_reader.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "util/count_newlines.hpp"

namespace alertscan {
namespace {

// Below this much free space the buffer counts as full: a decoder needs room
// for whole characters, and tiny reads would only cost system calls.
constexpr std::size_t kMinRead = 4096;

}  // namespace

ChunkReader::ChunkReader(ByteSource& source, std::size_t buffer_size, std::size_t overlap)
    : source_(source), buffer_(buffer_size), overlap_(overlap) {
    assert(buffer_size >= 4 * overlap && buffer_size >= 2 * kMinRead);
}

void ChunkReader::discard_consumed() {
    std::uint64_t newlines = count_newlines(buffer_.data(), consumed_);
    line_ += newlines;
    offset_ += consumed_;
    std::memmove(buffer_.data(), buffer_.data() + consumed_, size_ - consumed_);
    size_ -= consumed_;
    consumed_ = 0;
}

void ChunkReader::fill() {
    while (!eof_ && buffer_.size() - size_ >= kMinRead) {
        std::size_t n = source_.read(buffer_.data() + size_, buffer_.size() - size_);
        if (n == 0) eof_ = true;
        size_ += n;
        bytes_read_ += n;
    }
}

bool ChunkReader::next(Chunk& chunk) {
    discard_consumed();
    fill();
    if (size_ == 0) return false;

    bool piece_of_long_line = false;
    if (eof_) {
        consumed_ = size_;
    } else if (const void* nl = memrchr(buffer_.data(), '\n', size_)) {
        consumed_ = static_cast<const char*>(nl) - buffer_.data() + 1;
    } else {
        // One line fills the whole buffer: hand it all out, but keep the
        // last `overlap_` bytes for the next piece as well.
        consumed_ = size_ - overlap_;
        piece_of_long_line = true;
    }
    chunk.text = std::string_view(buffer_.data(), piece_of_long_line ? size_ : consumed_);
    chunk.report_limit = consumed_;
    chunk.offset = offset_;
    chunk.first_line = line_;
    chunk.starts_line = starts_line_;
    starts_line_ = buffer_[consumed_ - 1] == '\n';
    last_byte_ = buffer_[consumed_ - 1];
    return true;
}

std::uint64_t ChunkReader::lines() const {
    // line_ is the number of the line that starts at buffer_[0]; consumed
    // bytes' newlines are added lazily, so count them here.
    std::uint64_t newlines = line_ - 1 + count_newlines(buffer_.data(), consumed_);
    return newlines + (last_byte_ != '\n' ? 1 : 0);
}

}  // namespace alertscan
