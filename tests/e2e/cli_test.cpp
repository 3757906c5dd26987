// End-to-end tests: run the built alertscan binary on fixtures and compare
// what it prints with the expected files in tests/data/expected. Regenerate
// those with scripts/update-expected, then review the diff.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Result {
    int status = -1;
    std::string out;
    std::string err;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs `alertscan ARGS` from the source directory, optionally feeding
// `input` on stdin, and captures stdout, stderr and the exit status.
Result alertscan(const std::string& args, const std::string& input = "") {
    const fs::path tmp = fs::temp_directory_path() / ("alertscan-e2e-" + std::to_string(getpid()));
    fs::create_directories(tmp);
    const fs::path in_file = tmp / "stdin", out_file = tmp / "stdout", err_file = tmp / "stderr";
    std::ofstream(in_file, std::ios::binary) << input;
    const std::string command = "cd '" ALERTSCAN_SOURCE_DIR "' && '" ALERTSCAN_BINARY "' " + args +
                                " <'" + in_file.string() + "' >'" + out_file.string() + "' 2>'" +
                                err_file.string() + "'";
    int raw = std::system(command.c_str());
    Result run;
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    run.out = read_file(out_file);
    run.err = read_file(err_file);
    fs::remove_all(tmp);
    return run;
}

fs::path source_path(const std::string& relative) {
    return fs::path(ALERTSCAN_SOURCE_DIR) / relative;
}

// The summary without what changes for reasons other than scanning: the
// version stamp, and the size of the folder's Markdown notes (prose that is
// edited freely and holds no alerts).
nlohmann::json stable_json(const std::string& text) {
    nlohmann::json document = nlohmann::json::parse(text);
    document.erase("generator");
    for (auto& input : document["inputs"]) {
        const std::string path = input["path"];
        if (path.ends_with(".md")) {
            input.erase("bytes");
            input.erase("lines");
        }
    }
    return document;
}

TEST(EndToEnd, SampleLogsJsonMatchesExpected) {
    Result run = alertscan("scan --format json sample-logs");
    ASSERT_EQ(run.status, 0) << run.err;
    nlohmann::json expected =
        stable_json(read_file(source_path("tests/data/expected/sample-logs.json")));
    EXPECT_EQ(stable_json(run.out), expected);
}

TEST(EndToEnd, SampleLogsTableMatchesExpected) {
    Result run = alertscan("scan sample-logs");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, read_file(source_path("tests/data/expected/sample-logs.table.txt")));
    EXPECT_EQ(run.err, "");
}

TEST(EndToEnd, SampleLogsJsonlMatchesExpected) {
    Result run = alertscan("scan -f jsonl sample-logs");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, read_file(source_path("tests/data/expected/sample-logs.jsonl")));
}

TEST(EndToEnd, SummaryContractHolds) {
    Result run = alertscan("scan -f json sample-logs");
    ASSERT_EQ(run.status, 0);
    nlohmann::json summary = nlohmann::json::parse(run.out);
    EXPECT_EQ(summary["schema"], "alertscan.summary/1");
    EXPECT_TRUE(summary["gskit_codes"].is_array());
    std::uint64_t alerts = 0, return_codes = 0;
    for (const auto& code : summary["gskit_codes"]) {
        EXPECT_TRUE(code["code"].is_number_integer() || code["code"].is_null());
        EXPECT_TRUE(code["table"] == "distributed" || code["table"] == "zos");
        return_codes += code["count"].get<std::uint64_t>();
    }
    for (const auto& alert : summary["alerts"]) {
        EXPECT_TRUE(alert["code"].is_number_integer());
        EXPECT_EQ(
            alert["received"].get<int>() + alert["sent"].get<int>() + alert["unknown"].get<int>(),
            alert["count"].get<int>());
        alerts += alert["count"].get<std::uint64_t>();
    }
    EXPECT_EQ(alerts, summary["totals"]["alert_hits"].get<std::uint64_t>());
    EXPECT_EQ(return_codes, summary["totals"]["gskit_hits"].get<std::uint64_t>());
    EXPECT_EQ(alerts + return_codes, summary["totals"]["hits"].get<std::uint64_t>());
    EXPECT_GT(alerts, 0u);
    EXPECT_GT(return_codes, 0u);
}

