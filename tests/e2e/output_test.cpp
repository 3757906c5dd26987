// End-to-end tests of how alertscan writes: the ECS shape of every jsonl
// line, the Prometheus text checked by the reference parser, outputs that
// cannot be written, a reader that stops early, and runs killed by a signal
// while writing -o FILE (docs/ecs.md, docs/exit-status.md).

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A scratch directory per test, removed afterwards.
class OutputTest : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("alertscan-output-" + std::to_string(getpid()) + "-" +
                testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    struct Result {
        int status = -1;
        std::string out;
        std::string err;
    };

    // Runs a shell command line in the source directory, with BIN standing
    // for the alertscan binary; stdout and stderr are captured unless the
    // command redirects them itself.
    Result shell(const std::string& command_line) {
        const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
        const std::string command =
            "cd '" ALERTSCAN_SOURCE_DIR "' && BIN='" ALERTSCAN_BINARY "' && { " + command_line +
            " ; } >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
        const int raw = std::system(command.c_str());
        Result result;
        result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        result.out = read_file(out);
        result.err = read_file(err);
        fs::remove(out);
        fs::remove(err);
        return result;
    }

    // A log of `alerts` SChannel and GSKit alert lines (46 received from an
    // IP, 40 sent to a host name) between filler lines.
    fs::path generated_log(const std::string& name, int alerts) {
        const fs::path path = dir_ / name;
        std::ofstream out(path);
        for (int i = 0; i < alerts; ++i) {
            out << "2024-03-02T09:14:" << (10 + i % 50) << " HOST" << i % 7
                << " Schannel: some unrelated line number " << i << "\n";
            if (i % 2 == 0) {
                out << "Thd-1 ERROR read_v3_alert(): SSL V3 alert 46 received from 10.0." << i % 250
                    << "." << 1 + i % 200 << "\n";
            } else {
                out << "Thd-2 ERROR send_v3_alert(): SSL V3 alert 40 sent to peer" << i % 9
                    << ".example.com\n";
            }
        }
        return path;
    }

    std::set<std::string> temp_files() const {
        std::set<std::string> found;
        for (const auto& entry : fs::directory_iterator(dir_)) {
            const std::string name = entry.path().filename().string();
            if (name.find(".tmp.") != std::string::npos) found.insert(name);
        }
        return found;
    }

    fs::path dir_;
};

// ---------------------------------------------------------------------------
// ECS jsonl
// ---------------------------------------------------------------------------

bool is_ip(const std::string& text) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// Every key path of the document with a dot inside a key or a null value:
// both would make an ingest pipeline see something else than docs/ecs.md says.
void collect_bad_keys(const json& value, const std::string& path, std::vector<std::string>& bad) {
    if (value.is_null()) bad.push_back(path + " is null");
    if (!value.is_object()) return;
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (it.key().find('.') != std::string::npos) bad.push_back(path + "/" + it.key());
        collect_bad_keys(it.value(), path + "/" + it.key(), bad);
    }
}

