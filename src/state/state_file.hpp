// The state file of incremental runs (--state FILE): per input file, who it
// is (device, inode, fingerprint) and how far it was read. JSON with a
// format identifier and version, "alertscan.state/1" (docs/state.md).
// Loading validates everything and refuses what it does not understand:
// a state silently reset would count every old line again.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "state/fingerprint.hpp"

namespace alertscan {

inline constexpr const char* kStateFormat = "alertscan.state";
inline constexpr int kStateVersion = 1;

// A state file that cannot be used, or cannot be locked or written. The
// message names the file and the cause.
class StateError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct StateEntry {
    std::string path;  // as named when it was read; informative, never used to match
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    Fingerprint fingerprint;
    std::uint64_t size = 0;    // file size when it was read (compressed size for .gz/.zst)
    std::uint64_t offset = 0;  // read up to here: just after the last complete line
    std::uint64_t line = 1;    // number of the line starting at `offset`
    bool compressed = false;
    // Read as a whole (EVTX, XML/CSV/JSON exports, UTF-16 text): cannot be
    // resumed; read again only when its size changed.
    bool whole = false;

    bool operator==(const StateEntry&) const = default;
};

struct State {
    std::vector<StateEntry> entries;
};

// Loads `path`; a missing file is an empty state (the first run). Throws
// StateError for anything else that is not a valid state of this version.
State load_state(const std::string& path);

// Parses a state document; `name` is used in messages. Throws StateError.
State parse_state(const std::string& text, const std::string& name);
std::string format_state(const State& state);

// Writes `state` to `path` atomically (temporary file in the same
// directory, fsync, rename, fsync of the directory). Throws StateError.
void save_state(const std::string& path, const State& state);

// An exclusive, non-blocking flock(2) on PATH.lock, held while the object
// lives: two runs on one state file would both read the same old offsets.
// The lock file is left in place (removing it would race with a run that
// just opened it).
class StateLock {
  public:
    // Throws StateError when another run holds the lock or it cannot be taken.
    explicit StateLock(const std::string& state_path);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace alertscan
