// A fixed set of worker threads, each with its own Matcher (its own RE2
// objects and Vectorscan scratch: no sharing, no contention), running jobs
// in the order they were posted.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "match/matcher.hpp"
#include "match/pattern.hpp"

namespace alertscan {

class WorkerPool {
  public:
    using Job = std::function<void(Matcher&)>;

    // `patterns` must outlive the pool.
    WorkerPool(unsigned workers, const std::vector<PatternDef>& patterns);
    // Runs the jobs still queued, then joins the workers.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // A job must not throw: it reports failures through its own output.
    void post(Job job);

  private:
    void work();

    const std::vector<PatternDef>& patterns_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace alertscan
