// expand_paths: directory walking, --include/--exclude globs, symbolic links,
// special files and unreadable directories; glob_match; looks_binary.

#include "input/path_walker.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "input/binary_detect.hpp"

namespace alertscan {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temporary directory, removed with its
// contents at the end of the test.
class TempTree {
  public:
    TempTree() {
        std::string pattern = (fs::temp_directory_path() / "alertscan_walk_XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        root_ = pattern;
    }
    ~TempTree() {
        std::error_code ec;
        // Restore permissions a test took away, so that removal works.
        for (auto it = fs::recursive_directory_iterator(root_, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (it->is_directory() && !it->is_symlink()) {
                fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
            }
        }
        fs::remove_all(root_, ec);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    const fs::path& root() const { return root_; }
    std::string path(const std::string& relative) const { return (root_ / relative).string(); }

    // Creates the file (and its parent directories) with `content`.
    std::string file(const std::string& relative, const std::string& content = "line\n") const {
        fs::path p = root_ / relative;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
    std::string dir(const std::string& relative) const {
        fs::create_directories(root_ / relative);
        return path(relative);
    }

  private:
    fs::path root_;
};

std::vector<std::string> walk(const std::vector<std::string>& paths, const WalkOptions& options,
                              std::vector<WalkProblem>* problems_out = nullptr,
                              std::vector<SkippedEntry>* skipped = nullptr) {
    std::vector<WalkProblem> problems;
    std::vector<std::string> out = expand_paths(paths, options, problems, skipped);
    if (problems_out) {
        *problems_out = problems;
    } else {
        for (const WalkProblem& problem : problems) {
            ADD_FAILURE() << "unexpected problem: " << problem.path << ": " << problem.cause;
        }
    }
    return out;
}

// The walk's output as paths relative to the tree's root.
std::vector<std::string> relative(const TempTree& tree, const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const std::string& p : paths) {
        out.push_back(fs::path(p).lexically_relative(tree.root()).string());
    }
    return out;
}

using Names = std::vector<std::string>;

TEST(PathWalker, WalksNestedDirectoriesSortedByPath) {
    TempTree tree;
    tree.file("b.log");
    tree.file("a.log");
    tree.file("sub/deeper/d.txt");
    tree.file("sub/c.log");
    tree.file("a-b/x.log");
    tree.file(".hidden/h.log");
    tree.dir("empty");
    std::vector<std::string> out = walk({tree.root().string()}, {});
    EXPECT_EQ(relative(tree, out), (Names{".hidden/h.log", "a-b/x.log", "a.log", "b.log",
                                          "sub/c.log", "sub/deeper/d.txt"}));
    EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
    EXPECT_EQ(out[2], tree.path("a.log"));
}

TEST(PathWalker, KeepsTheOrderOfSeveralPathsStdinAndMissingOnes) {
    TempTree tree;
    tree.file("one/z.log");
    tree.file("two/a.log");
    std::string missing = tree.path("no-such-file.log");
    std::string single = tree.file("single.log");
    std::vector<std::string> out =
        walk({tree.path("two"), "-", missing, tree.path("one"), single}, {});
    EXPECT_EQ(out, (Names{tree.path("two/a.log"), "-", missing, tree.path("one/z.log"), single}));
}

TEST(PathWalker, TwoArgumentOverloadWalksWithoutFilters) {
    TempTree tree;
    tree.file("x.txt");
    tree.file("y/z.gz");
    std::vector<WalkProblem> problems;
    std::vector<std::string> out = expand_paths({tree.root().string()}, problems);
    EXPECT_EQ(relative(tree, out), (Names{"x.txt", "y/z.gz"}));
    EXPECT_TRUE(problems.empty());
}

TEST(PathWalker, IncludeStarMatchesFileNamesAtAnyDepth) {
    TempTree tree;
    tree.file("a.log");
    tree.file("a.txt");
    tree.file("sub/b.log");
    tree.file("sub/deep/c.log");
    tree.file("sub/deep/c.log.gz");
    WalkOptions options{{"*.log"}, {}};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)),
              (Names{"a.log", "sub/b.log", "sub/deep/c.log"}));
}

TEST(PathWalker, IncludeDoubleStarCrossesDirectoriesAndMatchesTheTop) {
    TempTree tree;
    tree.file("top.gz");
    tree.file("sub/b.gz");
    tree.file("sub/deep/c.gz");
    tree.file("sub/deep/c.log");
    WalkOptions options{{"**/*.gz"}, {}};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)),
              (Names{"sub/b.gz", "sub/deep/c.gz", "top.gz"}));
}

