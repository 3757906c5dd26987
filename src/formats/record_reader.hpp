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
#include <string_view>

#include "formats/event_record.hpp"

namespace alertscan {

class RecordReader {
  public:
    static constexpr std::size_t kMaxRecordBytes = 1 << 20;

    virtual ~RecordReader() = default;
    virtual void feed(std::string_view text, std::uint64_t offset) = 0;
    // End of input: flush a last record that needs no terminator.
    virtual void finish() = 0;
    // Records skipped because they were larger than kMaxRecordBytes or
    // could not be parsed.
    virtual std::uint64_t skipped() const = 0;
};

}  // namespace alertscan
