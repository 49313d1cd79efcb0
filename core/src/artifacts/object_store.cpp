#include "object_store.hpp"

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
