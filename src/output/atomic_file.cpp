#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

#include "output/fd_buffer.hpp"
#include "util/pending_files.hpp"
#include "util/text.hpp"

namespace alertscan {
namespace {

// Every failure names the output the user asked for, then the cause, then
// the step when it is not plain writing.
[[noreturn]] void fail(const std::string& path, int error, const std::string& step = "") {
    throw std::runtime_error("cannot write " + path + ": " + errno_message(error) +
                             (step.empty() ? "" : " (" + step + ")"));
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

}  // namespace

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temp_path_(path_ + ".tmp." + std::to_string(::getpid())) {
    if (path_.empty()) throw std::runtime_error("cannot write to an empty path");
    // Registered before it exists, so no signal can come between its
    // creation and its registration and leave it behind.
    pending_slot_ = register_pending_file(temp_path_);
    // O_NOFOLLOW: never write through a symlink planted at the temporary name.
    const int fd =
        ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        const int error = errno;
        forget_pending_file(pending_slot_);
        fail(path_, error, "creating " + temp_path_);
    }
    struct stat existing {};
    if (::stat(path_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
        ::fchmod(fd, existing.st_mode & 07777);  // best effort: keep PATH's permissions
    }
    buffer_ = std::make_unique<FdWriteBuffer>(fd, true);
    stream_ = std::make_unique<std::ostream>(buffer_.get());
}

AtomicFile::~AtomicFile() {
    if (committed_) return;
    stream_.reset();
    buffer_.reset();  // closes without writing what is left
    ::unlink(temp_path_.c_str());
    forget_pending_file(pending_slot_);
}

std::ostream& AtomicFile::stream() {
    return *stream_;
}

void AtomicFile::commit() {
    if (committed_) throw std::runtime_error("already committed: " + path_);
    stream_->flush();
    if (!buffer_->drain() || buffer_->error() != 0) fail(path_, buffer_->error());
    if (!*stream_) throw std::runtime_error("cannot write " + path_);
    if (::fsync(buffer_->fd()) != 0) fail(path_, errno, "syncing " + temp_path_);
    if (const int error = buffer_->close(); error != 0) {
        fail(path_, error, "closing " + temp_path_);
    }
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
        fail(path_, errno, "renaming " + temp_path_ + " to it");
    }
    committed_ = true;
    forget_pending_file(pending_slot_);

    const std::string directory = directory_of(path_);
    const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        throw std::runtime_error("cannot sync directory " + directory + ": " +
                                 errno_message(errno));
    }
    const int synced = ::fsync(dir) == 0 ? 0 : errno;
    ::close(dir);
    // Some file systems cannot sync a directory (EINVAL); the rename stands.
    if (synced != 0 && synced != EINVAL) {
        throw std::runtime_error("cannot sync directory " + directory + ": " +
                                 errno_message(synced));
    }
}

}  // namespace alertscan
