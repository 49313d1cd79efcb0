// Artifacts, implemented by the host: named, typed, versioned collections of files with a
// manifest. The local store is the default; a remote store (e.g. S3-compatible) can stand
// behind the same interface.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nip::sdk {

struct ArtifactFile {
    std::string name;
    std::uint64_t size = 0;
    std::string sha256;
};

struct ArtifactVersion {
    std::string name;
    std::string type;
    std::int64_t version = 0; // v0, v1, ...
    std::vector<ArtifactFile> files;
};

class ArtifactStore {
public:
    virtual ~ArtifactStore() = default;
    // Creates the artifact, or a new version holding the latest version's files plus
    // these (a file of the same name is replaced).
    virtual ArtifactVersion add_files(const std::string& name, const std::string& type,
                                      const std::vector<std::filesystem::path>& files) = 0;
    // `version` is "v<N>" or "latest". Throws if there is no such artifact or version.
    virtual ArtifactVersion describe(const std::string& name, const std::string& version) = 0;
    // Copies the version's files into `destination` after checking every digest; throws
    // naming the damaged file if one does not match its manifest.
    virtual void fetch(const std::string& name, const std::string& version,
                       const std::filesystem::path& destination) = 0;
};

} // namespace nip::sdk
