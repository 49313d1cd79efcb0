#include "object_store.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <system_error>

#include "directories.hpp"
#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/sha256.hpp"

namespace nip::core::artifacts {
namespace fs = std::filesystem;
namespace {

std::uint64_t size_of(const fs::path& path) {
    std::error_code error;
    std::uint64_t size = fs::file_size(path, error);
    if (error) {
        throw IoError("Cannot read the size of '" + path.string() + "': " + error.message());
    }
    return size;
}

} // namespace

ObjectStore::ObjectStore(fs::path directory) : directory_(std::move(directory)) {}

// A temporary is named .tmp-<sha256>-<pid>-<n> by the process writing it (see put()); one
// whose process is gone was left by a kill and is never finished.
std::size_t ObjectStore::remove_dead_writers_temporaries() const {
    std::size_t removed = 0;
    std::error_code error;
    for (fs::recursive_directory_iterator it(directory_, error), end; !error && it != end;
         it.increment(error)) {
        const auto name = it->path().filename().string();
        if (it.depth() != 1 || !name.starts_with(".tmp-")) {
            continue;
        }
        const auto pid_start = name.find('-', 5);
        const auto pid_end = name.find('-', pid_start + 1);
        if (pid_start == std::string::npos || pid_end == std::string::npos) {
            continue;
        }
        const auto pid = std::strtol(name.c_str() + pid_start + 1, nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            std::error_code remove_error;
            removed += fs::remove(it->path(), remove_error) ? 1 : 0;
        }
    }
    return removed;
}

fs::path ObjectStore::path_of(const std::string& sha256) const {
    return directory_ / sha256.substr(0, 2) / sha256;
}

sdk::ArtifactFile ObjectStore::put(const fs::path& source) const {
    sdk::ArtifactFile entry;
    entry.sha256 = sha256_file(source);
    fs::path object = path_of(entry.sha256);
    std::error_code error;
    // An existing object is checked, not trusted: adding the file again repairs a damaged one.
    if (fs::exists(object, error) && sha256_file(object) == entry.sha256) {
        entry.size = size_of(object);
        return entry;
    }
    create_directory_synced(directory_);
    create_directory_synced(object.parent_path());
    // The temporary is in the object's own directory, so the rename is atomic and an object
    // under its final name is always complete.
    fs::path temporary =
        object.parent_path() / (".tmp-" + entry.sha256 + "-" + unique_temporary_suffix());
    try {
        copy_file_synced(source, temporary);
        // The copy is what the store keeps, so its digest is the one that must match.
        if (sha256_file(temporary) != entry.sha256) {
            throw IoError("File '" + source.string() +
                          "' changed while it was being added; add it again once it is complete");
        }
        entry.size = size_of(temporary);
        // Another process may have stored the same content meanwhile; replacing it with
        // identical bytes is harmless.
        rename_synced(temporary, object);
    } catch (...) {
        fs::remove(temporary, error);
        throw;
    }
    return entry;
}

} // namespace nip::core::artifacts
