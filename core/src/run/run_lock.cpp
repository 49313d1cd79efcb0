#include "run_lock.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "nip/core/errors.hpp"

namespace nip::core {
namespace {

// The holder's pid as it wrote it into the lock file ("" if it could not be read).
std::string holder_of(int fd) {
    char text[32] = {};
    const auto got = ::pread(fd, text, sizeof text - 1, 0);
    std::string pid(text, got > 0 ? static_cast<std::size_t>(got) : 0);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
        pid.pop_back();
    }
    return pid;
}

} // namespace

RunLock::RunLock(const std::filesystem::path& run_dir, const std::string& run_id) {
    const auto file = run_dir / "lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw IoError("Cannot open the run's lock file '" + file.string() +
                      "': " + std::strerror(errno) + " (check the runs directory's permissions)");
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        const std::string holder = holder_of(fd_);
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK) {
            throw IoError("Run '" + run_id + "' is in use by another host (pid " +
                          (holder.empty() ? std::string("unknown") : holder) + ", lock '" +
                          file.string() +
                          "'): wait for it to end, stop it, or choose another --run-id");
        }
        throw IoError("Cannot lock the run's lock file '" + file.string() +
                      "': " + std::strerror(error));
    }
    // Ours now: record who holds it, for the message a second host prints (should this
    // write fail, the lock still holds and that message says "pid unknown").
    const std::string pid = std::to_string(::getpid()) + "\n";
    const bool recorded = ::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) ==
                                                          static_cast<ssize_t>(pid.size());
    static_cast<void>(recorded);
}

RunLock::~RunLock() {
    if (fd_ >= 0) {
        ::close(fd_); // releases the lock
    }
}

} // namespace nip::core
