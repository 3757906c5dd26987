// Replays saved fuzz inputs through the fuzzed stages (fuzz/fuzz_stages.hpp,
// docs/fuzzing.md) in the normal and the sanitizer builds: every file under
// tests/data/regress/<stage>/ once crashed, leaked or broke a check in that
// stage and must now pass. The sample logs go through every stage too, so a
// stage that breaks on ordinary input is caught without clang or libFuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_stages.hpp"
#include "state/state_file.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = ALERTSCAN_SOURCE_DIR;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs the stage on the file's bytes and returns how many of its invariants
// it checked (a broken one aborts the test binary, FUZZ_CHECK); 0 when the
// stage or the file is missing.
std::uint64_t checks_on(const std::string& stage_name, const fs::path& input) {
    const fuzz::Stage stage = fuzz::find_stage(stage_name);
    const std::string data = read_file(input);
    if (stage == nullptr || data.empty()) {
        ADD_FAILURE() << "no fuzz stage named " << stage_name << ", or " << input << " is empty";
        return 0;
    }
    const std::uint64_t before = fuzz::checks_made();
    stage(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    return fuzz::checks_made() - before;
}

struct SavedInput {
    std::string stage;
    fs::path file;
};

std::vector<SavedInput> saved_inputs() {
    std::vector<SavedInput> inputs;
    const fs::path root = kSource / "tests/data/regress";
    if (!fs::is_directory(root)) return inputs;
    for (const auto& stage_dir : fs::directory_iterator(root)) {
        if (!stage_dir.is_directory()) continue;
        for (const auto& file : fs::directory_iterator(stage_dir.path()))
            inputs.push_back({stage_dir.path().filename().string(), file.path()});
    }
    std::sort(inputs.begin(), inputs.end(),
              [](const SavedInput& a, const SavedInput& b) { return a.file < b.file; });
    return inputs;
}

class FuzzRegressionTest : public testing::TestWithParam<SavedInput> {};

TEST_P(FuzzRegressionTest, SavedInputPasses) {
    EXPECT_GT(checks_on(GetParam().stage, GetParam().file), 0u);
}

INSTANTIATE_TEST_SUITE_P(Saved, FuzzRegressionTest, testing::ValuesIn(saved_inputs()),
                         [](const testing::TestParamInfo<SavedInput>& info) {
                             std::string name =
                                 info.param.stage + "_" + info.param.file.stem().string();
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzRegressionTest);

TEST(FuzzStagesTest, EveryRegressionFolderNamesAStage) {
    for (const SavedInput& input : saved_inputs())
        EXPECT_NE(fuzz::find_stage(input.stage), nullptr) << input.file;
}

TEST(FuzzStagesTest, UnknownStageIsNotFound) {
    EXPECT_EQ(fuzz::find_stage("nope"), nullptr);
}

// Ordinary inputs through each stage: the stages' own checks hold on them.
TEST(FuzzStagesTest, SampleLogsPassEveryStage) {
    const std::vector<std::pair<std::string, std::string>> samples = {
        {"decoding", "sample-logs/windows/get-winevent-formatlist-utf16.txt"},
        {"decoding", "sample-logs/ibm/AMQERR01.LOG"},
        {"records_xml", "sample-logs/windows/wevtutil-qe.xml"},
        {"records_csv", "sample-logs/windows/get-winevent-export.csv"},
        {"records_json", "sample-logs/windows/winlogbeat.ndjson"},
        {"records_json", "sample-logs/windows/convertto-json.json"},
        {"records_wintext", "sample-logs/windows/wevtutil-text.txt"},
        {"records_wintext", "tests/data/exports/text/copy-details.txt"},
        {"matcher", "sample-logs/ibm/AMQERR01.LOG"},
        {"matcher", "sample-logs/ibm/db2diag.log"},
        {"evtx", "sample-logs/windows/System-schannel.evtx"},
        {"evtx_fast", "sample-logs/windows/System-schannel.evtx"},
        {"patterns", "tests/data/patterns/custom-hex.ini"},
        {"patterns", "tests/data/patterns/bad-regex.ini"},
        {"compressed", "sample-logs/ibm/db2diag.log"},
        {"state", "tests/data/state/rotated.state.json"},
        {"state", "sample-logs/ibm/db2diag.log"},  // not a state: refused
    };
    for (const auto& [stage, file] : samples) {
        SCOPED_TRACE(stage + " " + file);
        EXPECT_GT(checks_on(stage, kSource / file), 0u);
    }
}

// The state stage's seed must be a state parse_state accepts, or the stage's
// round trip is never reached from it.
TEST(FuzzStagesTest, StateSeedIsAValidState) {
    const State state =
        parse_state(read_file(kSource / "tests/data/state/rotated.state.json"), "seed");
    ASSERT_EQ(state.entries.size(), 3u);
    EXPECT_TRUE(state.entries[1].compressed);
    EXPECT_TRUE(state.entries[2].whole);
}

}  // namespace
}  // namespace alertscan
