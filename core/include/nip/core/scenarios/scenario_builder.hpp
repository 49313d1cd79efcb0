// Builds the scenario instance a trainer is constructed with, by name, from the
// hyper-parameters: the protocol, the dataset splits (generated once, then cached), the
// agents' parts and, on demand, batched environments.
#pragma once

#include <filesystem>
#include <memory>

#include <torch/types.h>

#include "nip/sdk/abi.hpp"
#include "nip/sdk/hyper_params.hpp"
#include "nip/sdk/log.hpp"
#include "nip/sdk/scenario.hpp"

namespace nip::core {

struct ScenarioOptions {
    std::filesystem::path dataset_cache_dir; // datasets are generated once and kept here
    torch::Device device = torch::kCPU;      // where agents and environments live
};

// `trainer_type` says which agent parts to build (nip_trainer_type). Throws UsageError
// for an unknown scenario or protocol, IoError when the dataset cache cannot be written.
std::unique_ptr<sdk::ScenarioInstance> build_scenario(const sdk::HyperParams& params,
                                                      std::int32_t trainer_type,
                                                      const ScenarioOptions& options,
                                                      sdk::Logger& logger);

// The checks build_scenario makes of the hyper-parameters before it generates anything
// (the scenario and protocol exist, the protocol can play the rounds asked for, every
// agent the protocol names has valid settings), so that a run can refuse bad settings
// before its directory exists. Throws UsageError naming the key.
void check_scenario_params(const sdk::HyperParams& params);

} // namespace nip::core
