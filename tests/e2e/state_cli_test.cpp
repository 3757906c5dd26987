// End-to-end tests of incremental runs (--state): the real binary run two or
// three times over files that grow, rotate (rename, copytruncate, delayed
// gzip compression), shrink and vanish, asserting the exact number of hits
// of every run; plus a run killed mid-way, bad state files and the lock.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Result {
    int status = -1;
    std::string out;
    std::string err;
};

class StateRun : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("alertscan-state-e2e-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path path(const std::string& name) const { return dir_ / name; }

    // Runs alertscan in the test directory with `args`.
    Result run(const std::string& args) const {
        const std::string command = "cd '" + dir_.string() + "' && " + env_ +
                                    " '" ALERTSCAN_BINARY "' " + args +
                                    " >stdout 2>stderr </dev/null";
        const int raw = std::system(command.c_str());
        Result result;
        result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        result.out = read_file(path("stdout"));
        result.err = read_file(path("stderr"));
        return result;
    }

    // The hits of one `scan -f json --state s.json FILES` run.
    std::uint64_t hits(const std::string& files) const {
        const Result result = run("scan -f json --state s.json " + files);
        EXPECT_EQ(result.status, 0) << result.err;
        if (result.status != 0) return ~0ULL;
        return nlohmann::json::parse(result.out)["totals"]["hits"].get<std::uint64_t>();
    }

    // Appends `alerts` SChannel 36887 lines, each with a noise line after it;
    // every line is distinct (timestamps, hosts), as in a real log.
    void append(const std::string& name, int alerts, bool newline_at_end = true) {
        std::ofstream out(path(name), std::ios::binary | std::ios::app);
        for (int i = 0; i < alerts; ++i) {
            out << alert_line() << "\n" << noise_line();
            if (i + 1 < alerts || newline_at_end) out << "\n";
        }
    }

    std::string alert_line() {
        ++serial_;
        return "<11>Mar  2 09:" + two_digits(serial_ / 60 % 60) + ":" + two_digits(serial_ % 60) +
               " HOST" + std::to_string(serial_) +
               ".example.com Schannel[812]: 36887: A fatal alert was received from the remote "
               "endpoint. The TLS protocol defined fatal alert code is 46.";
    }
    std::string noise_line() const {
        return "Mar  2 09:00:00 host" + std::to_string(serial_) + " cron[1]: job " +
               std::to_string(serial_) + " done";
    }
    static std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

    fs::path dir_;
    std::string env_;  // variables set for the runs
    int serial_ = 0;
};

TEST_F(StateRun, AppendedLinesAreReadOnce) {
    append("app.log", 3);
    EXPECT_EQ(hits("app.log"), 3u);
    append("app.log", 2);
    EXPECT_EQ(hits("app.log"), 2u);
    EXPECT_EQ(hits("app.log"), 0u);
}

TEST_F(StateRun, FilesSplitIntoRangesUnderJobsResumeLikeTheSequentialPath) {
    env_ = "ALERTSCAN_RANGE_BYTES=1000";  // many ranges in a small file
    append("app.log", 40);
    EXPECT_EQ(hits("-j 2 app.log"), 40u);
    append("app.log", 10);
    std::ofstream(path("app.log"), std::ios::binary | std::ios::app) << alert_line();
    EXPECT_EQ(hits("-j 2 app.log"), 10u);  // the partial line waits
    std::ofstream(path("app.log"), std::ios::binary | std::ios::app) << "\n";
    append("app.log", 30);
    EXPECT_EQ(hits("-j 1 app.log"), 31u);
    append("app.log", 25);
    EXPECT_EQ(hits("-j 2 app.log"), 25u);
    const auto state = nlohmann::json::parse(read_file(path("s.json")));
    EXPECT_EQ(state["files"][0]["offset"].get<std::uint64_t>(), fs::file_size(path("app.log")));
    EXPECT_EQ(state["files"][0]["line"].get<std::uint64_t>(), 2u * (40 + 10 + 30 + 25) + 1 + 1);
}

