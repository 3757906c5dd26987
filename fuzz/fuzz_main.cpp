// One libFuzzer target: FUZZ_STAGE names the stage (fuzz_stages.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_stages.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    alertscan::fuzz::quiet_logging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    alertscan::fuzz::FUZZ_STAGE(data, size);
    return 0;
}
