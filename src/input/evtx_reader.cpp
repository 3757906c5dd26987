#include "input/evtx_reader.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "formats/event_xml.hpp"
#include "input/byte_source.hpp"
#include "input/evtx_fast_reader.hpp"
#include "util/text.hpp"

// Debian's libevtx.h includes <libbfio.h> (for libevtx_file_open_file_io_handle,
// unused here), but libevtx-dev does not depend on libbfio-dev. Without the
// feature macro the header needs nothing more.
#include <libevtx/features.h>
#undef LIBEVTX_HAVE_BFIO
#include <libevtx.h>

namespace alertscan {

namespace {

// The root cause of a libevtx error, without the function name and the
// final period: "unable to read file header". Frees the error.
std::string take_error(libevtx_error_t*& error, std::string_view fallback) {
    std::string message(fallback);
    if (error != nullptr) {
        std::vector<char> buffer(4096, '\0');
        if (libevtx_error_backtrace_sprint(error, buffer.data(), buffer.size()) > 0) {
            std::string_view text(buffer.data());
            text = trim(text.substr(0, text.find('\n')));
            // "libevtx_io_handle_read_file_header: unable to ..."
            std::size_t colon = text.find(": ");
            if (colon != std::string_view::npos &&
                text.substr(0, colon).find(' ') == std::string_view::npos) {
                text.remove_prefix(colon + 2);
            }
            while (!text.empty() && text.back() == '.') text.remove_suffix(1);
            if (!text.empty()) message = text;
        }
        libevtx_error_free(&error);
    }
    return message;
}

void discard_error(libevtx_error_t*& error) {
    if (error != nullptr) libevtx_error_free(&error);
}

constexpr std::size_t kFileHeaderBytes = 4096;
constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kChunkCountOffset = 42;  // uint16 in the file header

// Chunks the file header counts that are absent or not chunks. libevtx
// passes over them in silence, so their records would be lost unnoticed.
struct ChunkDamage {
    unsigned counted = 0;     // chunks the file header counts
    unsigned missing = 0;     // beyond the end of the file, or cut short
    unsigned unreadable = 0;  // present, without the chunk signature (zeroed, overwritten)
};

bool read_at(int fd, char* buffer, std::size_t size, std::uint64_t offset) {
    ssize_t got = 0;
    do {
        got = ::pread(fd, buffer, size, static_cast<off_t>(offset));
    } while (got < 0 && errno == EINTR);
    return got == static_cast<ssize_t>(size);
}

ChunkDamage inspect_chunks(int fd, std::uint64_t file_size) {
    ChunkDamage damage;
    unsigned char count[2] = {};
    if (!read_at(fd, reinterpret_cast<char*>(count), sizeof count, kChunkCountOffset))
        return damage;
    damage.counted = static_cast<unsigned>(count[0] | count[1] << 8);
    for (unsigned chunk = 0; chunk < damage.counted; ++chunk) {
        const std::uint64_t start = kFileHeaderBytes + std::uint64_t{chunk} * kChunkBytes;
        char signature[8] = {};
        if (start + kChunkBytes > file_size || !read_at(fd, signature, sizeof signature, start)) {
            ++damage.missing;
        } else if (std::memcmp(signature, "ElfChnk\0", sizeof signature) != 0) {
            ++damage.unreadable;
        }
    }
    return damage;
}

// Opens, stats and sniffs the file first so that the common failures get a
// plain cause (libevtx's own messages name functions and the path). Opened
// without blocking: a FIFO without a writer must not hang the scan.
ChunkDamage check_file(const std::string& path) {
    if (path == "-") throw InputError("an EVTX file cannot be read from standard input");
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw InputError(errno_message(errno));
    struct stat info {};
    std::optional<std::string> failure;
    char signature[8] = {};
    ChunkDamage damage;
    if (::fstat(fd, &info) != 0) {
        failure = errno_message(errno);
    } else if (S_ISDIR(info.st_mode)) {
        failure = errno_message(EISDIR);
    } else if (!S_ISREG(info.st_mode)) {
        failure = "not a regular file (an EVTX file is read with seeks)";
    } else if (!read_at(fd, signature, sizeof signature, 0)) {
        failure = info.st_size < static_cast<off_t>(sizeof signature)
                      ? "not an EVTX file (no ElfFile signature)"
                      : errno_message(errno);
    } else if (std::memcmp(signature, "ElfFile\0", sizeof signature) != 0) {
        failure = "not an EVTX file (no ElfFile signature)";
    } else {
        damage = inspect_chunks(fd, static_cast<std::uint64_t>(info.st_size));
    }
    ::close(fd);
    if (failure) throw InputError(*failure);
    return damage;
}

// One cause for a file some of whose records could not be read, or nothing.
std::string describe_damage(const ChunkDamage& chunks, std::uint64_t lost_records) {
    std::string cause;
    auto add = [&cause](const std::string& part) { cause += (cause.empty() ? "" : ", ") + part; };
    if (chunks.missing > 0) {
        add("cut short: " + std::to_string(chunks.missing) + " of the " +
            std::to_string(chunks.counted) + " chunks the header counts are missing or incomplete");
    }
    if (chunks.unreadable > 0) {
        add(std::to_string(chunks.unreadable) + " of " + std::to_string(chunks.counted) +
            " chunks have no chunk signature (zeroed or overwritten)");
    }
    if (lost_records > 0) {
        add(std::to_string(lost_records) + " records could not be decoded (corrupt chunk)");
    }
    return cause.empty() ? cause : "damaged EVTX file, records read counted: " + cause;
}

class EvtxFile {
  public:
    explicit EvtxFile(const std::string& path) {
        libevtx_error_t* error = nullptr;
        if (libevtx_file_initialize(&file_, &error) != 1) {
            throw InputError(take_error(error, "cannot initialise libevtx"));
        }
        if (libevtx_file_open(file_, path.c_str(), LIBEVTX_OPEN_READ, &error) != 1) {
            std::string cause = take_error(error, "cannot open the EVTX file");
            libevtx_file_free(&file_, nullptr);
            throw InputError("not a readable EVTX file: " + cause);
        }
    }
    ~EvtxFile() {
        libevtx_file_close(file_, nullptr);
        libevtx_file_free(&file_, nullptr);
    }
    EvtxFile(const EvtxFile&) = delete;
    EvtxFile& operator=(const EvtxFile&) = delete;

