#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>

namespace alertscan::cli {
namespace {

using namespace std::chrono_literals;

constexpr auto kShowAfter = 1s;
constexpr auto kRedrawEvery = 200ms;

std::string human_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

}  // namespace

bool progress_wanted(bool quiet) {
    const char* term = std::getenv("TERM");
    return !quiet && ::isatty(STDERR_FILENO) && !(term && std::string_view(term) == "dumb");
}

ProgressLine::ProgressLine(std::uint64_t total_bytes, std::size_t total_files, bool enabled)
    : total_bytes_(total_bytes), total_files_(total_files) {
    if (enabled) thread_ = std::thread([this] { tick(); });
}

ProgressLine::~ProgressLine() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_.notify_all();
    thread_.join();
    if (drawn_) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
}

void ProgressLine::advance(std::uint64_t bytes, bool file_done) {
    bytes_ += bytes;
    if (file_done) ++files_;
}

void ProgressLine::tick() {
    std::unique_lock lock(mutex_);
    if (stop_.wait_for(lock, kShowAfter, [&] { return stopping_; })) return;
    do {
        draw();
    } while (!stop_.wait_for(lock, kRedrawEvery, [&] { return stopping_; }));
}

void ProgressLine::draw() {
    const std::uint64_t bytes = bytes_;
    const std::size_t files = files_;
    const int percent =
        total_bytes_ > 0
            ? static_cast<int>(std::min<std::uint64_t>(100, bytes * 100 / total_bytes_))
            : 0;
    std::fprintf(stderr, "\r\033[Kscanning: %3d%%  %s of %s  %zu of %zu files", percent,
                 human_bytes(bytes).c_str(), human_bytes(total_bytes_).c_str(), files,
                 total_files_);
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace alertscan::cli
