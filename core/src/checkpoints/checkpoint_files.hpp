// The files of one checkpoint directory and their manifest.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "nip/sdk/checkpoints.hpp"

namespace nip::core::checkpoint_files {

inline constexpr const char* metadata = "metadata.json";
inline constexpr const char* state = "state.json";
inline constexpr const char* hyper_params = "hyper_params.json";
inline constexpr const char* tensors = "tensors.pt";
inline constexpr const char* manifest = "manifest.json";

std::string directory_name(std::int64_t iteration); // iter-000000123
bool is_checkpoint_name(const std::string& name);

boost::json::object metadata_to_json(const sdk::Metadata& metadata);
sdk::Metadata metadata_from_json(const boost::json::object& object);

// Writes the files (name -> bytes) and then the manifest, each fsynced.
void write_with_manifest(const std::filesystem::path& directory, std::int64_t iteration,
                         const std::map<std::string, std::string>& files);
// Reads every file the manifest lists and checks its size and digest; returns name -> bytes.
std::map<std::string, std::string> read_verified(const std::filesystem::path& directory,
                                                 const std::string& where);

} // namespace nip::core::checkpoint_files
