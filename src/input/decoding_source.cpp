// Encoding detection and streaming transcoding to UTF-8.
//
// Windows exports arrive as UTF-16LE (PowerShell 5.1 redirection), with or
// without a BOM, or as UTF-8 with a BOM; everything downstream works on UTF-8
// so that one set of literal prefilters and regexes serves every encoding.
// iconv (glibc) does the conversion; this file only feeds it in bounded
// pieces and decides what to do with errors: an invalid or truncated code
// unit becomes U+FFFD and the reading goes on.

#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "input/byte_source.hpp"

namespace alertscan {
namespace {

constexpr std::size_t kRawChunk = 64 * 1024;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool starts_with(const std::string& bytes, std::string_view prefix) {
    return bytes.compare(0, prefix.size(), prefix) == 0;
}

// A CR not followed by LF ends a line like LF: it becomes one. The last byte
// is left alone (the caller decides about it with the next read). memchr
// skips the text between CRs at SIMD speed; most logs have none or CRLF only.
void lone_crs_to_newlines(char* buffer, std::size_t n) {
    if (n < 2) return;
    char* const last = buffer + n - 1;
    for (char* cr = buffer; (cr = static_cast<char*>(std::memchr(cr, '\r', last - cr)));) {
        if (cr[1] != '\n') *cr = '\n';
        if (++cr == last) break;
    }
}

}  // namespace

DecodingSource::DecodingSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {}

DecodingSource::~DecodingSource() {
    if (iconv_) iconv_close(static_cast<iconv_t>(iconv_));
}

std::size_t DecodingSource::fill_raw() {
    if (inner_done_) return 0;
    raw_.erase(0, raw_pos_);
    raw_pos_ = 0;
    std::size_t old_size = raw_.size();
    raw_.resize(old_size + kRawChunk);
    std::size_t n = inner_->read(raw_.data() + old_size, kRawChunk);
    raw_.resize(old_size + n);
    if (n == 0) inner_done_ = true;
    return n;
}

void DecodingSource::detect() {
    detected_ = true;
    while (raw_.size() < 4 && fill_raw() > 0) {
    }
    const char* from = nullptr;
    if (starts_with(raw_, "\xEF\xBB\xBF")) {
        encoding_ = "utf-8-bom";
        raw_pos_ = 3;
    } else if (starts_with(raw_, "\xFF\xFE")) {
        encoding_ = "utf-16le-bom";
        from = "UTF-16LE";
        raw_pos_ = 2;
    } else if (starts_with(raw_, "\xFE\xFF")) {
        encoding_ = "utf-16be-bom";
        from = "UTF-16BE";
        raw_pos_ = 2;
    } else if (raw_.size() >= 4 && raw_[0] != 0 && raw_[1] == 0 && raw_[2] != 0 && raw_[3] == 0) {
        encoding_ = "utf-16le";
        from = "UTF-16LE";
    } else if (raw_.size() >= 4 && raw_[0] == 0 && raw_[1] != 0 && raw_[2] == 0 && raw_[3] != 0) {
        encoding_ = "utf-16be";
        from = "UTF-16BE";
    }
    if (!from) return;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        throw InputError(std::string("cannot convert from ") + from + ": " + std::strerror(errno));
    }
    iconv_ = cd;
    utf16_ = true;
}

std::size_t DecodingSource::read(char* buffer, std::size_t capacity) {
    // A CR held back from the last read goes first, once we know whether an
    // LF follows it.
    std::size_t start = held_cr_ ? 1 : 0;
    std::size_t n = read_decoded(buffer + start, capacity - start);
    if (held_cr_) {
        buffer[0] = n > 0 && buffer[1] == '\n' ? '\r' : '\n';
        held_cr_ = false;
        ++n;
    } else if (n == 1 && buffer[0] == '\r') {
        // A read of just a CR: it cannot be held back (0 would mean the
        // end), so look at the next byte now.
        const std::size_t more = read_decoded(buffer + 1, capacity - 1);
        if (more == 0 || buffer[1] != '\n') buffer[0] = '\n';
        n += more;
    }
    lone_crs_to_newlines(buffer, n);
    if (n > 1 && buffer[n - 1] == '\r') {  // undecided until the next read
        held_cr_ = true;
        --n;
    }
    return n;
}

std::size_t DecodingSource::read_decoded(char* buffer, std::size_t capacity) {
    if (!detected_) detect();
    if (utf16_) return transcode(buffer, capacity);
    if (raw_pos_ < raw_.size()) {
        std::size_t n = std::min(capacity, raw_.size() - raw_pos_);
        std::memcpy(buffer, raw_.data() + raw_pos_, n);
        raw_pos_ += n;
        return n;
    }
    return inner_done_ ? 0 : inner_->read(buffer, capacity);
}

std::size_t DecodingSource::transcode(char* buffer, std::size_t capacity) {
    char* out = buffer;
    std::size_t out_left = capacity;
    auto cd = static_cast<iconv_t>(iconv_);
    while (out == buffer) {
        if (raw_.size() - raw_pos_ < 2 && fill_raw() == 0) {
            if (raw_pos_ < raw_.size() && out_left >= kReplacement.size()) {
                // A lone last byte: half a code unit.
                std::memcpy(out, kReplacement.data(), kReplacement.size());
                out += kReplacement.size();
                raw_pos_ = raw_.size();
            }
            break;
        }
        char* in = raw_.data() + raw_pos_;
        std::size_t in_left = raw_.size() - raw_pos_;
        std::size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
        raw_pos_ = raw_.size() - in_left;
        if (rc != static_cast<std::size_t>(-1)) continue;
        if (errno == E2BIG) break;
        if (errno == EINVAL) {
            // A code unit or surrogate pair cut by the read: fetch more, or
            // at the very end replace the fragment.
            if (fill_raw() == 0) {
                if (out_left < kReplacement.size()) break;
                std::memcpy(out, kReplacement.data(), kReplacement.size());
                out += kReplacement.size();
                out_left -= kReplacement.size();
                raw_pos_ = raw_.size();
            }
            continue;
        }
        // EILSEQ: an unpaired surrogate. Skip one code unit.
        if (out_left < kReplacement.size()) break;
        std::memcpy(out, kReplacement.data(), kReplacement.size());
        out += kReplacement.size();
        out_left -= kReplacement.size();
        raw_pos_ += 2;
    }
    return static_cast<std::size_t>(out - buffer);
}

}  // namespace alertscan
