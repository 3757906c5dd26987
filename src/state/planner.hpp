// Turns the previous state and this run's input files into scan tasks (where
// to start each file) and, once they are scanned, into the next state.
//
// Rotation is followed the way logrotate does it (docs/state.md):
//   - same device + inode + fingerprint, at least as large as the old
//     offset: the same file, grown; read from the old offset (a renamed
//     app.log -> app.log.1 is found this way);
//   - same inode but a different fingerprint or smaller than the old offset:
//     truncated in place (copytruncate) or replaced; read from 0, and the old
//     entry stays free for the copy;
//   - a fingerprint match only (the copy of copytruncate, a compressed
//     app.log.2.gz): the old file under a new inode; read from the old offset
//     (of the decompressed stream for .gz/.zst);
//   - anything else is new and read from 0; an old entry no current file
//     claims is dropped (the file was deleted).
// Each old entry is claimed by at most one current file: matches by inode
// first, then by fingerprint only (same path first, then the largest offset).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "state/fingerprint.hpp"
#include "state/state_file.hpp"

namespace alertscan {

enum class StartReason {
    New,          // never seen: from 0
    Grown,        // same inode and fingerprint: from the old offset
    Moved,        // fingerprint only (a copy or a compressed rotation): from the old offset
    Truncated,    // same inode, smaller than the old offset or new first bytes: from 0
    Unchanged,    // a whole-read or compressed file of the same size: not read again
    Changed,      // a whole-read file that changed: read whole again
    NotRecorded,  // stdin, a FIFO, a device: read whole, not recorded
    Unreadable,   // cannot be read now: its old entry (if any) is kept
};

struct ScanTask {
    std::string path;
    std::uint64_t start_offset = 0;  // raw bytes for a plain file, decompressed otherwise
    std::uint64_t start_line = 1;
    bool hold_partial_last_line = false;  // a plain file still being written
    bool skip = false;                    // nothing new: not read at all
    bool record = false;                  // gets an entry in the next state
    std::optional<std::size_t> claimed;   // the previous entry it continues
    StartReason reason = StartReason::New;
};

// What scanning a task gave (from its InputSummary).
struct ScanOutcome {
    bool failed = false;
    std::optional<std::uint64_t> resume_offset;  // set for resumable (plain UTF-8 text) inputs
    std::uint64_t resume_line = 1;
};

// One task per file, in the same order.
std::vector<ScanTask> plan_scan(const State& previous, const std::vector<CurrentFile>& files);

// The state after the tasks ran; `outcomes` parallel to `tasks` and `files`
// (ignored for skipped tasks).
State next_state(const State& previous, const std::vector<CurrentFile>& files,
                 const std::vector<ScanTask>& tasks, const std::vector<ScanOutcome>& outcomes);

// "grown since byte 1234 (same file)", for -v.
std::string describe(const ScanTask& task, const State& previous);

}  // namespace alertscan
