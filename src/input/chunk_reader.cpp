#include "input/chunk_reader.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

#include "util/count_newlines.hpp"

namespace alertscan {
namespace {

// Below this much free space the buffer counts as full: a decoder needs room
// for whole characters, and tiny reads would only cost system calls.
constexpr std::size_t kMinRead = 4096;

}  // namespace

ChunkReader::ChunkReader(ByteSource& source, std::size_t buffer_size, std::size_t overlap,
                         std::size_t context)
    : source_(source), buffer_(buffer_size), overlap_(overlap), context_(context) {
    assert(buffer_size >= 4 * overlap && buffer_size >= 2 * kMinRead);
    assert(buffer_size >= 8 * context);
    newlines_.reset(buffer_.data());
}

void ChunkReader::discard_consumed() {
    // Keep up to `context_` bytes of whole lines before the consumed point:
    // the next chunk shows them again (before report_from) so that a match
    // may look back across the cut.
    std::size_t keep = 0;
    if (context_ > 0 && consumed_ > 0 && buffer_[consumed_ - 1] == '\n') {
        const std::size_t window = std::min(context_, consumed_);
        const char* from = buffer_.data() + consumed_ - window;
        if (const void* nl = std::memchr(from, '\n', window - 1)) {
            keep = buffer_.data() + consumed_ - (static_cast<const char*>(nl) + 1);
        }
    }
    const std::size_t dropped = consumed_ - keep;
    line_ += newlines_.before(dropped);
    offset_ += dropped;
    std::memmove(buffer_.data(), buffer_.data() + dropped, size_ - dropped);
    newlines_.reset(buffer_.data());
    size_ -= dropped;
    consumed_ = keep;
    report_from_ = keep;
}

void ChunkReader::fill() {
    while (!eof_ && buffer_.size() - size_ >= kMinRead) {
        std::size_t n = 0;
        try {
            n = source_.read(buffer_.data() + size_, buffer_.size() - size_);
        } catch (const InputError&) {
            // Hand out what was read before the failure first (the lines
            // before a cut in a compressed file still count), then report it.
            failure_ = std::current_exception();
            eof_ = true;
            break;
        }
        if (n == 0) eof_ = true;
        size_ += n;
        bytes_read_ += n;
    }
}

bool ChunkReader::next(Chunk& chunk) {
    discard_consumed();
    fill();
    if (size_ == report_from_) {  // nothing new past the look-behind
        if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
        return false;
    }

    bool piece_of_long_line = false;
    std::size_t end = size_;  // end of the chunk's text
    if (eof_) {
        consumed_ = size_;
        if (hold_partial_ && buffer_[size_ - 1] != '\n') {
            const void* nl = memrchr(buffer_.data() + report_from_, '\n', size_ - report_from_);
            if (!nl) {  // only the partial line is left: it waits for the next run
                consumed_ = report_from_;
                if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
                return false;
            }
            end = static_cast<const char*>(nl) - buffer_.data() + 1;
            consumed_ = end;
        }
    } else if (const void* nl =
                   memrchr(buffer_.data() + report_from_, '\n', size_ - report_from_)) {
        end = static_cast<const char*>(nl) - buffer_.data() + 1;
        consumed_ = look_ahead_cut(end);
    } else {
        // One line fills the whole buffer: hand it all out, but keep the
        // last `overlap_` bytes for the next piece as well.
        consumed_ = size_ - overlap_;
        piece_of_long_line = true;
    }
    chunk.text = std::string_view(buffer_.data(), piece_of_long_line ? size_ : end);
    chunk.report_from = report_from_;
    chunk.report_limit = consumed_;
    chunk.offset = offset_;
    chunk.first_line = line_;
    chunk.starts_line = report_from_ > 0 || starts_line_;
    chunk.newlines = &newlines_;
    if (const void* nl = memrchr(buffer_.data(), '\n', consumed_)) {
        complete_end_ = offset_ + (static_cast<const char*>(nl) - buffer_.data()) + 1;
    }
    starts_line_ = buffer_[consumed_ - 1] == '\n';
    last_byte_ = buffer_[consumed_ - 1];
    return true;
}

std::size_t ChunkReader::look_ahead_cut(std::size_t end) const {
    // Lines within `context_` bytes of the end are shown as look-ahead but
    // reported by the next chunk, which will see what follows them.
    if (context_ == 0 || end <= report_from_ + context_) return end;
    const std::size_t limit = end - context_;
    const void* nl = memrchr(buffer_.data() + report_from_, '\n', limit - report_from_);
    return nl ? static_cast<const char*>(nl) - buffer_.data() + 1 : end;
}

std::uint64_t ChunkReader::lines() const {
    // line_ is the number of the line that starts at buffer_[0]; consumed
    // bytes' newlines are added lazily, so count them here.
    std::uint64_t newlines = line_ - 1 + newlines_.before(consumed_);
    return newlines + (last_byte_ != '\n' ? 1 : 0);
}

}  // namespace alertscan
