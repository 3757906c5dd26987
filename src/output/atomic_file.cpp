#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include "util/text.hpp"

namespace alertscan {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
    throw std::runtime_error(what + " " + path + ": " + errno_message(error));
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

}  // namespace

// A write buffer over a file descriptor that remembers the first write error
// (std::ofstream gives no access to the descriptor fsync needs, nor to errno).
class AtomicFile::Buffer : public std::streambuf {
  public:
    explicit Buffer(int fd) : fd_(fd), data_(1 << 16) {
        setp(data_.data(), data_.data() + data_.size());
    }
    ~Buffer() override { close_quietly(); }

    int fd() const { return fd_; }
    int error() const { return error_; }

    // Writes out the buffer; false (and error() set) on failure.
    bool drain() {
        const char* next = pbase();
        std::size_t left = static_cast<std::size_t>(pptr() - pbase());
        while (left > 0 && error_ == 0) {
            const ssize_t written = ::write(fd_, next, left);
            if (written < 0) {
                if (errno == EINTR) continue;
                error_ = errno;
                break;
            }
            next += written;
            left -= static_cast<std::size_t>(written);
        }
        setp(data_.data(), data_.data() + data_.size());
        return error_ == 0;
    }

    // Closes the descriptor; the errno of a failed close, or 0.
    int close() {
        if (fd_ < 0) return 0;
        const int result = ::close(fd_);
        fd_ = -1;
        return result == 0 ? 0 : errno;
    }

    void close_quietly() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
        return c;
    }

    int sync() override { return drain() ? 0 : -1; }

  private:
    int fd_;
    int error_ = 0;
    std::vector<char> data_;
};

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temp_path_(path_ + ".tmp." + std::to_string(::getpid())) {
    if (path_.empty()) throw std::runtime_error("cannot write to an empty path");
    // O_NOFOLLOW: never write through a symlink planted at the temporary name.
    const int fd =
        ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) fail("cannot create", temp_path_, errno);
    struct stat existing {};
    if (::stat(path_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
        ::fchmod(fd, existing.st_mode & 07777);  // best effort: keep PATH's permissions
    }
    buffer_ = std::make_unique<Buffer>(fd);
    stream_ = std::make_unique<std::ostream>(buffer_.get());
}

AtomicFile::~AtomicFile() {
    if (committed_) return;
    stream_.reset();
    buffer_.reset();  // closes without writing what is left
    ::unlink(temp_path_.c_str());
}

std::ostream& AtomicFile::stream() {
    return *stream_;
}

void AtomicFile::commit() {
    if (committed_) throw std::runtime_error("already committed: " + path_);
    stream_->flush();
    if (!buffer_->drain() || buffer_->error() != 0) {
        fail("cannot write", temp_path_, buffer_->error());
    }
    if (!*stream_) throw std::runtime_error("cannot write " + temp_path_);
    if (::fsync(buffer_->fd()) != 0) fail("cannot sync", temp_path_, errno);
    if (const int error = buffer_->close(); error != 0) fail("cannot close", temp_path_, error);
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("cannot rename to", path_, errno);
    committed_ = true;

    const std::string directory = directory_of(path_);
    const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) fail("cannot open directory", directory, errno);
    const int synced = ::fsync(dir) == 0 ? 0 : errno;
    ::close(dir);
    // Some file systems cannot sync a directory (EINVAL); the rename stands.
    if (synced != 0 && synced != EINVAL) fail("cannot sync directory", directory, synced);
}

}  // namespace alertscan
