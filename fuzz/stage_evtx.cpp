// The EVTX reader (libevtx) on arbitrary bytes. read_evtx wants a path, so
// the input goes into an in-memory file (memfd) named by /proc/self/fd/N:
// nothing is written to disk. Checks: no crash or leak; a file that is not
// EVTX is refused with InputError, never anything else.
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "formats/event_record.hpp"
#include "fuzz_stages.hpp"
#include "fuzz_support.hpp"
#include "input/evtx_reader.hpp"

namespace alertscan::fuzz {

namespace {

class CountingSink : public RecordSink {
  public:
    void on_record(const EventRecord&) override { ++records; }
    std::uint64_t records = 0;
};

}  // namespace

void evtx(const std::uint8_t* data, std::size_t size) {
    const int fd = memfd_create("fuzz.evtx", 0);
    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(write(fd, data, size) == static_cast<ssize_t>(size));
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    CountingSink sink;
    EvtxStats stats;
    try {
        const std::uint64_t delivered = read_evtx(path, sink, &stats);
        FUZZ_CHECK(delivered == sink.records);
        FUZZ_CHECK(stats.delivered == sink.records);
    } catch (const InputError&) {
    }
    close(fd);
}

}  // namespace alertscan::fuzz
