// Incremental runs (--state): the rotation planner for every logrotate
// scenario, the next state it builds, the state file's validation and its
// lock, and the chunk reader holding back a partial last line.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "input/chunk_reader.hpp"
#include "state/planner.hpp"
#include "state/state_file.hpp"
#include "string_source.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

const std::string kOldText = "Mar  2 09:00:01 host1 first line of the old file\nsecond line\n";
const std::string kNewText = "Mar  2 10:00:01 host1 first line of the new file\n";

CurrentFile file(const std::string& path, std::uint64_t inode, const std::string& content,
                 bool compressed = false, std::uint64_t size = 0) {
    CurrentFile current;
    current.path = path;
    current.regular = true;
    current.readable = true;
    current.device = 7;
    current.inode = inode;
    current.size = size ? size : content.size();
    current.compressed = compressed;
    current.head = content.substr(0, kFingerprintBytes);
    return current;
}

StateEntry entry(const std::string& path, std::uint64_t inode, const std::string& content,
                 std::uint64_t offset, std::uint64_t line = 3) {
    StateEntry old;
    old.path = path;
    old.device = 7;
    old.inode = inode;
    old.fingerprint = fingerprint_of(content);
    old.size = content.size();
    old.offset = offset;
    old.line = line;
    return old;
}

State state_of(std::vector<StateEntry> entries) {
    return State{std::move(entries)};
}

TEST(StatePlanner, NeverSeenFileIsReadFromTheStart) {
    const auto tasks = plan_scan(State{}, {file("app.log", 1, kOldText)});
    ASSERT_EQ(tasks.size(), 1u);
    EXPECT_EQ(tasks[0].reason, StartReason::New);
    EXPECT_EQ(tasks[0].start_offset, 0u);
    EXPECT_TRUE(tasks[0].record);
    EXPECT_TRUE(tasks[0].hold_partial_last_line);
}

TEST(StatePlanner, AppendedFileContinuesAtTheOldOffset) {
    const State old = state_of({entry("app.log", 1, kOldText, kOldText.size(), 3)});
    const auto tasks = plan_scan(old, {file("app.log", 1, kOldText + "more\n")});
    EXPECT_EQ(tasks[0].reason, StartReason::Grown);
    EXPECT_EQ(tasks[0].start_offset, kOldText.size());
    EXPECT_EQ(tasks[0].start_line, 3u);
    EXPECT_EQ(tasks[0].claimed, 0u);
}

TEST(StatePlanner, RenamedFileContinuesAndNewFileStartsAtZero) {
    // app.log -> app.log.1 (same inode), a new app.log.
    const State old = state_of({entry("app.log", 1, kOldText, 20)});
    const auto tasks =
        plan_scan(old, {file("app.log", 2, kNewText), file("app.log.1", 1, kOldText)});
    EXPECT_EQ(tasks[0].reason, StartReason::New);
    EXPECT_EQ(tasks[0].start_offset, 0u);
    EXPECT_EQ(tasks[1].reason, StartReason::Grown);
    EXPECT_EQ(tasks[1].start_offset, 20u);
}

TEST(StatePlanner, CopytruncateReadsTheCopyFromTheOldOffsetAndTheOriginalFromZero) {
    // app.log copied to app.log.1 (new inode), then truncated and written again.
    const State old = state_of({entry("app.log", 1, kOldText, 20)});
    const auto tasks =
        plan_scan(old, {file("app.log", 1, "x\n"), file("app.log.1", 2, kOldText + "tail\n")});
    EXPECT_EQ(tasks[0].reason, StartReason::Truncated);
    EXPECT_EQ(tasks[0].start_offset, 0u);
    EXPECT_FALSE(tasks[0].claimed);
    EXPECT_EQ(tasks[1].reason, StartReason::Moved);
    EXPECT_EQ(tasks[1].start_offset, 20u);
    EXPECT_EQ(tasks[1].claimed, 0u);
}

TEST(StatePlanner, CopytruncatedFileGrownPastTheOffsetIsToldByItsFingerprint) {
    const State old = state_of({entry("app.log", 1, kOldText, 20)});
    const std::string rewritten = kNewText + kNewText + kNewText;  // larger than 20 bytes
    const auto tasks = plan_scan(old, {file("app.log", 1, rewritten)});
    EXPECT_EQ(tasks[0].reason, StartReason::Truncated);
    EXPECT_EQ(tasks[0].start_offset, 0u);
}