TEST(EndToEnd, StdinIsReadWithoutPathOrWithDash) {
    const std::string line =
        "Thd-1 ERROR read_v3_alert(): SSL V3 alert 48 received from 192.0.2.7\n";
    for (const char* args : {"scan -f jsonl", "scan -f jsonl -"}) {
        Result run = alertscan(args, line);
        ASSERT_EQ(run.status, 0) << run.err;
        nlohmann::json hit = nlohmann::json::parse(run.out);
        EXPECT_EQ(hit["tls_alert"]["code"], 48);
        EXPECT_EQ(hit["tls_alert"]["name"], "unknown_ca");
        EXPECT_EQ(hit["tls_alert"]["direction"], "received");
        EXPECT_EQ(hit["tls_alert"]["peer"], "192.0.2.7");
        EXPECT_EQ(hit["source"]["ip"], "192.0.2.7");
        EXPECT_EQ(hit["log"]["file"]["path"], "-");
    }
}

TEST(EndToEnd, MissingInputIsNamedAndOthersStillScanned) {
    Result run = alertscan("scan -f json does/not/exist.log sample-logs/gskit");
    EXPECT_EQ(run.status, 2);
    EXPECT_EQ(run.err, "alertscan: error: does/not/exist.log: No such file or directory\n");
    nlohmann::json summary = nlohmann::json::parse(run.out);
    EXPECT_EQ(summary["totals"]["failed_inputs"], 1);
    EXPECT_EQ(summary["inputs"][0]["path"], "does/not/exist.log");
    EXPECT_EQ(summary["inputs"][0]["error"], "No such file or directory");
    EXPECT_TRUE(summary["inputs"][1]["error"].is_null());
    EXPECT_EQ(summary["totals"]["alert_hits"], 4);
    EXPECT_EQ(summary["totals"]["gskit_hits"], 3);  // non-zero gsktrace exit statuses
}

TEST(EndToEnd, UnknownOptionIsUsageError) {
    Result run = alertscan("scan --no-such-option");
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("unrecognised option '--no-such-option'"), std::string::npos);
    EXPECT_NE(run.err.find("usage: alertscan scan"), std::string::npos);
    EXPECT_EQ(run.out, "");
}

TEST(EndToEnd, BadFormatValueIsUsageError) {
    Result run = alertscan("scan --format xml sample-logs");
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("unknown --format 'xml'"), std::string::npos);
}

TEST(EndToEnd, UnknownCommandIsUsageError) {
    Result run = alertscan("frobnicate");
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(EndToEnd, VersionAndHelp) {
    Result version = alertscan("--version");
    EXPECT_EQ(version.status, 0);
    EXPECT_EQ(version.out.rfind("alertscan ", 0), 0u);
    for (const char* command : {"scan --help", "explain --help", "patterns --help"}) {
        Result help = alertscan(command);
        EXPECT_EQ(help.status, 0) << command;
        EXPECT_NE(help.out.find("usage: alertscan"), std::string::npos) << command;
    }
}

TEST(EndToEnd, ExplainByNumberNameAndAlias) {
    Result run = alertscan("explain 46 user_cancelled 'unknown CA' 0x2f");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("46  certificate_unknown"), std::string::npos);
    EXPECT_NE(run.out.find("90  user_canceled"), std::string::npos);
    EXPECT_NE(run.out.find("48  unknown_ca"), std::string::npos);
    EXPECT_NE(run.out.find("47  illegal_parameter"), std::string::npos);
}

