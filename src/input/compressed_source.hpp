// Compressed inputs: rotated logs arrive as .gz or .zst. The format is told
// by the first bytes (magic numbers), never by the file name, so a renamed
// file, a pipe or standard input works alike. Decompression streams through
// fixed buffers: memory stays bounded whatever the size of the input.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "input/byte_source.hpp"

namespace alertscan {

// Wraps a source so that its first bytes can be looked at before deciding
// how to read it. Bytes peeked are not consumed: later read() calls hand
// them out first.
class PeekableSource : public ByteSource {
  public:
    explicit PeekableSource(std::unique_ptr<ByteSource> inner);
    std::size_t read(char* buffer, std::size_t capacity) override;
    // Skips the peeked bytes first, then asks the inner source (which may seek).
    std::uint64_t skip(std::uint64_t count) override;
    // Up to `n` next bytes, fewer only when the input ends before. Reads the
    // inner source as needed (may block, may throw InputError). The view is
    // valid until the next read() or peek().
    std::string_view peek(std::size_t n);

  private:
    std::unique_ptr<ByteSource> inner_;
    std::string buffered_;  // peeked bytes not yet read
    std::size_t pos_ = 0;   // start of the unread part of buffered_
    bool inner_done_ = false;
};

// Streaming gzip decompression (zlib inflate, also accepts zlib streams).
// Concatenated members (`cat a.gz b.gz`) decode as one stream; zero bytes
// padding the end after a complete member are ignored, as gzip(1) does.
// A stream cut short throws InputError("gzip stream ends early (truncated
// file?)"), corrupt data InputError("corrupt gzip data: <zlib message>"),
// both only once everything decoded before the fault has been returned.
class GzipSource : public ByteSource {
  public:
    explicit GzipSource(std::unique_ptr<ByteSource> inner);
    ~GzipSource() override;
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;
    std::size_t read(char* buffer, std::size_t capacity) override;

  private:
    struct State;  // keeps <zlib.h> out of the header
    std::unique_ptr<State> state_;
};

// Streaming zstd decompression (ZSTD_decompressStream); concatenated and
// skippable frames are handled. A stream cut short throws
// InputError("zstd stream ends early (truncated file?)"), a decoding error
// InputError("zstd: <ZSTD_getErrorName>"), both only once everything decoded
// before the fault has been returned. Frames needing a window above zstd's
// default limit (128 MiB, `zstd --long=31` output) are refused that way.
class ZstdSource : public ByteSource {
  public:
    explicit ZstdSource(std::unique_ptr<ByteSource> inner);
    ~ZstdSource() override;
    ZstdSource(const ZstdSource&) = delete;
    ZstdSource& operator=(const ZstdSource&) = delete;
    std::size_t read(char* buffer, std::size_t capacity) override;

  private:
    struct State;  // keeps <zstd.h> out of the header
    std::unique_ptr<State> state_;
};

// Looks at the first bytes of `source`: gzip (1f 8b) gets a GzipSource,
// zstd (28 b5 2f fd) a ZstdSource, anything else comes back as it is. Sets
// *compression (when not null) to "gzip", "zstd" or "". May throw
// InputError if reading the first bytes fails.
std::unique_ptr<ByteSource> decompress_if_needed(std::unique_ptr<PeekableSource> source,
                                                 std::string* compression);

}  // namespace alertscan
