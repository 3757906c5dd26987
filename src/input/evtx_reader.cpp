#include "input/evtx_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "formats/event_xml.hpp"
#include "input/byte_source.hpp"
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

// Opens, stats and sniffs the file first so that the common failures get a
// plain cause (libevtx's own messages name functions and the path).
void check_file(const std::string& path) {
    if (path == "-") throw InputError("an EVTX file cannot be read from standard input");
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(errno_message(errno));
    struct stat info {};
    std::optional<std::string> failure;
    char signature[8] = {};
    if (::fstat(fd, &info) != 0) {
        failure = errno_message(errno);
    } else if (S_ISDIR(info.st_mode)) {
        failure = errno_message(EISDIR);
    } else {
        ssize_t got = 0;
        do {
            got = ::pread(fd, signature, sizeof signature, 0);
        } while (got < 0 && errno == EINTR);
        if (got < 0) {
            failure = errno_message(errno);
        } else if (got != static_cast<ssize_t>(sizeof signature) ||
                   std::memcmp(signature, "ElfFile\0", sizeof signature) != 0) {
            failure = "not an EVTX file (no ElfFile signature)";
        }
    }
    ::close(fd);
    if (failure) throw InputError(*failure);
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

std::uint64_t read_evtx(const std::string& path, RecordSink& sink, EvtxStats* stats) {
    check_file(path);
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
    return counts.delivered;
}

}  // namespace alertscan
