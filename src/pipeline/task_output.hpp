// One task's output on its way from a worker to the in-order replay.
//
// A worker pushes hits and SChannel events; the replay stage takes them out
// in the order they were pushed, task after task in input order, and hands
// them to the real sinks, so aggregation sees exactly the sequence a
// sequential run produces. Memory stays bounded: a task that is not yet at
// the head of the replay queue may hold only kMaxBuffered items; past that
// its worker waits until the task becomes the head, whose items are
// consumed as they come (the head task always has a worker: tasks are
// started in order).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "formats/schannel_events.hpp"
#include "summary/hit.hpp"
#include "summary/summary.hpp"

namespace alertscan {

class TaskOutput : public HitSink, public SchannelEventSink {
  public:
    using Item = std::variant<Hit, SchannelEvent>;
    static constexpr std::size_t kBatch = 256;
    static constexpr std::size_t kMaxBuffered = 4096;

    // Worker side. Not thread-safe among themselves: one worker per task.
    void on_hit(const Hit& hit) override { push(Item(hit)); }
    void take_hit(Hit&& hit) override { push(Item(std::move(hit))); }
    void on_event(const SchannelEvent& event) override { push(Item(event)); }
    void push(Item item);
    // Ends the task: what it pushed so far, then `failure` (an exception the
    // replay rethrows) if any. Results set before finish() are read after.
    void finish(std::exception_ptr failure = nullptr);

    // What the task found besides items, valid once drain() returned.
    InputSummary summary;              // whole-input tasks
    std::uint64_t newlines = 0;        // range tasks: newlines in the range
    std::optional<std::string> error;  // range tasks: a read error

    // Replay side: marks the task as the head and hands out its items in
    // order until the task is finished; then rethrows its failure, if any.
    void drain(const std::function<void(Item&)>& take);

  private:
    void flush(std::unique_lock<std::mutex>& lock);

    std::vector<Item> pending_;  // the worker's batch being filled
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::vector<Item>> batches_;
    std::size_t buffered_ = 0;
    bool head_ = false;
    bool done_ = false;
    std::exception_ptr failure_;
};

}  // namespace alertscan