TEST(PathWalker, IncludeWithRelativePathStarDoesNotCrossSlash) {
    TempTree tree;
    tree.file("nginx/access.log");
    tree.file("nginx/old/access.log");
    tree.file("other/nginx/access.log");
    WalkOptions options{{"nginx/*.log"}, {}};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)), (Names{"nginx/access.log"}));
    options.include = {"nginx/**"};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)),
              (Names{"nginx/access.log", "nginx/old/access.log"}));
}

TEST(PathWalker, IncludeBraceAlternatives) {
    TempTree tree;
    tree.file("a.txt");
    tree.file("sub/b.txt");
    tree.file("c.txt");
    tree.file("ab.txt");
    WalkOptions options{{"{a,b}.txt"}, {}};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)), (Names{"a.txt", "sub/b.txt"}));
}

TEST(PathWalker, IncludeCharacterClass) {
    TempTree tree;
    tree.file("app.log.1");
    tree.file("app.log.7");
    tree.file("app.log.x");
    tree.file("app.log.10");
    WalkOptions options{{"app.log.[0-9]"}, {}};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)),
              (Names{"app.log.1", "app.log.7"}));
}

TEST(PathWalker, SeveralIncludesAnyMatchesAndExcludeWins) {
    TempTree tree;
    tree.file("a.log");
    tree.file("debug.log");
    tree.file("b.gz");
    tree.file("c.txt");
    WalkOptions options{{"*.log", "*.gz"}, {"debug*"}};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)), (Names{"a.log", "b.gz"}));
}

TEST(PathWalker, ExcludeAloneDropsMatchesAndPrunesDirectories) {
    TempTree tree;
    tree.file("a.log");
    tree.file("a.log.gz");
    tree.file("archive/old.log");
    tree.file("x/archive/old.log");
    tree.file("x/keep.log");
    WalkOptions options{{}, {"*.gz", "archive/"}};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)),
              (Names{"a.log", "x/keep.log"}));
    // Anchored: only the top-level archive directory.
    options.exclude = {"/archive"};
    EXPECT_EQ(relative(tree, walk({tree.root().string()}, options)),
              (Names{"a.log", "a.log.gz", "x/archive/old.log", "x/keep.log"}));
}

TEST(PathWalker, ExplicitlyNamedFilesBypassFilters) {
    TempTree tree;
    std::string named = tree.file("notes.txt");
    tree.file("a.log");
    tree.file("b.txt");
    WalkOptions options{{"*.log"}, {"notes.txt"}};
    EXPECT_EQ(walk({named, tree.root().string()}, options), (Names{named, tree.path("a.log")}));
}

TEST(PathWalker, SymlinkLoopToParentTerminatesWithoutDuplicates) {
    TempTree tree;
    tree.file("a.log");
    tree.file("sub/b.log");
    fs::create_directory_symlink("..", tree.root() / "sub" / "up");
    fs::create_directory_symlink(tree.root(), tree.root() / "sub" / "root");
    std::vector<SkippedEntry> skipped;
    std::vector<std::string> out = walk({tree.root().string()}, {}, nullptr, &skipped);
    EXPECT_EQ(relative(tree, out), (Names{"a.log", "sub/b.log"}));
    ASSERT_EQ(skipped.size(), 2u);
    EXPECT_EQ(skipped[0].path, tree.path("sub/root"));
    EXPECT_EQ(skipped[1].path, tree.path("sub/up"));
    EXPECT_EQ(skipped[0].reason, "symbolic link to a directory, not followed");
}

TEST(PathWalker, SymlinkToDirectoryNamedOnTheCommandLineIsWalked) {
    TempTree tree;
    tree.file("real/a.log");
    fs::create_directory_symlink(tree.root() / "real", tree.root() / "link");
    EXPECT_EQ(walk({tree.path("link")}, {}), (Names{tree.path("link/a.log")}));
}

TEST(PathWalker, SymlinkToFileIsReadAndBrokenOneIsNoted) {
    TempTree tree;
    tree.file("outside/real.txt");
    tree.file("logs/plain.log");
    fs::create_symlink(tree.root() / "outside" / "real.txt", tree.root() / "logs" / "current.log");
    fs::create_symlink(tree.root() / "nowhere", tree.root() / "logs" / "dangling.log");
    std::vector<SkippedEntry> skipped;
    std::vector<std::string> out = walk({tree.path("logs")}, {}, nullptr, &skipped);
    EXPECT_EQ(out, (Names{tree.path("logs/current.log"), tree.path("logs/plain.log")}));
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].path, tree.path("logs/dangling.log"));
    EXPECT_EQ(skipped[0].reason, "broken symbolic link");
}

