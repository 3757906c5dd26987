// The EVTX fast path (evtx_fast_reader.hpp) against the full path
// (read_evtx_full, libevtx): framing and template parsing on the fixtures,
// identical records, counts and errors on the fixtures and on corrupted
// copies of them (flipped bytes with and without repaired checksums,
// truncated, zeroed and missing chunks, a file header alone).

#include "input/evtx_fast_reader.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "formats/schannel_events.hpp"
#include "input/byte_source.hpp"
#include "input/evtx_reader.hpp"

namespace alertscan {
namespace {

const std::string kCorpus = ALERTSCAN_SOURCE_DIR "/../shared/corpus/evtx/";
const std::string kSample = ALERTSCAN_SOURCE_DIR "/sample-logs/windows/System-schannel.evtx";
constexpr std::size_t kChunk = 0x10000;
constexpr std::size_t kHeader = 4096;

std::string describe(const EventRecord& record) {
    std::string text = record.provider + "|" + record.provider_guid + "|" +
                       (record.event_id ? std::to_string(*record.event_id) : "-") + "|" +
                       (record.record_id ? std::to_string(*record.record_id) : "-") + "|" +
                       record.time + "|" + record.computer + "|" + record.message + "|" +
                       std::to_string(record.offset) + "|" + std::to_string(record.line);
    for (const auto& [name, value] : record.data) text += "|" + name + "=" + value;
    return text;
}

class Collect : public RecordSink {
  public:
    void on_record(const EventRecord& record) override { records.push_back(describe(record)); }
    std::vector<std::string> records;
};

class CollectInterpreted : public RecordSink {
  public:
    void on_record(const EventRecord& record) override {
        if (!record.event_id || schannel_interprets_event_id(*record.event_id)) {
            records.push_back(describe(record));
        }
    }
    std::vector<std::string> records;
};

struct Outcome {
    std::uint64_t delivered = 0;
    EvtxStats stats;
    std::vector<std::string> records;
    std::string error;
};

template <typename Sink, typename Read>
Outcome run(Read read, const std::string& path) {
    Outcome outcome;
    Sink sink;
    try {
        outcome.delivered = read(path, sink, &outcome.stats);
    } catch (const InputError& error) {
        outcome.error = error.what();
    }
    outcome.records = sink.records;
    return outcome;
}

// Fast path (with its fallbacks) and full path give the same result: the
// same records that the interpreter can act on (the full path hands over
// the others too, and read_evtx does when it gives way to the full path).
// Returns the records the fast path delivered (the same as libevtx's when
// nothing failed).
std::uint64_t expect_same(const std::string& path) {
    SCOPED_TRACE(path);
    auto full_read = [](const std::string& p, RecordSink& s, EvtxStats* st) {
        return read_evtx_full(p, s, st);
    };
    auto fast_read = [](const std::string& p, RecordSink& s, EvtxStats* st) {
        return read_evtx(p, s, st);
    };
    auto fast_threaded_read = [](const std::string& p, RecordSink& s, EvtxStats* st) {
        return read_evtx(p, s, st, /*helper_thread=*/true);
    };
    Outcome full = run<CollectInterpreted>(full_read, path);
    Outcome fast = run<CollectInterpreted>(fast_read, path);
    Outcome threaded = run<CollectInterpreted>(fast_threaded_read, path);
    EXPECT_EQ(threaded.error, fast.error);
    EXPECT_EQ(threaded.delivered, fast.delivered);
    EXPECT_EQ(threaded.stats.lost, fast.stats.lost);
    EXPECT_EQ(threaded.stats.damage, fast.stats.damage);
    EXPECT_EQ(threaded.records, fast.records);
    EXPECT_EQ(fast.error, full.error);
    EXPECT_EQ(fast.delivered, full.delivered);
    EXPECT_EQ(fast.stats.records, full.stats.records);
    EXPECT_EQ(fast.stats.recovered, full.stats.recovered);
    EXPECT_EQ(fast.stats.delivered, full.stats.delivered);
    EXPECT_EQ(fast.stats.recovered_delivered, full.stats.recovered_delivered);
    EXPECT_EQ(fast.stats.failed, full.stats.failed);
    EXPECT_EQ(fast.stats.lost, full.stats.lost);
    EXPECT_EQ(fast.stats.damage, full.stats.damage);
    EXPECT_EQ(fast.records, full.records);
    return fast.delivered;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string temp_path(const std::string& name) {
    return testing::TempDir() + "alertscan_fast_" + std::to_string(::getpid()) + "_" + name;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::uint32_t le32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    std::memcpy(&value, bytes.data() + at, 4);
    return value;
}

// Recomputes the chunk's records and header checksums after an edit, so
// that the fast path goes on to read the edited Binary XML.
void repair_chunk(std::string& bytes, std::size_t chunk) {
    auto* data = reinterpret_cast<unsigned char*>(bytes.data() + chunk);
    const std::uint32_t free_space = le32(bytes, chunk + 48);
    if (free_space < 512 || free_space > kChunk) return;
    std::uint32_t records = static_cast<std::uint32_t>(::crc32(0, data + 512, free_space - 512));
    std::memcpy(data + 52, &records, 4);
    std::uint32_t header = static_cast<std::uint32_t>(::crc32(0, data, 120));
    header = static_cast<std::uint32_t>(::crc32(header, data + 128, 384));
    std::memcpy(data + 124, &header, 4);
}

std::optional<EvtxLayout> layout_of(const std::string& path, std::string& why) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    struct stat info {};
    ::fstat(fd, &info);
    auto layout = scan_evtx_layout(fd, static_cast<std::uint64_t>(info.st_size), why);
    ::close(fd);
    return layout;
}

TEST(EvtxFastReaderTest, LayoutOfTheSample) {
    std::string why;
    auto layout = layout_of(kSample, why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->records, 150u);
    EXPECT_EQ(layout->recovered, 0u);
    ASSERT_EQ(layout->chunks.size(), 1u);
    EXPECT_EQ(layout->chunks[0].file_offset, kHeader);
    EXPECT_EQ(layout->chunks[0].records.front(), 512u);
}

TEST(EvtxFastReaderTest, LayoutOfTheCorpus) {
    if (!std::filesystem::is_directory(kCorpus)) GTEST_SKIP() << "no corpus: " << kCorpus;
    std::string why;
    auto plaso = layout_of(kCorpus + "log2timeline__plaso__System.evtx", why);
    ASSERT_TRUE(plaso) << why;
    EXPECT_EQ(plaso->records, 5009u);
    // Stale header in a dirty file: every chunk's records are regular, and
    // the slack holds 79 recovered records.
    auto stale = layout_of(kCorpus + "omerbenamram__evtx__system.evtx", why);
    ASSERT_TRUE(stale) << why;
    EXPECT_EQ(stale->records, 1881u);
    EXPECT_EQ(stale->recovered, 79u);
    EXPECT_EQ(stale->chunks.size(), 15u);
}

TEST(EvtxFastReaderTest, TemplatesParsedOncePerChunk) {
    const std::string bytes = read_file(kSample);
    ASSERT_GE(bytes.size(), kHeader + kChunk);
    const auto* chunk = reinterpret_cast<const std::uint8_t*>(bytes.data() + kHeader);
    std::string why;
    auto layout = layout_of(kSample, why);
    ASSERT_TRUE(layout) << why;
    EvtxTemplateCache cache;
    std::size_t wanted_count = 0;
    for (std::uint32_t offset : layout->chunks[0].records) {
        bool wanted = false;
        auto xml = decode_evtx_record(chunk, kChunk, offset, cache, &wanted);
        ASSERT_TRUE(xml) << "record at " << offset;
        if (wanted) {
            ++wanted_count;
            EXPECT_NE(xml->find("<Provider Name=\"Schannel\""), std::string::npos) << *xml;
            EXPECT_NE(xml->find("<EventData"), std::string::npos) << *xml;
        } else {
            EXPECT_TRUE(xml->empty());
        }
    }
    // Every Schannel record of the sample is one the interpreter acts on.
    Collect all;
    read_evtx_full(kSample, all);
    std::size_t schannel = 0;
    for (const std::string& record : all.records) schannel += record.rfind("Schannel|", 0) == 0;
    EXPECT_EQ(wanted_count, schannel);
    EXPECT_GT(cache.size(), 1u);
    EXPECT_LT(cache.size(), layout->chunks[0].records.size());
}

TEST(EvtxFastReaderTest, DecodeRefusesWhatItDoesNotKnow) {
    std::string bytes = read_file(kSample);
    auto* chunk = reinterpret_cast<std::uint8_t*>(bytes.data() + kHeader);
    EvtxTemplateCache cache;
    bool wanted = false;
    EXPECT_FALSE(decode_evtx_record(chunk, kChunk, 0, cache, &wanted));      // chunk header
    EXPECT_FALSE(decode_evtx_record(chunk, kChunk, 65530, cache, &wanted));  // past the end
    EXPECT_FALSE(decode_evtx_record(chunk, 100, 512, cache, &wanted));       // short chunk
    chunk[512 + 24] = 0x0b;  // not a fragment header nor a template instance
    EXPECT_FALSE(decode_evtx_record(chunk, kChunk, 512, cache, &wanted));
}

TEST(EvtxFastReaderTest, SameAsLibevtxOnTheFixtures) {
    Collect sink;
    ASSERT_TRUE(read_evtx_fast_path(kSample, sink));  // the fast path is really taken
    CollectInterpreted interpreted;
    read_evtx_full(kSample, interpreted);
    EXPECT_EQ(sink.records, interpreted.records);  // and hands over only those
    expect_same(kSample);
    if (!std::filesystem::is_directory(kCorpus)) GTEST_SKIP() << "no corpus: " << kCorpus;
    for (const char* name :
         {"log2timeline__plaso__System.evtx", "williballenthin__python-evtx__system.evtx",
          "omerbenamram__evtx__system.evtx"}) {
        Collect corpus_sink;
        EXPECT_TRUE(read_evtx_fast_path(kCorpus + name, corpus_sink)) << name;
        expect_same(kCorpus + name);
    }
}

TEST(EvtxFastReaderTest, FlippedByteWithBadChecksumFallsBackToLibevtx) {
    std::string bytes = read_file(kSample);
    bytes[kHeader + 4000] = static_cast<char>(bytes[kHeader + 4000] ^ 0x5a);
    const std::string path = temp_path("flip_crc.evtx");
    write_file(path, bytes);
    std::string why;
    EXPECT_FALSE(layout_of(path, why));
    EXPECT_EQ(why, "a chunk records checksum mismatch");
    Collect sink;
    EXPECT_FALSE(read_evtx_fast_path(path, sink));
    expect_same(path);
    std::remove(path.c_str());
}

// Bytes flipped inside the records with the checksums repaired: the fast
// path reads corrupt Binary XML and must agree with libevtx on every one.
// (400 rounds passed while this was written; 60 keep the suite quick.)
TEST(EvtxFastReaderTest, CorruptBinaryXmlAgreesWithLibevtx) {
    const std::string original = read_file(kSample);
    const std::uint32_t free_space = le32(original, kHeader + 48);
    std::mt19937 random(20261123);
    std::uniform_int_distribution<std::size_t> where(kHeader + 512 + 24, kHeader + free_space - 1);
    std::uniform_int_distribution<int> bit(0, 7);
    const std::string path = temp_path("flip_fixed.evtx");
    std::uint64_t delivered = 0;
    for (int round = 0; round < 60; ++round) {
        std::string bytes = original;
        for (int flips = 0; flips < 1 + round % 6; ++flips) {
            const std::size_t at = where(random);
            bytes[at] = static_cast<char>(bytes[at] ^ (1 << bit(random)));
        }
        repair_chunk(bytes, kHeader);
        write_file(path, bytes);
        delivered += expect_same(path);
        if (HasFailure()) return;  // one corrupt file's report is enough
    }
    // The flips leave most records readable: both readers agreed on records,
    // not only on rejecting whole files.
    EXPECT_GT(delivered, 0u);
    std::remove(path.c_str());
}

TEST(EvtxFastReaderTest, TruncatedZeroedAndHeaderOnlyFiles) {
    const std::string original = read_file(kSample);
    const std::string path = temp_path("cut.evtx");
    // A chunk cut short: libevtx reads no part of it, nor does the fast path.
    write_file(path, original.substr(0, kHeader + kChunk / 2));
    expect_same(path);
    Collect sink;
    EXPECT_EQ(read_evtx(path, sink), 0u);
    // A zeroed chunk (a preallocated log).
    std::string zeroed = original;
    std::fill(zeroed.begin() + kHeader, zeroed.begin() + kHeader + kChunk, '\0');
    write_file(path, zeroed);
    expect_same(path);
    // The file header alone.
    write_file(path, original.substr(0, kHeader));
    expect_same(path);
    // A chunk without its signature, and a chunk header size libevtx rejects.
    std::string unsigned_chunk = original;
    unsigned_chunk[kHeader] = 'X';
    write_file(path, unsigned_chunk);
    expect_same(path);
    std::string bad_header_size = original;
    bad_header_size[kHeader + 40] = 64;
    repair_chunk(bad_header_size, kHeader);
    write_file(path, bad_header_size);
    expect_same(path);
    // A broken file header checksum.
    std::string bad_file_header = original;
    bad_file_header[124] = static_cast<char>(bad_file_header[124] ^ 1);
    write_file(path, bad_file_header);
    expect_same(path);
    std::remove(path.c_str());
}

// A record cut where it is near the chunk's end, with its size fields
// consistent: libevtx drops a record that ends within 4 bytes of the end.
TEST(EvtxFastReaderTest, RecordChainBrokenFallsBack) {
    std::string bytes = read_file(kSample);
    // Make the first record's trailing size copy disagree.
    const std::uint32_t size = le32(bytes, kHeader + 512 + 4);
    bytes[kHeader + 512 + size - 4] = static_cast<char>(bytes[kHeader + 512 + size - 4] ^ 1);
    repair_chunk(bytes, kHeader);
    const std::string path = temp_path("chain.evtx");
    write_file(path, bytes);
    std::string why;
    EXPECT_FALSE(layout_of(path, why));
    EXPECT_EQ(why, "a chunk whose records do not chain up");
    expect_same(path);
    std::remove(path.c_str());
}

}  // namespace
}  // namespace alertscan

