// Helpers shared by the libFuzzer targets (docs/fuzzing.md): a ByteSource
// that serves the fuzz input in small pieces, sinks that keep what the
// stages hand out, and a check that aborts (a crash libFuzzer reports) when
// an invariant of a stage's contract does not hold.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/event_record.hpp"
#include "formats/schannel_events.hpp"
#include "fuzz_stages.hpp"
#include "input/byte_source.hpp"
#include "summary/hit.hpp"

namespace alertscan::fuzz {

// A contract violation: abort so that libFuzzer saves the input. Every check
// is counted (checks_made()), so a replay can tell that a stage's invariants
// were tested on its input, not skipped.
#define FUZZ_CHECK(condition)                                                                  \
    do {                                                                                       \
        ::alertscan::fuzz::count_check();                                                      \
        if (!(condition)) {                                                                    \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                      \
        }                                                                                      \
    } while (false)

// Serves `data` no more than `piece` bytes per read() (a pipe, a slow disk):
// the reading stages must give the same result whatever the piece size.
class PieceSource : public ByteSource {
  public:
    PieceSource(std::string_view data, std::size_t piece) : data_(data), piece_(piece) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        const std::size_t n = std::min({capacity, piece_, data_.size() - pos_});
        std::memcpy(buffer, data_.data() + pos_, n);
        pos_ += n;
        return n;
    }

  private:
    std::string_view data_;
    std::size_t piece_;
    std::size_t pos_ = 0;
};

// Reads the parameters of a run (piece sizes, cut positions) from the last
// bytes of the fuzz input and leaves the rest, from the front, as the data:
// a plain log file used as a seed stays a readable log.
class FuzzInput {
  public:
    FuzzInput(const std::uint8_t* data, std::size_t size)
        : data_(reinterpret_cast<const char*>(data), size) {}

    // A value in [low, high]; `low` once the input is used up.
    std::size_t take(std::size_t low, std::size_t high) {
        const std::size_t range = high - low;
        std::size_t value = 0;
        for (std::size_t span = range; span > 0 && !data_.empty(); span >>= 8) {
            value = (value << 8) | static_cast<unsigned char>(data_.back());
            data_.remove_suffix(1);
        }
        return range == SIZE_MAX ? value : low + value % (range + 1);
    }

    std::string_view rest() const { return data_; }

  private:
    std::string_view data_;
};

// `unit` repeated `times` times: lets a small fuzz input fill several
// buffers, so chunk and buffer edges fall everywhere inside it.
inline std::string repeat(std::string_view unit, std::size_t times) {
    std::string out;
    out.reserve(unit.size() * times);
    for (std::size_t i = 0; i < times; ++i) out.append(unit);
    return out;
}

// What a record reader delivered, in a form that can be compared.
struct RecordDigest {
    std::uint64_t offset;
    std::uint64_t line;
    std::optional<int> event_id;
    std::string provider;
    std::string message;
    bool operator==(const RecordDigest&) const = default;
};

class CollectingRecordSink : public RecordSink {
  public:
    void on_record(const EventRecord& record) override {
        records.push_back(
            {record.offset, record.line, record.event_id, record.provider, record.message});
    }
    std::vector<RecordDigest> records;
};

class CollectingHitSink : public HitSink {
  public:
    void on_hit(const Hit& hit) override { hits.push_back(hit); }
    std::vector<Hit> hits;
};

class NullEventSink : public SchannelEventSink {
  public:
    void on_event(const SchannelEvent&) override {}
};

}  // namespace alertscan::fuzz
