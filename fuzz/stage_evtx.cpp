// The EVTX readers on arbitrary bytes. They want a file, so the input goes
// into an in-memory file (memfd) named by /proc/self/fd/N: nothing is
// written to disk.
//
// evtx: the full path (libevtx for every record). Checks: no crash or leak;
// only InputError escapes; the count returned and the stats agree with the
// records delivered.
//
// evtx_fast: the hand-written fast path (evtx_fast_reader.hpp) on the same
// file, compared with the full path: when the fast path takes the file, it
// must return the same count and hand over the same records the full path
// gives for the event ids the SChannel interpreter acts on. Then one record
// decoded straight from the input taken as a chunk.
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "formats/event_record.hpp"
#include "formats/schannel_events.hpp"
#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"
#include "input/evtx_fast_reader.hpp"
#include "input/evtx_reader.hpp"

namespace alertscan::fuzz {
namespace {

// The input as a file, closed when done.
class MemoryFile {
  public:
    MemoryFile(const std::uint8_t* data, std::size_t size) : fd_(memfd_create("fuzz.evtx", 0)) {
        FUZZ_CHECK(fd_ >= 0);
        FUZZ_CHECK(write(fd_, data, size) == static_cast<ssize_t>(size));
    }
    ~MemoryFile() { close(fd_); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

  private:
    int fd_;
};

struct EvtxDigest {
    std::uint64_t offset;
    std::optional<int> event_id;
    std::optional<std::uint64_t> record_id;
    std::string provider;
    std::string time;
    std::vector<std::pair<std::string, std::string>> data;
    bool operator==(const EvtxDigest&) const = default;
};

class EvtxSink : public RecordSink {
  public:
    void on_record(const EventRecord& r) override {
        records.push_back({r.offset, r.event_id, r.record_id, r.provider, r.time, r.data});
    }
    std::vector<EvtxDigest> records;
};

struct FullRead {
    std::vector<EvtxDigest> records;
    std::uint64_t count = 0;
    bool failed = false;
};

FullRead read_full(const std::string& path) {
    FullRead result;
    EvtxSink sink;
    EvtxStats stats;
    try {
        result.count = read_evtx_full(path, sink, &stats);
        FUZZ_CHECK(result.count == sink.records.size());
        FUZZ_CHECK(stats.delivered == sink.records.size());
    } catch (const InputError&) {
        result.failed = true;
    }
    result.records = std::move(sink.records);
    return result;
}

}  // namespace

void evtx(const std::uint8_t* data, std::size_t size) {
    const MemoryFile file(data, size);
    read_full(file.path());
}

void evtx_fast(const std::uint8_t* data, std::size_t size) {
    {
        const MemoryFile file(data, size);
        EvtxSink fast_sink;
        std::optional<std::uint64_t> fast_count;
        bool fast_failed = false;
        try {
            fast_count = read_evtx_fast_path(file.path(), fast_sink);
        } catch (const InputError&) {
            fast_failed = true;
        }
        if (fast_count) {
            const FullRead full = read_full(file.path());
            FUZZ_CHECK(!full.failed);
            FUZZ_CHECK(*fast_count == full.count);
            // The fast path also hands over records whose event id it could
            // not tell without decoding them (found by fuzz_evtx_fast); the
            // interpreter ignores those, so compare what it acts on.
            auto interpreted = [](const std::vector<EvtxDigest>& records) {
                std::vector<EvtxDigest> kept;
                for (const EvtxDigest& record : records)
                    if (!record.event_id || schannel_interprets_event_id(*record.event_id))
                        kept.push_back(record);
                return kept;
            };
            FUZZ_CHECK(interpreted(fast_sink.records) == interpreted(full.records));
            // With the decoding thread (-j 2 and up): the same records.
            EvtxSink threaded_sink;
            const std::optional<std::uint64_t> threaded_count =
                read_evtx_fast_path(file.path(), threaded_sink, nullptr, /*helper_thread=*/true);
            FUZZ_CHECK(threaded_count == fast_count);
            FUZZ_CHECK(threaded_sink.records == fast_sink.records);
        }
        (void)fast_failed;
    }
    FuzzInput input(data, size);
    const auto record_offset = static_cast<std::uint32_t>(input.take(0, 65535));
    const std::string_view chunk = input.rest();
    EvtxTemplateCache cache;
    bool wanted = false;
    (void)decode_evtx_record(reinterpret_cast<const std::uint8_t*>(chunk.data()), chunk.size(),
                             record_offset, cache, &wanted);
}

}  // namespace alertscan::fuzz
