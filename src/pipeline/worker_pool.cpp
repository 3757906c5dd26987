#include "pipeline/worker_pool.hpp"

namespace alertscan {

WorkerPool::WorkerPool(unsigned workers, const std::vector<PatternDef>& patterns)
    : patterns_(patterns) {
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::post(Job job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    changed_.notify_one();
}

void WorkerPool::work() {
    // Built in the worker's own thread, on its first job only: a run with
    // fewer tasks than workers does not pay for the unused ones.
    std::unique_ptr<Matcher> matcher;
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        if (!matcher) matcher = std::make_unique<Matcher>(patterns_);
        job(*matcher);
    }
}

}  // namespace alertscan
