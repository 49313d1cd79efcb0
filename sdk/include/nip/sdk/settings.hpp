// The experiment settings: how a run is carried out, not what it computes (they are not
// part of reproducibility, unlike the hyper-parameters), and the host's services.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <torch/types.h>

#include "nip/sdk/artifacts.hpp"
#include "nip/sdk/checkpoints.hpp"
#include "nip/sdk/log.hpp"
#include "nip/sdk/progress.hpp"

namespace nip::sdk {

struct Settings {
    std::string run_id;
    torch::Device device = torch::kCPU;
    std::int64_t checkpoint_period = 1000;     // iterations between checkpoints
    std::int64_t rollout_sample_period = 1000; // iterations between rollout samples
    std::int64_t num_rollout_samples = 10;
    bool do_not_load_checkpoint = false;
    // No checkpoint load or save; tiny loops (one batch, one minibatch, then stop).
    bool test_run = false;
    std::optional<std::string> base_run; // another run to start from
    std::string base_run_version = "latest";
    Metadata metadata; // the host package's; the plugin's own fields are filled in later

    // The host's services; never null.
    Logger* logger = nullptr;
    MetricsSink* metrics = nullptr;
    Progress* progress = nullptr;
    CheckpointStore* checkpoints = nullptr;
    ArtifactStore* artifacts = nullptr;
};

class HyperParams;
class ScenarioInstance;

// What the host hands a plugin's factory.
struct TrainerArgs {
    const HyperParams* hyper_params;
    ScenarioInstance* scenario;
    const Settings* settings;
};

} // namespace nip::sdk
