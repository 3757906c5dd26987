// read_evtx on the three real System.evtx files of shared/corpus/evtx
// (SOURCES.md there): record counts as evtxexport gives them, and the
// failures that must come out as InputError. The record-level checks use
// the full path (read_evtx_full), which hands every record to the sink;
// evtx_fast_reader_test.cpp holds the fast path to the same results.

#include "input/evtx_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "input/byte_source.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

const std::string kCorpus = ALERTSCAN_SOURCE_DIR "/../shared/corpus/evtx/";

class CheckingSink : public RecordSink {
  public:
    void on_record(const EventRecord& record) override {
        ++count;
        if (!record.event_id) ++without_event_id;
        if (record.provider.empty()) ++without_provider;
        if (record.time.size() < 20 || record.time.back() != 'Z') ++bad_time;
        if (iequals(record.provider, "Schannel")) ++schannel;
        if (record.record_id) record_ids.insert(*record.record_id);
        if (record.line != 0) ++with_line;
        computers.insert(record.computer);
        if (count == 1) first = record;
    }
    std::uint64_t count = 0;
    std::uint64_t without_event_id = 0;
    std::uint64_t without_provider = 0;
    std::uint64_t bad_time = 0;
    std::uint64_t schannel = 0;
    std::uint64_t with_line = 0;
    std::set<std::uint64_t> record_ids;
    std::set<std::string> computers;
    EventRecord first;
};

struct Expected {
    const char* file;
    std::uint64_t records;
};

class EvtxCorpusTest : public testing::TestWithParam<Expected> {};

TEST_P(EvtxCorpusTest, ReadsEveryRecord) {
    if (!std::filesystem::is_directory(kCorpus)) {
        GTEST_SKIP() << "corpus directory missing: " << kCorpus;
    }
    const Expected& expected = GetParam();
    CheckingSink sink;
    EvtxStats stats;
    std::uint64_t delivered = read_evtx_full(kCorpus + expected.file, sink, &stats);
    EXPECT_EQ(delivered, expected.records);
    EXPECT_EQ(sink.count, expected.records);
    EXPECT_EQ(stats.delivered, expected.records);
    EXPECT_EQ(stats.records, expected.records);
    EXPECT_EQ(stats.recovered_delivered, 0u);
    EXPECT_EQ(sink.without_event_id, 0u);
    EXPECT_EQ(sink.without_provider, 0u);
    EXPECT_EQ(sink.bad_time, 0u);
    EXPECT_EQ(sink.schannel, 0u);
    EXPECT_EQ(sink.with_line, 0u);
    EXPECT_EQ(sink.record_ids.size(), expected.records);  // each record once
    EXPECT_EQ(sink.first.offset, 0u);                     // the first record's index
    EXPECT_FALSE(sink.first.computer.empty());
}

INSTANTIATE_TEST_SUITE_P(RealSystemLogs, EvtxCorpusTest,
                         testing::Values(Expected{"log2timeline__plaso__System.evtx", 5009},
                                         Expected{"williballenthin__python-evtx__system.evtx",
                                                  1601},
                                         // Stale header (3 chunks counted, 15 present) and 79
                                         // recovered records that libevtx cannot decode.
                                         Expected{"omerbenamram__evtx__system.evtx", 1881}));

TEST(EvtxReaderTest, StaleHeaderFileCountsUndecodableRecoveredRecords) {
    if (!std::filesystem::is_directory(kCorpus)) {
        GTEST_SKIP() << "corpus directory missing: " << kCorpus;
    }
    CheckingSink sink;
    EvtxStats stats;
    read_evtx_full(kCorpus + "omerbenamram__evtx__system.evtx", sink, &stats);
    EXPECT_EQ(stats.recovered, 79u);
    EXPECT_EQ(stats.failed, 79u);
    EXPECT_EQ(sink.computers, (std::set<std::string>{"DESKTOP-2KGM189", "WIN-P4SIAA0SQCO"}));
}

TEST(EvtxReaderTest, ClassicProviderFields) {
    if (!std::filesystem::is_directory(kCorpus)) {
        GTEST_SKIP() << "corpus directory missing: " << kCorpus;
    }
    class FindSink : public RecordSink {
      public:
        void on_record(const EventRecord& record) override {
            if (record.record_id == 12050u) found = record;
        }
        EventRecord found;
    } sink;
    read_evtx_full(kCorpus + "williballenthin__python-evtx__system.evtx", sink);
    EXPECT_EQ(sink.found.provider, "Service Control Manager");
    EXPECT_EQ(sink.found.provider_guid, "{555908d1-a6d7-4695-8e1e-26931d2012f4}");
    EXPECT_EQ(sink.found.event_id, 7036);
    EXPECT_EQ(sink.found.time, "2012-03-14T04:17:38.2763402Z");
    EXPECT_EQ(sink.found.computer, "WKS-WIN764BITB.shieldbase.local");
    EXPECT_EQ(sink.found.field("param1"), "Windows Modules Installer");
    EXPECT_EQ(sink.found.field("param2"), "stopped");
    EXPECT_EQ(sink.found.offset, 1u);  // the second record in the file
}

TEST(EvtxReaderTest, MissingFileThrows) {
    CheckingSink sink;
    try {
        read_evtx("/nonexistent/dir/no.evtx", sink);
        FAIL() << "no exception";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "No such file or directory");
    }
    EXPECT_THROW(read_evtx("/", sink), InputError);
    EXPECT_EQ(sink.count, 0u);
}

TEST(EvtxReaderTest, NonEvtxFilesThrow) {
    std::string path = testing::TempDir() + "alertscan_not_evtx_" + std::to_string(::getpid());
    CheckingSink sink;
    for (std::string content :
         {std::string("<Event><System/></Event>\n"), std::string(), std::string("ElfFile")}) {
        std::ofstream(path, std::ios::binary) << content;
        try {
            read_evtx(path, sink);
            ADD_FAILURE() << "no exception for content '" << content << "'";
        } catch (const InputError& error) {
            EXPECT_STREQ(error.what(), "not an EVTX file (no ElfFile signature)");
        }
    }
    // The signature, then too few bytes for the 4096-byte file header.
    std::string header("ElfFile\0", 8);
    header.resize(100, '\0');
    std::ofstream(path, std::ios::binary) << header;
    try {
        read_evtx(path, sink);
        ADD_FAILURE() << "no exception for a short header";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "not a readable EVTX file: unable to read file header");
    }
    // A whole header of zeros after the signature: libevtx checks no more than
    // the signature and finds no chunk, so this is an empty log, not an error.
    header.resize(8192, '\0');
    std::ofstream(path, std::ios::binary) << header;
    EXPECT_EQ(read_evtx(path, sink), 0u);
    std::remove(path.c_str());
    EXPECT_EQ(sink.count, 0u);
}

}  // namespace
}  // namespace alertscan
