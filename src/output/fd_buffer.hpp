// A write buffer over a file descriptor that remembers the first write
// error (std::ofstream and std::cout give no access to errno, nor to the
// descriptor fsync needs). Used by AtomicFile and for standard output.
#pragma once

#include <functional>
#include <streambuf>
#include <utility>
#include <vector>

namespace alertscan {

class FdWriteBuffer : public std::streambuf {
  public:
    // With `owns_fd`, the descriptor is closed by close() or the destructor.
    FdWriteBuffer(int fd, bool owns_fd);
    ~FdWriteBuffer() override;
    FdWriteBuffer(const FdWriteBuffer&) = delete;
    FdWriteBuffer& operator=(const FdWriteBuffer&) = delete;

    int fd() const { return fd_; }
    int error() const { return error_; }  // errno of the first failed write, or 0

    // Called once, with errno, when a write first fails: standard output
    // uses it to stop as soon as the reader is gone. After a failure every
    // later write is dropped.
    void on_error(std::function<void(int)> handler) { on_error_ = std::move(handler); }

    // Writes out the buffer; false (and error() set) on failure.
    bool drain();
    // Closes the descriptor; the errno of a failed close, or 0.
    int close();
    void close_quietly();

  protected:
    int_type overflow(int_type c) override;
    int sync() override;

  private:
    int fd_;
    bool owns_fd_;
    int error_ = 0;
    std::vector<char> data_;
    std::function<void(int)> on_error_;
};

}  // namespace alertscan
