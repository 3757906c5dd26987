#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

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

  private:
    int fd_;
    bool owned_;
};

}  // namespace

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
