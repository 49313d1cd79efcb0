// The manifest of one artifact version: JSON with keys in a fixed order, so equal versions
// serialise to equal text and diffs between versions stay readable.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nip/sdk/artifacts.hpp>

namespace nip::core::artifacts {

// {"name", "type", "version", "created", "files": [{"name", "size", "sha256"}]}
std::string manifest_to_json(const sdk::ArtifactVersion& version, const std::string& created);

// Parses and checks a manifest read from `path`. Everything that later becomes a path (file
// names, digests) is validated, so a tampered manifest cannot point fetch outside its target.
// Throws IoError saying the store is damaged.
sdk::ArtifactVersion manifest_from_json(std::string_view text, const std::filesystem::path& path);

bool is_sha256_hex(std::string_view text);

} // namespace nip::core::artifacts
