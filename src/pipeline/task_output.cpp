#include "pipeline/task_output.hpp"

namespace alertscan {

void TaskOutput::push(Item item) {
    pending_.push_back(std::move(item));
    if (pending_.size() < kBatch) return;
    std::unique_lock lock(mutex_);
    flush(lock);
}

void TaskOutput::flush(std::unique_lock<std::mutex>& lock) {
    if (pending_.empty()) return;
    // Wait only while others' output is replayed: the head never waits.
    changed_.wait(lock, [&] { return head_ || buffered_ < kMaxBuffered; });
    buffered_ += pending_.size();
    batches_.push_back(std::move(pending_));
    pending_ = {};
    pending_.reserve(kBatch);
    changed_.notify_all();
}

void TaskOutput::finish(std::exception_ptr failure) {
    std::unique_lock lock(mutex_);
    flush(lock);
    failure_ = failure;
    done_ = true;
    changed_.notify_all();
}

void TaskOutput::drain(const std::function<void(Item&)>& take) {
    std::unique_lock lock(mutex_);
    head_ = true;
    changed_.notify_all();
    for (;;) {
        changed_.wait(lock, [&] { return done_ || !batches_.empty(); });
        if (batches_.empty()) break;
        std::vector<Item> batch = std::move(batches_.front());
        batches_.pop_front();
        buffered_ -= batch.size();
        lock.unlock();
        for (Item& item : batch) take(item);
        lock.lock();
    }
    if (failure_) std::rethrow_exception(failure_);
}

}  // namespace alertscan