TEST(StatePlanner, RotatedFileCompressedLaterIsSkippedToTheOldOffset) {
    // app.log.1 (read to 40) became app.log.2.gz with delaycompress.
    const State old = state_of({entry("app.log.1", 1, kOldText, 40, 2)});
    const auto tasks = plan_scan(old, {file("app.log.2.gz", 5, kOldText, true, 30)});
    EXPECT_EQ(tasks[0].reason, StartReason::Moved);
    EXPECT_EQ(tasks[0].start_offset, 40u);  // of the decompressed stream
    EXPECT_EQ(tasks[0].start_line, 2u);
    EXPECT_FALSE(tasks[0].hold_partial_last_line);
}

TEST(StatePlanner, TruncatedInPlaceIsReadFromTheStart) {
    const State old = state_of({entry("app.log", 1, kOldText, kOldText.size())});
    // Same first bytes again, but shorter than what was read.
    const auto tasks = plan_scan(old, {file("app.log", 1, kOldText.substr(0, 50))});
    EXPECT_EQ(tasks[0].reason, StartReason::Truncated);
    EXPECT_EQ(tasks[0].start_offset, 0u);
}

TEST(StatePlanner, DeletedFileIsDroppedFromTheNextState) {
    const State old =
        state_of({entry("gone.log", 1, kOldText, 20), entry("app.log", 2, kNewText, 0)});
    const std::vector<CurrentFile> files = {file("app.log", 2, kNewText)};
    const auto tasks = plan_scan(old, files);
    ScanOutcome outcome;
    outcome.resume_offset = kNewText.size();
    outcome.resume_line = 2;
    const State next = next_state(old, files, tasks, {outcome});
    ASSERT_EQ(next.entries.size(), 1u);
    EXPECT_EQ(next.entries[0].path, "app.log");
    EXPECT_EQ(next.entries[0].offset, kNewText.size());
    EXPECT_EQ(next.entries[0].line, 2u);
    EXPECT_EQ(next.entries[0].fingerprint, fingerprint_of(kNewText));
}

TEST(StatePlanner, AnEntryIsClaimedByOneFileOnly) {
    // Two copies of the same old content: only the first continues.
    const State old = state_of({entry("app.log", 1, kOldText, 20)});
    const auto tasks =
        plan_scan(old, {file("copy-a.log", 2, kOldText), file("copy-b.log", 3, kOldText)});
    EXPECT_EQ(tasks[0].reason, StartReason::Moved);
    EXPECT_EQ(tasks[0].start_offset, 20u);
    EXPECT_EQ(tasks[1].reason, StartReason::New);
    EXPECT_EQ(tasks[1].start_offset, 0u);
}

TEST(StatePlanner, InodeMatchWinsOverAnEarlierFingerprintMatch) {
    const State old = state_of({entry("app.log", 1, kOldText, 20)});
    const auto tasks =
        plan_scan(old, {file("copy.log", 9, kOldText), file("app.log", 1, kOldText)});
    EXPECT_EQ(tasks[0].reason, StartReason::New);
    EXPECT_EQ(tasks[1].reason, StartReason::Grown);
    EXPECT_EQ(tasks[1].start_offset, 20u);
}

TEST(StatePlanner, FingerprintOnlyMatchPrefersTheSamePath) {
    const State old = state_of({entry("a.log", 1, kOldText, 30), entry("b.log", 2, kOldText, 10)});
    const auto tasks = plan_scan(old, {file("b.log", 3, kOldText)});
    EXPECT_EQ(tasks[0].claimed, 1u);
    EXPECT_EQ(tasks[0].start_offset, 10u);
}

TEST(StatePlanner, PlainCopyShorterThanTheOffsetIsNotTheOldFile) {
    const State old = state_of({entry("app.log", 1, kOldText, kOldText.size())});
    const auto tasks = plan_scan(old, {file("other.log", 2, kOldText.substr(0, 30))});
    EXPECT_EQ(tasks[0].reason, StartReason::New);
}

TEST(StatePlanner, EmptyFileFingerprintMatchesNothing) {
    const State old = state_of({entry("empty.log", 1, "", 0)});
    const auto tasks = plan_scan(old, {file("other.log", 2, kOldText)});
    EXPECT_EQ(tasks[0].reason, StartReason::New);
    EXPECT_FALSE(fingerprint_matches(fingerprint_of(""), kOldText));
}

