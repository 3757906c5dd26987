#include "state/state_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "output/atomic_file.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

using nlohmann::json;

std::string format_id() {
    return std::string(kStateFormat) + "/" + std::to_string(kStateVersion);
}

[[noreturn]] void corrupt(const std::string& name, const std::string& why) {
    throw StateError("state file " + name + ": corrupt: " + why +
                     " (move it away to start over: every input is then read from the start)");
}

// Checks the format identifier: ours, a newer version of ours, or foreign.
void check_format(const json& document, const std::string& name) {
    const std::string prefix = std::string(kStateFormat) + "/";
    if (!document.is_object() || !document.contains("format") || !document["format"].is_string() ||
        !document["format"].get<std::string>().starts_with(prefix)) {
        throw StateError("state file " + name + ": not an alertscan state file (no \"format\": \"" +
                         format_id() + "\")");
    }
    const std::string format = document["format"];
    const auto version = parse_int(std::string_view(format).substr(prefix.size()), 10);
    if (!version || *version < 1) {
        throw StateError("state file " + name + ": unknown format \"" + format + "\"");
    }
    if (*version > kStateVersion) {
        throw StateError("state file " + name + ": written by a newer alertscan (\"" + format +
                         "\"; this version reads \"" + format_id() + "\")");
    }
}

std::uint64_t unsigned_field(const json& entry, const char* key, const std::string& where,
                             const std::string& name) {
    if (!entry.contains(key) || !entry[key].is_number_unsigned()) {
        corrupt(name, where + "." + key + ": expected a number >= 0");
    }
    return entry[key].get<std::uint64_t>();
}

bool bool_field(const json& entry, const char* key, const std::string& where,
                const std::string& name) {
    if (!entry.contains(key)) return false;
    if (!entry[key].is_boolean()) corrupt(name, where + "." + key + ": expected true or false");
    return entry[key].get<bool>();
}

StateEntry parse_entry(const json& entry, const std::string& where, const std::string& name) {
    if (!entry.is_object()) corrupt(name, where + ": expected an object");
    StateEntry parsed;
    if (!entry.contains("path") || !entry["path"].is_string()) {
        corrupt(name, where + ".path: expected a string");
    }
    parsed.path = entry["path"];
    parsed.device = unsigned_field(entry, "device", where, name);
    parsed.inode = unsigned_field(entry, "inode", where, name);
    parsed.size = unsigned_field(entry, "size", where, name);
    parsed.offset = unsigned_field(entry, "offset", where, name);
    parsed.line = unsigned_field(entry, "line", where, name);
    parsed.compressed = bool_field(entry, "compressed", where, name);
    parsed.whole = bool_field(entry, "whole", where, name);
    const std::string print_where = where + ".fingerprint";
    if (!entry.contains("fingerprint") || !entry["fingerprint"].is_object()) {
        corrupt(name, print_where + ": expected an object");
    }
    const json& print = entry["fingerprint"];
    parsed.fingerprint.length = unsigned_field(print, "bytes", print_where, name);
    if (!print.contains("fnv1a64") || !print["fnv1a64"].is_string() ||
        print["fnv1a64"].get<std::string>().size() != 16) {
        corrupt(name, print_where + ".fnv1a64: expected 16 hex digits");
    }
    parsed.fingerprint.hash = print["fnv1a64"];
    if (parsed.fingerprint.length > kFingerprintBytes || parsed.line == 0) {
        corrupt(name, where + ": values out of range");
    }
    return parsed;
}

}  // namespace

State parse_state(const std::string& text, const std::string& name) {
    json document;
    try {
        document = json::parse(text);
    } catch (const json::exception& error) {
        // parse_error, and also out_of_range for a number too large for any
        // type (found by fuzz_state): either way the file is not usable.
        if (text.find(kStateFormat) == std::string::npos) {
            throw StateError("state file " + name + ": not an alertscan state file (not JSON)");
        }
        corrupt(name, std::string("not valid JSON: ") + error.what());
    }
    check_format(document, name);
    if (!document.contains("files") || !document["files"].is_array()) {
        corrupt(name, "\"files\": expected an array");
    }
    State state;
    const json& files = document["files"];
    for (std::size_t i = 0; i < files.size(); ++i) {
        state.entries.push_back(parse_entry(files[i], "files[" + std::to_string(i) + "]", name));
    }
    return state;
}

State load_state(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (errno == ENOENT) return {};  // the first run
        throw StateError("state file " + path + ": cannot read: " + errno_message(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw StateError("state file " + path + ": cannot read");
    return parse_state(text.str(), path);
}

std::string format_state(const State& state) {
    json files = json::array();
    for (const StateEntry& entry : state.entries) {
        json file = {{"path", entry.path},
                     {"device", entry.device},
                     {"inode", entry.inode},
                     {"fingerprint",
                      {{"bytes", entry.fingerprint.length}, {"fnv1a64", entry.fingerprint.hash}}},
                     {"size", entry.size},
                     {"offset", entry.offset},
                     {"line", entry.line}};
        if (entry.compressed) file["compressed"] = true;
        if (entry.whole) file["whole"] = true;
        files.push_back(std::move(file));
    }
    const json document = {{"format", format_id()}, {"files", std::move(files)}};
    // Invalid UTF-8 in a path is replaced rather than refused: the path is
    // only informative.
    return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void save_state(const std::string& path, const State& state) {
    try {
        AtomicFile file(path);
        file.stream() << format_state(state);
        file.commit();
    } catch (const std::runtime_error& error) {
        throw StateError(std::string("state file not saved: ") + error.what());
    }
}

StateLock::StateLock(const std::string& state_path) {
    const std::string lock_path = state_path + ".lock";
    fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd_ < 0) {
        throw StateError("state file " + state_path + ": cannot open lock " + lock_path + ": " +
                         errno_message(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK) {
        throw StateError("state file " + state_path + " is in use by another alertscan run (" +
                         lock_path + " is locked); not scanning");
    }
    throw StateError("state file " + state_path + ": cannot lock " + lock_path + ": " +
                     errno_message(error));
}

StateLock::~StateLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace alertscan
