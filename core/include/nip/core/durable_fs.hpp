// Crash-safe file operations: write, fsync, rename into place, fsync the directory.
//
// A failed fsync is an error and is never retried: after a failed fsync the kernel may
// have dropped the dirty pages, so a retry that "succeeds" proves nothing.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace nip::core {

// Writes `data` to `path` (created or truncated) and fsyncs it.
void write_file_synced(const std::filesystem::path& path, std::string_view data);
// Copies a file's bytes to `to` and fsyncs the copy.
void copy_file_synced(const std::filesystem::path& from, const std::filesystem::path& to);
// fsyncs a file or a directory.
void fsync_path(const std::filesystem::path& path);
// Renames `from` onto `to` and fsyncs the parent directory (or directories).
void rename_synced(const std::filesystem::path& from, const std::filesystem::path& to);
// Writes to a temporary file beside `path`, then renames it into place: readers see the
// old content or the new, never a mix.
void write_file_atomically(const std::filesystem::path& path, std::string_view data);
std::string read_file(const std::filesystem::path& path);

// An exclusive advisory lock (flock) on a file, held for the object's lifetime. Serialises
// processes that update the same store; released by the kernel if the process dies.
class FileLock {
public:
    explicit FileLock(const std::filesystem::path& path);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

} // namespace nip::core
