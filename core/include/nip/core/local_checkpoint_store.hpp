// The run's checkpoints on the local filesystem, crash-safe.
//
// Layout: <run dir>/checkpoints/iter-<000000123>/ holding metadata.json, state.json,
// hyper_params.json, tensors.pt and manifest.json (sizes and SHA-256 of the other four,
// written last). A checkpoint is complete when its manifest checks out; only complete
// checkpoints are ever loaded. Each is built in a temporary directory beside the others,
// every file fsynced, then renamed into place and the parent fsynced; older ones are
// pruned only after the new one is durable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nip/sdk/artifacts.hpp"
#include "nip/sdk/checkpoints.hpp"
#include "nip/sdk/log.hpp"

namespace nip::core {

// What the run's latest checkpoint says about itself, for the resume checks.
struct CheckpointInfo {
    std::filesystem::path directory;
    std::int64_t iteration = 0;
    sdk::Metadata metadata;
    std::string hyper_params_json;
};

class LocalCheckpointStore final : public sdk::CheckpointStore {
public:
    struct Options {
        std::size_t keep = 2; // complete checkpoints kept on disk
        // Called with the latest checkpoint before it is loaded; throws to refuse it.
        std::function<void(const CheckpointInfo&)> check_compatible;
        // Resume from the checkpoint of this iteration instead of the latest (--resume-from);
        // the later ones are moved aside into the run's directory, kept, never read again.
        std::optional<std::int64_t> resume_from;
    };

    // `hyper_params_json`: the run's document, saved verbatim with each checkpoint.
    // `artifacts` (may be null): where base runs come from, and where a run's state is
    // fetched from when no local checkpoint exists. Throws IoError if the checkpoints
    // directory holds a symbolic link that would make a save fail (one to nowhere, or a
    // loop), naming it.
    LocalCheckpointStore(std::filesystem::path run_dir, std::string run_id,
                         std::string hyper_params_json, sdk::ArtifactStore* artifacts,
                         sdk::Logger& logger, Options options);

    sdk::CheckpointPaths paths() const override;
    std::vector<std::filesystem::path> save(const sdk::State& state,
                                            const sdk::Metadata& metadata) override;
    // The latest checkpoint (or Options::resume_from's). A damaged one is refused with
    // CheckpointError naming the newest intact one and how to resume from it.
    std::optional<sdk::State> load_latest() override;
    sdk::State load_base_run(const std::string& base_run, const std::string& version) override;

    // The latest complete checkpoint's facts, without loading its tensors (nothing if the
    // run has none). Throws CheckpointError if it is damaged.
    std::optional<CheckpointInfo> latest_info() const;

    // The iteration of the checkpoint load_latest() returned, if it returned one.
    std::optional<std::int64_t> loaded_iteration() const { return loaded_iteration_; }

private:
    std::filesystem::path checkpoints_dir() const;
    std::optional<std::filesystem::path> latest_complete_dir() const;
    bool fetch_from_artifacts();
    void catch_up_state_artifact(const std::filesystem::path& checkpoint);
    std::filesystem::path chosen_checkpoint();
    [[noreturn]] void refuse_damaged(const std::filesystem::path& damaged,
                                     const std::string& problem) const;

    std::filesystem::path run_dir_;
    std::string run_id_;
    std::string hyper_params_json_;
    sdk::ArtifactStore* artifacts_;
    sdk::Logger& logger_;
    Options options_;
    std::optional<std::int64_t> loaded_iteration_;
};

// Reads a checkpoint directory, checking every file against its manifest first. Throws
// CheckpointError naming the file and what is wrong. `where` names it in messages.
sdk::State read_checkpoint_dir(const std::filesystem::path& directory, const std::string& where);
CheckpointInfo read_checkpoint_info(const std::filesystem::path& directory,
                                    const std::string& where);

} // namespace nip::core