TEST(PathWalker, FifoAndSocketInsideDirectoryAreSkippedAndNoted) {
    TempTree tree;
    tree.file("a.log");
    ASSERT_EQ(::mkfifo(tree.path("pipe.log").c_str(), 0600), 0) << std::strerror(errno);
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string socket_path = tree.path("sock");
    ASSERT_LT(socket_path.size(), sizeof address.sun_path);
    std::strcpy(address.sun_path, socket_path.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0)
        << std::strerror(errno);
    ::close(fd);

    std::vector<SkippedEntry> skipped;
    std::vector<std::string> out = walk({tree.root().string()}, {}, nullptr, &skipped);
    EXPECT_EQ(relative(tree, out), (Names{"a.log"}));
    ASSERT_EQ(skipped.size(), 2u);
    EXPECT_EQ(skipped[0].path, tree.path("pipe.log"));
    EXPECT_EQ(skipped[0].reason, "named pipe (FIFO)");
    EXPECT_EQ(skipped[1].path, socket_path);
    EXPECT_EQ(skipped[1].reason, "socket");

    // Filtered out by the globs: not even noted.
    skipped.clear();
    WalkOptions options{{"*.txt"}, {}};
    EXPECT_TRUE(walk({tree.root().string()}, options, nullptr, &skipped).empty());
    EXPECT_TRUE(skipped.empty());
}

TEST(PathWalker, FifoNamedOnTheCommandLineIsPassedThrough) {
    TempTree tree;
    std::string pipe = tree.path("pipe");
    ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0) << std::strerror(errno);
    std::vector<SkippedEntry> skipped;
    EXPECT_EQ(walk({pipe}, {}, nullptr, &skipped), (Names{pipe}));
    EXPECT_TRUE(skipped.empty());
}

TEST(PathWalker, UnreadableSubdirectoryIsReportedAndTheWalkGoesOn) {
    if (::geteuid() == 0) GTEST_SKIP() << "running as root: permissions do not apply";
    TempTree tree;
    tree.file("a.log");
    tree.file("locked/secret.log");
    tree.file("z/b.log");
    fs::permissions(tree.root() / "locked", fs::perms::none);
    std::vector<WalkProblem> problems;
    std::vector<std::string> out = walk({tree.root().string()}, {}, &problems);
    EXPECT_EQ(relative(tree, out), (Names{"a.log", "z/b.log"}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].path, tree.path("locked"));
    EXPECT_EQ(problems[0].cause, std::strerror(EACCES));
}

TEST(Glob, MatchesTheDocumentedSyntax) {
    struct Case {
        const char* pattern;
        const char* text;
        bool want;
    };
    const Case cases[] = {
        {"*.log", "a.log", true},
        {"*.log", "dir/a.log", false},  // '*' does not cross '/'
        {"*.log", ".log", true},
        {"*", "", true},
        {"**", "a/b/c", true},
        {"**/*.gz", "a.gz", true},
        {"**/*.gz", "a/b/c.gz", true},
        {"**/*.gz", "a/b/c.gzip", false},
        {"a/**/b", "a/b", true},
        {"a/**/b", "a/x/y/b", true},
        {"a/**/b", "a/xb", false},
        {"logs/**", "logs/x/y.log", true},
        {"logs/**", "logsx/y.log", false},
        {"?.txt", "a.txt", true},
        {"?.txt", "ab.txt", false},
        {"a?b", "a/b", false},
        {"?.txt", "\xC3\xA9.txt", true},  // one character, two bytes
        {"[0-9]", "7", true},
        {"[0-9]", "x", false},
        {"[!0-9]", "x", true},
        {"[^0-9]", "7", false},
        {"[abc].log", "b.log", true},
        {"[]x]", "]", true},
        {"[a-]", "-", true},
        {"[\xC3\xA0-\xC3\xBF]", "\xC3\xA9", true},
        {"{a,b}.txt", "a.txt", true},
        {"{a,b}.txt", "b.txt", true},
        {"{a,b}.txt", "c.txt", false},
        {"{a,b}.txt", "ab.txt", false},
        {"x.{log,{gz,zst}}", "x.zst", true},
        {"x{,.1}.log", "x.log", true},
        {"x{,.1}.log", "x.1.log", true},
        {"\\*.log", "*.log", true},
        {"\\*.log", "a.log", false},
        {"[*]", "*", true},
        {"a{b", "a{b", true},  // unclosed: literal
        {"[ab", "[ab", true},
        {"access.log", "access.log", true},
        {"access.log", "access_log", false},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(glob_match(c.pattern, c.text), c.want) << c.pattern << " vs " << c.text;
    }
}

