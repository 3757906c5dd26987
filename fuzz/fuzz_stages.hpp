// The stages the fuzz targets drive, one function each (docs/fuzzing.md).
// A libFuzzer target is a thin wrapper (fuzz_main.cpp) around one of them;
// the unit test tests/unit/fuzz_regress_test.cpp replays the inputs saved in
// tests/data/regress/<stage>/ through the same functions, in the normal
// build. A function returns normally on any input; a failed invariant
// aborts (FUZZ_CHECK), a memory error is the sanitizers' to report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace alertscan::fuzz {

using Stage = void (*)(const std::uint8_t* data, std::size_t size);

void decoding(const std::uint8_t* data, std::size_t size);
void records_xml(const std::uint8_t* data, std::size_t size);
void records_csv(const std::uint8_t* data, std::size_t size);
void records_json(const std::uint8_t* data, std::size_t size);
void records_wintext(const std::uint8_t* data, std::size_t size);
void matcher(const std::uint8_t* data, std::size_t size);
void evtx(const std::uint8_t* data, std::size_t size);
void evtx_fast(const std::uint8_t* data, std::size_t size);
void patterns(const std::uint8_t* data, std::size_t size);
void compressed(const std::uint8_t* data, std::size_t size);
void state(const std::uint8_t* data, std::size_t size);

// The stage called `name` ("decoding", "records_csv", ...), or nullptr.
Stage find_stage(std::string_view name);

// Turns logging off: the stages exercise error paths on purpose.
void quiet_logging();

// FUZZ_CHECKs evaluated so far, by every thread (a failed one aborts).
std::uint64_t checks_made();
void count_check();

}  // namespace alertscan::fuzz
