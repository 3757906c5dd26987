#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <utility>

#include "fuzz_stages.hpp"

namespace alertscan::fuzz {

Stage find_stage(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, Stage>, 11> kStages = {{
        {"decoding", decoding},
        {"records_xml", records_xml},
        {"records_csv", records_csv},
        {"records_json", records_json},
        {"records_wintext", records_wintext},
        {"matcher", matcher},
        {"evtx", evtx},
        {"evtx_fast", evtx_fast},
        {"patterns", patterns},
        {"compressed", compressed},
        {"state", state},
    }};
    for (const auto& [stage_name, stage] : kStages)
        if (stage_name == name) return stage;
    return nullptr;
}

void quiet_logging() {
    spdlog::set_level(spdlog::level::off);
}

namespace {
std::atomic<std::uint64_t> checks{0};
}  // namespace

std::uint64_t checks_made() {
    return checks.load(std::memory_order_relaxed);
}

void count_check() {
    checks.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace alertscan::fuzz
