// The reorder stage: outputs filled by several threads at once come out task
// after task in order, complete, with bounded buffering, and a worker's
// failure reaches the replay.

#include "pipeline/task_output.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace alertscan {
namespace {

// Long enough to live on the heap: a hit handed over by move must arrive with it.
std::string match_text(std::uint64_t index) {
    return "SSL V3 alert 46 received from 10.0.0." + std::to_string(index);
}

Hit numbered(std::uint64_t task, std::uint64_t index) {
    Hit hit;
    hit.line = task;
    hit.offset = index;
    hit.match = match_text(index);
    return hit;
}

TEST(TaskOutput, ReplaysTasksInOrderWhateverTheWorkersDo) {
    constexpr std::size_t kTasks = 6;
    const std::size_t sizes[kTasks] = {0,
                                       10,
                                       3 * TaskOutput::kMaxBuffered,
                                       1,
                                       TaskOutput::kBatch,
                                       2 * TaskOutput::kMaxBuffered + 7};
    std::vector<std::shared_ptr<TaskOutput>> outputs;
    for (std::size_t i = 0; i < kTasks; ++i) outputs.push_back(std::make_shared<TaskOutput>());
    // Every task on its own thread, the later ones started first; odd tasks
    // hand their hits over by move, even ones by reference.
    std::vector<std::thread> workers;
    for (std::size_t t = kTasks; t-- > 0;) {
        workers.emplace_back([&, t] {
            for (std::size_t i = 0; i < sizes[t]; ++i) {
                if (t % 2) {
                    outputs[t]->take_hit(numbered(t, i));
                } else {
                    outputs[t]->on_hit(numbered(t, i));
                }
            }
            outputs[t]->newlines = t;
            outputs[t]->finish();
        });
    }
    for (std::size_t t = 0; t < kTasks; ++t) {
        std::size_t next = 0;
        outputs[t]->drain([&](TaskOutput::Item& item) {
            const Hit& hit = std::get<Hit>(item);
            EXPECT_EQ(hit.line, t);
            EXPECT_EQ(hit.offset, next);
            EXPECT_EQ(hit.match, match_text(next));
            ++next;
        });
        EXPECT_EQ(next, sizes[t]);
        EXPECT_EQ(outputs[t]->newlines, t);
    }
    for (std::thread& worker : workers) worker.join();
}

TEST(TaskOutput, EventsKeepTheirPlaceAmongHits) {
    TaskOutput output;
    output.on_hit(numbered(0, 1));
    SchannelEvent event;
    event.event_id = 36874;
    output.on_event(event);
    output.on_hit(numbered(0, 2));
    output.finish();
    std::vector<int> kinds;
    output.drain([&](TaskOutput::Item& item) { kinds.push_back(static_cast<int>(item.index())); });
    EXPECT_EQ(kinds, (std::vector<int>{0, 1, 0}));
}

TEST(TaskOutput, FailureIsRethrownAfterTheItemsBeforeIt) {
    TaskOutput output;
    output.on_hit(numbered(0, 0));
    output.finish(std::make_exception_ptr(std::runtime_error("worker broke")));
    std::size_t seen = 0;
    EXPECT_THROW(output.drain([&](TaskOutput::Item&) { ++seen; }), std::runtime_error);
    EXPECT_EQ(seen, 1u);
}

}  // namespace
}  // namespace alertscan