TEST(EndToEnd, ExplainUnassignedAndUnknown) {
    Result unassigned = alertscan("explain 255");
    EXPECT_EQ(unassigned.status, 0);
    EXPECT_NE(unassigned.out.find("255  (unassigned)"), std::string::npos);
    EXPECT_EQ(unassigned.out.find("unsupported_extension\n"), std::string::npos);

    Result unknown = alertscan("explain no_such_alert 256");
    EXPECT_EQ(unknown.status, 2);
    EXPECT_NE(unknown.err.find("'no_such_alert'"), std::string::npos);
    EXPECT_NE(unknown.err.find("'256'"), std::string::npos);
}

TEST(EndToEnd, PatternsListsBuiltinsWithOrigin) {
    Result run = alertscan("patterns");
    ASSERT_EQ(run.status, 0);
    EXPECT_NE(run.out.find("schannel.36888\n"), std::string::npos);
    EXPECT_NE(run.out.find("from:   builtin:schannel.ini:"), std::string::npos);
    EXPECT_NE(run.out.find("gskit.v3-alert\n"), std::string::npos);
}

TEST(EndToEnd, PatternsCheckAcceptsShippedFiles) {
    Result run = alertscan("patterns --check patterns");
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("patterns: 23 patterns OK"), std::string::npos);
}

TEST(EndToEnd, BadPatternFileReportsFileAndLine) {
    const std::string bad = "tests/data/patterns/bad-regex.ini";
    Result check = alertscan("patterns --check " + bad);
    EXPECT_EQ(check.status, 2);
    EXPECT_NE(check.err.find(bad + ":9: bad regex: missing ): "), std::string::npos) << check.err;

    Result scan = alertscan("scan --patterns " + bad + " sample-logs");
    EXPECT_EQ(scan.status, 2);
    EXPECT_NE(scan.err.find(bad + ":9: bad regex"), std::string::npos);
    EXPECT_EQ(scan.out, "");
}

TEST(EndToEnd, ExtraPatternFileAddsAWording) {
    const std::string line = "2024-05-01 10:00:00 app01 tls: peer 198.51.100.9 sent alert 0x2a\n";
    Result without = alertscan("scan -f jsonl", line);
    EXPECT_EQ(without.out, "");
    Result with = alertscan("scan -f jsonl --patterns tests/data/patterns/custom-hex.ini", line);
    ASSERT_EQ(with.status, 0) << with.err;
    nlohmann::json hit = nlohmann::json::parse(with.out);
    EXPECT_EQ(hit["tls_alert"]["code"], 42);
    EXPECT_EQ(hit["tls_alert"]["peer"], "198.51.100.9");
    EXPECT_EQ(hit["tls_alert"]["direction"], "received");
    EXPECT_EQ(hit["@timestamp"], "2024-05-01T10:00:00");
}

TEST(EndToEnd, Utf16LeExportIsDecoded) {
    // PowerShell 5.1 redirection writes UTF-16LE with a BOM and CRLF.
    const std::u16string text =
        u"TimeCreated : 3/2/2024 9:14:02 AM\r\nMessage     : The following fatal alert was "
        u"received: 42.\r\n";
    std::string bytes = "\xFF\xFE";
    for (char16_t c : text) {
        bytes += static_cast<char>(c & 0xFF);
        bytes += static_cast<char>(c >> 8);
    }
    Result run = alertscan("scan -f json", bytes);
    ASSERT_EQ(run.status, 0) << run.err;
    nlohmann::json summary = nlohmann::json::parse(run.out);
    ASSERT_EQ(summary["alerts"].size(), 1u);
    EXPECT_EQ(summary["alerts"][0]["code"], 42);
    EXPECT_EQ(summary["alerts"][0]["received"], 1);
    EXPECT_EQ(summary["inputs"][0]["encoding"], "utf-16le-bom");
}

