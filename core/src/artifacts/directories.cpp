#include "directories.hpp"

#include <atomic>
#include <system_error>

#include <unistd.h>

#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"

namespace nip::core::artifacts {
namespace fs = std::filesystem;

void create_directory_synced(const fs::path& directory) {
    std::error_code error;
    if (fs::create_directory(directory, error)) {
        fsync_path(directory.parent_path());
    } else if (error || !fs::is_directory(directory)) {
        throw IoError("Cannot create directory '" + directory.string() +
                      "': " + (error ? error.message() : "a file is in the way"));
    }
}

std::string unique_temporary_suffix() {
    static std::atomic<unsigned long> counter{0};
    return std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

} // namespace nip::core::artifacts
