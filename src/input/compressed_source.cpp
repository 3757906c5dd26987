// Magic-byte sniffing and streaming gzip / zstd decompression.
//
// Both decompressors follow the same loop: fill the caller's buffer from a
// fixed 64 KiB input buffer, refilling it from the inner source only while
// nothing has been produced yet in this read() (so a read never blocks on
// more input when it already has output, and a failure of the inner source
// never swallows decoded bytes). A fault found after some output was
// produced in the same read() is remembered and thrown by the next read():
// every byte decoded before it reaches the caller first. A decoder whose last
// call filled the output may still hold decoded bytes (zlib a pending match,
// zstd a flushed block): it is called again without new input before any
// refill, so the end of the input is never judged before those are out.

#include "input/compressed_source.hpp"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace alertscan {
namespace {

constexpr std::size_t kInputSize = 64 * 1024;
constexpr std::string_view kGzipMagic = "\x1f\x8b";
constexpr std::string_view kZstdMagic = "\x28\xb5\x2f\xfd";

const char kGzipTruncated[] = "gzip stream ends early (truncated file?)";
const char kZstdTruncated[] = "zstd stream ends early (truncated file?)";

}  // namespace

// ---------------------------------------------------------------- Peekable

PeekableSource::PeekableSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {}

std::string_view PeekableSource::peek(std::size_t n) {
    if (pos_ > 0) {
        buffered_.erase(0, pos_);
        pos_ = 0;
    }
    while (buffered_.size() < n && !inner_done_) {
        const std::size_t have = buffered_.size();
        const std::size_t want = std::max<std::size_t>(n - have, 4);
        buffered_.resize(have + want);
        std::size_t got = 0;
        try {
            got = inner_->read(buffered_.data() + have, want);
        } catch (...) {
            buffered_.resize(have);
            throw;
        }
        buffered_.resize(have + got);
        if (got == 0) inner_done_ = true;
    }
    return std::string_view(buffered_).substr(0, n);
}

std::size_t PeekableSource::read(char* buffer, std::size_t capacity) {
    if (pos_ < buffered_.size()) {
        const std::size_t n = std::min(capacity, buffered_.size() - pos_);
        std::memcpy(buffer, buffered_.data() + pos_, n);
        pos_ += n;
        if (pos_ == buffered_.size()) {
            buffered_.clear();
            pos_ = 0;
        }
        return n;
    }
    if (inner_done_) return 0;
    const std::size_t n = inner_->read(buffer, capacity);
    if (n == 0) inner_done_ = true;
    return n;
}

std::uint64_t PeekableSource::skip(std::uint64_t count) {
    const std::uint64_t buffered = std::min<std::uint64_t>(count, buffered_.size() - pos_);
    pos_ += static_cast<std::size_t>(buffered);
    if (pos_ == buffered_.size()) {
        buffered_.clear();
        pos_ = 0;
    }
    if (buffered == count || inner_done_) return buffered;
    return buffered + inner_->skip(count - buffered);
}

// -------------------------------------------------------------------- gzip

struct GzipSource::State {
    std::unique_ptr<ByteSource> inner;
    z_stream stream{};
    std::unique_ptr<Bytef[]> input = std::make_unique<Bytef[]>(kInputSize);
    bool inner_done = false;
    bool in_member = false;     // inflate has been fed part of a member
    bool pending = false;       // the last inflate() filled the output
    unsigned long members = 0;  // complete members decoded
    bool done = false;
    std::string failure;  // thrown by every read() once set

    bool fill() {
        if (inner_done) return false;
        const std::size_t n = inner->read(reinterpret_cast<char*>(input.get()), kInputSize);
        stream.next_in = input.get();
        stream.avail_in = static_cast<uInt>(n);
        if (n == 0) inner_done = true;
        return n > 0;
    }
};

GzipSource::GzipSource(std::unique_ptr<ByteSource> inner) : state_(std::make_unique<State>()) {
    state_->inner = std::move(inner);
    // 15 + 32: a 32 KiB window, gzip or zlib header detected automatically.
    if (inflateInit2(&state_->stream, 15 + 32) != Z_OK) {
        throw InputError("gzip: cannot initialise zlib (out of memory?)");
    }
}

GzipSource::~GzipSource() {
    inflateEnd(&state_->stream);
}

