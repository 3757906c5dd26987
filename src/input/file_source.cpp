#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "input/byte_source.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

class FdSource : public ByteSource {
  public:
    FdSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
    ~FdSource() override {
        if (owned_) ::close(fd_);
    }
    FdSource(const FdSource&) = delete;
    FdSource& operator=(const FdSource&) = delete;

    std::size_t read(char* buffer, std::size_t capacity) override {
        for (;;) {
            ssize_t n = ::read(fd_, buffer, capacity);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) throw InputError(errno_message(errno));
        }
    }

    std::uint64_t skip(std::uint64_t count) override {
        struct stat info {};
        if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) return ByteSource::skip(count);
        const off_t here = ::lseek(fd_, 0, SEEK_CUR);
        if (here < 0) return ByteSource::skip(count);
        // Never past the end: what lies beyond it is not there to skip.
        const std::uint64_t left =
            info.st_size > here ? static_cast<std::uint64_t>(info.st_size - here) : 0;
        const std::uint64_t step = std::min(count, left);
        if (::lseek(fd_, here + static_cast<off_t>(step), SEEK_SET) < 0) {
            throw InputError(errno_message(errno));
        }
        return step;
    }

  private:
    int fd_;
    bool owned_;
};

}  // namespace

std::uint64_t ByteSource::skip(std::uint64_t count) {
    std::vector<char> discard(64 * 1024);
    std::uint64_t skipped = 0;
    while (skipped < count) {
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(discard.size(), count - skipped));
        const std::size_t n = read(discard.data(), want);
        if (n == 0) break;
        skipped += n;
    }
    return skipped;
}

std::unique_ptr<ByteSource> open_file(const std::string& path) {
    if (path == "-") return std::make_unique<FdSource>(STDIN_FILENO, false);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw InputError(errno_message(errno));
    auto source = std::make_unique<FdSource>(fd, true);
    struct stat info {};
    if (::fstat(fd, &info) != 0) throw InputError(errno_message(errno));
    if (S_ISDIR(info.st_mode)) throw InputError(errno_message(EISDIR));
    // O_NONBLOCK only kept open() from hanging on a FIFO without a writer;
    // reads should block like any other file.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return source;
}

}  // namespace alertscan
