// Content-addressed file contents: each distinct content is stored once, under its SHA-256.
#pragma once

#include <filesystem>
#include <string>

#include <nip/sdk/artifacts.hpp>

namespace nip::core::artifacts {

class ObjectStore {
public:
    explicit ObjectStore(std::filesystem::path directory);

    // Stores the file's content unless it is already there; returns its size and digest
    // (the entry's name is left to the caller). Safe to call from several processes at once.
    sdk::ArtifactFile put(const std::filesystem::path& source) const;
    // Where the content with this digest lives: <directory>/<first 2 hex>/<sha256>.
    std::filesystem::path path_of(const std::string& sha256) const;
    // Removes the temporaries of writers that were killed (their process is gone); returns
    // how many.
    std::size_t remove_dead_writers_temporaries() const;

private:
    std::filesystem::path directory_;
};

} // namespace nip::core::artifacts
