// What identifies an input file across runs: its device and inode, and a
// fingerprint of its first bytes (decompressed for .gz/.zst), which survives
// a copy (copytruncate) or a compression where the inode does not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace alertscan {

// How many leading bytes a fingerprint covers at most.
inline constexpr std::size_t kFingerprintBytes = 1024;

struct Fingerprint {
    std::uint64_t length = 0;  // bytes hashed: min(kFingerprintBytes, content size)
    std::string hash;          // FNV-1a 64 of those bytes, 16 lower-case hex digits

    bool operator==(const Fingerprint&) const = default;
};

// The fingerprint of content starting with `head` (its first bytes).
Fingerprint fingerprint_of(std::string_view head);

// True when content starting with `head` starts with the bytes `print`
// was taken of. An empty fingerprint (of an empty file) matches nothing:
// it would match every file.
bool fingerprint_matches(const Fingerprint& print, std::string_view head);

// A file as this run finds it.
struct CurrentFile {
    std::string path;
    bool regular = false;      // stdin, FIFOs and devices are read whole and not recorded
    bool readable = false;     // false: the scan will report why; its old entry is kept
    std::uint64_t device = 0;  // st_dev
    std::uint64_t inode = 0;   // st_ino
    std::uint64_t size = 0;    // st_size (compressed size for .gz/.zst)
    bool compressed = false;   // gzip or zstd by its magic bytes
    std::string head;          // first kFingerprintBytes of the content, decompressed
};

// Stats and reads the start of `path`. Never throws: a file that cannot be
// stat()ed is not regular, one that cannot be read is not readable.
CurrentFile probe_file(const std::string& path);

}  // namespace alertscan