TEST(StatePlanner, NonRegularInputIsReadWholeAndNotRecorded) {
    CurrentFile fifo;
    fifo.path = "-";
    const std::vector<CurrentFile> files = {fifo};
    const auto tasks = plan_scan(State{}, files);
    EXPECT_EQ(tasks[0].reason, StartReason::NotRecorded);
    EXPECT_FALSE(tasks[0].record);
    EXPECT_FALSE(tasks[0].hold_partial_last_line);
    EXPECT_TRUE(next_state(State{}, files, tasks, {ScanOutcome{}}).entries.empty());
}

TEST(StatePlanner, UnchangedCompressedFileIsNotReadAgain) {
    StateEntry old = entry("app.log.2.gz", 5, kOldText, 400);
    old.compressed = true;
    old.size = 90;
    const std::vector<CurrentFile> files = {file("app.log.3.gz", 5, kOldText, true, 90)};
    const auto tasks = plan_scan(state_of({old}), files);
    EXPECT_EQ(tasks[0].reason, StartReason::Unchanged);
    EXPECT_TRUE(tasks[0].skip);
    const State next = next_state(state_of({old}), files, tasks, {ScanOutcome{}});
    ASSERT_EQ(next.entries.size(), 1u);
    EXPECT_EQ(next.entries[0].path, "app.log.3.gz");
    EXPECT_EQ(next.entries[0].offset, 400u);
}

TEST(StatePlanner, WholeReadExportIsReadAgainOnlyWhenItChanged) {
    StateEntry old = entry("System.evtx", 4, kOldText, kOldText.size());
    old.whole = true;
    EXPECT_TRUE(plan_scan(state_of({old}), {file("System.evtx", 4, kOldText)})[0].skip);
    const auto tasks = plan_scan(state_of({old}), {file("System.evtx", 4, kOldText + "x")});
    EXPECT_EQ(tasks[0].reason, StartReason::Changed);
    EXPECT_EQ(tasks[0].start_offset, 0u);
    EXPECT_FALSE(tasks[0].skip);
}

TEST(StatePlanner, FailedScanKeepsTheOldEntry) {
    const State old = state_of({entry("app.log", 1, kOldText, 20)});
    const std::vector<CurrentFile> files = {file("app.log", 1, kOldText + "more\n")};
    const auto tasks = plan_scan(old, files);
    ScanOutcome failed;
    failed.failed = true;
    const State next = next_state(old, files, tasks, {failed});
    ASSERT_EQ(next.entries.size(), 1u);
    EXPECT_EQ(next.entries[0], old.entries[0]);
}

TEST(StatePlanner, UnreadableFileKeepsItsEntry) {
    const State old = state_of({entry("app.log", 1, kOldText, 20)});
    CurrentFile locked = file("app.log", 1, "");
    locked.readable = false;
    const auto tasks = plan_scan(old, {locked});
    EXPECT_EQ(tasks[0].reason, StartReason::Unreadable);
    const State next = next_state(old, {locked}, tasks, {ScanOutcome{true, {}, 1}});
    ASSERT_EQ(next.entries.size(), 1u);
    EXPECT_EQ(next.entries[0], old.entries[0]);
}

TEST(StatePlanner, NonResumableInputIsRecordedAsReadWhole) {
    const std::vector<CurrentFile> files = {file("export.xml", 3, kOldText)};
    const auto tasks = plan_scan(State{}, files);
    const State next = next_state(State{}, files, tasks, {ScanOutcome{}});
    ASSERT_EQ(next.entries.size(), 1u);
    EXPECT_TRUE(next.entries[0].whole);
    EXPECT_EQ(next.entries[0].size, kOldText.size());
}

// ------------------------------------------------------------- state file

TEST(StateFile, RoundTripsEveryField) {
    StateEntry one = entry("/var/log/app.log", 12, kOldText, 20, 2);
    one.compressed = true;
    StateEntry two = entry("/var/log/System.evtx", 13, kNewText, 48);
    two.whole = true;
    const State state = state_of({one, two});
    const std::string text = format_state(state);
    EXPECT_NE(text.find("\"format\": \"alertscan.state/1\""), std::string::npos);
    const State back = parse_state(text, "s.json");
    ASSERT_EQ(back.entries.size(), 2u);
    EXPECT_EQ(back.entries[0], one);
    EXPECT_EQ(back.entries[1], two);
}