TEST_F(StateRun, PartialLastLineIsCountedOnceWhenComplete) {
    append("app.log", 2);
    std::ofstream(path("app.log"), std::ios::binary | std::ios::app) << alert_line();
    EXPECT_EQ(hits("app.log"), 2u);  // the unfinished third line waits
    std::ofstream(path("app.log"), std::ios::binary | std::ios::app) << " (done)\n";
    EXPECT_EQ(hits("app.log"), 1u);
    EXPECT_EQ(hits("app.log"), 0u);
}

TEST_F(StateRun, RenamedFileTailAndNewFileAreRead) {
    append("app.log", 3);
    EXPECT_EQ(hits("app.log*"), 3u);
    append("app.log", 2);  // written before the rotation, not yet read
    fs::rename(path("app.log"), path("app.log.1"));
    append("app.log", 4);
    EXPECT_EQ(hits("app.log app.log.1"), 6u);
    EXPECT_EQ(hits("app.log app.log.1"), 0u);
}

TEST_F(StateRun, CopytruncateReadsTheCopysTailAndTheTruncatedFile) {
    append("app.log", 3);
    EXPECT_EQ(hits("app.log"), 3u);
    append("app.log", 1);
    fs::copy_file(path("app.log"), path("app.log.1"));
    fs::resize_file(path("app.log"), 0);
    append("app.log", 5);  // more than was read before: size alone would not tell
    EXPECT_EQ(hits("app.log app.log.1"), 6u);
    EXPECT_EQ(hits("app.log app.log.1"), 0u);
}

TEST_F(StateRun, RotatedFileCompressedLaterIsNotCountedAgain) {
    append("app.log", 3);
    EXPECT_EQ(hits("app.log"), 3u);
    append("app.log", 1);
    fs::rename(path("app.log"), path("app.log.1"));
    append("app.log", 2);
    EXPECT_EQ(hits("app.log app.log.1"), 3u);
    // Next rotation with delaycompress: app.log.1 -> app.log.2.gz, app.log -> app.log.1.
    append("app.log.1", 1);  // the old file got one more line after the last run
    append("app.log", 1);
    ASSERT_EQ(std::system(("gzip -c '" + path("app.log.1").string() + "' > '" +
                           path("app.log.2.gz").string() + "'")
                              .c_str()),
              0);
    fs::remove(path("app.log.1"));
    fs::rename(path("app.log"), path("app.log.1"));
    append("app.log", 2);
    EXPECT_EQ(hits("app.log app.log.1 app.log.2.gz"), 4u);
    EXPECT_EQ(hits("app.log app.log.1 app.log.2.gz"), 0u);
}

TEST_F(StateRun, FileTruncatedInPlaceIsReadFromTheStart) {
    append("app.log", 4);
    EXPECT_EQ(hits("app.log"), 4u);
    fs::resize_file(path("app.log"), 0);
    append("app.log", 2);
    EXPECT_EQ(hits("app.log"), 2u);
    EXPECT_EQ(hits("app.log"), 0u);
}

TEST_F(StateRun, DeletedFileIsDroppedFromTheState) {
    append("a.log", 2);
    append("b.log", 3);
    EXPECT_EQ(hits("a.log b.log"), 5u);
    fs::remove(path("b.log"));
    append("a.log", 1);
    EXPECT_EQ(hits("a.log"), 1u);
    const auto state = nlohmann::json::parse(read_file(path("s.json")));
    ASSERT_EQ(state["files"].size(), 1u);
    EXPECT_EQ(state["files"][0]["path"], "a.log");
    EXPECT_EQ(state["format"], "alertscan.state/1");
}

TEST_F(StateRun, StdinIsReadWholeAndNotRecorded) {
    append("app.log", 2);
    const std::string command = "cd '" + dir_.string() +
                                "' && cat app.log | '" ALERTSCAN_BINARY
                                "' scan -q --state s.json -";
    ASSERT_EQ(std::system(command.c_str()), 0);
    EXPECT_EQ(nlohmann::json::parse(read_file(path("s.json")))["files"].size(), 0u);
}

