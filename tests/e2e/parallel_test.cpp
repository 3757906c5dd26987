// -j: every output format byte-identical whatever the number of workers and
// however large files are cut into ranges (ALERTSCAN_RANGE_BYTES forces
// small ranges), over the sample logs and a generated multi-MiB mixed log;
// only the run's time and duration (Prometheus) may differ.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

fs::path scratch() {
    const fs::path dir =
        fs::temp_directory_path() / ("alertscan-parallel-e2e-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

// Runs `env alertscan args` in the source directory.
RunResult alertscan(const std::string& env, const std::string& args) {
    const fs::path dir = scratch();
    const fs::path out = dir / "stdout", err = dir / "stderr";
    const std::string command = "cd '" ALERTSCAN_SOURCE_DIR "' && env " + env +
                                " '" ALERTSCAN_BINARY "' " + args + " </dev/null >'" +
                                out.string() + "' 2>'" + err.string() + "'";
    const int raw = std::system(command.c_str());
    RunResult run;
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    run.out = slurp(out);
    run.err = slurp(err);
    return run;
}

// The output without the lines that hold the time of the run.
std::string without_run_time(const std::string& text) {
    std::istringstream in(text);
    std::string kept;
    for (std::string line; std::getline(in, line);) {
        if (line.find("alertscan_last_run_") != std::string::npos) continue;
        kept += line + "\n";
    }
    return kept;
}

const char* const kFormats[] = {"table", "json", "jsonl", "csv", "markdown", "prometheus", "html"};

// Runs with the workers and range sizes (ALERTSCAN_RANGE_BYTES, empty for
// the default) of `variants` must print what -j 1 prints, in every format.
void expect_same_as_one_job(const std::string& inputs,
                            const std::vector<std::pair<std::string, std::string>>& variants) {
    for (const char* format : kFormats) {
        const std::string args = std::string("-f ") + format + " " + inputs;
        const RunResult one = alertscan("", "scan -j 1 " + args);
        ASSERT_EQ(one.status, 0) << one.err;
        ASSERT_FALSE(one.out.empty());
        const std::string expected = without_run_time(one.out);
        for (const auto& [range_bytes, jobs] : variants) {
            const std::string env =
                range_bytes.empty() ? "" : "ALERTSCAN_RANGE_BYTES=" + range_bytes;
            const RunResult many = alertscan(env, "scan " + jobs + " " + args);
            EXPECT_EQ(many.status, 0) << many.err;
            EXPECT_EQ(without_run_time(many.out), expected) << format << " " << jobs << " " << env;
        }
    }
}

TEST(Parallel, SampleLogsSameOutputWhateverTheJobs) {
    expect_same_as_one_job("sample-logs", {{"", "-j 2"}, {"4096", "-j 3"}, {"100", "--jobs 4"}});
}

TEST(Parallel, GeneratedMixedLogSameOutputWhateverTheJobs) {
    const fs::path log = scratch() / "mixed-3M.log";
    const std::string generate = "python3 '" ALERTSCAN_SOURCE_DIR
                                 "/bench/generate.py' mixed --size 3M "
                                 "--seed 4 -o '" +
                                 log.string() + "' >/dev/null";
    ASSERT_EQ(std::system(generate.c_str()), 0);
    // With a gzip copy, a plain copy and the samples: whole-input tasks
    // between range tasks.
    const std::string gzip = "gzip -c '" + log.string() + "' >'" + log.string() + ".gz'";
    ASSERT_EQ(std::system(gzip.c_str()), 0);
    expect_same_as_one_job("'" + log.string() + "' sample-logs/ibm '" + log.string() + ".gz'",
                           {{"", "-j 2"}, {"65536", "-j 3"}, {"1000000", "--jobs 4"}});
    fs::remove_all(scratch());
}

// The benchmark compares counts with what bench/generate.py says it wrote
// (alerts, and GSKit return codes for the same-job comparison with rg):
// alertscan must agree on small inputs of both kinds, cut into ranges.
TEST(Parallel, FindsWhatTheBenchmarkGeneratorWrote) {
    for (const std::string kind : {"mixed", "gskit"}) {
        const fs::path log = scratch() / (kind + "-2M.log");
        const std::string generate = "python3 '" ALERTSCAN_SOURCE_DIR "/bench/generate.py' " +
                                     kind + " --size 2M --seed 3 -o '" + log.string() +
                                     "' >/dev/null";
        ASSERT_EQ(std::system(generate.c_str()), 0);
        const nlohmann::json expected =
            nlohmann::json::parse(slurp(log.string() + ".expected.json"));
        const RunResult run =
            alertscan("ALERTSCAN_RANGE_BYTES=65536", "scan -j 2 -f json '" + log.string() + "'");
        ASSERT_EQ(run.status, 0) << run.err;
        const nlohmann::json totals = nlohmann::json::parse(run.out)["totals"];
        EXPECT_EQ(totals["alert_hits"], expected["hits"]) << kind;
        EXPECT_EQ(totals["gskit_hits"], expected["return_codes"]) << kind;
        if (kind == "gskit") {
            EXPECT_GT(expected["return_codes"].get<int>(), 0);
        }
    }
    fs::remove_all(scratch());
}

TEST(Parallel, ZeroJobsIsAUsageError) {
    const RunResult run = alertscan("", "scan -j 0 sample-logs");
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("--jobs"), std::string::npos);
}

TEST(Parallel, NoProgressLineWhenStderrIsNotATerminal) {
    const RunResult run = alertscan("ALERTSCAN_RANGE_BYTES=4096", "scan -j 2 -f json sample-logs");
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.err.find("scanning:"), std::string::npos);
    EXPECT_EQ(run.err.find('\r'), std::string::npos);
}

}  // namespace