TEST(EndToEnd, HugeLineIsScannedInBoundedMemory) {
    // A 48 MiB line without a newline. Alerts at the start, straddling the
    // point where the first piece stops reporting (1 MiB buffer less 64 KiB
    // overlap), straddling the end of the first buffer, and at the very end.
    const fs::path file =
        fs::temp_directory_path() / ("alertscan-long-" + std::to_string(getpid()));
    const std::string alert = "SSL V3 alert 46 received from 192.0.2.1 ";
    const std::vector<std::size_t> offsets = {0, (1 << 20) - (64 << 10) - 20, (1 << 20) - 20,
                                              48u << 20};
    {
        // Written in small pieces: this process's memory is inherited by the
        // forked shell and would count in the children's peak RSS.
        std::ofstream out(file, std::ios::binary);
        const std::string filler(4096, 'x');
        std::size_t written = 0;
        for (std::size_t offset : offsets) {
            for (; offset - written >= filler.size(); written += filler.size()) out << filler;
            out << std::string(offset - written, 'x') << alert;
            written = offset + alert.size();
        }
    }
    Result run = alertscan("scan -f jsonl '" + file.string() + "'");
    struct rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage);
    fs::remove(file);
    ASSERT_EQ(run.status, 0) << run.err;
    std::istringstream lines(run.out);
    std::vector<std::uint64_t> found;
    for (std::string line; std::getline(lines, line);) {
        nlohmann::json hit = nlohmann::json::parse(line);
        EXPECT_EQ(hit["tls_alert"]["line"], 1);
        EXPECT_EQ(hit["tls_alert"]["peer"], "192.0.2.1");
        found.push_back(hit["log"]["offset"].get<std::uint64_t>());
    }
    EXPECT_EQ(found, std::vector<std::uint64_t>(offsets.begin(), offsets.end()));
#ifdef ALERTSCAN_SANITIZED
    // The hits above are checked; the memory bound is not: AddressSanitizer's
    // shadow memory and freed-memory quarantine dwarf the scan's own buffers.
    GTEST_SKIP() << "peak RSS bound not checked under sanitizers (ASan shadow and quarantine)";
#endif
    // ru_maxrss is in KiB: the largest child so far, which includes this
    // scan; the whole file is 48 MiB, the bound is far below it.
    EXPECT_LT(usage.ru_maxrss, 32 * 1024);
}

TEST(EndToEnd, ExplainGskitReturnCodeByNumber) {
    Result run = alertscan("explain gsk:414");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out.rfind("gsk:414  GSK_ERROR_BAD_CERT\n", 0), 0u) << run.out;
    EXPECT_NE(run.out.find("distributed GSKit 8"), std::string::npos);
    EXPECT_NE(run.out.find("meaning:"), std::string::npos);
    EXPECT_NE(run.out.find("check:"), std::string::npos);
    EXPECT_EQ(run.out.find("(unassigned)"), std::string::npos);  // no TLS alert for gsk:
    EXPECT_EQ(run.err, "");
    // Prefixes are case-insensitive.
    Result upper = alertscan("explain GSK:414");
    EXPECT_EQ(upper.status, 0);
    EXPECT_EQ(upper.out, run.out);
}

TEST(EndToEnd, ExplainGskitReturnCodeByName) {
    Result by_number = alertscan("explain gsk:414");
    ASSERT_EQ(by_number.status, 0);
    for (const char* name : {"GSK_ERROR_BAD_CERT", "gsk_error_bad_cert"}) {
        SCOPED_TRACE(name);
        Result run = alertscan(std::string("explain ") + name);
        ASSERT_EQ(run.status, 0) << run.err;
        EXPECT_EQ(run.out.rfind("gsk:414  GSK_ERROR_BAD_CERT\n", 0), 0u) << run.out;
        // The same entry as by number (which may add the z/OS one after it).
        EXPECT_EQ(by_number.out.rfind(run.out, 0), 0u) << run.out;
    }
}

