#include "state/fingerprint.hpp"

#include <sys/stat.h>

#include <cstdio>

#include "input/byte_source.hpp"
#include "input/compressed_source.hpp"

namespace alertscan {
namespace {

std::string fnv1a64_hex(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char byte : bytes) {
        hash ^= static_cast<unsigned char>(byte);
        hash *= 1099511628211ULL;
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

// Up to kFingerprintBytes of the content, decompressing if needed.
std::string read_head(const std::string& path, bool& compressed) {
    std::string compression;
    auto raw = std::make_unique<PeekableSource>(open_file(path));
    auto content = decompress_if_needed(std::move(raw), &compression);
    compressed = !compression.empty();
    std::string head(kFingerprintBytes, '\0');
    std::size_t filled = 0;
    while (filled < head.size()) {
        const std::size_t n = content->read(head.data() + filled, head.size() - filled);
        if (n == 0) break;
        filled += n;
    }
    head.resize(filled);
    return head;
}

}  // namespace

Fingerprint fingerprint_of(std::string_view head) {
    head = head.substr(0, kFingerprintBytes);
    return {head.size(), fnv1a64_hex(head)};
}

bool fingerprint_matches(const Fingerprint& print, std::string_view head) {
    if (print.length == 0 || head.size() < print.length) return false;
    return fnv1a64_hex(head.substr(0, print.length)) == print.hash;
}

CurrentFile probe_file(const std::string& path) {
    CurrentFile file;
    file.path = path;
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return file;
    file.regular = true;
    file.device = static_cast<std::uint64_t>(info.st_dev);
    file.inode = static_cast<std::uint64_t>(info.st_ino);
    file.size = static_cast<std::uint64_t>(info.st_size);
    try {
        file.head = read_head(path, file.compressed);
        file.readable = true;
    } catch (const InputError&) {
        // The scan meets the same error and reports it.
    }
    return file;
}

}  // namespace alertscan
