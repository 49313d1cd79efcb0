#include "nip/core/local_artifact_store.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <system_error>

#include "directories.hpp"
#include "manifest.hpp"
#include "names.hpp"
#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/sha256.hpp"
#include "nip/core/time_text.hpp"
#include "object_store.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace {

// Artifact directories sit beside the content directory, so its name cannot be an artifact.
constexpr const char* objects_directory_name = "objects";
constexpr const char* manifest_file_name = "manifest.json";
constexpr const char* lock_file_name = ".lock";
constexpr std::string_view temporary_prefix = ".tmp-";

void validate_artifact(const std::string& name) {
    artifacts::validate_name(name, "artifact name");
    if (name == objects_directory_name) {
        throw UsageError("Artifact name 'objects' is reserved for the store's file contents; "
                         "choose another name");
    }
}

std::string join_versions(const std::vector<std::int64_t>& versions) {
    std::string text;
    for (std::int64_t version : versions) {
        text += (text.empty() ? "" : ", ") + artifacts::version_name(version);
    }
    return text;
}

void require_type(const sdk::ArtifactVersion& latest, const std::string& type) {
    if (latest.type != type) {
        throw UsageError("Artifact '" + latest.name + "' has type '" + latest.type + "', not '" +
                         type + "'; add with type '" + latest.type +
                         "' or use another artifact name");
    }
}

// Checks the files before anything is stored, so a bad call leaves no trace in the store.
void validate_sources(const std::string& artifact, const std::vector<fs::path>& files) {
    if (files.empty()) {
        throw UsageError("No files given to add to artifact '" + artifact +
                         "'; name at least one file");
    }
    std::set<std::string> names;
    for (const fs::path& file : files) {
        std::error_code error;
        if (!fs::is_regular_file(file, error)) {
            throw UsageError("Cannot add '" + file.string() + "' to artifact '" + artifact +
                             "': it is not an existing regular file");
        }
        std::string name = file.filename().string();
        artifacts::validate_name(name, "file name");
        // Two sources of one name would make the result depend on their order.
        if (!names.insert(name).second) {
            throw UsageError("Two files named '" + name + "' given to add to artifact '" +
                             artifact + "'; rename one of them");
        }
    }
}

// Keeps the previous version's files, replacing those of the same name; sorted by name so a
// manifest does not depend on the order files were added in.
std::vector<sdk::ArtifactFile> merge_files(std::vector<sdk::ArtifactFile> files,
                                           const std::vector<sdk::ArtifactFile>& added) {
    for (const sdk::ArtifactFile& file : added) {
        auto same_name = [&](const sdk::ArtifactFile& old) { return old.name == file.name; };
        std::erase_if(files, same_name);
        files.push_back(file);
    }
    std::sort(files.begin(), files.end(),
              [](const auto& left, const auto& right) { return left.name < right.name; });
    return files;
}

// Called with the artifact's lock held, so any temporary directory is a dead writer's.
void remove_stale_temporaries(const fs::path& directory) {
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
        if (entry.path().filename().string().starts_with(temporary_prefix)) {
            fs::remove_all(entry.path(), error);
        }
    }
}

[[noreturn]] void damaged_file(const fs::path& root, const sdk::ArtifactVersion& version,
                               const sdk::ArtifactFile& file, const std::string& problem) {
    throw DamagedStoreError(
        "Artifact store '" + root.string() + "' is damaged: file '" + file.name +
        "' of artifact '" + version.name + "' " + artifacts::version_name(version.version) + " " +
        problem + "; nothing was fetched (add the file again or restore the store from a backup)");
}

} // namespace

LocalArtifactStore::LocalArtifactStore(fs::path root) : root_(fs::absolute(std::move(root))) {
    std::error_code error;
    fs::create_directories(root_, error);
    if (error || !fs::is_directory(root_)) {
        throw IoError("Cannot create the artifact store directory '" + root_.string() +
                      "': " + (error ? error.message() : "a file is in the way"));
    }
    // What a killed upload left behind is cleared when the store is next opened.
    artifacts::ObjectStore(root_ / objects_directory_name).remove_dead_writers_temporaries();
}

sdk::ArtifactVersion LocalArtifactStore::add_files(const std::string& name, const std::string& type,
                                                   const std::vector<fs::path>& files) {
    validate_artifact(name);
    artifacts::validate_name(type, "artifact type");
    validate_sources(name, files);
    std::vector<std::int64_t> existing = versions(name);
    if (!existing.empty()) {
        // Checked early so a wrong type stores nothing; checked again under the lock below.
        require_type(read_version(name, existing.back()), type);
    }

    // Contents go in before the lock is taken: they are content-addressed, so writers cannot
    // conflict there, and the lock is held only while the manifest is written.
    artifacts::ObjectStore objects(root_ / objects_directory_name);
    std::vector<sdk::ArtifactFile> added;
    for (const fs::path& file : files) {
        sdk::ArtifactFile entry = objects.put(file);
        entry.name = file.filename().string();
        added.push_back(std::move(entry));
    }

    fs::path directory = artifact_directory(name);
    artifacts::create_directory_synced(directory);
    FileLock lock(directory / lock_file_name);
    remove_stale_temporaries(directory);
    existing = versions(name);
    sdk::ArtifactVersion next{name, type, 0, {}};
    if (!existing.empty()) {
        sdk::ArtifactVersion latest = read_version(name, existing.back());
        require_type(latest, type);
        next.version = latest.version + 1;
        next.files = std::move(latest.files);
    }
    next.files = merge_files(std::move(next.files), added);

    std::string version_directory = artifacts::version_name(next.version);
    fs::path staging = directory / (std::string(temporary_prefix) + version_directory + "-" +
                                    artifacts::unique_temporary_suffix());
    try {
        artifacts::create_directory_synced(staging);
        write_file_synced(staging / manifest_file_name,
                          artifacts::manifest_to_json(next, utc_now_iso()));
        fsync_path(staging);
        // The one step that makes the version visible: readers see all of it or nothing.
        rename_synced(staging, directory / version_directory);
    } catch (...) {
        std::error_code error;
        fs::remove_all(staging, error);
        throw;
    }
    return next;
}

