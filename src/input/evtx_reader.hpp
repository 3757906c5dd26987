// Windows .evtx files, decoded by libevtx (Debian libevtx-dev 20181227): each
// record's XML rendering is read with parse_event_xml.
//
// libevtx walks every chunk in the file, so a file whose header is stale
// (dirty, counting fewer chunks than it holds) is still read whole. Records
// libevtx cannot decode (a null <Data> value, unsupported value types) are
// skipped and counted. Recovered records (found in chunk slack) are tried
// too; libevtx 20181227 fails on every one seen so far.
//
// Record offsets: libevtx 20181227 reports 0 as every record's file offset,
// so EventRecord::offset holds the record's 0-based index in libevtx's
// record list instead (recovered records continue after the last regular
// index); line is 0. The record's own number is in record_id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "formats/event_record.hpp"

namespace alertscan {

struct EvtxStats {
    std::uint64_t records = 0;              // records libevtx lists
    std::uint64_t recovered = 0;            // recovered records libevtx lists
    std::uint64_t delivered = 0;            // handed to the sink (both kinds)
    std::uint64_t recovered_delivered = 0;  // of which recovered
    std::uint64_t failed = 0;  // skipped: not decodable by libevtx, or XML not an event
    std::uint64_t lost = 0;    // of which regular (not recovered) records
    // Why records were lost, when the file is damaged: chunks the header
    // counts that are missing or not chunks, records of a corrupt chunk
    // that libevtx lists but cannot decode. Empty for an intact file.
    std::string damage;
};

// Reads every record, then every recovered record, of the .evtx file at
// `path` into `sink`, in file order. Returns the number of records handed to
// the sink. Throws InputError when the file cannot be opened or is not an
// EVTX file (message: the cause only, e.g. "No such file or directory",
// "not an EVTX file (no ElfFile signature)"). Needs a seekable file, so "-"
// (standard input) is not supported, nor is a FIFO or a device. A damaged
// file (see EvtxStats::damage) is read as far as it goes, without throwing.
//
// The records are read by the fast path (evtx_fast_reader.hpp, docs/evtx.md)
// when the file's layout is one it mirrors, else by libevtx alone; both give
// the same records, counts and stats. The fast path hands the sink only the
// records SchannelInterpreter may act on: those with an event id it
// interprets (schannel_interprets_event_id), and those whose event id it
// cannot tell without decoding them; it counts the others as delivered; `failed` then counts what
// libevtx would fail on. Setting ALERTSCAN_EVTX_DECODER=libevtx forces the full path (a testing
// aid). With `helper_thread`, the fast path decodes records on a thread of its own while this one
// parses them (same results).
std::uint64_t read_evtx(const std::string& path, RecordSink& sink, EvtxStats* stats = nullptr,
                        bool helper_thread = false);

// The full path: every record through libevtx's XML and parse_event_xml.
std::uint64_t read_evtx_full(const std::string& path, RecordSink& sink, EvtxStats* stats = nullptr);

// The fast path alone: nothing when the file's layout makes it give way to
// the full path.
std::optional<std::uint64_t> read_evtx_fast_path(const std::string& path, RecordSink& sink,
                                                 EvtxStats* stats = nullptr,
                                                 bool helper_thread = false);

}  // namespace alertscan
