#include "nip/core/durable_fs.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "nip/core/errors.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error) {
    throw IoError(what + " '" + path.string() + "': " + std::strerror(error));
}

class Fd {
public:
    Fd(const fs::path& path, int flags, mode_t mode = 0644) : path_(path) {
        fd_ = ::open(path.c_str(), flags | O_CLOEXEC, mode);
        if (fd_ < 0) {
            fail("Cannot open", path, errno);
        }
    }
    ~Fd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void sync() const {
        if (::fsync(fd_) != 0) {
            fail("fsync failed for", path_, errno);
        }
    }
    void close_checked() {
        int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) {
            fail("close failed for", path_, errno);
        }
    }

private:
    fs::path path_;
    int fd_ = -1;
};

void write_all(const Fd& fd, const fs::path& path, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t written = ::write(fd.get(), data, size);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("Cannot write", path, errno);
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
}

} // namespace

void write_file_synced(const fs::path& path, std::string_view data) {
    Fd fd(path, O_WRONLY | O_CREAT | O_TRUNC);
    write_all(fd, path, data.data(), data.size());
    fd.sync();
    fd.close_checked();
}

void copy_file_synced(const fs::path& from, const fs::path& to) {
    Fd in(from, O_RDONLY);
    Fd out(to, O_WRONLY | O_CREAT | O_TRUNC);
    char buffer[1 << 16];
    for (;;) {
        ssize_t got = ::read(in.get(), buffer, sizeof(buffer));
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("Cannot read", from, errno);
        }
        if (got == 0) {
            break;
        }
        write_all(out, to, buffer, static_cast<std::size_t>(got));
    }
    out.sync();
    out.close_checked();
}

void fsync_path(const fs::path& path) {
    Fd fd(path, fs::is_directory(path) ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    fd.sync();
}

void rename_synced(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        throw IoError("Cannot rename '" + from.string() + "' to '" + to.string() +
                      "': " + std::strerror(errno));
    }
    fs::path to_parent = to.parent_path().empty() ? fs::path(".") : to.parent_path();
    fs::path from_parent = from.parent_path().empty() ? fs::path(".") : from.parent_path();
    fsync_path(to_parent);
    if (fs::absolute(from_parent) != fs::absolute(to_parent)) {
        fsync_path(from_parent);
    }
}

void write_file_atomically(const fs::path& path, std::string_view data) {
    fs::path temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid());
    write_file_synced(temporary, data);
    rename_synced(temporary, path);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw IoError("Cannot read '" + path.string() + "': " + std::strerror(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

FileLock::FileLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        fail("Cannot open lock file", path, errno);
    }
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) {
            int error = errno;
            ::close(fd_);
            fail("Cannot lock", path, error);
        }
    }
}

FileLock::~FileLock() {
    if (fd_ >= 0) {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
}

} // namespace nip::core
