// Where input bytes come from. A source hands out raw bytes in read() calls;
// sources stack (a decoder wraps a file), so a new input kind (gzip, zstd,
// evtx) is one new class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace alertscan {

// A failure to read one input. The message is the cause only ("No such file
// or directory"); whoever reports it adds the file name.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class ByteSource {
  public:
    virtual ~ByteSource() = default;
    // Fills up to `capacity` bytes (at least 4: a decoder must fit one
    // character); returns 0 only at the end of the input.
    // Throws InputError when the input cannot be read.
    virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
    // Skips the next `count` bytes; returns how many were skipped (fewer
    // only at the end of the input). By default reads and discards them; a
    // regular file seeks instead. Throws InputError like read().
    virtual std::uint64_t skip(std::uint64_t count);
};

// A file read with read(2) into the caller's buffer (no mmap: memory stays
// bounded and pipes, FIFOs and /proc files work). "-" is standard input.
std::unique_ptr<ByteSource> open_file(const std::string& path);

// Turns whatever text encoding the inner source uses into UTF-8: strips a
// UTF-8 BOM, and transcodes UTF-16LE/BE (with a BOM, or detected from the
// NUL pattern of ASCII text) through iconv, streaming. Invalid sequences
// become U+FFFD. A lone CR (old Mac line ends, some exports) becomes LF, so
// it ends a line like LF and CRLF do; offsets do not move. Other input
// passes through unchanged.
class DecodingSource : public ByteSource {
  public:
    explicit DecodingSource(std::unique_ptr<ByteSource> inner);
    ~DecodingSource() override;
    std::size_t read(char* buffer, std::size_t capacity) override;
    // "utf-8", "utf-8-bom", "utf-16le", "utf-16le-bom", "utf-16be-bom", ...;
    // known after the first read().
    std::string_view encoding() const { return encoding_; }

  private:
    void detect();
    std::size_t read_decoded(char* buffer, std::size_t capacity);
    std::size_t fill_raw();
    std::size_t transcode(char* buffer, std::size_t capacity);

    std::unique_ptr<ByteSource> inner_;
    std::string encoding_ = "utf-8";
    bool detected_ = false;
    bool utf16_ = false;
    bool inner_done_ = false;
    void* iconv_ = nullptr;  // iconv_t, opaque here to keep <iconv.h> out of the header
    std::string raw_;        // bytes read from inner_ and not yet handed out
    std::size_t raw_pos_ = 0;
    bool held_cr_ = false;  // a CR ended the last read: LF or lone, the next byte tells
};

}  // namespace alertscan
