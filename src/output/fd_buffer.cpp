#include "output/fd_buffer.hpp"

#include <unistd.h>

#include <cerrno>

namespace alertscan {

FdWriteBuffer::FdWriteBuffer(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd), data_(1 << 16) {
    setp(data_.data(), data_.data() + data_.size());
}

FdWriteBuffer::~FdWriteBuffer() {
    if (owns_fd_) close_quietly();
}

bool FdWriteBuffer::drain() {
    const char* next = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0 && error_ == 0) {
        const ssize_t written = ::write(fd_, next, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            error_ = errno;
            if (on_error_) on_error_(error_);
            break;
        }
        next += written;
        left -= static_cast<std::size_t>(written);
    }
    setp(data_.data(), data_.data() + data_.size());
    return error_ == 0;
}

int FdWriteBuffer::close() {
    if (fd_ < 0) return 0;
    const int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
}

void FdWriteBuffer::close_quietly() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

FdWriteBuffer::int_type FdWriteBuffer::overflow(int_type c) {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
}

int FdWriteBuffer::sync() {
    return drain() ? 0 : -1;
}

}  // namespace alertscan