std::string error_of(const std::string& text) {
    try {
        parse_state(text, "/x/s.json");
    } catch (const StateError& error) {
        return error.what();
    }
    return "";
}

TEST(StateFile, CorruptJsonIsAnErrorNamingTheFile) {
    const std::string message = error_of("{\"format\": \"alertscan.state/1\", \"files\": [");
    EXPECT_NE(message.find("/x/s.json"), std::string::npos) << message;
    EXPECT_NE(message.find("corrupt"), std::string::npos) << message;
}

// nlohmann::json throws out_of_range, not parse_error, for a number too
// large for any type: it used to escape parse_state and end the run
// (found by fuzz_state).
TEST(StateFile, NumberTooLargeIsCorruptNotACrash) {
    const std::string message = error_of(R"({"format": "alertscan.state/1", "files": [1e40000]})");
    EXPECT_NE(message.find("/x/s.json"), std::string::npos) << message;
    EXPECT_NE(message.find("corrupt"), std::string::npos) << message;
}

TEST(StateFile, NewerVersionIsRefused) {
    const std::string message = error_of(R"({"format": "alertscan.state/2", "files": []})");
    EXPECT_NE(message.find("newer alertscan"), std::string::npos) << message;
    EXPECT_NE(message.find("/x/s.json"), std::string::npos) << message;
}

TEST(StateFile, ForeignFileIsRefused) {
    EXPECT_NE(error_of(R"({"schema": "alertscan.summary/1"})").find("not an alertscan state file"),
              std::string::npos);
    EXPECT_NE(error_of("hello\n").find("not an alertscan state file"), std::string::npos);
}

TEST(StateFile, BadFieldIsNamed) {
    const std::string message = error_of(
        R"({"format": "alertscan.state/1", "files": [{"path": "a", "device": 1, "inode": -4,
            "size": 1, "offset": 0, "line": 1, "fingerprint": {"bytes": 1, "fnv1a64": "0123456789abcdef"}}]})");
    EXPECT_NE(message.find("files[0].inode"), std::string::npos) << message;
}

TEST(StateFile, MissingFileIsAnEmptyState) {
    EXPECT_TRUE(load_state("/nonexistent/alertscan-state.json").entries.empty());
}

fs::path temp_dir() {
    const fs::path dir =
        fs::temp_directory_path() / ("alertscan-state-" + std::to_string(getpid()));
    fs::create_directories(dir);
    return dir;
}

TEST(StateFile, SaveThenLoad) {
    const fs::path dir = temp_dir();
    const std::string path = (dir / "s.json").string();
    save_state(path, state_of({entry("app.log", 1, kOldText, 20)}));
    const State back = load_state(path);
    ASSERT_EQ(back.entries.size(), 1u);
    EXPECT_EQ(back.entries[0].offset, 20u);
    EXPECT_FALSE(fs::exists(path + ".tmp." + std::to_string(getpid())));
    fs::remove_all(dir);
}

TEST(StateFile, SecondLockOnTheSameStateFileIsRefused) {
    const fs::path dir = temp_dir();
    const std::string path = (dir / "s.json").string();
    {
        StateLock first(path);
        try {
            StateLock second(path);
            ADD_FAILURE() << "second lock taken";
        } catch (const StateError& error) {
            EXPECT_NE(std::string(error.what()).find(path), std::string::npos);
            EXPECT_NE(std::string(error.what()).find("in use"), std::string::npos);
        }
    }
    StateLock again(path);  // released with the first
    fs::remove_all(dir);
}

// ----------------------------------------------------------- chunk reader

TEST(ChunkReaderHold, PartialLastLineIsLeftForTheNextRun) {
    test_support::StringSource source("one\ntwo\nthr");
    ChunkReader reader(source);
    reader.hold_partial_last_line();
    Chunk chunk;
    std::string seen;
    while (reader.next(chunk)) seen += std::string(chunk.text.substr(0, chunk.report_limit));
    EXPECT_EQ(seen, "one\ntwo\n");
    EXPECT_EQ(reader.complete_lines_end(), 8u);
}

TEST(ChunkReaderHold, OnlyAPartialLineGivesNothing) {
    test_support::StringSource source("partial");
    ChunkReader reader(source);
    reader.hold_partial_last_line();
    Chunk chunk;
    EXPECT_FALSE(reader.next(chunk));
    EXPECT_EQ(reader.complete_lines_end(), 0u);
}

}  // namespace
}  // namespace alertscan
