// The fast path for .evtx files: reads the file's framing (file header,
// 64 KiB chunks, records) and each record's Binary XML itself, with the
// chunk's templates parsed once. Only records the SChannel interpreter can
// act on (schannel_interprets_event_id) are rendered to XML and parsed with
// parse_event_xml; the others are counted only.
//
// It mirrors what libevtx 20181227 (the full path, evtx_reader.cpp) lists
// and what it can decode, and stays out of the way wherever it is not sure:
//  - a file layout it does not mirror exactly (bad checksums, a chunk whose
//    records do not chain up, ...) makes scan_evtx_layout fail, and the
//    caller reads the whole file with libevtx;
//  - recovered records (libevtx's name for records found in chunk slack, and
//    for records in chunks beyond the header's count of a clean file) are
//    counted as libevtx counts them and handed back to the caller;
//  - a record whose Binary XML holds anything unexpected (a token, a value
//    type or size, a character that libevtx might print differently or
//    that could break its XML, a null value where libevtx may fail) is
//    handed back to the caller by its index in libevtx's record list.
// docs/evtx.md describes the design.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "formats/event_record.hpp"

namespace alertscan {

// Where the records are: per chunk, its file offset and the chunk offsets
// of its records, in libevtx's order.
struct EvtxLayout {
    struct Chunk {
        std::uint64_t file_offset = 0;
        std::vector<std::uint32_t> records;
    };
    std::vector<Chunk> chunks;
    std::uint64_t records = 0;    // libevtx_file_get_number_of_records
    std::uint64_t recovered = 0;  // libevtx_file_get_number_of_recovered_records
    // libevtx_file_is_corrupted: chunks read differ from the header's count,
    // or a chunk it counts is all zeros (the other causes make the fast
    // path give way).
    bool corrupt = false;
};

// Reads the framing of the open file `fd` of `file_size` bytes. Nothing
// (and `why` set) when the layout is not one the fast path mirrors.
std::optional<EvtxLayout> scan_evtx_layout(int fd, std::uint64_t file_size, std::string& why);

struct EvtxFastCounts {
    std::uint64_t decoded = 0;              // decoded by the fast path (handed over or not)
    std::uint64_t handed_over = 0;          // of which handed to the sink
    std::uint64_t deferred = 0;             // given to the fallback
    std::uint64_t recovered_delivered = 0;  // recovered records the fallback decoded
};

// Decodes one record with libevtx: its index in libevtx's list of records
// (or of recovered records); true when it was decoded and handed over.
using EvtxFallback = std::function<bool(std::uint64_t index, bool recovered)>;

// Decodes every record of `layout`, then gives each recovered record to
// `fallback`. A record the fast path cannot decode is given to `fallback`
// too. Returns the number of records decoded, by either. Records are handed
// to `sink` in libevtx's order with offset = record index (recovered
// records continue after the last regular index) and line = 0. Throws
// InputError when the file cannot be read. With `decoding_thread`, chunks
// are read and their records decoded on a thread of its own, a few chunks
// ahead of this thread, which parses the XML and calls `sink` and
// `fallback` in the same order as without.
std::uint64_t read_evtx_fast(int fd, const EvtxLayout& layout, RecordSink& sink,
                             const EvtxFallback& fallback, EvtxFastCounts* counts = nullptr,
                             bool decoding_thread = false);

// Decodes one record's Binary XML (`chunk` is the whole 64 KiB chunk,
// `record_offset` the record's offset in it) as far as the fast path does:
// the XML for a record the interpreter may act on (`*wanted` true), an empty
// string for one it ignores (`*wanted` false); nothing when it cannot.
// Templates parsed on the way are kept in `cache` (one per chunk).
class EvtxTemplateCache;
std::optional<std::string> decode_evtx_record(const std::uint8_t* chunk, std::size_t chunk_size,
                                              std::uint32_t record_offset, EvtxTemplateCache& cache,
                                              bool* wanted);

class EvtxTemplateCache {
  public:
    EvtxTemplateCache();
    ~EvtxTemplateCache();
    EvtxTemplateCache(const EvtxTemplateCache&) = delete;
    EvtxTemplateCache& operator=(const EvtxTemplateCache&) = delete;
    void clear();
    std::size_t size() const;

    struct Impl;
    Impl& impl() { return *impl_; }

  private:
    Impl* impl_;
};

}  // namespace alertscan