// The field contract of docs/ecs.md, checked on one document.
void expect_ecs_document(const json& doc, const std::string& line) {
    SCOPED_TRACE(line);
    ASSERT_TRUE(doc.is_object());
    std::vector<std::string> bad;
    collect_bad_keys(doc, "", bad);
    EXPECT_TRUE(bad.empty()) << bad.front();

    EXPECT_EQ(doc["ecs"]["version"], "8.17.0");
    const json& event = doc["event"];
    EXPECT_EQ(event["kind"], "event");
    EXPECT_EQ(event["category"], json({"network"}));
    ASSERT_TRUE(event["type"].is_array());
    EXPECT_TRUE(event["outcome"] == "failure" || event["outcome"] == "unknown");
    ASSERT_TRUE(event["provider"].is_string());
    EXPECT_FALSE(event["provider"].get<std::string>().empty());
    if (event.contains("code")) {
        ASSERT_TRUE(event["code"].is_string());  // keyword in ECS
        EXPECT_TRUE(std::regex_match(event["code"].get<std::string>(), std::regex("[0-9]+")));
    }
    if (doc.contains("@timestamp")) {
        ASSERT_TRUE(doc["@timestamp"].is_string());
        static const std::regex kDate(
            R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)?)");
        EXPECT_TRUE(std::regex_match(doc["@timestamp"].get<std::string>(), kDate));
    }
    if (doc.contains("host")) {
        EXPECT_TRUE(doc["host"]["name"].is_string());
    }
    for (const char* side : {"source", "destination"}) {
        if (!doc.contains(side)) continue;
        if (doc[side].contains("ip")) {
            EXPECT_TRUE(is_ip(doc[side]["ip"])) << side;
        }
        if (doc[side].contains("domain")) {
            EXPECT_FALSE(is_ip(doc[side]["domain"])) << side;
        }
    }
    if (doc.contains("related") && doc["related"].contains("ip")) {
        for (const auto& ip : doc["related"]["ip"]) {
            EXPECT_TRUE(is_ip(ip));
        }
    }
    ASSERT_TRUE(doc["log"]["file"]["path"].is_string());
    EXPECT_TRUE(doc["log"]["offset"].is_number_unsigned());
    EXPECT_TRUE(doc["rule"]["id"].is_string());
    ASSERT_TRUE(doc["message"].is_string());
    EXPECT_FALSE(doc["message"].get<std::string>().empty());

    const json& alert = doc["tls_alert"];
    EXPECT_TRUE(alert["line"].is_number_unsigned());
    EXPECT_TRUE(alert["direction"] == "received" || alert["direction"] == "sent" ||
                alert["direction"] == "unknown");
    EXPECT_TRUE(alert["level"] == "fatal" || alert["level"] == "warning" ||
                alert["level"] == "unknown");
    if (alert["kind"] == "alert") {
        ASSERT_TRUE(alert["code"].is_number_integer());
        EXPECT_GE(alert["code"].get<int>(), 0);
        EXPECT_LE(alert["code"].get<int>(), 255);
        EXPECT_TRUE(alert["fatal"].is_boolean());
        EXPECT_TRUE(alert["description"].is_string());
        EXPECT_FALSE(alert.contains("gskit"));
        EXPECT_EQ(event["outcome"] == "failure", alert["fatal"].get<bool>());
    } else {
        ASSERT_EQ(alert["kind"], "gskit_rc");
        EXPECT_FALSE(alert.contains("code"));
        const json& gskit = alert["gskit"];
        EXPECT_TRUE(gskit["table"] == "distributed" || gskit["table"] == "zos");
        EXPECT_TRUE(gskit["in_table"].is_boolean());
        EXPECT_TRUE(gskit.contains("code") || gskit.contains("name"));
        if (gskit.contains("code")) {
            EXPECT_TRUE(gskit["code"].is_number_integer());
        }
        EXPECT_EQ(event["outcome"], "failure");
    }
    if (alert.contains("time_basis")) {
        EXPECT_TRUE(alert["logged_time"].is_string());
        if (alert["time_basis"] != "local") {
            EXPECT_EQ(doc.value("@timestamp", ""), alert["logged_time"]);
        }
    }
}

TEST_F(OutputTest, EveryJsonlLineOfTheSampleLogsIsAnEcsDocument) {
    const Result jsonl = shell("\"$BIN\" scan -f jsonl sample-logs");
    ASSERT_EQ(jsonl.status, 0) << jsonl.err;
    const Result summary_run = shell("\"$BIN\" scan -f json sample-logs");
    ASSERT_EQ(summary_run.status, 0) << summary_run.err;
    const json summary = json::parse(summary_run.out);

    std::size_t alerts = 0, return_codes = 0, dated = 0, with_peer_side = 0;
    std::set<std::string> providers;
    for (const std::string& line : lines_of(jsonl.out)) {
        json doc;
        ASSERT_NO_THROW(doc = json::parse(line)) << line;
        expect_ecs_document(doc, line);
        (doc["tls_alert"]["kind"] == "alert" ? alerts : return_codes) += 1;
        dated += doc.contains("@timestamp");
        with_peer_side += doc.contains("source") || doc.contains("destination");
        providers.insert(doc["event"]["provider"]);
    }
    EXPECT_EQ(alerts, summary["totals"]["alert_hits"].get<std::size_t>());
    EXPECT_EQ(return_codes, summary["totals"]["gskit_hits"].get<std::size_t>());
    EXPECT_GT(dated, 0u);
    EXPECT_GT(with_peer_side, 0u);
    for (const char* provider : {"Schannel", "GSKit", "IBM MQ", "IBM HTTP Server"}) {
        EXPECT_TRUE(providers.count(provider)) << provider;
    }
}

// ---------------------------------------------------------------------------
// Prometheus, through the reference parser
// ---------------------------------------------------------------------------

