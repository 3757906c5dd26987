// One incremental run (--state FILE) from the scan command's point of view:
// lock and load the state, plan where each input starts, collect how far
// each was read, save the next state. The command stays a thin caller.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner.hpp"
#include "state/planner.hpp"
#include "state/state_file.hpp"
#include "summary/summary.hpp"

namespace alertscan {

class StateSession {
  public:
    // Takes the lock, then loads the state. Throws StateError.
    explicit StateSession(std::string path);

    // Probes the inputs and plans them: one task per input, same order.
    const std::vector<ScanTask>& plan(const std::vector<std::string>& inputs);

    // Where the scanner starts task `index`.
    ScanStart start_of(std::size_t index) const;

    // What task `index` gave; once per task, skipped ones included.
    void finish(std::size_t index, const InputSummary& summary);

    // Writes the next state atomically. Throws StateError.
    void save() const;

    const std::string& path() const { return path_; }

  private:
    std::string path_;
    StateLock lock_;
    State previous_;
    std::vector<CurrentFile> files_;
    std::vector<ScanTask> tasks_;
    std::vector<ScanOutcome> outcomes_;
};

}  // namespace alertscan
