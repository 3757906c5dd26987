// Files that must not outlive an interrupted run: the temporary files of
// AtomicFile (-o, --state) before they are renamed into place.
//
// A signal handler may only call async-signal-safe functions, so it cannot
// walk a std::vector or take a lock. The registry is therefore a fixed
// array of slots, each a path in a char buffer guarded by an atomic flag
// that is set only once the path is complete: remove_pending_files() reads
// nothing but flags and buffers, and calls nothing but unlink(2).
#pragma once

#include <string>

namespace alertscan {

// Registers `path` for removal if the process is interrupted. Returns the
// slot to pass to forget_pending_file(), or -1 when the path is too long
// or every slot is taken (the file is then not removed on a signal).
int register_pending_file(const std::string& path);

// The file was renamed into place or removed: no longer remove it. -1 is ignored.
void forget_pending_file(int slot);

// Unlinks every registered file. Async-signal-safe.
void remove_pending_files() noexcept;

}  // namespace alertscan