std::size_t GzipSource::read(char* buffer, std::size_t capacity) {
    State& s = *state_;
    if (!s.failure.empty()) throw InputError(s.failure);
    if (s.done) return 0;
    const uInt room = static_cast<uInt>(std::min<std::size_t>(capacity, UINT_MAX));
    z_stream& z = s.stream;
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = room;
    auto produced = [&] { return static_cast<std::size_t>(room - z.avail_out); };
    auto fail = [&](std::string cause) -> std::size_t {
        s.failure = std::move(cause);
        if (produced() > 0) return produced();
        throw InputError(s.failure);
    };

    while (z.avail_out > 0) {
        if (z.avail_in == 0 && !s.pending) {
            if (produced() > 0) break;
            if (!s.fill()) {
                if (s.in_member) return fail(kGzipTruncated);
                s.done = true;
                break;
            }
        }
        if (!s.in_member) {
            if (s.members > 0) {
                // Between members: skip zero padding (tape blocks, preallocated
                // log files), like gzip(1).
                while (z.avail_in > 0 && *z.next_in == 0) {
                    ++z.next_in;
                    --z.avail_in;
                }
                if (z.avail_in == 0) continue;
            }
            s.in_member = true;
        }
        const int rc = inflate(&z, Z_NO_FLUSH);
        s.pending = rc != Z_STREAM_END && z.avail_out == 0;
        if (rc == Z_STREAM_END) {
            ++s.members;
            s.in_member = false;
            if (inflateReset(&z) != Z_OK) return fail("gzip: cannot reset zlib");
            continue;
        }
        if (rc == Z_OK) continue;
        if (rc == Z_BUF_ERROR && z.avail_in == 0) continue;  // needs more input
        if (rc == Z_NEED_DICT) return fail("corrupt gzip data: needs a preset dictionary");
        if (rc == Z_MEM_ERROR) return fail("gzip: out of memory");
        return fail(std::string("corrupt gzip data: ") +
                    (z.msg ? z.msg : "inflate error " + std::to_string(rc)));
    }
    return produced();
}

// -------------------------------------------------------------------- zstd

struct ZstdSource::State {
    std::unique_ptr<ByteSource> inner;
    ZSTD_DCtx* context = nullptr;
    std::unique_ptr<char[]> input = std::make_unique<char[]>(kInputSize);
    ZSTD_inBuffer in{nullptr, 0, 0};
    bool inner_done = false;
    bool in_frame = false;  // the decoder holds part of a frame
    bool pending = false;   // the last call filled the output
    std::size_t hint = 1;   // input the decoder wants next
    bool done = false;
    std::string failure;  // thrown by every read() once set

    bool fill() {
        if (inner_done) return false;
        const std::size_t n = inner->read(input.get(), kInputSize);
        in = ZSTD_inBuffer{input.get(), n, 0};
        if (n == 0) inner_done = true;
        return n > 0;
    }
};

ZstdSource::ZstdSource(std::unique_ptr<ByteSource> inner) : state_(std::make_unique<State>()) {
    state_->inner = std::move(inner);
    state_->context = ZSTD_createDCtx();
    if (!state_->context) throw InputError("zstd: cannot create a decoder (out of memory?)");
}

ZstdSource::~ZstdSource() {
    ZSTD_freeDCtx(state_->context);
}

std::size_t ZstdSource::read(char* buffer, std::size_t capacity) {
    State& s = *state_;
    if (!s.failure.empty()) throw InputError(s.failure);
    if (s.done) return 0;
    ZSTD_outBuffer out{buffer, capacity, 0};
    auto fail = [&](std::string cause) -> std::size_t {
        s.failure = std::move(cause);
        if (out.pos > 0) return out.pos;
        throw InputError(s.failure);
    };

    while (out.pos < out.size) {
        if (s.in.pos == s.in.size && !s.pending) {
            if (out.pos > 0) break;
            if (!s.fill()) {
                if (s.in_frame) return fail(kZstdTruncated);
                s.done = true;
                break;
            }
        }
        // On an error ZSTD_decompressStream() does not report the output it
        // wrote in that same call. So one call does one thing: drain held-back
        // output (no input), or take the input of one step, as hinted by the
        // previous call (a block, the checksum). Its error then comes before
        // any output of its own. A frame starts with one byte: zstd decodes a
        // frame in one all-or-nothing pass only when the input of a single
        // call starts with the whole frame.
        const std::size_t step = s.pending ? 0 : s.in_frame ? s.hint : 1;
        ZSTD_inBuffer view{s.in.src, std::min(s.in.size, s.in.pos + step), s.in.pos};
        const std::size_t in_before = view.pos;
        const std::size_t out_before = out.pos;
        const std::size_t rc = ZSTD_decompressStream(s.context, &out, &view);
        s.in.pos = view.pos;
        if (ZSTD_isError(rc)) return fail(std::string("zstd: ") + ZSTD_getErrorName(rc));
        // 0: a frame is complete and fully flushed; the next input byte, if
        // any, starts another frame. Otherwise rc is the input wanted next.
        s.in_frame = rc != 0;
        s.hint = std::max<std::size_t>(rc, 1);
        s.pending = rc != 0 && out.pos == out.size;
        if (!s.pending && view.pos == in_before && out.pos == out_before && step > 0 &&
            s.in.pos < s.in.size) {
            return fail("zstd: decoder made no progress");
        }
    }
    return out.pos;
}

// ----------------------------------------------------------------- sniffing

std::unique_ptr<ByteSource> decompress_if_needed(std::unique_ptr<PeekableSource> source,
                                                 std::string* compression) {
    const std::string_view head = source->peek(kZstdMagic.size());
    std::string kind;
    std::unique_ptr<ByteSource> result;
    if (head.starts_with(kGzipMagic)) {
        kind = "gzip";
        result = std::make_unique<GzipSource>(std::move(source));
    } else if (head.starts_with(kZstdMagic)) {
        kind = "zstd";
        result = std::make_unique<ZstdSource>(std::move(source));
    } else {
        result = std::move(source);
    }
    if (compression) *compression = kind;
    return result;
}

}  // namespace alertscan
