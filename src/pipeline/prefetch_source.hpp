// Reads an inner source on a thread of its own, a few buffers ahead of the
// consumer: decompression (gzip, zstd) runs while the caller matches what
// was already decompressed, so a compressed input costs about the time of
// the slower of the two instead of their sum.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "input/byte_source.hpp"

namespace alertscan {

class PrefetchSource : public ByteSource {
  public:
    static constexpr std::size_t kBufferSize = 256 * 1024;
    static constexpr std::size_t kQueueDepth = 4;

    explicit PrefetchSource(std::unique_ptr<ByteSource> inner);
    // Stops the reader thread (after its read() in progress returns).
    ~PrefetchSource() override;
    PrefetchSource(const PrefetchSource&) = delete;
    PrefetchSource& operator=(const PrefetchSource&) = delete;

    // Hands out the inner source's bytes in order; an InputError of the
    // inner source is thrown once every byte read before it was handed out.
    std::size_t read(char* buffer, std::size_t capacity) override;

  private:
    void produce();

    std::unique_ptr<ByteSource> inner_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> ready_;  // filled buffers, oldest first
    std::string current_;            // being handed out
    std::size_t current_pos_ = 0;
    bool inner_done_ = false;
    bool stopping_ = false;
    std::exception_ptr failure_;
    std::thread thread_;  // last: started once everything above exists
};

}  // namespace alertscan
