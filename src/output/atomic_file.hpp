// An output file that appears complete or not at all (for -o FILE, and for
// node_exporter's textfile collector, which must never read a half-written
// *.prom file).
//
// Writes go to PATH.tmp.<pid> in the same directory (so the rename cannot
// cross file systems, and the collector, which reads only *.prom, ignores
// it). commit() flushes, fsyncs and closes the temporary file, renames it
// over PATH and fsyncs the directory so the rename survives a crash. If the
// object is destroyed without commit() (an error, an exception), the
// temporary file is removed and PATH is left as it was. A replaced PATH
// keeps its permission bits; a new one gets 0666 less the umask.
//
// Errors throw std::runtime_error naming PATH and the strerror text. The
// temporary file is registered in util/pending_files.hpp, so an interrupted
// run (SIGINT, SIGTERM: src/cli/interrupt.cpp) removes it too.
#pragma once

#include <memory>
#include <ostream>
#include <string>

namespace alertscan {

class FdWriteBuffer;

class AtomicFile {
  public:
    // Creates (truncates) PATH.tmp.<pid>. Throws when it cannot.
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Where to write, until commit(). Write errors (a full disk) are
    // remembered and reported by commit().
    std::ostream& stream();

    // Makes what was written the content of PATH. Throws on any failure
    // (write, fsync, close, rename), leaving PATH as it was, except for a
    // failed fsync of the directory after the rename, which also throws.
    // At most once.
    void commit();

    const std::string& path() const { return path_; }
    const std::string& temp_path() const { return temp_path_; }

  private:
    std::string path_;
    std::string temp_path_;
    int pending_slot_ = -1;
    std::unique_ptr<FdWriteBuffer> buffer_;
    std::unique_ptr<std::ostream> stream_;
    bool committed_ = false;
};

}  // namespace alertscan
