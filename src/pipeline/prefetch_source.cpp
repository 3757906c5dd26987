#include "pipeline/prefetch_source.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace alertscan {

PrefetchSource::PrefetchSource(std::unique_ptr<ByteSource> inner)
    : inner_(std::move(inner)), thread_([this] { produce(); }) {}

PrefetchSource::~PrefetchSource() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void PrefetchSource::produce() {
    for (;;) {
        std::string buffer(kBufferSize, '\0');
        std::size_t filled = 0;
        std::exception_ptr failure;
        bool end = false;
        try {
            // Fill most of the buffer: fewer hand-overs between the threads.
            while (!end && filled + 4096 <= buffer.size()) {
                const std::size_t n = inner_->read(buffer.data() + filled, buffer.size() - filled);
                end = n == 0;
                filled += n;
            }
        } catch (...) {
            failure = std::current_exception();
            end = true;
        }
        buffer.resize(filled);
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || ready_.size() < kQueueDepth; });
        if (stopping_) return;
        if (!buffer.empty()) ready_.push_back(std::move(buffer));
        if (end) {
            failure_ = failure;
            inner_done_ = true;
            changed_.notify_all();
            return;
        }
        changed_.notify_all();
    }
}

std::size_t PrefetchSource::read(char* buffer, std::size_t capacity) {
    if (current_pos_ == current_.size()) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return inner_done_ || !ready_.empty(); });
        if (ready_.empty()) {
            if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
            return 0;
        }
        current_ = std::move(ready_.front());
        ready_.pop_front();
        current_pos_ = 0;
        changed_.notify_all();
    }
    const std::size_t n = std::min(capacity, current_.size() - current_pos_);
    std::memcpy(buffer, current_.data() + current_pos_, n);
    current_pos_ += n;
    return n;
}

}  // namespace alertscan