TEST(EndToEnd, ExplainZosNumbering) {
    Result run = alertscan("explain zos:435");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out.rfind("zos:435  GSK_ERR_UNKNOWN_CA\n", 0), 0u) << run.out;
    EXPECT_NE(run.out.find("z/OS"), std::string::npos);
    // The distributed meaning of 435 is something else and is not shown.
    EXPECT_EQ(run.out.find("GSK_CONFLICTING_ATTRIBUTE_SETTING"), std::string::npos);
    // A bare 435 (above 255: no alert) shows both numberings, labelled.
    Result bare = alertscan("explain 435");
    ASSERT_EQ(bare.status, 0) << bare.err;
    EXPECT_NE(bare.out.find("gsk:435  GSK_CONFLICTING_ATTRIBUTE_SETTING"), std::string::npos)
        << bare.out;
    EXPECT_NE(bare.out.find("zos:435  GSK_ERR_UNKNOWN_CA"), std::string::npos) << bare.out;
    Result by_name = alertscan("explain GSK_ERR_UNKNOWN_CA");
    ASSERT_EQ(by_name.status, 0) << by_name.err;
    EXPECT_EQ(by_name.out, run.out);
}

TEST(EndToEnd, ExplainValidationCode) {
    Result run = alertscan("explain 575010");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out.rfind("gskval:575010  GSKVAL_ERROR_NO_CHAIN_BUILT\n", 0), 0u) << run.out;
    EXPECT_NE(run.out.find("GSKVAL"), std::string::npos);
    Result prefixed = alertscan("explain gskval:575010");
    EXPECT_EQ(prefixed.status, 0);
    EXPECT_EQ(prefixed.out, run.out);
}

TEST(EndToEnd, ExplainNumberThatIsAlertAndReturnCode) {
    Result run = alertscan("explain 8");
    ASSERT_EQ(run.status, 0) << run.err;
    // The TLS alert first (8 is unassigned), then the return code, each labelled.
    const std::size_t alert = run.out.find("8  (unassigned)");
    const std::size_t rc = run.out.find("gsk:8  GSK_ERROR_CERT_VALIDATION");
    ASSERT_NE(alert, std::string::npos) << run.out;
    ASSERT_NE(rc, std::string::npos) << run.out;
    EXPECT_EQ(alert, 0u);
    EXPECT_LT(alert, rc);
    EXPECT_NE(run.out.find("IANA TLS Alerts registry"), std::string::npos);
    EXPECT_NE(run.out.find("\n\ngsk:8"), std::string::npos);  // separated by a blank line
    // A number that is an assigned alert and a return code: both names.
    Result both = alertscan("explain 10");
    ASSERT_EQ(both.status, 0);
    EXPECT_EQ(both.out.rfind("10  unexpected_message\n", 0), 0u) << both.out;
    EXPECT_NE(both.out.find("\ngsk:10  GSK_ERROR_ASN\n"), std::string::npos) << both.out;
}

TEST(EndToEnd, ExplainUnknownGskitCode) {
    Result run = alertscan("explain 99999");
    EXPECT_EQ(run.status, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("'99999'"), std::string::npos) << run.err;
    for (const char* word : {"gsk:99999", "zos:999", "GSK_NO_SUCH_NAME"}) {
        SCOPED_TRACE(word);
        Result other = alertscan(std::string("explain ") + word);
        EXPECT_EQ(other.status, 2);
        EXPECT_NE(other.err.find(std::string("'") + word + "'"), std::string::npos) << other.err;
    }
    // Known words are still explained when another is unknown.
    Result mixed = alertscan("explain gsk:414 99999");
    EXPECT_EQ(mixed.status, 2);
    EXPECT_NE(mixed.out.find("GSK_ERROR_BAD_CERT"), std::string::npos);
}

}  // namespace

