// A progress line on stderr for long scans: bytes and files done of the
// total. Only for people watching: shown when stderr is a terminal, not
// under -q, and only once the scan has run for a second; cleared at the end.
// Never in a pipe, a log file or under cron (no terminal there).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace alertscan::cli {

// True when a progress line may be drawn: stderr is a terminal, not -q.
bool progress_wanted(bool quiet);

class ProgressLine {
  public:
    // Does nothing at all when `enabled` is false.
    ProgressLine(std::uint64_t total_bytes, std::size_t total_files, bool enabled);
    // Clears the line if it was drawn.
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // Any thread may call it.
    void advance(std::uint64_t bytes, bool file_done);

  private:
    void tick();
    void draw();

    std::uint64_t total_bytes_;
    std::size_t total_files_;
    std::atomic<std::uint64_t> bytes_{0};
    std::atomic<std::size_t> files_{0};
    std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    bool drawn_ = false;
    std::thread thread_;
};

}  // namespace alertscan::cli
