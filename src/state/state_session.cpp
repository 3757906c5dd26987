#include "state/state_session.hpp"

#include <spdlog/spdlog.h>

namespace alertscan {

StateSession::StateSession(std::string path)
    : path_(std::move(path)), lock_(path_), previous_(load_state(path_)) {}

const std::vector<ScanTask>& StateSession::plan(const std::vector<std::string>& inputs) {
    files_.clear();
    for (const std::string& input : inputs) files_.push_back(probe_file(input));
    tasks_ = plan_scan(previous_, files_);
    outcomes_.assign(tasks_.size(), ScanOutcome{});
    for (const ScanTask& task : tasks_) {
        spdlog::debug("{}: state: {}", task.path, describe(task, previous_));
    }
    return tasks_;
}

ScanStart StateSession::start_of(std::size_t index) const {
    const ScanTask& task = tasks_.at(index);
    ScanStart start;
    start.offset = task.start_offset;
    start.line = task.start_line;
    start.hold_partial_last_line = task.hold_partial_last_line;
    start.skip = task.skip;
    return start;
}

void StateSession::finish(std::size_t index, const InputSummary& summary) {
    ScanOutcome& outcome = outcomes_.at(index);
    outcome.failed = summary.error.has_value();
    outcome.resume_offset = summary.resume_offset;
    outcome.resume_line = summary.resume_line;
}

void StateSession::save() const {
    save_state(path_, next_state(previous_, files_, tasks_, outcomes_));
}

}  // namespace alertscan
