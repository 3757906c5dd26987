#include "pipeline/line_ranges.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "util/text.hpp"

namespace alertscan {
namespace {

constexpr std::size_t kScanBlock = 64 * 1024;

}  // namespace

PreadFile::PreadFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw InputError(errno_message(errno));
    struct stat info {};
    if (::fstat(fd_, &info) != 0) {
        const int error = errno;
        ::close(fd_);
        throw InputError(errno_message(error));
    }
    size_ = static_cast<std::uint64_t>(info.st_size);
}

PreadFile::~PreadFile() {
    ::close(fd_);
}

std::size_t PreadFile::read_at(std::uint64_t offset, char* buffer, std::size_t n) const {
    std::size_t done = 0;
    while (done < n) {
        const ssize_t got =
            ::pread(fd_, buffer + done, n - done, static_cast<off_t>(offset + done));
        if (got < 0) {
            if (errno == EINTR) continue;
            throw InputError(errno_message(errno));
        }
        if (got == 0) break;
        done += static_cast<std::size_t>(got);
    }
    return done;
}

std::uint64_t line_start_at_or_after(const PreadFile& file, std::uint64_t from) {
    if (from == 0) return 0;
    if (from >= file.size()) return file.size();
    // Look at the byte before `from` too: it may end the line before it.
    std::vector<char> block(kScanBlock + 1);
    std::uint64_t at = from - 1;
    while (at < file.size()) {
        const std::size_t n = file.read_at(at, block.data(), kScanBlock + 1);
        if (n == 0) break;
        const std::size_t usable = at + n >= file.size() ? n : n - 1;  // last byte is look-ahead
        for (std::size_t i = 0; i < usable; ++i) {
            if (block[i] == '\n') return at + i + 1;
            if (block[i] == '\r' && (i + 1 >= n || block[i + 1] != '\n')) return at + i + 1;
        }
        at += usable;
    }
    return file.size();
}

std::uint64_t range_end(const PreadFile& file, std::uint64_t begin, std::uint64_t range_bytes) {
    if (file.size() - begin <= range_bytes) return file.size();
    return line_start_at_or_after(file, begin + range_bytes);
}

RangeSource::RangeSource(const PreadFile& file, std::uint64_t begin, std::uint64_t end)
    : file_(file), pos_(begin), end_(end) {}

bool RangeSource::lf_follows(std::uint64_t offset) const {
    char next = 0;
    return offset < file_.size() && file_.read_at(offset, &next, 1) == 1 && next == '\n';
}

std::size_t RangeSource::read(char* buffer, std::size_t capacity) {
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, end_ - pos_));
    const std::size_t n = file_.read_at(pos_, buffer, wanted);
    // CRs are rare: memchr skips to each one instead of looking at every byte.
    char* const stop_at = buffer + n;
    for (char* cr = buffer; (cr = static_cast<char*>(std::memchr(cr, '\r', stop_at - cr))); ++cr) {
        // A CR at the end of the read: the byte after it decides, as
        // DecodingSource decides with its next read.
        const bool lf_next = cr + 1 < stop_at ? cr[1] == '\n' : lf_follows(pos_ + n);
        if (!lf_next) *cr = '\n';
    }
    pos_ += n;
    return n;
}

}  // namespace alertscan
