// The interface of the readers for structured Windows exports (XML, CSV,
// JSON, wevtutil and PowerShell text): decoded UTF-8 text goes in, piece by
// piece, and EventRecords come out to a RecordSink.
//
// Contract for feed(): pieces arrive in input order without gaps or
// overlaps; a piece usually ends at a line boundary but may end anywhere
// (pieces of an over-long line); `offset` is the input offset of text[0];
// the first piece is line 1. A reader keeps at most one record (bounded by
// kMaxRecordBytes) plus the current piece in memory; a larger record is
// skipped and counted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "formats/event_record.hpp"

namespace alertscan {

// The records a reader skipped, by cause.
struct SkippedRecords {
    std::uint64_t oversized = 0;  // larger than RecordReader::kMaxRecordBytes
    std::uint64_t malformed = 0;  // not a record the reader can parse
    std::uint64_t cut_off = 0;    // the input, or the next record, began before its end
    std::uint64_t total() const { return oversized + malformed + cut_off; }
};

// The causes for the input's warning: "1 malformed, 2 over 1024 KiB";
// empty when nothing was skipped.
std::string describe(const SkippedRecords& skipped);

class RecordReader {
  public:
    static constexpr std::size_t kMaxRecordBytes = 1 << 20;

    virtual ~RecordReader() = default;
    virtual void feed(std::string_view text, std::uint64_t offset) = 0;
    // End of input: flush a last record that needs no terminator.
    virtual void finish() = 0;
    // Records skipped because they were larger than kMaxRecordBytes, could
    // not be parsed, or were cut off by the end of the input.
    virtual SkippedRecords skipped_by_cause() const = 0;
    std::uint64_t skipped() const { return skipped_by_cause().total(); }
};

}  // namespace alertscan