namespace alertscan {
namespace {

// A generated System.evtx of several chunks (tests/tools/gen_evtx.py).
std::string generated_evtx(const std::string& name, int records) {
    const std::string path = temp_path(name);
    const std::string command =
        "'" ALERTSCAN_PYTHON "' '" ALERTSCAN_SOURCE_DIR "/tests/tools/gen_evtx.py' '" + path +
        "' --records " + std::to_string(records) + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0);
    return path;
}

struct FastRun {
    std::vector<std::string> records;
    std::uint64_t delivered = 0;
    EvtxFastCounts counts;
    std::string error;
};

// read_evtx_fast over `layout` (scanned from the whole file) with the
// records read from `path`, which may have been cut since.
FastRun read_fast(const std::string& path, const EvtxLayout& layout, bool decoding_thread) {
    FastRun result;
    Collect sink;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    auto fallback = [](std::uint64_t, bool) { return false; };
    try {
        result.delivered =
            read_evtx_fast(fd, layout, sink, fallback, &result.counts, decoding_thread);
    } catch (const InputError& error) {
        result.error = error.what();
    }
    ::close(fd);
    result.records = sink.records;
    return result;
}

// The decoding thread (-j 2 and up) changes nothing: the same records in
// the same order, the same counts, and a file cut short while it is read
// gives the records of the chunks before the cut, then the error.
TEST(EvtxFastReaderTest, DecodingThreadGivesTheSameRecordsAndErrors) {
    const std::string path = generated_evtx("threaded.evtx", 1500);
    std::string why;
    std::optional<EvtxLayout> layout = layout_of(path, why);
    ASSERT_TRUE(layout) << why;
    ASSERT_GT(layout->chunks.size(), 5u);  // more chunks than the thread works ahead

    const FastRun alone = read_fast(path, *layout, false);
    const FastRun threaded = read_fast(path, *layout, true);
    EXPECT_GT(alone.records.size(), 100u);
    EXPECT_EQ(threaded.records, alone.records);
    EXPECT_EQ(threaded.delivered, alone.delivered);
    EXPECT_EQ(threaded.delivered, layout->records);
    EXPECT_EQ(threaded.counts.handed_over, alone.counts.handed_over);
    EXPECT_EQ(threaded.counts.deferred, 0u);

    // Cut in the fourth chunk after the layout was read.
    const std::string cut = temp_path("threaded_cut.evtx");
    write_file(cut, read_file(path).substr(0, kHeader + 3 * kChunk + 1000));
    const FastRun cut_alone = read_fast(cut, *layout, false);
    const FastRun cut_threaded = read_fast(cut, *layout, true);
    EXPECT_EQ(cut_alone.error, "the file was cut short while being read");
    EXPECT_EQ(cut_threaded.error, cut_alone.error);
    EXPECT_EQ(cut_threaded.records, cut_alone.records);
    EXPECT_FALSE(cut_alone.records.empty());
    EXPECT_LT(cut_alone.records.size(), alone.records.size());
    std::remove(path.c_str());
    std::remove(cut.c_str());
}

}  // namespace
}  // namespace alertscan