TEST_F(StateRun, CorruptStateFileIsAnErrorAndIsKept) {
    append("app.log", 1);
    std::ofstream(path("s.json")) << "{\"format\": \"alertscan.state/1\", \"files\": [{";
    const Result result = run("scan --state s.json app.log");
    EXPECT_EQ(result.status, 2);
    EXPECT_NE(result.err.find("s.json"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("corrupt"), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(read_file(path("s.json")), "{\"format\": \"alertscan.state/1\", \"files\": [{");
}

TEST_F(StateRun, StateFromANewerVersionIsRefused) {
    append("app.log", 1);
    std::ofstream(path("s.json")) << R"({"format": "alertscan.state/2", "files": []})";
    const Result result = run("scan --state s.json app.log");
    EXPECT_EQ(result.status, 2);
    EXPECT_NE(result.err.find("s.json"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("newer alertscan"), std::string::npos) << result.err;
}

TEST_F(StateRun, ConcurrentRunIsBlockedByTheLock) {
    append("app.log", 2);
    const int lock = ::open(path("s.json.lock").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(lock, 0);
    ASSERT_EQ(::flock(lock, LOCK_EX | LOCK_NB), 0);  // as a running alertscan holds it
    const Result blocked = run("scan --state s.json app.log");
    EXPECT_EQ(blocked.status, 2);
    EXPECT_NE(blocked.err.find("s.json is in use by another alertscan run"), std::string::npos)
        << blocked.err;
    EXPECT_FALSE(fs::exists(path("s.json")));
    ::close(lock);
    EXPECT_EQ(hits("app.log"), 2u);
}

// The position of `pid`'s descriptor open on `file`, or -1.
long long read_position(pid_t pid, const fs::path& file) {
    const fs::path fds = "/proc/" + std::to_string(pid) + "/fd";
    std::error_code error;
    for (const auto& fd : fs::directory_iterator(fds, error)) {
        if (fs::read_symlink(fd.path(), error) != file) continue;
        std::ifstream info("/proc/" + std::to_string(pid) + "/fdinfo/" +
                           fd.path().filename().string());
        std::string key;
        long long position = -1;
        if (info >> key >> position && key == "pos:") return position;
    }
    return -1;
}

// True once `pid` runs alertscan (after exec: before it, the forked test
// process still holds the test's descriptors).
bool runs_alertscan(pid_t pid) {
    return read_file("/proc/" + std::to_string(pid) + "/comm") == "alertscan\n";
}

TEST_F(StateRun, RunKilledMidwayLeavesTheOldStateAndTheRerunCountsEverything) {
    append("app.log", 2);
    EXPECT_EQ(hits("app.log"), 2u);
    const std::string old_state = read_file(path("s.json"));
    append("app.log", 3);
    // A 200 MB file: one alert every 1000 lines.
    constexpr int kBigAlerts = 2000;
    {
        std::ofstream big(path("big.log"), std::ios::binary);
        const std::string filler(90, 'x');
        for (int i = 0; i < kBigAlerts; ++i) {
            big << alert_line() << "\n";
            for (int j = 0; j < 999; ++j) big << "Mar  2 09:00:00 host kernel: " << filler << "\n";
        }
    }
    ASSERT_GT(fs::file_size(path("big.log")), 100u << 20);
    // Last input: a FIFO with a writer that never writes, so the run cannot
    // end by itself; it is killed while reading big.log or blocked after it.
    const fs::path fifo = path("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(writer, 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (::chdir(dir_.c_str()) != 0) _exit(127);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execl(ALERTSCAN_BINARY, ALERTSCAN_BINARY, "scan", "--state", "s.json", "app.log",
                "big.log", "pipe", static_cast<char*>(nullptr));
        _exit(127);
    }
    const auto size = static_cast<long long>(fs::file_size(path("big.log")));
    bool killed_mid_file = false;
    for (;;) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "alertscan ended by itself";
        if (!runs_alertscan(pid)) continue;
        const long long position = read_position(pid, path("big.log"));
        if (position > 0 && position < size) {
            killed_mid_file = true;
            break;
        }
        if (read_position(pid, fifo) >= 0) break;  // past big.log, blocked on the FIFO
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status));
    ::close(writer);
    std::cout << "killed " << (killed_mid_file ? "while reading big.log" : "on the FIFO") << "\n";

    EXPECT_EQ(read_file(path("s.json")), old_state);
    EXPECT_EQ(hits("app.log big.log"), 3u + kBigAlerts);
    EXPECT_EQ(hits("app.log big.log"), 0u);
}

}  // namespace