sdk::ArtifactVersion LocalArtifactStore::describe(const std::string& name,
                                                  const std::string& version) {
    validate_artifact(name);
    return read_version(name, resolve_version(name, version));
}

void LocalArtifactStore::fetch(const std::string& name, const std::string& version,
                               const fs::path& destination) {
    sdk::ArtifactVersion described = describe(name, version);
    std::error_code error;
    fs::create_directories(destination, error);
    if (error || !fs::is_directory(destination)) {
        throw IoError("Cannot create the fetch destination '" + destination.string() +
                      "': " + (error ? error.message() : "a file is in the way"));
    }
    artifacts::ObjectStore objects(root_ / objects_directory_name);
    // Every file is copied and checked under a temporary name first, so a damaged store
    // leaves the destination as it was.
    std::vector<std::pair<fs::path, fs::path>> staged;
    try {
        for (const sdk::ArtifactFile& file : described.files) {
            fs::path object = objects.path_of(file.sha256);
            std::uint64_t size = fs::file_size(object, error);
            if (error) {
                damaged_file(root_, described, file,
                             "has no readable content object '" + object.string() + "'");
            }
            if (size != file.size) {
                damaged_file(root_, described, file,
                             "has " + std::to_string(size) + " bytes where its manifest says " +
                                 std::to_string(file.size));
            }
            fs::path temporary = destination / (std::string(temporary_prefix) + file.name + "-" +
                                                artifacts::unique_temporary_suffix());
            staged.emplace_back(temporary, destination / file.name);
            copy_file_synced(object, temporary);
            if (sha256_file(temporary) != file.sha256) {
                damaged_file(root_, described, file, "does not match its manifest's SHA-256");
            }
        }
        for (const auto& [temporary, target] : staged) {
            rename_synced(temporary, target);
        }
    } catch (...) {
        for (const auto& [temporary, target] : staged) {
            fs::remove(temporary, error);
        }
        throw;
    }
}

std::vector<std::int64_t> LocalArtifactStore::versions(const std::string& name) const {
    validate_artifact(name);
    std::vector<std::int64_t> found;
    std::error_code error;
    // Only renamed-into-place directories count; temporaries (".tmp-...") never parse.
    for (const fs::directory_entry& entry :
         fs::directory_iterator(artifact_directory(name), error)) {
        auto version = artifacts::parse_version_name(entry.path().filename().string());
        if (version && fs::is_regular_file(entry.path() / manifest_file_name, error)) {
            found.push_back(*version);
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

fs::path LocalArtifactStore::artifact_directory(const std::string& name) const {
    return root_ / name;
}

std::int64_t LocalArtifactStore::resolve_version(const std::string& name,
                                                 const std::string& spec) const {
    std::optional<std::int64_t> wanted = artifacts::parse_version_spec(spec, name);
    std::vector<std::int64_t> existing = versions(name);
    if (existing.empty()) {
        std::string known;
        std::error_code error;
        for (const fs::directory_entry& entry : fs::directory_iterator(root_, error)) {
            std::string candidate = entry.path().filename().string();
            if (candidate != objects_directory_name && artifacts::is_valid_name(candidate) &&
                !versions(candidate).empty()) {
                known += (known.empty() ? "" : ", ") + candidate;
            }
        }
        throw UsageError("No artifact '" + name + "' in store '" + root_.string() + "' (" +
                         (known.empty() ? "it has none yet" : "it has: " + known) + ")");
    }
    if (!wanted) {
        return existing.back();
    }
    if (!std::binary_search(existing.begin(), existing.end(), *wanted)) {
        throw UsageError("Artifact '" + name + "' has no version " + spec + "; its versions are " +
                         join_versions(existing) + " (or use 'latest')");
    }
    return *wanted;
}

sdk::ArtifactVersion LocalArtifactStore::read_version(const std::string& name,
                                                      std::int64_t version) const {
    fs::path path =
        artifact_directory(name) / artifacts::version_name(version) / manifest_file_name;
    sdk::ArtifactVersion described = artifacts::manifest_from_json(read_file(path), path);
    if (described.name != name || described.version != version) {
        throw DamagedStoreError("Artifact store is damaged: manifest '" + path.string() +
                                "' describes '" + described.name + "' " +
                                artifacts::version_name(described.version) +
                                "; restore it from a backup or remove that version's directory");
    }
    return described;
}

} // namespace nip::core