    libevtx_file_t* get() const { return file_; }

  private:
    libevtx_file_t* file_ = nullptr;
};

class EvtxRecord {
  public:
    EvtxRecord() = default;
    ~EvtxRecord() {
        if (record_ != nullptr) libevtx_record_free(&record_, nullptr);
    }
    EvtxRecord(const EvtxRecord&) = delete;
    EvtxRecord& operator=(const EvtxRecord&) = delete;

    libevtx_record_t** out() { return &record_; }
    libevtx_record_t* get() const { return record_; }

  private:
    libevtx_record_t* record_ = nullptr;
};

// The record's XML rendering, or nothing when libevtx cannot produce it.
std::optional<std::string> record_xml(libevtx_file_t* file, int index, bool recovered) {
    libevtx_error_t* error = nullptr;
    EvtxRecord record;
    int ok = recovered
                 ? libevtx_file_get_recovered_record_by_index(file, index, record.out(), &error)
                 : libevtx_file_get_record_by_index(file, index, record.out(), &error);
    if (ok != 1 || record.get() == nullptr) {
        discard_error(error);
        return std::nullopt;
    }
    std::size_t size = 0;
    if (libevtx_record_get_utf8_xml_string_size(record.get(), &size, &error) != 1 || size == 0) {
        discard_error(error);
        return std::nullopt;
    }
    std::string xml(size, '\0');
    if (libevtx_record_get_utf8_xml_string(
            record.get(), reinterpret_cast<std::uint8_t*>(xml.data()), size, &error) != 1) {
        discard_error(error);
        return std::nullopt;
    }
    xml.resize(std::strlen(xml.c_str()));  // the size counts the final NUL
    return xml;
}

}  // namespace

std::uint64_t read_evtx_full(const std::string& path, RecordSink& sink, EvtxStats* stats) {
    const ChunkDamage chunks = check_file(path);
    EvtxFile file(path);
    EvtxStats local;
    EvtxStats& counts = stats != nullptr ? *stats : local;
    counts = EvtxStats{};

    libevtx_error_t* error = nullptr;
    int records = 0;
    if (libevtx_file_get_number_of_records(file.get(), &records, &error) != 1) {
        throw InputError("cannot count the EVTX records: " +
                         take_error(error, "libevtx_file_get_number_of_records failed"));
    }
    int recovered = 0;
    if (libevtx_file_get_number_of_recovered_records(file.get(), &recovered, &error) != 1) {
        discard_error(error);
        recovered = 0;
    }
    counts.records = static_cast<std::uint64_t>(records);
    counts.recovered = static_cast<std::uint64_t>(recovered);

    auto deliver = [&](int index, bool is_recovered, std::uint64_t position) {
        std::optional<std::string> xml = record_xml(file.get(), index, is_recovered);
        std::optional<EventRecord> record;
        if (xml) record = parse_event_xml(*xml);
        if (!record) {
            ++counts.failed;
            if (!is_recovered) ++counts.lost;
            return;
        }
        record->offset = position;
        record->line = 0;
        sink.on_record(*record);
        ++counts.delivered;
        if (is_recovered) ++counts.recovered_delivered;
    };
    for (int i = 0; i < records; ++i) deliver(i, false, static_cast<std::uint64_t>(i));
    for (int i = 0; i < recovered; ++i) {
        deliver(i, true, static_cast<std::uint64_t>(records) + static_cast<std::uint64_t>(i));
    }
    // libevtx also fails on the odd intact record (see the header): lost
    // records are damage only in a file it found corrupt (a chunk's CRC).
    const bool corrupt = libevtx_file_is_corrupted(file.get(), nullptr) == 1;
    counts.damage = describe_damage(chunks, corrupt ? counts.lost : 0);
    return counts.delivered;
}

namespace {

// Decodes single records with libevtx for the fast path; the file is
// opened on first use only.
class LibevtxRecords {
  public:
    explicit LibevtxRecords(const std::string& path) : path_(path) {}