TEST_F(OutputTest, PrometheusOutputOfTheSampleLogsPassesTheReferenceParser) {
    const fs::path prom = dir_ / "alertscan.prom";
    const Result run =
        shell("\"$BIN\" scan -q -f prometheus -o '" + prom.string() + "' sample-logs");
    ASSERT_EQ(run.status, 0) << run.err;
    const std::string text = read_file(prom);

    // What node_exporter's textfile collector needs: HELP and TYPE before a
    // family's samples, no sample timestamps, the run gauges.
    std::set<std::string> typed;
    for (const std::string& line : lines_of(text)) {
        if (line.rfind("# TYPE ", 0) == 0) {
            std::istringstream words(line.substr(7));
            std::string name;
            words >> name;
            typed.insert(name);
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        const std::string name = line.substr(0, line.find_first_of("{ "));
        EXPECT_TRUE(typed.count(name)) << "sample before its TYPE: " << line;
        const std::string after_labels = line.substr(
            line.rfind('}') == std::string::npos ? line.find(' ') : line.rfind('}') + 1);
        std::istringstream fields(after_labels);
        std::vector<std::string> words;
        for (std::string word; fields >> word;) words.push_back(word);
        EXPECT_EQ(words.size(), 1u) << "a value and nothing else (no timestamp): " << line;
    }
    EXPECT_TRUE(typed.count("alertscan_last_run_timestamp_seconds"));
    EXPECT_TRUE(typed.count("alertscan_last_run_duration_seconds"));

    const fs::path script = dir_ / "parse.py";
    std::ofstream(script)
        << "import sys\n"
           "try:\n"
           "    from prometheus_client.parser import text_string_to_metric_families\n"
           "except ImportError:\n"
           "    sys.exit(3)\n"
           "types = {}\n"
           "for family in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
           "    types[family.name] = family.type\n"
           "    for s in family.samples:\n"
           "        assert s.timestamp is None, s\n"
           "assert types['alertscan_last_run_timestamp_seconds'] == 'gauge', types\n"
           "assert types['alertscan_last_run_duration_seconds'] == 'gauge', types\n"
           "assert types['alertscan_alerts'] == 'counter', types\n"
           "print(len(types))\n";
    // The python on PATH, else the system one (where Debian's
    // python3-prometheus-client is, installed by scripts/test.sh).
    const Result parsed =
        shell("python3 '" + script.string() + "' '" + prom.string() + "' || [ $? -ne 3 ] || " +
              "/usr/bin/python3 '" + script.string() + "' '" + prom.string() + "'");
    ASSERT_EQ(parsed.status, 0) << "prometheus_client (python3-prometheus-client) rejected it or "
                                   "is missing:\n"
                                << parsed.err;
    EXPECT_EQ(std::stoi(parsed.out), 7) << parsed.out;  // every family, typed
}

// ---------------------------------------------------------------------------
// Outputs that cannot be written
// ---------------------------------------------------------------------------

TEST_F(OutputTest, FullStdoutExitsTwoWithOneMessage) {
    for (const char* format : {"table", "json", "jsonl", "prometheus"}) {
        const Result run =
            shell(std::string("\"$BIN\" scan -f ") + format + " sample-logs >/dev/full");
        EXPECT_EQ(run.status, 2) << format;
        EXPECT_EQ(run.err,
                  "alertscan: error: cannot write to standard output: No space left on device\n")
            << format;
    }
}

TEST_F(OutputTest, OutputIntoADirectoryThatFailsExitsTwoNamingIt) {
    for (const std::string& target :
         {(dir_ / "missing" / "out.json").string(), std::string("/proc/alertscan-out.json")}) {
        const Result run = shell("\"$BIN\" scan -f json -o '" + target + "' sample-logs");
        EXPECT_EQ(run.status, 2) << target;
        EXPECT_EQ(run.out, "");
        const std::vector<std::string> lines = lines_of(run.err);
        ASSERT_EQ(lines.size(), 1u) << run.err;
        EXPECT_EQ(lines[0].rfind("alertscan: error: cannot write " + target + ": ", 0), 0u)
            << lines[0];
    }
}

TEST_F(OutputTest, OutputFileThatFillsUpKeepsTheOldVersion) {
    // A file size limit stands in for a full disk: the write fails (EFBIG)
    // once the temporary file passes it, as ENOSPC would.
    const fs::path target = dir_ / "out.json";
    std::ofstream(target) << "old complete version\n";
    const Result run = shell("ulimit -f 4 && trap '' XFSZ && \"$BIN\" scan -f json -o '" +
                             target.string() + "' sample-logs");
    EXPECT_EQ(run.status, 2) << run.err;
    EXPECT_EQ(run.err, "alertscan: error: cannot write " + target.string() + ": File too large\n");
    EXPECT_EQ(read_file(target), "old complete version\n");
    EXPECT_EQ(temp_files(), std::set<std::string>{});
}

TEST_F(OutputTest, ReaderThatStopsEarlyEndsTheRunQuietly) {
    // Far more output than a pipe holds, so alertscan is still writing when
    // head has gone.
    const fs::path log = generated_log("big.log", 40000);
    const fs::path status = dir_ / "status";
    for (const char* format : {"jsonl", "csv", "table"}) {
        const Result run = shell("{ \"$BIN\" scan -f " + std::string(format) + " '" + log.string() +
                                 "'; echo $? >'" + status.string() + "'; } | head -c 100");
        EXPECT_EQ(run.out.size(), 100u) << format;
        EXPECT_EQ(run.err, "") << format;  // no "Broken pipe", no crash report
        EXPECT_EQ(read_file(status), "0\n") << format;
    }
}

// ---------------------------------------------------------------------------
// Signals while writing -o FILE
// ---------------------------------------------------------------------------

// Starts `alertscan ARGS` in the source directory, stdout and stderr to
// /dev/null; returns its pid.
pid_t spawn(const std::vector<std::string>& args) {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    const int null = open("/dev/null", O_WRONLY);
    if (chdir(ALERTSCAN_SOURCE_DIR) != 0 || null < 0) _exit(127);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    std::vector<char*> argv;
    std::string binary = ALERTSCAN_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& arg : copy) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
}

