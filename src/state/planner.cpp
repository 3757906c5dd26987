#include "state/planner.hpp"

namespace alertscan {
namespace {

class Planner {
  public:
    Planner(const State& previous, const std::vector<CurrentFile>& files)
        : previous_(previous), files_(files), claimed_(previous.entries.size(), false) {}

    std::vector<ScanTask> run() {
        std::vector<ScanTask> tasks(files_.size());
        std::vector<bool> decided(files_.size(), false);
        for (std::size_t i = 0; i < files_.size(); ++i) {
            tasks[i].path = files_[i].path;
            decided[i] = plan_special(files_[i], tasks[i]) || plan_by_inode(files_[i], tasks[i]);
        }
        for (std::size_t i = 0; i < files_.size(); ++i) {
            if (!decided[i]) plan_by_fingerprint(files_[i], tasks[i]);
        }
        return tasks;
    }

  private:
    // Non-regular and unreadable files.
    bool plan_special(const CurrentFile& file, ScanTask& task) {
        if (!file.regular) {
            task.reason = StartReason::NotRecorded;
            return true;
        }
        task.record = true;
        task.hold_partial_last_line = !file.compressed;
        if (file.readable) return false;
        task.reason = StartReason::Unreadable;
        for (std::size_t e = 0; e < previous_.entries.size(); ++e) {
            if (!claimed_[e] && same_inode(previous_.entries[e], file)) {
                claim(e, task);
                break;
            }
        }
        return true;
    }

    bool plan_by_inode(const CurrentFile& file, ScanTask& task) {
        for (std::size_t e = 0; e < previous_.entries.size(); ++e) {
            const StateEntry& entry = previous_.entries[e];
            if (claimed_[e] || !same_inode(entry, file)) continue;
            if (fingerprint_matches(entry.fingerprint, file.head) &&
                (entry.whole || entry.compressed || file.size >= entry.offset)) {
                continue_from(e, file, task, StartReason::Grown);
                return true;
            }
            // Same inode, other content: truncated in place or replaced. The
            // old entry stays free for a copy of the old content, and this
            // file may still be a copy of another one (by fingerprint).
            if (!entry.whole) task.reason = StartReason::Truncated;
        }
        return false;
    }

    void plan_by_fingerprint(const CurrentFile& file, ScanTask& task) {
        std::optional<std::size_t> best;
        for (std::size_t e = 0; e < previous_.entries.size(); ++e) {
            const StateEntry& entry = previous_.entries[e];
            if (claimed_[e] || !fingerprint_matches(entry.fingerprint, file.head)) continue;
            // A plain copy holds at least what was read of the original.
            if (!file.compressed && !entry.whole && file.size < entry.offset) continue;
            if (!best || better_candidate(entry, previous_.entries[*best], file)) best = e;
        }
        if (best) continue_from(*best, file, task, StartReason::Moved);
    }

    static bool better_candidate(const StateEntry& a, const StateEntry& b,
                                 const CurrentFile& file) {
        const bool a_same_path = a.path == file.path, b_same_path = b.path == file.path;
        if (a_same_path != b_same_path) return a_same_path;
        return a.offset > b.offset;
    }

    void continue_from(std::size_t e, const CurrentFile& file, ScanTask& task, StartReason reason) {
        const StateEntry& entry = previous_.entries[e];
        claim(e, task);
        task.reason = reason;
        if (entry.whole || (file.compressed && entry.compressed)) {
            // Nothing is appended to these: same size, same content.
            if (file.size == entry.size && file.compressed == entry.compressed) {
                task.reason = StartReason::Unchanged;
                task.skip = true;
                return;
            }
            if (entry.whole) {
                task.reason = StartReason::Changed;
                return;
            }
        }
        task.start_offset = entry.offset;
        task.start_line = entry.line;
    }

    void claim(std::size_t e, ScanTask& task) {
        claimed_[e] = true;
        task.claimed = e;
    }

    static bool same_inode(const StateEntry& entry, const CurrentFile& file) {
        return entry.device == file.device && entry.inode == file.inode;
    }

    const State& previous_;
    const std::vector<CurrentFile>& files_;
    std::vector<bool> claimed_;
};

StateEntry entry_for(const CurrentFile& file) {
    StateEntry entry;
    entry.path = file.path;
    entry.device = file.device;
    entry.inode = file.inode;
    entry.fingerprint = fingerprint_of(file.head);
    entry.size = file.size;
    entry.compressed = file.compressed;
    return entry;
}

}  // namespace

std::vector<ScanTask> plan_scan(const State& previous, const std::vector<CurrentFile>& files) {
    return Planner(previous, files).run();
}

State next_state(const State& previous, const std::vector<CurrentFile>& files,
                 const std::vector<ScanTask>& tasks, const std::vector<ScanOutcome>& outcomes) {
    State next;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const ScanTask& task = tasks[i];
        if (!task.record) continue;
        const StateEntry* old = task.claimed ? &previous.entries[*task.claimed] : nullptr;
        if (task.skip) {
            StateEntry entry = *old;  // same content, perhaps renamed
            entry.path = files[i].path;
            entry.device = files[i].device;
            entry.inode = files[i].inode;
            next.entries.push_back(std::move(entry));
            continue;
        }
        const ScanOutcome& outcome = outcomes[i];
        if (outcome.failed || task.reason == StartReason::Unreadable) {
            // Read again from where the last good run stopped.
            if (old) next.entries.push_back(*old);
            continue;
        }
        StateEntry entry = entry_for(files[i]);
        if (outcome.resume_offset) {
            entry.offset = *outcome.resume_offset;
            entry.line = outcome.resume_line;
        } else {
            entry.whole = true;
            entry.offset = files[i].size;
        }
        next.entries.push_back(std::move(entry));
    }
    return next;
}

std::string describe(const ScanTask& task, const State& previous) {
    const std::string from = " from byte " + std::to_string(task.start_offset);
    const std::string old =
        task.claimed ? " (was " + previous.entries[*task.claimed].path + ")" : std::string();
    switch (task.reason) {
        case StartReason::New:
            return "new file, read from the start";
        case StartReason::Grown:
            return "same file" + old + ", read" + from;
        case StartReason::Moved:
            return "rotated copy" + old + " found by fingerprint, read" + from;
        case StartReason::Truncated:
            return "truncated or replaced, read from the start";
        case StartReason::Unchanged:
            return "unchanged" + old + ", not read";
        case StartReason::Changed:
            return "changed since read whole" + old + ", read whole again";
        case StartReason::NotRecorded:
            return "not a regular file, read whole, not recorded";
        case StartReason::Unreadable:
            return "cannot be read, previous state kept";
    }
    return "";
}

}  // namespace alertscan