namespace {

TEST(EndToEnd, RealSystemEvtxFilesAreReadWhole) {
    // Three real System logs without SChannel records (see the corpus's
    // SOURCES.md); the last one has a stale header that says 3 chunks of 15.
    const fs::path corpus = fs::path(ALERTSCAN_SOURCE_DIR) / "../shared/corpus/evtx";
    if (!fs::exists(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
    const std::pair<const char*, int> files[] = {
        {"log2timeline__plaso__System.evtx", 5009},
        {"williballenthin__python-evtx__system.evtx", 1601},
        {"omerbenamram__evtx__system.evtx", 1881}};
    for (const auto& [name, records] : files) {
        Result run = alertscan("scan -f json '" + (corpus / name).string() + "'");
        ASSERT_EQ(run.status, 0) << name << ": " << run.err;
        nlohmann::json summary = nlohmann::json::parse(run.out);
        EXPECT_EQ(summary["inputs"][0]["format"], "evtx") << name;
        EXPECT_EQ(summary["inputs"][0]["records"], records) << name;
        EXPECT_EQ(summary["totals"]["hits"], 0) << name;
        EXPECT_TRUE(summary["schannel_events"].empty()) << name;
    }
}

TEST(EndToEnd, EveryWindowsExportFormIsDetected) {
    Result run = alertscan("scan -f json sample-logs/windows");
    ASSERT_EQ(run.status, 0) << run.err;
    std::map<std::string, std::string> formats;
    const nlohmann::json summary = nlohmann::json::parse(run.out);
    for (const auto& input : summary["inputs"]) {
        const std::string path = input["path"];
        formats[path.substr(path.rfind('/') + 1)] = input["format"].get<std::string>();
        EXPECT_GT(input["hits"].get<int>(), 0) << path;
        EXPECT_EQ(input["skipped_records"], 0) << path;
    }
    EXPECT_EQ(formats["System-schannel.evtx"], "evtx");
    EXPECT_EQ(formats["wevtutil-qe.xml"], "xml");
    EXPECT_EQ(formats["eventviewer-saved.xml"], "xml");
    EXPECT_EQ(formats["eventviewer-save.csv"], "csv");
    EXPECT_EQ(formats["get-winevent-export.csv"], "csv");
    EXPECT_EQ(formats["convertto-json.json"], "json");
    EXPECT_EQ(formats["winlogbeat.ndjson"], "json");
    EXPECT_EQ(formats["nxlog.json"], "json");
    EXPECT_EQ(formats["wevtutil-text.txt"], "wintext");
    EXPECT_EQ(formats["get-winevent-formatlist-utf16.txt"], "wintext");
}

TEST(EndToEnd, ForcedInputFormatOverridesDetection) {
    // Read as plain text, an XML export without rendered messages yields
    // nothing: only the record reader sees its AlertDesc fields.
    Result text = alertscan("scan -f json --input-format text sample-logs/windows/wevtutil-qe.xml");
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_EQ(nlohmann::json::parse(text.out)["totals"]["hits"], 0);
    Result xml = alertscan("scan -f json --input-format xml sample-logs/windows/wevtutil-qe.xml");
    EXPECT_EQ(nlohmann::json::parse(xml.out)["totals"]["hits"], 2);
    Result bad = alertscan("scan --input-format yaml sample-logs");
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("unknown --input-format 'yaml'"), std::string::npos);
}

}  // namespace

namespace {

TEST(EndToEnd, GzipRotatedLogsAreReadAndACutStreamIsNamed) {
    const fs::path dir = fs::temp_directory_path() / ("alertscan-gz-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string line =
        "<11>Mar  2 09:14:02 HOST01 Schannel[812]: 36887: A fatal alert was received from the "
        "remote endpoint. The TLS protocol defined fatal alert code is 46.\n";
    {
        std::ofstream plain(dir / "system.log.1", std::ios::binary);
        for (int i = 0; i < 2000; ++i) plain << "noise line " << i << '\n' << line;
    }
    // gzip from the shell: the test checks alertscan, not zlib; rotated
    // logs are often two members appended (logrotate + delaycompress).
    const std::string d = dir.string();
    ASSERT_EQ(std::system(("gzip -c '" + d + "/system.log.1' > '" + d + "/a.gz' && cat '" + d +
                           "/a.gz' '" + d + "/a.gz' > '" + d +
                           "/system.log.2.gz' && head -c $(( $(stat -c %s '" + d +
                           "/a.gz') / 2 )) '" + d + "/a.gz' > '" + d + "/cut.gz'")
                              .c_str()),
              0);
    Result whole = alertscan("scan -f json '" + d + "/system.log.2.gz'");
    ASSERT_EQ(whole.status, 0) << whole.err;
    nlohmann::json summary = nlohmann::json::parse(whole.out);
    EXPECT_EQ(summary["totals"]["alert_hits"], 4000);
    EXPECT_EQ(summary["inputs"][0]["compression"], "gzip");

    Result cut = alertscan("scan -f json '" + d + "/cut.gz'");
    EXPECT_EQ(cut.status, 2);
    EXPECT_NE(cut.err.find("cut.gz: "), std::string::npos) << cut.err;
    nlohmann::json partial = nlohmann::json::parse(cut.out);
    EXPECT_GT(partial["totals"]["alert_hits"].get<int>(), 0);  // what came before the cut counts
    EXPECT_LT(partial["totals"]["alert_hits"].get<int>(), 2000);
    fs::remove_all(dir);
}

TEST(EndToEnd, FailOnSetsExitOneAfterPrinting) {
    const std::string line =
        "Thd-1 ERROR read_v3_alert(): SSL V3 alert 48 received from 192.0.2.7\n";
    EXPECT_EQ(alertscan("scan -q --fail-on any", line).status, 1);
    EXPECT_EQ(alertscan("scan -q --fail-on fatal", line).status, 1);  // 48 is always fatal
    EXPECT_EQ(alertscan("scan -q --fail-on 46,gsk:414", line).status, 0);
    EXPECT_EQ(alertscan("scan -q --fail-on unknown_ca", line).status, 1);
    Result quiet = alertscan("scan -q --fail-on any", line);
    EXPECT_EQ(quiet.out, "");  // -q prints nothing but errors
    EXPECT_EQ(alertscan("scan -q --fail-on any", "nothing here\n").status, 0);
    Result bad = alertscan("scan --fail-on sometimes", line);
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("bad --fail-on"), std::string::npos);
}

TEST(EndToEnd, SinceAndUntilKeepUndatedRecords) {
    const std::string lines =
        "2024-03-01T10:00:00Z app: SSL V3 alert 40 received from 192.0.2.1\n"
        "2024-03-05T10:00:00Z app: SSL V3 alert 46 received from 192.0.2.2\n"
        "no time here: SSL V3 alert 48 received from 192.0.2.3\n";
    Result run = alertscan("scan -f json --since 2024-03-02 --until 2024-03-06T00:00:00Z", lines);
    ASSERT_EQ(run.status, 0) << run.err;
    nlohmann::json summary = nlohmann::json::parse(run.out);
    std::set<int> codes;
    for (const auto& alert : summary["alerts"]) codes.insert(alert["code"].get<int>());
    EXPECT_EQ(codes, (std::set<int>{46, 48}));
    EXPECT_EQ(alertscan("scan --since yesterday", lines).status, 2);
}

// Summaries written per folder (as cron would write one per host), merged,
// count what one scan of both folders counts.
TEST(EndToEnd, MergeOfPerHostSummariesEqualsOneScan) {
    const fs::path dir =
        fs::temp_directory_path() / ("alertscan-merge-e2e-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string ibm = (dir / "ibm.json").string(), windows = (dir / "windows.json").string();
    Result scan_ibm = alertscan("scan -f json sample-logs/ibm");
    Result scan_windows = alertscan("scan -f json sample-logs/windows");
    ASSERT_EQ(scan_ibm.status, 0) << scan_ibm.err;
    ASSERT_EQ(scan_windows.status, 0) << scan_windows.err;
    std::ofstream(ibm, std::ios::binary) << scan_ibm.out;
    std::ofstream(windows, std::ios::binary) << scan_windows.out;

    Result merge = alertscan("merge '" + ibm + "' '" + windows + "'");
    Result both = alertscan("scan -f json sample-logs/ibm sample-logs/windows");
    Result table = alertscan("merge -f table '" + ibm + "' '" + windows + "'");
    fs::remove_all(dir);
    ASSERT_EQ(merge.status, 0) << merge.err;
    ASSERT_EQ(both.status, 0) << both.err;
    const nlohmann::json merged = nlohmann::json::parse(merge.out);
    const nlohmann::json whole = nlohmann::json::parse(both.out);
    EXPECT_EQ(merged["schema"], "alertscan.summary/1");
    EXPECT_EQ(merged["merged_from"], nlohmann::json({ibm, windows}));
    for (const char* total : {"hits", "alert_hits", "gskit_hits", "inputs", "failed_inputs"}) {
        EXPECT_EQ(merged["totals"][total], whole["totals"][total]) << total;
    }
    EXPECT_GT(whole["totals"]["alert_hits"].get<int>(), 0);
    EXPECT_GT(whole["totals"]["gskit_hits"].get<int>(), 0);

    // Per code: counts, directions, first and last seen; in the same order.
    auto per_code = [](const nlohmann::json& summary, const char* section) {
        std::vector<std::string> rows;
        for (const auto& code : summary[section]) {
            rows.push_back(code.value("table", "") + ":" + code["code"].dump() + " " +
                           code["count"].dump() + " " + code["received"].dump() + "/" +
                           code["sent"].dump() + "/" + code["unknown"].dump() + " " +
                           code["undated"].dump() + " " + code["first_seen"].dump() + " " +
                           code["last_seen"].dump());
        }
        return rows;
    };
    EXPECT_EQ(per_code(merged, "alerts"), per_code(whole, "alerts"));
    EXPECT_EQ(per_code(merged, "gskit_codes"), per_code(whole, "gskit_codes"));
    EXPECT_FALSE(per_code(whole, "alerts").empty());
    EXPECT_EQ(merged["schannel_events"].size(), whole["schannel_events"].size());
    for (std::size_t i = 0; i < whole["schannel_events"].size(); ++i) {
        EXPECT_EQ(merged["schannel_events"][i]["event_id"],
                  whole["schannel_events"][i]["event_id"]);
        EXPECT_EQ(merged["schannel_events"][i]["count"], whole["schannel_events"][i]["count"]);
    }
    ASSERT_EQ(merged["inputs"].size(), whole["inputs"].size());
    EXPECT_EQ(merged["inputs"][0]["summary"], ibm);
    EXPECT_EQ(merged["inputs"].back()["summary"], windows);

    ASSERT_EQ(table.status, 0) << table.err;
    EXPECT_NE(table.out.find("merged 2 summaries: " + whole["totals"]["hits"].dump() + " hits"),
              std::string::npos)
        << table.out;
}

TEST(EndToEnd, MergeRejectsWhatIsNotASummary) {
    // Not JSON, missing, another JSON document: one line naming the file,
    // status 2, nothing on stdout.
    for (const std::string& file :
         {std::string("sample-logs/README.md"), std::string("no/such/summary.json"),
          std::string("sample-logs/windows/convertto-json.json")}) {
        Result run = alertscan("merge " + file);
        EXPECT_EQ(run.status, 2) << file;
        EXPECT_EQ(run.out, "") << file;
        EXPECT_EQ(run.err.rfind("alertscan: error: " + file + ": ", 0), 0u) << run.err;
    }
    Result usage = alertscan("merge");
    EXPECT_EQ(usage.status, 2);
    EXPECT_NE(usage.err.find("usage: alertscan merge"), std::string::npos);
    Result format = alertscan("merge -f csv x.json");
    EXPECT_EQ(format.status, 2);
    EXPECT_NE(format.err.find("unknown --format 'csv'"), std::string::npos);
}

}  // namespace