    std::optional<EventRecord> decode(std::uint64_t index, bool recovered) {
        if (!file_) file_ = std::make_unique<EvtxFile>(path_);
        std::optional<std::string> xml =
            record_xml(file_->get(), static_cast<int>(index), recovered);
        if (!xml) return std::nullopt;
        return parse_event_xml(*xml);
    }

  private:
    std::string path_;
    std::unique_ptr<EvtxFile> file_;
};

class FileDescriptor {
  public:
    explicit FileDescriptor(const std::string& path)
        : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ < 0) throw InputError(errno_message(errno));
    }
    ~FileDescriptor() { ::close(fd_); }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

bool full_path_forced() {
    const char* decoder = std::getenv("ALERTSCAN_EVTX_DECODER");
    return decoder != nullptr && std::string_view(decoder) == "libevtx";
}

}  // namespace

std::optional<std::uint64_t> read_evtx_fast_path(const std::string& path, RecordSink& sink,
                                                 EvtxStats* stats, bool helper_thread) {
    const ChunkDamage chunks = check_file(path);
    FileDescriptor fd(path);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) throw InputError(errno_message(errno));
    std::string why;
    std::optional<EvtxLayout> layout =
        scan_evtx_layout(fd.get(), static_cast<std::uint64_t>(info.st_size), why);
    if (!layout) {
        spdlog::debug("{}: EVTX read by libevtx: {}", path, why);
        return std::nullopt;
    }
    LibevtxRecords libevtx(path);
    auto fallback = [&](std::uint64_t index, bool recovered) {
        std::optional<EventRecord> record = libevtx.decode(index, recovered);
        if (!record) return false;
        record->offset = recovered ? layout->records + index : index;
        record->line = 0;
        sink.on_record(*record);
        return true;
    };
    EvtxFastCounts counts;
    const std::uint64_t delivered =
        read_evtx_fast(fd.get(), *layout, sink, fallback, &counts, helper_thread);
    spdlog::debug("{}: EVTX fast path: {} records, {} decoded by libevtx", path, layout->records,
                  counts.deferred);
    if (stats != nullptr) {
        *stats = EvtxStats{};
        stats->records = layout->records;
        stats->recovered = layout->recovered;
        stats->delivered = delivered;
        stats->recovered_delivered = counts.recovered_delivered;
        stats->failed = layout->records + layout->recovered - delivered;
        stats->lost = layout->records - (delivered - counts.recovered_delivered);
        stats->damage = describe_damage(chunks, layout->corrupt ? stats->lost : 0);
    }
    return delivered;
}

std::uint64_t read_evtx(const std::string& path, RecordSink& sink, EvtxStats* stats,
                        bool helper_thread) {
    if (!full_path_forced()) {
        if (auto delivered = read_evtx_fast_path(path, sink, stats, helper_thread)) {
            return *delivered;
        }
    }
    return read_evtx_full(path, sink, stats);
}

}  // namespace alertscan
