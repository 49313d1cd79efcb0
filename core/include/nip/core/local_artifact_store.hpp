// The default artifact store: versioned, typed collections of files on the local filesystem.
//
// Layout under the root:
//   objects/<first 2 hex>/<sha256>   file contents, stored once however often they are added
//   <name>/v<N>/manifest.json        one complete version (name, type, version, created, files)
//   <name>/.lock                     serialises writers of one artifact across processes
// A version becomes visible by renaming a finished temporary directory into place, so readers
// never see a half-written one. The name "objects" is reserved for the content directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nip/sdk/artifacts.hpp>

namespace nip::core {

class LocalArtifactStore final : public sdk::ArtifactStore {
public:
    // Creates `root` if it is missing.
    explicit LocalArtifactStore(std::filesystem::path root);

    sdk::ArtifactVersion add_files(const std::string& name, const std::string& type,
                                   const std::vector<std::filesystem::path>& files) override;
    // `version` is "v<N>" or "latest" (the highest complete version).
    sdk::ArtifactVersion describe(const std::string& name, const std::string& version) override;
    // Verifies every file's size and SHA-256 before any of them appears in `destination`.
    void fetch(const std::string& name, const std::string& version,
               const std::filesystem::path& destination) override;

    // The complete versions of `name`, ascending; empty if there is no such artifact.
    std::vector<std::int64_t> versions(const std::string& name) const;
    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path artifact_directory(const std::string& name) const;
    std::int64_t resolve_version(const std::string& name, const std::string& spec) const;
    sdk::ArtifactVersion read_version(const std::string& name, std::int64_t version) const;

    std::filesystem::path root_;
};

// Throws UsageError naming the value if `name` is not a valid artifact or file name:
// [A-Za-z0-9][A-Za-z0-9._-]{0,127}, so never empty, never a path, never hidden.
void validate_artifact_name(const std::string& name);

} // namespace nip::core
