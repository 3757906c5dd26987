#include "util/pending_files.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <climits>
#include <cstring>

namespace alertscan {
namespace {

// A run writes the -o output and a state file: a few slots are plenty, and
// several worker threads may hold files at once.
constexpr std::size_t kSlots = 16;

struct Slot {
    std::atomic<bool> taken{false};  // claimed by a writer
    std::atomic<bool> ready{false};  // path complete: the handler may unlink it
    char path[PATH_MAX] = {};
};

std::array<Slot, kSlots> slots;
static_assert(std::atomic<bool>::is_always_lock_free, "flags read in a signal handler");

}  // namespace

int register_pending_file(const std::string& path) {
    if (path.empty() || path.size() >= PATH_MAX) return -1;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        bool expected = false;
        if (!slots[i].taken.compare_exchange_strong(expected, true)) continue;
        std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
        slots[i].ready.store(true);
        return static_cast<int>(i);
    }
    return -1;
}

void forget_pending_file(int slot) {
    if (slot < 0 || static_cast<std::size_t>(slot) >= slots.size()) return;
    slots[slot].ready.store(false);
    slots[slot].taken.store(false);
}

void remove_pending_files() noexcept {
    for (Slot& slot : slots) {
        if (slot.ready.load()) ::unlink(slot.path);
    }
}

}  // namespace alertscan