TEST_F(OutputTest, SignalLeavesTheOldOrTheNewOutputAndNoTempFile) {
    const fs::path small = generated_log("small.log", 10);
    const fs::path big = generated_log("big.log", 150000);
    const fs::path target = dir_ / "summary.json";
    auto hits_in = [&](const fs::path& file) -> std::optional<std::uint64_t> {
        try {
            return json::parse(read_file(file))["totals"]["hits"].get<std::uint64_t>();
        } catch (const std::exception&) {
            return std::nullopt;
        }
    };
    // The old version: a complete summary of the small log.
    const Result old_run =
        shell("\"$BIN\" scan -f json -o '" + target.string() + "' '" + small.string() + "'");
    ASSERT_EQ(old_run.status, 0) << old_run.err;
    const std::string old_version = read_file(target);
    ASSERT_EQ(hits_in(target), 10u);

    // How long a whole run takes here, only to spread the kill points over it.
    const auto started = std::chrono::steady_clock::now();
    int status = 0;
    const std::vector<std::string> args = {"scan",          "-q",        "-f", "json", "-o",
                                           target.string(), big.string()};
    waitpid(spawn(args), &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    const auto whole_run = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    ASSERT_EQ(hits_in(target), 150000u);

    const unsigned seed = std::random_device{}();
    std::mt19937 random(seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::uniform_int_distribution<long> when(0, whole_run.count() * 11 / 10);
    std::size_t interrupted = 0;
    for (int signal_number : {SIGTERM, SIGINT, SIGKILL}) {
        for (int trial = 0; trial < 4; ++trial) {
            SCOPED_TRACE("signal " + std::to_string(signal_number) + " trial " +
                         std::to_string(trial));
            std::ofstream(target, std::ios::trunc) << old_version;
            const pid_t pid = spawn(args);
            std::this_thread::sleep_for(std::chrono::microseconds(when(random)));
            kill(pid, signal_number);
            ASSERT_EQ(waitpid(pid, &status, 0), pid);
            const std::optional<std::uint64_t> hits = hits_in(target);
            ASSERT_TRUE(hits == 10u || hits == 150000u) << read_file(target).substr(0, 200);
            if (WIFSIGNALED(status)) {
                EXPECT_EQ(WTERMSIG(status), signal_number);
                ++interrupted;
            } else {
                EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);  // done before
                EXPECT_EQ(hits, 150000u);
            }
            if (signal_number != SIGKILL) {
                EXPECT_EQ(temp_files(), std::set<std::string>{});
            }
            for (const std::string& name : temp_files()) fs::remove(dir_ / name);  // SIGKILL's
        }
    }
    EXPECT_GT(interrupted, 0u);  // some kill points fell inside a run
}

}  // namespace