TEST(Glob, ManyStarsStayFast) {
    std::string text(200, 'a');
    EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
    EXPECT_FALSE(glob_match("**a**a**a**a**a**a**a**a**b", text));
    EXPECT_TRUE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*", text));
}

TEST(Glob, ReportsMalformedPatterns) {
    EXPECT_EQ(glob_error("*.log"), std::nullopt);
    EXPECT_EQ(glob_error("{a,{b,c}}.txt"), std::nullopt);
    EXPECT_EQ(glob_error("[{]x"), std::nullopt);
    EXPECT_EQ(glob_error("\\{"), std::nullopt);
    EXPECT_EQ(glob_error(""), "empty pattern");
    EXPECT_EQ(glob_error("[ab"), "unclosed '['");
    EXPECT_EQ(glob_error("{a,b"), "unclosed '{'");
    EXPECT_EQ(glob_error("a}"), "unmatched '}'");
    EXPECT_EQ(glob_error("a\\"), "trailing '\\'");
}

std::string utf16le(std::string_view ascii) {
    std::string bytes;
    for (char c : ascii) {
        bytes += c;
        bytes += '\0';
    }
    return bytes;
}

TEST(Binary, LooksBinaryTable) {
    using namespace std::string_literals;
    std::mt19937 generator(42);
    std::string random(4096, '\0');
    for (char& c : random) c = static_cast<char>(generator() & 0xFF);
    random[100] = '\0';
    random[201] = '\0';
    std::string log_line = "[Thu Mar 25 10:14:30 2021] [ssl:error] SSL0208E: handshake failed\n";
    struct Case {
        std::string name;
        std::string bytes;
        bool want;
    };
    const Case cases[] = {
        {"empty", "", false},
        {"text", log_line, false},
        {"utf-8 with BOM", "\xEF\xBB\xBF" + log_line, false},
        {"utf-16le without BOM", utf16le(log_line), false},
        {"utf-16le with BOM", "\xFF\xFE"s + utf16le(log_line), false},
        {"utf-16be without BOM", "\0a\0b\0\n"s, false},
        // U+4E00 puts its NUL at an even offset, among odd ASCII ones.
        {"utf-16le mixed CJK", "I\0D\0:\0\x00\x4E\x16\x4E\x4C\x75\n\0"s, false},
        // Not what DecodingSource recognizes as UTF-16 without a BOM.
        {"utf-16le CJK first, no BOM", "\x16\x4E\x4C\x75 \0x\0"s, true},
        {"utf-16le with U+0000", utf16le("ab") + "\0\0"s + utf16le("cd"), true},
        {"utf-16le broken surrogate", utf16le("ab") + "\x00\xD8"s + utf16le("cd"), true},
        {"random bytes with NULs", random, true},
        {"one NUL in text", "abc\0def\n"s, true},
        {"NULs at both parities", "ab\0\0cd\n"s, true},
        {"utf-16le with control garbage", utf16le("\x01\x02\x03\x04\x05 ok"), true},
        {"ELF executable",
         "\x7f"
         "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"s,
         true},
        {"evtx", "ElfFile\0\0\0\0\0\0\0\0\0"s, false},
        {"gzip", "\x1f\x8b\x08\0\0\0\0\0\0\x03"s, false},
        {"zstd", "\x28\xb5\x2f\xfd\x04\0\0\0"s, false},
        {"NUL beyond the probe", std::string(kBinaryProbeBytes, 'a') + '\0', false},
        // Padding from a crash or a copytruncate rotation is not binary.
        {"text after a NUL run", std::string(4096, '\0') + log_line, false},
        {"NUL run between lines", log_line + std::string(16, '\0') + log_line, false},
        {"NULs only", std::string(kBinaryProbeBytes, '\0'), false},
        {"short NUL run in text", log_line + std::string(15, '\0') + log_line, true},
        {"random bytes after a NUL run", std::string(64, '\0') + random, true},
    };
    for (const Case& c : cases) EXPECT_EQ(looks_binary(c.bytes), c.want) << c.name;
}

}  // namespace
}  // namespace alertscan
