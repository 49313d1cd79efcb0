// Checkpoints, implemented by the host: durable, verified, versioned per run.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "nip/sdk/state.hpp"

namespace nip::sdk {

// The seed's `_get_metadata()`, saved beside every checkpoint.
struct Metadata {
    std::string package_name;
    std::string package_version;
    std::string git_revision;
    std::string plugin_name;
    std::string plugin_version;
};

// Where the run's latest checkpoint lives (the seed's checkpoint_*_path properties).
struct CheckpointPaths {
    std::filesystem::path base_dir; // the run's checkpoint root: <runs>/<run id>/
    std::filesystem::path metadata; // ... of the latest complete checkpoint
    std::filesystem::path state;
    std::filesystem::path hyper_params;
    std::filesystem::path tensors;
};

class CheckpointStore {
public:
    virtual ~CheckpointStore() = default;
    virtual CheckpointPaths paths() const = 0;
    // Durably writes a complete checkpoint of `state` (with the run's metadata and
    // hyper-parameters) and returns the files written. Never harms the previous one.
    virtual std::vector<std::filesystem::path> save(const State& state,
                                                    const Metadata& metadata) = 0;
    // The run's latest complete checkpoint, or nothing if the run has none. Throws if
    // the latest one is damaged or incompatible (and the user did not force).
    virtual std::optional<State> load_latest() = 0;
    // A checkpoint of another run, from its state artifact at `version` ("v3", "latest").
    virtual State load_base_run(const std::string& base_run, const std::string& version) = 0;
};

} // namespace nip::sdk
